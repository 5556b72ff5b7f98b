//! `/api/spaces/{id}/videos` and `/api/videos/{id}`: add (with upload instructions), list, read, delete.

use actix_web::{HttpResponse, delete, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::error::{ApiResult, ErrorBody};
use crate::events::LibraryEvent;
use crate::http::auth_user::AuthUser;
use crate::http::extract::{ValidJson, not_blank};
use crate::http::state::AppState;
use crate::library::videos::{self, NewVideo, SpaceVideoView};
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
        (status = 422, body = ErrorBody)))]
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

/// The videos of a space, newest first, each with the caller's own study state of it
/// (individual video id, progress, last position, last access).
#[utoipa::path(get, path = "/api/spaces/{id}/videos", tag = "videos", security(("bearer" = [])),
    params(("id" = String, Path), PageParams),
    responses((status = 200, body = Page<SpaceVideoView>), (status = 404, body = ErrorBody)))]
#[get("/api/spaces/{id}/videos")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    space_id: web::Path<String>,
    page: web::Query<PageParams>,
) -> ApiResult<web::Json<Page<SpaceVideoView>>> {
    let page = page.validate()?;
    require_member(&state.db, &space_id, &user.id).await?;
    Ok(web::Json(
        videos::list_videos(&state.db, &space_id, &user.id, &page).await?,
    ))
}

/// One video (participants of its space).
#[utoipa::path(get, path = "/api/videos/{id}", tag = "videos", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = VideoView), (status = 404, body = ErrorBody)))]
#[get("/api/videos/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<VideoView>> {
    let video = videos::visible_video(&state.db, &id, &user.id).await?;
    Ok(web::Json(video.into()))
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
