//! The y-websocket wire protocol (y-protocols), as a pure codec: bytes in, messages out, and
//! back. No IO, no state. One message per binary frame, lib0 varint framing:
//!
//! ```text
//! frame     = varuint(type) payload
//! type 0    sync:      varuint(step) varbytes      step 0 = state vector (step 1),
//!                                                  1 = missing updates (step 2), 2 = update
//! type 1    awareness: varbytes(varuint(n) n × (varuint(client) varuint(clock) varstring(json)))
//! type 2    auth:      varuint(0 = denied) varstring(reason)
//! type 3    query awareness (no payload)
//! ```
//!
//! Decoding validates everything a client sends (updates are decoded with `yrs`, so a
//! malformed update is refused here, before it can reach a document) and never panics on
//! arbitrary input (see the property tests). Counts read from the wire are checked against
//! the bytes that remain before anything is allocated for them. `yrs` 0.28 itself can panic
//! on some malformed updates (an assertion in `block.rs`, found by the property test), so
//! decoding runs under `catch_unwind` and such input is answered as malformed.

use bytes::Bytes;
use yrs::encoding::read::{Cursor, Read};
use yrs::encoding::write::Write;
use yrs::sync::protocol::{MSG_AUTH, MSG_AWARENESS, MSG_QUERY_AWARENESS, MSG_SYNC};
use yrs::sync::{AwarenessUpdate, Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::{Encode, Encoder};
use yrs::{StateVector, Update};

/// What a client may send.
#[derive(Debug)]
pub enum ClientMessage {
    /// "Here is what I have; send me what I lack." Answered with [`sync_step2`].
    SyncStep1(StateVector),
    /// Updates the client has and we lack (its answer to our step 1), or a live edit, as
    /// received (what is applied, stored and relayed). Decoding checked it; `yrs` updates
    /// cannot cross threads, so the room decodes it again to apply it.
    Update {
        raw: Bytes,
    },
    Awareness(AwarenessUpdate),
    QueryAwareness,
    /// Clients have nothing to say in auth messages; accepted and ignored.
    Auth,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty frame")]
    Empty,
    #[error("truncated {0}")]
    Truncated(&'static str),
    #[error("unknown message type {0}")]
    UnknownMessageType(u64),
    #[error("unknown sync step {0}")]
    UnknownSyncStep(u64),
    #[error("malformed {0}")]
    Malformed(&'static str),
    #[error("trailing bytes after the message")]
    TrailingBytes,
}

impl DecodeError {
    /// A short, stable label (metrics and close reasons).
    pub fn label(&self) -> &'static str {
        match self {
            DecodeError::Empty => "empty",
            DecodeError::Truncated(_) => "truncated",
            DecodeError::UnknownMessageType(_) => "unknown_type",
            DecodeError::UnknownSyncStep(_) => "unknown_sync_step",
            DecodeError::Malformed(_) => "malformed",
            DecodeError::TrailingBytes => "trailing_bytes",
        }
    }
}

const SYNC_STEP_1: u64 = 0;
const SYNC_STEP_2: u64 = 1;
const SYNC_UPDATE: u64 = 2;

pub fn decode(frame: &[u8]) -> Result<ClientMessage, DecodeError> {
    std::panic::catch_unwind(|| decode_frame(frame)).unwrap_or(Err(DecodeError::Malformed("frame")))
}

/// Decodes a Yjs v1 update, treating a panic inside `yrs` as malformed input.
pub fn decode_update(bytes: &[u8]) -> Result<Update, DecodeError> {
    std::panic::catch_unwind(|| Update::decode_v1(bytes))
        .ok()
        .and_then(Result::ok)
        .ok_or(DecodeError::Malformed("update"))
}

fn decode_frame(frame: &[u8]) -> Result<ClientMessage, DecodeError> {
    if frame.is_empty() {
        return Err(DecodeError::Empty);
    }
    let mut cursor = Cursor::new(frame);
    let kind: u64 = cursor
        .read_var()
        .map_err(|_| DecodeError::Truncated("message type"))?;
    let message = match kind {
        k if k == MSG_SYNC as u64 => decode_sync(&mut cursor)?,
        k if k == MSG_AWARENESS as u64 => {
            let payload = cursor
                .read_buf()
                .map_err(|_| DecodeError::Truncated("awareness update"))?;
            ClientMessage::Awareness(decode_awareness(payload)?)
        }
        k if k == MSG_AUTH as u64 => {
            let _permission: u64 = cursor
                .read_var()
                .map_err(|_| DecodeError::Truncated("auth message"))?;
            if cursor.has_content() {
                cursor
                    .read_string()
                    .map_err(|_| DecodeError::Truncated("auth reason"))?;
            }
            ClientMessage::Auth
        }
        k if k == MSG_QUERY_AWARENESS as u64 => ClientMessage::QueryAwareness,
        other => return Err(DecodeError::UnknownMessageType(other)),
    };
    if cursor.has_content() {
        return Err(DecodeError::TrailingBytes);
    }
    Ok(message)
}

fn decode_sync(cursor: &mut Cursor<'_>) -> Result<ClientMessage, DecodeError> {
    let step: u64 = cursor
        .read_var()
        .map_err(|_| DecodeError::Truncated("sync step"))?;
    let payload = cursor
        .read_buf()
        .map_err(|_| DecodeError::Truncated("sync payload"))?;
    match step {
        SYNC_STEP_1 => {
            // Each state-vector entry takes at least two bytes (client, clock).
            check_count(payload, 2, "state vector")?;
            let state_vector = StateVector::decode_v1(payload)
                .map_err(|_| DecodeError::Malformed("state vector"))?;
            Ok(ClientMessage::SyncStep1(state_vector))
        }
        SYNC_STEP_2 | SYNC_UPDATE => {
            decode_update(payload)?;
            Ok(ClientMessage::Update {
                raw: Bytes::copy_from_slice(payload),
            })
        }
        other => Err(DecodeError::UnknownSyncStep(other)),
    }
}

fn decode_awareness(payload: &[u8]) -> Result<AwarenessUpdate, DecodeError> {
    // Each entry takes at least three bytes (client, clock, empty string length).
    check_count(payload, 3, "awareness update")?;
    AwarenessUpdate::decode_v1(payload).map_err(|_| DecodeError::Malformed("awareness update"))
}

/// Refuses a leading count that the remaining bytes cannot possibly hold.
fn check_count(
    payload: &[u8],
    min_entry_bytes: usize,
    what: &'static str,
) -> Result<(), DecodeError> {
    let mut cursor = Cursor::new(payload);
    let count: u64 = cursor
        .read_var()
        .map_err(|_| DecodeError::Truncated(what))?;
    let room = payload.len().saturating_sub(cursor.next) / min_entry_bytes;
    if count > room as u64 {
        return Err(DecodeError::Malformed(what));
    }
    Ok(())
}

fn encode(message: Message) -> Bytes {
    Bytes::from(message.encode_v1())
}

pub fn sync_step1(state_vector: StateVector) -> Bytes {
    encode(Message::Sync(SyncMessage::SyncStep1(state_vector)))
}

pub fn sync_step2(update: Vec<u8>) -> Bytes {
    encode(Message::Sync(SyncMessage::SyncStep2(update)))
}

/// A sync update frame, written straight from the bytes (this runs for every relayed edit).
pub fn update(update: &[u8]) -> Bytes {
    let mut encoder = yrs::updates::encoder::EncoderV1::new();
    encoder.write_var(MSG_SYNC);
    encoder.write_var(SYNC_UPDATE);
    encoder.write_buf(update);
    Bytes::from(encoder.to_vec())
}

pub fn awareness(update: AwarenessUpdate) -> Bytes {
    encode(Message::Awareness(update))
}

/// `auth` / permission denied, with the reason the client's `permission-denied` handler sees.
pub fn permission_denied(reason: &str) -> Bytes {
    encode(Message::Auth(Some(reason.to_owned())))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Arc;

    use proptest::prelude::*;
    use yrs::sync::awareness::AwarenessUpdateEntry;
    use yrs::{ClientID, Doc, GetString, ReadTxn, Text, Transact};

    use super::*;

    fn edit(text: &str) -> Vec<u8> {
        let doc = Doc::new();
        let memo = doc.get_or_insert_text("memo");
        let mut txn = doc.transact_mut();
        memo.insert(&mut txn, 0, text);
        txn.encode_update_v1()
    }

    #[test]
    fn updates_round_trip_as_step2_and_update() {
        let bytes = edit("hello");
        for frame in [update(&bytes), sync_step2(bytes.clone())] {
            match decode(&frame).unwrap() {
                ClientMessage::Update { raw } => {
                    assert_eq!(raw.as_ref(), bytes.as_slice());
                    let doc = Doc::new();
                    let memo = doc.get_or_insert_text("memo");
                    let update = Update::decode_v1(&raw).unwrap();
                    doc.transact_mut().apply_update(update).unwrap();
                    assert_eq!(memo.get_string(&doc.transact()), "hello");
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn step1_round_trips() {
        let doc = Doc::new();
        doc.get_or_insert_text("memo")
            .insert(&mut doc.transact_mut(), 0, "x");
        let sv = doc.transact().state_vector();
        match decode(&sync_step1(sv.clone())).unwrap() {
            ClientMessage::SyncStep1(decoded) => assert_eq!(decoded, sv),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn awareness_and_queries_round_trip() {
        let mut clients = HashMap::new();
        clients.insert(
            ClientID::new(42),
            AwarenessUpdateEntry {
                clock: 3,
                json: Arc::from(r#"{"cursor":1}"#),
            },
        );
        match decode(&awareness(AwarenessUpdate { clients })).unwrap() {
            ClientMessage::Awareness(update) => {
                let entry = &update.clients[&ClientID::new(42)];
                assert_eq!(entry.clock, 3);
                assert_eq!(&*entry.json, r#"{"cursor":1}"#);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            decode(&[3]).unwrap(),
            ClientMessage::QueryAwareness
        ));
        assert!(matches!(
            decode(&permission_denied("no")).unwrap(),
            ClientMessage::Auth
        ));
    }

    #[test]
    fn bad_frames_are_named() {
        assert_eq!(decode(&[]).unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(&[0x80]).unwrap_err().label(), "truncated");
        assert_eq!(
            decode(&[9, 0]).unwrap_err(),
            DecodeError::UnknownMessageType(9)
        );
        assert_eq!(
            decode(&[0, 7, 0]).unwrap_err(),
            DecodeError::UnknownSyncStep(7)
        );
        assert_eq!(decode(&[0, 2, 5, 1, 2]).unwrap_err().label(), "truncated");
        assert_eq!(
            decode(&[0, 2, 2, 0xff, 0xff]).unwrap_err().label(),
            "malformed"
        );
        let mut trailing = update(&edit("x")).to_vec();
        trailing.push(0);
        assert_eq!(decode(&trailing).unwrap_err(), DecodeError::TrailingBytes);
        // An awareness update claiming four billion entries in three bytes.
        assert_eq!(
            decode(&[1, 6, 0xff, 0xff, 0xff, 0xff, 0x0f, 0])
                .unwrap_err()
                .label(),
            "malformed"
        );
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(frame in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = decode(&frame);
        }

        #[test]
        fn arbitrary_payloads_behind_valid_headers_never_panic(
            kind in 0u8..4,
            step in 0u8..3,
            payload in proptest::collection::vec(any::<u8>(), 0..256),
        ) {
            let mut frame = vec![kind, step];
            frame.extend_from_slice(&payload);
            let _ = decode(&frame);
            let mut framed = vec![kind, step, payload.len().min(127) as u8];
            framed.extend_from_slice(&payload);
            let _ = decode(&framed);
        }

        #[test]
        fn any_text_edit_round_trips(text in ".{0,64}") {
            let bytes = edit(&text);
            match decode(&update(&bytes)).unwrap() {
                ClientMessage::Update { raw, .. } => prop_assert_eq!(raw.as_ref(), bytes.as_slice()),
                other => prop_assert!(false, "{:?}", other),
            }
        }
    }
}
