//! `POST /api/individual-videos/{id}/export`: gathers what an export needs (the layers'
//! states from their rooms, the owner's snapshots, the frames the drawings appear on, the
//! font) and hands it to [`crate::notes::export`] on a blocking thread. The answer is the
//! file itself with its `Content-Length`, so a client shows download progress; the build
//! before it is bounded (see the limits in `export`).

use actix_web::{HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::collab::room::{GetState, RoomError};
use crate::error::{ApiError, ApiResult, ErrorBody, ErrorCode};
use crate::http::auth_user::AuthUser;
use crate::http::extract::ValidJson;
use crate::http::state::AppState;
use crate::library::individual_videos::find_mine;
use crate::media::snapshots::all_snapshots;
use crate::media::transcode::thumbnails_prefix;
use crate::notes::export::{
    self, ExportError, Format, Input, LayerState, Layers, Locale, SnapshotImage,
};

#[derive(Debug, Deserialize, ToSchema, validator::Validate)]
pub struct ExportRequest {
    pub format: Format,
    /// `private` (my notes), `shared` (the space's) or `both`.
    pub layers: Layers,
    /// Language of the export's headings; `en` by default.
    pub locale: Option<Locale>,
}

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

async fn layer_state(state: &AppState, key: &str) -> ApiResult<Vec<u8>> {
    let ask = || state.collab.room(key).send(GetState);
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

/// Exports the caller's notes on this video: a PDF, or a zip of Markdown and images.
#[utoipa::path(post, path = "/api/individual-videos/{id}/export", tag = "snapshots",
    security(("bearer" = [])), params(("id" = String, Path)), request_body = ExportRequest,
    responses(
        (status = 200, description = "application/pdf or application/zip", content_type = "application/octet-stream"),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
#[post("/api/individual-videos/{id}/export")]
pub async fn export_notes(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    ValidJson(request): ValidJson<ExportRequest>,
) -> ApiResult<HttpResponse> {
    let individual = find_mine(&state.db, &id, &user.id).await?;
    let mut layers = Vec::new();
    if request.layers.private() {
        let key = format!("note-{}", individual.id);
        layers.push(LayerState {
            private: true,
            state: layer_state(&state, &key).await?,
        });
    }
    if request.layers.shared() {
        let key = format!("video-{}", individual.video.id);
        layers.push(LayerState {
            private: false,
            state: layer_state(&state, &key).await?,
        });
    }

    let images = &state.media.stores.images;
    let mut snapshots = Vec::new();
    if request.layers.private() {
        let limit = export::MAX_SNAPSHOTS as i64 + 1;
        let rows = all_snapshots(&state.db, &individual.id, limit).await?;
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

    // Frames: the visual index's thumbnails (one every `thumbnail_interval_secs`), read
    // only for the moments that have drawings. None yet: drawings go on a blank frame.
    let media = &state.media.stores.media;
    let interval_ms = (state.settings.transcode.thumbnail_interval.as_millis() as u64).max(1000);
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
        Err(error) if request.format == Format::Pdf => return Err(error.into()),
        Err(_) => Vec::new(),
    };
    let input = Input {
        title: individual.video.title.clone(),
        format: request.format,
        locale: request.locale.unwrap_or(Locale::En),
        layers,
        snapshots,
        frames,
        fonts,
        created: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
    };
    let output = web::block(move || export::build(&input))
        .await
        .map_err(|e| ApiError::internal(anyhow::anyhow!(e)))??;
    let name: String = individual
        .video
        .title
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .take(60)
        .collect();
    let ascii: String = name.chars().filter(char::is_ascii).collect();
    let ascii = if ascii.trim_matches('-').is_empty() {
        "notes".to_owned()
    } else {
        ascii
    };
    Ok(HttpResponse::Ok()
        .content_type(output.content_type)
        .insert_header((
            "Content-Disposition",
            format!(
                "attachment; filename=\"{ascii}.{ext}\"; filename*=UTF-8''{}.{ext}",
                urlencoding(&name),
                ext = output.extension
            ),
        ))
        .body(output.bytes))
}

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
