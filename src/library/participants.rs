//! Participants of a space, invited by email. An invitation for someone who has never signed
//! in stays pending (`user` absent) until their first sign-in, which joins them.
//!
//! Removing a participant (or their leaving) ends their access but keeps their work: their
//! individual videos (progress, private `note-…` documents, snapshot images) stay, hidden by
//! the membership filter every read applies, so inviting them again brings it all back (the
//! individual videos keep their ids, and so their notes). It is purged only with the video,
//! the space, or their account (`DELETE /api/me`).

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::views::utc;
use super::{LibraryConn, Role, UserSummary, require_host, require_member};
use crate::auth::AuthUser;
use crate::db::models::{Participant, User};
use crate::db::schema::{participants, users};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, ErrorBody, ErrorCode};
use crate::extract::ValidJson;
use crate::media::events::LibraryEvent;
use crate::state::AppState;
use crate::with_conn;

/// A space holds at most this many participants and pending invitations.
pub const MAX_PARTICIPANTS: i64 = 500;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct Invite {
    #[validate(email, length(max = 320))]
    pub email: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantStatus {
    /// Invited; joins at their first sign-in.
    Invited,
    Joined,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ParticipantView {
    /// The invitation's id (use it to withdraw a pending invitation).
    pub id: String,
    pub email: String,
    /// The user, once they have signed in.
    pub user: Option<UserSummary>,
    pub role: Role,
    pub status: ParticipantStatus,
    pub invited_at: DateTime<Utc>,
    pub joined_at: Option<DateTime<Utc>>,
}

impl ParticipantView {
    fn new(participant: Participant, user: Option<UserSummary>) -> Self {
        Self {
            id: participant.id,
            email: participant.email,
            user,
            role: Role::of(participant.is_host),
            status: if participant.user_id.is_some() {
                ParticipantStatus::Joined
            } else {
                ParticipantStatus::Invited
            },
            invited_at: utc(participant.created_at),
            joined_at: participant.joined_at.map(utc),
        }
    }
}

/// Invites someone by email (host only). Someone who already has an account joins at once.
#[utoipa::path(post, path = "/api/spaces/{id}/participants", tag = "participants",
    security(("bearer" = [])), params(("id" = String, Path)), request_body = Invite,
    responses((status = 201, body = ParticipantView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn invite(
    state: web::Data<AppState>,
    user: AuthUser,
    space_id: web::Path<String>,
    ValidJson(body): ValidJson<Invite>,
) -> ApiResult<HttpResponse> {
    require_host(&state.db, &space_id, &user.id).await?;
    let email = super::users::normalize_email(&body.email);
    let participant = add_participant(&state.db, &space_id, &email).await?;
    state
        .media
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
            super::shared::space_documents(&state.db, &space_id, Some(user_id)).await?
        }
        None => Vec::new(),
    };
    let deleted = with_conn!(state.db, |conn| diesel::delete(
        participants::table.find(&participant.id)
    )
    .execute(conn)
    .await)?;
    if deleted == 0 {
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
    state.media.events.publish(event).await;
    if let Some(user_id) = &participant.user_id {
        state
            .collab
            .revoke(Some(user_id), docs, "you are no longer in this space")
            .await;
    }
    Ok(())
}

pub async fn list_participants(db: &Db, space_id: &str) -> ApiResult<Vec<ParticipantView>> {
    let rows: Vec<(Participant, Option<User>)> = with_conn!(db, |conn| participants::table
        .left_join(users::table)
        .filter(participants::space_id.eq(space_id))
        .order((participants::is_host.desc(), participants::created_at.asc()))
        .limit(MAX_PARTICIPANTS)
        .select((Participant::as_select(), Option::<User>::as_select()))
        .load(conn)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(participant, user)| {
            ParticipantView::new(participant, user.as_ref().map(UserSummary::from))
        })
        .collect())
}

async fn add_participant(db: &Db, space_id: &str, email: &str) -> ApiResult<ParticipantView> {
    with_conn!(db, |conn| conn
        .transaction(async |conn| {
            if !conn.lock_space(space_id).await? {
                return Err(super::shared::space_not_found());
            }
            let count: i64 = participants::table
                .filter(participants::space_id.eq(space_id))
                .count()
                .get_result(conn)
                .await?;
            if count >= MAX_PARTICIPANTS {
                return Err(ApiError::new(
                    ErrorCode::SpaceFull,
                    format!("a space holds at most {MAX_PARTICIPANTS} participants"),
                ));
            }
            let already: i64 = participants::table
                .filter(participants::space_id.eq(space_id))
                .filter(participants::email.eq(email))
                .count()
                .get_result(conn)
                .await?;
            if already > 0 {
                return Err(ApiError::new(
                    ErrorCode::AlreadyParticipant,
                    "this email is already in the space",
                ));
            }
            let user: Option<User> = users::table
                .filter(users::email.eq(email))
                .select(User::as_select())
                .first(conn)
                .await
                .optional()?;
            let now = db::now();
            let participant = Participant {
                id: db::new_id(),
                space_id: space_id.to_owned(),
                email: email.to_owned(),
                user_id: user.as_ref().map(|u| u.id.clone()),
                is_host: false,
                created_at: now,
                joined_at: user.as_ref().map(|_| now),
            };
            diesel::insert_into(participants::table)
                .values(&participant)
                .execute(conn)
                .await?;
            if let Some(user) = &user {
                conn.add_individual_videos_for_member(space_id, &user.id)
                    .await?;
            }
            Ok(ParticipantView::new(
                participant,
                user.as_ref().map(UserSummary::from),
            ))
        })
        .await)
}

async fn find_participant(db: &Db, space_id: &str, target: &str) -> ApiResult<Option<Participant>> {
    Ok(with_conn!(db, |conn| participants::table
        .filter(participants::space_id.eq(space_id))
        .filter(
            participants::user_id
                .eq(target)
                .or(participants::id.eq(target))
        )
        .select(Participant::as_select())
        .first(conn)
        .await
        .optional())?)
}
