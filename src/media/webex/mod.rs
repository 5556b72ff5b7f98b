//! Webex: connect an account (OAuth code flow), list its meeting recordings, and import one
//! into a space as a background job that streams the file into storage. Tokens are stored
//! encrypted ([`crypto`]) and refreshed when they expire.

pub mod crypto;
pub mod import;

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::config::{Settings, WebexSettings};
use crate::db::models::ExternalAccount;
use crate::db::schema::external_accounts;
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::kv::KvStore;
use crate::with_conn;
use crypto::TokenCipher;

pub const PROVIDER: &str = "webex";
/// A token this close to expiring is refreshed first.
const REFRESH_MARGIN_SECS: i64 = 60;

pub struct Webex {
    settings: WebexSettings,
    client_id: String,
    redirect_uri: String,
    http: reqwest::Client,
    cipher: TokenCipher,
    kv: Arc<dyn KvStore>,
}

/// What Webex's token endpoint answers.
#[derive(Debug, Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: i64,
    refresh_token: Option<String>,
}

/// One recording, as listed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Recording {
    pub id: String,
    #[serde(default)]
    pub topic: String,
    pub create_time: Option<String>,
    pub duration_seconds: Option<i64>,
    pub size_bytes: Option<i64>,
    pub format: Option<String>,
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

fn upstream(error: impl Into<anyhow::Error>) -> ApiError {
    ApiError::unavailable(ErrorCode::WebexUnavailable, error)
}

fn not_connected() -> ApiError {
    ApiError::new(
        ErrorCode::WebexNotConnected,
        "connect a Webex account first",
    )
}

