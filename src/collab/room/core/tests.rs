//! The room's rules, without sockets, actors or Redis.

use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use proptest::prelude::*;
use yrs::updates::decoder::Decode;
use yrs::{Doc, GetString, ReadTxn, Text, Transact, Update};

use super::*;
use crate::collab::bus::{Appended, Entry, Event};
use crate::collab::close::{CloseCode, SessionControl};
use crate::collab::outbox::{Outbox, OutboxLimits};
use crate::collab::storage::{Loaded, Tail};
use crate::collab::stream_id::StreamId;

fn metrics() -> CollabMetrics {
    CollabMetrics::register(&prometheus::Registry::new()).unwrap()
}

fn core_named(incarnation: &str, max_document_bytes: usize) -> RoomCore {
    let limits = Limits {
        max_document_bytes,
        // The per-user share has its own test.
        max_user_bytes: usize::MAX,
        max_connections: 10,
        answer_bytes_per_second: 1e9,
        answer_burst_bytes: 1e9,
    };
    let mut core = RoomCore::new(
        "video-1".into(),
        incarnation.into(),
        limits,
        true,
        metrics(),
    );
    install_empty(&mut core);
    core
}

/// Loads a new, empty document into `core`.
fn install_empty(core: &mut RoomCore) {
    let empty = Loaded {
        base: None,
        base_id: StreamId::ZERO,
        entries: Vec::new(),
    };
    assert!(core.install(empty).is_ok());
}

fn core() -> RoomCore {
    core_named("me.room", 1 << 20)
}

struct Client {
    outbox: Arc<Outbox>,
    control: Arc<SessionControl>,
}

fn outbox(frames: usize) -> Arc<Outbox> {
    Arc::new(Outbox::new(OutboxLimits {
        max_bytes: 1 << 20,
        max_frames: frames,
    }))
}

impl Client {
    fn frames(&mut self) -> Vec<Bytes> {
        self.outbox.take_frames()
    }

    fn close_code(&self) -> Option<CloseCode> {
        self.control.reason().map(|close| close.code)
    }
}

fn join(core: &mut RoomCore, session: SessionId, user: &str, queue: usize) -> Client {
    let outbox = outbox(queue);
    let control = Arc::new(SessionControl::default());
    let member = Member {
        user: PresenceUser::new(user.into(), user.into()),
        outbox: outbox.clone(),
        control: control.clone(),
    };
    core.join(session, member).ok().unwrap();
    let mut client = Client { outbox, control };
    client.frames(); // step 1 and presence
    client
}

/// A client-side edit: `text` appended to the memo of `doc`, as a v1 update.
fn edit(doc: &Doc, text: &str) -> Bytes {
    let memo = doc.get_or_insert_text("memo");
    let before = doc.transact().state_vector();
    {
        let mut txn = doc.transact_mut();
        let len = memo.len(&txn);
        memo.insert(&mut txn, len, text);
    }
    Bytes::from(doc.transact().encode_state_as_update_v1(&before))
}

fn entry(id: &str, origin: &str, update: Bytes) -> Entry {
    Entry {
        id: id.parse().unwrap(),
        origin: origin.into(),
        user: "u-bob".into(),
        sent_at_ms: 0,
        update,
    }
}

fn announced(id: &str, prev: &str, origin: &str, update: Bytes) -> Event {
    Event::Update {
        doc: "video-1".into(),
        entry: entry(id, origin, update),
        prev: prev.parse().unwrap(),
    }
}

fn memo(core: &RoomCore) -> String {
    core.content().unwrap().memo.text
}

fn catch_ups(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::CatchUp))
        .count()
}

#[test]
fn an_entry_after_a_gap_makes_the_room_catch_up_once() {
    let mut core = core();
    let elsewhere = Doc::new();
    let first = edit(&elsewhere, "a");
    let second = edit(&elsewhere, "b");
    let effects = core.remote(announced("1-2", "1-1", "other.room", second.clone()));
    assert_eq!(catch_ups(&effects), 1);
    assert_eq!(memo(&core), "", "nothing applied out of order");
    let again = core.remote(announced("1-3", "1-2", "other.room", edit(&elsewhere, "c")));
    assert_eq!(catch_ups(&again), 0, "a catch-up is already pending");
    core.caught_up(Ok(Tail {
        base: None,
        entries: vec![
            entry("1-1", "other.room", first),
            entry("1-2", "other.room", second),
        ],
    }));
    assert_eq!(memo(&core), "ab");
    assert_eq!(core.last_id().to_string(), "1-2");
}

