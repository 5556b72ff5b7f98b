//! A room: one open document on this instance, as an actix actor. It owns the `yrs` document,
//! the connected sessions and the awareness table; every change goes through its mailbox, so
//! it needs no locks.
//!
//! Lifecycle: the room loads in `started` (cache → newest snapshot → stream after it) while
//! its mailbox waits, so concurrent joins share one load. A failed load stops the room; the
//! registry forgets it and the next join starts a new one. An empty room snapshots (when
//! dirty) after a grace period and stops; if that snapshot fails it stays, holding the edits,
//! and tries again later.
//!
//! An edit is applied, appended to the stream, and only then sent to anyone (`AtomicResponse`
//! keeps the mailbox closed while the append is in flight, so order is preserved).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix::prelude::*;
use bytes::Bytes;
use tokio::sync::mpsc;
use tokio::sync::mpsc::error::TrySendError;
use yrs::{Doc, ReadTxn, StateVector, Transact};

use super::Collab;
use super::awareness::{AwarenessError, AwarenessTable, PresenceUser, SessionId};
use super::bus::{Appended, Entry, Event, now_ms};
use super::close::{Close, CloseCode, SessionControl};
use super::content::{self, DocContent};
use super::history::VersionMeta;
use super::liveness::instance_of;
use super::protocol::{self, ClientMessage};
use super::storage::{self, Loaded, SnapshotRequest, Stored, Tail};
use super::stream_id::StreamId;

/// An emptied room that lost the snapshot lock to another instance looks again this soon:
/// once the winner's snapshot covers its state, it stops.
const LOCK_BUSY_RETRY: Duration = Duration::from_millis(500);

struct Member {
    user: PresenceUser,
    tx: mpsc::Sender<Bytes>,
    control: Arc<SessionControl>,
}

pub struct Room {
    key: String,
    collab: Arc<Collab>,
    /// Unique per room actor (`{instance}.{room}`); marks this room's own stream entries and
    /// bus events.
    incarnation: String,
    doc: Doc,
    ready: bool,
    members: HashMap<SessionId, Member>,
    awareness: AwarenessTable,
    /// The newest stream entry applied to `doc`.
    last_id: StreamId,
    /// Approximate document size: loaded state plus updates since.
    size: usize,
    dirty_since: Option<Instant>,
    contributors: BTreeSet<String>,
    last_snapshot: Instant,
    catch_up_pending: bool,
    closing: bool,
}

#[derive(Debug, thiserror::Error)]
enum ApplyError {
    #[error("invalid update: {0}")]
    Invalid(String),
    #[error("applying the update panicked")]
    Panicked,
}

/// `yrs` panicked on some input.
struct Panicked;

/// Runs `f` on the document, catching a panic: `yrs` can panic on some malformed input, and
/// that must not take the arbiter thread (and every room on it) down. After one, the
/// document may be half-updated: the caller fails the room, which reloads from storage.
fn unwind_guard<T>(f: impl FnOnce() -> T) -> Result<T, Panicked> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| Panicked)
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
    pub tx: mpsc::Sender<Bytes>,
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

#[derive(Message)]
#[rtype(result = "()")]
struct SnapshotDue;

// ---- lifecycle -----------------------------------------------------------------------------

impl Room {
    pub fn new(key: String, collab: Arc<Collab>) -> Self {
        let incarnation = format!("{}.{}", collab.liveness.me(), uuid::Uuid::now_v7().simple());
        Self {
            key,
            collab,
            incarnation,
            doc: Doc::new(),
            ready: false,
            members: HashMap::new(),
            awareness: AwarenessTable::default(),
            last_id: StreamId::ZERO,
            size: 0,
            dirty_since: None,
            contributors: BTreeSet::new(),
            last_snapshot: Instant::now(),
            catch_up_pending: false,
            closing: false,
        }
    }

    fn install(&mut self, loaded: Loaded) -> Result<(), ApplyError> {
        if let Some(state) = &loaded.base {
            self.apply(state)?;
            self.size = state.len();
        }
        self.last_id = loaded.base_id;
        for entry in loaded.entries {
            self.apply(&entry.update)?;
            self.size += entry.update.len();
            self.contributors.insert(entry.user);
            self.dirty_since.get_or_insert_with(Instant::now);
            self.last_id = entry.id;
        }
        self.ready = true;
        Ok(())
    }

