//! Individual videos: each participant's own copy of a video in a space, holding their
//! progress and last access (and, later, their personal notes document). Owner only.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::VideoView;
use super::views::utc;
use crate::db::models::{IndividualVideo, Video};
use crate::db::schema::{individual_videos, videos};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::pagination::{Page, PageRequest};
use crate::with_conn;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct IndividualVideoView {
    pub id: String,
    /// 0–100.
    pub progress_percent: i32,
    /// Where "continue" resumes, in whole seconds (0 until a position is recorded).
    pub last_position_secs: i32,
    pub last_accessed_at: Option<DateTime<Utc>>,
    pub video: VideoView,
}

impl IndividualVideoView {
    pub fn new(individual: IndividualVideo, video: Video) -> Self {
        Self {
            id: individual.id,
            progress_percent: individual.progress_percent,
            last_position_secs: individual.last_position_secs,
            last_accessed_at: individual.last_accessed_at.map(utc),
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

pub async fn find_mine(db: &Db, id: &str, user_id: &str) -> ApiResult<IndividualVideoView> {
    let row: Option<(IndividualVideo, Video)> = with_conn!(db, |conn| individual_videos::table
        .inner_join(videos::table)
        .filter(individual_videos::id.eq(id))
        .filter(individual_videos::user_id.eq(user_id))
        .filter(videos::space_id.eq_any(crate::my_space_ids!(user_id)))
        .select((IndividualVideo::as_select(), Video::as_select()))
        .first(conn)
        .await
        .optional())?;
    let (individual, video) = row.ok_or_else(not_found)?;
    Ok(IndividualVideoView::new(individual, video))
}

pub async fn list_mine(
    db: &Db,
    user_id: &str,
    page: &PageRequest,
) -> ApiResult<Page<IndividualVideoView>> {
    let rows: Vec<(IndividualVideo, Video)> = with_conn!(db, |conn| {
        let mut query = individual_videos::table
            .inner_join(videos::table)
            .filter(individual_videos::user_id.eq(user_id))
            .filter(videos::space_id.eq_any(crate::my_space_ids!(user_id)))
            .select((IndividualVideo::as_select(), Video::as_select()))
            .order(individual_videos::id.desc())
            .limit(page.limit + 1)
            .into_boxed();
        if let Some(before) = &page.before_id {
            query = query.filter(individual_videos::id.lt(before));
        }
        query.load(conn).await
    })?;
    Ok(Page::from_rows(
        rows,
        page,
        |(individual, _)| &individual.id,
        |(individual, video)| IndividualVideoView::new(individual, video),
    ))
}

/// What a student records on their individual video.
pub enum Mark {
    /// How much they have watched, 0–100, and where they stopped (whole seconds), when the
    /// client says.
    Progress {
        percent: i32,
        position_secs: Option<i32>,
    },
    /// They opened it now ("last studied" on the dashboard).
    Accessed,
}

/// Records a mark on the caller's own individual video (404 for anyone else's, or once they
/// left the space).
pub async fn mark(db: &Db, id: &str, user_id: &str, mark: Mark) -> ApiResult<()> {
    let now = db::now();
    let (percent, position, accessed) = match mark {
        Mark::Progress {
            percent,
            position_secs,
        } => (Some(percent), position_secs, None),
        Mark::Accessed => (None, None, Some(now)),
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
        individual_videos::updated_at.eq(now),
    ))
    .execute(conn)
    .await)?;
    if updated == 0 {
        return Err(not_found());
    }
    Ok(())
}