#[test]
fn a_resync_makes_the_room_read_the_stream_even_if_nothing_looked_missing() {
    let mut core = core();
    let elsewhere = Doc::new();
    let missed = edit(&elsewhere, "missed");
    let effects = core.remote(Event::Resync);
    assert_eq!(catch_ups(&effects), 1);
    let effects = core.caught_up(Ok(Tail {
        base: None,
        entries: vec![entry("1-1", "other.room", missed)],
    }));
    assert_eq!(catch_ups(&effects), 0);
    assert_eq!(memo(&core), "missed");
}

#[test]
fn a_resync_during_a_catch_up_reads_again_after_it() {
    let mut core = core();
    let elsewhere = Doc::new();
    let first = edit(&elsewhere, "a");
    let second = edit(&elsewhere, "b");
    let effects = core.remote(announced("1-2", "1-1", "other.room", second.clone()));
    assert_eq!(catch_ups(&effects), 1);
    // The subscription came back while that read was in flight: the read may predate it.
    assert_eq!(
        catch_ups(&core.remote(Event::Resync)),
        0,
        "one read at a time"
    );
    let effects = core.caught_up(Ok(Tail {
        base: None,
        entries: vec![entry("1-1", "other.room", first)],
    }));
    assert_eq!(catch_ups(&effects), 1, "read again");
    let effects = core.caught_up(Ok(Tail {
        base: None,
        entries: vec![entry("1-2", "other.room", second)],
    }));
    assert_eq!(catch_ups(&effects), 0);
    assert_eq!(memo(&core), "ab");
}

#[test]
fn the_rooms_own_entries_advance_it_without_being_applied_twice() {
    let mut core = core();
    let mut listener = join(&mut core, 1, "u-ada", 8);
    let own = edit(&Doc::new(), "mine");
    let effects = core.remote(announced("1-1", "0-0", "me.room", own));
    assert!(effects.is_empty());
    assert_eq!(core.last_id().to_string(), "1-1");
    assert!(listener.frames().is_empty(), "not relayed again");
    assert_eq!(memo(&core), "", "skipped: it was applied when it was sent");
}

#[test]
fn a_stale_entry_is_ignored() {
    let mut core = core();
    let elsewhere = Doc::new();
    core.remote(announced("1-1", "0-0", "other.room", edit(&elsewhere, "a")));
    let mut listener = join(&mut core, 1, "u-ada", 8);
    let effects = core.remote(announced("1-1", "0-0", "other.room", edit(&elsewhere, "b")));
    assert!(effects.is_empty());
    assert!(listener.frames().is_empty());
    assert_eq!(memo(&core), "a");
}

#[test]
fn a_full_outbox_closes_only_that_member() {
    let mut core = core();
    let mut slow = join(&mut core, 1, "u-slow", 1);
    let mut quick = join(&mut core, 2, "u-quick", 8);
    let elsewhere = Doc::new();
    core.remote(announced("1-1", "0-0", "other.room", edit(&elsewhere, "a")));
    core.remote(announced("1-2", "1-1", "other.room", edit(&elsewhere, "b")));
    assert_eq!(slow.close_code(), Some(CloseCode::SlowConsumer));
    assert_eq!(quick.close_code(), None);
    assert_eq!(quick.frames().len(), 2);
    assert_eq!(slow.frames().len(), 1, "what fitted was queued");
}

#[test]
fn a_member_whose_queue_closed_is_forgotten_without_a_close() {
    let mut core = core();
    let gone = join(&mut core, 1, "u-gone", 8);
    gone.outbox.end(None);
    core.remote(announced(
        "1-1",
        "0-0",
        "other.room",
        edit(&Doc::new(), "a"),
    ));
    assert_eq!(
        gone.control.reason().map(|c| c.code),
        None,
        "not a slow consumer"
    );
    assert!(core.is_empty());
}

#[test]
fn an_update_that_would_overfill_the_document_is_refused() {
    let mut core = core_named("me.room", 64);
    let writer = join(&mut core, 1, "u-ada", 8);
    let big = edit(&Doc::new(), &"x".repeat(100));
    let effects = core.inbound(1, "u-ada", ClientMessage::Update { raw: big });
    assert!(effects.iter().all(|e| !matches!(e, Effect::Append { .. })));
    assert_eq!(writer.close_code(), Some(CloseCode::DocumentTooLarge));
    assert_eq!(memo(&core), "");
}

