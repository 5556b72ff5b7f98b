//! `[zoom]`: the Zoom cloud-recordings integration (none without a client id).

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{SettingsError, decode_token_key, empty_as_none, invalid};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoomSettings {
    #[serde(deserialize_with = "empty_as_none")]
    pub client_id: Option<String>,
    pub client_secret: SecretString,
    /// The redirect URI registered with the Zoom app; `None`: the callback under
    /// `http.public_url`.
    #[serde(deserialize_with = "empty_as_none")]
    pub redirect_uri: Option<String>,
    /// Zoom's OAuth host: `{oauth_base}/oauth/authorize` and `{oauth_base}/oauth/token`.
    pub oauth_base: String,
    /// Zoom's REST API, version included (`https://api.zoom.us/v2`).
    pub api_base: String,
    /// Hosts (and their subdomains), comma-separated, a recording is downloaded from.
    pub download_hosts: String,
    pub token_key: SecretString,
}

impl ZoomSettings {
    pub fn allows_download_from(&self, url: &url::Url) -> bool {
        super::download_hosts::allows_download(&self.download_hosts, &self.api_base, url)
    }

    pub(super) fn check(&self) -> Result<(), SettingsError> {
        if self.client_id.is_none() {
            return Ok(());
        }
        if self.client_secret.expose_secret().is_empty() {
            return invalid("zoom.client_secret", "is required with zoom.client_id");
        }
        let key = self.token_key.expose_secret();
        if !key.is_empty() && decode_token_key(key).is_none() {
            return invalid("zoom.token_key", "must be base64 of exactly 32 bytes");
        }
        for (setting, value) in [
            ("zoom.oauth_base", &self.oauth_base),
            ("zoom.api_base", &self.api_base),
        ] {
            if url::Url::parse(value).is_err() {
                return invalid(setting, "must be a URL");
            }
        }
        if let Some(uri) = &self.redirect_uri
            && url::Url::parse(uri).is_err()
        {
            return invalid("zoom.redirect_uri", "must be a URL");
        }
        Ok(())
    }

    /// What production needs beyond [`check`](Self::check).
    pub(super) fn check_production(&self) -> Result<(), SettingsError> {
        if self.client_id.is_some() && self.token_key.expose_secret().is_empty() {
            return invalid("zoom.token_key", "is required in production");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;

    #[test]
    fn zoom_downloads_come_only_from_zoom_hosts_over_https() {
        let zoom = Settings::defaults().unwrap().zoom;
        let allows = |url: &str| zoom.allows_download_from(&url::Url::parse(url).unwrap());
        assert!(allows("https://zoom.us/rec/download/abc"));
        assert!(allows("https://ssrweb.zoom.us/file/xyz"));
        assert!(!allows("http://zoom.us/rec/download/abc"), "plain http");
        assert!(!allows("https://evilzoom.us/a"));
        assert!(!allows("https://zoom.us.evil.net/a"));
        assert!(!allows("https://169.254.169.254/latest/meta-data/"));
    }
}
