//! Participants of a space, invited by email. An invitation is an offer: it stays pending
//! (`user` absent, status `invited`) until the invitee accepts it (`invitations`), whether or
//! not the email had an account when it was sent; an invite link joins at once
//! (`invite_links`).
//!
//! Removing a participant (or their leaving) ends their access but keeps their work: their
//! individual videos (progress, private `note-…` documents, snapshot images) stay, hidden by
//! the membership filter every read applies, so inviting them again brings it all back (the
//! individual videos keep their ids, and so their notes). It is purged only with the video,
//! the space, or their account (`DELETE /api/me`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::utc;
use super::{LibraryConn, Role, UserSummary};
use crate::db::models::{Participant, User};
use crate::db::schema::{participants, users};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::with_conn;

/// A space holds at most this many participants and pending invitations.
pub const MAX_PARTICIPANTS: i64 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantStatus {
    /// Invited; joins when they accept the invitation.
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

pub async fn add_participant(db: &Db, space_id: &str, email: &str) -> ApiResult<ParticipantView> {
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
            // An offer, never a membership: the same row, and so the same answer, whether or
            // not the email has an account (see `invitations`).
            let participant = Participant {
                id: db::new_id(),
                space_id: space_id.to_owned(),
                email: email.to_owned(),
                user_id: None,
                is_host: false,
                created_at: db::now(),
                joined_at: None,
            };
            diesel::insert_into(participants::table)
                .values(&participant)
                .execute(conn)
                .await?;
            Ok(ParticipantView::new(participant, None))
        })
        .await)
}

pub async fn find_participant(
    db: &Db,
    space_id: &str,
    target: &str,
) -> ApiResult<Option<Participant>> {
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

/// Deletes a participation; false when a concurrent removal got there first.
pub async fn delete_participation(db: &Db, participant_id: &str) -> ApiResult<bool> {
    let deleted = with_conn!(db, |conn| diesel::delete(
        participants::table.find(participant_id)
    )
    .execute(conn)
    .await)?;
    Ok(deleted > 0)
}