#[test]
fn one_user_cannot_fill_a_shared_document_alone() {
    let limits = Limits {
        max_document_bytes: 10_000,
        max_user_bytes: 5_000,
        max_connections: 10,
        answer_bytes_per_second: 1e9,
        answer_burst_bytes: 1e9,
    };
    let mut core = RoomCore::new("video-1".into(), "me.room".into(), limits, true, metrics());
    install_empty(&mut core);
    let flooder = join(&mut core, 1, "u-mallory", 8);
    let _writer = join(&mut core, 2, "u-ada", 8);
    let mallory = Doc::new();
    let first = edit(&mallory, &"x".repeat(4_000));
    let effects = core.inbound(1, "u-mallory", ClientMessage::Update { raw: first });
    assert!(effects.iter().any(|e| matches!(e, Effect::Append { .. })));
    let second = edit(&mallory, &"x".repeat(2_000));
    let refused = core.inbound(1, "u-mallory", ClientMessage::Update { raw: second });
    assert!(refused.iter().all(|e| !matches!(e, Effect::Append { .. })));
    assert_eq!(flooder.close_code(), Some(CloseCode::DocumentTooLarge));
    // A snapshot measures the document again, but what Mallory added still counts as theirs.
    let _ = core.snapshot_request(None, None, false);
    let _again = join(&mut core, 3, "u-mallory", 8);
    let third = edit(&mallory, &"x".repeat(2_000));
    let refused = core.inbound(3, "u-mallory", ClientMessage::Update { raw: third });
    assert!(refused.iter().all(|e| !matches!(e, Effect::Append { .. })));
    // The others still have room to write.
    let ada = edit(&Doc::new(), &"y".repeat(3_000));
    let effects = core.inbound(2, "u-ada", ClientMessage::Update { raw: ada });
    assert!(effects.iter().any(|e| matches!(e, Effect::Append { .. })));
}

#[test]
fn the_size_is_measured_again_at_each_snapshot_so_deleted_content_stops_counting() {
    let mut core = core_named("me.room", 10_000);
    let first = join(&mut core, 1, "u-ada", 8);
    let client = Doc::new();
    let filled = edit(&client, &"x".repeat(6_000));
    core.inbound(1, "u-ada", ClientMessage::Update { raw: filled });
    let memo_text = client.get_or_insert_text("memo");
    let before = client.transact().state_vector();
    {
        let mut txn = client.transact_mut();
        let len = memo_text.len(&txn);
        memo_text.remove_range(&mut txn, 0, len);
    }
    let cleared = Bytes::from(client.transact().encode_state_as_update_v1(&before));
    core.inbound(1, "u-ada", ClientMessage::Update { raw: cleared });
    assert_eq!(memo(&core), "");
    // Until a snapshot, the deleted 6,000 bytes still count: 5,000 more overfill it.
    let more = edit(&client, &"y".repeat(5_000));
    let refused = core.inbound(1, "u-ada", ClientMessage::Update { raw: more.clone() });
    assert!(refused.iter().all(|e| !matches!(e, Effect::Append { .. })));
    assert_eq!(first.close_code(), Some(CloseCode::DocumentTooLarge));
    // A snapshot measures the document again.
    let request = core.snapshot_request(None, None, false);
    assert!(request.state.len() < 1_000, "deleted text is not kept");
    let _second = join(&mut core, 2, "u-ada", 8);
    let effects = core.inbound(2, "u-ada", ClientMessage::Update { raw: more });
    assert!(effects.iter().any(|e| matches!(e, Effect::Append { .. })));
    assert_eq!(memo(&core).len(), 5_000);
}

