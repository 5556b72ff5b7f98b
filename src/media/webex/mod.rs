//! Webex's API client for the shared recordings integration ([`crate::media::recordings`]):
//! its OAuth endpoints (client credentials in the form), the recordings list paged by a
//! `Link: <…>; rel="next"` header, and a recording's temporary direct download link.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;
use serde::Deserialize;

use crate::config::{Settings, WebexSettings};
use crate::db::Db;
use crate::db::models::ExternalAccount;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::kv::KvStore;
use crate::media::recordings::provider::{Caller, DownloadCheck};
use crate::media::recordings::{
    Download, Integration, IntegrationParts, ProviderKind, Recording, RecordingPage,
    RecordingProvider, accounts, urlencode,
};

/// The token cipher, where it always was.
pub use crate::media::recordings::crypto;

/// Webex's API client.
pub struct Webex {
    settings: WebexSettings,
    client_id: String,
}

#[derive(Debug, Deserialize)]
struct RecordingList {
    #[serde(default)]
    items: Vec<Recording>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RecordingDetail {
    format: Option<String>,
    temporary_direct_download_links: Option<DownloadLinks>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DownloadLinks {
    recording_download_link: Option<String>,
}

impl Webex {
    /// The Webex integration, or `None` when no client id is configured (it is off).
    pub fn integration(
        settings: &Settings,
        kv: Arc<dyn KvStore>,
    ) -> anyhow::Result<Option<Integration>> {
        let webex = &settings.webex;
        let Some(client_id) = webex.client_id.clone() else {
            return Ok(None);
        };
        let public = settings.http.public_url.trim_end_matches('/');
        let parts = IntegrationParts {
            redirect_uri: format!("{public}/api/integrations/webex/callback"),
            cipher: crypto::TokenCipher::new(&webex.token_key, &settings.auth.jwt_secret)?,
            kv,
        };
        let client = Self {
            settings: webex.clone(),
            client_id,
        };
        Integration::new(Box::new(client), parts).map(Some)
    }

    /// The user's stored Webex account, if connected.
    pub async fn account(db: &Db, user_id: &str) -> ApiResult<Option<ExternalAccount>> {
        accounts::find(db, ProviderKind::Webex, user_id).await
    }

    fn api(&self, path: &str) -> String {
        format!("{}{path}", self.settings.api_url.trim_end_matches('/'))
    }
}

#[async_trait]
impl RecordingProvider for Webex {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Webex
    }

    fn authorize_url(&self, redirect_uri: &str, state: &str) -> String {
        let mut url = url::Url::parse(&self.settings.authorize_url)
            .unwrap_or_else(|_| url::Url::parse("https://webexapis.com/v1/authorize").unwrap());
        url.query_pairs_mut()
            .append_pair("client_id", &self.client_id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("scope", &self.settings.scopes)
            .append_pair("state", state);
        url.into()
    }

    fn token_request(
        &self,
        http: &reqwest::Client,
        form: &[(&str, &str)],
    ) -> reqwest::RequestBuilder {
        let mut body = vec![
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.settings.client_secret.expose_secret()),
        ];
        body.extend_from_slice(form);
        http.post(self.api("/v1/access_token")).form(&body)
    }

    fn scopes(&self) -> String {
        self.settings.scopes.clone()
    }

    fn list_endpoint(&self) -> String {
        self.api("/v1/recordings")
    }

    /// Webex takes `from` and `to` as instants; without them it lists the last 7 days.
    fn first_page(
        &self,
        limit: i64,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> ApiResult<String> {
        let mut url = url::Url::parse(&self.list_endpoint()).map_err(ApiError::internal)?;
        url.query_pairs_mut().append_pair("max", &limit.to_string());
        for (name, value) in [("from", from), ("to", to)] {
            if let Some(at) = value {
                let at = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                url.query_pairs_mut().append_pair(name, &at);
            }
        }
        Ok(url.into())
    }

    /// A page of recordings and the next page's URL (Webex's `Link: <…>; rel="next"`).
    async fn page(&self, caller: &Caller<'_>, url: &str) -> ApiResult<RecordingPage> {
        let response = caller.get(url).await?;
        let next = response
            .headers()
            .get_all(reqwest::header::LINK)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .find(|link| link.contains("rel=\"next\""))
            .and_then(|link| {
                let start = link.find('<')? + 1;
                let end = link.find('>')?;
                Some(link[start..end].to_owned())
            });
        let list: RecordingList = response
            .json()
            .await
            .map_err(|error| ProviderKind::Webex.unavailable(error))?;
        Ok(RecordingPage {
            items: list.items,
            next,
        })
    }

    /// The recording's temporary direct download link (the link is the credential).
    async fn download(&self, caller: &Caller<'_>, id: &str) -> ApiResult<Download> {
        let path = format!("/v1/recordings/{}", urlencode(id));
        let detail: RecordingDetail = caller.json(&self.api(&path)).await?;
        let url = detail
            .temporary_direct_download_links
            .and_then(|links| links.recording_download_link)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::RecordingUnavailable,
                    "Webex offers no download of this recording",
                )
            })?;
        let content_type = match detail.format.as_deref() {
            Some("ARF") => "video/x-arf",
            _ => "video/mp4",
        };
        Ok(Download {
            url,
            content_type: content_type.to_owned(),
            bearer: false,
        })
    }

    fn download_check(&self) -> DownloadCheck {
        let settings = self.settings.clone();
        Arc::new(move |url| settings.allows_download_from(url))
    }
}
