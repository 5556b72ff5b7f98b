//! The room's state machine, without IO (the y-sweet split): it owns the document, the
//! members and their queues, the presence table and the stream position, takes what happens
//! (a join, a frame, an entry from another instance, the answer of an append or a catch-up)
//! and returns the [`Effect`]s the actor must carry out. Frames to members are queued here
//! directly (`try_send` never waits); everything that waits is an effect.
//!
//! The ordering rules live in [`RoomCore::on_entry`] and [`RoomCore::appended`]: an entry at
//! or below the last applied id is ignored; one whose predecessor was applied is applied
//! (and skipped if it is this room's own, already applied when sent); one after a gap makes
//! the room catch up from the stream.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use yrs::{Doc, ReadTxn, StateVector, Transact};

use crate::collab::awareness::{AwarenessError, AwarenessTable, PresenceUser, SessionId};
use crate::collab::bus::{Appended, Entry, Event, now_ms};
use crate::collab::close::{Close, CloseCode, SessionControl};
use crate::collab::content::{self, DocContent};
use crate::collab::limits::TokenBucket;
use crate::collab::liveness::instance_of;
use crate::collab::memo_schema;
use crate::collab::metrics::CollabMetrics;
use crate::collab::outbox::{Answer, Outbox, Refused};
use crate::collab::protocol::{self, ClientMessage};
use crate::collab::storage::{Loaded, SnapshotRequest, Tail};
use crate::collab::stream_id::StreamId;

/// Where the room is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading the document from storage; joins wait in the mailbox.
    Loading,
    Serving,
    /// Empty, storing its last snapshot before it stops.
    Closing,
    /// The document may hold what the stream does not: the room stops and the next join
    /// loads it again.
    Failed,
}

/// What the actor must do for the core.
#[derive(Debug)]
pub enum Effect {
    /// Append an update already applied to the document, then hand the outcome to
    /// [`RoomCore::appended`]. Nothing else may happen in the room meanwhile (order).
    Append {
        update: Bytes,
        user: String,
        except: Option<SessionId>,
        received: Instant,
    },
    /// Read the stream after [`RoomCore::last_id`] and hand it to [`RoomCore::caught_up`].
    CatchUp,
    /// Tell the rooms of this document on other instances.
    Share(Event),
    /// Stop the room (it failed; the next join loads the document again).
    Stop,
}

pub struct Limits {
    pub max_document_bytes: usize,
    /// Bytes of updates one user may add while the room is open, so that no participant
    /// alone can fill a shared document (and make it read-only for everyone).
    pub max_user_bytes: usize,
    pub max_connections: usize,
    /// Bytes of answers (step 2s, presence tables) a session may ask for per second, and in
    /// a burst: a step 1 costs what its answer weighs, not one message.
    pub answer_bytes_per_second: f64,
    pub answer_burst_bytes: f64,
}

pub struct Member {
    pub user: PresenceUser,
    pub outbox: Arc<Outbox>,
    pub control: Arc<SessionControl>,
}

/// A member and what its answers have cost.
struct Joined {
    member: Member,
    answers: TokenBucket,
}

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("invalid update: {0}")]
    Invalid(String),
    #[error("applying the update panicked")]
    Panicked,
}

/// `yrs` panicked on some input.
pub struct Panicked;

/// Runs `f` on the document, catching a panic: `yrs` can panic on some malformed input, and
/// that must not take the arbiter thread (and every room on it) down. After one, the
/// document may be half-updated: the room fails and reloads from storage.
pub fn unwind_guard<T>(f: impl FnOnce() -> T) -> Result<T, Panicked> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| Panicked)
}

