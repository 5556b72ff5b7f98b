//! Uploads go straight from the client to storage. Creating a video answers with upload
//! instructions (one presigned PUT, or presigned parts above the multipart threshold);
//! `upload-complete` checks the object (there, declared size, a video type) and starts
//! transcoding; `retry` starts a failed video again.

use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::absolute;
use super::storage::{CompletedPart, SignedRequest};
use crate::auth::AuthUser;
use crate::config::StorageSettings;
use crate::db::models::Video;
use crate::db::schema::videos;
use crate::db::{self};
use crate::error::{ApiError, ApiResult, ErrorBody, ErrorCode};
use crate::library::videos::host_or_uploader;
use crate::library::{VideoStatus, VideoView};
use crate::state::AppState;
use crate::with_conn;

/// Where a video's raw upload lives in the uploads bucket.
pub fn source_key(video_id: &str) -> String {
    format!("{}source", super::transcode::media_prefix(video_id))
}

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
    request: &HttpRequest,
    state: &AppState,
    video: &Video,
) -> ApiResult<UploadInstructions> {
    let settings = &state.settings.storage;
    let (Some(content_type), Some(size), Some(key)) =
        (&video.content_type, video.size_bytes, &video.source_key)
    else {
        return Err(ApiError::new(
            ErrorCode::NotUploadable,
            "this video is not uploaded by a client",
        ));
    };
    let size = size as u64;
    let ttl = Duration::from_secs(settings.upload_url_ttl_secs);
    let uploads = &state.media.stores.uploads;
    let complete_url = absolute(request, format!("/api/videos/{}/upload-complete", video.id));
    let expires_at = chrono::Utc::now() + ttl;
    // After this the upload counts as abandoned (see `sweeper`).
    with_conn!(state.db, |conn| diesel::update(
        videos::table.find(&video.id)
    )
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
            url: Some(absolute(request, url)),
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
    with_conn!(state.db, |conn| diesel::update(
        videos::table.find(&video.id)
    )
    .set(videos::upload_id.eq(&upload_id))
    .execute(conn)
    .await)?;
    let part_size = settings.multipart_part_bytes;
    let count = size.div_ceil(part_size) as i32;
    let mut parts = Vec::with_capacity(count as usize);
    for part_number in 1..=count {
        let url = uploads
            .presign_part(key, &upload_id, part_number, ttl)
            .await?;
        parts.push(PartUrl {
            part_number,
            url: absolute(request, url),
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

/// New upload instructions for a video still awaiting its upload (the first ones expired,
/// or the upload went wrong).
#[utoipa::path(post, path = "/api/videos/{id}/upload", tag = "videos", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = UploadInstructions), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn renew(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<UploadInstructions>> {
    let video = host_or_uploader(&state.db, &id, &user.id).await?;
    if video.status != VideoStatus::AwaitingUpload.as_str() {
        return Err(already_uploaded());
    }
    Ok(web::Json(instructions(&request, &state, &video).await?))
}

fn already_uploaded() -> ApiError {
    ApiError::new(
        ErrorCode::AlreadyUploaded,
        "this video's upload is already complete",
    )
}

/// Checks the uploaded object and starts transcoding.
#[utoipa::path(post, path = "/api/videos/{id}/upload-complete", tag = "videos",
    security(("bearer" = [])), params(("id" = String, Path)), request_body = CompleteUpload,
    responses((status = 202, body = VideoView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn complete(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: Option<web::Json<CompleteUpload>>,
) -> ApiResult<HttpResponse> {
    let video = host_or_uploader(&state.db, &id, &user.id).await?;
    if video.status != VideoStatus::AwaitingUpload.as_str() {
        return Err(already_uploaded());
    }
    let (Some(key), Some(declared)) = (&video.source_key, video.size_bytes) else {
        return Err(ApiError::new(
            ErrorCode::NotUploadable,
            "this video is not uploaded by a client",
        ));
    };
    let uploads = &state.media.stores.uploads;
    if let Some(upload_id) = &video.upload_id {
        let parts = body
            .and_then(|body| body.into_inner().parts)
            .filter(|parts| !parts.is_empty())
            .ok_or_else(|| ApiError::field("parts", "a multipart upload lists its parts"))?;
        match uploads.complete_multipart(key, upload_id, &parts).await {
            Ok(()) => {}
            // A concurrent call completed it first; the object check below decides.
            Err(error) if error.code() == ErrorCode::UploadNotFound => {}
            Err(error) => return Err(error),
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
    let moved = with_conn!(state.db, |conn| diesel::update(
        videos::table
            .filter(videos::id.eq(&video.id))
            .filter(videos::status.eq(VideoStatus::AwaitingUpload.as_str()))
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
    state
        .media
        .publish_status(&video, VideoStatus::Uploaded, 0, None)
        .await;
    state.media.start_transcoding(&video).await?;
    let video = crate::library::videos::find_video(&state.db, &video.id).await?;
    Ok(HttpResponse::Accepted().json(VideoView::from(video)))
}

/// Transcodes a failed video again (the host or the uploader).
#[utoipa::path(post, path = "/api/videos/{id}/retry", tag = "videos", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 202, body = VideoView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn retry(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let video = host_or_uploader(&state.db, &id, &user.id).await?;
    if video.status != VideoStatus::Failed.as_str() {
        return Err(ApiError::new(
            ErrorCode::NotFailed,
            "only a failed video can be retried",
        ));
    }
    let key = video.source_key.as_deref().unwrap_or_default();
    if state.media.stores.uploads.head(key).await?.is_none() {
        return Err(ApiError::new(
            ErrorCode::UploadMissing,
            "the original upload is gone; upload the video again",
        ));
    }
    state.media.start_transcoding(&video).await?;
    let video = crate::library::videos::find_video(&state.db, &video.id).await?;
    Ok(HttpResponse::Accepted().json(VideoView::from(video)))
}
