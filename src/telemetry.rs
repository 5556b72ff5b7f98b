//! `tracing` setup: human-readable lines on a laptop, JSON lines in production.

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::config::Settings;

/// Installs the global subscriber once; later calls (tests start many apps) are no-ops.
pub fn init(settings: &Settings) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&settings.log.level))
        .unwrap_or_else(|_| EnvFilter::new("info"))
        // It warns on every request to a route with a regex segment (it labels them by
        // pattern anyway); nothing to act on.
        .add_directive("actix_web_prom=error".parse().expect("a valid directive"));
    // A request's span closing is its access-log line (method, route, path, status, time);
    // the span records the path without the query (`http::request_span`).
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(FmtSpan::CLOSE);
    let _ = if settings.log_as_json() {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
}
