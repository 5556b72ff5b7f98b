//! `/api/videos/{id}/upload`, `upload-complete` and `retry`: the upload's life after the video was added.

use actix_web::{HttpRequest, HttpResponse, post, web};

use crate::db::models::Video;
use crate::domain::VideoStatus;
use crate::error::{ApiResult, ErrorBody};
use crate::http::auth_user::AuthUser;
use crate::http::extract;
use crate::http::origin;
use crate::http::state::AppState;
use crate::library::VideoView;
use crate::library::videos::host_or_uploader;
use crate::media::uploads::{self, CompleteUpload, UploadInstructions};

/// The largest `upload-complete` body: S3's 10,000 parts at about 80 bytes each, with room.
const COMPLETE_UPLOAD_LIMIT: usize = 1024 * 1024;

/// New upload instructions for a video still awaiting its upload (the first ones expired,
/// or the upload went wrong).
#[utoipa::path(post, path = "/api/videos/{id}/upload", tag = "videos", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = UploadInstructions), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
#[post("/api/videos/{id}/upload")]
pub async fn renew(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<UploadInstructions>> {
    let video = host_or_uploader(&state.db, &id, &user.id).await?;
    if video.status != VideoStatus::AwaitingUpload.as_str() {
        return Err(uploads::already_uploaded());
    }
    state
        .limiter
        .check(state.limiter.limits.videos, &user.id)
        .await?;
    Ok(web::Json(instructions(&request, &state, &video).await?))
}

/// Checks the uploaded object and starts transcoding.
#[utoipa::path(post, path = "/api/videos/{id}/upload-complete", tag = "videos",
    security(("bearer" = [])), params(("id" = String, Path)), request_body = CompleteUpload,
    responses((status = 202, body = VideoView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/videos/{id}/upload-complete")]
pub async fn complete(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: web::Payload,
) -> ApiResult<HttpResponse> {
    let body = extract::limited_body(body, COMPLETE_UPLOAD_LIMIT).await?;
    // An empty body is a single-part upload; anything else must be a valid list of parts.
    let parts = match body.iter().all(u8::is_ascii_whitespace) {
        true => None,
        false => extract::parse::<CompleteUpload>(&body)?.parts,
    };
    let video = host_or_uploader(&state.db, &id, &user.id).await?;
    let video = state.media.complete_upload(video, parts).await?;
    Ok(HttpResponse::Accepted().json(VideoView::from(video)))
}

/// Transcodes a failed video again (the host or the uploader).
#[utoipa::path(post, path = "/api/videos/{id}/retry", tag = "videos", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 202, body = VideoView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/api/videos/{id}/retry")]
pub async fn retry(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let video = host_or_uploader(&state.db, &id, &user.id).await?;
    let video = state.media.retry(video).await?;
    Ok(HttpResponse::Accepted().json(VideoView::from(video)))
}

/// Fresh upload instructions for a video awaiting its upload, with absolute URLs.
pub async fn instructions(
    request: &HttpRequest,
    state: &AppState,
    video: &Video,
) -> ApiResult<UploadInstructions> {
    uploads::instructions(
        &state.db,
        state.media.stores.uploads.as_ref(),
        &state.settings.storage,
        video,
        &origin(request),
    )
    .await
}
