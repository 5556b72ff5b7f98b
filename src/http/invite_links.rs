//! Invite links: `/api/spaces/{id}/invite-links` (the host makes, lists and revokes them) and
//! `/api/invite-links/preview|join` (a signed-in visitor looks at one and joins). The token
//! travels in request bodies, never in an API path, so it stays out of access logs; the
//! link the host shares is `{public_url}/join#{token}`, whose fragment browsers never send.

use std::time::Duration;

use actix_web::{HttpResponse, delete, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::error::{ApiResult, ErrorBody};
use crate::events::LibraryEvent;
use crate::http::auth_user::AuthUser;
use crate::http::extract::ValidJson;
use crate::http::state::AppState;
use crate::library::SpaceView;
use crate::library::invite_links::{self as service, InviteLinkPreview, InviteLinkView};
use crate::library::require_host;

/// Default lifetime of a link: a week.
const DEFAULT_HOURS: u32 = 24 * 7;

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
pub struct CreateInviteLink {
    /// Hours until the link stops working, 1–720 (30 days); default 168 (a week).
    #[serde(default)]
    #[validate(range(min = 1, max = 720))]
    pub expires_in_hours: Option<u32>,
}

/// A new link: shown with its token this once (only its hash is kept).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedInviteLink {
    #[serde(flatten)]
    pub link: InviteLinkView,
    /// The secret; send it to `POST /api/invite-links/preview` and `…/join`.
    pub token: String,
    /// The link to share: `{public_url}/join#{token}`.
    pub url: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct InviteLinkToken {
    /// The token of the link (the part after `#`).
    #[validate(length(min = 1, max = 200))]
    pub token: String,
}

/// Makes an invite link to the space (host only).
#[utoipa::path(post, path = "/api/spaces/{id}/invite-links", tag = "participants",
    security(("bearer" = [])), params(("id" = String, Path)), request_body = CreateInviteLink,
    responses((status = 201, body = CreatedInviteLink), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody,
            description = "`too_many_invite_links`"),
        (status = 422, body = ErrorBody)))]
#[post("/api/spaces/{id}/invite-links")]
pub async fn create(
    state: web::Data<AppState>,
    user: AuthUser,
    space_id: web::Path<String>,
    ValidJson(body): ValidJson<CreateInviteLink>,
) -> ApiResult<HttpResponse> {
    require_host(&state.db, &space_id, &user.id).await?;
    let hours = body.expires_in_hours.unwrap_or(DEFAULT_HOURS);
    let ttl = Duration::from_secs(u64::from(hours) * 3600);
    let (link, token) = service::create_link(&state.db, &space_id, &user.id, ttl).await?;
    let base = state.settings.http.public_url.trim_end_matches('/');
    Ok(HttpResponse::Created().json(CreatedInviteLink {
        link,
        url: format!("{base}/join#{token}"),
        token,
    }))
}

/// The space's invite links that still work (neither revoked nor expired), newest first
/// (host only). Tokens are not shown again.
#[utoipa::path(get, path = "/api/spaces/{id}/invite-links", tag = "participants",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Vec<InviteLinkView>), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
#[get("/api/spaces/{id}/invite-links")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    space_id: web::Path<String>,
) -> ApiResult<web::Json<Vec<InviteLinkView>>> {
    require_host(&state.db, &space_id, &user.id).await?;
    Ok(web::Json(service::list_links(&state.db, &space_id).await?))
}

/// Revokes an invite link (host only): from now on it answers 410 `invite_link_revoked`.
/// Revoking it again changes nothing; another space's link is 404 `invite_link_not_found`.
#[utoipa::path(delete, path = "/api/spaces/{id}/invite-links/{link}", tag = "participants",
    security(("bearer" = [])), params(("id" = String, Path), ("link" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[delete("/api/spaces/{id}/invite-links/{link}")]
pub async fn revoke(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (space_id, link_id) = path.into_inner();
    require_host(&state.db, &space_id, &user.id).await?;
    service::revoke_link(&state.db, &space_id, &link_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// What a link leads to (any signed-in user holding it): the space's name and description,
/// its host, the link's expiry, and whether the caller is in the space already. 404
/// `invite_link_not_found`, 410 `invite_link_revoked` or `invite_link_expired`.
#[utoipa::path(post, path = "/api/invite-links/preview", tag = "participants",
    security(("bearer" = [])), request_body = InviteLinkToken,
    responses((status = 200, body = InviteLinkPreview), (status = 404, body = ErrorBody),
        (status = 410, body = ErrorBody)))]
#[post("/api/invite-links/preview")]
pub async fn preview(
    state: web::Data<AppState>,
    user: AuthUser,
    ValidJson(body): ValidJson<InviteLinkToken>,
) -> ApiResult<web::Json<InviteLinkPreview>> {
    Ok(web::Json(
        service::preview(&state.db, &body.token, &user.id).await?,
    ))
}

/// Joins the link's space (any signed-in user holding it) and answers the space. A member
/// joining again changes nothing; a pending invitation of the caller's email is accepted.
/// 404 `invite_link_not_found`, 410 `invite_link_revoked` or `invite_link_expired`, 409
/// `space_full`.
#[utoipa::path(post, path = "/api/invite-links/join", tag = "participants",
    security(("bearer" = [])), request_body = InviteLinkToken,
    responses((status = 200, body = SpaceView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 410, body = ErrorBody)))]
#[post("/api/invite-links/join")]
pub async fn join(
    state: web::Data<AppState>,
    user: AuthUser,
    ValidJson(body): ValidJson<InviteLinkToken>,
) -> ApiResult<web::Json<SpaceView>> {
    let joined = service::join(&state.db, &body.token, &user.id).await?;
    if joined.newly {
        state
            .events
            .publish(LibraryEvent::ParticipantJoined {
                space_id: joined.space.id.clone(),
                user_id: user.id,
                email: joined.email,
            })
            .await;
    }
    Ok(web::Json(joined.space))
}
