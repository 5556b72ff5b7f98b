//! Layered settings: `config/default.toml` (compiled in) → an optional file → `VIVID__…`
//! environment variables (`VIVID__HTTP__ADDR`, `VIVID__DATA_DIR`, …). `DATABASE_URL` is also
//! honoured, as the usual convention for picking the database.
//!
//! Parsed, not validated: durations are [`Duration`]s (`*_secs` keys), optional
//! integrations are `Option`s (an empty value means off), and unknown keys are refused with
//! their name. One file per section; each checks its own rules, `check` the rules across them.
//!
//! Secrets are [`SecretString`]s: they print as `[REDACTED]` in `Debug` output and logs.

mod auth;
mod aws;
mod collab;
mod database;
mod embedded_secret;
mod history;
mod http;
mod limits;
mod log;
mod redis;
mod storage;
mod transcode;
mod webex;

use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

pub use auth::{AuthSettings, GoogleSettings};
pub use aws::AwsSettings;
pub use collab::CollabSettings;
pub use database::DatabaseSettings;
pub use history::HistorySettings;
pub use http::HttpSettings;
pub use limits::LimitSettings;
pub use log::LogSettings;
pub use redis::RedisSettings;
pub use storage::{StorageBackend, StorageSettings};
pub use transcode::{TranscodeBackend, TranscodeSettings};
pub use webex::{WebexSettings, decode_token_key};

const DEFAULTS: &str = include_str!("../../config/default.toml");

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
    pub limits: LimitSettings,
    pub history: HistorySettings,
    pub aws: AwsSettings,
    pub storage: StorageSettings,
    pub transcode: TranscodeSettings,
    pub webex: WebexSettings,
}

/// A whole number of seconds (`*_secs` keys), as a [`Duration`].
fn seconds<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
    u64::deserialize(deserializer).map(Duration::from_secs)
}

/// A whole number of days (`*_days` keys), as a [`Duration`].
fn days<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
    u64::deserialize(deserializer).map(|days| Duration::from_secs(days * 24 * 3600))
}

