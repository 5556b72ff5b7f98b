//! `/api/me` and `/api/me/dashboard`: the signed-in user, their account, their study overview.

use actix_web::{HttpRequest, HttpResponse, delete, get, web};

use crate::error::{ApiResult, ErrorBody};
use crate::http::auth_user::AuthUser;
use crate::http::cookies;
use crate::http::state::AppState;
use crate::library::dashboard::{self, Dashboard};
use crate::library::me::{self, MeView};

/// The signed-in user.
#[utoipa::path(get, path = "/api/me", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = MeView), (status = 401, body = ErrorBody)))]
#[get("/api/me")]
pub async fn get(state: web::Data<AppState>, user: AuthUser) -> ApiResult<web::Json<MeView>> {
    Ok(web::Json(
        crate::library::users::find(&state.db, &user.id)
            .await?
            .into(),
    ))
}

/// Deletes the account.
///
/// What happens to your data:
/// - each space you host passes to the participant who joined it earliest; a space with no
///   other joined participant is deleted with its videos;
/// - your participations, individual videos (progress, personal notes and their version
///   history, snapshot images) and external connections (Webex) are deleted; live copies and
///   history of deleted documents go within `collab.forget_grace_secs` plus one sweep;
/// - videos you uploaded stay in their spaces, without an uploader;
/// - this session's refresh token is revoked; other sessions stop at their next refresh.
#[utoipa::path(delete, path = "/api/me", tag = "me", security(("bearer" = [])),
    responses((status = 204, description = "account deleted"), (status = 401, body = ErrorBody)))]
#[delete("/api/me")]
pub async fn delete(
    state: web::Data<AppState>,
    user: AuthUser,
    request: HttpRequest,
) -> ApiResult<HttpResponse> {
    let docs = crate::library::shared::member_documents(&state.db, &user.id).await?;
    let gone = me::delete_account(&state.db, &user.id).await?;
    state
        .collab
        .revoke(Some(&user.id), docs, "the account was deleted")
        .await;
    for video in &gone.videos {
        state.media.purge(video).await;
    }
    state.media.delete_images(&gone.image_keys).await;
    if let Some(token) = cookies::refresh_token(&request)
        && let Err(error) = state.refresh.revoke(&token).await
    {
        // The account is gone already; its refresh tokens fail at their next use anyway.
        tracing::warn!("could not revoke the session of a deleted account: {error:?}");
    }
    Ok(HttpResponse::NoContent()
        .cookie(cookies::clear_refresh(&state.settings))
        .finish())
}

#[utoipa::path(get, path = "/api/me/dashboard", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = Dashboard), (status = 401, body = ErrorBody)))]
#[get("/api/me/dashboard")]
pub async fn get_dashboard(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<web::Json<Dashboard>> {
    let mut dashboard = dashboard::dashboard(&state.db, &user.id).await?;
    let last = dashboard
        .last_studied
        .iter_mut()
        .map(|last| &mut last.video);
    let videos = last.chain(dashboard.recent_videos.iter_mut());
    super::playback::sign_posters(&request, &state, videos).await;
    Ok(web::Json(dashboard))
}
