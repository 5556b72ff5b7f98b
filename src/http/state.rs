//! The application state every handler receives, built once in `startup.rs`.

use std::sync::Arc;

use crate::auth::jwt::JwtKeys;
use crate::auth::oidc::GoogleOidc;
use crate::auth::refresh::RefreshTokens;
use crate::auth::tickets::Tickets;
use crate::collab::Collab;
use crate::config::Settings;
use crate::db::Db;
use crate::events::Events;
use crate::kv::KvStore;
use crate::media::Media;

pub struct AppState {
    /// The settings the server started with.
    pub settings: Arc<Settings>,
    /// Relational data (SQLite or PostgreSQL).
    pub db: Db,
    /// Short-lived shared keys: Redis when configured, else this process's memory.
    pub kv: Arc<dyn KvStore>,
    /// Long-lived work (subscriptions, pollers, imports, transcodes), stopped at shutdown.
    pub background: crate::background::Background,
    /// The Redis link when configured (`/readyz` checks it).
    pub redis: Option<crate::redis_link::RedisLink>,
    /// Signs and checks access tokens.
    pub jwt: JwtKeys,
    /// Issues, rotates and revokes refresh tokens (in `kv`).
    pub refresh: RefreshTokens,
    /// Rate limits on expensive work, per user or address (counters in `kv`).
    pub limiter: crate::limits::RateLimiter,
    /// Single-use WebSocket tickets (in `kv`).
    pub tickets: Tickets,
    /// Live documents: rooms, the bus between instances, history.
    pub collab: Arc<Collab>,
    /// Google sign-in, when a client id is configured.
    pub google: Option<GoogleOidc>,
    /// Storage, transcoding and imports.
    pub media: Arc<Media>,
    /// The library event stream (SSE), across instances when Redis is configured.
    pub events: Arc<Events>,
    /// Prometheus metrics served at `/metrics`; features register their own here.
    pub metrics: prometheus::Registry,
}
