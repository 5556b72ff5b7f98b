//! Query fragments used by several library resources, written once for both backends.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::collab::forget::ForgetConn;
use crate::db::models::{IndividualVideo, Participant};
use crate::db::schema::{individual_videos, participants, spaces, videos};
use crate::db::{self, Db};
use crate::domain::DocKey;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::with_conn;

#[allow(async_fn_in_trait)] // used on concrete connection types only
pub trait LibraryConn {
    /// The user's joined participation in a space, if any.
    async fn membership(
        &mut self,
        space_id: &str,
        user_id: &str,
    ) -> QueryResult<Option<Participant>>;

    /// Serialises writers of one space for the rest of the transaction (a row lock on
    /// PostgreSQL; SQLite has a single writer anyway). Adding a video, joining and leaving all
    /// take it, so none can miss another's individual videos. False when the space is gone.
    /// Transactions that lock several spaces lock them in id order (no deadlocks).
    async fn lock_space(&mut self, space_id: &str) -> QueryResult<bool>;

    /// Gives a (newly joined) member an individual video for every video of the space.
    async fn add_individual_videos_for_member(
        &mut self,
        space_id: &str,
        user_id: &str,
    ) -> QueryResult<()>;

    /// Gives every joined member of the space an individual video for a new video.
    async fn add_individual_videos_for_video(
        &mut self,
        space_id: &str,
        video_id: &str,
    ) -> QueryResult<()>;

    async fn insert_individual_videos(&mut self, rows: Vec<IndividualVideo>) -> QueryResult<()>;

    /// Journals the documents of these videos (their boards and everyone's notes) for
    /// deletion (`collab::forget`), in the transaction that deletes the videos.
    async fn forget_videos(&mut self, video_ids: &[String]) -> QueryResult<()>;

    /// Journals the user's own notes for deletion, in the transaction that deletes them.
    async fn forget_notes_of(&mut self, user_id: &str) -> QueryResult<()>;
}

crate::impl_for_backends!(LibraryConn {
    async fn membership(
        &mut self,
        space_id: &str,
        user_id: &str,
    ) -> QueryResult<Option<Participant>> {
        participants::table
            .filter(participants::space_id.eq(space_id))
            .filter(participants::user_id.eq(user_id))
            .select(Participant::as_select())
            .first(self)
            .await
            .optional()
    }

    async fn lock_space(&mut self, space_id: &str) -> QueryResult<bool> {
        let locked = diesel::update(spaces::table.find(space_id))
            .set(spaces::id.eq(space_id))
            .execute(self)
            .await?;
        Ok(locked == 1)
    }

    async fn add_individual_videos_for_member(
        &mut self,
        space_id: &str,
        user_id: &str,
    ) -> QueryResult<()> {
        let video_ids: Vec<String> = videos::table
            .filter(videos::space_id.eq(space_id))
            .select(videos::id)
            .load(self)
            .await?;
        let rows = video_ids
            .into_iter()
            .map(|video_id| IndividualVideo::new(video_id, user_id.to_owned()))
            .collect();
        self.insert_individual_videos(rows).await
    }

    async fn add_individual_videos_for_video(
        &mut self,
        space_id: &str,
        video_id: &str,
    ) -> QueryResult<()> {
        let user_ids: Vec<Option<String>> = participants::table
            .filter(participants::space_id.eq(space_id))
            .filter(participants::user_id.is_not_null())
            .select(participants::user_id)
            .load(self)
            .await?;
        let rows = user_ids
            .into_iter()
            .flatten()
            .map(|user_id| IndividualVideo::new(video_id.to_owned(), user_id))
            .collect();
        self.insert_individual_videos(rows).await
    }

    async fn insert_individual_videos(&mut self, rows: Vec<IndividualVideo>) -> QueryResult<()> {
        for row in rows {
            diesel::insert_into(individual_videos::table)
                .values(&row)
                .on_conflict((individual_videos::video_id, individual_videos::user_id))
                .do_nothing()
                .execute(self)
                .await?;
        }
        Ok(())
    }

    async fn forget_videos(&mut self, video_ids: &[String]) -> QueryResult<()> {
        let notes: Vec<String> = individual_videos::table
            .filter(individual_videos::video_id.eq_any(video_ids))
            .select(individual_videos::id)
            .load(self)
            .await?;
        let docs: Vec<String> = video_ids
            .iter()
            .map(|id| DocKey::Video(id.clone()).to_string())
            .chain(notes.into_iter().map(|id| DocKey::Note(id).to_string()))
            .collect();
        self.forget_documents(&docs).await
    }

    async fn forget_notes_of(&mut self, user_id: &str) -> QueryResult<()> {
        let notes: Vec<String> = individual_videos::table
            .filter(individual_videos::user_id.eq(user_id))
            .select(individual_videos::id)
            .load(self)
            .await?;
        let docs: Vec<String> = notes
            .into_iter()
            .map(|id| DocKey::Note(id).to_string())
            .collect();
        self.forget_documents(&docs).await
    }
});

