//! `/api/me/invitations`: the caller's pending invitations, to accept or decline.

use actix_web::{HttpResponse, delete, get, post, web};

use crate::error::{ApiResult, ErrorBody};
use crate::events::LibraryEvent;
use crate::http::auth_user::AuthUser;
use crate::http::state::AppState;
use crate::library::SpaceView;
use crate::library::invitations::{self as service, InvitationView};
use crate::pagination::{Page, PageParams};

/// The caller's pending invitations (to their email), newest first, each with the space's
/// name and description and its host (who invited them).
#[utoipa::path(get, path = "/api/me/invitations", tag = "me", security(("bearer" = [])),
    params(PageParams),
    responses((status = 200, body = Page<InvitationView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/api/me/invitations")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<PageParams>,
) -> ApiResult<web::Json<Page<InvitationView>>> {
    let page = query.validate()?;
    Ok(web::Json(
        service::list_invitations(&state.db, &user.id, &page).await?,
    ))
}

/// Accepts a pending invitation: the caller joins the space (answered, with their role).
/// Someone else's invitation, or one no longer pending, is 404 `invitation_not_found`.
#[utoipa::path(post, path = "/api/me/invitations/{id}/accept", tag = "me",
    security(("bearer" = [])), params(("id" = String, Path, description = "the invitation's id")),
    responses((status = 200, body = SpaceView), (status = 404, body = ErrorBody)))]
#[post("/api/me/invitations/{id}/accept")]
pub async fn accept(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<SpaceView>> {
    let (space, participant) = service::accept_invitation(&state.db, &user.id, &id).await?;
    state
        .events
        .publish(LibraryEvent::ParticipantJoined {
            space_id: space.id.clone(),
            user_id: user.id,
            email: participant.email,
        })
        .await;
    Ok(web::Json(space))
}

/// Declines a pending invitation (it is deleted; the host may invite again). Someone else's
/// invitation, or one no longer pending, is 404 `invitation_not_found`.
#[utoipa::path(delete, path = "/api/me/invitations/{id}", tag = "me",
    security(("bearer" = [])), params(("id" = String, Path, description = "the invitation's id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
#[delete("/api/me/invitations/{id}")]
pub async fn decline(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let declined = service::decline_invitation(&state.db, &user.id, &id).await?;
    state
        .events
        .publish(LibraryEvent::ParticipantRemoved {
            space_id: declined.space_id,
            user_id: None,
            email: declined.email,
        })
        .await;
    Ok(HttpResponse::NoContent().finish())
}
