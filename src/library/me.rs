//! The signed-in user's own account and its deletion (`/api/me`, in `http::me`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::LibraryConn;
use super::views::utc;

use crate::db::Db;
use crate::db::models::{User, Video};
use crate::db::schema::{individual_videos, participants, snapshot_images, spaces, users, videos};
use crate::error::{ApiError, ApiResult};
use crate::with_conn;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MeView {
    pub id: String,
    pub email: String,
    pub name: String,
    pub picture_url: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<User> for MeView {
    fn from(user: User) -> Self {
        Self {
            id: user.id,
            email: user.email,
            name: user.name,
            picture_url: user.picture_url,
            created_at: utc(user.created_at),
        }
    }
}

/// What deleting an account removed from the database whose stored objects the caller
/// deletes next: videos of spaces that went with it, and snapshot images.
#[derive(Debug, Default)]
pub struct DeletedAccount {
    /// Videos of the spaces the user hosted alone (deleted with the account).
    pub videos: Vec<Video>,
    /// Object keys of the snapshot images whose rows went: the user's own, and everyone's
    /// on those videos.
    pub image_keys: Vec<String>,
}

/// Deletes the account (see `DELETE /api/me`). The documents that go with it (the user's
/// notes, the boards of the spaces deleted with it) are journaled for deletion.
pub async fn delete_account(db: &Db, user_id: &str) -> ApiResult<DeletedAccount> {
    let (deleted, gone) = with_conn!(db, |conn| conn
        .transaction(async |conn| {
            let hosted: Vec<String> = spaces::table
                .filter(spaces::host_id.eq(user_id))
                .order(spaces::id)
                .select(spaces::id)
                .load(conn)
                .await?;
            let mut gone = DeletedAccount::default();
            for space_id in hosted {
                conn.lock_space(&space_id).await?;
                let successor: Option<Option<String>> = participants::table
                    .filter(participants::space_id.eq(&space_id))
                    .filter(participants::user_id.is_not_null())
                    .filter(participants::user_id.ne(user_id))
                    .order((participants::joined_at.asc(), participants::id.asc()))
                    .select(participants::user_id)
                    .first(conn)
                    .await
                    .optional()?;
                match successor.flatten() {
                    Some(next_host) => {
                        diesel::update(spaces::table.find(&space_id))
                            .set(spaces::host_id.eq(&next_host))
                            .execute(conn)
                            .await?;
                        diesel::update(
                            participants::table
                                .filter(participants::space_id.eq(&space_id))
                                .filter(participants::user_id.eq(&next_host)),
                        )
                        .set(participants::is_host.eq(true))
                        .execute(conn)
                        .await?;
                    }
                    None => {
                        let videos: Vec<Video> = videos::table
                            .filter(videos::space_id.eq(&space_id))
                            .select(Video::as_select())
                            .load(conn)
                            .await?;
                        let ids: Vec<String> = videos.iter().map(|v| v.id.clone()).collect();
                        let images: Vec<String> = snapshot_images::table
                            .inner_join(individual_videos::table)
                            .filter(individual_videos::video_id.eq_any(&ids))
                            .select(snapshot_images::object_key)
                            .load(conn)
                            .await?;
                        gone.image_keys.extend(images);
                        conn.forget_videos(&ids).await?;
                        gone.videos.extend(videos);
                        diesel::delete(spaces::table.find(&space_id))
                            .execute(conn)
                            .await?;
                    }
                }
            }
            let images: Vec<String> = snapshot_images::table
                .inner_join(individual_videos::table)
                .filter(individual_videos::user_id.eq(user_id))
                .select(snapshot_images::object_key)
                .load(conn)
                .await?;
            gone.image_keys.extend(images);
            gone.image_keys.sort();
            gone.image_keys.dedup();
            conn.forget_notes_of(user_id).await?;
            let deleted = diesel::delete(users::table.find(user_id))
                .execute(conn)
                .await?;
            Ok::<_, ApiError>((deleted, gone))
        })
        .await)?;
    if deleted == 0 {
        return Err(super::users::user_not_found());
    }
    Ok(gone)
}
