//! `/api/individual-videos/{id}/snapshots` and `/api/snapshots/{id}`: a student's snapshot images.

use actix_multipart::form::{MultipartForm, MultipartFormConfig, bytes::Bytes, text::Text};
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse, delete, get, post, web};
use utoipa::ToSchema;

use crate::db::models::SnapshotImage;
use crate::error::{ApiError, ApiResult, ErrorBody, ErrorCode};
use crate::http::auth_user::AuthUser;
use crate::http::origin;
use crate::http::state::AppState;
use crate::library::individual_videos::find_mine;
use crate::media::snapshots::{self, MAX_IMAGE_BYTES, SnapshotView};
use crate::pagination::{Page, PageParams};

#[derive(MultipartForm)]
pub struct SnapshotForm {
    #[multipart(limit = "10MiB")]
    image: Bytes,
    /// Milliseconds into the video.
    video_time_ms: Text<i64>,
}

/// `multipart/form-data` with `image` (the file) and `video_time_ms`.
#[derive(ToSchema)]
#[allow(dead_code)] // documents the form for OpenAPI
pub struct SnapshotUpload {
    #[schema(format = Binary, value_type = String)]
    image: Vec<u8>,
    video_time_ms: i64,
}

/// Form errors as API errors: 413 past the size limit, 400 otherwise.
pub fn form_config() -> MultipartFormConfig {
    MultipartFormConfig::default()
        .total_limit(MAX_IMAGE_BYTES + 64 * 1024)
        .memory_limit(MAX_IMAGE_BYTES + 64 * 1024)
        .error_handler(|error, _| {
            let too_large = matches!(
                error,
                actix_multipart::MultipartError::Payload(PayloadError::Overflow)
            ) || actix_web::ResponseError::status_code(&error)
                == StatusCode::PAYLOAD_TOO_LARGE;
            if too_large {
                ApiError::new(
                    ErrorCode::ImageTooLarge,
                    format!("snapshot images may be at most {MAX_IMAGE_BYTES} bytes"),
                )
                .into()
            } else {
                ApiError::new(ErrorCode::InvalidForm, error.to_string()).into()
            }
        })
}

/// Saves a snapshot image on the caller's individual video.
#[utoipa::path(post, path = "/api/individual-videos/{id}/snapshots", tag = "snapshots",
    security(("bearer" = [])), params(("id" = String, Path)),
    request_body(content = SnapshotUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = SnapshotView), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[post("/api/individual-videos/{id}/snapshots")]
pub async fn create(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    payload: web::Payload,
) -> actix_web::Result<HttpResponse> {
    // Whose it is and the rate first: the form (up to 10 MB) is read only after.
    let individual = find_mine(&state.db, &id, &user.id).await?;
    state
        .limiter
        .check(state.limiter.limits.snapshots, &user.id)
        .await?;
    let mut payload = payload.into_inner();
    // Its errors come from `form_config`'s handler already (e.g. 413 `image_too_large`).
    let MultipartForm(form) =
        MultipartForm::<SnapshotForm>::from_request(&request, &mut payload).await?;
    let video_time_ms = form.video_time_ms.into_inner();
    let row = state
        .media
        .save_snapshot(&individual.id, form.image.data, video_time_ms)
        .await?;
    Ok(HttpResponse::Created().json(view(&state, &request, row).await?))
}

/// The snapshots of the caller's individual video, newest first.
#[utoipa::path(get, path = "/api/individual-videos/{id}/snapshots", tag = "snapshots",
    security(("bearer" = [])), params(("id" = String, Path), PageParams),
    responses((status = 200, body = Page<SnapshotView>), (status = 404, body = ErrorBody)))]
#[get("/api/individual-videos/{id}/snapshots")]
pub async fn list(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    page: web::Query<PageParams>,
) -> ApiResult<web::Json<Page<SnapshotView>>> {
    let page = page.validate()?;
    let individual = find_mine(&state.db, &id, &user.id).await?;
    let page = snapshots::list_snapshots(&state.db, &individual.id, &page).await?;
    let mut items = Vec::with_capacity(page.items.len());
    for row in page.items {
        items.push(view(&state, &request, row).await?);
    }
    Ok(web::Json(Page {
        items,
        next_cursor: page.next_cursor,
    }))
}

/// One of the caller's snapshots, with a fresh signed URL (memos store snapshot ids and
/// resolve them here whenever they show one).
#[utoipa::path(get, path = "/api/snapshots/{id}", tag = "snapshots",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = SnapshotView), (status = 404, body = ErrorBody)))]
#[get("/api/snapshots/{id}")]
pub async fn get(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<SnapshotView>> {
    let row = snapshots::find_own_snapshot(&state.db, &id, &user.id).await?;
    Ok(web::Json(view(&state, &request, row).await?))
}

/// Deletes one of the caller's snapshots with its image.
#[utoipa::path(delete, path = "/api/snapshots/{id}", tag = "snapshots",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
#[delete("/api/snapshots/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let row = snapshots::find_own_snapshot(&state.db, &id, &user.id).await?;
    state.media.delete_snapshot(&row).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The snapshot with a short-lived URL of its image.
async fn view(
    state: &AppState,
    request: &HttpRequest,
    row: SnapshotImage,
) -> ApiResult<SnapshotView> {
    let ttl = state.settings.storage.playback_url_ttl;
    state.media.snapshot_view(row, ttl, &origin(request)).await
}
