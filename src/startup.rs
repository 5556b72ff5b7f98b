//! Builds the application state from settings and serves it. `routes` is the one table of
//! every endpoint.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::{App, HttpResponse, HttpServer, web};
use actix_web_prom::PrometheusMetricsBuilder;
use anyhow::Context;
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::handlers as auth;
use crate::auth::jwt::JwtKeys;
use crate::auth::oidc::GoogleOidc;
use crate::auth::refresh::RefreshTokens;
use crate::auth::tickets::Tickets;
use crate::background::Background;
use crate::collab::bus::{Bus, MemoryBus, RedisBus};
use crate::collab::history::{DynamoHistory, HistoryStore, LocalHistory};
use crate::collab::metrics::CollabMetrics;
use crate::collab::{Collab, handlers as docs, session};
use crate::config::Settings;
use crate::db::Db;
use crate::error::ErrorCode;
use crate::extract;
use crate::kv::{KvStore, MemoryKv, RedisKv};
use crate::library::{dashboard, individual_videos, me, participants, spaces, videos};
use crate::media::storage::local_handlers as objects;
use crate::media::transcode::events as transcode_events;
use crate::media::webex::handlers as webex;
use crate::media::{Media, events, playback, snapshots, uploads};
use crate::openapi::ApiDoc;
use crate::ops;
use crate::redis_link::{self, RedisLink};
use crate::state::AppState;

/// How long background jobs (imports, transcodes) may take to end at shutdown; what is still
/// running then stops with the process and can be retried.
const JOB_GRACE: Duration = Duration::from_secs(5);

/// Parts a test may substitute (for failure injection).
#[derive(Default)]
pub struct Overrides {
    pub history: Option<Arc<dyn HistoryStore>>,
    /// The bus appends to the stream but skips the pub/sub announcement, so only the
    /// periodic stream check finds new entries.
    pub drop_bus_announcements: bool,
}

pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
}

impl Application {
    /// Connects (lazily) to everything, applies migrations when configured, and binds the
    /// listener. The server runs once [`Application::run_until_stopped`] is awaited.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        Self::build_with(settings, Overrides::default()).await
    }

    pub async fn build_with(settings: Settings, overrides: Overrides) -> anyhow::Result<Self> {
        let state = web::Data::new(build_state(settings, overrides).await?);
        let listener = TcpListener::bind(&state.settings.http.addr)
            .with_context(|| format!("cannot listen on {}", state.settings.http.addr))?;
        let port = listener.local_addr()?.port();
        let server = serve(listener, state.clone())?;
        Ok(Self {
            port,
            server,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// Serves until SIGINT/SIGTERM. Then the rooms drain first (sockets get 1012, each room
    /// stores its last snapshot), background loops stop and jobs get [`JOB_GRACE`] to end,
    /// and only then does the HTTP server stop, finishing the requests in flight: long-lived
    /// sockets must not eat the shutdown timeout.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let handle = self.server.handle();
        let collab = self.state.collab.clone();
        let background = self.state.background.clone();
        tokio::spawn(async move {
            shutdown_signal().await;
            tracing::info!("shutting down: draining rooms, background work, then the HTTP server");
            collab.shutdown().await;
            background.shutdown(JOB_GRACE).await;
            handle.stop(true).await;
        });
        self.server.await
    }
}

async fn build_state(settings: Settings, overrides: Overrides) -> anyhow::Result<AppState> {
    let database_url = settings.database_url();
    if settings.database.migrate_on_start {
        let applied = crate::db::migrate(&database_url)
            .await
            .context("applying database migrations")?;
        if !applied.is_empty() {
            tracing::info!(?applied, "applied migrations");
        }
    }
    let db = Db::connect(&database_url, settings.database.max_connections)?;
    let background = Background::new();
    let redis = match settings.redis_url() {
        Some(url) => Some(RedisLink::connect(redis_link::client(url)?, &background)?),
        None => None,
    };
    let kv: Arc<dyn KvStore> = match &redis {
        Some(link) => Arc::new(RedisKv::new(
            link.clone(),
            settings.redis.key_prefix.clone(),
        )),
        None => Arc::new(MemoryKv::default()),
    };
    let jwt = JwtKeys::new(
        &settings.auth.jwt_secret,
        Duration::from_secs(settings.auth.access_token_ttl_secs),
    );
    let refresh = RefreshTokens::new(
        kv.clone(),
        Duration::from_secs(settings.auth.refresh_token_ttl_days * 24 * 3600),
    );
    let google = GoogleOidc::from_settings(&settings, kv.clone())?;
    let metrics = prometheus::Registry::new();
    let media = Arc::new(
        Media::build(
            &settings,
            db.clone(),
            kv.clone(),
            redis.clone(),
            &background,
        )
        .await
        .context("setting up media")?,
    );
    let bus: Arc<dyn Bus> = match &redis {
        Some(link) => Arc::new(RedisBus::new(
            link.clone(),
            settings.redis.key_prefix.clone(),
            overrides.drop_bus_announcements,
        )),
        _ => Arc::new(MemoryBus::default()),
    };
    let history = match overrides.history {
        Some(history) => history,
        None => history_store(&settings, &db).await?,
    };
    let collab = Collab::start(
        settings.collab.clone(),
        bus,
        history,
        CollabMetrics::register(&metrics)?,
        &background,
    )?;
    tracing::info!(
        profile = ?settings.profile,
        database = ?db.backend(),
        store = kv.name(),
        storage = ?settings.storage_backend(),
        transcoder = media.transcoder.name(),
        webex = media.webex.is_some(),
        google_login = google.is_some(),
        dev_login = settings.auth.dev_login,
        "state ready"
    );
    crate::media::sweeper::spawn(
        &background,
        db.clone(),
        media.clone(),
        collab.clone(),
        Duration::from_secs(settings.storage.abandoned_upload_sweep_secs),
    );
    let tickets = Tickets::new(
        kv.clone(),
        Duration::from_secs(settings.collab.ticket_ttl_secs),
    );
    Ok(AppState {
        settings: Arc::new(settings),
        db,
        background,
        redis,
        jwt,
        refresh,
        tickets,
        kv,
        collab,
        google,
        media,
        metrics,
    })
}

async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) {
        (Ok(mut term), Ok(mut int)) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        }
        _ => {
            tracing::error!("cannot listen for shutdown signals");
            std::future::pending::<()>().await;
        }
    }
}

