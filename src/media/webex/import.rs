//! The import job: ask Webex for the recording's temporary download link, stream it into a
//! temporary file (never whole in memory) with progress events, store it as the video's
//! upload, then transcode. A failure fails the video with the reason.

use std::time::{Duration, Instant};

use actix_web::web;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;

use crate::db::models::Video;
use crate::db::schema::videos;
use crate::db::{self};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::library::VideoStatus;
use crate::media::events::LibraryEvent;
use crate::state::AppState;
use crate::with_conn;

/// Progress is published at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(500);

pub async fn run(state: web::Data<AppState>, video: Video, user_id: String, recording_id: String) {
    let temp = state.settings.data_dir.join("imports").join(db::new_id());
    let outcome = copy(&state, &video, &user_id, &recording_id, &temp).await;
    let _ = tokio::fs::remove_file(&temp).await;
    let result = match outcome {
        Ok((size, content_type)) => uploaded(&state, &video, size, &content_type).await,
        Err(error) => {
            tracing::warn!(video_id = %video.id, ?error, "Webex import failed");
            failed(&state, &video, &format!("the Webex import failed: {error}")).await
        }
    };
    if let Err(error) = result {
        tracing::error!(video_id = %video.id, ?error, "could not record an import's end");
    }
}

/// Streams the recording into storage; the answer is its size and content type.
async fn copy(
    state: &AppState,
    video: &Video,
    user_id: &str,
    recording_id: &str,
    temp: &std::path::Path,
) -> ApiResult<(u64, String)> {
    let webex = state
        .media
        .webex
        .as_ref()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("Webex is not configured")))?;
    let token = webex.access_token(&state.db, user_id).await?;
    let (link, content_type) = webex.download_link(&token, recording_id).await?;
    let response = webex
        .http
        .get(&link)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(super::upstream)?;
    let total = response.content_length();
    let limit = state.settings.storage.max_upload_bytes;
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
            progress(state, video, received, total).await;
        }
    }
    file.flush().await.map_err(ApiError::internal)?;
    drop(file);
    progress(state, video, received, total).await;
    let key = video.source_key.as_deref().unwrap_or_default();
    state
        .media
        .stores
        .uploads
        .put_file(key, temp, &content_type)
        .await?;
    Ok((received, content_type))
}

async fn progress(state: &AppState, video: &Video, received: u64, total: Option<u64>) {
    state
        .media
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
async fn uploaded(state: &AppState, video: &Video, size: u64, content_type: &str) -> ApiResult<()> {
    let moved = with_conn!(state.db, |conn| diesel::update(
        videos::table
            .filter(videos::id.eq(&video.id))
            .filter(videos::status.eq(VideoStatus::AwaitingUpload.as_str()))
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
        state.media.purge(video).await;
        return Ok(());
    };
    state
        .media
        .publish_status(&video, VideoStatus::Uploaded, 0, None)
        .await;
    state.media.start_transcoding(&video).await
}

async fn failed(state: &AppState, video: &Video, reason: &str) -> ApiResult<()> {
    let moved = with_conn!(state.db, |conn| diesel::update(
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
        state
            .media
            .publish_status(video, VideoStatus::Failed, 0, Some(reason.to_owned()))
            .await;
    }
    Ok(())
}
