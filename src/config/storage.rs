//! `[storage]`: object storage (local directory or S3), upload limits, URL lifetimes.

use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;

use super::{SettingsError, empty_as_none, invalid, seconds};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StorageBackend {
    Local,
    S3,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSettings {
    /// Empty: local in the embedded profile.
    #[serde(deserialize_with = "empty_as_none")]
    pub backend: Option<StorageBackend>,
    pub upload_bucket: String,
    pub media_bucket: String,
    pub image_bucket: String,
    pub url_signing_secret: SecretString,
    pub max_upload_bytes: u64,
    pub multipart_threshold_bytes: u64,
    pub multipart_part_bytes: u64,
    #[serde(rename = "upload_url_ttl_secs", deserialize_with = "seconds")]
    pub upload_url_ttl: Duration,
    #[serde(rename = "playback_url_ttl_secs", deserialize_with = "seconds")]
    pub playback_url_ttl: Duration,
    /// How often videos whose upload URLs expired before the upload completed are removed.
    #[serde(rename = "abandoned_upload_sweep_secs", deserialize_with = "seconds")]
    pub abandoned_upload_sweep: Duration,
}

impl StorageSettings {
    /// The backend in effect: as configured, else local.
    pub fn backend(&self) -> StorageBackend {
        self.backend.unwrap_or(StorageBackend::Local)
    }

    pub(super) fn check(&self) -> Result<(), SettingsError> {
        if self.backend() == StorageBackend::S3
            && [&self.upload_bucket, &self.media_bucket, &self.image_bucket]
                .iter()
                .any(|bucket| bucket.is_empty())
        {
            return invalid(
                "storage.upload_bucket",
                "the s3 backend needs upload_bucket, media_bucket and image_bucket",
            );
        }
        if self.multipart_part_bytes < 5 * 1024 * 1024
            || self.multipart_threshold_bytes < self.multipart_part_bytes
            || self.max_upload_bytes / self.multipart_part_bytes >= 10_000
        {
            return invalid(
                "storage.multipart_part_bytes",
                "parts must be at least 5 MiB, at most multipart_threshold_bytes, and fewer \
                 than 10,000 for max_upload_bytes",
            );
        }
        if self.upload_url_ttl.is_zero() || self.playback_url_ttl.is_zero() {
            return invalid("storage.playback_url_ttl_secs", "must be positive");
        }
        if self.abandoned_upload_sweep.is_zero() {
            return invalid("storage.abandoned_upload_sweep_secs", "must be positive");
        }
        Ok(())
    }
}
