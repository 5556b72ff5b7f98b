//! The import job, the same for every provider: ask the provider where the recording
//! downloads from, stream it into a temporary file (never whole in memory) with progress
//! events, store it as the video's upload, then transcode. A failure fails the video with the
//! reason. Cancelling (see [`cancel`]) moves the video out of `awaiting_upload`; the job sees
//! that at its next progress tick, on whichever instance it runs, and stops.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;

use crate::db::models::Video;
use crate::db::schema::videos;
use crate::db::{self};
use crate::domain::VideoStatus;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::events::LibraryEvent;
use crate::media::Media;
use crate::with_conn;

use super::ProviderKind;

/// Progress is published at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(500);

/// Where an import may write and how much: the directory of its temporary file, and the
/// largest recording it copies.
pub struct ImportLimits {
    pub temp_dir: PathBuf,
    pub max_bytes: u64,
}

/// What one import copies: whose recording, from which provider, into which video.
pub struct ImportJob {
    pub kind: ProviderKind,
    pub video: Video,
    pub user_id: String,
    pub recording_id: String,
}

/// Why a copy stopped early.
enum Stop {
    Failed(ApiError),
    /// The video left `awaiting_upload` (cancelled or deleted) while copying.
    Cancelled,
}

impl From<ApiError> for Stop {
    fn from(error: ApiError) -> Self {
        Stop::Failed(error)
    }
}

pub async fn run(media: Arc<Media>, limits: ImportLimits, job: ImportJob) {
    let video = &job.video;
    let label = job.kind.label();
    let temp = limits.temp_dir.join(db::new_id());
    let outcome = copy(&media, &job, &temp, limits.max_bytes).await;
    let _ = tokio::fs::remove_file(&temp).await;
    let result = match outcome {
        Ok((size, content_type)) => uploaded(&media, video, size, &content_type).await,
        Err(Stop::Cancelled) => {
            tracing::info!(video_id = %video.id, provider = job.kind.as_str(), "import cancelled");
            Ok(())
        }
        Err(Stop::Failed(error)) => {
            tracing::warn!(video_id = %video.id, provider = job.kind.as_str(), ?error, "import failed");
            failed(
                &media,
                video,
                &format!("the {label} import failed: {error}"),
            )
            .await
        }
    };
    if let Err(error) = result {
        tracing::error!(video_id = %video.id, ?error, "could not record an import's end");
    }
}

/// Streams the recording into storage; the answer is its size and content type.
async fn copy(
    media: &Media,
    job: &ImportJob,
    temp: &std::path::Path,
    limit: u64,
) -> Result<(u64, String), Stop> {
    let video = &job.video;
    let kind = job.kind;
    let integration = media
        .integrations
        .get(kind)
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("{} is not configured", kind.label())))?;
    let (download, token) = integration
        .download(&media.db, &job.user_id, &job.recording_id)
        .await?;
    let mut request = integration.http.get(&download.url);
    if download.bearer {
        use secrecy::ExposeSecret;
        request = request.bearer_auth(token.expose_secret());
    }
    let response = request
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|error| kind.unavailable(error))?;
    let content_type = download.content_type;
    let total = response.content_length();
    if total.is_some_and(|total| total > limit) {
        return Err(too_large(limit).into());
    }
    if let Some(dir) = temp.parent() {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(ApiError::internal)?;
    }
    let mut file = tokio::fs::File::create(temp)
        .await
        .map_err(ApiError::internal)?;
    let mut body = response.bytes_stream();
    let mut received = 0u64;
    let mut last_sent = Instant::now();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|error| kind.unavailable(error))?;
        received += chunk.len() as u64;
        if received > limit {
            return Err(too_large(limit).into());
        }
        file.write_all(&chunk).await.map_err(ApiError::internal)?;
        if last_sent.elapsed() >= PROGRESS_EVERY {
            last_sent = Instant::now();
            if !still_importing(media, video).await? {
                return Err(Stop::Cancelled);
            }
            progress(media, video, received, total).await;
        }
    }
    file.flush().await.map_err(ApiError::internal)?;
    drop(file);
    progress(media, video, received, total).await;
    let key = video.source_key.as_deref().unwrap_or_default();
    media
        .stores
        .uploads
        .put_file(key, temp, &content_type)
        .await
        .map_err(ApiError::from)?;
    Ok((received, content_type))
}

