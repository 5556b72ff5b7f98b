use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::{Ready, ready};

use crate::error::{ApiError, ErrorCode};
use crate::http::state::AppState;

/// The caller, authenticated by `Authorization: Bearer <access token>`. Taking it as a
/// handler argument is what makes a route require login (401 otherwise).
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: String,
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(request))
    }
}

fn authenticate(request: &HttpRequest) -> Result<AuthUser, ApiError> {
    let state = request
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("AppState is not registered")))?;
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Unauthenticated,
                "send an access token as `Authorization: Bearer <token>`",
            )
        })?;
    let claims = state.jwt.verify(token)?;
    Ok(AuthUser { id: claims.sub })
}
