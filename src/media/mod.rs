//! Media: object storage, uploads, transcoding, playback, snapshot images, Webex imports and
//! the live library event stream. [`Media`] holds the parts, chosen by the settings.

pub mod playback;
pub mod signing;
pub mod snapshots;
pub mod storage;
pub mod sweeper;
pub mod transcode;
pub mod uploads;
pub mod webex;

use std::sync::Arc;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::background::Background;
use crate::config::{Settings, TranscodeBackend};
use crate::db::models::Video;
use crate::db::schema::videos;
use crate::db::{self, Db};
use crate::domain::VideoStatus;
use crate::error::ApiResult;
use crate::events::{Events, LibraryEvent};
use crate::kv::KvStore;
use crate::with_conn;
use signing::UrlSigner;
use storage::Stores;
use transcode::{
    FfmpegTranscoder, Job, MediaConvertTranscoder, Outcome, PassThrough, Reporter, Transcoder,
};

pub struct Media {
    pub stores: Stores,
    pub signer: UrlSigner,
    pub events: Arc<Events>,
    pub transcoder: Arc<dyn Transcoder>,
    pub reporter: Reporter,
    pub webex: Option<webex::Webex>,
    db: Db,
}

impl Media {
    pub async fn build(
        settings: &Settings,
        db: Db,
        kv: Arc<dyn KvStore>,
        events: Arc<Events>,
        background: &Background,
    ) -> anyhow::Result<Self> {
        let signer = UrlSigner::new(
            &settings.storage.url_signing_secret,
            &settings.auth.jwt_secret,
        );
        let stores = Stores::from_settings(settings, &signer).await?;
        let reporter = Reporter::new(db.clone(), events.clone());
        let transcoder = transcoder(settings, &stores, &reporter, background).await;
        if transcoder.name() == "mediaconvert" {
            transcode::events::spawn_poller(
                background,
                db.clone(),
                kv.clone(),
                transcoder.clone(),
                reporter.clone(),
                settings.transcode.poll_interval,
                settings.transcode.poll_stale,
            );
        }
        let webex = webex::Webex::from_settings(settings, kv)?;
        Ok(Self {
            stores,
            signer,
            events,
            transcoder,
            reporter,
            webex,
            db,
        })
    }

