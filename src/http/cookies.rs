//! The cookies auth sets: the refresh token (HttpOnly, SameSite=Strict, Secure with https
//! or in production) and the short-lived login state that binds a Google callback to the
//! browser that started the login.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time};

use crate::config::Settings;

pub const REFRESH_COOKIE: &str = "vivid_refresh";
pub const LOGIN_STATE_COOKIE: &str = "vivid_login_state";

pub fn refresh(settings: &Settings, token: String) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, token)
        // `/api`, not `/api/auth`: account deletion revokes the session too.
        .path("/api")
        .http_only(true)
        .secure(settings.secure_cookies())
        .same_site(SameSite::Strict)
        .max_age(time::Duration::seconds(
            settings.auth.refresh_token_ttl.as_secs() as i64,
        ))
        .finish()
}

pub fn clear_refresh(settings: &Settings) -> Cookie<'static> {
    let mut cookie = refresh(settings, String::new());
    cookie.make_removal();
    cookie
}

pub fn refresh_token(request: &HttpRequest) -> Option<String> {
    request
        .cookie(REFRESH_COOKIE)
        .map(|cookie| cookie.value().to_owned())
        .filter(|token| !token.is_empty())
}

/// Lax, because the callback arrives as a top-level navigation from Google's site.
pub fn login_state(settings: &Settings, state: String) -> Cookie<'static> {
    Cookie::build(LOGIN_STATE_COOKIE, state)
        .path("/api/auth/google")
        .http_only(true)
        .secure(settings.secure_cookies())
        .same_site(SameSite::Lax)
        .max_age(time::Duration::seconds(
            crate::auth::oidc::LOGIN_TTL.as_secs() as i64,
        ))
        .finish()
}

pub fn clear_login_state(settings: &Settings) -> Cookie<'static> {
    let mut cookie = login_state(settings, String::new());
    cookie.make_removal();
    cookie
}
