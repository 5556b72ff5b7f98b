//! Google sign-in: OpenID Connect authorization-code flow with PKCE and `state`.
//!
//! `begin` stores the PKCE verifier under the random `state` (10 minutes, single use) and the
//! handler binds that state to the browser with a cookie, so a callback only completes in the
//! browser that started it. `finish` exchanges the code (sending the verifier) and reads the
//! profile from the userinfo endpoint. All endpoints come from config, so a local stub can
//! stand in for Google in tests.

use std::sync::Arc;
use std::time::Duration;

use oauth2::basic::BasicClient;
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet, EndpointSet,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse, TokenUrl,
};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};

use crate::config::Settings;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::kv::KvStore;

/// How long a started login may take to come back.
pub const LOGIN_TTL: Duration = Duration::from_secs(600);

type OAuthClient =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

pub struct GoogleOidc {
    client: OAuthClient,
    userinfo_url: String,
    http: reqwest::Client,
    kv: Arc<dyn KvStore>,
}

/// What Google tells us about the person.
#[derive(Debug, Clone, Deserialize)]
pub struct GoogleProfile {
    pub sub: String,
    pub email: String,
    #[serde(default)]
    pub email_verified: bool,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub picture: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct PendingLogin {
    verifier: String,
    return_to: String,
}

/// A login that has been started: where to send the browser and the state to bind to it.
pub struct Started {
    pub redirect: url::Url,
    pub state: String,
}

impl GoogleOidc {
    /// `None` when no client id is configured (Google login is then answered with 404).
    pub fn from_settings(
        settings: &Settings,
        kv: Arc<dyn KvStore>,
    ) -> anyhow::Result<Option<Self>> {
        let google = &settings.google;
        let Some(client_id) = &google.client_id else {
            return Ok(None);
        };
        let redirect = format!(
            "{}/api/auth/google/callback",
            settings.http.public_url.trim_end_matches('/')
        );
        let client = BasicClient::new(ClientId::new(client_id.clone()))
            .set_client_secret(ClientSecret::new(
                google.client_secret.expose_secret().to_owned(),
            ))
            .set_auth_uri(AuthUrl::new(google.auth_url.clone())?)
            .set_token_uri(TokenUrl::new(google.token_url.clone())?)
            .set_redirect_uri(RedirectUrl::new(redirect)?);
        let http = reqwest::Client::builder()
            // Following redirects from the token endpoint would open SSRF holes.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Some(Self {
            client,
            userinfo_url: google.userinfo_url.clone(),
            http,
            kv,
        }))
    }

    pub async fn begin(&self, return_to: &str) -> ApiResult<Started> {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (redirect, state) = self
            .client
            .authorize_url(CsrfToken::new_random)
            .add_scope(Scope::new("openid".into()))
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        let pending = PendingLogin {
            verifier: verifier.secret().clone(),
            return_to: return_to.to_owned(),
        };
        let pending = serde_json::to_string(&pending).map_err(ApiError::internal)?;
        self.kv
            .put(&pending_key(state.secret()), &pending, LOGIN_TTL)
            .await?;
        Ok(Started {
            redirect,
            state: state.secret().clone(),
        })
    }

    /// Completes the login started with `state`; returns the profile and where to send the
    /// browser afterwards.
    pub async fn finish(&self, state: &str, code: &str) -> ApiResult<(GoogleProfile, String)> {
        let pending = self.kv.take(&pending_key(state)).await?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::LoginExpired,
                "this login has expired or was already used",
            )
        })?;
        let pending: PendingLogin = serde_json::from_str(&pending).map_err(ApiError::internal)?;
        let token = self
            .client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier))
            .request_async(&self.http)
            .await
            .map_err(|error| {
                tracing::warn!(error = %error, "Google code exchange failed");
                ApiError::new(ErrorCode::LoginFailed, "Google did not accept the sign-in")
            })?;
        let profile: GoogleProfile = self
            .http
            .get(&self.userinfo_url)
            .bearer_auth(token.access_token().secret())
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|error| ApiError::unavailable(ErrorCode::IdentityProviderUnavailable, error))?
            .json()
            .await
            .map_err(ApiError::internal)?;
        if !profile.email_verified {
            return Err(ApiError::new(
                ErrorCode::EmailNotVerified,
                "Google has not verified this email address",
            ));
        }
        Ok((profile, pending.return_to))
    }
}

fn pending_key(state: &str) -> String {
    format!("oidc:pending:{state}")
}
