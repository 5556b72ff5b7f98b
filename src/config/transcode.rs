//! `[transcode]`: ffmpeg, pass-through or MediaConvert, and their limits.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{SettingsError, empty_as_none, invalid, seconds};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TranscodeBackend {
    Auto,
    Ffmpeg,
    Passthrough,
    Mediaconvert,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranscodeSettings {
    pub backend: TranscodeBackend,
    pub ffmpeg: String,
    pub ffprobe: String,
    pub max_concurrent: usize,
    #[serde(rename = "thumbnail_interval_secs", deserialize_with = "seconds")]
    pub thumbnail_interval: Duration,
    /// Longest video transcoded (ffprobe's duration); longer ones fail with a reason.
    #[serde(rename = "max_duration_secs", deserialize_with = "seconds")]
    pub max_duration: Duration,
    /// Largest frame transcoded; larger ones fail with a reason.
    pub max_width: u32,
    pub max_height: u32,
    /// An ffmpeg run is killed after `timeout_min_secs` + the video's duration × this.
    pub timeout_factor: f64,
    #[serde(rename = "timeout_min_secs", deserialize_with = "seconds")]
    pub timeout_min: Duration,
    pub mediaconvert_role_arn: String,
    #[serde(deserialize_with = "empty_as_none")]
    pub mediaconvert_queue: Option<String>,
    #[serde(deserialize_with = "empty_as_none")]
    pub mediaconvert_endpoint_url: Option<String>,
    pub events_secret: SecretString,
    #[serde(rename = "poll_interval_secs", deserialize_with = "seconds")]
    pub poll_interval: Duration,
    #[serde(rename = "poll_stale_secs", deserialize_with = "seconds")]
    pub poll_stale: Duration,
}

impl TranscodeSettings {
    pub(super) fn check(&self) -> Result<(), SettingsError> {
        if self.max_duration.is_zero()
            || self.max_width == 0
            || self.max_height == 0
            || self.timeout_factor.is_nan()
            || self.timeout_factor < 0.0
        {
            return invalid(
                "transcode.max_duration_secs",
                "caps must be positive and timeout_factor not negative",
            );
        }
        if self.max_concurrent == 0 || self.thumbnail_interval.is_zero() {
            return invalid(
                "transcode.max_concurrent",
                "concurrency and thumbnail interval must be positive",
            );
        }
        if self.backend == TranscodeBackend::Mediaconvert {
            if self.mediaconvert_role_arn.is_empty() {
                return invalid("transcode.mediaconvert_role_arn", "is required");
            }
            if self.events_secret.expose_secret().len() < 16 {
                return invalid(
                    "transcode.events_secret",
                    "is required with mediaconvert (at least 16 characters)",
                );
            }
            if self.poll_interval.is_zero() {
                return invalid("transcode.poll_interval_secs", "must be positive");
            }
        }
        Ok(())
    }
}
