//! The signed-in user's own account: `GET /api/me`, `DELETE /api/me`.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::LibraryConn;
use super::views::utc;
use crate::auth::{AuthUser, cookies};
use crate::db::Db;
use crate::db::models::User;
use crate::db::schema::{participants, spaces, users};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::state::AppState;
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

/// The signed-in user.
#[utoipa::path(get, path = "/api/me", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = MeView), (status = 401, body = ErrorBody)))]
pub async fn get(state: web::Data<AppState>, user: AuthUser) -> ApiResult<web::Json<MeView>> {
    Ok(web::Json(
        super::users::find(&state.db, &user.id).await?.into(),
    ))
}

/// Deletes the account.
///
/// What happens to your data:
/// - each space you host passes to the participant who joined it earliest; a space with no
///   other joined participant is deleted with its videos;
/// - your participations, individual videos (progress, personal notes, snapshots) and
///   external connections (Webex) are deleted;
/// - videos you uploaded stay in their spaces, without an uploader;
/// - this session's refresh token is revoked; other sessions stop at their next refresh.
#[utoipa::path(delete, path = "/api/me", tag = "me", security(("bearer" = [])),
    responses((status = 204, description = "account deleted"), (status = 401, body = ErrorBody)))]
pub async fn delete(
    state: web::Data<AppState>,
    user: AuthUser,
    request: HttpRequest,
) -> ApiResult<HttpResponse> {
    delete_account(&state.db, &user.id).await?;
    if let Some(token) = cookies::refresh_token(&request)
        && let Err(error) = state.refresh.revoke(&token).await
    {
        // The account is gone already; its refresh tokens fail at their next use anyway.
        tracing::warn!("could not revoke the session of a deleted account: {error:?}");
    }
    Ok(HttpResponse::NoContent()
        .cookie(cookies::clear_refresh(&state.settings))
        .finish())
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