fn too_large(limit: u64) -> ApiError {
    ApiError::new(
        ErrorCode::RecordingTooLarge,
        format!("the recording is larger than {limit} bytes"),
    )
}

/// Whether the video still waits for this import (not cancelled, not deleted).
async fn still_importing(media: &Media, video: &Video) -> ApiResult<bool> {
    let status: Option<String> = with_conn!(media.db, |conn| videos::table
        .filter(videos::id.eq(&video.id))
        .select(videos::status)
        .first(conn)
        .await
        .optional())?;
    Ok(status.as_deref() == Some(VideoStatus::AwaitingUpload.as_str()))
}

/// Cancels an import: an imported video still copying (`awaiting_upload`, no upload
/// instructions) fails with the reason "cancelled"; the job stops at its next progress tick.
/// False when the video is not an import in progress.
pub async fn cancel(media: &Media, video: &Video) -> ApiResult<bool> {
    const REASON: &str = "the import was cancelled";
    let moved = with_conn!(media.db, |conn| diesel::update(
        videos::table
            .filter(videos::id.eq(&video.id))
            .filter(videos::status.eq(VideoStatus::AwaitingUpload.as_str()))
            .filter(videos::upload_expires_at.is_null())
            .filter(videos::upload_id.is_null())
    )
    .set((
        videos::status.eq(VideoStatus::Failed.as_str()),
        videos::status_reason.eq(REASON),
        videos::updated_at.eq(db::now()),
    ))
    .execute(conn)
    .await)?;
    if moved > 0 {
        media
            .publish_status(video, VideoStatus::Failed, 0, Some(REASON.to_owned()))
            .await;
    }
    Ok(moved > 0)
}

async fn progress(media: &Media, video: &Video, received: u64, total: Option<u64>) {
    media
        .events
        .publish(LibraryEvent::ImportProgress {
            space_id: video.space_id.clone(),
            video_id: video.id.clone(),
            received_bytes: received,
            total_bytes: total,
        })
        .await;
}

/// The copy is in storage: the video is uploaded, and transcoding starts. A video deleted
/// meanwhile is left alone (and its copy removed).
async fn uploaded(media: &Media, video: &Video, size: u64, content_type: &str) -> ApiResult<()> {
    let moved = with_conn!(media.db, |conn| diesel::update(
        videos::table
            .filter(videos::id.eq(&video.id))
            .filter(videos::status.eq_any(VideoStatus::Uploaded.comes_from_str()))
    )
    .set((
        videos::status.eq(VideoStatus::Uploaded.as_str()),
        videos::size_bytes.eq(size as i64),
        videos::content_type.eq(content_type),
        videos::updated_at.eq(db::now()),
    ))
    .returning(Video::as_returning())
    .get_result(conn)
    .await
    .optional())?;
    let Some(video) = moved else {
        media.purge(video).await;
        return Ok(());
    };
    media
        .publish_status(&video, VideoStatus::Uploaded, 0, None)
        .await;
    media.start_transcoding(&video).await
}

async fn failed(media: &Media, video: &Video, reason: &str) -> ApiResult<()> {
    let moved = with_conn!(media.db, |conn| diesel::update(
        videos::table
            .filter(videos::id.eq(&video.id))
            .filter(videos::status.eq(VideoStatus::AwaitingUpload.as_str()))
    )
    .set((
        videos::status.eq(VideoStatus::Failed.as_str()),
        videos::status_reason.eq(reason),
        videos::updated_at.eq(db::now()),
    ))
    .execute(conn)
    .await)?;
    if moved > 0 {
        media
            .publish_status(video, VideoStatus::Failed, 0, Some(reason.to_owned()))
            .await;
    }
    Ok(())
}
