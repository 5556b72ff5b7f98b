//! `/api/spaces/{id}/participants`: invite, remove, leave.

use actix_web::{HttpResponse, delete, post, web};
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

use crate::db::models::Participant;
use crate::error::{ApiError, ApiResult, ErrorBody, ErrorCode};
use crate::events::LibraryEvent;
use crate::http::auth_user::AuthUser;
use crate::http::extract::ValidJson;
use crate::http::state::AppState;
use crate::library::participants::{
    ParticipantView, add_participant, delete_participation, find_participant,
};
use crate::library::{require_host, require_member};

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct Invite {
    #[validate(email, length(max = 320))]
    pub email: String,
}

/// Invites someone by email (host only). The invitation is an offer the invitee accepts or
/// declines (`/api/me/invitations`); the answer is the same whether or not the email has an
/// account (status `invited`, no `user`), so it reveals nobody.
#[utoipa::path(post, path = "/api/spaces/{id}/participants", tag = "participants",
    security(("bearer" = [])), params(("id" = String, Path)), request_body = Invite,
    responses((status = 201, body = ParticipantView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
#[post("/api/spaces/{id}/participants")]
pub async fn invite(
    state: web::Data<AppState>,
    user: AuthUser,
    space_id: web::Path<String>,
    ValidJson(body): ValidJson<Invite>,
) -> ApiResult<HttpResponse> {
    require_host(&state.db, &space_id, &user.id).await?;
    let email = crate::library::users::normalize_email(&body.email);
    let participant = add_participant(&state.db, &space_id, &email).await?;
    state
        .events
        .publish(LibraryEvent::ParticipantAdded {
            space_id: space_id.into_inner(),
            user_id: participant.user.as_ref().map(|user| user.id.clone()),
            email: participant.email.clone(),
        })
        .await;
    Ok(HttpResponse::Created().json(participant))
}

/// Removes a participant or withdraws an invitation. The host may remove anyone but
/// themselves; anyone may remove themselves (leave). `participant` is the user's id, or the
/// invitation's id for a pending invitation. Their work in the space (individual videos,
/// private notes, snapshots) is kept for a later re-invitation.
#[utoipa::path(delete, path = "/api/spaces/{id}/participants/{participant}",
    tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path), ("participant" = String, Path, description = "user id or invitation id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
#[delete("/api/spaces/{id}/participants/{participant}")]
pub async fn remove(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (space_id, target) = path.into_inner();
    let caller = require_member(&state.db, &space_id, &user.id).await?;
    let removed = find_participant(&state.db, &space_id, &target)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::ParticipantNotFound, "no such participant"))?;
    let is_self = removed.user_id.as_deref() == Some(user.id.as_str());
    if !caller.is_host && !is_self {
        return Err(ApiError::new(
            ErrorCode::HostOnly,
            "only the host may remove other participants",
        ));
    }
    if removed.is_host {
        return Err(ApiError::new(
            ErrorCode::HostCannotBeRemoved,
            "the host cannot leave or be removed; delete the space instead",
        ));
    }
    end_participation(&state, &removed, is_self).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Leaves a space (any participant but its host, who gets 409 `host_cannot_leave`). Their
/// work in the space is kept for a later re-invitation.
#[utoipa::path(delete, path = "/api/spaces/{id}/participants/me", tag = "participants",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[delete("/api/spaces/{id}/participants/me")]
pub async fn leave(
    state: web::Data<AppState>,
    user: AuthUser,
    space_id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let me = require_member(&state.db, &space_id, &user.id).await?;
    if me.is_host {
        return Err(ApiError::new(
            ErrorCode::HostCannotLeave,
            "the host cannot leave their own space; delete the space instead",
        ));
    }
    end_participation(&state, &me, true).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Deletes the participation, tells the space (`participant_left` when they left themselves,
/// else `participant_removed`) and closes their sockets on the space's documents.
async fn end_participation(
    state: &AppState,
    participant: &Participant,
    left: bool,
) -> ApiResult<()> {
    let space_id = participant.space_id.clone();
    let docs = match &participant.user_id {
        Some(user_id) => {
            crate::library::shared::space_documents(&state.db, &space_id, Some(user_id)).await?
        }
        None => Vec::new(),
    };
    if !delete_participation(&state.db, &participant.id).await? {
        // A concurrent removal got there first (and told the space).
        return Ok(());
    }
    let event = match (&participant.user_id, left) {
        (Some(user_id), true) => LibraryEvent::ParticipantLeft {
            space_id,
            user_id: user_id.clone(),
            email: participant.email.clone(),
        },
        _ => LibraryEvent::ParticipantRemoved {
            space_id,
            user_id: participant.user_id.clone(),
            email: participant.email.clone(),
        },
    };
    state.events.publish(event).await;
    if let Some(user_id) = &participant.user_id {
        state
            .collab
            .revoke(Some(user_id), docs, "you are no longer in this space")
            .await;
    }
    Ok(())
}
