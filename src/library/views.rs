//! Response shapes shared by several library resources.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::models::{Space, User, Video};
use crate::domain::VideoStatus;

pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

/// The caller's role in a space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Host,
    Participant,
}

impl Role {
    pub fn of(is_host: bool) -> Self {
        if is_host {
            Role::Host
        } else {
            Role::Participant
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UserSummary {
    pub id: String,
    pub name: String,
    pub picture_url: Option<String>,
}

impl From<&User> for UserSummary {
    fn from(user: &User) -> Self {
        Self {
            id: user.id.clone(),
            name: user.name.clone(),
            picture_url: user.picture_url.clone(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SpaceView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub host: UserSummary,
    /// The caller's role in this space.
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl SpaceView {
    pub fn new(space: Space, role: Role, host: UserSummary) -> Self {
        Self {
            id: space.id,
            name: space.name,
            description: space.description,
            host,
            role,
            created_at: utc(space.created_at),
            updated_at: utc(space.updated_at),
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct VideoView {
    pub id: String,
    pub space_id: String,
    pub title: String,
    pub description: String,
    /// Absent when the uploader deleted their account.
    pub uploader_id: Option<String>,
    pub status: VideoStatus,
    /// Why the video failed, when it did.
    pub status_reason: Option<String>,
    /// How far transcoding got (0–100; 100 once ready).
    pub percent: i32,
    /// While `transcoding` has not started yet: the video's place in the transcoder's queue
    /// (1 = next). `null` once work started, and for transcoders without a queue here.
    pub queue_position: Option<i32>,
    pub duration_ms: Option<i64>,
    /// The declared file size and type.
    pub size_bytes: Option<i64>,
    pub content_type: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The poster (a frame of the video): a signed URL valid `storage.playback_url_ttl_secs`,
    /// `null` until transcoding made one (and with pass-through transcoding).
    pub thumbnail_url: Option<String>,
    /// Where the poster is stored; the HTTP edge signs it into `thumbnail_url`.
    #[serde(skip)]
    pub poster_key: Option<String>,
}

impl From<Video> for VideoView {
    fn from(video: Video) -> Self {
        Self {
            id: video.id,
            space_id: video.space_id,
            title: video.title,
            description: video.description,
            uploader_id: video.uploader_id,
            status: VideoStatus::parse(&video.status),
            status_reason: video.status_reason,
            percent: video.transcode_percent,
            queue_position: video.queue_position,
            duration_ms: video.duration_ms,
            size_bytes: video.size_bytes,
            content_type: video.content_type,
            created_at: utc(video.created_at),
            updated_at: utc(video.updated_at),
            thumbnail_url: None,
            poster_key: video.thumbnail_key,
        }
    }
}
