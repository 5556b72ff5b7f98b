//! What a recording provider (Webex, Zoom) adds to the shared integration model: its OAuth
//! endpoints, how it pages its recordings, and where a recording downloads from. Everything
//! else (state, tokens, refresh, cursors, the import job) is in [`super`].

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ApiResult, ErrorCode};

/// Decides whether a URL is on a provider's download hosts.
pub type DownloadCheck = std::sync::Arc<dyn Fn(&url::Url) -> bool + Send + Sync>;

/// The providers this server knows, as named in paths (`/api/integrations/{provider}`) and in
/// `external_accounts.provider`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    Webex,
    Zoom,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 2] = [ProviderKind::Webex, ProviderKind::Zoom];

    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::Webex => "webex",
            ProviderKind::Zoom => "zoom",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// The name people know it by.
    pub fn label(self) -> &'static str {
        match self {
            ProviderKind::Webex => "Webex",
            ProviderKind::Zoom => "Zoom",
        }
    }

    /// The associated data a stored token is sealed with. Webex keeps the contexts it had
    /// before Zoom arrived, so tokens stored then still open.
    pub fn token_context(self, user_id: &str, purpose: &str) -> String {
        match self {
            ProviderKind::Webex => format!("{user_id}/{purpose}"),
            ProviderKind::Zoom => format!("{user_id}/zoom/{purpose}"),
        }
    }

    /// The account is missing or its grant no longer works: only connecting again helps.
    pub fn not_connected(self) -> ApiError {
        let code = match self {
            ProviderKind::Webex => ErrorCode::WebexNotConnected,
            ProviderKind::Zoom => ErrorCode::ZoomNotConnected,
        };
        ApiError::new(code, format!("connect a {} account first", self.label()))
    }

    /// The provider could not be reached or answered with a server error.
    pub fn unavailable(self, error: impl Into<anyhow::Error>) -> ApiError {
        let code = match self {
            ProviderKind::Webex => ErrorCode::WebexUnavailable,
            ProviderKind::Zoom => ErrorCode::ZoomUnavailable,
        };
        ApiError::unavailable(code, error)
    }
}

/// One importable recording, as listed (the same shape for every provider).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Recording {
    /// What `POST /api/spaces/{id}/imports/{provider}` takes as `recordingId`.
    pub id: String,
    #[serde(default)]
    pub topic: String,
    pub create_time: Option<String>,
    pub duration_seconds: Option<i64>,
    pub size_bytes: Option<i64>,
    pub format: Option<String>,
    /// Still being processed by the provider: listed, but not importable yet.
    #[serde(default)]
    pub processing: bool,
}

/// What a token endpoint answers (the same fields at Webex and Zoom).
#[derive(Debug, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    pub expires_in: i64,
    pub refresh_token: Option<String>,
}

/// One page: its recordings and the provider URL of the next page.
pub struct RecordingPage {
    pub items: Vec<Recording>,
    pub next: Option<String>,
}

/// Where a recording's bytes are, and how to ask for them.
pub struct Download {
    pub url: String,
    pub content_type: String,
    /// Send the user's access token (`Authorization: Bearer`); otherwise the link itself is the
    /// credential.
    pub bearer: bool,
}

/// The provider's API, called with one user's access token. Maps the answers every provider
/// shares: 401/403 ask to reconnect, 404 is no such recording, anything else is unavailable.
pub struct Caller<'a> {
    pub http: &'a reqwest::Client,
    pub token: &'a SecretString,
    pub kind: ProviderKind,
}

impl Caller<'_> {
    pub async fn get(&self, url: &str) -> ApiResult<reqwest::Response> {
        let response = self
            .http
            .get(url)
            .bearer_auth(self.token.expose_secret())
            .timeout(std::time::Duration::from_secs(15))
            .send()
            .await
            .map_err(|error| self.kind.unavailable(error))?;
        match response.status() {
            status if status.is_success() => Ok(response),
            reqwest::StatusCode::NOT_FOUND => Err(ApiError::new(
                ErrorCode::RecordingNotFound,
                format!("{} has no such recording", self.kind.label()),
            )),
            reqwest::StatusCode::UNAUTHORIZED | reqwest::StatusCode::FORBIDDEN => {
                Err(self.kind.not_connected())
            }
            status => Err(self
                .kind
                .unavailable(anyhow::anyhow!("{} answered {status}", self.kind.label()))),
        }
    }

    pub async fn json<T: serde::de::DeserializeOwned>(&self, url: &str) -> ApiResult<T> {
        self.get(url)
            .await?
            .json()
            .await
            .map_err(|error| self.kind.unavailable(error))
    }
}

/// A provider's own API client.
#[async_trait]
pub trait RecordingProvider: Send + Sync {
    fn kind(&self) -> ProviderKind;

    /// The consent page to send the browser to.
    fn authorize_url(&self, redirect_uri: &str, state: &str) -> String;

    /// A request to the token endpoint for this grant (`grant_type` and its fields in
    /// `form`), with the client's credentials as the provider wants them.
    fn token_request(
        &self,
        http: &reqwest::Client,
        form: &[(&str, &str)],
    ) -> reqwest::RequestBuilder;

    /// The scopes recorded with a stored account.
    fn scopes(&self) -> String;

    /// The list endpoint: every page URL (and so every cursor) starts with it and `?`.
    fn list_endpoint(&self) -> String;

    /// The first page's URL: `limit` items, recordings from `from` (inclusive) to `to`
    /// (exclusive), both already checked.
    fn first_page(
        &self,
        limit: i64,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> ApiResult<String>;

    /// Fetches one page of the list.
    async fn page(&self, caller: &Caller<'_>, url: &str) -> ApiResult<RecordingPage>;

    /// Where the recording `id` downloads from, refused with a clear code when it cannot be
    /// imported (not found, still processing, not a video, a link off the allowed hosts).
    async fn download(&self, caller: &Caller<'_>, id: &str) -> ApiResult<Download>;

    /// Whether a download (or a redirect of one) may go to a URL: the provider's
    /// `download_hosts`.
    fn download_check(&self) -> DownloadCheck;
}
