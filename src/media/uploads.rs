//! Uploads go straight from the client to storage. Creating a video answers with upload
//! instructions (one presigned PUT, or presigned parts above the multipart threshold);
//! `upload-complete` checks the object (there, declared size, a video type) and starts
//! transcoding; `retry` starts a failed video again.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::storage::{CompletedPart, ObjectStore, SignedRequest, StorageError};
use super::{Media, Origin};
use crate::config::StorageSettings;
use crate::db::models::Video;
use crate::db::schema::videos;
use crate::db::{self, Db};
use crate::domain::VideoStatus;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::with_conn;

/// How to upload the file: `method` is `PUT` (send the whole file to `url` with `headers`)
/// or `MULTIPART` (send each `part_size` slice to its part URL, keep each answer's `ETag`,
/// then list them in `upload-complete`).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UploadInstructions {
    pub method: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default)]
    pub headers: std::collections::BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parts: Option<Vec<PartUrl>>,
    /// `POST` here (with the parts, for multipart) once the upload is done.
    pub complete_url: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PartUrl {
    pub part_number: i32,
    pub url: String,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct CompleteUpload {
    /// Multipart uploads: every part, in order, with its `ETag`.
    #[serde(default)]
    pub parts: Option<Vec<CompletedPart>>,
}

/// Refuses what can never be uploaded: not a video, or too large.
pub fn check_declared(settings: &StorageSettings, content_type: &str, size: u64) -> ApiResult<()> {
    if !is_video(content_type) {
        return Err(not_a_video(content_type));
    }
    if size > settings.max_upload_bytes {
        return Err(ApiError::new(
            ErrorCode::UploadTooLarge,
            format!(
                "videos may be at most {} bytes; this one is {size}",
                settings.max_upload_bytes
            ),
        ));
    }
    Ok(())
}

fn is_video(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .map(|essence| essence.trim().to_ascii_lowercase())
        .is_some_and(|essence| essence.starts_with("video/") && essence.len() > "video/".len())
}

fn not_a_video(content_type: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NotAVideo,
        format!("expected a video/… content type, got \"{content_type}\""),
    )
}

/// Fresh upload instructions for a video awaiting its upload. Above the multipart threshold
/// this starts a multipart upload (and aborts the one before, if any).
pub async fn instructions(
    db: &Db,
    uploads: &dyn ObjectStore,
    settings: &StorageSettings,
    video: &Video,
    origin: &Origin,
) -> ApiResult<UploadInstructions> {
    let (Some(content_type), Some(size), Some(key)) =
        (&video.content_type, video.size_bytes, &video.source_key)
    else {
        return Err(ApiError::new(
            ErrorCode::NotUploadable,
            "this video is not uploaded by a client",
        ));
    };
    let size = size as u64;
    let ttl = settings.upload_url_ttl;
    let complete_url = origin.absolute(format!("/api/videos/{}/upload-complete", video.id));
    let expires_at = chrono::Utc::now() + ttl;
    // After this the upload counts as abandoned (see `sweeper`).
    with_conn!(db, |conn| diesel::update(videos::table.find(&video.id))
        .set(videos::upload_expires_at.eq(expires_at.naive_utc()))
        .execute(conn)
        .await)?;
    if size <= settings.multipart_threshold_bytes {
        let SignedRequest {
            method,
            url,
            headers,
        } = uploads.presign_put(key, content_type, size, ttl).await?;
        return Ok(UploadInstructions {
            method,
            url: Some(origin.absolute(url)),
            headers,
            part_size: None,
            parts: None,
            complete_url,
            expires_at,
        });
    }
    if let Some(previous) = &video.upload_id {
        let _ = uploads.abort_multipart(key, previous).await;
    }
    let upload_id = uploads.start_multipart(key, content_type).await?;
    with_conn!(db, |conn| diesel::update(videos::table.find(&video.id))
        .set(videos::upload_id.eq(&upload_id))
        .execute(conn)
        .await)?;
    let part_size = settings.multipart_part_bytes;
    let count = size.div_ceil(part_size) as i32;
    let mut parts = Vec::with_capacity(count as usize);
    for part_number in 1..=count {
        // Every part is `part_size` bytes but the last, which holds the rest.
        let before = u64::try_from(part_number - 1).unwrap_or(0) * part_size;
        let part_bytes = part_size.min(size - before);
        let url = uploads
            .presign_part(key, &upload_id, part_number, part_bytes, ttl)
            .await?;
        parts.push(PartUrl {
            part_number,
            url: origin.absolute(url),
        });
    }
    Ok(UploadInstructions {
        method: "MULTIPART".into(),
        url: None,
        headers: Default::default(),
        part_size: Some(part_size),
        parts: Some(parts),
        complete_url,
        expires_at,
    })
}