    /// Applies a v1 update (see [`unwind_guard`] for panics).
    fn apply(&mut self, update: &[u8]) -> Result<(), ApplyError> {
        let update =
            protocol::decode_update(update).map_err(|e| ApplyError::Invalid(e.to_string()))?;
        let doc = &self.doc;
        match unwind_guard(|| doc.transact_mut().apply_update(update)) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => Err(ApplyError::Invalid(error.to_string())),
            Err(Panicked) => Err(ApplyError::Panicked),
        }
    }

    /// The document holds something the stream does not (a panic while applying, a failed
    /// append): close everyone and stop, so the next join reloads it from the stream and
    /// history.
    fn fail(&mut self, ctx: &mut Context<Self>) {
        tracing::error!(doc = %self.key, "the room's document is unreliable; reloading the room");
        self.ready = false;
        let sessions: Vec<SessionId> = self.members.keys().copied().collect();
        for session in sessions {
            self.drop_member(
                session,
                Close::new(
                    CloseCode::ServerError,
                    "the document must reload; reconnect",
                ),
            );
        }
        ctx.stop();
    }

    fn settings(&self) -> &crate::config::CollabSettings {
        &self.collab.settings
    }

    /// Queues `frame` for every member but `except`. A member whose queue is full is a slow
    /// consumer and is closed; one whose queue is closed has left (its `Leave` is on the way)
    /// and is forgotten quietly.
    fn broadcast(&mut self, frame: &Bytes, except: Option<SessionId>) {
        let mut undeliverable = Vec::new();
        for (id, member) in &self.members {
            if Some(*id) == except {
                continue;
            }
            if let Err(error) = member.tx.try_send(frame.clone()) {
                undeliverable.push((*id, matches!(error, TrySendError::Full(_))));
            }
        }
        for (id, full) in undeliverable {
            self.undeliverable(id, full);
        }
    }

    fn send_to(&mut self, session: SessionId, frame: Bytes) {
        let failed = self
            .members
            .get(&session)
            .and_then(|member| member.tx.try_send(frame).err());
        if let Some(error) = failed {
            self.undeliverable(session, matches!(error, TrySendError::Full(_)));
        }
    }

    fn undeliverable(&mut self, session: SessionId, full: bool) {
        if full {
            self.drop_member(
                session,
                Close::new(CloseCode::SlowConsumer, "fell too far behind; reconnect"),
            );
        } else {
            self.forget_member(session);
        }
    }

    /// Closes a member's socket with `close` and forgets it.
    fn drop_member(&mut self, session: SessionId, close: Close) {
        if let Some(member) = self.members.get(&session) {
            // Refusals count as rejected frames; ends the connection did not cause do not.
            let refused = !matches!(
                close.code,
                CloseCode::Revoked | CloseCode::ServerError | CloseCode::Restarting
            );
            if refused {
                self.collab.metrics.reject(close.code.label());
                tracing::warn!(doc = %self.key, user = %member.user.id, code = close.code.code(),
                    reason = %close.reason, "closing a connection");
            }
            member.control.close(close);
        }
        self.forget_member(session);
    }

    fn forget_member(&mut self, session: SessionId) {
        if self.members.remove(&session).is_none() {
            return;
        }
        if let Some(removal) = self.awareness.remove_session(session) {
            let frame = protocol::awareness(removal);
            self.broadcast(&frame, None);
            self.share_awareness(frame);
        }
    }

    /// Drops the presence of clients whose instance fell silent (crashed or cut off), so
    /// their ids are free for the clients themselves when they reconnect here.
    fn expire_silent(&mut self) {
        let liveness = &self.collab.liveness;
        if let Some(removal) = self.awareness.remove_silent(|i| liveness.silent(i)) {
            self.broadcast(&protocol::awareness(removal), None);
        }
    }

    /// Tells rooms on other instances about local awareness changes.
    fn share_awareness(&self, frame: Bytes) {
        if !self.collab.bus.is_shared() {
            return;
        }
        let bus = self.collab.bus.clone();
        let event = Event::Awareness {
            doc: self.key.clone(),
            origin: self.incarnation.clone(),
            update: frame,
        };
        actix::spawn(async move {
            if let Err(error) = bus.broadcast(event).await {
                tracing::debug!("awareness not shared: {error:#}");
            }
        });
    }

    fn mark_dirty(&mut self, user: &str, bytes: usize) {
        self.size += bytes;
        self.contributors.insert(user.to_owned());
        self.dirty_since.get_or_insert_with(Instant::now);
    }

    /// An edit already applied to `doc`: appends it to the stream, then relays it to every
    /// member but `except`. Run it as the message's `AtomicResponse`, so nothing else happens
    /// in the room until the edit is durable. If the append fails, the document holds an edit
    /// the stream does not; the room must not serve it: everyone reconnects and resyncs (a
    /// client still holds its own edit and sends it again).
    fn publish(
        &mut self,
        update: Bytes,
        user: String,
        except: Option<SessionId>,
    ) -> impl ActorFuture<Self, Output = anyhow::Result<()>> + use<> {
        self.mark_dirty(&user, update.len());
        let bus = self.collab.bus.clone();
        let key = self.key.clone();
        let origin = self.incarnation.clone();
        async move {
            let appended = bus.append(&key, &origin, &user, &update).await;
            appended.map(|appended| (appended, update))
        }
        .into_actor(self)
        .map(move |result, room, ctx| match result {
            Ok((appended, update)) => {
                room.advance(appended, ctx);
                room.broadcast(&protocol::update(&update), except);
                Ok(())
            }
            Err(error) => {
                tracing::error!(doc = %room.key, "could not append an edit: {error:#}");
                room.fail(ctx);
                Err(error)
            }
        })
    }

    /// Records where our own append landed; a gap means entries from elsewhere to fetch.
    fn advance(&mut self, appended: Appended, ctx: &mut Context<Self>) {
        if appended.prev <= self.last_id {
            self.last_id = self.last_id.max(appended.id);
        } else {
            self.request_catch_up(ctx);
        }
    }

    fn request_catch_up(&mut self, ctx: &mut Context<Self>) {
        if self.collab.bus.is_shared() && !self.catch_up_pending {
            self.catch_up_pending = true;
            ctx.notify(CatchUp);
        }
    }

    /// Applies an entry from the stream (not ours) and passes it on to every member.
    fn apply_remote(&mut self, entry: Entry, ctx: &mut Context<Self>) {
        if entry.id <= self.last_id {
            return;
        }
        self.last_id = entry.id;
        if entry.origin == self.incarnation {
            return;
        }
        let started = Instant::now();
        match self.apply(&entry.update) {
            Ok(()) => {}
            Err(ApplyError::Panicked) => return self.fail(ctx),
            Err(error) => {
                tracing::error!(doc = %self.key, id = %entry.id, "skipping an unreadable stream entry: {error}");
                return;
            }
        }
        self.mark_dirty(&entry.user, entry.update.len());
        let lag_ms = now_ms().saturating_sub(entry.sent_at_ms);
        self.collab
            .metrics
            .stream_lag_seconds
            .observe(lag_ms as f64 / 1000.0);
        self.broadcast(&protocol::update(&entry.update), None);
        self.collab
            .metrics
            .fanout_seconds
            .observe(started.elapsed().as_secs_f64());
    }

    fn close_if_idle(&mut self, ctx: &mut Context<Self>) {
        if !self.members.is_empty() || self.closing {
            return;
        }
        if self.dirty_since.is_none() {
            ctx.stop();
            return;
        }
        self.closing = true;
        let snapshot = self.snapshot(None, None, false);
        ctx.wait(snapshot.map(|result, room, ctx| {
            room.closing = false;
            let retry = match result {
                Ok(Stored::Version(_) | Stored::Covered) if room.members.is_empty() => {
                    ctx.stop();
                    None
                }
                Ok(Stored::Version(_) | Stored::Covered) => None,
                Ok(Stored::LockBusy) => Some(LOCK_BUSY_RETRY),
                Err(error) => {
                    tracing::error!(doc = %room.key, "final snapshot failed; keeping the room: {error:#}");
                    Some(Duration::from_secs(room.settings().room_grace_secs.max(1)))
                }
            };
            if let Some(after) = retry {
                ctx.run_later(after, |room, ctx| room.close_if_idle(ctx));
            }
        }));
    }

    /// Stores the current state as a new version (under the per-document lock), refreshes the
    /// cache and trims the stream. Unforced snapshots skip when another instance already
    /// stored this state or holds the lock.
    fn snapshot(
        &mut self,
        name: Option<String>,
        by: Option<String>,
        forced: bool,
    ) -> impl ActorFuture<Self, Output = anyhow::Result<Stored>> + use<> {
        let collab = self.collab.clone();
        let key = self.key.clone();
        let holder = self.incarnation.clone();
        let stream_id = self.last_id;
        let state = self
            .doc
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        let mut contributors = self.contributors.clone();
        contributors.extend(by);
        let dirty_since = self.dirty_since;
        let started = Instant::now();
        let request = SnapshotRequest {
            name,
            contributors,
            stream_id,
            state,
            forced,
        };
        async move { storage::snapshot(&collab, &key, &holder, request).await }
            .into_actor(self)
            .map(move |result, room, _| {
                if matches!(result, Ok(Stored::Version(_) | Stored::Covered)) {
                    if let Some(since) = dirty_since {
                        room.collab
                            .metrics
                            .snapshot_age_seconds
                            .observe(since.elapsed().as_secs_f64());
                    }
                    room.collab
                        .metrics
                        .snapshot_duration_seconds
                        .observe(started.elapsed().as_secs_f64());
                    // The mailbox was closed meanwhile, so nothing changed since `state`.
                    room.dirty_since = None;
                    room.contributors.clear();
                    room.last_snapshot = Instant::now();
                }
                result
            })
    }

    fn tick(&mut self, ctx: &mut Context<Self>) {
        if !self.ready {
            return;
        }
        self.expire_silent();
        if self.collab.bus.is_shared() && !self.catch_up_pending {
            let bus = self.collab.bus.clone();
            let key = self.key.clone();
            ctx.spawn(async move { bus.last_id(&key).await }.into_actor(self).map(
                |last, room, ctx| match last {
                    Ok(last) if last > room.last_id => room.request_catch_up(ctx),
                    Ok(_) => {}
                    Err(error) => {
                        tracing::debug!(doc = %room.key, "stream check failed: {error:#}")
                    }
                },
            ));
        }
        let interval = Duration::from_secs(self.settings().snapshot_interval_secs);
        if self.dirty_since.is_some() && self.last_snapshot.elapsed() >= interval && !self.closing {
            ctx.notify(SnapshotDue);
        }
    }
}

