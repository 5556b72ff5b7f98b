//! `/api/videos/{id}/playback`, `/api/videos/{id}/thumbnails` and the signed HLS playlists
//! under `/api/hls/…` (see `media::playback` for why playlists go through this server).

use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::error::{ApiResult, ErrorBody};
use crate::http::auth_user::AuthUser;
use crate::http::origin;
use crate::http::state::AppState;
use crate::library::videos::visible_video;
use crate::media::playback::{self as service, Playback, PlaylistPath, Thumbnail};

/// A short-lived URL to play the video (participants of its space only).
#[utoipa::path(get, path = "/api/videos/{id}/playback", tag = "videos", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = Playback), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
#[get("/api/videos/{id}/playback")]
pub async fn playback(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<Playback>> {
    let video = visible_video(&state.db, &id, &user.id).await?;
    let ttl_secs = state.settings.storage.playback_url_ttl.as_secs();
    let playback = service::playback(&state.media, &video, ttl_secs, &origin(&request)).await?;
    Ok(web::Json(playback))
}

/// The visual index: a thumbnail every `thumbnail_interval_secs`, in order.
#[utoipa::path(get, path = "/api/videos/{id}/thumbnails", tag = "videos",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Vec<Thumbnail>), (status = 404, body = ErrorBody)))]
#[get("/api/videos/{id}/thumbnails")]
pub async fn thumbnails(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<Vec<Thumbnail>>> {
    let video = visible_video(&state.db, &id, &user.id).await?;
    let ttl = state.settings.storage.playback_url_ttl;
    let interval = state.settings.transcode.thumbnail_interval.as_secs();
    let thumbnails =
        service::thumbnails(&state.media, &video, ttl, interval, &origin(&request)).await?;
    Ok(web::Json(thumbnails))
}

/// Fills the `thumbnail_url` of videos about to be answered (their posters, signed for
/// `storage.playback_url_ttl_secs`).
pub async fn sign_posters<'a>(
    request: &HttpRequest,
    state: &AppState,
    videos: impl IntoIterator<Item = &'a mut crate::library::VideoView>,
) {
    let ttl = state.settings.storage.playback_url_ttl;
    service::sign_posters(&state.media, videos, ttl, &origin(request)).await;
}

/// A playlist of a video's HLS rendition, its segment references presigned.
pub async fn playlist(
    request: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, i64, String, String)>,
) -> ApiResult<HttpResponse> {
    let (video_id, expires, signature, file) = path.into_inner();
    let path = PlaylistPath {
        video_id,
        expires,
        signature,
        file,
    };
    let ttl_secs = state.settings.storage.playback_url_ttl.as_secs();
    let text =
        service::playlist(&state.media, &state.db, path, ttl_secs, &origin(&request)).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.apple.mpegurl")
        .insert_header(("cache-control", "private, no-store"))
        .body(text))
}
