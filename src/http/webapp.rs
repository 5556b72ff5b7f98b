//! The built browser app (`http.client_dir`, normally `client/dist`), served at `/` when no
//! CDN serves it (the embedded profile, small deployments). Its files go out compressed
//! (brotli, gzip or zstd, as the browser accepts) with caching that fits a Vite build:
//! - `/assets/…` are content-hashed: `Cache-Control: public, max-age=31536000, immutable`;
//! - everything else (`index.html`, the favicon, and `index.html` again for any app route)
//!   is `no-cache`: always revalidated, so a deploy shows up at the next load.
//!
//! Only these files are compressed: the API's own answers are small JSON, and compressing
//! the event stream would hold events back in the encoder.

use std::path::{Path, PathBuf};

use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{Compress, Next, from_fn};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::{ApiError, ErrorCode};

/// Hashed build output: safe to cache for a year.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else: the browser revalidates each time (ETag / Last-Modified).
pub const REVALIDATE: &str = "no-cache";

/// Registers the app's files, last in line after every API route. Nothing when the directory
/// holds no `index.html` (the server then answers the API only).
pub fn configure(cfg: &mut web::ServiceConfig, dir: &Path) {
    if !dir.join("index.html").is_file() {
        return;
    }
    let index = dir.join("index.html");
    let files = actix_files::Files::new("/", dir)
        .index_file("index.html")
        .use_etag(true)
        .use_last_modified(true)
        .default_handler(web::to(move |request: HttpRequest| {
            app_route(request, index.clone())
        }));
    cfg.service(
        web::scope("")
            .wrap(from_fn(cache_control))
            .wrap(Compress::default())
            .service(files),
    );
}

/// `index.html` for a path the app routes in the browser; 404 for a missing file (a path
/// with a dot) and for anything under `/api` or `/ws`.
async fn app_route(request: HttpRequest, index: PathBuf) -> Result<HttpResponse, ApiError> {
    let path = request.path();
    if path.starts_with("/api/") || path.starts_with("/ws/") || path.contains('.') {
        return Err(ApiError::new(ErrorCode::NotFound, "no such endpoint"));
    }
    Ok(actix_files::NamedFile::open_async(index)
        .await
        .map_err(ApiError::internal)?
        .into_response(&request))
}

/// Sets `Cache-Control` on successful answers: immutable under `/assets/`, revalidate
/// otherwise.
async fn cache_control(
    request: ServiceRequest,
    next: Next<impl actix_web::body::MessageBody>,
) -> Result<ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let hashed = request.path().starts_with("/assets/");
    let mut response = next.call(request).await?;
    let status = response.status();
    if status.is_success() || status == actix_web::http::StatusCode::NOT_MODIFIED {
        let policy = if hashed { IMMUTABLE } else { REVALIDATE };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    Ok(response)
}
