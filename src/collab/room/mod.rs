//! A room: one open document on this instance. The state machine is [`core::RoomCore`]
//! (no IO, unit-tested); this file is the actix actor around it, which carries out the
//! core's effects: appends, catch-ups, events for other instances, stopping.
//!
//! Lifecycle: the room opens its document on the bus (from then on the bus delivers the
//! document's announcements here), then loads in `started` (cache → newest snapshot → stream
//! after it) while its mailbox waits, so concurrent joins share one load. Announcements that
//! arrive during the load wait in the mailbox; those the load already covers are skipped by
//! stream id, so nothing falls between the subscription and the load. A stopped room closes
//! its document on the bus. A failed load stops the room; the
//! registry forgets it and the next join starts a new one. An empty room snapshots (when
//! dirty) after a grace period and stops; if that snapshot fails it stays, holding the edits,
//! and tries again later.
//!
//! An edit is applied, appended to the stream, and only then sent to anyone (`AtomicResponse`
//! keeps the mailbox closed while the append is in flight, so order is preserved).
//!
//! Snapshots run off the mailbox: the room encodes its state (the core remembers that a
//! snapshot is pending), a spawned task stores it under the lock (history, then the fenced
//! cache-and-trim step) and sends [`SnapshotDone`] back; edits keep flowing meanwhile and
//! keep the room dirty. One snapshot at a time: a version asked for meanwhile waits in
//! `queued`, a periodic one is simply skipped.

pub mod core;

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix::prelude::*;
use bytes::Bytes;
use tokio::sync::oneshot;
use yrs::{Doc, Transact};

use self::core::{Effect, Limits, Member, Phase, RoomCore};
use super::Collab;
use super::awareness::{PresenceUser, SessionId};
use super::bus::Event;
use super::close::{Close, CloseCode, SessionControl};
use super::content::DocContent;
use super::history::VersionMeta;
use super::outbox::Outbox;
use super::protocol::{self, ClientMessage};
use super::storage::{self, Stored};

/// An emptied room that lost the snapshot lock to another instance looks again this soon:
/// once the winner's snapshot covers its state, it stops.
const LOCK_BUSY_RETRY: Duration = Duration::from_millis(500);

pub struct Room {
    core: RoomCore,
    collab: Arc<Collab>,
    last_snapshot: Instant,
    /// Snapshots asked for while one is being stored, oldest first.
    queued: VecDeque<Wanted>,
}

/// Why a snapshot is taken: what to do with its outcome.
enum Purpose {
    /// The periodic snapshot of a dirty document.
    Due,
    /// The last snapshot of an emptied room, before it stops.
    Idle,
    /// A version someone asked for.
    Version(oneshot::Sender<Result<VersionMeta, RoomError>>),
    /// SIGTERM: store, then stop.
    Shutdown(oneshot::Sender<()>),
}

/// A snapshot to take.
struct Wanted {
    name: Option<String>,
    by: Option<String>,
    forced: bool,
    purpose: Purpose,
}

