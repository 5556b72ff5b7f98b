//! Snapshot images: a frame of the video with the drawings on it, saved by a participant on
//! their individual video at a video time. PNG, JPEG or WebP (checked by magic bytes), at
//! most 10 MB, stored in the images bucket; owner only.

use std::time::Duration;

use actix_multipart::form::{MultipartForm, MultipartFormConfig, bytes::Bytes, text::Text};
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::absolute;
use crate::auth::AuthUser;
use crate::db::models::SnapshotImage;
use crate::db::schema::{individual_videos, snapshot_images};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, ErrorBody, ErrorCode};
use crate::library::individual_videos::find_mine;
use crate::library::utc;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;
use crate::with_conn;

/// Largest snapshot image.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;

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

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SnapshotView {
    pub id: String,
    pub individual_video_id: String,
    pub video_time_ms: i64,
    pub content_type: String,
    pub size_bytes: i64,
    /// A short-lived URL of the image.
    pub url: String,
    pub created_at: DateTime<Utc>,
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

/// The image type, from the file's first bytes.
fn sniff(data: &[u8]) -> Option<(&'static str, &'static str)> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else if data.len() >= 12 && &data[..4] == b"RIFF" && &data[8..12] == b"WEBP" {
        Some(("image/webp", "webp"))
    } else {
        None
    }
}

async fn view(
    state: &AppState,
    request: &HttpRequest,
    row: SnapshotImage,
) -> ApiResult<SnapshotView> {
    let ttl = Duration::from_secs(state.settings.storage.playback_url_ttl_secs);
    let url = state
        .media
        .stores
        .images
        .presign_get(&row.object_key, ttl)
        .await?;
    Ok(SnapshotView {
        id: row.id,
        individual_video_id: row.individual_video_id,
        video_time_ms: row.video_time_ms,
        content_type: row.content_type,
        size_bytes: row.size_bytes,
        url: absolute(request, url),
        created_at: utc(row.created_at),
    })
}

/// Saves a snapshot image on the caller's individual video.
#[utoipa::path(post, path = "/api/individual-videos/{id}/snapshots", tag = "snapshots",
    security(("bearer" = [])), params(("id" = String, Path)),
    request_body(content = SnapshotUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = SnapshotView), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    MultipartForm(form): MultipartForm<SnapshotForm>,
) -> ApiResult<HttpResponse> {
    let individual = find_mine(&state.db, &id, &user.id).await?;
    let video_time_ms = form.video_time_ms.into_inner();
    if video_time_ms < 0 {
        return Err(ApiError::field("video_time_ms", "must not be negative"));
    }
    let data = form.image.data;
    let Some((content_type, extension)) = sniff(&data) else {
        return Err(ApiError::new(
            ErrorCode::NotAnImage,
            "snapshots must be PNG, JPEG or WebP images",
        ));
    };
    let snapshot_id = db::new_id();
    let row = SnapshotImage {
        object_key: format!("snapshots/{}/{snapshot_id}.{extension}", individual.id),
        id: snapshot_id,
        individual_video_id: individual.id,
        video_time_ms,
        created_at: db::now(),
        content_type: content_type.to_owned(),
        size_bytes: data.len() as i64,
    };
    state
        .media
        .stores
        .images
        .put_bytes(&row.object_key, data, content_type)
        .await?;
    let inserted = &row;
    let result = with_conn!(state.db, |conn| diesel::insert_into(snapshot_images::table)
        .values(inserted)
        .execute(conn)
        .await);
    if let Err(error) = result {
        let _ = state.media.stores.images.delete(&row.object_key).await;
        return Err(error.into());
    }
    Ok(HttpResponse::Created().json(view(&state, &request, row).await?))
}

/// The snapshots of the caller's individual video, newest first.
#[utoipa::path(get, path = "/api/individual-videos/{id}/snapshots", tag = "snapshots",
    security(("bearer" = [])), params(("id" = String, Path), PageParams),
    responses((status = 200, body = Page<SnapshotView>), (status = 404, body = ErrorBody)))]
pub async fn list(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    page: web::Query<PageParams>,
) -> ApiResult<web::Json<Page<SnapshotView>>> {
    let page = page.validate()?;
    let individual = find_mine(&state.db, &id, &user.id).await?;
    let rows: Vec<SnapshotImage> = with_conn!(state.db, |conn| {
        let mut query = snapshot_images::table
            .filter(snapshot_images::individual_video_id.eq(&individual.id))
            .select(SnapshotImage::as_select())
            .order(snapshot_images::id.desc())
            .limit(page.limit + 1)
            .into_boxed();
        if let Some(before) = &page.before_id {
            query = query.filter(snapshot_images::id.lt(before));
        }
        query.load(conn).await
    })?;
    let page = Page::from_rows(rows, &page, |row| &row.id, |row| row);
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
pub async fn get(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<SnapshotView>> {
    let row = find_own_snapshot(&state.db, &id, &user.id).await?;
    Ok(web::Json(view(&state, &request, row).await?))
}

/// Deletes one of the caller's snapshots with its image.
#[utoipa::path(delete, path = "/api/snapshots/{id}", tag = "snapshots",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let row = find_own_snapshot(&state.db, &id, &user.id).await?;
    with_conn!(state.db, |conn| diesel::delete(
        snapshot_images::table.find(&row.id)
    )
    .execute(conn)
    .await)?;
    if let Err(error) = state.media.stores.images.delete(&row.object_key).await {
        tracing::warn!(snapshot = %row.id, ?error, "could not delete a snapshot image");
    }
    Ok(HttpResponse::NoContent().finish())
}

async fn find_own_snapshot(db: &Db, id: &str, user_id: &str) -> ApiResult<SnapshotImage> {
    with_conn!(db, |conn| snapshot_images::table
        .inner_join(individual_videos::table)
        .filter(snapshot_images::id.eq(id))
        .filter(individual_videos::user_id.eq(user_id))
        .select(SnapshotImage::as_select())
        .first(conn)
        .await
        .optional())?
    .ok_or_else(|| ApiError::new(ErrorCode::SnapshotNotFound, "no such snapshot"))
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn images_are_told_by_their_magic_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n....").unwrap().0, "image/png");
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap().0, "image/jpeg");
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 ").unwrap().0, "image/webp");
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b"<svg"), None);
    }
}
