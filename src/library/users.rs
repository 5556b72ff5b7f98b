//! Users: created on first sign-in (Google or, embedded only, dev login). Signing in also
//! joins every space the email was invited to before.

use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

use super::LibraryConn;
use crate::db::models::User;
use crate::db::schema::{participants, users};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::events::{Events, LibraryEvent};
use crate::with_conn;

/// Who is signing in, as the identity provider describes them.
pub struct SignIn {
    pub email: String,
    /// None: keep the account's name (the dev login without one).
    pub name: Option<String>,
    pub picture_url: Option<String>,
    pub google_sub: Option<String>,
}

/// Emails compare case-insensitively; we store them lower-cased and trimmed.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn user_not_found() -> ApiError {
    ApiError::new(ErrorCode::UserNotFound, "this account no longer exists")
}

pub async fn find(db: &Db, user_id: &str) -> ApiResult<User> {
    with_conn!(db, |conn| users::table
        .find(user_id)
        .select(User::as_select())
        .first(conn)
        .await
        .optional())?
    .ok_or_else(user_not_found)
}

/// Finds or creates the user, refreshes their profile, and binds pending invitations (each
/// space they join that way hears `participant_joined`). A `SignIn` without a name keeps
/// the account's name (a new account is named after the email's local part).
pub async fn sign_in(db: &Db, events: &Events, who: SignIn) -> ApiResult<User> {
    let email = normalize_email(&who.email);
    let who = &who;
    let email = &email;
    let (user, joined) = with_conn!(db, |conn| conn
        .transaction(async |conn| {
            let by_sub = match &who.google_sub {
                Some(sub) => users::table
                    .filter(users::google_sub.eq(sub))
                    .select(User::as_select())
                    .first(conn)
                    .await
                    .optional()?,
                None => None,
            };
            let existing = match by_sub {
                Some(user) => Some(user),
                None => users::table
                    .filter(users::email.eq(email))
                    .select(User::as_select())
                    .first(conn)
                    .await
                    .optional()?,
            };
            let now = db::now();
            if let (Some(user), Some(sub)) = (&existing, &who.google_sub)
                && user.google_sub.as_ref().is_some_and(|linked| linked != sub)
            {
                // The email now belongs to another Google account (a recycled address):
                // never hand it the existing account.
                return Err(ApiError::new(
                    ErrorCode::AccountConflict,
                    "this email is linked to another Google account",
                ));
            }
            let user = match existing {
                Some(user) => {
                    diesel::update(users::table.find(&user.id))
                        .set((
                            users::name.eq(who.name.as_ref().unwrap_or(&user.name)),
                            users::picture_url
                                .eq(who.picture_url.as_ref().or(user.picture_url.as_ref())),
                            users::google_sub
                                .eq(who.google_sub.as_ref().or(user.google_sub.as_ref())),
                            users::updated_at.eq(now),
                        ))
                        .returning(User::as_returning())
                        .get_result(conn)
                        .await?
                }
                None => {
                    let user = User {
                        id: db::new_id(),
                        email: email.clone(),
                        name: who
                            .name
                            .clone()
                            .unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_owned()),
                        picture_url: who.picture_url.clone(),
                        google_sub: who.google_sub.clone(),
                        created_at: now,
                        updated_at: now,
                    };
                    // A concurrent first sign-in with the same email may have won the race.
                    let inserted = diesel::insert_into(users::table)
                        .values(&user)
                        .on_conflict(users::email)
                        .do_nothing()
                        .execute(conn)
                        .await?;
                    if inserted == 0 {
                        users::table
                            .filter(users::email.eq(email))
                            .select(User::as_select())
                            .first(conn)
                            .await?
                    } else {
                        user
                    }
                }
            };
            let invitations: Vec<(String, String)> = participants::table
                .filter(participants::email.eq(&user.email))
                .filter(participants::user_id.is_null())
                .order(participants::space_id)
                .select((participants::id, participants::space_id))
                .load(conn)
                .await?;
            let mut joined = Vec::new();
            for (invitation, space_id) in invitations {
                if !conn.lock_space(&space_id).await? {
                    continue;
                }
                // Bound only if the invitation is still pending after the lock (the host may
                // have withdrawn it meanwhile).
                let bound = diesel::update(
                    participants::table
                        .find(&invitation)
                        .filter(participants::user_id.is_null()),
                )
                .set((
                    participants::user_id.eq(&user.id),
                    participants::joined_at.eq(now),
                ))
                .execute(conn)
                .await?;
                if bound == 1 {
                    conn.add_individual_videos_for_member(&space_id, &user.id)
                        .await?;
                    joined.push(space_id);
                }
            }
            Ok::<_, ApiError>((user, joined))
        })
        .await)?;
    for space_id in joined {
        events
            .publish(LibraryEvent::ParticipantJoined {
                space_id,
                user_id: user.id.clone(),
                email: user.email.clone(),
            })
            .await;
    }
    Ok(user)
}
