//! Live collaboration: every open document is a [`room::Room`] actor speaking the y-websocket
//! protocol with its sessions; rooms for one document on several instances meet on the
//! [`bus::Bus`]; snapshots go to the [`history::HistoryStore`].
//!
//! - `protocol` (pure codec), `awareness` (pure presence table), `liveness` (which other
//!   instances are alive), `limits` (token bucket), `content` (document ↔ JSON), `close`
//!   (close codes), `outbox` (a session's byte-bounded queue), `memo_schema` and `authorship`
//!   (what an update may insert, checked before it is applied): no IO;
//! - `storage` (load, consistent stream reads, snapshots under the lock, over the `bus` and
//!   `history` traits), `room` (the actor), this file (the registry), `bus`, `history`: the
//!   IO edge; `feed` hands stored states to the search index without waiting. The socket session and the REST endpoints over documents are in
//!   `http::socket` and `http::docs`.
//!
//! Rooms run on arbiters of their own (not the HTTP workers), so they outlive the HTTP server
//! at shutdown long enough to store their last snapshot.

pub mod authorship;
pub mod awareness;
pub mod bus;
pub mod close;
pub mod content;
pub mod feed;
pub mod forget;
pub mod history;
pub mod limits;
pub mod liveness;
pub mod memo_schema;
pub mod metrics;
pub mod outbox;
pub mod protocol;
pub mod room;
pub mod storage;
pub mod stream_id;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, Weak};

use actix::{Actor, Addr, ArbiterHandle};

use self::bus::{Bus, Event, EventSink};
use self::feed::SnapshotFeed;
use self::history::HistoryStore;
use self::liveness::{HEARTBEAT, Liveness, instance_of};
use self::metrics::CollabMetrics;
use self::room::{Remote, Room, Shutdown};
use crate::background::Background;
use crate::config::CollabSettings;

pub struct Collab {
    pub settings: CollabSettings,
    pub bus: Arc<dyn Bus>,
    pub history: Arc<dyn HistoryStore>,
    pub metrics: CollabMetrics,
    /// Which other instances are alive; this instance's id names its rooms.
    pub liveness: Liveness,
    /// Every state this instance stores as a snapshot, for the search index to read.
    pub stored: SnapshotFeed,
    rooms: Mutex<HashMap<String, Addr<Room>>>,
    arbiters: Vec<ArbiterHandle>,
    system: actix::System,
}

impl Collab {
    /// Starts the room threads and listens on the bus.
    pub fn start(
        settings: CollabSettings,
        bus: Arc<dyn Bus>,
        history: Arc<dyn HistoryStore>,
        metrics: CollabMetrics,
        background: &Background,
    ) -> anyhow::Result<Arc<Self>> {
        let threads = match settings.room_threads {
            0 => std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
                .min(8),
            n => n,
        };
        let (system, arbiters) = spawn_room_threads(threads)?;
        let collab = Arc::new(Self {
            settings,
            bus,
            history,
            metrics,
            liveness: Liveness::new(),
            stored: SnapshotFeed::default(),
            rooms: Mutex::new(HashMap::new()),
            arbiters,
            system,
        });
        collab
            .bus
            .listen(Arc::new(Dispatcher(Arc::downgrade(&collab))), background);
        if collab.bus.is_shared() {
            background.spawn_loop("liveness", announce_liveness(Arc::downgrade(&collab)));
        }
        Ok(collab)
    }

    /// Whether a room for `doc` is loaded on this instance.
    pub fn is_open(&self, doc: &str) -> bool {
        self.rooms().contains_key(doc)
    }