/// DynamoDB (+ S3 overflow) when a table is configured, else the local database.
async fn history_store(settings: &Settings, db: &Db) -> anyhow::Result<Arc<dyn HistoryStore>> {
    if settings.history.dynamodb_table.is_empty() {
        return Ok(Arc::new(LocalHistory::new(db.clone())));
    }
    let history = dynamo_history(settings).await;
    if settings.database.migrate_on_start {
        history.ensure_resources().await?;
    }
    Ok(Arc::new(history))
}

pub async fn dynamo_history(settings: &Settings) -> DynamoHistory {
    let config = crate::aws::sdk_config(&settings.aws).await;
    DynamoHistory::new(
        aws_sdk_dynamodb::Client::new(&config),
        crate::aws::s3_client(&config, &settings.aws),
        settings.history.dynamodb_table.clone(),
        settings.history.s3_bucket.clone(),
    )
}

fn serve(listener: TcpListener, state: web::Data<AppState>) -> anyhow::Result<Server> {
    let metrics = PrometheusMetricsBuilder::new("vivid")
        .endpoint("/metrics")
        .registry(state.metrics.clone())
        .mask_unmatched_patterns("UNKNOWN")
        .build()
        .map_err(|error| anyhow::anyhow!("metrics: {error}"))?;
    let shutdown_timeout = state.settings.http.shutdown_timeout_secs;
    let workers = match state.settings.http.workers {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let max_connections = state.settings.http.max_connections.div_ceil(workers).max(1);
    let openapi = ApiDoc::openapi();
    let client_dir = state.settings.http.client_dir.clone();
    if client_dir.join("index.html").is_file() {
        tracing::info!(dir = %client_dir.display(), "serving the browser app at /");
    } else {
        tracing::warn!(dir = %client_dir.display(), "no built browser app: serving the API only");
    }
    let server = HttpServer::new(move || {
        let json_limit = state.settings.http.json_limit;
        App::new()
            .wrap(metrics.clone())
            .wrap(TracingLogger::default())
            .app_data(state.clone())
            .app_data(web::PayloadConfig::new(json_limit))
            .app_data(web::QueryConfig::default().error_handler(extract::query_error))
            .app_data(web::PathConfig::default().error_handler(extract::path_error))
            .app_data(snapshots::form_config())
            // After the routes: Swagger claims every other `/api/docs/…` path.
            .configure(routes)
            .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", openapi.clone()))
            .route(
                "/api/docs",
                web::get().to(|| async {
                    HttpResponse::PermanentRedirect()
                        .insert_header(("location", "/api/docs/"))
                        .finish()
                }),
            )
            .configure(|cfg| crate::webapp::configure(cfg, &client_dir))
            // The metrics middleware answers `/metrics` itself; routed here, the inner answer
            // is not a 404 error that the request log would report on every scrape.
            .route("/metrics", web::get().to(HttpResponse::Ok))
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

/// A document key in a path: `video-…` or `note-…` (so `/api/docs/` itself stays Swagger's).
const DOC: &str = "{key:(?:video|note)-[A-Za-z0-9]+}";

/// Every endpoint, in one table. Full paths, no scopes: a path no route claims falls through
/// to the Swagger UI and then to the JSON 404.
pub fn routes(cfg: &mut web::ServiceConfig) {
    let doc = |rest: &str| format!("/api/docs/{DOC}{rest}");
    cfg.route("/healthz", web::get().to(ops::healthz))
        .route("/readyz", web::get().to(ops::readyz))
        .route("/api/auth/google/login", web::get().to(auth::google_login))
        .route(
            "/api/auth/google/callback",
            web::get().to(auth::google_callback),
        )
        .route("/api/auth/token", web::post().to(auth::token))
        .route("/api/auth/logout", web::post().to(auth::logout))
        .route("/api/auth/dev-login", web::post().to(auth::dev_login))
        .route("/api/auth/providers", web::get().to(auth::providers))
        .route("/api/me", web::get().to(me::get))
        .route("/api/me", web::delete().to(me::delete))
        .route("/api/me/dashboard", web::get().to(dashboard::get))
        .route("/api/spaces", web::post().to(spaces::create))
        .route("/api/spaces", web::get().to(spaces::list))
        .route("/api/spaces/{id}", web::get().to(spaces::get))
        .route("/api/spaces/{id}", web::patch().to(spaces::update))
        .route("/api/spaces/{id}", web::delete().to(spaces::delete))
        .route(
            "/api/spaces/{id}/participants",
            web::post().to(participants::invite),
        )
        // Before `{participant}`, which would take `me` for an id.
        .route(
            "/api/spaces/{id}/participants/me",
            web::delete().to(participants::leave),
        )
        .route(
            "/api/spaces/{id}/participants/{participant}",
            web::delete().to(participants::remove),
        )
        .route("/api/spaces/{id}/videos", web::post().to(videos::create))
        .route("/api/spaces/{id}/videos", web::get().to(videos::list))
        .route("/api/videos/{id}", web::get().to(videos::get))
        .route("/api/videos/{id}", web::delete().to(videos::delete))
        .route("/api/videos/{id}/upload", web::post().to(uploads::renew))
        .route(
            "/api/videos/{id}/upload-complete",
            web::post().to(uploads::complete),
        )
        .route("/api/videos/{id}/retry", web::post().to(uploads::retry))
        .route(
            "/api/videos/{id}/playback",
            web::get().to(playback::playback),
        )
        .route(
            "/api/videos/{id}/thumbnails",
            web::get().to(playback::thumbnails),
        )
        .route(
            "/api/hls/{video}/{expires}/{sig}/{file:.*}",
            web::get().to(playback::playlist),
        )
        .route(
            "/api/objects/{bucket}/{key:.*}",
            web::get().to(objects::get),
        )
        .route(
            "/api/objects/{bucket}/{key:.*}",
            web::put().to(objects::put),
        )
        .route(
            "/api/internal/transcode-events",
            web::post().to(transcode_events::receive),
        )
        .route("/api/events", web::get().to(events::stream))
        .route(
            "/api/individual-videos/{id}/snapshots",
            web::post().to(snapshots::create),
        )
        .route(
            "/api/individual-videos/{id}/snapshots",
            web::get().to(snapshots::list),
        )
        .route("/api/snapshots/{id}", web::delete().to(snapshots::delete))
        .route("/api/snapshots/{id}", web::get().to(snapshots::get))
        .route(
            "/api/individual-videos/{id}/export",
            web::post().to(crate::notes::handlers::export),
        )
        .route("/api/integrations/webex", web::get().to(webex::status))
        .route(
            "/api/integrations/webex",
            web::delete().to(webex::disconnect),
        )
        .route(
            "/api/integrations/webex/connect",
            web::get().to(webex::connect),
        )
        .route(
            "/api/integrations/webex/callback",
            web::get().to(webex::callback),
        )
        .route(
            "/api/integrations/webex/recordings",
            web::get().to(webex::recordings),
        )
        .route(
            "/api/spaces/{id}/imports/webex",
            web::post().to(webex::import),
        )
        .route(
            "/api/individual-videos",
            web::get().to(individual_videos::list),
        )
        .route(
            "/api/individual-videos/{id}",
            web::get().to(individual_videos::get),
        )
        .route(
            "/api/individual-videos/{id}/progress",
            web::put().to(individual_videos::set_progress),
        )
        .route(
            "/api/individual-videos/{id}/accessed",
            web::put().to(individual_videos::mark_accessed),
        )
        .route("/api/ws-tickets", web::post().to(docs::ticket))
        .route(&doc(""), web::get().to(docs::get))
        .route(&doc("/versions"), web::get().to(docs::versions))
        .route(&doc("/versions"), web::post().to(docs::save))
        .route(&doc("/versions/{version}"), web::get().to(docs::version))
        .route(
            &doc("/versions/{version}/restore"),
            web::post().to(docs::restore),
        )
        .route("/ws/{key}", web::get().to(session::socket));
}

async fn not_found() -> Result<HttpResponse, crate::error::ApiError> {
    Err(crate::error::ApiError::new(
        ErrorCode::NotFound,
        "no such endpoint",
    ))
}