impl Actor for Room {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        self.collab.metrics.rooms.inc();
        let (collab, key) = (self.collab.clone(), self.key.clone());
        let loading = async move { storage::load(&collab, &key).await };
        ctx.wait(loading.into_actor(self).map(|result, room, ctx| {
            let installed =
                result.and_then(|loaded| room.install(loaded).map_err(anyhow::Error::from));
            // A room opened by REST (no session ever joins) closes like an emptied one.
            let grace = Duration::from_secs(room.settings().room_grace_secs);
            ctx.run_later(grace, |room, ctx| room.close_if_idle(ctx));
            if let Err(error) = installed {
                tracing::error!(doc = %room.key, "loading failed: {error:#}");
                room.collab.metrics.room_load_failures.inc();
                ctx.stop();
            }
        }));
        let every = Duration::from_secs(self.settings().stream_check_secs);
        ctx.run_interval(every, |room, ctx| room.tick(ctx));
    }

    fn stopping(&mut self, ctx: &mut Self::Context) -> Running {
        self.collab.forget(&self.key, &ctx.address());
        Running::Stop
    }

    fn stopped(&mut self, _: &mut Self::Context) {
        for member in self.members.values() {
            member.control.close(Close::new(
                CloseCode::ServerError,
                "the document closed; reconnect",
            ));
        }
        self.collab.metrics.rooms.dec();
    }
}

