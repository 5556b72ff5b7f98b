//! Row types, shared by both backends.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{individual_videos, participants, spaces, users, videos};

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
}
