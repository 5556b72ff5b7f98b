//! Invite links: a host shares a link; whoever opens it, signed in, may join the space.
//!
//! The link's token is 32 random bytes (base64url), shown once when the link is made; the
//! database keeps only its SHA-256, like refresh tokens and socket tickets, so a leaked
//! database does not hand out working links. A link lives until its expiry or until the host
//! revokes it; the row stays after either, so a late visitor is told which
//! (`invite_link_expired`, `invite_link_revoked`: 410) rather than `invite_link_not_found`.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::invitations::InvitedSpace;
use super::participants::MAX_PARTICIPANTS;
use super::views::utc;
use super::{LibraryConn, Role, SpaceView, UserSummary};
use crate::db::models::{InviteLink, Participant, Space, User};
use crate::db::schema::{invite_links, participants, spaces, users};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::with_conn;

/// Links a space may have that are neither revoked nor expired.
pub const MAX_ACTIVE_LINKS: i64 = 20;

/// A link as its host sees it (the token itself is shown only when the link is made).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InviteLinkView {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// How many people joined through it.
    pub uses: i32,
}

impl From<&InviteLink> for InviteLinkView {
    fn from(link: &InviteLink) -> Self {
        Self {
            id: link.id.clone(),
            created_at: utc(link.created_at),
            expires_at: utc(link.expires_at),
            uses: link.uses,
        }
    }
}

/// What a visitor holding a link sees before joining.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InviteLinkPreview {
    pub space: InvitedSpace,
    pub host: UserSummary,
    pub expires_at: DateTime<Utc>,
    /// The visitor is in the space already (joining changes nothing).
    pub member: bool,
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn not_found() -> ApiError {
    ApiError::new(
        ErrorCode::InviteLinkNotFound,
        "this invite link does not exist",
    )
}

/// Makes a link that expires after `ttl`; answers it with its token (shown only now).
pub async fn create_link(
    db: &Db,
    space_id: &str,
    creator: &str,
    ttl: Duration,
) -> ApiResult<(InviteLinkView, String)> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let now = db::now();
    let ttl = chrono::Duration::from_std(ttl).map_err(ApiError::internal)?;
    let link = InviteLink {
        id: db::new_id(),
        space_id: space_id.to_owned(),
        token_hash: hash(&token),
        created_by: Some(creator.to_owned()),
        created_at: now,
        expires_at: now + ttl,
        revoked_at: None,
        uses: 0,
    };
    let link = &link;
    with_conn!(db, |conn| conn
        .transaction(async |conn| {
            if !conn.lock_space(space_id).await? {
                return Err(super::shared::space_not_found());
            }
            let active: i64 = invite_links::table
                .filter(invite_links::space_id.eq(space_id))
                .filter(invite_links::revoked_at.is_null())
                .filter(invite_links::expires_at.gt(now))
                .count()
                .get_result(conn)
                .await?;
            if active >= MAX_ACTIVE_LINKS {
                return Err(ApiError::new(
                    ErrorCode::TooManyInviteLinks,
                    format!(
                        "a space has at most {MAX_ACTIVE_LINKS} active invite links; revoke one"
                    ),
                ));
            }
            diesel::insert_into(invite_links::table)
                .values(link)
                .execute(conn)
                .await?;
            Ok::<_, ApiError>(())
        })
        .await)?;
    Ok((InviteLinkView::from(link), token))
}

/// The space's links that still work, newest first.
pub async fn list_links(db: &Db, space_id: &str) -> ApiResult<Vec<InviteLinkView>> {
    let now = db::now();
    let links: Vec<InviteLink> = with_conn!(db, |conn| invite_links::table
        .filter(invite_links::space_id.eq(space_id))
        .filter(invite_links::revoked_at.is_null())
        .filter(invite_links::expires_at.gt(now))
        .order(invite_links::id.desc())
        .limit(MAX_ACTIVE_LINKS)
        .select(InviteLink::as_select())
        .load(conn)
        .await)?;
    Ok(links.iter().map(InviteLinkView::from).collect())
}

/// Revokes a link of the space (again: nothing changes); another space's link is not found.
pub async fn revoke_link(db: &Db, space_id: &str, link_id: &str) -> ApiResult<()> {
    let now = db::now();
    let found: i64 = with_conn!(db, |conn| invite_links::table
        .find(link_id)
        .filter(invite_links::space_id.eq(space_id))
        .count()
        .get_result(conn)
        .await)?;
    if found == 0 {
        return Err(not_found());
    }
    with_conn!(db, |conn| diesel::update(
        invite_links::table
            .find(link_id)
            .filter(invite_links::revoked_at.is_null())
    )
    .set(invite_links::revoked_at.eq(now))
    .execute(conn)
    .await)?;
    Ok(())
}

