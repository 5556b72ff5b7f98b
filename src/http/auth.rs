//! `/api/auth/…`: Google login and callback, token refresh, logout, and the embedded-only
//! dev login.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::error::{ApiError, ApiResult, ErrorBody, ErrorCode};
use crate::http::cookies;
use crate::http::extract::{ValidJson, client_address, not_blank};
use crate::http::state::AppState;
use crate::library::users::{self, Language, SignIn};

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LoginParams {
    /// A path of this site to return to after login (default `/`).
    pub return_to: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallbackParams {
    pub code: Option<String>,
    pub state: Option<String>,
    /// Set by Google when the person declined or something failed on its side.
    pub error: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct DevLogin {
    #[validate(email, length(max = 320))]
    pub email: String,
    /// The account's name. Absent (or null): an existing account keeps its name, a new one
    /// is named after the email's local part.
    #[serde(default)]
    #[validate(length(min = 1, max = 100), custom(function = "not_blank"))]
    pub name: Option<String>,
}

/// Which ways of signing in this server offers, so a sign-in page shows only those (and
/// probes nothing that would fail).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Providers {
    /// `POST /api/auth/dev-login` (embedded profile only).
    pub dev_login: bool,
    /// `GET /api/auth/google/login`.
    pub google: bool,
    /// Webex is configured (`GET /api/integrations/webex/connect` links an account once
    /// signed in; it is not a way to sign in by itself).
    pub webex: bool,
}

/// The sign-in methods this server offers (public).
#[utoipa::path(get, path = "/api/auth/providers", tag = "auth",
    responses((status = 200, body = Providers)))]
#[get("/api/auth/providers")]
pub async fn providers(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .json(Providers {
            dev_login: state.settings.auth.dev_login,
            google: state.google.is_some(),
            webex: state.media.webex.is_some(),
        })
}

/// Starts Google sign-in: redirects to Google with PKCE and a state bound to this browser.
#[utoipa::path(get, path = "/api/auth/google/login", tag = "auth", params(LoginParams),
    responses((status = 302, description = "to Google's consent screen"),
        (status = 404, body = ErrorBody, description = "Google login is not configured"),
        (status = 429, body = ErrorBody, description = "too many sign-ins started from this address")))]
#[get("/api/auth/google/login")]
pub async fn google_login(
    state: web::Data<AppState>,
    request: HttpRequest,
    params: web::Query<LoginParams>,
) -> ApiResult<HttpResponse> {
    let google = state.google.as_ref().ok_or_else(|| {
        ApiError::new(
            ErrorCode::GoogleLoginDisabled,
            "Google login is not configured",
        )
    })?;
    let address = client_address(&request, state.settings.http.proxy_hops);
    state
        .limiter
        .check(state.limiter.limits.login_starts, &format!("ip:{address}"))
        .await?;
    let return_to = safe_return_path(params.return_to.as_deref());
    let started = google.begin(return_to).await?;
    Ok(HttpResponse::Found()
        .insert_header((header::LOCATION, started.redirect.as_str()))
        .cookie(cookies::login_state(&state.settings, started.state))
        .finish())
}

/// Google's redirect back. On success: signs the person up on first login, sets the refresh
/// cookie and sends the browser to the client, which then calls `POST /api/auth/token`. No
/// token ever travels in a URL. On failure: to the client with `?login_error=<code>`.
#[utoipa::path(get, path = "/api/auth/google/callback", tag = "auth", params(CallbackParams),
    responses((status = 303, description = "to the client, signed in or with `login_error`")))]
#[get("/api/auth/google/callback")]
pub async fn google_callback(
    state: web::Data<AppState>,
    request: HttpRequest,
    params: web::Query<CallbackParams>,
) -> HttpResponse {
    match complete_google_login(&state, &request, &params).await {
        Ok((refresh, return_to)) => redirect_to_client(&state, &return_to)
            .cookie(cookies::refresh(&state.settings, refresh))
            .cookie(cookies::clear_login_state(&state.settings))
            .finish(),
        Err(error) => {
            tracing::info!(
                code = error.code().as_str(),
                "Google login failed: {error:?}"
            );
            let to = format!("/?login_error={}", error.code());
            redirect_to_client(&state, &to)
                .cookie(cookies::clear_login_state(&state.settings))
                .finish()
        }
    }
}

async fn complete_google_login(
    state: &AppState,
    request: &HttpRequest,
    params: &CallbackParams,
) -> ApiResult<(String, String)> {
    let google = state.google.as_ref().ok_or_else(|| {
        ApiError::new(
            ErrorCode::GoogleLoginDisabled,
            "Google login is not configured",
        )
    })?;
    if let Some(error) = &params.error {
        return Err(ApiError::new(
            ErrorCode::LoginCancelled,
            format!("Google answered: {error}"),
        ));
    }
    let (Some(code), Some(returned_state)) = (&params.code, &params.state) else {
        return Err(ApiError::new(
            ErrorCode::LoginFailed,
            "the callback lacks code or state",
        ));
    };
    let bound_state = request
        .cookie(cookies::LOGIN_STATE_COOKIE)
        .map(|cookie| cookie.value().to_owned());
    if bound_state.as_deref() != Some(returned_state.as_str()) {
        return Err(ApiError::new(
            ErrorCode::StateMismatch,
            "this login was not started in this browser",
        ));
    }
    let (profile, return_to) = google.finish(returned_state, code).await?;
    let name = profile
        .name
        .clone()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| {
            profile
                .email
                .split('@')
                .next()
                .unwrap_or_default()
                .to_owned()
        });
    let user = users::sign_in(
        &state.db,
        SignIn {
            email: profile.email,
            name: Some(name),
            picture_url: profile.picture,
            google_sub: Some(profile.sub),
            language: language_of(request),
        },
    )
    .await?;
    let refresh = state.refresh.start_family(&user.id).await?;
    Ok((refresh, return_to))
}

