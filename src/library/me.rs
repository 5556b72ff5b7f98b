//! The signed-in user's own account and its deletion (`/api/me`, in `http::me`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::LibraryConn;
use super::views::utc;

use crate::db::Db;
use crate::db::models::User;
use crate::db::schema::{participants, spaces, users};
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

pub async fn delete_account(db: &Db, user_id: &str) -> ApiResult<()> {
    let deleted = with_conn!(db, |conn| conn
        .transaction(async |conn| {
            let hosted: Vec<String> = spaces::table
                .filter(spaces::host_id.eq(user_id))
                .order(spaces::id)
                .select(spaces::id)
                .load(conn)
                .await?;
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
                        diesel::delete(spaces::table.find(&space_id))
                            .execute(conn)
                            .await?;
                    }
                }
            }
            let deleted = diesel::delete(users::table.find(user_id))
                .execute(conn)
                .await?;
            Ok::<_, ApiError>(deleted)
        })
        .await)?;
    if deleted == 0 {
        return Err(super::users::user_not_found());
    }
    Ok(())
}
