//! The actix-web servers: the public one (middleware, the routes, Swagger UI, the browser app,
//! and the JSON 404 for everything else) and the internal one that serves `/metrics`.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpResponse, HttpServer, web};
use actix_web_prom::PrometheusMetricsBuilder;
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_swagger_ui::SwaggerUi;

use super::openapi::document;
use super::request_span::PathOnlySpan;
use super::routes::routes;
use super::security_headers::{SecurityHeaders, security_headers};
use super::state::AppState;
use super::{extract, snapshots, webapp};
use crate::error::{ApiError, ErrorCode};

/// Serves `state` on `listener` until the returned server is stopped.
pub fn serve(listener: TcpListener, state: web::Data<AppState>) -> anyhow::Result<Server> {
    // Records request metrics; they are served by the internal listener ([`serve_metrics`]).
    let metrics = PrometheusMetricsBuilder::new("vivid")
        .registry(state.metrics.clone())
        .mask_unmatched_patterns("UNKNOWN")
        .build()
        .map_err(|error| anyhow::anyhow!("metrics: {error}"))?;
    let shutdown_timeout = state.settings.http.shutdown_timeout.as_secs();
    let workers = match state.settings.http.workers {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let max_connections = state.settings.http.max_connections.div_ceil(workers).max(1);
    let openapi = document();
    let headers = web::Data::new(SecurityHeaders::new(&state.settings));
    let client_dir = state.settings.http.client_dir.clone();
    if client_dir.join("index.html").is_file() {
        tracing::info!(dir = %client_dir.display(), "serving the browser app at /");
    } else {
        tracing::warn!(dir = %client_dir.display(), "no built browser app: serving the API only");
    }
    let server = HttpServer::new(move || {
        let json_limit = state.settings.http.json_limit;
        App::new()
            .wrap(from_fn(security_headers))
            .wrap(metrics.clone())
            .wrap(TracingLogger::<PathOnlySpan>::new())
            .app_data(state.clone())
            .app_data(headers.clone())
            .app_data(web::PayloadConfig::new(json_limit))
            .app_data(web::QueryConfig::default().error_handler(extract::query_error))
            .app_data(web::PathConfig::default().error_handler(extract::path_error))
            .app_data(snapshots::form_config())
            .configure(|cfg| routes(&mut ServiceConfig::new(cfg)))
            // Swagger UI at a prefix of its own: under `/api/docs/` it would answer unknown
            // document paths (`/api/docs/a.b`) with its bare 404 instead of an API error.
            .service(
                SwaggerUi::new("/api/swagger/{_:.*}").url("/api/openapi.json", openapi.clone()),
            )
            .route("/api/docs", web::get().to(to_swagger))
            .route("/api/docs/", web::get().to(to_swagger))
            .route("/api/swagger", web::get().to(to_swagger))
            .configure(|cfg| webapp::configure(cfg, &client_dir))
            .default_service(web::to(not_found))
    })
    .shutdown_timeout(shutdown_timeout)
    .workers(workers)
    // actix counts per worker.
    .max_connections(max_connections)
    // Small frames (edits, presence) go out at once: with Nagle's algorithm a relayed edit
    // could wait ~40 ms for the peer's delayed ACK.
    .tcp_nodelay(true)
    // Signals are ours (`run_until_stopped`): rooms drain before the server stops.
    .disable_signals()
    .listen(listener)?
    .run();
    Ok(server)
}

/// Serves `registry` as Prometheus text at `/metrics` on `listener` (`http.metrics_addr`): an
/// address the load balancer does not route to, so the metrics stay off the public internet.
pub fn serve_metrics(
    listener: TcpListener,
    registry: prometheus::Registry,
) -> anyhow::Result<Server> {
    let registry = web::Data::new(registry);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(registry.clone())
            .route("/metrics", web::get().to(metrics_text))
            .default_service(web::to(not_found))
    })
    .workers(1)
    .disable_signals()
    .listen(listener)?
    .run();
    Ok(server)
}

async fn metrics_text(registry: web::Data<prometheus::Registry>) -> HttpResponse {
    use prometheus::Encoder;
    let encoder = prometheus::TextEncoder::new();
    let mut body = Vec::new();
    match encoder.encode(&registry.gather(), &mut body) {
        Ok(()) => HttpResponse::Ok()
            .content_type(encoder.format_type())
            .body(body),
        Err(error) => {
            tracing::error!("metrics not encoded: {error}");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// The API's browsable documentation (the address the README gives is `/api/docs/`).
async fn to_swagger() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header(("location", "/api/swagger/"))
        .finish()
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::new(ErrorCode::NotFound, "no such endpoint"))
}