#[test]
fn an_update_from_a_session_that_left_is_still_applied_and_appended() {
    let mut core = core();
    let mut other = join(&mut core, 2, "u-bob", 8);
    let update = edit(&Doc::new(), "last words");
    let effects = core.inbound(
        1,
        "u-ada",
        ClientMessage::Update {
            raw: update.clone(),
        },
    );
    let [Effect::Append { except, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(*except, None);
    assert_eq!(memo(&core), "last words");
    // Relayed once durable.
    let appended = Appended {
        id: "1-1".parse().unwrap(),
        prev: StreamId::ZERO,
    };
    core.appended(Ok(appended), &update, None, Instant::now());
    assert_eq!(other.frames().len(), 1);
}

#[test]
fn a_failed_append_fails_the_room_and_closes_everyone_with_1011() {
    let mut core = core();
    let member = join(&mut core, 1, "u-ada", 8);
    let update = edit(&Doc::new(), "x");
    core.inbound(
        1,
        "u-ada",
        ClientMessage::Update {
            raw: update.clone(),
        },
    );
    let effects = core.appended(
        Err(anyhow::anyhow!("redis down")),
        &update,
        Some(1),
        Instant::now(),
    );
    assert!(effects.iter().any(|e| matches!(e, Effect::Stop)));
    assert_eq!(member.close_code(), Some(CloseCode::ServerError));
    assert_eq!(core.phase(), Phase::Failed);
    assert!(core.content().is_none());
}

#[test]
fn a_revocation_closes_only_that_users_sessions_telling_them_why_first() {
    let mut core = core();
    let mut ada = join(&mut core, 1, "u-ada", 8);
    let mut ada_phone = join(&mut core, 2, "u-ada", 8);
    let mut bob = join(&mut core, 3, "u-bob", 8);
    core.remote(Event::Revoke {
        user: Some("u-ada".into()),
        docs: vec!["video-1".into()],
        reason: "removed from the space".into(),
    });
    for client in [&mut ada, &mut ada_phone] {
        let frames = client.frames();
        assert_eq!(frames.len(), 1);
        assert_eq!(
            frames[0],
            protocol::permission_denied("removed from the space")
        );
        assert_eq!(client.close_code(), Some(CloseCode::Revoked));
    }
    assert_eq!(bob.close_code(), None);
    assert!(bob.frames().is_empty());
}

#[test]
fn a_restore_is_one_edit_or_none() {
    let mut core = core();
    let live = edit(&Doc::new(), "now");
    core.inbound(1, "u-ada", ClientMessage::Update { raw: live });
    let target = Doc::new();
    edit(&target, "before");
    let effects = core.restore(&target, "u-ada");
    assert!(matches!(
        effects.as_slice(),
        [Effect::Append { except: None, .. }]
    ));
    assert_eq!(memo(&core), "before");
    let same = core.restore(&target, "u-ada");
    assert!(same.is_empty(), "already equal: no edit");
}

#[test]
fn a_join_over_the_limit_is_refused_with_4007() {
    let limits = Limits {
        max_document_bytes: 1 << 20,
        max_user_bytes: 1 << 20,
        max_connections: 1,
        answer_bytes_per_second: 1e9,
        answer_burst_bytes: 1e9,
    };
    let mut core = RoomCore::new("video-1".into(), "me.room".into(), limits, false, metrics());
    // Receivers kept open: a member whose queue is closed counts as gone.
    let outbox = outbox(4);
    let member = |control| Member {
        user: PresenceUser::new("u".into(), "u".into()),
        outbox: outbox.clone(),
        control,
    };
    let refused = core.join(1, member(Arc::default())).unwrap_err();
    assert_eq!(refused.code, CloseCode::ServerError, "not loaded yet");
    install_empty(&mut core);
    assert!(core.join(1, member(Arc::default())).is_ok());
    assert_eq!(
        core.join(2, member(Arc::default())).unwrap_err().code,
        CloseCode::RoomFull
    );
}

/// What happens to two rooms of one document on two instances, in some order.
#[derive(Debug, Clone)]
enum Step {
    /// A client of room `0` or `1` types.
    Type(usize),
    /// The next announcement reaches room `n` (or is lost, when `false`).
    Announce(usize, bool),
    /// Room `n` runs its pending catch-up (or its periodic stream check).
    CatchUp(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..2usize).prop_map(Step::Type),
        (0..2usize, any::<bool>()).prop_map(|(n, delivered)| Step::Announce(n, delivered)),
        (0..2usize).prop_map(Step::CatchUp),
    ]
}

/// The shared stream, as the bus would keep it.
#[derive(Default)]
struct Stream {
    entries: Vec<Entry>,
}

impl Stream {
    fn append(&mut self, origin: &str, update: Bytes) -> Appended {
        let prev = self.entries.last().map_or(StreamId::ZERO, |e| e.id);
        let id: StreamId = format!("1-{}", self.entries.len() + 1).parse().unwrap();
        self.entries.push(Entry {
            id,
            origin: origin.into(),
            user: "u".into(),
            sent_at_ms: 0,
            update,
        });
        Appended { id, prev }
    }

    fn after(&self, from: StreamId) -> Vec<Entry> {
        self.entries
            .iter()
            .filter(|e| e.id > from)
            .cloned()
            .collect()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any interleaving of local edits, announcements (delivered, late or lost) and
    /// catch-ups converges: both rooms end with every edit, in the same order.
    #[test]
    fn any_interleaving_converges(steps in proptest::collection::vec(step(), 1..60)) {
        let names = ["a.room", "b.room"];
        let mut rooms = [core_named(names[0], 1 << 20), core_named(names[1], 1 << 20)];
        let writers = [Doc::new(), Doc::new()];
        let mut stream = Stream::default();
        // Announcements not yet delivered to each room: (entry, prev).
        let mut inbox: [Vec<(Entry, StreamId)>; 2] = [Vec::new(), Vec::new()];
        let mut typed = Vec::new();
        let mut pending = [false, false];
        for step in steps {
            match step {
                Step::Type(n) => {
                    let text = format!("<{}>", typed.len());
                    typed.push(text.clone());
                    let update = edit(&writers[n], &text);
                    let message = ClientMessage::Update { raw: update.clone() };
                    let effects = rooms[n].inbound(1, "u", message);
                    let appended = stream.append(names[n], update.clone());
                    let newest = stream.entries.last().unwrap();
                    for queue in &mut inbox {
                        queue.push((newest.clone(), appended.prev));
                    }
                    prop_assert_eq!(effects.len(), 1);
                    let effects = rooms[n].appended(Ok(appended), &update, None, Instant::now());
                    pending[n] |= catch_ups(&effects) > 0;
                }
                Step::Announce(n, delivered) => {
                    if inbox[n].is_empty() {
                        continue;
                    }
                    let (entry, prev) = inbox[n].remove(0);
                    if delivered {
                        let event = Event::Update { doc: "video-1".into(), entry, prev };
                        pending[n] |= catch_ups(&rooms[n].remote(event)) > 0;
                    }
                }
                Step::CatchUp(n) => {
                    if !pending[n] {
                        let head = stream.entries.last().map_or(StreamId::ZERO, |e| e.id);
                        pending[n] |= catch_ups(&rooms[n].stream_head(head)) > 0;
                    }
                    if pending[n] {
                        let tail = Tail { base: None, entries: stream.after(rooms[n].last_id()) };
                        pending[n] = catch_ups(&rooms[n].caught_up(Ok(tail))) > 0;
                    }
                }
            }
        }
        // Quiescence: the periodic check brings every room to the stream's head.
        let head = stream.entries.last().map_or(StreamId::ZERO, |e| e.id);
        for room in &mut rooms {
            if catch_ups(&room.stream_head(head)) > 0 || room.last_id() < head {
                let tail = Tail { base: None, entries: stream.after(room.last_id()) };
                room.caught_up(Ok(tail));
            }
        }
        let (a, b) = (memo(&rooms[0]), memo(&rooms[1]));
        prop_assert_eq!(&a, &b);
        for text in &typed {
            prop_assert!(a.contains(text.as_str()), "{} lacks {}", a, text);
        }
        // And it is what a client applying the whole stream sees.
        let reference = Doc::new();
        for entry in &stream.entries {
            let update = Update::decode_v1(&entry.update).unwrap();
            reference.transact_mut().apply_update(update).unwrap();
        }
        let text = reference.get_or_insert_text("memo");
        prop_assert_eq!(a, text.get_string(&reference.transact()));
    }
}

#[test]
fn edits_made_while_a_snapshot_is_stored_keep_the_room_dirty() {
    let mut core = core();
    let _ada = join(&mut core, 1, "u-ada", 8);
    let _bob = join(&mut core, 2, "u-bob", 8);
    let client = Doc::new();
    core.inbound(
        1,
        "u-ada",
        ClientMessage::Update {
            raw: edit(&client, "one "),
        },
    );
    let first = core.snapshot_request(None, None, false);
    assert!(core.is_snapshotting());
    assert_eq!(first.contributors, BTreeSet::from(["u-ada".to_owned()]));
    // The room serves on while it is stored.
    let effects = core.inbound(
        2,
        "u-bob",
        ClientMessage::Update {
            raw: edit(&client, "two"),
        },
    );
    assert!(effects.iter().any(|e| matches!(e, Effect::Append { .. })));
    core.snapshot_stored();
    assert!(!core.is_snapshotting());
    assert!(
        core.dirty_since().is_some(),
        "the later edit is still to be stored"
    );
    let second = core.snapshot_request(None, None, false);
    assert_eq!(second.contributors, BTreeSet::from(["u-bob".to_owned()]));
    assert!(second.state.len() > first.state.len());
    // A snapshot that was not stored leaves everything dirty, contributors included.
    core.snapshot_not_stored();
    assert!(core.dirty_since().is_some());
    let third = core.snapshot_request(None, None, false);
    assert_eq!(third.contributors, BTreeSet::from(["u-bob".to_owned()]));
    core.snapshot_stored();
    assert!(core.dirty_since().is_none());
}

/// The input on which `fuzz/fuzz_targets/room_frames.rs` crashed (2026-12-02): its updates
/// left the document with pending parts yrs could not merge, and the next full encode
/// panicked. Replayed the way the target does; the room must never panic, and while it
/// serves, its state must encode.
#[test]
fn the_fuzzers_unmergeable_pending_update_reloads_the_room_instead_of_panicking() {
    let input: &[u8] = include_bytes!("room_frames-unmergeable-pending.bin");
    // The target's document: some memo text and a stroke.
    let seed = Doc::new();
    let memo = seed.get_or_insert_text("memo");
    let strokes = seed.get_or_insert_map("strokes");
    {
        let mut txn = seed.transact_mut();
        memo.insert(&mut txn, 0, "Lecture 3: eigenvalues");
        let stroke = yrs::Any::from(std::collections::HashMap::from([
            ("t".to_owned(), yrs::Any::from(1000.0)),
            ("d".to_owned(), yrs::Any::from(3000.0)),
        ]));
        yrs::Map::insert(&strokes, &mut txn, "s1", stroke);
    }
    let limits = Limits {
        max_document_bytes: 1 << 20,
        max_user_bytes: 1 << 19,
        max_connections: 8,
        answer_bytes_per_second: 1e9,
        answer_burst_bytes: 1e9,
    };
    let mut core = RoomCore::new(
        "video-fuzz".into(),
        "fuzz.room".into(),
        limits,
        false,
        metrics(),
    );
    let loaded = Loaded {
        base: Some(
            seed.transact()
                .encode_state_as_update_v1(&StateVector::default()),
        ),
        base_id: StreamId { ms: 1, seq: 0 },
        entries: Vec::new(),
    };
    assert!(core.install(loaded).is_ok());
    let _clients = [
        join(&mut core, 1, "u-ada", 64),
        join(&mut core, 2, "u-bob", 64),
    ];
    let mut next = StreamId { ms: 2, seq: 0 };
    let mut answer = |core: &mut RoomCore, effects: Vec<Effect>| {
        for effect in effects {
            if let Effect::Append {
                update,
                except,
                received,
                ..
            } = effect
            {
                let appended = Appended {
                    id: next,
                    prev: core.last_id(),
                };
                next.seq += 1;
                let _ = core.appended(Ok(appended), &update, except, received);
            }
        }
    };
    let mut rest = input;
    let mut turn = 0u64;
    while rest.len() >= 2 && core.phase() != Phase::Failed {
        let len = u16::from_le_bytes([rest[0], rest[1]]) as usize;
        let end = (2 + len).min(rest.len());
        let frame = &rest[2..end];
        rest = &rest[end..];
        turn += 1;
        let Ok(message) = protocol::decode(frame) else {
            continue;
        };
        let (session, user) = if turn.is_multiple_of(2) {
            (1, "u-ada")
        } else {
            (2, "u-bob")
        };
        let effects = core.inbound(session, user, message);
        answer(&mut core, effects);
        for (session, user) in [(1, "u-ada"), (2, "u-bob")] {
            let _ = core.join(session, member_of(user));
        }
    }
    if core.phase() != Phase::Failed {
        let state = core.state().expect("a serving room has a state");
        assert!(protocol::decode_update(&state).is_ok());
    }
}

fn member_of(user: &str) -> Member {
    Member {
        user: PresenceUser::new(user.into(), user.into()),
        outbox: outbox(64),
        control: Arc::new(SessionControl::default()),
    }
}