// ---- handlers ------------------------------------------------------------------------------

impl Handler<Join> for Room {
    type Result = Result<(), Close>;

    fn handle(&mut self, join: Join, _: &mut Context<Self>) -> Self::Result {
        if !self.ready {
            return Err(Close::new(
                CloseCode::ServerError,
                "the document is unavailable",
            ));
        }
        if self.members.len() >= self.settings().max_connections_per_document {
            return Err(Close::new(
                CloseCode::RoomFull,
                "this document has too many connections",
            ));
        }
        let step1 = protocol::sync_step1(self.doc.transact().state_vector());
        let presence = self.awareness.all().map(protocol::awareness);
        self.members.insert(
            join.session,
            Member {
                user: join.user,
                tx: join.tx,
                control: join.control,
            },
        );
        self.send_to(join.session, step1);
        if let Some(frame) = presence {
            self.send_to(join.session, frame);
        }
        if self.collab.bus.is_shared() {
            let bus = self.collab.bus.clone();
            let event = Event::AwarenessQuery {
                doc: self.key.clone(),
                origin: self.incarnation.clone(),
            };
            actix::spawn(async move {
                let _ = bus.broadcast(event).await;
            });
        }
        Ok(())
    }
}

impl Handler<Leave> for Room {
    type Result = ();

