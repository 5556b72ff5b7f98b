//! Playback of private media. HLS needs every playlist and segment reachable from the
//! player, and storage stays private, so:
//! - the playback URL points at this server: `/api/hls/{video}/{expires}/{signature}/master.m3u8`.
//!   The signature covers the video and the expiry, and sits in the *path*, so the relative
//!   playlist references inside resolve to URLs that carry it too;
//! - every playlist is served through this server, which rewrites the segment (and
//!   `URI="…"`) references into presigned storage URLs, valid for the playback lifetime
//!   plus the video's duration.
//!
//! (CloudFront signed cookies would avoid the rewrite, at the cost of a distribution and a
//! key pair to run; with segments counted in the hundreds per lecture, rewriting is cheap.)

use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::absolute;
use super::signing::expiry;
use super::transcode::thumbnails_prefix;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, ErrorBody, ErrorCode};
use crate::library::VideoStatus;
use crate::library::videos::{find_video, visible_video};
use crate::state::AppState;

/// Largest playlist this server rewrites.
const PLAYLIST_LIMIT: usize = 4 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlaybackKind {
    /// An HLS master playlist (`<video src>` in Safari and Chromium, or hls.js).
    Hls,
    /// The original file, as uploaded (no transcoder was available).
    File,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Playback {
    pub kind: PlaybackKind,
    pub url: String,
    /// Start playing before this; ask again after it.
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub poster_url: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Thumbnail {
    /// Seconds into the video.
    pub t: u64,
    pub url: String,
}

/// A short-lived URL to play the video (participants of its space only).
#[utoipa::path(get, path = "/api/videos/{id}/playback", tag = "videos", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = Playback), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn playback(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<Playback>> {
    let video = visible_video(&state.db, &id, &user.id).await?;
    let key = match (&video.playback_key, VideoStatus::parse(&video.status)) {
        (Some(key), VideoStatus::Ready) => key.clone(),
        _ => {
            return Err(ApiError::new(
                ErrorCode::NotReady,
                format!("the video is not ready to play (it is {})", video.status),
            ));
        }
    };
    let ttl_secs = state.settings.storage.playback_url_ttl_secs;
    let expires = expiry(ttl_secs);
    let stores = &state.media.stores;
    let (kind, url) = if key.ends_with(".m3u8") {
        let signature = state.media.signer.sign(&["HLS", &video.id], expires);
        let file = key.rsplit('/').next().unwrap_or("master.m3u8");
        let url = format!("/api/hls/{}/{expires}/{signature}/{file}", video.id);
        (PlaybackKind::Hls, url)
    } else {
        let ttl = viewing_ttl(ttl_secs, video.duration_ms);
        (
            PlaybackKind::File,
            stores.uploads.presign_get(&key, ttl).await?,
        )
    };
    let poster_url = match &video.thumbnail_key {
        Some(poster) => Some(absolute(
            &request,
            stores
                .media
                .presign_get(poster, Duration::from_secs(ttl_secs))
                .await?,
        )),
        None => None,
    };
    Ok(web::Json(Playback {
        kind,
        url: absolute(&request, url),
        expires_at: chrono::DateTime::from_timestamp(expires, 0).unwrap_or_default(),
        poster_url,
    }))
}

/// The visual index: a thumbnail every `thumbnail_interval_secs`, in order.
#[utoipa::path(get, path = "/api/videos/{id}/thumbnails", tag = "videos",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Vec<Thumbnail>), (status = 404, body = ErrorBody)))]
pub async fn thumbnails(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<Vec<Thumbnail>>> {
    let video = visible_video(&state.db, &id, &user.id).await?;
    let media = &state.media.stores.media;
    let ttl = Duration::from_secs(state.settings.storage.playback_url_ttl_secs);
    let interval = state.settings.transcode.thumbnail_interval_secs;
    let keys = media.list(&thumbnails_prefix(&video.id)).await?;
    let mut thumbnails = Vec::with_capacity(keys.len());
    for (index, key) in keys.iter().enumerate() {
        thumbnails.push(Thumbnail {
            t: index as u64 * interval,
            url: absolute(&request, media.presign_get(key, ttl).await?),
        });
    }
    Ok(web::Json(thumbnails))
}

/// A playlist of a video's HLS rendition, its segment references presigned.
pub async fn playlist(
    request: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, i64, String, String)>,
) -> ApiResult<HttpResponse> {
    let (video_id, expires, signature, file) = path.into_inner();
    state
        .media
        .signer
        .verify(&["HLS", &video_id], expires, &signature)?;
    let not_found = || ApiError::new(ErrorCode::ObjectNotFound, "no such playlist");
    if !file.ends_with(".m3u8") || file.split('/').any(|part| part == ".." || part.is_empty()) {
        return Err(not_found());
    }
    let video = find_video(&state.db, &video_id).await?;
    let master = match (&video.playback_key, VideoStatus::parse(&video.status)) {
        (Some(key), VideoStatus::Ready) => key.clone(),
        _ => return Err(not_found()),
    };
    let base = &master[..master.rfind('/').map_or(0, |i| i + 1)];
    let key = format!("{base}{file}");
    let media = &state.media.stores.media;
    let text = media.read(&key, PLAYLIST_LIMIT).await.map_err(|error| {
        if error.code() == ErrorCode::ObjectNotFound {
            not_found()
        } else {
            error
        }
    })?;
    let text = String::from_utf8_lossy(&text);
    let dir = &key[..key.rfind('/').map_or(0, |i| i + 1)];
    let ttl = viewing_ttl(
        state.settings.storage.playback_url_ttl_secs,
        video.duration_ms,
    );
    let mut out = String::with_capacity(text.len() * 2);
    for line in text.lines() {
        let rewritten = if line.starts_with('#') {
            match uri_attribute(line) {
                Some((start, end)) => {
                    let uri = &line[start..end];
                    let signed = presign(&state, &request, dir, uri, ttl).await?;
                    format!("{}{signed}{}", &line[..start], &line[end..])
                }
                None => line.to_owned(),
            }
        } else if line.trim().is_empty() {
            line.to_owned()
        } else {
            presign(&state, &request, dir, line.trim(), ttl).await?
        };
        out.push_str(&rewritten);
        out.push('\n');
    }
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.apple.mpegurl")
        .insert_header(("cache-control", "private, no-store"))
        .body(out))
}

