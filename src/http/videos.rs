//! `/api/spaces/{id}/videos` and `/api/videos/{id}`: add (with upload instructions), list, read, delete.

use actix_web::{HttpResponse, delete, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::error::{ApiResult, ErrorBody};
use crate::events::LibraryEvent;
use crate::http::auth_user::AuthUser;
use crate::http::extract::{ValidJson, not_blank};
use crate::http::state::AppState;
use crate::library::videos::{self, NewVideo, SpaceVideoView, VideoSort};
use crate::library::{VideoView, require_member};
use crate::media::uploads::UploadInstructions;
use crate::pagination::{Page, PageParams};

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CreateVideo {
    #[validate(length(min = 1, max = 300), custom(function = "not_blank"))]
    pub title: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    pub description: String,
    /// The file's size in bytes.
    #[validate(range(min = 1))]
    pub size: u64,
    /// The file's type: `video/…`.
    #[validate(length(min = 1, max = 200))]
    pub content_type: String,
}

/// A created video and where to upload its file.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedVideo {
    #[serde(flatten)]
    pub video: VideoView,
    pub upload: UploadInstructions,
}

/// Adds a video to a space (any participant). The answer says where to upload the file: one
/// presigned PUT, or presigned parts above the multipart threshold; then
/// `POST /api/videos/{id}/upload-complete`.
#[utoipa::path(post, path = "/api/spaces/{id}/videos", tag = "videos", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = CreateVideo,
    responses((status = 201, body = CreatedVideo), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, description = "`rate_limited`, or `quota_exceeded`: too many uploads pending")))]
#[post("/api/spaces/{id}/videos")]
pub async fn create(
    request: actix_web::HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    space_id: web::Path<String>,
    ValidJson(body): ValidJson<CreateVideo>,
) -> ApiResult<HttpResponse> {
    crate::media::uploads::check_declared(&state.settings.storage, &body.content_type, body.size)?;
    require_member(&state.db, &space_id, &user.id).await?;
    state
        .limiter
        .check(state.limiter.limits.videos, &user.id)
        .await?;
    let quota = state.settings.limits.max_pending_uploads;
    if videos::pending_uploads(&state.db, &user.id).await? >= i64::from(quota) {
        // A pending upload is swept when its URLs expire, at the latest.
        let after = state.settings.storage.upload_url_ttl;
        return Err(crate::limits::quota_exceeded("uploads", quota, after));
    }
    let new = NewVideo {
        title: body.title,
        description: body.description,
        upload: Some((body.content_type, body.size)),
    };
    let video = videos::create_video(&state.db, &state.events, &space_id, &user.id, new).await?;
    let upload = super::uploads::instructions(&request, &state, &video).await?;
    Ok(HttpResponse::Created().json(CreatedVideo {
        video: video.into(),
        upload,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListVideos {
    /// `newest` (default), `title` (A to Z) or `last_studied` (the caller's most recently
    /// opened first, never-opened ones after them); anything else is `invalid_query`.
    #[param(inline)]
    pub sort: Option<VideoSort>,
    /// Items per page, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page (of the same sort).
    pub cursor: Option<String>,
}

/// The videos of a space, each with its poster and the caller's own study state of it
/// (individual video id, progress, last position, last access): newest first, by title, or
/// by when the caller last studied them.
#[utoipa::path(get, path = "/api/spaces/{id}/videos", tag = "videos", security(("bearer" = [])),
    params(("id" = String, Path), ListVideos),
    responses((status = 200, body = Page<SpaceVideoView>), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/api/spaces/{id}/videos")]
pub async fn list(
    request: actix_web::HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    space_id: web::Path<String>,
    query: web::Query<ListVideos>,
) -> ApiResult<web::Json<Page<SpaceVideoView>>> {
    let page = PageParams {
        limit: query.limit,
        cursor: query.cursor.clone(),
    }
    .validate()?;
    require_member(&state.db, &space_id, &user.id).await?;
    let sort = query.sort.unwrap_or_default();
    let mut page = videos::list_videos(&state.db, &space_id, &user.id, sort, &page).await?;
    let views = page.items.iter_mut().map(|item| &mut item.video);
    super::playback::sign_posters(&request, &state, views).await;
    Ok(web::Json(page))
}

/// One video (participants of its space).
#[utoipa::path(get, path = "/api/videos/{id}", tag = "videos", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = VideoView), (status = 404, body = ErrorBody)))]
#[get("/api/videos/{id}")]
pub async fn get(
    request: actix_web::HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<VideoView>> {
    let mut video: VideoView = videos::visible_video(&state.db, &id, &user.id)
        .await?
        .into();
    super::playback::sign_posters(&request, &state, [&mut video]).await;
    Ok(web::Json(video))
}

/// Deletes a video with everyone's individual videos of it (the host or the uploader).
#[utoipa::path(delete, path = "/api/videos/{id}", tag = "videos", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[delete("/api/videos/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let video = videos::host_or_uploader(&state.db, &id, &user.id).await?;
    let docs = crate::library::shared::video_documents(&state.db, &video.id).await?;
    let images = crate::media::snapshot_keys(&state.db, std::slice::from_ref(&video.id)).await?;
    videos::delete_video(&state.db, &video.id).await?;
    state
        .collab
        .revoke(None, docs, "the video was deleted")
        .await;
    state.media.purge(&video).await;
    state.media.delete_images(&images).await;
    state
        .events
        .publish(LibraryEvent::VideoDeleted {
            space_id: video.space_id,
            video_id: video.id,
            reason: None,
        })
        .await;
    Ok(HttpResponse::NoContent().finish())
}
