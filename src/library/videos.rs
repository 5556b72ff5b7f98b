//! Videos of a space. Adding one gives every joined participant an individual video of it,
//! and answers with where to upload the file (see `media::uploads`).

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::{LibraryConn, VideoStatus, VideoView, require_member};
use crate::auth::AuthUser;
use crate::db::models::Video;
use crate::db::schema::videos;
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, ErrorBody, ErrorCode};
use crate::extract::{ValidJson, not_blank};
use crate::media::events::LibraryEvent;
use crate::media::uploads::{self, UploadInstructions};
use crate::pagination::{Page, PageParams, PageRequest};
use crate::state::AppState;
use crate::with_conn;

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

/// A new video row; `upload` is the file to come, when it is known.
pub struct NewVideo {
    pub title: String,
    pub description: String,
    pub upload: Option<(String, u64)>,
}

/// A created video and where to upload its file.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedVideo {
    #[serde(flatten)]
    pub video: VideoView,
    pub upload: UploadInstructions,
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

/// Adds a video to a space (any participant). The answer says where to upload the file: one
/// presigned PUT, or presigned parts above the multipart threshold; then
/// `POST /api/videos/{id}/upload-complete`.
#[utoipa::path(post, path = "/api/spaces/{id}/videos", tag = "videos", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = CreateVideo,
    responses((status = 201, body = CreatedVideo), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(
    request: actix_web::HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    space_id: web::Path<String>,
    ValidJson(body): ValidJson<CreateVideo>,
) -> ApiResult<HttpResponse> {
    uploads::check_declared(&state.settings.storage, &body.content_type, body.size)?;
    require_member(&state.db, &space_id, &user.id).await?;
    let new = NewVideo {
        title: body.title,
        description: body.description,
        upload: Some((body.content_type, body.size)),
    };
    let video = create_video(&state, &space_id, &user.id, new).await?;
    let upload = uploads::instructions(&request, &state, &video).await?;
    Ok(HttpResponse::Created().json(CreatedVideo {
        video: video.into(),
        upload,
    }))
}

/// The videos of a space, newest first.
#[utoipa::path(get, path = "/api/spaces/{id}/videos", tag = "videos", security(("bearer" = [])),
    params(("id" = String, Path), PageParams),
    responses((status = 200, body = Page<VideoView>), (status = 404, body = ErrorBody)))]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    space_id: web::Path<String>,
    page: web::Query<PageParams>,
) -> ApiResult<web::Json<Page<VideoView>>> {
    let page = page.validate()?;
    require_member(&state.db, &space_id, &user.id).await?;
    Ok(web::Json(list_videos(&state.db, &space_id, &page).await?))
}

/// One video (participants of its space).
#[utoipa::path(get, path = "/api/videos/{id}", tag = "videos", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = VideoView), (status = 404, body = ErrorBody)))]
pub async fn get(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<VideoView>> {
    let video = visible_video(&state.db, &id, &user.id).await?;
    Ok(web::Json(video.into()))
}

/// Deletes a video with everyone's individual videos of it (the host or the uploader).
#[utoipa::path(delete, path = "/api/videos/{id}", tag = "videos", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let video = host_or_uploader(&state.db, &id, &user.id).await?;
    let docs = super::shared::video_documents(&state.db, &video.id).await?;
    let images = crate::media::snapshot_keys(&state.db, std::slice::from_ref(&video.id)).await?;
    with_conn!(state.db, |conn| diesel::delete(
        videos::table.find(&video.id)
    )
    .execute(conn)
    .await)?;
    state
        .collab
        .revoke(None, docs, "the video was deleted")
        .await;
    state.media.purge(&video).await;
    state.media.delete_images(&images).await;
    state
        .media
        .events
        .publish(LibraryEvent::VideoDeleted {
            space_id: video.space_id,
            video_id: video.id,
            reason: None,
        })
        .await;
    Ok(HttpResponse::NoContent().finish())
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

/// Inserts the video with everyone's individual videos, and tells the space.
pub async fn create_video(
    state: &AppState,
    space_id: &str,
    uploader_id: &str,
    input: NewVideo,
) -> ApiResult<Video> {
    let db = &state.db;
    let now = db::now();
    let id = db::new_id();
    let (content_type, size_bytes) = match input.upload {
        Some((content_type, size)) => (Some(content_type), Some(size as i64)),
        None => (None, None),
    };
    let video = Video {
        source_key: Some(uploads::source_key(&id)),
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
            Ok::<_, ApiError>(())
        })
        .await)?;
    state
        .media
        .events
        .publish(LibraryEvent::VideoCreated {
            space_id: space_id.to_owned(),
            video_id: video.id.clone(),
            title: video.title.clone(),
        })
        .await;
    Ok(video)
}

pub async fn list_videos(
    db: &Db,
    space_id: &str,
    page: &PageRequest,
) -> ApiResult<Page<VideoView>> {
    let rows: Vec<Video> = with_conn!(db, |conn| {
        let mut query = videos::table
            .filter(videos::space_id.eq(space_id))
            .select(Video::as_select())
            .order(videos::id.desc())
            .limit(page.limit + 1)
            .into_boxed();
        if let Some(before) = &page.before_id {
            query = query.filter(videos::id.lt(before));
        }
        query.load(conn).await
    })?;
    Ok(Page::from_rows(rows, page, |v| &v.id, VideoView::from))
}
