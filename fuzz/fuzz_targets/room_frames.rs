//! Frames applied to a room that holds a document: the input is a sequence of frames
//! (`[len: u16 LE][frame]`…), each decoded by the codec and handed to the room's core from one
//! of two sessions, appends answered as the stream would. The room must never panic, must
//! stay serving unless `yrs` panicked inside (then it fails on purpose), and its state must
//! always encode to an update that loads into a fresh document.

#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use vivid::collab::awareness::PresenceUser;
use vivid::collab::bus::Appended;
use vivid::collab::close::SessionControl;
use vivid::collab::content;
use vivid::collab::metrics::CollabMetrics;
use vivid::collab::outbox::{Outbox, OutboxLimits};
use vivid::collab::protocol;
use vivid::collab::room::core::{Effect, Limits, Member, Phase, RoomCore};
use vivid::collab::storage::Loaded;
use vivid::collab::stream_id::StreamId;
use yrs::{Doc, GetString, ReadTxn, Text, Transact};

/// A document with some memo text and a stroke, as a room would load it.
fn seed_state() -> Vec<u8> {
    let doc = Doc::new();
    let memo = doc.get_or_insert_text("memo");
    let strokes = doc.get_or_insert_map("strokes");
    {
        let mut txn = doc.transact_mut();
        memo.insert(&mut txn, 0, "Lecture 3: eigenvalues");
        let stroke = yrs::Any::from(std::collections::HashMap::from([
            ("t".to_owned(), yrs::Any::from(1000.0)),
            ("d".to_owned(), yrs::Any::from(3000.0)),
        ]));
        yrs::Map::insert(&strokes, &mut txn, "s1", stroke);
    }
    doc.transact()
        .encode_state_as_update_v1(&yrs::StateVector::default())
}

fn member(user: &str) -> Member {
    Member {
        user: PresenceUser::new(user.to_owned(), user.to_owned()),
        outbox: Arc::new(Outbox::new(OutboxLimits {
            max_bytes: 1 << 20,
            max_frames: 64,
        })),
        control: Arc::new(SessionControl::default()),
    }
}

fuzz_target!(
    init: {
        std::panic::set_hook(Box::new(|_| {}));
    },
    |data: &[u8]| {
        let limits = Limits {
            max_document_bytes: 1 << 20,
            max_user_bytes: 1 << 19,
            max_connections: 8,
            answer_bytes_per_second: 1e9,
            answer_burst_bytes: 1e9,
        };
        let metrics = CollabMetrics::register(&prometheus::Registry::new()).unwrap();
        let mut core = RoomCore::new("video-fuzz".into(), "fuzz.room".into(), limits, false, metrics);
        let loaded = Loaded {
            base: Some(seed_state()),
            base_id: StreamId { ms: 1, seq: 0 },
            entries: Vec::new(),
        };
        assert!(core.install(loaded).is_ok());
        for (session, user) in [(1, "u-ada"), (2, "u-bob")] {
            let _ = core.join(session, member(user));
        }
        let mut next = StreamId { ms: 2, seq: 0 };
        let mut rest = data;
        let mut turn = 0u64;
        while rest.len() >= 2 && core.phase() != Phase::Failed {
            let len = u16::from_le_bytes([rest[0], rest[1]]) as usize;
            let end = (2 + len).min(rest.len());
            let frame = &rest[2..end];
            rest = &rest[end..];
            turn += 1;
            let Ok(message) = protocol::decode(frame) else { continue };
            let (session, user) = if turn % 2 == 0 { (1, "u-ada") } else { (2, "u-bob") };
            let effects = core.inbound(session, user, message);
            for effect in effects {
                if let Effect::Append { update, except, received, .. } = effect {
                    let appended = Appended { id: next, prev: core.last_id() };
                    next.seq += 1;
                    let _ = core.appended(Ok(appended), &update, except, received);
                }
            }
            // Sessions closed by a refusal come back, so later frames still reach the room.
            for (session, user) in [(1, "u-ada"), (2, "u-bob")] {
                let _ = core.join(session, member(user));
            }
        }
        if core.phase() == Phase::Failed {
            return;
        }
        assert!(core.is_serving());
        let state = core.state().expect("a serving room has a state");
        let copy = Doc::new();
        let update = protocol::decode_update(&state).expect("the room's state decodes");
        copy.transact_mut().apply_update(update).expect("and loads");
        let _ = content::read(&copy);
        let memo = copy.get_or_insert_text("memo");
        let _ = memo.get_string(&copy.transact());
    }
);