pub struct RoomCore {
    key: String,
    /// Unique per room (`{instance}.{room}`); marks this room's stream entries and events.
    incarnation: String,
    limits: Limits,
    /// Whether other instances may host this document (then the stream is checked).
    shared: bool,
    metrics: CollabMetrics,
    doc: Doc,
    phase: Phase,
    members: HashMap<SessionId, Joined>,
    awareness: AwarenessTable,
    /// The newest stream entry applied to `doc`.
    last_id: StreamId,
    /// Approximate document size: loaded state plus updates since.
    size: usize,
    dirty_since: Option<Instant>,
    contributors: BTreeSet<String>,
    /// Bytes of updates each user added through this room (never reset while it is open: a
    /// snapshot measures the document again, but what a user added stays theirs).
    added_by: HashMap<String, usize>,
    catch_up_pending: bool,
    /// A resync came while a catch-up was in flight (its read may predate the new
    /// subscription): read again once it is done.
    catch_up_again: bool,
    /// A snapshot is being stored (off the mailbox): edits since its request are tracked
    /// apart, so they stay dirty when it is stored.
    snapshotting: bool,
    /// When the first edit after the pending snapshot's request came, and whose edits.
    dirty_after_request: Option<(Instant, BTreeSet<String>)>,
}

type Effects = Vec<Effect>;

