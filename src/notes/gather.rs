//! What an export needs, gathered from the services: the layers' states from their rooms,
//! the owner's snapshots, the frames the drawings appear on, and the font. The build itself
//! (`export::build`, pure and CPU-bound) runs on a blocking thread at the HTTP edge.

use std::sync::Arc;
use std::time::Duration;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::export::{self, ExportError, Format, Input, LayerState, Layers, Locale, SnapshotImage};
use crate::collab::Collab;
use crate::collab::room::{GetState, RoomError};
use crate::db::Db;
use crate::db::models::SnapshotImage as SnapshotRow;
use crate::db::schema::snapshot_images;
use crate::domain::DocKey;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::library::individual_videos::IndividualVideoView;
use crate::media::Media;
use crate::media::transcode::thumbnails_prefix;
use crate::with_conn;

const FRAME_BYTES: usize = 2 * 1024 * 1024;
const SNAPSHOT_BYTES: usize = crate::media::snapshots::MAX_IMAGE_BYTES;

impl From<ExportError> for ApiError {
    fn from(error: ExportError) -> Self {
        match error {
            ExportError::TooLarge(message) => ApiError::new(ErrorCode::ExportTooLarge, message),
            ExportError::NoFont(message) => {
                ApiError::unavailable(ErrorCode::FontUnavailable, anyhow::anyhow!(message))
            }
            ExportError::Failed(message) => ApiError::internal(anyhow::anyhow!(message)),
        }
    }
}

/// What the caller asked to export.
pub struct ExportOptions {
    pub format: Format,
    pub layers: Layers,
    pub locale: Locale,
}

async fn layer_state(collab: &Arc<Collab>, key: &str) -> ApiResult<Vec<u8>> {
    let ask = || collab.room(key).send(GetState);
    let answer = match ask().await {
        Err(actix::MailboxError::Closed) => ask().await,
        answer => answer,
    };
    answer
        .map_err(|e| ApiError::unavailable(ErrorCode::DocumentUnavailable, e))?
        .map_err(|e: RoomError| {
            ApiError::unavailable(ErrorCode::DocumentUnavailable, anyhow::anyhow!("{e}"))
        })
}

/// Everything `export::build` needs for the owner's individual video: the chosen layers,
/// their snapshots (private layer), the thumbnails at the drawings' moments (one every
/// `thumbnail_interval`; none yet: drawings go on a blank frame), and the fonts.
pub async fn gather(
    collab: &Arc<Collab>,
    db: &Db,
    media: &Media,
    individual: &IndividualVideoView,
    options: ExportOptions,
    thumbnail_interval: Duration,
) -> ApiResult<Input> {
    let mut layers = Vec::new();
    if options.layers.private() {
        let key = DocKey::Note(individual.id.clone()).to_string();
        layers.push(LayerState {
            private: true,
            state: layer_state(collab, &key).await?,
        });
    }
    if options.layers.shared() {
        let key = DocKey::Video(individual.video.id.clone()).to_string();
        layers.push(LayerState {
            private: false,
            state: layer_state(collab, &key).await?,
        });
    }

    let images = &media.stores.images;
    let mut snapshots = Vec::new();
    if options.layers.private() {
        let limit = export::MAX_SNAPSHOTS as i64 + 1;
        let owner = individual.id.clone();
        let rows: Vec<SnapshotRow> = with_conn!(db, |conn| snapshot_images::table
            .filter(snapshot_images::individual_video_id.eq(&owner))
            .select(SnapshotRow::as_select())
            .order(snapshot_images::id.asc())
            .limit(limit)
            .load(conn)
            .await)?;
        if rows.len() > export::MAX_SNAPSHOTS {
            return Err(ExportError::TooLarge(format!(
                "an export holds at most {} snapshots",
                export::MAX_SNAPSHOTS
            ))
            .into());
        }
        for row in rows {
            // A snapshot whose image is gone is left out rather than failing the export.
            if let Ok(bytes) = images.read(&row.object_key, SNAPSHOT_BYTES).await {
                snapshots.push(SnapshotImage {
                    id: row.id,
                    time_ms: row.video_time_ms.max(0) as u64,
                    bytes: bytes.to_vec(),
                });
            }
        }
    }

    // Frames: read only for the moments that have drawings.
    let media = &media.stores.media;
    let interval_ms = (thumbnail_interval.as_millis() as u64).max(1000);
    let thumbs = media
        .list(&thumbnails_prefix(&individual.video.id))
        .await
        .unwrap_or_default();
    let mut frames = Vec::new();
    let mut wanted: Vec<usize> = export::moment_times(&layers)
        .into_iter()
        .map(|t| (t / interval_ms) as usize)
        .filter(|i| *i < thumbs.len())
        .collect();
    wanted.dedup();
    for index in wanted {
        if let Ok(bytes) = media.read(&thumbs[index], FRAME_BYTES).await {
            frames.push((index as u64 * interval_ms, bytes.to_vec()));
        }
    }

    let fonts = match export::load_fonts(&export::FONT_CANDIDATES) {
        Ok(fonts) => fonts,
        Err(error) if options.format == Format::Pdf => return Err(error.into()),
        Err(_) => Vec::new(),
    };
    let input = Input {
        title: individual.video.title.clone(),
        format: options.format,
        locale: options.locale,
        layers,
        snapshots,
        frames,
        fonts,
        created: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
    };
    Ok(input)
}
