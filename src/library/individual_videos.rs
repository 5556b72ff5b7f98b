//! Individual videos: each participant's own copy of a video in a space, holding their
//! progress, last position and last access (their private notes are the `note-{id}`
//! document). Those not taken off the list make the owner's "My lectures". Owner only.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::VideoView;
use super::views::utc;
use crate::db::models::{IndividualVideo, Video};
use crate::db::schema::{individual_videos, spaces, videos};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::pagination::{AccessKey, Page, PageRequest};
use crate::with_conn;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct IndividualVideoView {
    pub id: String,
    /// 0–100.
    pub progress_percent: i32,
    /// Where "continue" resumes, in whole seconds (0 until a position is recorded).
    pub last_position_secs: i32,
    pub last_accessed_at: Option<DateTime<Utc>>,
    /// The name of the video's space.
    pub space_name: String,
    pub video: VideoView,
}

impl IndividualVideoView {
    pub fn new(individual: IndividualVideo, video: Video, space_name: String) -> Self {
        Self {
            id: individual.id,
            progress_percent: individual.progress_percent,
            last_position_secs: individual.last_position_secs,
            last_accessed_at: individual.last_accessed_at.map(utc),
            space_name,
            video: video.into(),
        }
    }
}

fn not_found() -> ApiError {
    ApiError::new(
        ErrorCode::IndividualVideoNotFound,
        "no such individual video",
    )
}

/// The caller's individual video `id`, if they are in its space.
pub async fn find_mine(db: &Db, id: &str, user_id: &str) -> ApiResult<IndividualVideoView> {
    find(db, Lookup::Id(id), user_id).await
}

/// The caller's individual video of `video_id` (also when they took it off their list), if
/// they are in its space.
pub async fn find_mine_of_video(
    db: &Db,
    video_id: &str,
    user_id: &str,
) -> ApiResult<IndividualVideoView> {
    find(db, Lookup::OfVideo(video_id), user_id).await
}

type Row = (IndividualVideo, Video, String);

/// Which of the caller's individual videos [`find`] looks for.
#[derive(Clone, Copy)]
enum Lookup<'a> {
    Id(&'a str),
    OfVideo(&'a str),
}

async fn find(db: &Db, lookup: Lookup<'_>, user_id: &str) -> ApiResult<IndividualVideoView> {
    let row: Option<Row> = with_conn!(db, |conn| {
        let query = individual_videos::table
            .inner_join(videos::table.inner_join(spaces::table))
            .filter(individual_videos::user_id.eq(user_id))
            .filter(videos::space_id.eq_any(crate::my_space_ids!(user_id)))
            .select((
                IndividualVideo::as_select(),
                Video::as_select(),
                spaces::name,
            ))
            .into_boxed();
        let query = match lookup {
            Lookup::Id(id) => query.filter(individual_videos::id.eq(id)),
            Lookup::OfVideo(video_id) => query.filter(individual_videos::video_id.eq(video_id)),
        };
        query.first(conn).await.optional()
    })?;
    let (individual, video, space_name) = row.ok_or_else(not_found)?;
    Ok(IndividualVideoView::new(individual, video, space_name))
}

/// The order of `GET /api/individual-videos`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Newest individual video first (the default).
    #[default]
    Newest,
    /// Most recently opened first; never-opened ones after them, newest first.
    LastAccessed,
}

/// The caller's individual videos on their list (in the spaces they are in, not removed from
/// the list; only `space_id`'s when given), each with its space's name, in `sort` order.
///
/// Both orders page by keyset. `newest`: the id. `last_accessed`: opened videos by (last
/// access, id) descending, then never-opened ones by id descending; the cursor says which
/// part the page ended in and where (see [`AccessKey`]). A video opened again while someone pages moves to the front and is not
/// shown twice on later pages, but may be missed by them (it is on the first page).
pub async fn list_mine(
    db: &Db,
    user_id: &str,
    space_id: Option<&str>,
    sort: Sort,
    page: &PageRequest,
) -> ApiResult<Page<IndividualVideoView>> {
    let want = page.limit + 1;
    let rows: Vec<Row> = match sort {
        Sort::Newest => {
            let before = page.before_id.as_deref();
            mine(db, user_id, space_id, Part::Newest(before), want).await?
        }
        Sort::LastAccessed => {
            let key = page.before_id.as_deref().map(AccessKey::read).transpose()?;
            let mut rows = Vec::new();
            let never_before = match &key {
                None => {
                    rows = mine(db, user_id, space_id, Part::Opened(None), want).await?;
                    None
                }
                Some(AccessKey::Opened(micros, id)) => {
                    let at = AccessKey::time(*micros)?;
                    rows = mine(db, user_id, space_id, Part::Opened(Some((at, id))), want).await?;
                    None
                }
                Some(AccessKey::Never(id)) => Some(id.as_str()),
            };
            let missing = want - rows.len() as i64;
            if missing > 0 {
                rows.extend(mine(db, user_id, space_id, Part::Never(never_before), missing).await?);
            }
            rows
        }
    };
    let limit = page.limit as usize;
    let next_cursor = (rows.len() > limit).then(|| {
        let (last, _, _) = &rows[limit - 1];
        let key = match sort {
            Sort::Newest => last.id.clone(),
            Sort::LastAccessed => AccessKey::new(last.last_accessed_at, &last.id).write(),
        };
        crate::pagination::encode_cursor(&key)
    });
    Ok(Page {
        items: rows
            .into_iter()
            .take(limit)
            .map(|(individual, video, space)| IndividualVideoView::new(individual, video, space))
            .collect(),
        next_cursor,
    })
}