    fn handle(&mut self, leave: Leave, ctx: &mut Context<Self>) {
        self.forget_member(leave.session);
        if self.members.is_empty() {
            let grace = Duration::from_secs(self.settings().room_grace_secs);
            ctx.run_later(grace, |room, ctx| room.close_if_idle(ctx));
        }
    }
}

impl Room {
    /// Applies an update from `user`, sent by `sender` (`None` once that session has left:
    /// what a client sent before closing is applied all the same), publishes it and relays
    /// it. A refused update closes its sender (or is only logged, when it has left).
    fn accept_update(
        &mut self,
        raw: Bytes,
        user: &str,
        sender: Option<SessionId>,
        ctx: &mut Context<Self>,
    ) -> AtomicResponse<Self, ()> {
        let done = || AtomicResponse::new(Box::pin(actix::fut::ready(())));
        // An empty update (nothing we lack, typically a step-2 answer) changes nothing.
        if raw.len() <= 2 && raw.iter().all(|b| *b == 0) {
            return done();
        }
        if self.size + raw.len() > self.settings().max_document_bytes {
            self.refuse(
                sender,
                user,
                Close::new(CloseCode::DocumentTooLarge, "the document is full"),
            );
            return done();
        }
        let received = Instant::now();
        match self.apply(&raw) {
            Ok(()) => {}
            Err(ApplyError::Panicked) => {
                self.fail(ctx);
                return done();
            }
            Err(error) => {
                let close = Close::new(CloseCode::Malformed, format!("update rejected: {error}"));
                self.refuse(sender, user, close);
                return done();
            }
        }
        let published = self.publish(raw, user.to_owned(), sender);
        AtomicResponse::new(Box::pin(published.map(move |result, room, _| {
            if result.is_ok() {
                room.collab
                    .metrics
                    .fanout_seconds
                    .observe(received.elapsed().as_secs_f64());
            }
        })))
    }

    /// Closes `sender` with `close`; a sender that already left only gets a log line.
    fn refuse(&mut self, sender: Option<SessionId>, user: &str, close: Close) {
        match sender {
            Some(session) => self.drop_member(session, close),
            None => {
                self.collab.metrics.reject(close.code.label());
                tracing::warn!(doc = %self.key, user, code = close.code.code(),
                    reason = %close.reason, "refused an update from a connection that left");
            }
        }
    }

    fn accept_awareness(
        &mut self,
        session: SessionId,
        user: PresenceUser,
        update: yrs::sync::AwarenessUpdate,
    ) {
        self.expire_silent();
        match self.awareness.apply(session, &user, update) {
            Ok(applied) => {
                if let Some(reply) = applied.reply {
                    self.send_to(session, protocol::awareness(reply));
                }
                if !applied.accepted.clients.is_empty() {
                    let frame = protocol::awareness(applied.accepted);
                    self.broadcast(&frame, Some(session));
                    self.share_awareness(frame);
                }
            }
            Err(error @ (AwarenessError::NotAnObject(_) | AwarenessError::TooLarge(_))) => {
                self.drop_member(session, Close::new(CloseCode::Malformed, error.to_string()));
            }
            Err(error) => {
                self.drop_member(
                    session,
                    Close::new(CloseCode::AwarenessSpoof, error.to_string()),
                );
            }
        }
    }
}

