//! Layered settings: `config/default.toml` (compiled in) → an optional file → `VIVID__…`
//! environment variables (`VIVID__HTTP__ADDR`, `VIVID__DATA_DIR`, …). `DATABASE_URL` is also
//! honoured, as the usual convention for picking the database.
//!
//! Secrets are [`SecretString`]s: they print as `[REDACTED]` in `Debug` output and logs.

use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

const DEFAULTS: &str = include_str!("../config/default.toml");

/// The JWT secret shipped in `config/default.toml`; production refuses to run with it.
pub const DEFAULT_JWT_SECRET: &str = "insecure-embedded-development-secret-change-me";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// Zero setup: SQLite, in-process stores, dev login.
    Embedded,
    /// A fleet member: PostgreSQL and Redis required, no dev login.
    Production,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub profile: Profile,
    pub data_dir: PathBuf,
    pub http: HttpSettings,
    pub database: DatabaseSettings,
    pub redis: RedisSettings,
    pub auth: AuthSettings,
    pub google: GoogleSettings,
    pub log: LogSettings,
    pub collab: CollabSettings,
    pub history: HistorySettings,
    pub aws: AwsSettings,
    pub storage: StorageSettings,
    pub transcode: TranscodeSettings,
    pub webex: WebexSettings,
}

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
    pub upload_url_ttl_secs: u64,
    pub playback_url_ttl_secs: u64,
    /// How often videos whose upload URLs expired before the upload completed are removed.
    pub abandoned_upload_sweep_secs: u64,
}

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
    pub thumbnail_interval_secs: u64,
    pub mediaconvert_role_arn: String,
    pub mediaconvert_queue: String,
    pub mediaconvert_endpoint_url: String,
    pub events_secret: SecretString,
    pub poll_interval_secs: u64,
    pub poll_stale_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebexSettings {
    pub client_id: String,
    pub client_secret: SecretString,
    pub authorize_url: String,
    pub api_url: String,
    pub scopes: String,
    pub token_key: SecretString,
}