    fn rooms(&self) -> std::sync::MutexGuard<'_, HashMap<String, Addr<Room>>> {
        self.rooms.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The room of `key`, started (and loading) if it is not open on this instance.
    pub fn room(self: &Arc<Self>, key: &str) -> Addr<Room> {
        let mut rooms = self.rooms();
        if let Some(addr) = rooms.get(key).filter(|addr| addr.connected()) {
            return addr.clone();
        }
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut hasher);
        let arbiter = &self.arbiters[hasher.finish() as usize % self.arbiters.len()];
        let collab = self.clone();
        let owned_key = key.to_owned();
        let addr = Room::start_in_arbiter(arbiter, move |_| Room::new(owned_key, collab));
        rooms.insert(key.to_owned(), addr.clone());
        addr
    }

    /// Called by a stopping room: forget it, unless a newer room already took its place.
    pub(crate) fn forget(&self, key: &str, addr: &Addr<Room>) {
        let mut rooms = self.rooms();
        if rooms.get(key) == Some(addr) {
            rooms.remove(key);
        }
    }

    /// Closes the sockets of `user` (everyone when `None`) on `docs`, on every instance.
    pub async fn revoke(&self, user: Option<&str>, docs: Vec<String>, reason: &str) {
        if docs.is_empty() {
            return;
        }
        let event = Event::Revoke {
            user: user.map(str::to_owned),
            docs,
            reason: reason.to_owned(),
        };
        // Deliver here directly too: a Redis outage must not keep local sockets open.
        self.deliver(event.clone());
        if let Err(error) = self.bus.broadcast(event).await {
            tracing::error!("revocation not shared with other instances: {error:#}");
        }
    }

    fn deliver(&self, event: Event) {
        match &event {
            // Not on updates: they are the hot path, and heartbeats suffice.
            Event::Awareness { origin, .. } | Event::AwarenessQuery { origin, .. } => {
                self.liveness.hear(instance_of(origin))
            }
            Event::Alive { instance } => return self.liveness.hear(instance),
            Event::Update { .. } | Event::Revoke { .. } | Event::Resync => {}
        }
        let rooms = self.rooms();
        match &event {
            Event::Update { doc, .. }
            | Event::Awareness { doc, .. }
            | Event::AwarenessQuery { doc, .. } => {
                if let Some(addr) = rooms.get(doc) {
                    addr.do_send(Remote(event));
                }
            }
            Event::Revoke { docs, .. } => {
                for doc in docs {
                    if let Some(addr) = rooms.get(doc) {
                        addr.do_send(Remote(event.clone()));
                    }
                }
            }
            Event::Resync => {
                for addr in rooms.values() {
                    addr.do_send(Remote(Event::Resync));
                }
            }
            Event::Alive { .. } => {}
        }
    }

    /// SIGTERM: every room closes its sockets, stores its last snapshot and stops.
    pub async fn shutdown(&self) {
        let rooms: Vec<Addr<Room>> = self.rooms().values().cloned().collect();
        tracing::info!(rooms = rooms.len(), "draining rooms");
        let drains = rooms.into_iter().map(|addr| async move {
            let _ = addr.send(Shutdown).await;
        });
        futures_util::future::join_all(drains).await;
        for arbiter in &self.arbiters {
            arbiter.stop();
        }
        self.system.stop();
    }
}

/// Tells the other instances, every [`HEARTBEAT`], that this one is alive; ends with `Collab`.
async fn announce_liveness(collab: Weak<Collab>) {
    let mut every = tokio::time::interval(HEARTBEAT);
    loop {
        every.tick().await;
        let Some(collab) = collab.upgrade() else {
            return;
        };
        let event = Event::Alive {
            instance: collab.liveness.me().to_string(),
        };
        let bus = collab.bus.clone();
        drop(collab);
        if let Err(error) = bus.broadcast(event).await {
            tracing::debug!("liveness not announced: {error:#}");
        }
    }
}

/// Hands bus events to rooms; weak, so the bus (owned by `Collab`) does not keep it alive.
struct Dispatcher(Weak<Collab>);

impl EventSink for Dispatcher {
    fn deliver(&self, event: Event) {
        if let Some(collab) = self.0.upgrade() {
            collab
                .metrics
                .bus_events
                .with_label_values(&[event.kind()])
                .inc();
            // Our own revocations come back too; closing an already closed socket is a no-op.
            collab.deliver(event);
        }
    }
}

/// A thread with an actix system, hosting `count` arbiters for rooms.
fn spawn_room_threads(count: usize) -> anyhow::Result<(actix::System, Vec<ArbiterHandle>)> {
    let (ready, started) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("vivid-rooms".into())
        .spawn(move || {
            let system = actix::System::new();
            system.block_on(async move {
                let arbiters: Vec<ArbiterHandle> =
                    (0..count).map(|_| actix::Arbiter::new().handle()).collect();
                let _ = ready.send((actix::System::current(), arbiters));
            });
            let _ = system.run();
        })?;
    Ok(started.recv()?)
}