impl Webex {
    /// `None` when no client id is configured (the integration is off).
    pub fn from_settings(
        settings: &Settings,
        kv: Arc<dyn KvStore>,
    ) -> anyhow::Result<Option<Self>> {
        let webex = &settings.webex;
        let Some(client_id) = webex.client_id.clone() else {
            return Ok(None);
        };
        let public = settings.http.public_url.trim_end_matches('/');
        Ok(Some(Self {
            settings: webex.clone(),
            client_id,
            redirect_uri: format!("{public}/api/integrations/webex/callback"),
            http: reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(10))
                // A download that stalls for a minute is abandoned.
                .read_timeout(Duration::from_secs(60))
                .redirect(download_redirects(webex.clone()))
                .build()?,
            cipher: TokenCipher::new(&webex.token_key, &settings.auth.jwt_secret)?,
            kv,
        }))
    }

    pub fn api(&self, path: &str) -> String {
        format!("{}{path}", self.settings.api_url.trim_end_matches('/'))
    }

    pub fn authorize_url(&self, state: &str) -> String {
        let mut url = url::Url::parse(&self.settings.authorize_url)
            .unwrap_or_else(|_| url::Url::parse("https://webexapis.com/v1/authorize").unwrap());
        url.query_pairs_mut()
            .append_pair("client_id", &self.client_id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", &self.redirect_uri)
            .append_pair("scope", &self.settings.scopes)
            .append_pair("state", state);
        url.into()
    }

    async fn token_request(&self, form: &[(&str, &str)]) -> ApiResult<TokenResponse> {
        let secret = self.settings.client_secret.expose_secret();
        let mut body = vec![
            ("client_id", self.client_id.as_str()),
            ("client_secret", secret),
        ];
        body.extend_from_slice(form);
        let response = self
            .http
            .post(self.api("/v1/access_token"))
            .form(&body)
            .timeout(Duration::from_secs(15))
            .send()
            .await
            .map_err(upstream)?;
        if response.status().is_client_error()
            && response.status() != reqwest::StatusCode::TOO_MANY_REQUESTS
        {
            // A spent code, or a refresh token Webex revoked: only connecting again helps.
            return Err(not_connected());
        }
        response
            .error_for_status()
            .map_err(upstream)?
            .json()
            .await
            .map_err(upstream)
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
        self.store(db, user_id, &tokens).await
    }

    async fn store(&self, db: &Db, user_id: &str, tokens: &TokenResponse) -> ApiResult<()> {
        let now = db::now();
        let refresh = tokens
            .refresh_token
            .as_ref()
            .map(|token| self.cipher.seal(token, &format!("{user_id}/refresh")));
        let row = ExternalAccount {
            id: db::new_id(),
            user_id: user_id.to_owned(),
            provider: PROVIDER.to_owned(),
            external_id: None,
            access_token_ciphertext: self
                .cipher
                .seal(&tokens.access_token, &format!("{user_id}/access")),
            refresh_token_ciphertext: refresh,
            expires_at: Some(now + chrono::Duration::seconds(tokens.expires_in)),
            scopes: self.settings.scopes.clone(),
            created_at: now,
            updated_at: now,
        };
        let row = &row;
        with_conn!(db, |conn| diesel::insert_into(external_accounts::table)
            .values(row)
            .on_conflict((external_accounts::user_id, external_accounts::provider))
            .do_update()
            .set((
                external_accounts::access_token_ciphertext.eq(&row.access_token_ciphertext),
                external_accounts::refresh_token_ciphertext.eq(&row.refresh_token_ciphertext),
                external_accounts::expires_at.eq(row.expires_at),
                external_accounts::scopes.eq(&row.scopes),
                external_accounts::updated_at.eq(now),
            ))
            .execute(conn)
            .await)?;
        Ok(())
    }

    /// Stores refreshed tokens on the existing row only: a disconnect meanwhile wins.
    async fn update(
        &self,
        db: &Db,
        user_id: &str,
        tokens: &TokenResponse,
        old_refresh: Vec<u8>,
    ) -> ApiResult<()> {
        let now = db::now();
        let access = self
            .cipher
            .seal(&tokens.access_token, &format!("{user_id}/access"));
        let refresh = match &tokens.refresh_token {
            Some(token) => self.cipher.seal(token, &format!("{user_id}/refresh")),
            None => old_refresh,
        };
        let expires_at = now + chrono::Duration::seconds(tokens.expires_in);
        let updated = with_conn!(db, |conn| diesel::update(
            external_accounts::table
                .filter(external_accounts::user_id.eq(user_id))
                .filter(external_accounts::provider.eq(PROVIDER))
        )
        .set((
            external_accounts::access_token_ciphertext.eq(&access),
            external_accounts::refresh_token_ciphertext.eq(Some(&refresh)),
            external_accounts::expires_at.eq(expires_at),
            external_accounts::updated_at.eq(now),
        ))
        .execute(conn)
        .await)?;
        if updated == 0 {
            return Err(not_connected());
        }
        Ok(())
    }

    /// Starts a user's sign-in at Webex: a fresh nonce (the OAuth `state`) remembered for
    /// `ttl` as theirs.
    pub async fn start_sign_in(&self, user_id: &str, ttl: Duration) -> ApiResult<String> {
        use base64::Engine;
        let nonce =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
        self.kv.put(&state_key(&nonce), user_id, ttl).await?;
        Ok(nonce)
    }

    /// Whose sign-in the nonce belongs to, once (`None`: unknown, used or expired).
    pub async fn finish_sign_in(&self, nonce: &str) -> ApiResult<Option<String>> {
        Ok(self.kv.take(&state_key(nonce)).await?)
    }

    /// Forgets a user's Webex account and its tokens.
    pub async fn disconnect(db: &Db, user_id: &str) -> ApiResult<()> {
        with_conn!(db, |conn| diesel::delete(
            external_accounts::table
                .filter(external_accounts::user_id.eq(user_id))
                .filter(external_accounts::provider.eq(PROVIDER))
        )
        .execute(conn)
        .await)?;
        Ok(())
    }

    pub async fn account(db: &Db, user_id: &str) -> ApiResult<Option<ExternalAccount>> {
        Ok(with_conn!(db, |conn| external_accounts::table
            .filter(external_accounts::user_id.eq(user_id))
            .filter(external_accounts::provider.eq(PROVIDER))
            .select(ExternalAccount::as_select())
            .first(conn)
            .await
            .optional())?)
    }

    /// A valid access token for the user, refreshed first when it is about to expire.
    pub async fn access_token(&self, db: &Db, user_id: &str) -> ApiResult<SecretString> {
        let account = Self::account(db, user_id)
            .await?
            .ok_or_else(not_connected)?;
        let expiring = account.expires_at.is_none_or(|at: NaiveDateTime| {
            at - chrono::Duration::seconds(REFRESH_MARGIN_SECS) <= db::now()
        });
        if !expiring {
            let token = self
                .cipher
                .open(
                    &account.access_token_ciphertext,
                    &format!("{user_id}/access"),
                )
                .map_err(|_| not_connected())?;
            return Ok(SecretString::from(token));
        }
        let sealed = account
            .refresh_token_ciphertext
            .clone()
            .ok_or_else(not_connected)?;
        let refresh = self
            .cipher
            .open(&sealed, &format!("{user_id}/refresh"))
            .map_err(|_| not_connected())?;
        let tokens = self
            .token_request(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)])
            .await?;
        self.update(db, user_id, &tokens, sealed).await?;
        Ok(SecretString::from(tokens.access_token))
    }

    /// A page of recordings and the next page's URL (Webex's `Link: <…>; rel="next"`).
    pub async fn recordings(
        &self,
        token: &SecretString,
        url: &str,
    ) -> ApiResult<(Vec<Recording>, Option<String>)> {
        let response = self.get(token, url).await?;
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
        let list: RecordingList = response.json().await.map_err(upstream)?;
        Ok((list.items, next))
    }

    /// The recording's temporary download link and its content type.
    pub async fn download_link(
        &self,
        token: &SecretString,
        id: &str,
    ) -> ApiResult<(String, String)> {
        let path = format!("/v1/recordings/{}", urlencode(id));
        let detail: RecordingDetail = self
            .get(token, &self.api(&path))
            .await?
            .json()
            .await
            .map_err(upstream)?;
        let link = detail
            .temporary_direct_download_links
            .and_then(|links| links.recording_download_link)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::RecordingUnavailable,
                    "Webex offers no download of this recording",
                )
            })?;
        let allowed =
            url::Url::parse(&link).is_ok_and(|url| self.settings.allows_download_from(&url));
        if !allowed {
            tracing::warn!(
                recording = id,
                "a Webex download link outside webex.download_hosts"
            );
            return Err(ApiError::new(
                ErrorCode::RecordingUnavailable,
                "the recording's download link is not on a Webex host",
            ));
        }
        let content_type = match detail.format.as_deref() {
            Some("ARF") => "video/x-arf",
            _ => "video/mp4",
        };
        Ok((link, content_type.to_owned()))
    }

    async fn get(&self, token: &SecretString, url: &str) -> ApiResult<reqwest::Response> {
        let response = self
            .http
            .get(url)
            .bearer_auth(token.expose_secret())
            .timeout(Duration::from_secs(15))
            .send()
            .await
            .map_err(upstream)?;
        match response.status() {
            status if status.is_success() => Ok(response),
            reqwest::StatusCode::NOT_FOUND => Err(ApiError::new(
                ErrorCode::RecordingNotFound,
                "Webex has no such recording",
            )),
            reqwest::StatusCode::UNAUTHORIZED | reqwest::StatusCode::FORBIDDEN => {
                Err(not_connected())
            }
            status => Err(upstream(anyhow::anyhow!("Webex answered {status}"))),
        }
    }
}

/// Redirects are followed (at most 5) only to the hosts recordings may come from: a download
/// link must not become a way to make this server fetch anything else.
fn download_redirects(settings: WebexSettings) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() >= 5 {
            attempt.error("too many redirects")
        } else if settings.allows_download_from(attempt.url()) {
            attempt.follow()
        } else {
            let host = attempt.url().host_str().unwrap_or("?").to_owned();
            attempt.error(format!(
                "a redirect to {host} is outside webex.download_hosts"
            ))
        }
    })
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn state_key(nonce: &str) -> String {
    format!("webex:state:{nonce}")
}
