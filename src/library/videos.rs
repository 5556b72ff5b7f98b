//! Videos of a space. Adding one gives every joined participant an individual video of it,
//! and the caller learns where to upload the file (`media::uploads`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{LibraryConn, VideoView, require_member, utc};
use crate::db::models::{IndividualVideo, Video};
use crate::db::schema::{individual_videos, search_entries, videos};
use crate::db::{self, Db};
use crate::domain::VideoStatus;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::events::{Events, LibraryEvent};
use crate::pagination::{Page, PageRequest};
use crate::with_conn;

/// A new video row; `upload` is the file to come, when it is known.
pub struct NewVideo {
    pub title: String,
    pub description: String,
    pub upload: Option<(String, u64)>,
}

fn video_not_found() -> ApiError {
    ApiError::new(ErrorCode::VideoNotFound, "no such video")
}

/// An outsider learns nothing about the space a video is in; other errors pass through.
fn outsider_sees_no_video(error: ApiError) -> ApiError {
    if error.code() == ErrorCode::SpaceNotFound {
        video_not_found()
    } else {
        error
    }
}

/// The video, when `user_id` hosts its space or uploaded it: 404 for outsiders, 403 for
/// other participants.
pub async fn host_or_uploader(db: &Db, video_id: &str, user_id: &str) -> ApiResult<Video> {
    let video = find_video(db, video_id).await?;
    let member = require_member(db, &video.space_id, user_id)
        .await
        .map_err(outsider_sees_no_video)?;
    if !member.is_host && video.uploader_id.as_deref() != Some(user_id) {
        return Err(ApiError::new(
            ErrorCode::HostOrUploaderOnly,
            "only the host of the space or the video's uploader may do that",
        ));
    }
    Ok(video)
}

/// The video, if `user_id` participates in its space; 404 otherwise.
pub async fn visible_video(db: &Db, video_id: &str, user_id: &str) -> ApiResult<Video> {
    let video = find_video(db, video_id).await?;
    require_member(db, &video.space_id, user_id)
        .await
        .map_err(outsider_sees_no_video)?;
    Ok(video)
}

pub async fn find_video(db: &Db, video_id: &str) -> ApiResult<Video> {
    with_conn!(db, |conn| videos::table
        .find(video_id)
        .select(Video::as_select())
        .first(conn)
        .await
        .optional())?
    .ok_or_else(video_not_found)
}

/// Inserts the video with everyone's individual videos and its title in the search index,
/// and tells the space.
pub async fn create_video(
    db: &Db,
    events: &Events,
    space_id: &str,
    uploader_id: &str,
    input: NewVideo,
) -> ApiResult<Video> {
    let now = db::now();
    let id = db::new_id();
    let (content_type, size_bytes) = match input.upload {
        Some((content_type, size)) => (Some(content_type), Some(size as i64)),
        None => (None, None),
    };
    let video = Video {
        source_key: Some(crate::domain::keys::source_key(&id)),
        id,
        space_id: space_id.to_owned(),
        title: input.title.trim().to_owned(),
        description: input.description,
        uploader_id: Some(uploader_id.to_owned()),
        status: VideoStatus::AwaitingUpload.as_str().to_owned(),
        status_reason: None,
        duration_ms: None,
        playback_key: None,
        thumbnail_key: None,
        created_at: now,
        updated_at: now,
        content_type,
        size_bytes,
        upload_id: None,
        transcode_job_id: None,
        transcode_percent: 0,
        // Set with the upload instructions.
        upload_expires_at: None,
        queue_position: None,
    };
    let row = &video;
    with_conn!(db, |conn| conn
        .transaction(async |conn| {
            if !conn.lock_space(space_id).await? {
                return Err(super::shared::space_not_found());
            }
            diesel::insert_into(videos::table)
                .values(row)
                .execute(conn)
                .await?;
            conn.add_individual_videos_for_video(space_id, &row.id)
                .await?;
            for field in super::search::index::video_fields(row) {
                diesel::insert_into(search_entries::table)
                    .values(&field)
                    .execute(conn)
                    .await?;
            }
            Ok::<_, ApiError>(())
        })
        .await)?;
    events
        .publish(LibraryEvent::VideoCreated {
            space_id: space_id.to_owned(),
            video_id: video.id.clone(),
            title: video.title.clone(),
        })
        .await;
    Ok(video)
}

/// A video of a space with the caller's own study state of it (never anyone else's).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SpaceVideoView {
    #[serde(flatten)]
    pub video: VideoView,
    /// The caller's individual video of this video (`PUT /api/individual-videos/{id}/…`
    /// records progress and access); `null` only if they have none.
    pub individual_video_id: Option<String>,
    /// The caller's progress, 0–100.
    pub progress_percent: i32,
    /// Where the caller's "continue" resumes, in whole seconds.
    pub last_position_secs: i32,
    /// When the caller last opened it.
    pub last_accessed_at: Option<DateTime<Utc>>,
}

impl SpaceVideoView {
    fn new(video: Video, mine: Option<IndividualVideo>) -> Self {
        Self {
            video: video.into(),
            individual_video_id: mine.as_ref().map(|mine| mine.id.clone()),
            progress_percent: mine.as_ref().map_or(0, |mine| mine.progress_percent),
            last_position_secs: mine.as_ref().map_or(0, |mine| mine.last_position_secs),
            last_accessed_at: mine.and_then(|mine| mine.last_accessed_at.map(utc)),
        }
    }
}

/// A page of the space's videos, newest first, each with `user_id`'s own study state.
pub async fn list_videos(
    db: &Db,
    space_id: &str,
    user_id: &str,
    page: &PageRequest,
) -> ApiResult<Page<SpaceVideoView>> {
    let rows: Vec<(Video, Option<IndividualVideo>)> = with_conn!(db, |conn| {
        let mut query = videos::table
            .left_join(
                individual_videos::table.on(individual_videos::video_id
                    .eq(videos::id)
                    .and(individual_videos::user_id.eq(user_id))),
            )
            .filter(videos::space_id.eq(space_id))
            .select((Video::as_select(), Option::<IndividualVideo>::as_select()))
            .order(videos::id.desc())
            .limit(page.limit + 1)
            .into_boxed();
        if let Some(before) = &page.before_id {
            query = query.filter(videos::id.lt(before));
        }
        query.load(conn).await
    })?;
    Ok(Page::from_rows(
        rows,
        page,
        |(video, _)| &video.id,
        |(video, mine)| SpaceVideoView::new(video, mine),
    ))
}

/// Deletes the video row; individual videos and snapshots go with it (cascade).
pub async fn delete_video(db: &Db, video_id: &str) -> ApiResult<()> {
    with_conn!(db, |conn| diesel::delete(videos::table.find(video_id))
        .execute(conn)
        .await)?;
    Ok(())
}
