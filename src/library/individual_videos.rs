//! Individual videos: each participant's own copy of a video in a space, holding their
//! progress and last access (and, later, their personal notes document). Owner only.

use actix_web::web;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::VideoView;
use super::views::utc;
use crate::auth::AuthUser;
use crate::db::models::{IndividualVideo, Video};
use crate::db::schema::{individual_videos, videos};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, ErrorBody, ErrorCode};
use crate::extract::ValidJson;
use crate::pagination::{Page, PageParams, PageRequest};
use crate::state::AppState;
use crate::with_conn;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct IndividualVideoView {
    pub id: String,
    /// 0–100.
    pub progress_percent: i32,
    pub last_accessed_at: Option<DateTime<Utc>>,
    pub video: VideoView,
}

impl IndividualVideoView {
    pub fn new(individual: IndividualVideo, video: Video) -> Self {
        Self {
            id: individual.id,
            progress_percent: individual.progress_percent,
            last_accessed_at: individual.last_accessed_at.map(utc),
            video: video.into(),
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct Progress {
    /// How much of the video has been watched, 0–100.
    #[validate(range(min = 0, max = 100))]
    pub percent: i32,
}

fn not_found() -> ApiError {
    ApiError::new(
        ErrorCode::IndividualVideoNotFound,
        "no such individual video",
    )
}

/// The caller's individual videos, newest first.
#[utoipa::path(get, path = "/api/individual-videos", tag = "individual videos",
    security(("bearer" = [])), params(PageParams),
    responses((status = 200, body = Page<IndividualVideoView>), (status = 400, body = ErrorBody)))]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    page: web::Query<PageParams>,
) -> ApiResult<web::Json<Page<IndividualVideoView>>> {
    let page = page.validate()?;
    Ok(web::Json(list_mine(&state.db, &user.id, &page).await?))
}

#[utoipa::path(get, path = "/api/individual-videos/{id}", tag = "individual videos",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = IndividualVideoView), (status = 404, body = ErrorBody)))]
pub async fn get(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<IndividualVideoView>> {
    Ok(web::Json(find_mine(&state.db, &id, &user.id).await?))
}

/// Records how far the caller has watched.
#[utoipa::path(put, path = "/api/individual-videos/{id}/progress", tag = "individual videos",
    security(("bearer" = [])), params(("id" = String, Path)), request_body = Progress,
    responses((status = 200, body = IndividualVideoView), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn set_progress(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    ValidJson(body): ValidJson<Progress>,
) -> ApiResult<web::Json<IndividualVideoView>> {
    let now = db::now();
    let updated = with_conn!(state.db, |conn| diesel::update(
        individual_videos::table
            .filter(individual_videos::id.eq(id.as_str()))
            .filter(individual_videos::user_id.eq(&user.id))
            .filter(
                individual_videos::video_id.eq_any(
                    videos::table
                        .filter(videos::space_id.eq_any(crate::my_space_ids!(&user.id)))
                        .select(videos::id)
                )
            )
    )
    .set((
        individual_videos::progress_percent.eq(body.percent),
        individual_videos::updated_at.eq(now),
    ))
    .execute(conn)
    .await)?;
    if updated == 0 {
        return Err(not_found());
    }
    Ok(web::Json(find_mine(&state.db, &id, &user.id).await?))
}

/// Marks the video as opened now (it becomes "last studied" on the dashboard).
#[utoipa::path(put, path = "/api/individual-videos/{id}/accessed", tag = "individual videos",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = IndividualVideoView), (status = 404, body = ErrorBody)))]
pub async fn mark_accessed(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<IndividualVideoView>> {
    let now = db::now();
    let updated = with_conn!(state.db, |conn| diesel::update(
        individual_videos::table
            .filter(individual_videos::id.eq(id.as_str()))
            .filter(individual_videos::user_id.eq(&user.id))
            .filter(
                individual_videos::video_id.eq_any(
                    videos::table
                        .filter(videos::space_id.eq_any(crate::my_space_ids!(&user.id)))
                        .select(videos::id)
                )
            )
    )
    .set((
        individual_videos::last_accessed_at.eq(now),
        individual_videos::updated_at.eq(now),
    ))
    .execute(conn)
    .await)?;
    if updated == 0 {
        return Err(not_found());
    }
    Ok(web::Json(find_mine(&state.db, &id, &user.id).await?))
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

async fn list_mine(
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
