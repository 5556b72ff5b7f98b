//! How MediaConvert tells us about its jobs: EventBridge's "MediaConvert Job State Change"
//! events, posted to `POST /api/internal/transcode-events` (by an API destination carrying
//! the shared secret in `x-vivid-events-secret`, or by a relay signing the body with
//! HMAC-SHA256 in `x-vivid-signature: sha256=…`); and a poller that asks `GetJob` about
//! jobs nobody heard of for `poll_stale_secs`.

use std::sync::Arc;
use std::time::Duration;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;

use super::mediaconvert::{failed, ready};
use super::{Outcome, Reporter, Transcoder};
use crate::background::Background;
use crate::db::schema::videos;
use crate::db::{self, Db};
use crate::domain::VideoStatus;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::kv::KvStore;
use crate::with_conn;

#[derive(Debug, Deserialize)]
struct StateChange {
    #[serde(rename = "detail-type")]
    detail_type: String,
    detail: Detail,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    job_id: String,
    status: String,
    #[serde(default)]
    user_metadata: std::collections::HashMap<String, String>,
    error_code: Option<i32>,
    error_message: Option<String>,
    job_progress: Option<JobProgress>,
    #[serde(default)]
    output_group_details: Vec<OutputGroupDetail>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct JobProgress {
    job_percent_complete: Option<i32>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OutputGroupDetail {
    #[serde(default)]
    output_details: Vec<OutputDetail>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OutputDetail {
    duration_in_ms: Option<i64>,
}

impl Detail {
    fn outcome(&self, video_id: &str) -> Option<Outcome> {
        match self.status.as_str() {
            "COMPLETE" => {
                let duration = self
                    .output_group_details
                    .iter()
                    .flat_map(|group| &group.output_details)
                    .find_map(|detail| detail.duration_in_ms);
                Some(ready(video_id, duration))
            }
            "ERROR" => Some(failed(
                self.error_code,
                self.error_message.as_deref().unwrap_or("no message"),
            )),
            "CANCELED" => Some(Outcome::Failed(super::reasons::CANCELLED.into())),
            "STATUS_UPDATE" | "PROGRESSING" => self
                .job_progress
                .as_ref()
                .and_then(|progress| progress.job_percent_complete)
                .map(Outcome::Progress),
            _ => None,
        }
    }
}

/// The headers an event may be authenticated by.
pub struct EventAuth<'a> {
    /// `x-vivid-signature: t=<unix seconds>,sha256=<hex HMAC-SHA256 of "{t}.{body}">` (a
    /// relay). The time makes a captured event useless after [`SIGNATURE_TOLERANCE_SECS`].
    pub signature: Option<&'a str>,
    /// `x-vivid-events-secret: <the shared secret>` (an EventBridge API destination).
    pub shared_secret: Option<&'a str>,
}

/// Applies a MediaConvert job state change; true when it changed the video. Events about
/// videos that are gone are accepted and change nothing (EventBridge would otherwise retry
/// them for a day).
pub async fn receive(reporter: &Reporter, body: &[u8]) -> ApiResult<bool> {
    let event: StateChange = serde_json::from_slice(body)
        .map_err(|error| ApiError::new(ErrorCode::MalformedEvent, error.to_string()))?;
    if event.detail_type != "MediaConvert Job State Change" {
        return Err(ApiError::new(
            ErrorCode::UnsupportedEvent,
            format!("cannot handle \"{}\" events", event.detail_type),
        ));
    }
    let detail = event.detail;
    let Some(video_id) = detail.user_metadata.get("videoId") else {
        return Ok(false);
    };
    match detail.outcome(video_id) {
        Some(outcome) => {
            reporter
                .report(video_id, Some(&detail.job_id), outcome)
                .await
        }
        None => Ok(false),
    }
}

/// How far a signature's time may be from ours, either way.
pub const SIGNATURE_TOLERANCE_SECS: i64 = 300;

/// Checks the event's signature (signed at most [`SIGNATURE_TOLERANCE_SECS`] from `now`,
/// unix seconds) or shared secret against `secret` (no secret: refused).
pub fn authenticate(secret: &str, auth: EventAuth<'_>, body: &[u8], now: i64) -> ApiResult<()> {
    let refused = || {
        ApiError::new(
            ErrorCode::BadEventSignature,
            "the event is not authenticated",
        )
    };
    if secret.is_empty() {
        return Err(refused());
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    if let Some(signature) = auth.signature {
        let (time, hex_part) = signature
            .split_once(',')
            .and_then(|(time, mac)| Some((time.strip_prefix("t=")?, mac.strip_prefix("sha256=")?)))
            .ok_or_else(refused)?;
        let signed_at: i64 = time.parse().map_err(|_| refused())?;
        if (now - signed_at).abs() > SIGNATURE_TOLERANCE_SECS {
            return Err(refused());
        }
        let bytes = hex::decode(hex_part).map_err(|_| refused())?;
        mac.update(time.as_bytes());
        mac.update(b".");
        mac.update(body);
        return mac.verify_slice(&bytes).map_err(|_| refused());
    }
    if let Some(given) = auth.shared_secret {
        // Compare MACs of both, so the comparison takes the same time wherever they differ.
        let digest = |text: &str| {
            let mut mac = mac.clone();
            mac.update(text.as_bytes());
            mac.finalize().into_bytes()
        };
        if digest(given) == digest(secret) {
            return Ok(());
        }
    }
    Err(refused())
}

/// Every `poll_interval_secs`, one instance (a short lock in the shared store) asks the
/// transcoder about jobs that heard nothing for `poll_stale_secs`.
pub fn spawn_poller(
    background: &Background,
    db: Db,
    kv: Arc<dyn KvStore>,
    transcoder: Arc<dyn Transcoder>,
    reporter: Reporter,
    interval: Duration,
    stale: Duration,
) {
    background.spawn_loop("transcode poller", async move {
        let mut ticks = tokio::time::interval(interval);
        loop {
            ticks.tick().await;
            match kv.claim("media:transcode-poller", "1", interval).await {
                Ok(true) => {}
                Ok(false) => continue,
                Err(error) => {
                    tracing::warn!(?error, "transcode poller: cannot take its lock");
                    continue;
                }
            }
            if let Err(error) = poll_once(&db, transcoder.as_ref(), &reporter, stale).await {
                tracing::warn!(?error, "transcode poller failed");
            }
        }
    });
}

async fn poll_once(
    db: &Db,
    transcoder: &dyn Transcoder,
    reporter: &Reporter,
    stale: Duration,
) -> ApiResult<()> {
    let before = db::now() - chrono::Duration::from_std(stale).unwrap_or_default();
    let quiet: Vec<(String, Option<String>)> = with_conn!(db, |conn| videos::table
        .filter(videos::status.eq(VideoStatus::Transcoding.as_str()))
        .filter(videos::transcode_job_id.is_not_null())
        .filter(videos::updated_at.le(before))
        .select((videos::id, videos::transcode_job_id))
        .order(videos::updated_at.asc())
        .limit(100)
        .load(conn)
        .await)?;
    for (video_id, job_id) in quiet {
        let Some(job_id) = job_id else { continue };
        match transcoder.poll(&video_id, &job_id).await {
            Ok(Some(outcome)) => {
                reporter.report(&video_id, Some(&job_id), outcome).await?;
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(video_id, job_id, ?error, "GetJob failed"),
        }
    }
    Ok(())
}
