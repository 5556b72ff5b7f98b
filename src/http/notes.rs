//! `POST /api/individual-videos/{id}/export`: the caller's notes on a video as a PDF or a
//! zip of Markdown and images. The answer is the file itself with its `Content-Length`, so
//! a client shows download progress; the build before it is bounded (see the limits in
//! `notes::export`).

use actix_web::{HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::http::auth_user::AuthUser;
use crate::http::extract::ValidJson;
use crate::http::state::AppState;
use crate::library::individual_videos::find_mine;
use crate::notes::export::{self as build, Format, Layers, Locale};
use crate::notes::gather::{ExportOptions, gather};

#[derive(Debug, Deserialize, ToSchema, validator::Validate)]
pub struct ExportRequest {
    pub format: Format,
    /// `private` (my notes), `shared` (the space's) or `both`.
    pub layers: Layers,
    /// Language of the export's headings; `en` by default.
    pub locale: Option<Locale>,
}

/// Exports the caller's notes on this video: a PDF, or a zip of Markdown and images.
#[utoipa::path(post, path = "/api/individual-videos/{id}/export", tag = "snapshots",
    security(("bearer" = [])), params(("id" = String, Path)), request_body = ExportRequest,
    responses(
        (status = 200, description = "the PDF, or a ZIP of PDFs", content(("application/pdf"), ("application/zip"))),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
#[post("/api/individual-videos/{id}/export")]
pub async fn export(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    ValidJson(request): ValidJson<ExportRequest>,
) -> ApiResult<HttpResponse> {
    let individual = find_mine(&state.db, &id, &user.id).await?;
    let options = ExportOptions {
        format: request.format,
        layers: request.layers,
        locale: request.locale.unwrap_or(Locale::En),
    };
    let input = gather(
        &state.collab,
        &state.db,
        &state.media,
        &individual,
        options,
        state.settings.transcode.thumbnail_interval,
    )
    .await?;
    let output = web::block(move || build::build(&input))
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
