//! The integration model every recording provider shares: connect an account (OAuth code
//! flow with a single-use `state`), keep its tokens encrypted ([`crypto`], [`accounts`]) and
//! refresh them before they expire, list recordings a page at a time with a date range
//! (cursors that only ever point at the provider's own list endpoint), and import one into a
//! space as a background job ([`import`]) that streams the file into storage with progress
//! events, can be cancelled, and fails the video with the reason.
//!
//! A provider adds only its API client ([`provider::RecordingProvider`]): `media::webex`,
//! `media::zoom`.

pub mod accounts;
pub mod crypto;
pub mod import;
pub mod provider;

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDateTime, Utc};
use secrecy::SecretString;

use crate::db::models::ExternalAccount;
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::kv::KvStore;
use crypto::TokenCipher;
pub use provider::{Download, ProviderKind, Recording, RecordingPage, RecordingProvider, Tokens};

/// A token this close to expiring is refreshed first.
const REFRESH_MARGIN_SECS: i64 = 60;
/// The longest date range a listing may ask for (Webex allows 30 days, Zoom a month).
pub const MAX_RANGE: chrono::TimeDelta = chrono::TimeDelta::days(30);

/// One configured provider with the shared machinery around its API client.
pub struct Integration {
    provider: Box<dyn RecordingProvider>,
    redirect_uri: String,
    /// Follows redirects only to the provider's download hosts ([`download_redirects`]).
    pub(crate) http: reqwest::Client,
    cipher: TokenCipher,
    kv: Arc<dyn KvStore>,
}

/// The providers configured on this server.
#[derive(Default)]
pub struct Integrations {
    pub webex: Option<Integration>,
    pub zoom: Option<Integration>,
}

impl Integrations {
    pub fn get(&self, kind: ProviderKind) -> Option<&Integration> {
        match kind {
            ProviderKind::Webex => self.webex.as_ref(),
            ProviderKind::Zoom => self.zoom.as_ref(),
        }
    }
}

/// What building an [`Integration`] needs besides the provider.
pub struct IntegrationParts {
    pub redirect_uri: String,
    pub cipher: TokenCipher,
    pub kv: Arc<dyn KvStore>,
}