impl Wanted {
    fn unforced(purpose: Purpose) -> Self {
        Self {
            name: None,
            by: None,
            forced: false,
            purpose,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RoomError {
    #[error("the document is not available: {0}")]
    Unavailable(String),
    #[error("storing failed: {0:#}")]
    Storage(anyhow::Error),
}

// ---- messages ------------------------------------------------------------------------------

/// A session joins. Refused (with the close to send) when the room is full.
#[derive(Message)]
#[rtype(result = "Result<(), Close>")]
pub struct Join {
    pub session: SessionId,
    pub user: PresenceUser,
    pub outbox: Arc<Outbox>,
    pub control: Arc<SessionControl>,
}

#[derive(Message)]
#[rtype(result = "()")]
pub struct Leave {
    pub session: SessionId,
}

/// A decoded message from a session. It carries its user, so an update is applied even when
/// its sender left before the room got to it (a student who closes the tab right after
/// typing).
#[derive(Message)]
#[rtype(result = "()")]
pub struct Inbound {
    pub session: SessionId,
    pub user: Arc<str>,
    pub message: ClientMessage,
}

/// An event from the bus (another instance, or a revocation).
#[derive(Message)]
#[rtype(result = "()")]
pub struct Remote(pub Event);

#[derive(Message)]
#[rtype(result = "Result<DocContent, RoomError>")]
pub struct GetContent;

/// The document's whole state as a v1 update (the export reads every root type from it).
#[derive(Message)]
#[rtype(result = "Result<Vec<u8>, RoomError>")]
pub struct GetState;

/// Saves a version now (named or not), whether or not anything changed.
#[derive(Message)]
#[rtype(result = "Result<VersionMeta, RoomError>")]
pub struct SaveVersion {
    pub name: Option<String>,
    pub by: String,
}

/// Makes the live document equal to `state` through a new edit every client receives.
/// Answers whether anything changed.
#[derive(Message)]
#[rtype(result = "Result<bool, RoomError>")]
pub struct Restore {
    pub state: Vec<u8>,
    pub by: String,
}

/// Closes every session (1012), snapshots when dirty, and stops.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Shutdown;

#[derive(Message)]
#[rtype(result = "()")]
struct CatchUp;

/// A snapshot's outcome, from the task that stored it.
#[derive(Message)]
#[rtype(result = "()")]
struct SnapshotDone {
    result: anyhow::Result<Stored>,
    purpose: Purpose,
    dirty_since: Option<Instant>,
    started: Instant,
}

/// The append an effect list asked for, as a future the mailbox waits on.
type Appending = Pin<Box<dyn ActorFuture<Room, Output = anyhow::Result<()>>>>;

// ---- the shell -------------------------------------------------------------------------------

impl Room {
    pub fn new(key: String, collab: Arc<Collab>) -> Self {
        let incarnation = format!("{}.{}", collab.liveness.me(), uuid::Uuid::now_v7().simple());
        let settings = &collab.settings;
        let limits = Limits {
            max_document_bytes: settings.max_document_bytes,
            max_user_bytes: (settings.max_user_share * settings.max_document_bytes as f64) as usize,
            max_connections: settings.max_connections_per_document,
            answer_bytes_per_second: settings.answer_bytes_per_second,
            answer_burst_bytes: 2.0 * settings.max_document_bytes as f64,
        };
        let core = RoomCore::new(
            key,
            incarnation,
            limits,
            collab.bus.is_shared(),
            collab.metrics.clone(),
        );
        Self {
            core,
            collab,
            last_snapshot: Instant::now(),
            queued: VecDeque::new(),
        }
    }

    fn settings(&self) -> &crate::config::CollabSettings {
        &self.collab.settings
    }

    /// Carries out the core's effects; an append comes back as the future to wait on.
    fn run(&mut self, effects: Vec<Effect>, ctx: &mut Context<Self>) -> Option<Appending> {
        let mut appending = None;
        for effect in effects {
            match effect {
                Effect::Append {
                    update,
                    user,
                    except,
                    received,
                } => {
                    debug_assert!(appending.is_none(), "one append per step");
                    appending = Some(self.append(update, user, except, received));
                }
                Effect::CatchUp => ctx.notify(CatchUp),
                Effect::Share(event) => {
                    let bus = self.collab.bus.clone();
                    actix::spawn(async move {
                        if let Err(error) = bus.broadcast(event).await {
                            tracing::debug!("event not shared: {error:#}");
                        }
                    });
                }
                Effect::Stop => ctx.stop(),
            }
        }
        appending
    }

    /// Runs effects that cannot include an append.
    fn run_all(&mut self, effects: Vec<Effect>, ctx: &mut Context<Self>) {
        if let Some(appending) = self.run(effects, ctx) {
            ctx.wait(appending.map(|_, _, _| ()));
        }
    }

    /// Appends an edit already applied to the document, then lets the core relay it. The
    /// caller makes it the message's `AtomicResponse`, so nothing else happens in the room
    /// until the edit is durable.
    fn append(
        &mut self,
        update: Bytes,
        user: String,
        except: Option<SessionId>,
        received: Instant,
    ) -> Appending {
        let bus = self.collab.bus.clone();
        let key = self.core.key().to_owned();
        let origin = self.core.incarnation().to_owned();
        let sent = update.clone();
        Box::pin(
            async move { bus.append(&key, &origin, &user, &sent).await }
                .into_actor(self)
                .map(move |result, room, ctx| {
                    let failed = result.is_err();
                    let effects = room.core.appended(result, &update, except, received);
                    room.run_all(effects, ctx);
                    if failed {
                        anyhow::bail!("the edit could not be stored");
                    }
                    Ok(())
                }),
        )
    }

    /// Answers a message: after the append the effects asked for, if any.
    fn respond(
        &mut self,
        effects: Vec<Effect>,
        ctx: &mut Context<Self>,
    ) -> AtomicResponse<Self, ()> {
        match self.run(effects, ctx) {
            Some(appending) => AtomicResponse::new(Box::pin(appending.map(|_, _, _| ()))),
            None => AtomicResponse::new(Box::pin(actix::fut::ready(()))),
        }
    }

    fn close_if_idle(&mut self, ctx: &mut Context<Self>) {
        if !self.core.is_empty() || self.core.phase() != Phase::Serving {
            return;
        }
        if self.core.is_snapshotting() {
            // The snapshot's outcome looks again.
            return;
        }
        if self.core.dirty_since().is_none() {
            ctx.stop();
            return;
        }
        self.core.set_closing(true);
        self.request_snapshot(Wanted::unforced(Purpose::Idle), ctx);
    }

    /// The final snapshot of an emptied room came back.
    fn idle_snapshot_done(&mut self, result: &anyhow::Result<Stored>, ctx: &mut Context<Self>) {
        self.core.set_closing(false);
        let retry = match result {
            Ok(Stored::Version(_) | Stored::Covered) if self.core.is_empty() => {
                if self.core.dirty_since().is_none() && self.queued.is_empty() {
                    ctx.stop();
                    None
                } else {
                    // Edits came in while it was stored (from sockets gone since), or a
                    // version was asked for: store those first.
                    Some(Duration::ZERO)
                }
            }
            Ok(Stored::Version(_) | Stored::Covered) => None,
            Ok(Stored::LockBusy) => Some(LOCK_BUSY_RETRY),
            Err(error) => {
                tracing::error!(doc = %self.core.key(), "final snapshot failed; keeping the room: {error:#}");
                Some(self.settings().room_grace.max(Duration::from_secs(1)))
            }
        };
        if let Some(after) = retry {
            ctx.run_later(after, |room, ctx| room.close_if_idle(ctx));
        }
    }

    /// Takes a snapshot now, or after the one being stored. A periodic one is skipped while
    /// another is in flight (the next tick looks again).
    fn request_snapshot(&mut self, wanted: Wanted, ctx: &mut Context<Self>) {
        if !self.core.is_snapshotting() {
            return self.start_snapshot(wanted, ctx);
        }
        match wanted.purpose {
            Purpose::Due => {}
            Purpose::Idle => self.core.set_closing(false),
            _ => self.queued.push_back(wanted),
        }
    }

    /// Encodes the current state here and stores it (under the per-document lock: history,
    /// then the fenced cache-and-trim step) on a task of its own; [`SnapshotDone`] comes back.
    fn start_snapshot(&mut self, wanted: Wanted, ctx: &mut Context<Self>) {
        let Wanted {
            name,
            by,
            forced,
            purpose,
        } = wanted;
        let collab = self.collab.clone();
        let key = self.core.key().to_owned();
        let holder = self.core.incarnation().to_owned();
        let dirty_since = self.core.dirty_since();
        let request = self.core.snapshot_request(name, by, forced);
        let started = Instant::now();
        let room = ctx.address();
        actix::spawn(async move {
            let result = storage::snapshot(&collab, &key, &holder, request).await;
            room.do_send(SnapshotDone {
                result,
                purpose,
                dirty_since,
                started,
            });
        });
    }

    fn tick(&mut self, ctx: &mut Context<Self>) {
        if !self.core.is_serving() {
            return;
        }
        let liveness = &self.collab.liveness;
        let effects = self
            .core
            .expire_silent(&|instance| liveness.silent(instance));
        self.run_all(effects, ctx);
        if self.core.wants_stream_check() {
            let bus = self.collab.bus.clone();
            let key = self.core.key().to_owned();
            ctx.spawn(async move { bus.last_id(&key).await }.into_actor(self).map(
                |last, room, ctx| match last {
                    Ok(last) => {
                        let effects = room.core.stream_head(last);
                        room.run_all(effects, ctx);
                    }
                    Err(error) => {
                        tracing::debug!(doc = %room.core.key(), "stream check failed: {error:#}")
                    }
                },
            ));
        }
        let interval = self.settings().snapshot_interval;
        let due = self.core.dirty_since().is_some() && self.last_snapshot.elapsed() >= interval;
        if due && self.core.phase() == Phase::Serving && !self.core.is_snapshotting() {
            self.request_snapshot(Wanted::unforced(Purpose::Due), ctx);
        }
    }
}

impl Actor for Room {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        self.collab.metrics.rooms.inc();
        let (collab, key) = (self.collab.clone(), self.core.key().to_owned());
        let loading = async move {
            // Listen first, then read: whatever the read misses is announced to us.
            collab.bus.open(&key).await?;
            storage::load(&collab, &key).await
        };
        ctx.wait(loading.into_actor(self).map(|result, room, ctx| {
            let installed =
                result.and_then(|loaded| room.core.install(loaded).map_err(anyhow::Error::from));
            // A room opened by REST (no session ever joins) closes like an emptied one.
            let grace = room.settings().room_grace;
            ctx.run_later(grace, |room, ctx| room.close_if_idle(ctx));
            if let Err(error) = installed {
                tracing::error!(doc = %room.core.key(), "loading failed: {error:#}");
                room.collab.metrics.room_load_failures.inc();
                ctx.stop();
            }
        }));
        let every = self.settings().stream_check;
        ctx.run_interval(every, |room, ctx| room.tick(ctx));
    }

    fn stopping(&mut self, ctx: &mut Self::Context) -> Running {
        self.collab.forget(self.core.key(), &ctx.address());
        Running::Stop
    }

    fn stopped(&mut self, _: &mut Self::Context) {
        let close = Close::new(CloseCode::ServerError, "the document closed; reconnect");
        // Nobody is left to hear about their presence here; other instances drop it when
        // this instance's rooms stop announcing it.
        let _ = self.core.close_all(&close);
        self.collab.bus.close(self.core.key());
        self.collab.metrics.rooms.dec();
    }
}

// ---- handlers ------------------------------------------------------------------------------

impl Handler<Join> for Room {
    type Result = Result<(), Close>;

    fn handle(&mut self, join: Join, ctx: &mut Context<Self>) -> Self::Result {
        let member = Member {
            user: join.user,
            outbox: join.outbox,
            control: join.control,
        };
        let effects = self.core.join(join.session, member)?;
        self.run_all(effects, ctx);
        Ok(())
    }
}

impl Handler<Leave> for Room {
    type Result = ();

    fn handle(&mut self, leave: Leave, ctx: &mut Context<Self>) {
        let effects = self.core.leave(leave.session);
        self.run_all(effects, ctx);
        if self.core.is_empty() {
            let grace = self.settings().room_grace;
            ctx.run_later(grace, |room, ctx| room.close_if_idle(ctx));
        }
    }
}

impl Handler<Inbound> for Room {
    type Result = AtomicResponse<Self, ()>;

    fn handle(&mut self, inbound: Inbound, ctx: &mut Context<Self>) -> Self::Result {
        let effects = self
            .core
            .inbound(inbound.session, &inbound.user, inbound.message);
        self.respond(effects, ctx)
    }
}

impl Handler<Remote> for Room {
    type Result = ();

    fn handle(&mut self, Remote(event): Remote, ctx: &mut Context<Self>) {
        let effects = self.core.remote(event);
        self.run_all(effects, ctx);
    }
}

impl Handler<CatchUp> for Room {
    type Result = AtomicResponse<Self, ()>;

    fn handle(&mut self, _: CatchUp, _: &mut Context<Self>) -> Self::Result {
        let bus = self.collab.bus.clone();
        let key = self.core.key().to_owned();
        let from = self.core.last_id();
        let read = async move { storage::read_tail(bus.as_ref(), &key, from).await };
        AtomicResponse::new(Box::pin(read.into_actor(self).map(|result, room, ctx| {
            let effects = room.core.caught_up(result);
            room.run_all(effects, ctx);
        })))
    }
}

impl Handler<SnapshotDone> for Room {
    type Result = ();

    fn handle(&mut self, done: SnapshotDone, ctx: &mut Context<Self>) {
        let SnapshotDone {
            result,
            purpose,
            dirty_since,
            started,
        } = done;
        if matches!(result, Ok(Stored::Version(_) | Stored::Covered)) {
            let metrics = &self.collab.metrics;
            if let Some(since) = dirty_since {
                metrics
                    .snapshot_age_seconds
                    .observe(since.elapsed().as_secs_f64());
            }
            metrics
                .snapshot_duration_seconds
                .observe(started.elapsed().as_secs_f64());
            self.core.snapshot_stored();
            self.last_snapshot = Instant::now();
        } else {
            self.core.snapshot_not_stored();
        }
        match purpose {
            Purpose::Due => {
                if let Err(error) = &result {
                    tracing::error!(doc = %self.core.key(), "snapshot failed: {error:#}");
                    // Try again one interval later, not on every tick.
                    self.last_snapshot = Instant::now();
                }
            }
            Purpose::Idle => self.idle_snapshot_done(&result, ctx),
            Purpose::Version(reply) => {
                let _ = reply.send(match result {
                    Ok(Stored::Version(meta)) => Ok(meta),
                    Ok(_) => Err(RoomError::Storage(anyhow::anyhow!("nothing was stored"))),
                    Err(error) => Err(RoomError::Storage(error)),
                });
            }
            Purpose::Shutdown(reply) => {
                if let Err(error) = &result {
                    tracing::error!(doc = %self.core.key(), "snapshot at shutdown failed: {error:#}");
                }
                ctx.stop();
                let _ = reply.send(());
                return;
            }
        }
        if ctx.state() != ActorState::Running {
            // Stopping: anything queued is answered by its dropped reply.
        } else if let Some(next) = self.queued.pop_front() {
            self.start_snapshot(next, ctx);
        } else if self.core.is_empty() && self.core.phase() == Phase::Serving {
            let grace = self.settings().room_grace;
            ctx.run_later(grace, |room, ctx| room.close_if_idle(ctx));
        }
    }
}

impl Handler<GetContent> for Room {
    type Result = Result<DocContent, RoomError>;

    fn handle(&mut self, _: GetContent, _: &mut Context<Self>) -> Self::Result {
        self.core
            .content()
            .ok_or_else(|| RoomError::Unavailable(self.core.key().to_owned()))
    }
}

impl Handler<GetState> for Room {
    type Result = Result<Vec<u8>, RoomError>;

    fn handle(&mut self, _: GetState, _: &mut Context<Self>) -> Self::Result {
        self.core
            .state()
            .ok_or_else(|| RoomError::Unavailable(self.core.key().to_owned()))
    }
}

impl Handler<SaveVersion> for Room {
    type Result = ResponseFuture<Result<VersionMeta, RoomError>>;

    fn handle(&mut self, save: SaveVersion, ctx: &mut Context<Self>) -> Self::Result {
        let (reply, answer) = oneshot::channel();
        let wanted = Wanted {
            name: save.name,
            by: Some(save.by),
            forced: true,
            purpose: Purpose::Version(reply),
        };
        self.request_snapshot(wanted, ctx);
        Box::pin(async move {
            answer.await.unwrap_or_else(|_| {
                Err(RoomError::Storage(anyhow::anyhow!(
                    "the room stopped before storing"
                )))
            })
        })
    }
}

impl Handler<Restore> for Room {
    type Result = AtomicResponse<Self, Result<bool, RoomError>>;

    fn handle(&mut self, restore: Restore, ctx: &mut Context<Self>) -> Self::Result {
        let ready = |result| AtomicResponse::new(Box::pin(actix::fut::ready(result)));
        let target = Doc::new();
        let loaded = protocol::decode_update(&restore.state)
            .map_err(anyhow::Error::from)
            .and_then(|update| Ok(target.transact_mut().apply_update(update)?));
        if let Err(error) = loaded {
            return ready(Err(RoomError::Storage(error)));
        }
        let effects = self.core.restore(&target, &restore.by);
        if self.core.phase() == Phase::Failed {
            self.run_all(effects, ctx);
            return ready(Err(RoomError::Storage(anyhow::anyhow!(
                "restoring panicked"
            ))));
        }
        match self.run(effects, ctx) {
            Some(appending) => AtomicResponse::new(Box::pin(
                appending.map(|result, _, _| result.map(|()| true).map_err(RoomError::Storage)),
            )),
            None => ready(Ok(false)),
        }
    }
}

impl Handler<Shutdown> for Room {
    type Result = ResponseFuture<()>;

    fn handle(&mut self, _: Shutdown, ctx: &mut Context<Self>) -> Self::Result {
        let close = Close::new(CloseCode::Restarting, "the server is restarting; reconnect");
        let effects = self.core.close_all(&close);
        self.run_all(effects, ctx);
        let idle = self.core.dirty_since().is_none() && !self.core.is_snapshotting();
        if !self.core.is_serving() || idle {
            ctx.stop();
            return Box::pin(async {});
        }
        let (reply, stored) = oneshot::channel();
        // After the one in flight, if any: its outcome starts this one.
        self.queued.clear();
        let wanted = Wanted::unforced(Purpose::Shutdown(reply));
        if self.core.is_snapshotting() {
            self.queued.push_back(wanted);
        } else {
            self.start_snapshot(wanted, ctx);
        }
        Box::pin(async move {
            let _ = stored.await;
        })
    }
}
