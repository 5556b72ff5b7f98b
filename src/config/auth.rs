//! `[auth]` and `[google]`: tokens, the dev login, Google sign-in.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{SettingsError, days, empty_as_none, invalid, seconds};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    pub jwt_secret: SecretString,
    #[serde(rename = "access_token_ttl_secs", deserialize_with = "seconds")]
    pub access_token_ttl: Duration,
    #[serde(rename = "refresh_token_ttl_days", deserialize_with = "days")]
    pub refresh_token_ttl: Duration,
    /// How long a rotated refresh token still answers its successor (tabs of one browser
    /// refreshing together) instead of counting as stolen; 0: never.
    #[serde(rename = "refresh_reuse_grace_secs", deserialize_with = "seconds")]
    pub refresh_reuse_grace: Duration,
    pub dev_login: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoogleSettings {
    #[serde(deserialize_with = "empty_as_none")]
    pub client_id: Option<String>,
    pub client_secret: SecretString,
    pub auth_url: String,
    pub token_url: String,
    pub userinfo_url: String,
}

impl AuthSettings {
    pub(super) fn check(&self) -> Result<(), SettingsError> {
        if self.jwt_secret.expose_secret().len() < 32 {
            return invalid("auth.jwt_secret", "must be at least 32 characters long");
        }
        if self.access_token_ttl.is_zero() || self.refresh_token_ttl.is_zero() {
            return invalid("auth", "token lifetimes must be positive");
        }
        Ok(())
    }
}
