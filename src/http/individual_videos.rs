//! `/api/individual-videos` and `/api/videos/{id}/individual-video`: a participant's own copy
//! of each video (progress, last position, last access), and their list ("My lectures").

use actix_web::{HttpRequest, HttpResponse, delete, get, put, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::error::{ApiResult, ErrorBody};
use crate::http::auth_user::AuthUser;
use crate::http::extract::ValidJson;
use crate::http::state::AppState;
use crate::library::individual_videos::{self as service, IndividualVideoView, Mark, Sort};
use crate::pagination::{Page, PageParams};

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct Progress {
    /// How much of the video has been watched, 0–100.
    #[validate(range(min = 0, max = 100))]
    pub percent: i32,
    /// Where the caller stopped, in whole seconds from the start ("continue" resumes there).
    /// Optional: without it the last position is kept.
    #[serde(default)]
    #[validate(range(min = 0))]
    pub position_secs: Option<i32>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListIndividualVideos {
    /// Only the individual videos of this space.
    pub space_id: Option<String>,
    /// `newest` (default) or `last_accessed` (most recently opened first, never-opened ones
    /// after them); anything else is `invalid_query`.
    #[param(inline)]
    pub sort: Option<Sort>,
    /// Items per page, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page (of the same sort).
    pub cursor: Option<String>,
}

/// One view with its poster signed.
async fn signed(
    request: &HttpRequest,
    state: &AppState,
    mut view: IndividualVideoView,
) -> web::Json<IndividualVideoView> {
    super::playback::sign_posters(request, state, [&mut view.video]).await;
    web::Json(view)
}

/// The caller's list ("My lectures"): their individual videos in the spaces they are in,
/// except those they took off it, each with its space's name and the video's poster: newest
/// first, or by last access; optionally of one space.
#[utoipa::path(get, path = "/api/individual-videos", tag = "individual videos",
    security(("bearer" = [])), params(ListIndividualVideos),
    responses((status = 200, body = Page<IndividualVideoView>), (status = 400, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
#[get("/api/individual-videos")]
pub async fn list(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<ListIndividualVideos>,
) -> ApiResult<web::Json<Page<IndividualVideoView>>> {
    let page = PageParams {
        limit: query.limit,
        cursor: query.cursor.clone(),
    }
    .validate()?;
    let sort = query.sort.unwrap_or_default();
    let mut page =
        service::list_mine(&state.db, &user.id, query.space_id.as_deref(), sort, &page).await?;
    let videos = page.items.iter_mut().map(|item| &mut item.video);
    super::playback::sign_posters(&request, &state, videos).await;
    Ok(web::Json(page))
}

#[utoipa::path(get, path = "/api/individual-videos/{id}", tag = "individual videos",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = IndividualVideoView), (status = 404, body = ErrorBody)))]
#[get("/api/individual-videos/{id}")]
pub async fn get(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<IndividualVideoView>> {
    let view = service::find_mine(&state.db, &id, &user.id).await?;
    Ok(signed(&request, &state, view).await)
}

/// The caller's individual video of a video (where the room keeps their progress and private
/// notes), also when they took it off their list.
#[utoipa::path(get, path = "/api/videos/{id}/individual-video", tag = "individual videos",
    security(("bearer" = [])), params(("id" = String, Path, description = "the video's id")),
    responses((status = 200, body = IndividualVideoView), (status = 404, body = ErrorBody)))]
#[get("/api/videos/{id}/individual-video")]
pub async fn of_video(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<IndividualVideoView>> {
    let view = service::find_mine_of_video(&state.db, &id, &user.id).await?;
    Ok(signed(&request, &state, view).await)
}

/// Takes the video off the caller's own list ("My lectures", the dashboard's counts). Only
/// theirs: the video stays in the space, for everyone else and for them (with their notes
/// and progress); opening it again (`…/accessed`) puts it back on the list.
#[utoipa::path(delete, path = "/api/individual-videos/{id}", tag = "individual videos",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
#[delete("/api/individual-videos/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    service::mark(&state.db, &id, &user.id, Mark::Removed).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Records how far the caller has watched and, with `position_secs`, where they stopped.
#[utoipa::path(put, path = "/api/individual-videos/{id}/progress", tag = "individual videos",
    security(("bearer" = [])), params(("id" = String, Path)), request_body = Progress,
    responses((status = 200, body = IndividualVideoView), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
#[put("/api/individual-videos/{id}/progress")]
pub async fn set_progress(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    ValidJson(body): ValidJson<Progress>,
) -> ApiResult<web::Json<IndividualVideoView>> {
    let mark = Mark::Progress {
        percent: body.percent,
        position_secs: body.position_secs,
    };
    service::mark(&state.db, &id, &user.id, mark).await?;
    let view = service::find_mine(&state.db, &id, &user.id).await?;
    Ok(signed(&request, &state, view).await)
}

/// Marks the video as opened now (it becomes "last studied" on the dashboard, and is back on
/// the caller's list if they had taken it off).
#[utoipa::path(put, path = "/api/individual-videos/{id}/accessed", tag = "individual videos",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = IndividualVideoView), (status = 404, body = ErrorBody)))]
#[put("/api/individual-videos/{id}/accessed")]
pub async fn mark_accessed(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<IndividualVideoView>> {
    service::mark(&state.db, &id, &user.id, Mark::Accessed).await?;
    let view = service::find_mine(&state.db, &id, &user.id).await?;
    Ok(signed(&request, &state, view).await)
}
