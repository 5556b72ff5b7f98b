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

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::signing::expiry;
use super::storage::StorageError;
use super::transcode::thumbnails_prefix;
use super::{Media, Origin};
use crate::db::Db;
use crate::db::models::Video;
use crate::domain::VideoStatus;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::library::VideoView;
use crate::library::videos::find_video;

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

/// A short-lived URL to play the video; `ttl_secs` is how long it may start playing.
pub async fn playback(
    media: &Media,
    video: &Video,
    ttl_secs: u64,
    origin: &Origin,
) -> ApiResult<Playback> {
    let key = match (&video.playback_key, VideoStatus::parse(&video.status)) {
        (Some(key), VideoStatus::Ready) => key.clone(),
        _ => {
            return Err(ApiError::new(
                ErrorCode::NotReady,
                format!("the video is not ready to play (it is {})", video.status),
            ));
        }
    };
    let expires = expiry(ttl_secs);
    let stores = &media.stores;
    let (kind, url) = if key.ends_with(".m3u8") {
        let signature = media.signer.sign(&["HLS", &video.id], expires);
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
        Some(poster) => Some(
            origin.absolute(
                stores
                    .media
                    .presign_get(poster, Duration::from_secs(ttl_secs))
                    .await?,
            ),
        ),
        None => None,
    };
    Ok(Playback {
        kind,
        url: origin.absolute(url),
        expires_at: chrono::DateTime::from_timestamp(expires, 0).unwrap_or_default(),
        poster_url,
    })
}

/// Signs each video's poster into its `thumbnail_url` (valid `ttl`); a video without a poster
/// keeps `null`. A poster that cannot be signed (storage unreachable) is left `null` and
/// logged, so a list of videos never fails for want of a picture.
pub async fn sign_posters<'a>(
    media: &Media,
    videos: impl IntoIterator<Item = &'a mut VideoView>,
    ttl: Duration,
    origin: &Origin,
) {
    for video in videos {
        let Some(key) = &video.poster_key else {
            continue;
        };
        match media.stores.media.presign_get(key, ttl).await {
            Ok(url) => video.thumbnail_url = Some(origin.absolute(url)),
            Err(error) => {
                tracing::warn!(video = %video.id, error = %error, "could not sign a poster URL");
            }
        }
    }
}

/// The visual index: a thumbnail every `interval_secs`, in order, each URL valid `ttl`.
pub async fn thumbnails(
    media: &Media,
    video: &Video,
    ttl: Duration,
    interval_secs: u64,
    origin: &Origin,
) -> ApiResult<Vec<Thumbnail>> {
    let interval = interval_secs;
    let media = &media.stores.media;
    let keys = media.list(&thumbnails_prefix(&video.id)).await?;
    let mut thumbnails = Vec::with_capacity(keys.len());
    for (index, key) in keys.iter().enumerate() {
        thumbnails.push(Thumbnail {
            t: index as u64 * interval,
            url: origin.absolute(media.presign_get(key, ttl).await?),
        });
    }
    Ok(thumbnails)
}

/// Where a playback URL points: `/api/hls/{video_id}/{expires}/{signature}/{file}`.
pub struct PlaylistPath {
    pub video_id: String,
    pub expires: i64,
    pub signature: String,
    pub file: String,
}

/// A playlist of a video's HLS rendition (`application/vnd.apple.mpegurl`), its segment
/// references presigned for the playback lifetime (`ttl_secs`) plus the video's duration.
pub async fn playlist(
    media: &Media,
    db: &Db,
    path: PlaylistPath,
    ttl_secs: u64,
    origin: &Origin,
) -> ApiResult<String> {
    let PlaylistPath {
        video_id,
        expires,
        signature,
        file,
    } = path;
    media
        .signer
        .verify(&["HLS", &video_id], expires, &signature)?;
    let not_found = || ApiError::new(ErrorCode::ObjectNotFound, "no such playlist");
    if !file.ends_with(".m3u8") || file.split('/').any(|part| part == ".." || part.is_empty()) {
        return Err(not_found());
    }
    let video = find_video(db, &video_id).await?;
    let master = match (&video.playback_key, VideoStatus::parse(&video.status)) {
        (Some(key), VideoStatus::Ready) => key.clone(),
        _ => return Err(not_found()),
    };
    let base = &master[..master.rfind('/').map_or(0, |i| i + 1)];
    let key = format!("{base}{file}");
    let text = match media.stores.media.read(&key, PLAYLIST_LIMIT).await {
        Ok(text) => text,
        Err(StorageError::NotFound) => return Err(not_found()),
        Err(error) => return Err(error.into()),
    };
    let text = String::from_utf8_lossy(&text);
    let dir = &key[..key.rfind('/').map_or(0, |i| i + 1)];
    let ttl = viewing_ttl(ttl_secs, video.duration_ms);
    let mut out = String::with_capacity(text.len() * 2);
    for line in text.lines() {
        let rewritten = if line.starts_with('#') {
            match uri_attribute(line) {
                Some((start, end)) => {
                    let uri = &line[start..end];
                    let signed = presign(media, origin, dir, uri, ttl).await?;
                    format!("{}{signed}{}", &line[..start], &line[end..])
                }
                None => line.to_owned(),
            }
        } else if line.trim().is_empty() {
            line.to_owned()
        } else {
            presign(media, origin, dir, line.trim(), ttl).await?
        };
        out.push_str(&rewritten);
        out.push('\n');
    }
    Ok(out)
}

/// A reference in a playlist: nested playlists stay relative (they resolve through this
/// server, signature included); anything else becomes a presigned storage URL.
async fn presign(
    media: &Media,
    origin: &Origin,
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
    let url = media
        .stores
        .media
        .presign_get(&format!("{dir}{uri}"), ttl)
        .await?;
    Ok(origin.absolute(url))
}

/// The byte range of the value in `URI="…"`, when the tag has one.
fn uri_attribute(line: &str) -> Option<(usize, usize)> {
    let start = line.find("URI=\"")? + "URI=\"".len();
    let end = start + line[start..].find('"')?;
    Some((start, end))
}

/// The longest viewing a segment URL is signed for: the duration comes from the uploaded
/// file, and a file claiming a thousand hours must not earn URLs that live for weeks.
const LONGEST_VIEWING_SECS: u64 = 6 * 3600;

/// A viewing that starts before the playback URL expires can finish.
fn viewing_ttl(ttl_secs: u64, duration_ms: Option<i64>) -> Duration {
    let duration = duration_ms.unwrap_or(4 * 3600 * 1000).max(0) as u64 / 1000;
    Duration::from_secs(ttl_secs + duration.min(LONGEST_VIEWING_SECS))
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
        // An uploader-controlled duration is clamped.
        let claimed = Some(1000 * 3600 * 1000);
        assert_eq!(
            viewing_ttl(900, claimed),
            Duration::from_secs(900 + 6 * 3600)
        );
    }
}
