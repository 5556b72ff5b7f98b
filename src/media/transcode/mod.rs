//! Transcoding: MediaConvert in production, ffmpeg on a laptop, pass-through when neither is
//! there. A transcoder starts work and reports back through [`Reporter`], which moves the
//! video along `uploaded → transcoding (queue position, then percent) → ready | failed` and
//! tells the library's event stream.

pub mod events;
mod ffmpeg;
pub mod mediaconvert;
mod passthrough;

use std::sync::Arc;

use async_trait::async_trait;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

pub use ffmpeg::FfmpegTranscoder;
pub use mediaconvert::MediaConvertTranscoder;
pub use passthrough::PassThrough;

use crate::db::schema::videos;
use crate::db::{self, Db};
use crate::domain::VideoStatus;
use crate::error::ApiResult;
use crate::events::{Events, LibraryEvent};
use crate::with_conn;

pub use crate::domain::keys::{media_prefix, thumbnails_prefix};

/// One video to transcode.
#[derive(Debug, Clone)]
pub struct Job {
    pub video_id: String,
    /// Who added the video (queues take turns between people); none once they are gone.
    pub owner: Option<String>,
    /// The raw upload, in the uploads bucket.
    pub source_key: String,
}

/// How a transcoding ended, or how far it got.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Waiting for a free transcoder: the place in the queue (1 = next). Applies only
    /// before any progress; every other report ends the wait (`queue_position` null).
    Queued(i32),
    Progress(i32),
    Ready {
        /// An HLS master playlist (`….m3u8`) in the media bucket, or (pass-through) the
        /// original file in the uploads bucket.
        playback_key: String,
        /// The poster image, in the media bucket.
        thumbnail_key: Option<String>,
        duration_ms: Option<i64>,
    },
    Failed(String),
}

/// Why a transcoder could not start or answer.
#[derive(Debug, thiserror::Error)]
pub enum TranscodeError {
    /// The service cannot be reached or refused (503, cause logged).
    #[error("the transcoder is unavailable: {0:#}")]
    Unavailable(anyhow::Error),
    /// Anything else (500, cause logged).
    #[error("transcoding failed: {0:#}")]
    Failed(anyhow::Error),
}

impl From<TranscodeError> for crate::error::ApiError {
    fn from(error: TranscodeError) -> Self {
        match error {
            TranscodeError::Unavailable(cause) => {
                Self::unavailable(crate::error::ErrorCode::TranscoderUnavailable, cause)
            }
            TranscodeError::Failed(cause) => Self::internal(cause),
        }
    }
}

#[async_trait]
pub trait Transcoder: Send + Sync + 'static {
    fn name(&self) -> &'static str;
    /// Starts the work and returns at once; the answer is the job's id, when the transcoder
    /// has one. Progress and the outcome arrive through the [`Reporter`].
    async fn start(&self, job: Job) -> Result<Option<String>, TranscodeError>;
    /// Stops the work for a video (deleted), and waits until it no longer writes anything.
    async fn cancel(&self, video_id: &str, job_id: Option<&str>);
    /// Asks about a job that went quiet (the poller's fallback for lost events).
    async fn poll(
        &self,
        _video_id: &str,
        _job_id: &str,
    ) -> Result<Option<Outcome>, TranscodeError> {
        Ok(None)
    }
}

/// Applies outcomes to the database and publishes them. Each step is conditional on the
/// video still transcoding (and, for jobs with ids, on the job being the current one), so
/// late, repeated or stale reports change nothing.
#[derive(Clone)]
pub struct Reporter {
    db: Db,
    events: Arc<Events>,
}

impl Reporter {
    pub fn new(db: Db, events: Arc<Events>) -> Self {
        Self { db, events }
    }

    /// True when the report changed the video.
    pub async fn report(
        &self,
        video_id: &str,
        job_id: Option<&str>,
        outcome: Outcome,
    ) -> ApiResult<bool> {
        let now = db::now();
        let transcoding = VideoStatus::Transcoding.as_str();
        let (status, percent, reason) = match &outcome {
            Outcome::Queued(_) => (VideoStatus::Transcoding, 0, None),
            Outcome::Progress(percent) => (VideoStatus::Transcoding, (*percent).clamp(0, 99), None),
            Outcome::Ready { .. } => (VideoStatus::Ready, 100, None),
            Outcome::Failed(reason) => (VideoStatus::Failed, 0, Some(reason.clone())),
        };
        let queue_position = match outcome {
            Outcome::Queued(position) => Some(position.max(1)),
            _ => None,
        };
        // Progress never goes backwards (late or reordered reports), and a place in the
        // queue applies only before any progress; outcomes always apply.
        let ceiling = match outcome {
            Outcome::Progress(_) | Outcome::Queued(_) => percent,
            _ => 100,
        };
        let space_id: Option<String> = with_conn!(self.db, |conn| {
            let target = videos::table
                .filter(videos::id.eq(video_id))
                .filter(videos::status.eq(transcoding))
                .filter(videos::transcode_percent.le(ceiling))
                // A job's reports apply to that job only (not to a retry's newer job).
                .filter(
                    videos::transcode_job_id
                        .eq(job_id.unwrap_or_default())
                        .or::<_, diesel::sql_types::Nullable<diesel::sql_types::Bool>>(
                        job_id.is_none(),
                    ),
                );
            // Only a finished video gets its keys and duration (`None` leaves them alone).
            let finished = match &outcome {
                Outcome::Ready {
                    playback_key,
                    thumbnail_key,
                    duration_ms,
                } => Some((
                    videos::playback_key.eq(playback_key),
                    videos::thumbnail_key.eq(thumbnail_key),
                    videos::duration_ms.eq(duration_ms),
                )),
                _ => None,
            };
            diesel::update(target)
                .set((
                    videos::status.eq(status.as_str()),
                    videos::transcode_percent.eq(percent),
                    videos::queue_position.eq(queue_position),
                    videos::status_reason.eq(reason.clone()),
                    videos::updated_at.eq(now),
                    finished,
                ))
                .returning(videos::space_id)
                .get_result(conn)
                .await
                .optional()
        })?;
        let Some(space_id) = space_id else {
            return Ok(false);
        };
        self.events
            .publish(LibraryEvent::VideoStatus {
                space_id,
                video_id: video_id.to_owned(),
                status,
                percent,
                reason,
                queue_position,
            })
            .await;
        Ok(true)
    }

    /// Logs instead of failing: used from background work that has nobody to answer to.
    pub async fn report_or_log(&self, video_id: &str, job_id: Option<&str>, outcome: Outcome) {
        if let Err(error) = self.report(video_id, job_id, outcome).await {
            tracing::error!(video_id, ?error, "could not record a transcoding outcome");
        }
    }
}
