//! Builds the application state from settings and serves it (`http::server`); the one place
//! that knows every part.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::web;
use anyhow::Context;

use crate::auth::jwt::JwtKeys;
use crate::auth::oidc::GoogleOidc;
use crate::auth::refresh::RefreshTokens;
use crate::auth::tickets::Tickets;
use crate::background::Background;
use crate::collab::Collab;
use crate::collab::bus::{Bus, JournalBus, RedisBus};
use crate::collab::history::retention::Retained;
use crate::collab::history::{DynamoHistory, HistoryStore, LocalHistory};
use crate::collab::metrics::CollabMetrics;
use crate::config::Settings;
use crate::db::Db;
use crate::events::Events;
use crate::http::server::{serve, serve_metrics};
use crate::http::state::AppState;
use crate::kv::{KvStore, MemoryKv, RedisKv};
use crate::media::Media;
use crate::redis_link::{self, RedisLink};

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
    /// The internal `/metrics` listener (`http.metrics_addr`), when configured.
    metrics: Option<(u16, Server)>,
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
        let metrics = match state.settings.http.metrics_addr.as_str() {
            "" => None,
            addr => {
                let listener = TcpListener::bind(addr)
                    .with_context(|| format!("cannot serve metrics on {addr}"))?;
                let port = listener.local_addr()?.port();
                Some((port, serve_metrics(listener, state.metrics.clone())?))
            }
        };
        Ok(Self {
            port,
            server,
            metrics,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port `/metrics` is served on, when it is.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(port, _)| *port)
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
        let metrics = self.metrics.map(|(_, server)| server);
        let metrics_handle = metrics.as_ref().map(Server::handle);
        if let Some(server) = metrics {
            tokio::spawn(server);
        }
        let collab = self.state.collab.clone();
        let background = self.state.background.clone();
        tokio::spawn(async move {
            shutdown_signal().await;
            tracing::info!("shutting down: draining rooms, background work, then the HTTP server");
            collab.shutdown().await;
            background.shutdown(JOB_GRACE).await;
            handle.stop(true).await;
            if let Some(metrics) = metrics_handle {
                metrics.stop(false).await;
            }
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
    let jwt = JwtKeys::new(&settings.auth.jwt_secret, settings.auth.access_token_ttl);
    let refresh = RefreshTokens::new(
        kv.clone(),
        settings.auth.refresh_token_ttl,
        settings.auth.refresh_reuse_grace,
    );
    let google = GoogleOidc::from_settings(&settings, kv.clone())?;
    let metrics = prometheus::Registry::new();
    let events = Arc::new(match &redis {
        Some(link) => Events::redis(link.clone(), &settings.redis.key_prefix, &background),
        None => Events::local(),
    });
    let media = Arc::new(
        Media::build(
            &settings,
            db.clone(),
            kv.clone(),
            events.clone(),
            &background,
        )
        .await
        .context("setting up media")?,
    );
    let bus: Arc<dyn Bus> = match &redis {
        Some(link) => Arc::new(
            RedisBus::new(
                link.clone(),
                settings.redis.key_prefix.clone(),
                overrides.drop_bus_announcements,
            )
            .with_idle_ttl(settings.collab.redis_idle_ttl),
        ),
        _ => Arc::new(JournalBus::new(db.clone(), &background)),
    };
    let history = match overrides.history {
        Some(history) => history,
        None => history_store(&settings, &db).await?,
    };
    let history: Arc<dyn HistoryStore> = Arc::new(Retained::new(history));
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
        webex = media.integrations.webex.is_some(),
        zoom = media.integrations.zoom.is_some(),
        google_login = google.is_some(),
        dev_login = settings.auth.dev_login,
        "state ready"
    );
    crate::media::sweeper::spawn(
        &background,
        db.clone(),
        media.clone(),
        collab.clone(),
        settings.storage.abandoned_upload_sweep,
    );
    crate::collab::forget::spawn(&background, db.clone(), collab.clone());
    // A job, not a loop: at shutdown it indexes the rooms' last snapshots before it ends.
    background.spawn_job(crate::library::search::index::follow(
        collab.clone(),
        db.clone(),
        background.stopping(),
    ));
    let tickets = Tickets::new(kv.clone(), settings.collab.ticket_ttl);
    let limiter = crate::limits::RateLimiter::new(kv.clone(), &settings.limits);
    Ok(AppState {
        settings: Arc::new(settings),
        db,
        background,
        redis,
        jwt,
        refresh,
        tickets,
        limiter,
        kv,
        collab,
        google,
        media,
        events,
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
pub async fn history_store(settings: &Settings, db: &Db) -> anyhow::Result<Arc<dyn HistoryStore>> {
    let Some(table) = &settings.history.dynamodb_table else {
        return Ok(Arc::new(LocalHistory::new(db.clone())));
    };
    let history = dynamo_history(settings, table).await;
    if settings.database.migrate_on_start {
        history.ensure_resources().await?;
    }
    Ok(Arc::new(history))
}

/// DynamoDB history in `table`, overflowing to `history.s3_bucket`.
pub async fn dynamo_history(settings: &Settings, table: &str) -> DynamoHistory {
    let config = crate::aws::sdk_config(&settings.aws).await;
    DynamoHistory::new(
        aws_sdk_dynamodb::Client::new(&config),
        crate::aws::s3_client(&config, &settings.aws),
        table.to_owned(),
        settings.history.s3_bucket.clone(),
    )
}
