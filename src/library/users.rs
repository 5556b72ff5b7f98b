//! Users: created on first sign-in (Google or, embedded only, dev login), each with a
//! personal space ("My videos" / "개인 영상", as in the original service): an ordinary space
//! they host, made once, in the transaction that creates the account. Invitations to their
//! email wait for them to accept (`invitations`); signing in joins nothing by itself.

use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

use crate::db::models::User;
use crate::db::schema::{participants, spaces, users};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::with_conn;

/// Who is signing in, as the identity provider describes them.
pub struct SignIn {
    pub email: String,
    /// None: keep the account's name (the dev login without one).
    pub name: Option<String>,
    pub picture_url: Option<String>,
    pub google_sub: Option<String>,
    /// The language a new account's personal space is named in.
    pub language: Language,
}

/// The languages the app speaks (of the sign-in request's `Accept-Language`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    English,
    Korean,
}

impl Language {
    /// The first language of an `Accept-Language` list that the app speaks (English when none).
    pub fn from_accept_language(header: &str) -> Self {
        let mut tags: Vec<(f32, usize, &str)> = header
            .split(',')
            .enumerate()
            .filter_map(|(order, item)| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim();
                let quality = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                Some((quality, order, tag))
            })
            .collect();
        tags.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        tags.into_iter()
            .filter(|(quality, _, _)| *quality > 0.0)
            .find_map(|(_, _, tag)| {
                let primary = tag.split('-').next()?.to_ascii_lowercase();
                match primary.as_str() {
                    "ko" => Some(Language::Korean),
                    "en" => Some(Language::English),
                    _ => None,
                }
            })
            .unwrap_or_default()
    }

    /// The personal space's name.
    pub fn personal_space(self) -> &'static str {
        match self {
            Language::English => "My videos",
            Language::Korean => "개인 영상",
        }
    }
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

/// Finds or creates the user (with their personal space) and refreshes their profile. A
/// `SignIn` without a name keeps the account's name (a new account is named after the
/// email's local part).
pub async fn sign_in(db: &Db, who: SignIn) -> ApiResult<User> {
    let email = normalize_email(&who.email);
    let who = &who;
    let email = &email;
    with_conn!(db, |conn| conn
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
                        // Signing up: the account starts with a space of its own.
                        let (space, host) = super::spaces::new_space(
                            &user,
                            who.language.personal_space(),
                            String::new(),
                        );
                        diesel::insert_into(spaces::table)
                            .values(&space)
                            .execute(conn)
                            .await?;
                        diesel::insert_into(participants::table)
                            .values(&host)
                            .execute(conn)
                            .await?;
                        user
                    }
                }
            };
            Ok::<_, ApiError>(user)
        })
        .await)
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn the_personal_space_is_named_in_the_first_language_the_app_speaks() {
        let of = Language::from_accept_language;
        assert_eq!(of("ko-KR,ko;q=0.9,en-US;q=0.8"), Language::Korean);
        assert_eq!(of("en-US,en;q=0.9,ko;q=0.8"), Language::English);
        assert_eq!(of("fr-FR,ko;q=0.5"), Language::Korean);
        assert_eq!(of("en;q=0.3, ko;q=0.7"), Language::Korean);
        assert_eq!(of("ko;q=0, en"), Language::English);
        assert_eq!(of(""), Language::English);
        assert_eq!(of("de"), Language::English);
    }
}