impl IndividualVideo {
    pub fn new(video_id: String, user_id: String) -> Self {
        let now = db::now();
        Self {
            id: db::new_id(),
            video_id,
            user_id,
            progress_percent: 0,
            last_accessed_at: None,
            created_at: now,
            updated_at: now,
            last_position_secs: 0,
            removed_at: None,
        }
    }
}

/// The collaborative documents of a space's videos: `video-…` of each, and `note-…` of their
/// individual videos (only `only_user`'s when given). Used to close sockets on removal.
pub async fn space_documents(
    db: &Db,
    space_id: &str,
    only_user: Option<&str>,
) -> ApiResult<Vec<String>> {
    let video_ids: Vec<String> = with_conn!(db, |conn| videos::table
        .filter(videos::space_id.eq(space_id))
        .select(videos::id)
        .load(conn)
        .await)?;
    documents_of(db, video_ids, only_user).await
}

/// The documents `user_id` can open: the boards of the videos in their spaces and their own
/// notes. Used to close their sockets when the account is deleted.
pub async fn member_documents(db: &Db, user_id: &str) -> ApiResult<Vec<String>> {
    let video_ids: Vec<String> = with_conn!(db, |conn| videos::table
        .inner_join(participants::table.on(participants::space_id.eq(videos::space_id)))
        .filter(participants::user_id.eq(user_id))
        .select(videos::id)
        .load(conn)
        .await)?;
    documents_of(db, video_ids, Some(user_id)).await
}

/// The documents of one video: its board and everyone's notes on it.
pub async fn video_documents(db: &Db, video_id: &str) -> ApiResult<Vec<String>> {
    documents_of(db, vec![video_id.to_owned()], None).await
}

async fn documents_of(
    db: &Db,
    video_ids: Vec<String>,
    only_user: Option<&str>,
) -> ApiResult<Vec<String>> {
    let ids = &video_ids;
    let notes: Vec<(String, String)> = with_conn!(db, |conn| individual_videos::table
        .filter(individual_videos::video_id.eq_any(ids))
        .select((individual_videos::id, individual_videos::user_id))
        .load(conn)
        .await)?;
    let mut docs: Vec<String> = video_ids
        .iter()
        .map(|id| DocKey::Video(id.clone()).to_string())
        .collect();
    docs.extend(
        notes
            .into_iter()
            .filter(|(_, owner)| only_user.is_none_or(|u| u == owner))
            .map(|(id, _)| DocKey::Note(id).to_string()),
    );
    Ok(docs)
}

pub fn space_not_found() -> ApiError {
    ApiError::new(ErrorCode::SpaceNotFound, "no such space")
}

/// The caller's participation, or 404 when they are not in the space (or it does not exist).
pub async fn require_member(db: &Db, space_id: &str, user_id: &str) -> ApiResult<Participant> {
    with_conn!(db, |conn| conn.membership(space_id, user_id).await)?.ok_or_else(space_not_found)
}

/// Like [`require_member`], and 403 when the caller is a participant but not the host.
pub async fn require_host(db: &Db, space_id: &str, user_id: &str) -> ApiResult<Participant> {
    let member = require_member(db, space_id, user_id).await?;
    if !member.is_host {
        return Err(ApiError::new(
            ErrorCode::HostOnly,
            "only the host of this space may do that",
        ));
    }
    Ok(member)
}
