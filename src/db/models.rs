//! Row types, shared by both backends.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{
    external_accounts, individual_videos, invite_links, participants, snapshot_images, spaces,
    users, videos,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub picture_url: Option<String>,
    pub google_sub: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = spaces)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Space {
    pub id: String,
    pub name: String,
    pub description: String,
    pub host_id: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = participants)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Participant {
    pub id: String,
    pub space_id: String,
    pub email: String,
    pub user_id: Option<String>,
    pub is_host: bool,
    pub created_at: NaiveDateTime,
    pub joined_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = videos)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Video {
    pub id: String,
    pub space_id: String,
    pub title: String,
    pub description: String,
    pub uploader_id: Option<String>,
    pub status: String,
    pub status_reason: Option<String>,
    pub duration_ms: Option<i64>,
    pub source_key: Option<String>,
    pub playback_key: Option<String>,
    pub thumbnail_key: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub content_type: Option<String>,
    pub size_bytes: Option<i64>,
    /// The pending multipart upload, when the video uploads in parts.
    pub upload_id: Option<String>,
    pub transcode_job_id: Option<String>,
    pub transcode_percent: i32,
    /// When the last upload instructions expire; a video still awaiting its upload after
    /// that is abandoned (the sweeper removes it). None for imports.
    pub upload_expires_at: Option<NaiveDateTime>,
    /// Place in this instance's transcoding queue (1 = next) while waiting for a slot.
    pub queue_position: Option<i32>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = individual_videos)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct IndividualVideo {
    pub id: String,
    pub video_id: String,
    pub user_id: String,
    pub progress_percent: i32,
    pub last_accessed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Where "continue" resumes, in whole seconds.
    pub last_position_secs: i32,
    /// When its owner took it off their list ("My lectures"); `None` while it is on it.
    pub removed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = snapshot_images)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct SnapshotImage {
    pub id: String,
    pub individual_video_id: String,
    pub video_time_ms: i64,
    pub object_key: String,
    pub created_at: NaiveDateTime,
    pub content_type: String,
    pub size_bytes: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = external_accounts)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ExternalAccount {
    pub id: String,
    pub user_id: String,
    pub provider: String,
    pub external_id: Option<String>,
    pub access_token_ciphertext: Vec<u8>,
    pub refresh_token_ciphertext: Option<Vec<u8>>,
    pub expires_at: Option<NaiveDateTime>,
    pub scopes: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A shareable link that lets whoever opens it join a space; the secret in it is stored only
/// as its SHA-256.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = invite_links)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct InviteLink {
    pub id: String,
    pub space_id: String,
    pub token_hash: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    /// How many people joined through it.
    pub uses: i32,
}