fn empty_as_none<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let text = String::deserialize(deserializer)?;
    if text.is_empty() {
        return Ok(None);
    }
    T::deserialize(serde::de::value::StringDeserializer::<D::Error>::new(text)).map(Some)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollabSettings {
    pub ticket_ttl_secs: u64,
    pub max_frame_bytes: usize,
    pub max_document_bytes: usize,
    pub updates_per_second: f64,
    pub update_burst: f64,
    pub max_connections_per_document: usize,
    /// 0: one per CPU core, at most 8.
    pub room_threads: usize,
    pub outbound_queue: usize,
    pub heartbeat_secs: u64,
    pub idle_timeout_secs: u64,
    pub room_grace_secs: u64,
    pub snapshot_interval_secs: u64,
    pub stream_check_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistorySettings {
    pub dynamodb_table: String,
    pub s3_bucket: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsSettings {
    pub region: String,
    pub endpoint_url: String,
    pub access_key_id: String,
    pub secret_access_key: SecretString,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    pub addr: String,
    pub public_url: String,
    pub json_limit: usize,
    pub shutdown_timeout_secs: u64,
    pub client_dir: PathBuf,
    /// 0: one per CPU core.
    pub workers: usize,
    /// Over all workers.
    pub max_connections: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    pub url: SecretString,
    pub max_connections: usize,
    pub migrate_on_start: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedisSettings {
    pub url: SecretString,
    pub key_prefix: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    pub jwt_secret: SecretString,
    pub access_token_ttl_secs: u64,
    pub refresh_token_ttl_days: u64,
    pub dev_login: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoogleSettings {
    pub client_id: String,
    pub client_secret: SecretString,
    pub auth_url: String,
    pub token_url: String,
    pub userinfo_url: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub format: String,
    pub level: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("could not read the settings: {0}")]
    Load(#[from] config::ConfigError),
    #[error("invalid setting `{setting}`: {reason}")]
    Invalid {
        setting: &'static str,
        reason: String,
    },
}

impl Settings {
    /// Reads defaults, then `file` (or `VIVID_CONFIG`) when given, then the environment, and
    /// checks the result against the profile's rules.
    pub fn load(file: Option<&Path>) -> Result<Self, SettingsError> {
        let mut builder = config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml));
        let file = file
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("VIVID_CONFIG").map(PathBuf::from));
        if let Some(file) = file {
            builder = builder.add_source(config::File::from(file).required(true));
        }
        if let Ok(url) = std::env::var("DATABASE_URL") {
            builder = builder.set_override("database.url", url)?;
        }
        builder = builder.add_source(
            config::Environment::with_prefix("VIVID")
                .prefix_separator("__")
                .separator("__"),
        );
        let settings: Settings = builder.build()?.try_deserialize()?;
        settings.validate()?;
        Ok(settings)
    }

    /// The compiled-in defaults alone, ignoring files and environment (for tests and tools
    /// that set every field they care about).
    pub fn defaults() -> Result<Self, SettingsError> {
        Ok(config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .build()?
            .try_deserialize()?)
    }

    /// Checks the settings against the profile's rules (what [`Settings::load`] does last).
    pub fn validate(&self) -> Result<(), SettingsError> {
        self.check()
    }

    /// The database URL in effect: the configured one, else the embedded SQLite file.
    pub fn database_url(&self) -> SecretString {
        let url = self.database.url.expose_secret();
        if url.is_empty() {
            let file = self.data_dir.join("vivid.db");
            SecretString::from(format!("sqlite://{}", file.display()))
        } else {
            self.database.url.clone()
        }
    }

    /// The Redis URL, when one is configured.
    pub fn redis_url(&self) -> Option<&str> {
        let url = self.redis.url.expose_secret();
        (!url.is_empty()).then_some(url)
    }

    /// The storage backend in effect: as configured, else local.
    pub fn storage_backend(&self) -> StorageBackend {
        self.storage.backend.unwrap_or(StorageBackend::Local)
    }

    pub fn is_production(&self) -> bool {
        self.profile == Profile::Production
    }

    /// Logs as JSON lines unless told otherwise; text is the embedded default.
    pub fn log_as_json(&self) -> bool {
        match self.log.format.as_str() {
            "json" => true,
            "text" => false,
            _ => self.is_production(),
        }
    }

    /// The refresh cookie carries `Secure` whenever the public URL is https, and always in
    /// production.
    pub fn secure_cookies(&self) -> bool {
        self.is_production() || self.http.public_url.starts_with("https://")
    }

    fn check(&self) -> Result<(), SettingsError> {
        let invalid = |setting, reason: &str| {
            Err(SettingsError::Invalid {
                setting,
                reason: reason.to_owned(),
            })
        };
        let db_url = self.database_url();
        let db_url = db_url.expose_secret();
        if !(db_url.starts_with("sqlite://")
            || db_url.starts_with("postgres://")
            || db_url.starts_with("postgresql://"))
        {
            return invalid(
                "database.url",
                "must start with sqlite://, postgres:// or postgresql://",
            );
        }
        if url::Url::parse(&self.http.public_url).is_err() {
            return invalid("http.public_url", "must be an absolute URL");
        }
        if self.http.max_connections == 0 {
            return invalid("http.max_connections", "must be positive");
        }
        let jwt_secret = self.auth.jwt_secret.expose_secret();
        if jwt_secret.len() < 32 {
            return invalid("auth.jwt_secret", "must be at least 32 characters long");
        }
        if self.auth.access_token_ttl_secs == 0 || self.auth.refresh_token_ttl_days == 0 {
            return invalid("auth", "token lifetimes must be positive");
        }
        let collab = &self.collab;
        if collab.max_frame_bytes < 1024 || collab.max_document_bytes < collab.max_frame_bytes {
            return invalid(
                "collab.max_frame_bytes",
                "must be at least 1024 and at most collab.max_document_bytes",
            );
        }
        if collab.updates_per_second <= 0.0 || collab.update_burst < 1.0 {
            return invalid(
                "collab.updates_per_second",
                "rate and burst must be positive",
            );
        }
        if collab.outbound_queue == 0 || collab.max_connections_per_document == 0 {
            return invalid(
                "collab.outbound_queue",
                "queues and room sizes must be positive",
            );
        }
        if collab.heartbeat_secs == 0 || collab.idle_timeout_secs <= collab.heartbeat_secs {
            return invalid(
                "collab.idle_timeout_secs",
                "must be longer than collab.heartbeat_secs (which must be positive)",
            );
        }
        if collab.stream_check_secs == 0 || collab.snapshot_interval_secs == 0 {
            return invalid("collab.stream_check_secs", "intervals must be positive");
        }
        if !self.history.dynamodb_table.is_empty() && self.history.s3_bucket.is_empty() {
            return invalid(
                "history.s3_bucket",
                "is required with history.dynamodb_table (large snapshots overflow to S3)",
            );
        }
        let storage = &self.storage;
        if self.storage_backend() == StorageBackend::S3
            && [
                &storage.upload_bucket,
                &storage.media_bucket,
                &storage.image_bucket,
            ]
            .iter()
            .any(|bucket| bucket.is_empty())
        {
            return invalid(
                "storage.upload_bucket",
                "the s3 backend needs upload_bucket, media_bucket and image_bucket",
            );
        }
        if storage.multipart_part_bytes < 5 * 1024 * 1024
            || storage.multipart_threshold_bytes < storage.multipart_part_bytes
            || storage.max_upload_bytes / storage.multipart_part_bytes >= 10_000
        {
            return invalid(
                "storage.multipart_part_bytes",
                "parts must be at least 5 MiB, at most multipart_threshold_bytes, and fewer \
                 than 10,000 for max_upload_bytes",
            );
        }
        if storage.upload_url_ttl_secs == 0 || storage.playback_url_ttl_secs == 0 {
            return invalid("storage.playback_url_ttl_secs", "must be positive");
        }
        if storage.abandoned_upload_sweep_secs == 0 {
            return invalid("storage.abandoned_upload_sweep_secs", "must be positive");
        }
        let transcode = &self.transcode;
        if transcode.max_concurrent == 0 || transcode.thumbnail_interval_secs == 0 {
            return invalid(
                "transcode.max_concurrent",
                "concurrency and thumbnail interval must be positive",
            );
        }
        if transcode.backend == TranscodeBackend::Mediaconvert {
            if self.storage_backend() != StorageBackend::S3 {
                return invalid(
                    "transcode.backend",
                    "mediaconvert reads and writes S3: set storage.backend = \"s3\"",
                );
            }
            if transcode.mediaconvert_role_arn.is_empty() {
                return invalid("transcode.mediaconvert_role_arn", "is required");
            }
            if transcode.events_secret.expose_secret().len() < 16 {
                return invalid(
                    "transcode.events_secret",
                    "is required with mediaconvert (at least 16 characters)",
                );
            }
            if transcode.poll_interval_secs == 0 {
                return invalid("transcode.poll_interval_secs", "must be positive");
            }
        }
        if !self.webex.client_id.is_empty() {
            if self.webex.client_secret.expose_secret().is_empty() {
                return invalid("webex.client_secret", "is required with webex.client_id");
            }
            let key = self.webex.token_key.expose_secret();
            if !key.is_empty() && decode_token_key(key).is_none() {
                return invalid("webex.token_key", "must be base64 of exactly 32 bytes");
            }
        }
        if self.database.max_connections == 0 {
            return invalid("database.max_connections", "must be at least 1");
        }
        if !self.is_production() {
            return Ok(());
        }
        if self.auth.dev_login {
            return invalid("auth.dev_login", "must be false in production");
        }
        if jwt_secret == DEFAULT_JWT_SECRET {
            return invalid(
                "auth.jwt_secret",
                "still holds the embedded default; set VIVID__AUTH__JWT_SECRET",
            );
        }
        if !db_url.starts_with("postgres") {
            return invalid("database.url", "production requires PostgreSQL");
        }
        if self.redis_url().is_none() {
            return invalid("redis.url", "production requires Redis");
        }
        if self.history.dynamodb_table.is_empty() {
            return invalid(
                "history.dynamodb_table",
                "production keeps history in DynamoDB",
            );
        }
        if self.storage_backend() != StorageBackend::S3 {
            return invalid("storage.backend", "production keeps media in s3");
        }
        if self.transcode.backend != TranscodeBackend::Mediaconvert {
            return invalid(
                "transcode.backend",
                "production transcodes with mediaconvert",
            );
        }
        if !self.webex.client_id.is_empty() && self.webex.token_key.expose_secret().is_empty() {
            return invalid("webex.token_key", "is required in production");
        }
        if self.google.client_id.is_empty() {
            return invalid("google.client_id", "is required in production");
        }
        if self.google.client_secret.expose_secret().is_empty() {
            return invalid("google.client_secret", "is required in production");
        }
        Ok(())
    }
}

/// The key in `webex.token_key`: base64 of exactly 32 bytes.
pub fn decode_token_key(text: &str) -> Option<[u8; 32]> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .ok()?
        .try_into()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded() -> Settings {
        let settings = Settings::defaults().unwrap();
        settings.validate().unwrap();
        settings
    }

    fn production() -> Settings {
        let mut settings = embedded();
        settings.profile = Profile::Production;
        settings.auth.dev_login = false;
        settings.auth.jwt_secret = SecretString::from("x".repeat(48));
        settings.database.url = SecretString::from("postgres://db/vivid");
        settings.redis.url = SecretString::from("redis://cache");
        settings.google.client_id = "id".into();
        settings.google.client_secret = SecretString::from("secret");
        settings.history.dynamodb_table = "vivid-history".into();
        settings.history.s3_bucket = "vivid-history".into();
        settings.storage.backend = Some(StorageBackend::S3);
        settings.storage.upload_bucket = "vivid-uploads".into();
        settings.storage.media_bucket = "vivid-media".into();
        settings.storage.image_bucket = "vivid-images".into();
        settings.transcode.backend = TranscodeBackend::Mediaconvert;
        settings.transcode.mediaconvert_role_arn = "arn:aws:iam::1:role/mc".into();
        settings.transcode.events_secret = SecretString::from("e".repeat(32));
        settings
    }

    fn refused_setting(settings: &Settings) -> &'static str {
        match settings.validate() {
            Err(SettingsError::Invalid { setting, .. }) => setting,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_misspelt_key_fails_at_start_with_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("vivid.toml");
        std::fs::write(&file, "[collab]\nroom_grace_sec = 5\n").unwrap();
        let error = Settings::load(Some(&file)).unwrap_err().to_string();
        assert!(error.contains("room_grace_sec"), "{error}");
    }

    #[test]
    fn embedded_defaults_are_valid_and_use_sqlite_in_the_data_dir() {
        let settings = embedded();
        assert_eq!(settings.profile, Profile::Embedded);
        assert_eq!(
            settings.database_url().expose_secret(),
            "sqlite://./data/vivid.db"
        );
        assert!(settings.auth.dev_login);
        assert!(!settings.log_as_json());
    }

    #[test]
    fn production_with_every_secret_set_is_valid() {
        let settings = production();
        settings.validate().unwrap();
        assert!(settings.log_as_json());
        assert!(settings.secure_cookies());
    }

    #[test]
    fn production_refuses_dev_login() {
        let mut settings = production();
        settings.auth.dev_login = true;
        assert_eq!(refused_setting(&settings), "auth.dev_login");
    }

    #[test]
    fn production_refuses_the_default_jwt_secret() {
        let mut settings = production();
        settings.auth.jwt_secret = SecretString::from(DEFAULT_JWT_SECRET);
        assert_eq!(refused_setting(&settings), "auth.jwt_secret");
    }

    #[test]
    fn a_missing_jwt_secret_is_refused_in_any_profile() {
        let mut settings = embedded();
        settings.auth.jwt_secret = SecretString::from("");
        assert_eq!(refused_setting(&settings), "auth.jwt_secret");
    }

    #[test]
    fn production_requires_postgres_redis_and_google() {
        let mut settings = production();
        settings.database.url = SecretString::from("sqlite://x.db");
        assert_eq!(refused_setting(&settings), "database.url");

        let mut settings = production();
        settings.redis.url = SecretString::from("");
        assert_eq!(refused_setting(&settings), "redis.url");

        let mut settings = production();
        settings.google.client_secret = SecretString::from("");
        assert_eq!(refused_setting(&settings), "google.client_secret");
    }

    #[test]
    fn secrets_do_not_show_in_debug_output() {
        let settings = production();
        let printed = format!("{settings:?}");
        assert!(!printed.contains(&"x".repeat(48)));
        assert!(!printed.contains("postgres://db/vivid"));
    }
}
