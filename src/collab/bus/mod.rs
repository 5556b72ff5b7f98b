//! How rooms for the same document on different instances hear each other.
//!
//! Every accepted update is appended to the document's ordered log (the *stream*) and
//! announced, in one atomic step; a room broadcasts an update only once it is in the log.
//! Rooms remember the last entry they applied; an announcement whose predecessor they have
//! not seen, or a periodic check, makes them read the log from there (catch-up). Awareness
//! (presence) is ephemeral: announced, never logged.
//!
//! Announcements are routed per document: a room [`Bus::open`]s its document before it loads
//! and [`Bus::close`]s it when it stops, and an instance hears only the documents it has
//! open. Opening waits until the bus would deliver the document's announcements, so what is
//! appended after the load's read is announced to the room, and what was appended before is
//! in the load: no window. When the bus had to listen again (a lost connection), it delivers
//! [`Event::Resync`] and every room catches up from the stream.
//!
//! Redis in production ([`RedisBus`]); in one process there is only one room per document,
//! so nothing needs carrying: [`JournalBus`] keeps the log in the local database (what the
//! embedded profile runs), [`MemoryBus`] keeps nothing (ids only).

mod journal;
mod memory;
mod redis_bus;
mod redis_routes;
mod routes;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;

pub use journal::JournalBus;
pub use memory::MemoryBus;
pub use redis_bus::RedisBus;

use super::stream_id::StreamId;
use crate::background::Background;

/// One entry of a document's stream.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: StreamId,
    /// The room incarnation that appended it.
    pub origin: String,
    /// The user whose edit it is.
    pub user: String,
    /// When it was appended (ms since the epoch), for lag metrics.
    pub sent_at_ms: u64,
    pub update: Bytes,
}

/// Where an append landed: its id and the id of the entry before it.
#[derive(Debug, Clone, Copy)]
pub struct Appended {
    pub id: StreamId,
    pub prev: StreamId,
}

/// What instances tell each other.
#[derive(Debug, Clone)]
pub enum Event {
    /// A new stream entry of `doc`, with its predecessor's id.
    Update {
        doc: String,
        entry: Entry,
        prev: StreamId,
    },
    /// Awareness states from a room on another instance (already vetted there).
    Awareness {
        doc: String,
        origin: String,
        update: Bytes,
    },
    /// A room elsewhere gained a member and asks for everyone's awareness.
    AwarenessQuery { doc: String, origin: String },
    /// An instance is alive (sent every `liveness::HEARTBEAT`).
    Alive { instance: String },
    /// Close the sockets of `user` (everyone when `None`) on these documents.
    Revoke {
        user: Option<String>,
        docs: Vec<String>,
        reason: String,
    },
    /// From this instance's bus: it listens again after losing its subscriptions, so
    /// announcements may have been missed meanwhile; every room catches up from the stream.
    Resync,
}

impl Event {
    /// A short name for metrics (`vivid_bus_events_received_total{kind}`).
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Update { .. } => "update",
            Event::Awareness { .. } => "awareness",
            Event::AwarenessQuery { .. } => "awareness_query",
            Event::Alive { .. } => "alive",
            Event::Revoke { .. } => "revoke",
            Event::Resync => "resync",
        }
    }
}

/// Receives events from other instances (and control events from this one).
pub trait EventSink: Send + Sync + 'static {
    fn deliver(&self, event: Event);
}

#[async_trait]
pub trait Bus: Send + Sync + 'static {
    /// Appends `update` to `doc`'s stream and announces it.
    async fn append(
        &self,
        doc: &str,
        origin: &str,
        user: &str,
        update: &Bytes,
    ) -> anyhow::Result<Appended>;
    /// Entries after `after`, oldest first.
    async fn read_after(&self, doc: &str, after: StreamId) -> anyhow::Result<Vec<Entry>>;
    /// The id of the newest entry ever appended (ZERO when none).
    async fn last_id(&self, doc: &str) -> anyhow::Result<StreamId>;
    /// The cached merged state and the stream id it covers.
    async fn cached_state(&self, doc: &str) -> anyhow::Result<Option<(StreamId, Vec<u8>)>>;
    /// Just the id the cached state covers (cheap).
    async fn cached_id(&self, doc: &str) -> anyhow::Result<Option<StreamId>>;
    /// Publishes a stored snapshot, in one atomic step: caches `state` as covering `id` and
    /// drops stream entries older than `id` (they are in the snapshot and the cache). True when it did; false when the cache already covers `id`, or `holder`
    /// no longer holds `lock` (its TTL ran out and another took it).
    async fn commit_snapshot(
        &self,
        doc: &str,
        lock: &str,
        holder: &str,
        id: StreamId,
        state: &[u8],
    ) -> anyhow::Result<bool>;
    /// A lock with a time to live; true when acquired.
    async fn try_lock(&self, name: &str, holder: &str, ttl: Duration) -> anyhow::Result<bool>;
    async fn unlock(&self, name: &str, holder: &str) -> anyhow::Result<()>;
    /// Deletes everything kept for `doc` (its stream, last id and cached state): the document
    /// was deleted. Idempotent.
    async fn forget(&self, doc: &str) -> anyhow::Result<()>;
    /// Sends an ephemeral event to every other instance (a shared bus echoes it back here too).
    async fn broadcast(&self, event: Event) -> anyhow::Result<()>;
    /// Starts delivering `doc`'s announcements (updates, awareness) to this instance, and
    /// returns once they are delivered: a room calls it before it loads. Every `open` is
    /// matched by one [`Bus::close`], even when it fails (rooms of one document may overlap
    /// while one stops and the next starts; the document stays open until the last closes).
    async fn open(&self, doc: &str) -> anyhow::Result<()>;
    /// The room that opened `doc` stopped.
    fn close(&self, doc: &str);
    /// Whether other instances may share documents (rooms then check the stream).
    fn is_shared(&self) -> bool;
    /// Starts delivering events to `sink`, until shutdown.
    fn listen(&self, sink: Arc<dyn EventSink>, background: &Background);
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}
