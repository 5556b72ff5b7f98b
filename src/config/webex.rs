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
    /// Hosts (and their subdomains), comma-separated, a recording is downloaded from; a
    /// download link or redirect elsewhere is refused.
    pub download_hosts: String,
}

impl WebexSettings {
    /// Whether a download may be fetched from `url`: https (or the configured API's own
    /// scheme, for local stubs) on an allowed host or one of its subdomains.
    pub fn allows_download_from(&self, url: &url::Url) -> bool {
        super::download_hosts::allows_download(&self.download_hosts, &self.api_url, url)
    }

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

#[cfg(test)]
mod tests {
    use crate::config::Settings;

    #[test]
    fn downloads_come_only_from_the_allowed_hosts_over_https() {
        let webex = Settings::defaults().unwrap().webex;
        let allows = |url: &str| webex.allows_download_from(&url::Url::parse(url).unwrap());
        assert!(allows("https://cisco.webex.com/nbr/download?x=1"));
        assert!(allows("https://webex.com/a"));
        assert!(allows("https://x.y.wbx2.com/a"));
        assert!(!allows("http://cisco.webex.com/a"), "plain http");
        assert!(
            !allows("https://evilwebex.com/a"),
            "a suffix that is not a subdomain"
        );
        assert!(!allows("https://webex.com.evil.net/a"));
        assert!(!allows("https://169.254.169.254/latest/meta-data/"));
    }
}