/// A refusal naming the setting.
fn invalid(setting: &'static str, reason: &str) -> Result<(), SettingsError> {
    Err(SettingsError::Invalid {
        setting,
        reason: reason.to_owned(),
    })
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

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("could not read the settings: {0}")]
    Load(#[from] config::ConfigError),
    #[error("invalid setting `{setting}`: {reason}")]
    Invalid {
        setting: &'static str,
        reason: String,
    },
    #[error("could not keep the embedded secret in {path}: {source}")]
    Secret {
        path: PathBuf,
        source: std::io::Error,
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
        let mut settings: Settings = builder.build()?.try_deserialize()?;
        settings.keep_embedded_secret()?;
        settings.validate()?;
        Ok(settings)
    }

    /// The embedded profile never signs with the published default secret: on first start it
    /// generates one into `data_dir/jwt-secret` (mode 0600) and uses that file from then on.
    fn keep_embedded_secret(&mut self) -> Result<(), SettingsError> {
        if self.is_production() || self.auth.jwt_secret.expose_secret() != DEFAULT_JWT_SECRET {
            return Ok(());
        }
        let path = self.data_dir.join("jwt-secret");
        let error = |source| SettingsError::Secret {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(&self.data_dir).map_err(error)?;
        let secret = embedded_secret::read_or_create(&path).map_err(error)?;
        self.auth.jwt_secret = SecretString::from(secret);
        Ok(())
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
        match &self.database.url {
            Some(url) => url.clone(),
            None => {
                let file = self.data_dir.join("vivid.db");
                SecretString::from(format!("sqlite://{}", file.display()))
            }
        }
    }

    /// The Redis URL, when one is configured.
    pub fn redis_url(&self) -> Option<&str> {
        self.redis.url.as_ref().map(ExposeSecret::expose_secret)
    }

    /// The storage backend in effect: as configured, else local.
    pub fn storage_backend(&self) -> StorageBackend {
        self.storage.backend()
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

    /// Each section's own rules, then the rules across sections and the profile's.
    fn check(&self) -> Result<(), SettingsError> {
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
        self.http.check()?;
        self.auth.check()?;
        self.collab.check()?;
        self.limits.check()?;
        self.history.check()?;
        self.storage.check()?;
        self.transcode.check()?;
        if self.transcode.backend == TranscodeBackend::Mediaconvert
            && self.storage_backend() != StorageBackend::S3
        {
            return invalid(
                "transcode.backend",
                "mediaconvert reads and writes S3: set storage.backend = \"s3\"",
            );
        }
        self.webex.check()?;
        self.database.check()?;
        if self.is_production() {
            self.check_production(db_url)
        } else if !self.http.is_loopback() && !self.http.allow_public_embedded {
            invalid(
                "http.addr",
                "the embedded profile (dev login, no real sign-in) listens only on a loopback \
                 address; run the production profile, or set http.allow_public_embedded = true",
            )
        } else {
            Ok(())
        }
    }

    /// What a fleet member needs beyond a laptop.
    fn check_production(&self, db_url: &str) -> Result<(), SettingsError> {
        if self.auth.dev_login {
            return invalid("auth.dev_login", "must be false in production");
        }
        if self.auth.jwt_secret.expose_secret() == DEFAULT_JWT_SECRET {
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
        if self.history.dynamodb_table.is_none() {
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
        if self.webex.client_id.is_some() && self.webex.token_key.expose_secret().is_empty() {
            return invalid("webex.token_key", "is required in production");
        }
        if self.google.client_id.is_none() {
            return invalid("google.client_id", "is required in production");
        }
        if self.google.client_secret.expose_secret().is_empty() {
            return invalid("google.client_secret", "is required in production");
        }
        Ok(())
    }
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
        settings.database.url = Some(SecretString::from("postgres://db/vivid"));
        settings.redis.url = Some(SecretString::from("redis://cache"));
        settings.google.client_id = Some("id".into());
        settings.google.client_secret = SecretString::from("secret");
        settings.history.dynamodb_table = Some("vivid-history".into());
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
    fn the_embedded_profile_listens_only_on_loopback_unless_allowed() {
        let mut settings = embedded();
        for addr in ["127.0.0.1:8080", "[::1]:8080", "localhost:8080"] {
            settings.http.addr = addr.into();
            assert!(settings.validate().is_ok(), "{addr}");
        }
        for addr in ["0.0.0.0:8080", "[::]:8080", "10.0.0.5:8080"] {
            settings.http.addr = addr.into();
            assert_eq!(refused_setting(&settings), "http.addr", "{addr}");
        }
        settings.http.allow_public_embedded = true;
        assert!(settings.validate().is_ok());
        let mut settings = production();
        settings.http.addr = "0.0.0.0:8080".into();
        assert!(
            settings.validate().is_ok(),
            "production listens where it is told"
        );
    }

    #[test]
    fn the_embedded_profile_generates_its_own_secret_under_the_data_dir() {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = embedded();
        settings.data_dir = dir.path().join("data");
        settings.keep_embedded_secret().unwrap();
        let secret = settings.auth.jwt_secret.expose_secret().to_owned();
        assert_ne!(secret, DEFAULT_JWT_SECRET);
        assert!(settings.validate().is_ok());
        // The next start uses the same secret, so sessions survive a restart.
        let mut again = embedded();
        again.data_dir = dir.path().join("data");
        again.keep_embedded_secret().unwrap();
        assert_eq!(again.auth.jwt_secret.expose_secret(), secret);
        // A secret that was set is kept.
        let mut chosen = embedded();
        chosen.data_dir = dir.path().join("other");
        chosen.auth.jwt_secret = SecretString::from("y".repeat(40));
        chosen.keep_embedded_secret().unwrap();
        assert_eq!(chosen.auth.jwt_secret.expose_secret(), "y".repeat(40));
        assert!(!dir.path().join("other/jwt-secret").exists());
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
        settings.database.url = Some(SecretString::from("sqlite://x.db"));
        assert_eq!(refused_setting(&settings), "database.url");

        let mut settings = production();
        settings.redis.url = None;
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
