//! Spaces: a host and the participants they invite, sharing a set of videos.

use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

use super::shared::space_not_found;
use super::{LibraryConn, Role, SpaceView, UserSummary};
use crate::db::models::{Participant, Space, User, Video};
use crate::db::schema::{participants, spaces, users, videos};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult};
use crate::pagination::{Page, PageRequest};
use crate::with_conn;

/// What a host changes about a space; `None` keeps the current value.
pub struct SpaceEdit<'a> {
    pub name: Option<&'a str>,
    pub description: Option<&'a str>,
}

/// A new space's rows: the space and its host as its first (joined) participant.
pub(super) fn new_space(host: &User, name: &str, description: String) -> (Space, Participant) {
    let now = db::now();
    let space = Space {
        id: db::new_id(),
        name: name.to_owned(),
        description,
        host_id: host.id.clone(),
        created_at: now,
        updated_at: now,
    };
    let participant = Participant {
        id: db::new_id(),
        space_id: space.id.clone(),
        email: host.email.clone(),
        user_id: Some(host.id.clone()),
        is_host: true,
        created_at: now,
        joined_at: Some(now),
    };
    (space, participant)
}

/// Creates a space with its host as the first (joined) participant.
pub async fn create_space(
    db: &Db,
    host_id: &str,
    name: &str,
    description: String,
) -> ApiResult<SpaceView> {
    let description = &description;
    let (space, host) = with_conn!(db, |conn| conn
        .transaction(async |conn| {
            let host: User = users::table
                .find(host_id)
                .select(User::as_select())
                .first(conn)
                .await
                .optional()?
                .ok_or_else(super::users::user_not_found)?;
            let (space, participant) = new_space(&host, name, description.clone());
            diesel::insert_into(spaces::table)
                .values(&space)
                .execute(conn)
                .await?;
            diesel::insert_into(participants::table)
                .values(&participant)
                .execute(conn)
                .await?;
            Ok::<_, ApiError>((space, host))
        })
        .await)?;
    Ok(SpaceView::new(space, Role::Host, (&host).into()))
}

pub async fn load_space(db: &Db, space_id: &str, role: Role) -> ApiResult<SpaceView> {
    let (space, host) = with_conn!(db, |conn| spaces::table
        .find(space_id)
        .inner_join(users::table)
        .select((Space::as_select(), User::as_select()))
        .first::<(Space, User)>(conn)
        .await
        .optional())?
    .ok_or_else(space_not_found)?;
    Ok(SpaceView::new(space, role, (&host).into()))
}

pub async fn list_spaces(
    db: &Db,
    user_id: &str,
    hosted_only: bool,
    page: &PageRequest,
) -> ApiResult<Page<SpaceView>> {
    let rows: Vec<(Space, bool, User)> = with_conn!(db, |conn| {
        let mut query = participants::table
            .inner_join(spaces::table)
            .inner_join(users::table.on(users::id.eq(spaces::host_id)))
            .filter(participants::user_id.eq(user_id))
            .select((Space::as_select(), participants::is_host, User::as_select()))
            .order(spaces::id.desc())
            .limit(page.limit + 1)
            .into_boxed();
        if hosted_only {
            query = query.filter(participants::is_host.eq(true));
        }
        if let Some(before) = &page.before_id {
            query = query.filter(spaces::id.lt(before));
        }
        query.load(conn).await
    })?;
    Ok(Page::from_rows(
        rows,
        page,
        |(space, _, _)| &space.id,
        |(space, is_host, host)| SpaceView::new(space, Role::of(is_host), UserSummary::from(&host)),
    ))
}

/// Applies a host's edit and answers the space as it is now.
pub async fn update_space(db: &Db, space_id: &str, edit: SpaceEdit<'_>) -> ApiResult<SpaceView> {
    let now = db::now();
    with_conn!(db, |conn| {
        diesel::update(spaces::table.find(space_id))
            .set((
                edit.name.map(|name| spaces::name.eq(name)),
                edit.description.map(|d| spaces::description.eq(d)),
                spaces::updated_at.eq(now),
            ))
            .execute(conn)
            .await
    })?;
    load_space(db, space_id, Role::Host).await
}

/// Every video of a space (to purge their media when the space goes).
pub async fn space_videos(db: &Db, space_id: &str) -> ApiResult<Vec<Video>> {
    Ok(with_conn!(db, |conn| videos::table
        .filter(videos::space_id.eq(space_id))
        .select(Video::as_select())
        .load(conn)
        .await)?)
}

/// Deletes the space; its videos, participants and individual videos go with it (cascade),
/// and the videos' documents are journaled for deletion (`collab::forget`).
pub async fn delete_space(db: &Db, space_id: &str) -> ApiResult<()> {
    with_conn!(db, |conn| conn
        .transaction(async |conn| {
            conn.lock_space(space_id).await?;
            let video_ids: Vec<String> = videos::table
                .filter(videos::space_id.eq(space_id))
                .select(videos::id)
                .load(conn)
                .await?;
            conn.forget_videos(&video_ids).await?;
            diesel::delete(spaces::table.find(space_id))
                .execute(conn)
                .await
        })
        .await)?;
    Ok(())
}