/// A reference in a playlist: nested playlists stay relative (they resolve through this
/// server, signature included); anything else becomes a presigned storage URL.
async fn presign(
    state: &AppState,
    request: &HttpRequest,
    dir: &str,
    uri: &str,
    ttl: Duration,
) -> ApiResult<String> {
    if uri.ends_with(".m3u8") || uri.contains("://") || uri.starts_with('/') {
        return Ok(uri.to_owned());
    }
    if uri.split('/').any(|part| part == "..") {
        return Err(ApiError::internal(anyhow::anyhow!(
            "playlist escapes: {uri}"
        )));
    }
    let url = state
        .media
        .stores
        .media
        .presign_get(&format!("{dir}{uri}"), ttl)
        .await?;
    Ok(absolute(request, url))
}

/// The byte range of the value in `URI="…"`, when the tag has one.
fn uri_attribute(line: &str) -> Option<(usize, usize)> {
    let start = line.find("URI=\"")? + "URI=\"".len();
    let end = start + line[start..].find('"')?;
    Some((start, end))
}

/// A viewing that starts before the playback URL expires can finish.
fn viewing_ttl(ttl_secs: u64, duration_ms: Option<i64>) -> Duration {
    let duration = duration_ms.unwrap_or(4 * 3600 * 1000).max(0) as u64 / 1000;
    Duration::from_secs(ttl_secs + duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_attributes_are_found_in_tags() {
        let line = r#"#EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0""#;
        let (start, end) = uri_attribute(line).unwrap();
        assert_eq!(&line[start..end], "init.mp4");
        assert_eq!(uri_attribute("#EXTINF:6.0,"), None);
    }

    #[test]
    fn viewing_ttl_covers_the_duration() {
        assert_eq!(viewing_ttl(900, Some(60_000)), Duration::from_secs(960));
        assert_eq!(viewing_ttl(900, None), Duration::from_secs(900 + 4 * 3600));
    }
}