/// The link behind a token, if it still works.
fn usable(link: Option<InviteLink>) -> ApiResult<InviteLink> {
    let link = link.ok_or_else(not_found)?;
    if link.revoked_at.is_some() {
        return Err(ApiError::new(
            ErrorCode::InviteLinkRevoked,
            "the host revoked this invite link",
        ));
    }
    if link.expires_at <= db::now() {
        return Err(ApiError::new(
            ErrorCode::InviteLinkExpired,
            "this invite link has expired",
        ));
    }
    Ok(link)
}

/// What the visitor is about to join.
pub async fn preview(db: &Db, token: &str, user_id: &str) -> ApiResult<InviteLinkPreview> {
    let token_hash = hash(token);
    let found: Option<(InviteLink, Space, User)> = with_conn!(db, |conn| invite_links::table
        .inner_join(spaces::table)
        .inner_join(users::table.on(users::id.eq(spaces::host_id)))
        .filter(invite_links::token_hash.eq(&token_hash))
        .select((
            InviteLink::as_select(),
            Space::as_select(),
            User::as_select()
        ))
        .first(conn)
        .await
        .optional())?;
    let (link, space, host) = match found {
        Some((link, space, host)) => (usable(Some(link))?, space, host),
        None => return Err(not_found()),
    };
    let member = with_conn!(db, |conn| conn.membership(&space.id, user_id).await)?.is_some();
    Ok(InviteLinkPreview {
        space: InvitedSpace::from(&space),
        host: UserSummary::from(&host),
        expires_at: utc(link.expires_at),
        member,
    })
}

/// The outcome of following a link.
pub struct Joined {
    pub space: SpaceView,
    /// False when the visitor was in the space already.
    pub newly: bool,
    pub email: String,
}

/// Joins the visitor to the link's space. A pending invitation of their email to that space
/// is taken up (accepted) rather than duplicated; a member stays a member.
pub async fn join(db: &Db, token: &str, user_id: &str) -> ApiResult<Joined> {
    let user = super::users::find(db, user_id).await?;
    let token_hash = hash(token);
    let (user, token_hash) = (&user, &token_hash);
    let (space_id, role, newly) = with_conn!(db, |conn| conn
        .transaction(async |conn| {
            let link: Option<InviteLink> = invite_links::table
                .filter(invite_links::token_hash.eq(token_hash))
                .select(InviteLink::as_select())
                .first(conn)
                .await
                .optional()?;
            let link = usable(link)?;
            if !conn.lock_space(&link.space_id).await? {
                return Err(not_found());
            }
            if let Some(member) = conn.membership(&link.space_id, &user.id).await? {
                return Ok::<_, ApiError>((link.space_id, Role::of(member.is_host), false));
            }
            let now = db::now();
            let pending = diesel::update(
                participants::table
                    .filter(participants::space_id.eq(&link.space_id))
                    .filter(participants::email.eq(&user.email))
                    .filter(participants::user_id.is_null()),
            )
            .set((
                participants::user_id.eq(&user.id),
                participants::joined_at.eq(now),
            ))
            .execute(conn)
            .await?;
            if pending == 0 {
                let count: i64 = participants::table
                    .filter(participants::space_id.eq(&link.space_id))
                    .count()
                    .get_result(conn)
                    .await?;
                if count >= MAX_PARTICIPANTS {
                    return Err(ApiError::new(
                        ErrorCode::SpaceFull,
                        format!("a space holds at most {MAX_PARTICIPANTS} participants"),
                    ));
                }
                diesel::insert_into(participants::table)
                    .values(&Participant {
                        id: db::new_id(),
                        space_id: link.space_id.clone(),
                        email: user.email.clone(),
                        user_id: Some(user.id.clone()),
                        is_host: false,
                        created_at: now,
                        joined_at: Some(now),
                    })
                    .execute(conn)
                    .await?;
            }
            conn.add_individual_videos_for_member(&link.space_id, &user.id)
                .await?;
            diesel::update(invite_links::table.find(&link.id))
                .set(invite_links::uses.eq(invite_links::uses + 1))
                .execute(conn)
                .await?;
            Ok((link.space_id, Role::Participant, true))
        })
        .await)?;
    let space = super::spaces::load_space(db, &space_id, role).await?;
    Ok(Joined {
        space,
        newly,
        email: user.email.clone(),
    })
}