/// The sign-in request's preferred language (it names a new account's personal space).
fn language_of(request: &HttpRequest) -> Language {
    request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(Language::from_accept_language)
        .unwrap_or_default()
}

fn redirect_to_client(state: &AppState, path: &str) -> actix_web::HttpResponseBuilder {
    let base = state.settings.http.public_url.trim_end_matches('/');
    let mut response = HttpResponse::SeeOther();
    response.insert_header((header::LOCATION, format!("{base}{path}")));
    response
}

/// Only same-site paths: `/spaces/1` yes, `//evil.example` or `https://…` no.
fn safe_return_path(requested: Option<&str>) -> &str {
    match requested {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path
        }
        _ => "/",
    }
}

/// Exchanges the refresh cookie for a new access token, rotating the refresh token.
/// Presenting an already-rotated token revokes every token of that login.
#[utoipa::path(post, path = "/api/auth/token", tag = "auth",
    responses((status = 200, body = TokenResponse),
        (status = 401, body = ErrorBody, description = "missing, invalid, revoked or reused refresh token")))]
#[post("/api/auth/token")]
pub async fn token(state: web::Data<AppState>, request: HttpRequest) -> ApiResult<HttpResponse> {
    let presented = cookies::refresh_token(&request).ok_or_else(|| {
        ApiError::new(ErrorCode::RefreshTokenMissing, "no refresh cookie was sent")
    })?;
    let rotated = state.refresh.rotate(&presented).await?;
    if let Err(error) = users::find(&state.db, &rotated.user_id).await {
        // A deleted account ends the session; an outage must not.
        if error.code() == ErrorCode::UserNotFound {
            state.refresh.revoke(&rotated.token).await?;
        }
        return Err(error);
    }
    respond_with_tokens(&state, &rotated.user_id, rotated.token)
}

/// Ends this login: the refresh token (and its whole family) is revoked.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth", responses((status = 204)))]
#[post("/api/auth/logout")]
pub async fn logout(state: web::Data<AppState>, request: HttpRequest) -> ApiResult<HttpResponse> {
    if let Some(refresh) = cookies::refresh_token(&request) {
        state.refresh.revoke(&refresh).await?;
    }
    Ok(HttpResponse::NoContent()
        .cookie(cookies::clear_refresh(&state.settings))
        .finish())
}

/// Embedded profile only: signs in (signing up on first use) with just an email and a name.
/// A new account gets a personal space named in the request's `Accept-Language` ("개인 영상"
/// for Korean, else "My videos"). Production answers 404.
#[utoipa::path(post, path = "/api/auth/dev-login", tag = "auth", request_body = DevLogin,
    responses((status = 200, body = TokenResponse), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
#[post("/api/auth/dev-login")]
pub async fn dev_login(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    // Off means absent: answer 404 before looking at the body.
    if !state.settings.auth.dev_login {
        return Err(ApiError::new(ErrorCode::NotFound, "no such endpoint"));
    }
    let ValidJson(body) = <ValidJson<DevLogin> as actix_web::FromRequest>::from_request(
        &request,
        &mut payload.into_inner(),
    )
    .await?;
    let user = users::sign_in(
        &state.db,
        SignIn {
            email: body.email,
            name: body.name.map(|name| name.trim().to_owned()),
            picture_url: None,
            google_sub: None,
            language: language_of(&request),
        },
    )
    .await?;
    let refresh = state.refresh.start_family(&user.id).await?;
    respond_with_tokens(&state, &user.id, refresh)
}

fn respond_with_tokens(
    state: &AppState,
    user_id: &str,
    refresh: String,
) -> ApiResult<HttpResponse> {
    let access_token = state.jwt.issue(user_id)?;
    Ok(HttpResponse::Ok()
        .cookie(cookies::refresh(&state.settings, refresh))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(TokenResponse {
            access_token,
            token_type: "Bearer".into(),
            expires_in: state.jwt.ttl().as_secs(),
        }))
}

#[cfg(test)]
mod tests {
    use super::safe_return_path;

    #[test]
    fn only_same_site_paths_are_returned_to() {
        assert_eq!(safe_return_path(Some("/spaces/1")), "/spaces/1");
        assert_eq!(safe_return_path(Some("//evil.example")), "/");
        assert_eq!(safe_return_path(Some("https://evil.example")), "/");
        assert_eq!(safe_return_path(Some("/\\evil.example")), "/");
        assert_eq!(safe_return_path(Some("/a\nb")), "/");
        assert_eq!(safe_return_path(None), "/");
    }
}