    /// Moves a video from `uploaded` (or `failed`, on retry) to `transcoding` and starts the
    /// work. A transcoder that cannot start fails the video with the reason.
    pub async fn start_transcoding(&self, video: &Video) -> ApiResult<()> {
        let Some(source_key) = video.source_key.clone() else {
            return Ok(());
        };
        let moved = with_conn!(self.db, |conn| diesel::update(
            videos::table
                .filter(videos::id.eq(&video.id))
                .filter(videos::status.eq_any(VideoStatus::Transcoding.comes_from_str()))
        )
        .set((
            videos::status.eq(VideoStatus::Transcoding.as_str()),
            videos::transcode_percent.eq(0),
            videos::queue_position.eq(None::<i32>),
            videos::transcode_job_id.eq(None::<String>),
            videos::status_reason.eq(None::<String>),
            videos::updated_at.eq(db::now()),
        ))
        .execute(conn)
        .await)?;
        if moved == 0 {
            return Ok(());
        }
        self.publish_status(video, VideoStatus::Transcoding, 0, None)
            .await;
        let job = Job {
            video_id: video.id.clone(),
            owner: video.uploader_id.clone(),
            source_key,
        };
        match self.transcoder.start(job).await {
            Ok(Some(job_id)) => {
                let recorded = with_conn!(self.db, |conn| diesel::update(
                    videos::table
                        .filter(videos::id.eq(&video.id))
                        .filter(videos::status.eq(VideoStatus::Transcoding.as_str()))
                )
                .set(videos::transcode_job_id.eq(&job_id))
                .execute(conn)
                .await)?;
                if recorded == 0 {
                    // Deleted while the job was being created: stop it, drop its outputs.
                    self.transcoder.cancel(&video.id, Some(&job_id)).await;
                    self.purge(video).await;
                }
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(error) => {
                tracing::error!(video_id = %video.id, ?error, "transcoding could not start");
                self.reporter
                    .report_or_log(
                        &video.id,
                        None,
                        Outcome::Failed("transcoding could not start; retry later".into()),
                    )
                    .await;
                Ok(())
            }
        }
    }

    pub async fn publish_status(
        &self,
        video: &Video,
        status: VideoStatus,
        percent: i32,
        reason: Option<String>,
    ) {
        self.events
            .publish(LibraryEvent::VideoStatus {
                space_id: video.space_id.clone(),
                video_id: video.id.clone(),
                status,
                percent,
                reason,
                queue_position: None,
            })
            .await;
    }

    /// Stops a deleted video's work and removes its objects (upload, media, pending parts).
    /// Best effort: failures are logged; the rows are gone either way.
    pub async fn purge(&self, video: &Video) {
        self.transcoder
            .cancel(&video.id, video.transcode_job_id.as_deref())
            .await;
        if let (Some(upload_id), Some(key)) = (&video.upload_id, &video.source_key)
            && let Err(error) = self.stores.uploads.abort_multipart(key, upload_id).await
        {
            tracing::warn!(video_id = %video.id, ?error, "could not abort an upload");
        }
        let prefix = transcode::media_prefix(&video.id);
        for store in [&self.stores.uploads, &self.stores.media] {
            if let Err(error) = store.delete_prefix(&prefix).await {
                tracing::warn!(video_id = %video.id, ?error, "could not delete objects");
            }
        }
    }
}

async fn transcoder(
    settings: &Settings,
    stores: &Stores,
    reporter: &Reporter,
    background: &Background,
) -> Arc<dyn Transcoder> {
    let ffmpeg = || {
        Arc::new(FfmpegTranscoder::new(
            settings.transcode.clone(),
            stores.clone(),
            reporter.clone(),
            settings.data_dir.join("transcode"),
            background.clone(),
        ))
    };
    match settings.transcode.backend {
        TranscodeBackend::Mediaconvert => Arc::new(MediaConvertTranscoder::new(settings).await),
        TranscodeBackend::Ffmpeg => ffmpeg(),
        TranscodeBackend::Passthrough => Arc::new(PassThrough::new(reporter.clone())),
        TranscodeBackend::Auto => {
            if FfmpegTranscoder::available(&settings.transcode).await {
                ffmpeg()
            } else {
                tracing::warn!(
                    ffmpeg = %settings.transcode.ffmpeg,
                    "ffmpeg is not installed: videos play as uploaded, without thumbnails"
                );
                Arc::new(PassThrough::new(reporter.clone()))
            }
        }
    }
}

/// Where the caller reached this server (`https://vivid.example`), taken from the request
/// by the HTTP edge: it makes this server's own path-only URLs absolute (storage URLs are
/// absolute already).
#[derive(Debug, Clone)]
pub struct Origin(String);

impl Origin {
    pub fn new(scheme: &str, host: &str) -> Self {
        Self(format!("{scheme}://{host}"))
    }

    pub fn absolute(&self, url: String) -> String {
        if url.starts_with('/') {
            format!("{}{url}", self.0)
        } else {
            url
        }
    }
}

/// The stored snapshot images of videos (all participants'), read before their rows go.
pub async fn snapshot_keys(db: &Db, video_ids: &[String]) -> ApiResult<Vec<String>> {
    use crate::db::schema::{individual_videos, snapshot_images};
    Ok(with_conn!(db, |conn| snapshot_images::table
        .inner_join(individual_videos::table)
        .filter(individual_videos::video_id.eq_any(video_ids))
        .select(snapshot_images::object_key)
        .load(conn)
        .await)?)
}

impl Media {
    /// Deletes snapshot images whose rows are gone (best effort).
    pub async fn delete_images(&self, keys: &[String]) {
        for key in keys {
            if let Err(error) = self.stores.images.delete(key).await {
                tracing::warn!(%key, ?error, "could not delete a snapshot image");
            }
        }
    }
}