impl Handler<Inbound> for Room {
    type Result = AtomicResponse<Self, ()>;

    fn handle(&mut self, inbound: Inbound, ctx: &mut Context<Self>) -> Self::Result {
        let done = || AtomicResponse::new(Box::pin(actix::fut::ready(())));
        let session = inbound.session;
        let Some(member) = self.members.get(&session) else {
            // The session left, but what it sent before leaving counts.
            if let ClientMessage::Update { raw } = inbound.message {
                return self.accept_update(raw, &inbound.user, None, ctx);
            }
            return done();
        };
        match inbound.message {
            ClientMessage::SyncStep1(state_vector) => {
                let missing = self.doc.transact().encode_state_as_update_v1(&state_vector);
                self.send_to(session, protocol::sync_step2(missing));
                done()
            }
            ClientMessage::Update { raw } => {
                self.accept_update(raw, &inbound.user, Some(session), ctx)
            }
            ClientMessage::Awareness(update) => {
                let user = member.user.clone();
                self.accept_awareness(session, user, update);
                done()
            }
            ClientMessage::QueryAwareness => {
                if let Some(all) = self.awareness.all() {
                    self.send_to(session, protocol::awareness(all));
                }
                done()
            }
            ClientMessage::Auth => done(),
        }
    }
}

impl Handler<Remote> for Room {
    type Result = ();

    fn handle(&mut self, Remote(event): Remote, ctx: &mut Context<Self>) {
        if !self.ready {
            return;
        }
        match event {
            Event::Update { entry, prev, .. } => {
                if entry.id <= self.last_id {
                    return;
                }
                if prev <= self.last_id {
                    self.apply_remote(entry, ctx);
                } else {
                    self.request_catch_up(ctx);
                }
            }
            Event::Awareness { origin, update, .. } if origin != self.incarnation => {
                if let Ok(ClientMessage::Awareness(update)) = protocol::decode(&update) {
                    let instance: Arc<str> = Arc::from(instance_of(&origin));
                    let fresh = self.awareness.apply_remote(&instance, update);
                    if !fresh.clients.is_empty() {
                        self.broadcast(&protocol::awareness(fresh), None);
                    }
                }
            }
            Event::AwarenessQuery { origin, .. } if origin != self.incarnation => {
                if let Some(local) = self.awareness.local() {
                    self.share_awareness(protocol::awareness(local));
                }
            }
            Event::Revoke { user, reason, .. } => {
                let revoked: Vec<SessionId> = self
                    .members
                    .iter()
                    .filter(|(_, m)| user.as_deref().is_none_or(|u| u == m.user.id))
                    .map(|(id, _)| *id)
                    .collect();
                for session in revoked {
                    self.send_to(session, protocol::permission_denied(&reason));
                    self.drop_member(session, Close::new(CloseCode::Revoked, reason.clone()));
                }
            }
            _ => {}
        }
    }
}

impl Handler<CatchUp> for Room {
    type Result = AtomicResponse<Self, ()>;

    fn handle(&mut self, _: CatchUp, _: &mut Context<Self>) -> Self::Result {
        let bus = self.collab.bus.clone();
        let key = self.key.clone();
        let from = self.last_id;
        let read = async move { storage::read_tail(bus.as_ref(), &key, from).await };
        AtomicResponse::new(Box::pin(read.into_actor(self).map(|result, room, ctx| {
            room.catch_up_pending = false;
            match result {
                Ok(Tail { base, entries }) => {
                    if let Some((id, state)) = base {
                        let before = room.doc.transact().state_vector();
                        if room.apply(&state).is_ok() {
                            let missing = room.doc.transact().encode_state_as_update_v1(&before);
                            room.broadcast(&protocol::update(&missing), None);
                            room.last_id = room.last_id.max(id);
                        }
                    }
                    for entry in entries {
                        room.apply_remote(entry, ctx);
                        if !room.ready {
                            break;
                        }
                    }
                }
                Err(error) => tracing::warn!(doc = %room.key, "catch-up failed: {error:#}"),
            }
        })))
    }
}