impl RoomCore {
    pub fn new(
        key: String,
        incarnation: String,
        limits: Limits,
        shared: bool,
        metrics: CollabMetrics,
    ) -> Self {
        Self {
            key,
            incarnation,
            limits,
            shared,
            metrics,
            doc: Doc::new(),
            phase: Phase::Loading,
            members: HashMap::new(),
            awareness: AwarenessTable::default(),
            last_id: StreamId::ZERO,
            size: 0,
            dirty_since: None,
            contributors: BTreeSet::new(),
            added_by: HashMap::new(),
            catch_up_pending: false,
            catch_up_again: false,
            snapshotting: false,
            dirty_after_request: None,
        }
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn incarnation(&self) -> &str {
        &self.incarnation
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    pub fn last_id(&self) -> StreamId {
        self.last_id
    }

    pub fn dirty_since(&self) -> Option<Instant> {
        self.dirty_since
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn is_serving(&self) -> bool {
        matches!(self.phase, Phase::Serving | Phase::Closing)
    }

    /// Whether a periodic stream check is worth making.
    pub fn wants_stream_check(&self) -> bool {
        self.shared && self.phase == Phase::Serving && !self.catch_up_pending
    }

    /// The document as loaded from storage.
    pub fn install(&mut self, loaded: Loaded) -> Result<(), ApplyError> {
        if let Some(state) = &loaded.base {
            self.apply(state)?;
            self.size = state.len();
        }
        self.last_id = loaded.base_id;
        for entry in loaded.entries {
            self.apply(&entry.update)?;
            self.mark_dirty(&entry.user, entry.update.len());
            self.last_id = entry.id;
        }
        self.phase = Phase::Serving;
        Ok(())
    }

    /// Applies a v1 update.
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

    fn mark_dirty(&mut self, user: &str, bytes: usize) {
        self.size += bytes;
        self.contributors.insert(user.to_owned());
        self.dirty_since.get_or_insert_with(Instant::now);
        if self.snapshotting {
            let (_, users) = self
                .dirty_after_request
                .get_or_insert_with(|| (Instant::now(), BTreeSet::new()));
            users.insert(user.to_owned());
        }
    }

    /// The document holds something the stream does not (a panic while applying, a failed
    /// append): close everyone and stop, so the next join reloads it.
    pub fn fail(&mut self) -> Effects {
        tracing::error!(doc = %self.key, "the room's document is unreliable; reloading the room");
        self.phase = Phase::Failed;
        let close = Close::new(
            CloseCode::ServerError,
            "the document must reload; reconnect",
        );
        let mut effects = self.close_all(&close);
        effects.push(Effect::Stop);
        effects
    }

    /// Closes every member with `close` (a restart, a stop); their presence is removed
    /// everywhere.
    pub fn close_all(&mut self, close: &Close) -> Effects {
        let mut effects = Vec::new();
        let sessions: Vec<SessionId> = self.members.keys().copied().collect();
        for session in sessions {
            self.drop_member(session, close.clone(), &mut effects);
        }
        effects
    }

    // ---- members ---------------------------------------------------------------------------

    /// A session joins: it gets the server's step 1 and every known presence state.
    pub fn join(&mut self, session: SessionId, member: Member) -> Result<Effects, Close> {
        if !self.is_serving() {
            return Err(Close::new(
                CloseCode::ServerError,
                "the document is unavailable",
            ));
        }
        if self.members.len() >= self.limits.max_connections {
            return Err(Close::new(
                CloseCode::RoomFull,
                "this document has too many connections",
            ));
        }
        let step1 = protocol::sync_step1(self.doc.transact().state_vector());
        let presence = self.awareness.all().map(protocol::awareness);
        let answers = TokenBucket::new(
            self.limits.answer_bytes_per_second,
            self.limits.answer_burst_bytes,
            Instant::now(),
        );
        self.members.insert(session, Joined { member, answers });
        let mut effects = Vec::new();
        self.send_to(session, step1, &mut effects);
        if let Some(frame) = presence {
            self.send_to(session, frame, &mut effects);
        }
        if self.shared {
            effects.push(Effect::Share(Event::AwarenessQuery {
                doc: self.key.clone(),
                origin: self.incarnation.clone(),
            }));
        }
        Ok(effects)
    }

    pub fn leave(&mut self, session: SessionId) -> Effects {
        let mut effects = Vec::new();
        self.forget_member(session, &mut effects);
        effects
    }

    /// Queues `frame` for every member but `except`. A member whose queue is full is a slow
    /// consumer and is closed; one whose queue is closed has left (its `Leave` is on the way)
    /// and is forgotten quietly.
    fn broadcast(&mut self, frame: &Bytes, except: Option<SessionId>, effects: &mut Effects) {
        let mut undeliverable = Vec::new();
        for (id, joined) in &self.members {
            if Some(*id) == except {
                continue;
            }
            if let Err(refused) = joined.member.outbox.push(frame.clone()) {
                undeliverable.push((*id, refused == Refused::Full));
            }
        }
        for (id, full) in undeliverable {
            self.undeliverable(id, full, effects);
        }
    }

    fn send_to(&mut self, session: SessionId, frame: Bytes, effects: &mut Effects) {
        let failed = self
            .members
            .get(&session)
            .and_then(|joined| joined.member.outbox.push(frame).err());
        if let Some(refused) = failed {
            self.undeliverable(session, refused == Refused::Full, effects);
        }
    }

    /// Answers a request for the whole document (a step 1) or the presence table: coalesced
    /// while an answer of its kind is still queued (that answer and the frames after it
    /// hold everything a new one would), and charged by its size, so repeating a cheap
    /// request cannot make the room encode and queue the document over and over.
    fn answer(
        &mut self,
        session: SessionId,
        kind: Answer,
        encode: impl FnOnce(&Self) -> Option<Bytes>,
        effects: &mut Effects,
    ) {
        let pending = match self.members.get(&session) {
            Some(joined) => joined.member.outbox.answer_pending(kind),
            None => return,
        };
        if pending {
            self.metrics.coalesced_answers.inc();
            return;
        }
        let Some(frame) = encode(self) else { return };
        let Some(joined) = self.members.get_mut(&session) else {
            return;
        };
        if !joined.answers.take_n(frame.len() as f64, Instant::now()) {
            let close = Close::new(
                CloseCode::RateLimited,
                "the document was requested too often",
            );
            return self.drop_member(session, close, effects);
        }
        if let Err(Refused::Closed) = joined.member.outbox.push_answer(kind, frame) {
            self.forget_member(session, effects);
        }
    }

    fn undeliverable(&mut self, session: SessionId, full: bool, effects: &mut Effects) {
        if full {
            let close = Close::new(CloseCode::SlowConsumer, "fell too far behind; reconnect");
            self.drop_member(session, close, effects);
        } else {
            self.forget_member(session, effects);
        }
    }

    /// Closes a member's socket with `close` and forgets it.
    fn drop_member(&mut self, session: SessionId, close: Close, effects: &mut Effects) {
        if let Some(Joined { member, .. }) = self.members.get(&session) {
            // Refusals count as rejected frames; ends the connection did not cause do not.
            let refused = !matches!(
                close.code,
                CloseCode::Revoked | CloseCode::ServerError | CloseCode::Restarting
            );
            if refused {
                self.metrics.reject(close.code.label());
                tracing::warn!(doc = %self.key, user = %member.user.id, code = close.code.code(),
                    reason = %close.reason, "closing a connection");
            }
            member.control.close(close);
        }
        self.forget_member(session, effects);
    }

    fn forget_member(&mut self, session: SessionId, effects: &mut Effects) {
        if self.members.remove(&session).is_none() {
            return;
        }
        if let Some(removal) = self.awareness.remove_session(session) {
            let frame = protocol::awareness(removal);
            self.broadcast(&frame, None, effects);
            self.share_awareness(frame, effects);
        }
    }

    fn share_awareness(&self, frame: Bytes, effects: &mut Effects) {
        if self.shared {
            effects.push(Effect::Share(Event::Awareness {
                doc: self.key.clone(),
                origin: self.incarnation.clone(),
                update: frame,
            }));
        }
    }

    /// Drops the presence of clients whose instance fell silent (crashed or cut off), so
    /// their ids are free for the clients themselves when they reconnect here.
    pub fn expire_silent(&mut self, silent: &dyn Fn(&str) -> bool) -> Effects {
        let mut effects = Vec::new();
        if let Some(removal) = self.awareness.remove_silent(silent) {
            self.broadcast(&protocol::awareness(removal), None, &mut effects);
        }
        effects
    }

    // ---- what sessions send ------------------------------------------------------------------

    /// A message from `session` of `user`. An update is applied even when its session left
    /// before the room got to it (a student who closes the tab right after typing).
    pub fn inbound(&mut self, session: SessionId, user: &str, message: ClientMessage) -> Effects {
        let mut effects = Vec::new();
        if !self.members.contains_key(&session) {
            if let ClientMessage::Update { raw } = message {
                self.accept_update(raw, user, None, &mut effects);
            }
            return effects;
        }
        match message {
            ClientMessage::SyncStep1(state_vector) => {
                let encode = |core: &Self| {
                    let missing = core.doc.transact().encode_state_as_update_v1(&state_vector);
                    Some(protocol::sync_step2(missing))
                };
                self.answer(session, Answer::Sync, encode, &mut effects);
            }
            ClientMessage::Update { raw } => {
                self.accept_update(raw, user, Some(session), &mut effects)
            }
            ClientMessage::Awareness(update) => {
                self.accept_awareness(session, update, &mut effects);
            }
            ClientMessage::QueryAwareness => {
                let encode = |core: &Self| core.awareness.all().map(protocol::awareness);
                self.answer(session, Answer::Presence, encode, &mut effects);
            }
            // Dropped by the session gate; nothing to do if one arrives.
            ClientMessage::Auth => {}
        }
        effects
    }

    /// Applies an update, then asks for it to be appended (and relayed once it is).
    fn accept_update(
        &mut self,
        raw: Bytes,
        user: &str,
        sender: Option<SessionId>,
        effects: &mut Effects,
    ) {
        // An empty update (nothing we lack, typically a step-2 answer) changes nothing.
        if raw.len() <= 2 && raw.iter().all(|b| *b == 0) {
            return;
        }
        if self.size + raw.len() > self.limits.max_document_bytes {
            let close = Close::new(CloseCode::DocumentTooLarge, "the document is full");
            return self.refuse(sender, user, close, effects);
        }
        let added = self.added_by.get(user).copied().unwrap_or_default();
        if added + raw.len() > self.limits.max_user_bytes {
            let close = Close::new(
                CloseCode::DocumentTooLarge,
                "you have added as much to this document as one person may",
            );
            return self.refuse(sender, user, close, effects);
        }
        if let Err(error) = memo_schema::check_update_from(&raw, user) {
            let close = Close::new(CloseCode::Malformed, format!("update rejected: {error}"));
            return self.refuse(sender, user, close, effects);
        }
        let received = Instant::now();
        match self.apply(&raw) {
            Ok(()) => {}
            Err(ApplyError::Panicked) => return effects.extend(self.fail()),
            Err(error) => {
                let close = Close::new(CloseCode::Malformed, format!("update rejected: {error}"));
                return self.refuse(sender, user, close, effects);
            }
        }
        // An update whose dependencies the room lacks waits inside yrs (a client may type
        // before its sync step 2 arrives). yrs merges such pending parts into every full
        // encode, and panics when it cannot: then the room reloads without this update, which
        // was never appended (found by fuzzing, fuzz/regressions/).
        if self.doc.transact().has_missing_updates() {
            let doc = &self.doc;
            let merged = unwind_guard(|| {
                let txn = doc.transact();
                txn.encode_state_as_update_v1(&txn.state_vector())
            });
            if merged.is_err() {
                tracing::warn!(doc = %self.key, %user, "an update that cannot be merged; reloading");
                return effects.extend(self.fail());
            }
        }
        self.mark_dirty(user, raw.len());
        *self.added_by.entry(user.to_owned()).or_default() += raw.len();
        effects.push(Effect::Append {
            update: raw,
            user: user.to_owned(),
            except: sender,
            received,
        });
    }

    /// Closes `sender` with `close`; a sender that already left only gets a log line.
    fn refuse(
        &mut self,
        sender: Option<SessionId>,
        user: &str,
        close: Close,
        effects: &mut Effects,
    ) {
        match sender {
            Some(session) => self.drop_member(session, close, effects),
            None => {
                self.metrics.reject(close.code.label());
                tracing::warn!(doc = %self.key, user, code = close.code.code(),
                    reason = %close.reason, "refused an update from a connection that left");
            }
        }
    }

    fn accept_awareness(
        &mut self,
        session: SessionId,
        update: yrs::sync::AwarenessUpdate,
        effects: &mut Effects,
    ) {
        let Some(user) = self.members.get(&session).map(|j| j.member.user.clone()) else {
            return;
        };
        match self.awareness.apply(session, &user, update) {
            Ok(applied) => {
                if let Some(reply) = applied.reply {
                    self.send_to(session, protocol::awareness(reply), effects);
                }
                if !applied.accepted.clients.is_empty() {
                    let frame = protocol::awareness(applied.accepted);
                    self.broadcast(&frame, Some(session), effects);
                    self.share_awareness(frame, effects);
                }
            }
            Err(error @ (AwarenessError::NotAnObject(_) | AwarenessError::TooLarge(_))) => {
                let close = Close::new(CloseCode::Malformed, error.to_string());
                self.drop_member(session, close, effects);
            }
            Err(error) => {
                let close = Close::new(CloseCode::AwarenessSpoof, error.to_string());
                self.drop_member(session, close, effects);
            }
        }
    }

    // ---- the stream ---------------------------------------------------------------------------

    /// The outcome of an [`Effect::Append`]: relay the edit, or fail the room (the document
    /// holds an edit the stream does not; clients still hold theirs and send it again).
    pub fn appended(
        &mut self,
        result: anyhow::Result<Appended>,
        update: &Bytes,
        except: Option<SessionId>,
        received: Instant,
    ) -> Effects {
        let mut effects = Vec::new();
        match result {
            Ok(appended) => {
                if appended.prev <= self.last_id {
                    self.last_id = self.last_id.max(appended.id);
                } else {
                    // Entries from elsewhere landed before ours: fetch them.
                    self.request_catch_up(&mut effects);
                }
                self.broadcast(&protocol::update(update), except, &mut effects);
                self.metrics
                    .fanout_seconds
                    .observe(received.elapsed().as_secs_f64());
            }
            Err(error) => {
                tracing::error!(doc = %self.key, "could not append an edit: {error:#}");
                effects.extend(self.fail());
            }
        }
        effects
    }

    fn request_catch_up(&mut self, effects: &mut Effects) {
        if self.shared && !self.catch_up_pending {
            self.catch_up_pending = true;
            effects.push(Effect::CatchUp);
        }
    }

    /// An entry announced by the bus, with its predecessor's id.
    fn on_entry(&mut self, entry: Entry, prev: StreamId, effects: &mut Effects) {
        if entry.id <= self.last_id {
            return;
        }
        if prev <= self.last_id {
            self.apply_entry(entry, effects);
        } else {
            self.request_catch_up(effects);
        }
    }

    /// Applies an entry from the stream that follows what we hold and passes it on; our own
    /// entries were applied when they were sent.
    fn apply_entry(&mut self, entry: Entry, effects: &mut Effects) {
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
            Err(ApplyError::Panicked) => return effects.extend(self.fail()),
            Err(error) => {
                tracing::error!(doc = %self.key, id = %entry.id, "skipping an unreadable stream entry: {error}");
                return;
            }
        }
        self.mark_dirty(&entry.user, entry.update.len());
        let lag_ms = now_ms().saturating_sub(entry.sent_at_ms);
        self.metrics
            .stream_lag_seconds
            .observe(lag_ms as f64 / 1000.0);
        self.broadcast(&protocol::update(&entry.update), None, effects);
        self.metrics
            .fanout_seconds
            .observe(started.elapsed().as_secs_f64());
    }

    /// The outcome of an [`Effect::CatchUp`].
    pub fn caught_up(&mut self, result: anyhow::Result<Tail>) -> Effects {
        self.catch_up_pending = false;
        let mut effects = Vec::new();
        let Tail { base, entries } = match result {
            Ok(tail) => tail,
            Err(error) => {
                tracing::warn!(doc = %self.key, "catch-up failed: {error:#}");
                self.catch_up_again = false;
                return effects;
            }
        };
        if let Some((id, state)) = base {
            // A snapshot trimmed the stream past us: merge the cached state.
            let before = self.doc.transact().state_vector();
            if self.apply(&state).is_ok() {
                let missing = self.doc.transact().encode_state_as_update_v1(&before);
                self.broadcast(&protocol::update(&missing), None, &mut effects);
                self.last_id = self.last_id.max(id);
            }
        }
        for entry in entries {
            self.apply_entry(entry, &mut effects);
            if self.phase == Phase::Failed {
                break;
            }
        }
        if std::mem::take(&mut self.catch_up_again) && self.phase != Phase::Failed {
            self.request_catch_up(&mut effects);
        }
        effects
    }

    /// The stream's newest id, from the periodic check: behind it, catch up.
    pub fn stream_head(&mut self, last: StreamId) -> Effects {
        let mut effects = Vec::new();
        if last > self.last_id {
            self.request_catch_up(&mut effects);
        }
        effects
    }

    /// An event from the bus.
    pub fn remote(&mut self, event: Event) -> Effects {
        let mut effects = Vec::new();
        if !self.is_serving() {
            return effects;
        }
        match event {
            Event::Update { entry, prev, .. } => self.on_entry(entry, prev, &mut effects),
            Event::Awareness { origin, update, .. } if origin != self.incarnation => {
                if let Ok(ClientMessage::Awareness(update)) = protocol::decode(&update) {
                    let instance: Arc<str> = Arc::from(instance_of(&origin));
                    let fresh = self.awareness.apply_remote(&instance, update);
                    if !fresh.clients.is_empty() {
                        self.broadcast(&protocol::awareness(fresh), None, &mut effects);
                    }
                }
            }
            Event::AwarenessQuery { origin, .. } if origin != self.incarnation => {
                if let Some(local) = self.awareness.local() {
                    self.share_awareness(protocol::awareness(local), &mut effects);
                }
            }
            // The bus listens again after losing its subscriptions: read what was missed.
            Event::Resync if self.catch_up_pending => self.catch_up_again = true,
            Event::Resync => self.request_catch_up(&mut effects),
            Event::Revoke { user, reason, .. } => {
                let revoked: Vec<SessionId> = self
                    .members
                    .iter()
                    .filter(|(_, j)| user.as_deref().is_none_or(|u| u == j.member.user.id))
                    .map(|(id, _)| *id)
                    .collect();
                for session in revoked {
                    self.send_to(session, protocol::permission_denied(&reason), &mut effects);
                    let close = Close::new(CloseCode::Revoked, reason.clone());
                    self.drop_member(session, close, &mut effects);
                }
            }
            _ => {}
        }
        effects
    }

    // ---- content, versions -------------------------------------------------------------------

    pub fn content(&self) -> Option<DocContent> {
        self.is_serving().then(|| content::read(&self.doc))
    }

    /// The whole document as a v1 update, once loaded.
    pub fn state(&self) -> Option<Vec<u8>> {
        self.is_serving().then(|| {
            self.doc
                .transact()
                .encode_state_as_update_v1(&StateVector::default())
        })
    }

    /// Makes the document equal to `target` through one new edit (none when it already is).
    pub fn restore(&mut self, target: &Doc, by: &str) -> Effects {
        let doc = &self.doc;
        match unwind_guard(|| content::restore_edit(doc, target)) {
            Ok(Some(edit)) => {
                let edit = Bytes::from(edit);
                self.mark_dirty(by, edit.len());
                vec![Effect::Append {
                    update: edit,
                    user: by.to_owned(),
                    except: None,
                    received: Instant::now(),
                }]
            }
            Ok(None) => Vec::new(),
            Err(Panicked) => self.fail(),
        }
    }

    /// The current state, to store as a version. Its size becomes the document's size from
    /// now on: between snapshots the size only grows by the updates applied (an estimate), and
    /// content deleted meanwhile would otherwise count until the room reloads. The room keeps
    /// serving while it is stored: edits from now on count as dirty apart
    /// ([`Self::snapshot_stored`]). One snapshot at a time.
    pub fn snapshot_request(
        &mut self,
        name: Option<String>,
        by: Option<String>,
        forced: bool,
    ) -> SnapshotRequest {
        debug_assert!(!self.snapshotting, "one snapshot at a time");
        let mut contributors = self.contributors.clone();
        contributors.extend(by);
        let state = self
            .doc
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        self.size = state.len();
        self.snapshotting = true;
        self.dirty_after_request = None;
        SnapshotRequest {
            name,
            contributors,
            stream_id: self.last_id,
            state,
            forced,
        }
    }

    /// Whether a snapshot is being stored.
    pub fn is_snapshotting(&self) -> bool {
        self.snapshotting
    }

    /// The requested snapshot is stored (or history already held it): the document is dirty
    /// only by the edits since the request.
    pub fn snapshot_stored(&mut self) {
        self.snapshotting = false;
        match self.dirty_after_request.take() {
            Some((since, users)) => {
                self.dirty_since = Some(since);
                self.contributors = users;
            }
            None => {
                self.dirty_since = None;
                self.contributors.clear();
            }
        }
    }

    /// The requested snapshot was not stored (failed, or another instance held the lock):
    /// everything stays dirty.
    pub fn snapshot_not_stored(&mut self) {
        self.snapshotting = false;
        self.dirty_after_request = None;
    }

    /// The final snapshot of an empty room starts (`true`) or ended (`false`).
    pub fn set_closing(&mut self, closing: bool) {
        if self.is_serving() {
            self.phase = if closing {
                Phase::Closing
            } else {
                Phase::Serving
            };
        }
    }
}

#[cfg(test)]
mod tests;
