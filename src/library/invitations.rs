//! Invitations by email are offers: the host's invite leaves a pending `participants` row
//! (`user_id` NULL) addressed to an email, whether or not that email has an account, so the
//! host's answer never tells one from the other. The person with that email sees it among
//! their pending invitations and accepts (the row is bound to them and they get an
//! individual video of every video of the space) or declines (the row is deleted). Nobody
//! else can see, accept or decline it: every query matches the caller's own email.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::utc;
use super::{LibraryConn, Role, SpaceView, UserSummary};
use crate::db::models::{Participant, Space, User};
use crate::db::schema::{participants, spaces, users};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::pagination::{Page, PageRequest};
use crate::with_conn;

/// The space an invitation (or an invite link) is for: what the invitee needs to decide.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InvitedSpace {
    pub id: String,
    pub name: String,
    pub description: String,
}

impl From<&Space> for InvitedSpace {
    fn from(space: &Space) -> Self {
        Self {
            id: space.id.clone(),
            name: space.name.clone(),
            description: space.description.clone(),
        }
    }
}

/// A pending invitation, as its invitee sees it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InvitationView {
    /// The invitation's id (accept or decline it by this id).
    pub id: String,
    pub space: InvitedSpace,
    /// The space's host, who invited them.
    pub host: UserSummary,
    pub invited_at: DateTime<Utc>,
}

pub fn invitation_not_found() -> ApiError {
    ApiError::new(ErrorCode::InvitationNotFound, "no such pending invitation")
}

async fn email_of(db: &Db, user_id: &str) -> ApiResult<String> {
    Ok(super::users::find(db, user_id).await?.email)
}

/// The caller's pending invitations, newest first.
pub async fn list_invitations(
    db: &Db,
    user_id: &str,
    page: &PageRequest,
) -> ApiResult<Page<InvitationView>> {
    let email = email_of(db, user_id).await?;
    let email = &email;
    let rows: Vec<(Participant, Space, User)> = with_conn!(db, |conn| {
        let mut query = participants::table
            .inner_join(spaces::table)
            .inner_join(users::table.on(users::id.eq(spaces::host_id)))
            .filter(participants::email.eq(email))
            .filter(participants::user_id.is_null())
            .select((
                Participant::as_select(),
                Space::as_select(),
                User::as_select(),
            ))
            .order(participants::id.desc())
            .limit(page.limit + 1)
            .into_boxed();
        if let Some(before) = &page.before_id {
            query = query.filter(participants::id.lt(before));
        }
        query.load(conn).await
    })?;
    Ok(Page::from_rows(
        rows,
        page,
        |(invitation, _, _)| &invitation.id,
        |(invitation, space, host)| InvitationView {
            id: invitation.id,
            space: InvitedSpace::from(&space),
            host: UserSummary::from(&host),
            invited_at: utc(invitation.created_at),
        },
    ))
}

/// Accepts the caller's pending invitation: they join the space (with an individual video of
/// each of its videos). Anyone else's invitation, or one already accepted, declined or
/// withdrawn, is `invitation_not_found`.
pub async fn accept_invitation(
    db: &Db,
    user_id: &str,
    invitation_id: &str,
) -> ApiResult<(SpaceView, Participant)> {
    let email = email_of(db, user_id).await?;
    let email = &email;
    let bound = with_conn!(db, |conn| conn
        .transaction(async |conn| {
            let invitation: Participant = participants::table
                .find(invitation_id)
                .filter(participants::email.eq(email))
                .filter(participants::user_id.is_null())
                .select(Participant::as_select())
                .first(conn)
                .await
                .optional()?
                .ok_or_else(invitation_not_found)?;
            if !conn.lock_space(&invitation.space_id).await? {
                return Err(invitation_not_found());
            }
            let now = db::now();
            // Bound only if still pending after the lock (the host may have withdrawn it).
            let bound = diesel::update(
                participants::table
                    .find(invitation_id)
                    .filter(participants::user_id.is_null()),
            )
            .set((
                participants::user_id.eq(user_id),
                participants::joined_at.eq(now),
            ))
            .returning(Participant::as_returning())
            .get_result(conn)
            .await
            .optional()?
            .ok_or_else(invitation_not_found)?;
            conn.add_individual_videos_for_member(&bound.space_id, user_id)
                .await?;
            Ok::<_, ApiError>(bound)
        })
        .await)?;
    let space = super::spaces::load_space(db, &bound.space_id, Role::Participant).await?;
    Ok((space, bound))
}

/// Declines the caller's pending invitation (deletes it); answers what was declined.
pub async fn decline_invitation(
    db: &Db,
    user_id: &str,
    invitation_id: &str,
) -> ApiResult<Participant> {
    let email = email_of(db, user_id).await?;
    let email = &email;
    with_conn!(db, |conn| diesel::delete(
        participants::table
            .find(invitation_id)
            .filter(participants::email.eq(email))
            .filter(participants::user_id.is_null())
    )
    .returning(Participant::as_returning())
    .get_result(conn)
    .await
    .optional())?
    .ok_or_else(invitation_not_found)
}
