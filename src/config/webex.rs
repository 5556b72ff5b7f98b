//! `[webex]`: the Webex integration (none without a client id).

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{SettingsError, empty_as_none, invalid};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebexSettings {
    #[serde(deserialize_with = "empty_as_none")]
    pub client_id: Option<String>,
    pub client_secret: SecretString,
    pub authorize_url: String,
    pub api_url: String,
    pub scopes: String,
    pub token_key: SecretString,
}

impl WebexSettings {
    pub(super) fn check(&self) -> Result<(), SettingsError> {
        if self.client_id.is_some() {
            if self.client_secret.expose_secret().is_empty() {
                return invalid("webex.client_secret", "is required with webex.client_id");
            }
            let key = self.token_key.expose_secret();
            if !key.is_empty() && decode_token_key(key).is_none() {
                return invalid("webex.token_key", "must be base64 of exactly 32 bytes");
            }
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