impl Handler<SnapshotDue> for Room {
    type Result = AtomicResponse<Self, ()>;

    fn handle(&mut self, _: SnapshotDue, _: &mut Context<Self>) -> Self::Result {
        AtomicResponse::new(Box::pin(self.snapshot(None, None, false).map(
            |result, room, _| {
                if let Err(error) = result {
                    tracing::error!(doc = %room.key, "snapshot failed: {error:#}");
                    // Try again one interval later, not on every tick.
                    room.last_snapshot = Instant::now();
                }
            },
        )))
    }
}

impl Handler<GetContent> for Room {
    type Result = Result<DocContent, RoomError>;

    fn handle(&mut self, _: GetContent, _: &mut Context<Self>) -> Self::Result {
        if !self.ready {
            return Err(RoomError::Unavailable(self.key.clone()));
        }
        Ok(content::read(&self.doc))
    }
}

impl Handler<SaveVersion> for Room {
    type Result = AtomicResponse<Self, Result<VersionMeta, RoomError>>;

    fn handle(&mut self, save: SaveVersion, _: &mut Context<Self>) -> Self::Result {
        AtomicResponse::new(Box::pin(self.snapshot(save.name, Some(save.by), true).map(
            |result, _, _| match result {
                Ok(Stored::Version(meta)) => Ok(meta),
                Ok(_) => Err(RoomError::Storage(anyhow::anyhow!("nothing was stored"))),
                Err(error) => Err(RoomError::Storage(error)),
            },
        )))
    }
}

impl Handler<Restore> for Room {
    type Result = AtomicResponse<Self, Result<bool, RoomError>>;

    fn handle(&mut self, restore: Restore, ctx: &mut Context<Self>) -> Self::Result {
        let target = Doc::new();
        let loaded = protocol::decode_update(&restore.state)
            .map_err(anyhow::Error::from)
            .and_then(|update| Ok(target.transact_mut().apply_update(update)?));
        if let Err(error) = loaded {
            return AtomicResponse::new(Box::pin(actix::fut::ready(Err(RoomError::Storage(
                error,
            )))));
        }
        let doc = &self.doc;
        let edit = match unwind_guard(|| content::restore_edit(doc, &target)) {
            Ok(Some(edit)) => edit,
            Ok(None) => return AtomicResponse::new(Box::pin(actix::fut::ready(Ok(false)))),
            Err(Panicked) => {
                self.fail(ctx);
                let error = RoomError::Storage(anyhow::anyhow!("restoring panicked"));
                return AtomicResponse::new(Box::pin(actix::fut::ready(Err(error))));
            }
        };
        let published = self.publish(Bytes::from(edit), restore.by, None);
        AtomicResponse::new(Box::pin(
            published.map(|result, _, _| result.map(|()| true).map_err(RoomError::Storage)),
        ))
    }
}

impl Handler<Shutdown> for Room {
    type Result = AtomicResponse<Self, ()>;

    fn handle(&mut self, _: Shutdown, _: &mut Context<Self>) -> Self::Result {
        let sessions: Vec<SessionId> = self.members.keys().copied().collect();
        for session in sessions {
            self.drop_member(
                session,
                Close::new(CloseCode::Restarting, "the server is restarting; reconnect"),
            );
        }
        if !self.ready || self.dirty_since.is_none() {
            return AtomicResponse::new(Box::pin(
                actix::fut::ready(()).map(|_, _, ctx: &mut Context<Self>| ctx.stop()),
            ));
        }
        AtomicResponse::new(Box::pin(self.snapshot(None, None, false).map(
            |result, room, ctx| {
                if let Err(error) = result {
                    tracing::error!(doc = %room.key, "snapshot at shutdown failed: {error:#}");
                }
                ctx.stop();
            },
        )))
    }
}