impl Integration {
    pub fn new(
        provider: Box<dyn RecordingProvider>,
        parts: IntegrationParts,
    ) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            // A download that stalls for a minute is abandoned.
            .read_timeout(Duration::from_secs(60))
            .redirect(download_redirects(provider.as_ref()))
            .build()?;
        Ok(Self {
            http,
            redirect_uri: parts.redirect_uri,
            cipher: parts.cipher,
            kv: parts.kv,
            provider,
        })
    }

    pub fn kind(&self) -> ProviderKind {
        self.provider.kind()
    }

    pub fn authorize_url(&self, state: &str) -> String {
        self.provider.authorize_url(&self.redirect_uri, state)
    }

    /// Starts a user's sign-in at the provider: a fresh nonce (the OAuth `state`) remembered
    /// for `ttl` as theirs.
    pub async fn start_sign_in(&self, user_id: &str, ttl: Duration) -> ApiResult<String> {
        let nonce = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
        self.kv.put(&self.state_key(&nonce), user_id, ttl).await?;
        Ok(nonce)
    }

    /// Whose sign-in the nonce belongs to, once (`None`: unknown, used or expired).
    pub async fn finish_sign_in(&self, nonce: &str) -> ApiResult<Option<String>> {
        Ok(self.kv.take(&self.state_key(nonce)).await?)
    }

    fn state_key(&self, nonce: &str) -> String {
        format!("{}:state:{nonce}", self.kind().as_str())
    }

    async fn token_request(&self, form: &[(&str, &str)]) -> ApiResult<Tokens> {
        let kind = self.kind();
        let response = self
            .provider
            .token_request(&self.http, form)
            .timeout(Duration::from_secs(15))
            .send()
            .await
            .map_err(|error| kind.unavailable(error))?;
        let status = response.status();
        if status.is_client_error() && status != reqwest::StatusCode::TOO_MANY_REQUESTS {
            // A spent code, or a grant the provider revoked (`invalid_grant`): only
            // connecting again helps.
            let body = response.text().await.unwrap_or_default();
            tracing::info!(provider = kind.as_str(), %status, body = %body.chars().take(200).collect::<String>(),
                "the token endpoint refused a grant");
            return Err(kind.not_connected());
        }
        response
            .error_for_status()
            .map_err(|error| kind.unavailable(error))?
            .json()
            .await
            .map_err(|error| kind.unavailable(error))
    }

    /// Exchanges the callback's code and stores the account's tokens, encrypted.
    pub async fn connect(&self, db: &Db, user_id: &str, code: &str) -> ApiResult<()> {
        let tokens = self
            .token_request(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", &self.redirect_uri),
            ])
            .await?;
        accounts::store(
            db,
            self.kind(),
            &self.cipher,
            user_id,
            &tokens,
            self.provider.scopes(),
        )
        .await
    }

    pub async fn account(&self, db: &Db, user_id: &str) -> ApiResult<Option<ExternalAccount>> {
        accounts::find(db, self.kind(), user_id).await
    }

    pub async fn disconnect(&self, db: &Db, user_id: &str) -> ApiResult<()> {
        accounts::delete(db, self.kind(), user_id).await
    }

    /// A valid access token for the user, refreshed first when it is about to expire.
    pub async fn access_token(&self, db: &Db, user_id: &str) -> ApiResult<SecretString> {
        let kind = self.kind();
        let account = self
            .account(db, user_id)
            .await?
            .ok_or_else(|| kind.not_connected())?;
        let expiring = account.expires_at.is_none_or(|at: NaiveDateTime| {
            at - chrono::Duration::seconds(REFRESH_MARGIN_SECS) <= db::now()
        });
        if !expiring {
            let token = self
                .cipher
                .open(
                    &account.access_token_ciphertext,
                    &kind.token_context(user_id, "access"),
                )
                .map_err(|_| kind.not_connected())?;
            return Ok(SecretString::from(token));
        }
        let sealed = account
            .refresh_token_ciphertext
            .clone()
            .ok_or_else(|| kind.not_connected())?;
        let refresh = self
            .cipher
            .open(&sealed, &kind.token_context(user_id, "refresh"))
            .map_err(|_| kind.not_connected())?;
        let tokens = self
            .token_request(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)])
            .await?;
        if !accounts::update(db, kind, &self.cipher, user_id, &tokens, sealed).await? {
            return Err(kind.not_connected());
        }
        Ok(SecretString::from(tokens.access_token))
    }

    fn caller<'a>(&'a self, token: &'a SecretString) -> provider::Caller<'a> {
        provider::Caller {
            http: &self.http,
            token,
            kind: self.kind(),
        }
    }

    /// A page of the user's recordings: the first (`limit` items of a checked date range), or
    /// the one a cursor from an earlier page names. The answer's cursor is opaque to clients.
    pub async fn recordings(
        &self,
        db: &Db,
        user_id: &str,
        request: PageRequest<'_>,
    ) -> ApiResult<(Vec<Recording>, Option<String>)> {
        let url = match request {
            PageRequest::Cursor(cursor) => self.cursor_url(cursor)?,
            PageRequest::First { limit, from, to } => self.provider.first_page(limit, from, to)?,
        };
        let token = self.access_token(db, user_id).await?;
        let page = self.provider.page(&self.caller(&token), &url).await?;
        Ok((
            page.items,
            page.next.map(|next| URL_SAFE_NO_PAD.encode(next)),
        ))
    }

    /// A cursor is a provider URL; only ever one of its list endpoint, so that no cursor can
    /// send the user's token anywhere else.
    fn cursor_url(&self, cursor: &str) -> ApiResult<String> {
        let base = self.provider.list_endpoint();
        URL_SAFE_NO_PAD
            .decode(cursor)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .filter(|url| url.starts_with(&format!("{base}?")))
            .ok_or_else(|| ApiError::new(ErrorCode::InvalidCursor, "the cursor is not valid"))
    }

    /// Where the recording downloads from, checked importable, with a fresh token.
    pub async fn download(
        &self,
        db: &Db,
        user_id: &str,
        recording_id: &str,
    ) -> ApiResult<(Download, SecretString)> {
        let token = self.access_token(db, user_id).await?;
        let download = self
            .provider
            .download(&self.caller(&token), recording_id)
            .await?;
        let allowed =
            url::Url::parse(&download.url).is_ok_and(|url| (self.provider.download_check())(&url));
        if !allowed {
            tracing::warn!(
                provider = self.kind().as_str(),
                recording = recording_id,
                "a download link outside the provider's download_hosts"
            );
            return Err(ApiError::new(
                ErrorCode::RecordingUnavailable,
                format!(
                    "the recording's download link is not on a {} host",
                    self.kind().label()
                ),
            ));
        }
        Ok((download, token))
    }
}

/// Which page of recordings to list.
pub enum PageRequest<'a> {
    First {
        limit: i64,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    },
    Cursor(&'a str),
}

/// Redirects are followed (at most 5) only to the hosts recordings may come from: a download
/// link must not become a way to make this server fetch anything else. (reqwest drops the
/// `Authorization` header on a redirect to another host.)
fn download_redirects(provider: &dyn RecordingProvider) -> reqwest::redirect::Policy {
    let kind = provider.kind();
    let check = provider.download_check();
    reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() >= 5 {
            attempt.error("too many redirects")
        } else if check(attempt.url()) {
            attempt.follow()
        } else {
            let host = attempt.url().host_str().unwrap_or("?").to_owned();
            attempt.error(format!(
                "a redirect to {host} is outside {}.download_hosts",
                kind.as_str()
            ))
        }
    })
}

/// URL-encodes one path segment or query value.
pub fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