pub fn already_uploaded() -> ApiError {
    ApiError::new(
        ErrorCode::AlreadyUploaded,
        "this video's upload is already complete",
    )
}

impl Media {
    /// Checks the uploaded object (there, the declared size, a video type) and starts
    /// transcoding. Multipart uploads are completed first with the client's `parts`.
    pub async fn complete_upload(
        &self,
        video: Video,
        parts: Option<Vec<CompletedPart>>,
    ) -> ApiResult<Video> {
        if video.status != VideoStatus::AwaitingUpload.as_str() {
            return Err(already_uploaded());
        }
        let (Some(key), Some(declared)) = (&video.source_key, video.size_bytes) else {
            return Err(ApiError::new(
                ErrorCode::NotUploadable,
                "this video is not uploaded by a client",
            ));
        };
        let uploads = &self.stores.uploads;
        if let Some(upload_id) = &video.upload_id {
            let parts = parts
                .filter(|parts| !parts.is_empty())
                .ok_or_else(|| ApiError::field("parts", "a multipart upload lists its parts"))?;
            match uploads.complete_multipart(key, upload_id, &parts).await {
                Ok(()) => {}
                // A concurrent call completed it first; the object check below decides.
                Err(StorageError::UploadNotFound) => {}
                Err(error) => return Err(error.into()),
            }
        }
        let Some(object) = uploads.head(key).await? else {
            return Err(ApiError::new(
                ErrorCode::UploadMissing,
                "nothing has been uploaded for this video yet",
            ));
        };
        if object.size != declared as u64 {
            // Nothing half-right stays behind: the next attempt starts clean.
            let _ = uploads.delete(key).await;
            return Err(ApiError::new(
                ErrorCode::SizeMismatch,
                format!(
                    "the upload has {} bytes but {declared} were declared; upload again",
                    object.size
                ),
            ));
        }
        let content_type = object.content_type.unwrap_or_default();
        if !is_video(&content_type) {
            let _ = uploads.delete(key).await;
            return Err(not_a_video(&content_type));
        }
        let now = db::now();
        let moved = with_conn!(self.db, |conn| diesel::update(
            videos::table
                .filter(videos::id.eq(&video.id))
                .filter(videos::status.eq_any(VideoStatus::Uploaded.comes_from_str()))
        )
        .set((
            videos::status.eq(VideoStatus::Uploaded.as_str()),
            videos::upload_id.eq(None::<String>),
            videos::updated_at.eq(now),
        ))
        .returning(Video::as_returning())
        .get_result(conn)
        .await
        .optional())?;
        let Some(video) = moved else {
            return Err(already_uploaded());
        };
        self.publish_status(&video, VideoStatus::Uploaded, 0, None)
            .await;
        self.start_transcoding(&video).await?;
        crate::library::videos::find_video(&self.db, &video.id).await
    }

    /// Transcodes a failed video again, when its original upload is still there.
    pub async fn retry(&self, video: Video) -> ApiResult<Video> {
        if video.status != VideoStatus::Failed.as_str() {
            return Err(ApiError::new(
                ErrorCode::NotFailed,
                "only a failed video can be retried",
            ));
        }
        let key = video.source_key.as_deref().unwrap_or_default();
        if self.stores.uploads.head(key).await?.is_none() {
            return Err(ApiError::new(
                ErrorCode::UploadMissing,
                "the original upload is gone; upload the video again",
            ));
        }
        self.start_transcoding(&video).await?;
        crate::library::videos::find_video(&self.db, &video.id).await
    }
}