/// One keyset slice of the caller's individual videos.
enum Part<'a> {
    /// By id descending, below the id when given.
    Newest(Option<&'a str>),
    /// Opened ones by (last access, id) descending, after the key when given.
    Opened(Option<(chrono::NaiveDateTime, &'a str)>),
    /// Never-opened ones by id descending, below the id when given.
    Never(Option<&'a str>),
}

async fn mine(
    db: &Db,
    user_id: &str,
    space_id: Option<&str>,
    part: Part<'_>,
    limit: i64,
) -> ApiResult<Vec<Row>> {
    Ok(with_conn!(db, |conn| {
        let mut query = individual_videos::table
            .inner_join(videos::table.inner_join(spaces::table))
            .filter(individual_videos::user_id.eq(user_id))
            .filter(individual_videos::removed_at.is_null())
            .filter(videos::space_id.eq_any(crate::my_space_ids!(user_id)))
            .select((
                IndividualVideo::as_select(),
                Video::as_select(),
                spaces::name,
            ))
            .limit(limit)
            .into_boxed();
        if let Some(space_id) = space_id {
            query = query.filter(videos::space_id.eq(space_id));
        }
        match &part {
            Part::Newest(before) | Part::Never(before) => {
                if matches!(part, Part::Never(_)) {
                    query = query.filter(individual_videos::last_accessed_at.is_null());
                }
                if let Some(before) = before {
                    query = query.filter(individual_videos::id.lt(*before));
                }
                query = query.order(individual_videos::id.desc());
            }
            Part::Opened(after) => {
                query = query.filter(individual_videos::last_accessed_at.is_not_null());
                if let Some((at, id)) = after {
                    query = query.filter(
                        individual_videos::last_accessed_at.lt(*at).or(
                            individual_videos::last_accessed_at
                                .eq(*at)
                                .and(individual_videos::id.lt(*id)),
                        ),
                    );
                }
                query = query.order((
                    individual_videos::last_accessed_at.desc(),
                    individual_videos::id.desc(),
                ));
            }
        }
        query.load(conn).await
    })?)
}

/// What a student records on their individual video.
pub enum Mark {
    /// How much they have watched, 0–100, and where they stopped (whole seconds), when the
    /// client says.
    Progress {
        percent: i32,
        position_secs: Option<i32>,
    },
    /// They opened it now ("last studied" on the dashboard); a video they had taken off
    /// their list is back on it.
    Accessed,
    /// They took it off their own list ("My lectures"): it stays in the space, for them too,
    /// with their notes and progress, until they open it again.
    Removed,
}

/// Records a mark on the caller's own individual video (404 for anyone else's, or once they
/// left the space).
pub async fn mark(db: &Db, id: &str, user_id: &str, mark: Mark) -> ApiResult<()> {
    let now = db::now();
    // `removed`: Some(Some(now)) takes it off the list, Some(None) puts it back.
    let (percent, position, accessed, removed) = match mark {
        Mark::Progress {
            percent,
            position_secs,
        } => (Some(percent), position_secs, None, None),
        Mark::Accessed => (None, None, Some(now), Some(None)),
        Mark::Removed => (None, None, None, Some(Some(now))),
    };
    let updated = with_conn!(db, |conn| diesel::update(
        individual_videos::table
            .filter(individual_videos::id.eq(id))
            .filter(individual_videos::user_id.eq(user_id))
            .filter(
                individual_videos::video_id.eq_any(
                    videos::table
                        .filter(videos::space_id.eq_any(crate::my_space_ids!(user_id)))
                        .select(videos::id)
                )
            )
    )
    .set((
        percent.map(|percent| individual_videos::progress_percent.eq(percent)),
        position.map(|secs| individual_videos::last_position_secs.eq(secs)),
        accessed.map(|at| individual_videos::last_accessed_at.eq(at)),
        removed.map(|at| individual_videos::removed_at.eq(at)),
        individual_videos::updated_at.eq(now),
    ))
    .execute(conn)
    .await)?;
    if updated == 0 {
        return Err(not_found());
    }
    Ok(())
}
