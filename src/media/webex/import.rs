//! The import job: ask Webex for the recording's temporary download link, stream it into a
//! temporary file (never whole in memory) with progress events, store it as the video's
//! upload, then transcode. A failure fails the video with the reason.

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

/// Progress is published at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(500);

/// Where an import may write and how much: the directory of its temporary file, and the
/// largest recording it copies.
pub struct ImportLimits {
    pub temp_dir: PathBuf,
    pub max_bytes: u64,
}

pub async fn run(
    media: Arc<Media>,
    limits: ImportLimits,
    video: Video,
    user_id: String,
    recording_id: String,
) {
    let temp = limits.temp_dir.join(db::new_id());
    let outcome = copy(
        &media,
        &video,
        &user_id,
        &recording_id,
        &temp,
        limits.max_bytes,
    )
    .await;
    let _ = tokio::fs::remove_file(&temp).await;
    let result = match outcome {
        Ok((size, content_type)) => uploaded(&media, &video, size, &content_type).await,
        Err(error) => {
            tracing::warn!(video_id = %video.id, ?error, "Webex import failed");
            failed(&media, &video, &format!("the Webex import failed: {error}")).await
        }
    };
    if let Err(error) = result {
        tracing::error!(video_id = %video.id, ?error, "could not record an import's end");
    }
}

/// Streams the recording into storage; the answer is its size and content type.
async fn copy(
    media: &Media,
    video: &Video,
    user_id: &str,
    recording_id: &str,
    temp: &std::path::Path,
    limit: u64,
) -> ApiResult<(u64, String)> {
    let webex = media
        .webex
        .as_ref()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("Webex is not configured")))?;
    let token = webex.access_token(&media.db, user_id).await?;
    let (link, content_type) = webex.download_link(&token, recording_id).await?;
    let response = webex
        .http
        .get(&link)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(super::upstream)?;
    let total = response.content_length();
    if total.is_some_and(|total| total > limit) {
        return Err(ApiError::new(
            ErrorCode::RecordingTooLarge,
            format!("the recording is larger than {limit} bytes"),
        ));
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
        let chunk = chunk.map_err(super::upstream)?;
        received += chunk.len() as u64;
        if received > limit {
            return Err(ApiError::new(
                ErrorCode::RecordingTooLarge,
                format!("the recording is larger than {limit} bytes"),
            ));
        }
        file.write_all(&chunk).await.map_err(ApiError::internal)?;
        if last_sent.elapsed() >= PROGRESS_EVERY {
            last_sent = Instant::now();
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
        .await?;
    Ok((received, content_type))
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
