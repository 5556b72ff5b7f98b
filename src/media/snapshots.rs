//! Snapshot images: a frame of the video with the drawings on it, saved by a participant on
//! their individual video at a video time. PNG, JPEG or WebP (checked by magic bytes), at
//! most 10 MB, stored in the images bucket; owner only.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Media, Origin};
use crate::db::models::SnapshotImage;
use crate::db::schema::{individual_videos, snapshot_images};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::library::utc;
use crate::pagination::{Page, PageRequest};
use crate::with_conn;

/// Largest snapshot image.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;

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

impl Media {
    /// Stores a snapshot image (PNG, JPEG or WebP, told by its first bytes) of an individual
    /// video at `video_time_ms`. The image is removed again if its row cannot be written.
    pub async fn save_snapshot(
        &self,
        individual_video_id: &str,
        data: bytes::Bytes,
        video_time_ms: i64,
    ) -> ApiResult<SnapshotImage> {
        if video_time_ms < 0 {
            return Err(ApiError::field("video_time_ms", "must not be negative"));
        }
        let Some((content_type, extension)) = sniff(&data) else {
            return Err(ApiError::new(
                ErrorCode::NotAnImage,
                "snapshots must be PNG, JPEG or WebP images",
            ));
        };
        let snapshot_id = db::new_id();
        let row = SnapshotImage {
            object_key: format!("snapshots/{individual_video_id}/{snapshot_id}.{extension}"),
            id: snapshot_id,
            individual_video_id: individual_video_id.to_owned(),
            video_time_ms,
            created_at: db::now(),
            content_type: content_type.to_owned(),
            size_bytes: data.len() as i64,
        };
        self.stores
            .images
            .put_bytes(&row.object_key, data, content_type)
            .await?;
        let inserted = &row;
        let result = with_conn!(self.db, |conn| diesel::insert_into(snapshot_images::table)
            .values(inserted)
            .execute(conn)
            .await);
        if let Err(error) = result {
            let _ = self.stores.images.delete(&row.object_key).await;
            return Err(error.into());
        }
        Ok(row)
    }

    /// Deletes the snapshot's row, then its image (best effort).
    pub async fn delete_snapshot(&self, row: &SnapshotImage) -> ApiResult<()> {
        with_conn!(self.db, |conn| diesel::delete(
            snapshot_images::table.find(&row.id)
        )
        .execute(conn)
        .await)?;
        if let Err(error) = self.stores.images.delete(&row.object_key).await {
            tracing::warn!(snapshot = %row.id, ?error, "could not delete a snapshot image");
        }
        Ok(())
    }

    /// The snapshot as answered, with a URL of its image valid for `ttl`.
    pub async fn snapshot_view(
        &self,
        row: SnapshotImage,
        ttl: Duration,
        origin: &Origin,
    ) -> ApiResult<SnapshotView> {
        let url = self.stores.images.presign_get(&row.object_key, ttl).await?;
        Ok(SnapshotView {
            id: row.id,
            individual_video_id: row.individual_video_id,
            video_time_ms: row.video_time_ms,
            content_type: row.content_type,
            size_bytes: row.size_bytes,
            url: origin.absolute(url),
            created_at: utc(row.created_at),
        })
    }
}

/// One page of an individual video's snapshots, newest first.
pub async fn list_snapshots(
    db: &Db,
    individual_video_id: &str,
    page: &PageRequest,
) -> ApiResult<Page<SnapshotImage>> {
    let rows: Vec<SnapshotImage> = with_conn!(db, |conn| {
        let mut query = snapshot_images::table
            .filter(snapshot_images::individual_video_id.eq(individual_video_id))
            .select(SnapshotImage::as_select())
            .order(snapshot_images::id.desc())
            .limit(page.limit + 1)
            .into_boxed();
        if let Some(before) = &page.before_id {
            query = query.filter(snapshot_images::id.lt(before));
        }
        query.load(conn).await
    })?;
    Ok(Page::from_rows(rows, page, |row| &row.id, |row| row))
}

pub async fn find_own_snapshot(db: &Db, id: &str, user_id: &str) -> ApiResult<SnapshotImage> {
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
