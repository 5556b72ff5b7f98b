//! The sweeper of abandoned uploads. A video still `awaiting_upload` when its upload URLs
//! have expired (`upload_expires_at`, set each time instructions are issued: at creation and
//! on `POST /api/videos/{id}/upload`) was left behind — a closed tab, a reload mid-upload. Every
//! `storage.abandoned_upload_sweep_secs` each instance removes such videos: the row (with
//! everyone's individual videos), any pending multipart upload and partial object, and tells
//! the space (`video_deleted` with `reason: "upload_abandoned"`) so open pages drop them.
//!
//! Each removal is one conditional delete (`… AND status = 'awaiting_upload' AND
//! upload_expires_at < now`), so instances sweeping at once remove and announce each video
//! once, and an upload completed meanwhile is never touched. Webex imports have no upload
//! URLs (`upload_expires_at` is null) and are never swept.

use std::sync::Arc;
use std::time::Duration;

use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

use super::Media;
use crate::background::Background;
use crate::collab::Collab;
use crate::collab::forget::ForgetConn;
use crate::db::models::Video;
use crate::db::schema::videos;
use crate::db::{self, Db};
use crate::domain::VideoStatus;
use crate::error::ApiResult;
use crate::events::LibraryEvent;
use crate::library::shared;
use crate::with_conn;

/// Videos looked at per round; more wait for the next one.
const BATCH: i64 = 100;

/// The `reason` of the `video_deleted` events the sweeper sends.
pub const ABANDONED: &str = "upload_abandoned";

/// Sweeps every `interval` until shutdown.
pub fn spawn(
    background: &Background,
    db: Db,
    media: Arc<Media>,
    collab: Arc<Collab>,
    interval: Duration,
) {
    background.spawn_loop("upload sweeper", async move {
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match sweep(&db, &media, &collab).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "removed abandoned uploads"),
                Err(error) => tracing::warn!(?error, "could not sweep abandoned uploads"),
            }
        }
    });
}

/// One round: removes the videos whose upload URLs expired before the upload completed.
/// Answers how many this call removed.
pub async fn sweep(db: &Db, media: &Media, collab: &Collab) -> ApiResult<usize> {
    let now = db::now();
    let awaiting = VideoStatus::AwaitingUpload.as_str();
    let candidates: Vec<String> = with_conn!(db, |conn| videos::table
        .filter(videos::status.eq(awaiting))
        .filter(videos::upload_expires_at.lt(now))
        .select(videos::id)
        .order(videos::id)
        .limit(BATCH)
        .load(conn)
        .await)?;
    let mut removed = 0;
    for id in candidates {
        // Read before the row goes (they hang off it).
        let docs = shared::video_documents(db, &id).await?;
        let images = super::snapshot_keys(db, std::slice::from_ref(&id)).await?;
        let gone: Option<Video> = with_conn!(db, |conn| conn
            .transaction(async |conn| {
                let video = diesel::delete(
                    videos::table
                        .filter(videos::id.eq(&id))
                        .filter(videos::status.eq(awaiting))
                        .filter(videos::upload_expires_at.lt(now)),
                )
                .returning(Video::as_returning())
                .get_result(conn)
                .await
                .optional()?;
                if video.is_some() {
                    // Rows are gone; journal the documents by their known keys.
                    conn.forget_documents(&docs).await?;
                }
                Ok::<_, diesel::result::Error>(video)
            })
            .await)?;
        let Some(video) = gone else {
            continue;
        };
        removed += 1;
        collab
            .revoke(None, docs, "the video's upload was abandoned")
            .await;
        media.purge(&video).await;
        media.delete_images(&images).await;
        media
            .events
            .publish(LibraryEvent::VideoDeleted {
                space_id: video.space_id,
                video_id: video.id,
                reason: Some(ABANDONED.to_owned()),
            })
            .await;
    }
    Ok(removed)
}
