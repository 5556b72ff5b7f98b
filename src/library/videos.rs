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
use crate::pagination::{AccessKey, Page, PageRequest, TitleKey, encode_cursor};
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

/// The order of a space's videos (`GET /api/spaces/{id}/videos?sort=`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VideoSort {
    /// Newest first (the default).
    #[default]
    Newest,
    /// By title, A to Z (the database's text order), then oldest first.
    Title,
    /// The ones the caller opened most recently first; never-opened ones after them, newest
    /// first.
    LastStudied,
}

type SpaceRow = (Video, Option<IndividualVideo>);

/// A page of the space's videos in `sort` order, each with `user_id`'s own study state.
///
/// Every order pages by keyset: `newest` by id; `title` by (title, id), the cursor holding
/// both ([`TitleKey`]); `last_studied` by the caller's (last access, id), then never-opened
/// ones by id ([`AccessKey`], as `GET /api/individual-videos?sort=last_accessed`).
pub async fn list_videos(
    db: &Db,
    space_id: &str,
    user_id: &str,
    sort: VideoSort,
    page: &PageRequest,
) -> ApiResult<Page<SpaceVideoView>> {
    let want = page.limit + 1;
    let cursor = page.before_id.as_deref();
    let rows: Vec<SpaceRow> = match sort {
        VideoSort::Newest => space_part(db, space_id, user_id, Part::Newest(cursor), want).await?,
        VideoSort::Title => {
            let after = cursor.map(TitleKey::read).transpose()?;
            space_part(db, space_id, user_id, Part::Title(after), want).await?
        }
        VideoSort::LastStudied => {
            let key = cursor.map(AccessKey::read).transpose()?;
            let (mut rows, never_before) = match &key {
                None => (
                    space_part(db, space_id, user_id, Part::Opened(None), want).await?,
                    None,
                ),
                Some(AccessKey::Opened(micros, id)) => {
                    let after = Some((AccessKey::time(*micros)?, id.as_str()));
                    let part = Part::Opened(after);
                    (space_part(db, space_id, user_id, part, want).await?, None)
                }
                Some(AccessKey::Never(id)) => (Vec::new(), Some(id.as_str())),
            };
            let missing = want - rows.len() as i64;
            if missing > 0 {
                let part = Part::Never(never_before);
                rows.extend(space_part(db, space_id, user_id, part, missing).await?);
            }
            rows
        }
    };
    let limit = page.limit as usize;
    let next_cursor = (rows.len() > limit).then(|| {
        let (video, mine) = &rows[limit - 1];
        let key = match sort {
            VideoSort::Newest => video.id.clone(),
            VideoSort::Title => TitleKey {
                title: video.title.clone(),
                id: video.id.clone(),
            }
            .write(),
            VideoSort::LastStudied => {
                AccessKey::new(mine.as_ref().and_then(|m| m.last_accessed_at), &video.id).write()
            }
        };
        encode_cursor(&key)
    });
    Ok(Page {
        items: rows
            .into_iter()
            .take(limit)
            .map(|(video, mine)| SpaceVideoView::new(video, mine))
            .collect(),
        next_cursor,
    })
}

/// One keyset slice of a space's videos.
enum Part<'a> {
    /// By id descending, below the id when given.
    Newest(Option<&'a str>),
    /// By (title, id) ascending, after the key when given.
    Title(Option<TitleKey>),
    /// Opened by the caller, by (last access, video id) descending, after the key when given.
    Opened(Option<(chrono::NaiveDateTime, &'a str)>),
    /// Never opened by the caller, by id descending, below the id when given.
    Never(Option<&'a str>),
}

async fn space_part(
    db: &Db,
    space_id: &str,
    user_id: &str,
    part: Part<'_>,
    limit: i64,
) -> ApiResult<Vec<SpaceRow>> {
    Ok(with_conn!(db, |conn| {
        let mut query = videos::table
            .left_join(
                individual_videos::table.on(individual_videos::video_id
                    .eq(videos::id)
                    .and(individual_videos::user_id.eq(user_id))),
            )
            .filter(videos::space_id.eq(space_id))
            .select((Video::as_select(), Option::<IndividualVideo>::as_select()))
            .limit(limit)
            .into_boxed();
        match &part {
            Part::Newest(before) | Part::Never(before) => {
                if matches!(part, Part::Never(_)) {
                    query = query.filter(individual_videos::last_accessed_at.is_null());
                }
                if let Some(before) = before {
                    query = query.filter(videos::id.lt(*before));
                }
                query = query.order(videos::id.desc());
            }
            Part::Title(after) => {
                if let Some(TitleKey { title, id }) = after {
                    query = query.filter(
                        videos::title.gt(title.clone()).or(videos::title
                            .eq(title.clone())
                            .and(videos::id.gt(id.clone()))),
                    );
                }
                query = query.order((videos::title.asc(), videos::id.asc()));
            }
            Part::Opened(after) => {
                query = query.filter(individual_videos::last_accessed_at.is_not_null());
                if let Some((at, id)) = after {
                    query = query.filter(
                        individual_videos::last_accessed_at.lt(*at).or(
                            individual_videos::last_accessed_at
                                .eq(*at)
                                .and(videos::id.lt(*id)),
                        ),
                    );
                }
                query = query.order((
                    individual_videos::last_accessed_at.desc(),
                    videos::id.desc(),
                ));
            }
        }
        query.load(conn).await
    })?)
}

/// How many videos `user_id` added that still wait for their upload.
pub async fn pending_uploads(db: &Db, user_id: &str) -> ApiResult<i64> {
    awaiting_file(db, user_id, false).await
}

/// How many recording imports of `user_id` are still copying (imported videos await their
/// file without upload URLs).
pub async fn running_imports(db: &Db, user_id: &str) -> ApiResult<i64> {
    awaiting_file(db, user_id, true).await
}

/// Videos of `user_id` still awaiting their file: imports (no upload URLs) or uploads.
async fn awaiting_file(db: &Db, user_id: &str, imports: bool) -> ApiResult<i64> {
    let awaiting = VideoStatus::AwaitingUpload.as_str();
    Ok(with_conn!(db, |conn| videos::table
        .filter(videos::uploader_id.eq(user_id))
        .filter(videos::status.eq(awaiting))
        .filter(videos::upload_expires_at.is_null().eq(imports))
        .count()
        .get_result(conn)
        .await)?)
}

/// Deletes the video row; individual videos and snapshots go with it (cascade), and its
/// documents are journaled for deletion (`collab::forget`).
pub async fn delete_video(db: &Db, video_id: &str) -> ApiResult<()> {
    let ids = [video_id.to_owned()];
    with_conn!(db, |conn| conn
        .transaction(async |conn| {
            conn.forget_videos(&ids).await?;
            diesel::delete(videos::table.find(video_id))
                .execute(conn)
                .await
        })
        .await)?;
    Ok(())
}
