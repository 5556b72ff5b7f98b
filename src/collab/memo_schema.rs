//! The memo's whitelist: which Quill formats and embeds a document may hold (both layers,
//! `video-…` and `note-…`). An update that brings anything else is refused (4001) before it
//! touches the room's document, so nothing of it is applied, stored or relayed.
//!
//! The check reads the update's items without applying it (a v1 walk over yrs's public
//! decoder): formatting marks (`ItemContent::Format`) and embeds (`ItemContent::Embed`) only
//! ever live in a `Y.Text`, so every one of them in the update is checked, whichever text it
//! belongs to. Sub-documents are refused anywhere, and an item whose parent is named `memo`
//! must be text, an embed or a format (never a nested type or a JSON value). No IO, no actix.
//!
//! The list (keep docs/collab.md and client/src/notes/memoFormats.ts in step):
//! - inline: `bold`, `italic`, `underline`, `strike`, `code` (true), `color`, `background`
//!   (`#rgb`/`#rrggbb`), `link` (`http(s)://` or `mailto:`, at most 2048 characters);
//! - lines: `header` (1–3), `list` (`ordered`, `bullet`, `checked`, `unchecked`),
//!   `blockquote` (true), `code-block` (true or a short language name), `indent` (1–8);
//! - embeds: `{"timestamp": ms}` (a video time, 0 ≤ ms ≤ 24 h) and `{"snapshot": id}` (one of
//!   this server's snapshots, by its id; the client resolves it to a signed URL).
//!
//! Any format may be removed (value `null`).
//!
//! [`check_update_from`] runs the same walk with the sender's user id and also applies
//! [`authorship`](super::authorship)'s rule to every JSON value the update inserts.

use yrs::Any;
use yrs::block::ItemContent;
use yrs::encoding::read::{Cursor, Read};
use yrs::updates::decoder::{Decoder, DecoderV1};

use super::authorship::{self, AuthorshipError};

const GC: u8 = 0;
const SKIP: u8 = 10;
const HAS_ORIGIN: u8 = 0b1000_0000;
const HAS_RIGHT_ORIGIN: u8 = 0b0100_0000;
const HAS_PARENT_SUB: u8 = 0b0010_0000;
const MEMO: &str = "memo";
const MAX_TIMESTAMP_MS: f64 = 24.0 * 3600.0 * 1000.0;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SchemaError {
    #[error("the update could not be read")]
    Unreadable,
    #[error("format {0:?} is not allowed")]
    Format(String),
    #[error("format {0:?} has a value that is not allowed")]
    FormatValue(String),
    #[error("embed {0} is not allowed")]
    Embed(String),
    #[error("sub-documents are not allowed")]
    SubDocument,
    #[error("the memo holds only text, embeds and formats")]
    MemoContent,
    #[error("{0}")]
    Authorship(#[from] AuthorshipError),
}

/// Checks every item an update inserts against the memo's whitelist.
pub fn check_update(update: &[u8]) -> Result<(), SchemaError> {
    std::panic::catch_unwind(|| walk(update, None)).unwrap_or(Err(SchemaError::Unreadable))
}

/// [`check_update`], and every entry that names an author names `sender` (a user id) unless
/// [`authorship`] lets it keep another.
pub fn check_update_from(update: &[u8], sender: &str) -> Result<(), SchemaError> {
    std::panic::catch_unwind(|| walk(update, Some(sender))).unwrap_or(Err(SchemaError::Unreadable))
}

fn walk(update: &[u8], sender: Option<&str>) -> Result<(), SchemaError> {
    let bad = |_| SchemaError::Unreadable;
    let mut decoder = DecoderV1::new(Cursor::new(update));
    let clients: u32 = decoder.read_var().map_err(bad)?;
    for _ in 0..clients {
        let blocks: u32 = decoder.read_var().map_err(bad)?;
        let _client = decoder.read_client().map_err(bad)?;
        let _clock: u32 = decoder.read_var().map_err(bad)?;
        for _ in 0..blocks {
            let info = decoder.read_info().map_err(bad)?;
            match info {
                SKIP => {
                    let _: u32 = decoder.read_var().map_err(bad)?;
                }
                GC => {
                    decoder.read_len().map_err(bad)?;
                }
                info => {
                    let no_origin = info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN) == 0;
                    if info & HAS_ORIGIN != 0 {
                        decoder.read_left_id().map_err(bad)?;
                    }
                    if info & HAS_RIGHT_ORIGIN != 0 {
                        decoder.read_right_id().map_err(bad)?;
                    }
                    let mut in_memo = false;
                    if no_origin {
                        if decoder.read_parent_info().map_err(bad)? {
                            in_memo = decoder.read_string().map_err(bad)? == MEMO;
                        } else {
                            decoder.read_left_id().map_err(bad)?;
                        }
                        if info & HAS_PARENT_SUB != 0 {
                            decoder.read_string().map_err(bad)?;
                        }
                    }
                    let content = ItemContent::decode(&mut decoder, info).map_err(bad)?;
                    check_content(&content, in_memo)?;
                    if let Some(sender) = sender {
                        authorship::check_content(&content, no_origin, sender)?;
                    }
                }
            }
        }
    }
    // The delete set that follows carries no content.
    Ok(())
}

fn check_content(content: &ItemContent, in_memo: bool) -> Result<(), SchemaError> {
    match content {
        ItemContent::Format(key, value) => check_format(key, value),
        ItemContent::Embed(value) => check_embed(value),
        ItemContent::Doc(..) => Err(SchemaError::SubDocument),
        ItemContent::String(_) | ItemContent::Deleted(_) => Ok(()),
        _ if in_memo => Err(SchemaError::MemoContent),
        _ => Ok(()),
    }
}

fn is_colour(s: &str) -> bool {
    let hex = s.strip_prefix('#').unwrap_or("");
    matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit())
}

fn is_link(s: &str) -> bool {
    s.len() <= 2048
        && ["https://", "http://", "mailto:"]
            .iter()
            .any(|scheme| s.len() > scheme.len() && s[..scheme.len()].eq_ignore_ascii_case(scheme))
        && !s
            .chars()
            .any(|c| c.is_control() || c == '"' || c == '<' || c == '>')
}

fn int_in(value: &Any, min: i64, max: i64) -> bool {
    match value {
        Any::Number(n) => n.as_i64().is_some_and(|n| (min..=max).contains(&n)),
        _ => false,
    }
}

pub fn check_format(key: &str, value: &Any) -> Result<(), SchemaError> {
    const KEYS: [&str; 14] = [
        "bold",
        "italic",
        "underline",
        "strike",
        "code",
        "color",
        "background",
        "link",
        "header",
        "list",
        "blockquote",
        "code-block",
        "indent",
        "align",
    ];
    if !KEYS.contains(&key) {
        return Err(SchemaError::Format(key.chars().take(40).collect()));
    }
    if matches!(value, Any::Null | Any::Undefined) {
        return Ok(());
    }
    let ok = match (key, value) {
        ("bold" | "italic" | "underline" | "strike" | "code" | "blockquote", Any::Bool(true)) => {
            true
        }
        ("color" | "background", Any::String(s)) => is_colour(s),
        ("link", Any::String(s)) => is_link(s),
        ("header", v) => int_in(v, 1, 3),
        ("indent", v) => int_in(v, 1, 8),
        ("list", Any::String(s)) => {
            matches!(s.as_ref(), "ordered" | "bullet" | "checked" | "unchecked")
        }
        ("align", Any::String(s)) => matches!(s.as_ref(), "center" | "right" | "justify"),
        ("code-block", Any::Bool(true)) => true,
        ("code-block", Any::String(s)) => {
            (1..=20).contains(&s.len())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '+')
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(SchemaError::FormatValue(key.to_owned()))
    }
}

/// A snapshot id as the server makes them (`db::new_id`: a UUIDv7 as 32 hex digits), or
/// hyphenated.
fn is_snapshot_id(s: &str) -> bool {
    let hex = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit());
    match s.len() {
        32 => hex(s),
        36 => s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        }),
        _ => false,
    }
}

pub fn check_embed(value: &Any) -> Result<(), SchemaError> {
    let Any::Map(map) = value else {
        return Err(SchemaError::Embed("that is not an object".into()));
    };
    let mut entries = map.iter();
    let (Some((key, inner)), None) = (entries.next(), entries.next()) else {
        return Err(SchemaError::Embed("with other than one key".into()));
    };
    let ok = match (key.as_str(), inner) {
        ("timestamp", Any::Number(ms)) => ms
            .as_f64()
            .is_some_and(|ms| (0.0..=MAX_TIMESTAMP_MS).contains(&ms)),
        ("snapshot", Any::String(id)) => is_snapshot_id(id),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(SchemaError::Embed(format!(
            "{:?}",
            key.chars().take(40).collect::<String>()
        )))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use yrs::types::Attrs;
    use yrs::{Doc, Map, ReadTxn, Text, Transact};

    use super::*;

    fn update_of(edit: impl FnOnce(&Doc)) -> Vec<u8> {
        let doc = Doc::new();
        edit(&doc);
        doc.transact()
            .encode_state_as_update_v1(&Default::default())
    }

    fn embed(key: &str, value: Any) -> Any {
        Any::from(HashMap::from([(key.to_owned(), value)]))
    }

    fn text_with(attrs: Attrs) -> Vec<u8> {
        update_of(|doc| {
            let memo = doc.get_or_insert_text(MEMO);
            let mut txn = doc.transact_mut();
            memo.insert(&mut txn, 0, "hello world");
            memo.format(&mut txn, 0, 5, attrs);
        })
    }

    #[test]
    fn whitelisted_formats_and_embeds_pass() {
        let attrs = Attrs::from([
            ("bold".into(), Any::Bool(true)),
            ("color".into(), Any::from("#e60000")),
            ("link".into(), Any::from("https://example.com/a")),
            ("header".into(), Any::from(2.0)),
            ("list".into(), Any::from("checked")),
        ]);
        assert_eq!(check_update(&text_with(attrs)), Ok(()));
        let update = update_of(|doc| {
            let memo = doc.get_or_insert_text(MEMO);
            let mut txn = doc.transact_mut();
            memo.insert(&mut txn, 0, "at ");
            memo.insert_embed(&mut txn, 3, embed("timestamp", Any::from(7000.0)));
            memo.insert_embed(
                &mut txn,
                4,
                embed("snapshot", Any::from("0190a6e211117aaa8bbb0123456789ab")),
            );
        });
        assert_eq!(check_update(&update), Ok(()));
    }

    #[test]
    fn foreign_embeds_are_refused() {
        for bad in [
            embed("iframe", Any::from("https://evil.example/")),
            embed("image", Any::from("https://evil.example/x.png")),
            embed("video", Any::from("https://evil.example/x.mp4")),
            embed("snapshot", Any::from("https://evil.example/x.png")),
            embed("timestamp", Any::from("7")),
            Any::from("plain"),
        ] {
            let update = update_of(|doc| {
                let memo = doc.get_or_insert_text(MEMO);
                memo.insert_embed(&mut doc.transact_mut(), 0, bad.clone());
            });
            assert!(check_update(&update).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn unknown_attributes_and_bad_values_are_refused() {
        for (key, value) in [
            ("onclick", Any::from("alert(1)")),
            ("script", Any::Bool(true)),
            ("link", Any::from("javascript:alert(1)")),
            ("color", Any::from("red; background:url(x)")),
            ("header", Any::from(9.0)),
            ("list", Any::from("roman")),
        ] {
            let attrs = Attrs::from([(key.into(), value)]);
            assert!(check_update(&text_with(attrs)).is_err(), "{key}");
        }
    }

    #[test]
    fn maps_and_removals_pass_and_subdocuments_do_not() {
        let update = update_of(|doc| {
            let strokes = doc.get_or_insert_map("strokes");
            strokes.insert(
                &mut doc.transact_mut(),
                "s1",
                Any::from(HashMap::from([("t".to_owned(), Any::from(1.0))])),
            );
        });
        assert_eq!(check_update(&update), Ok(()));
        let attrs = Attrs::from([("bold".into(), Any::Null)]);
        assert_eq!(check_update(&text_with(attrs)), Ok(()));
        let update = update_of(|doc| {
            let map = doc.get_or_insert_map("board");
            map.insert(&mut doc.transact_mut(), "sub", Doc::new());
        });
        assert_eq!(check_update(&update), Err(SchemaError::SubDocument));
    }

    #[test]
    fn garbage_is_unreadable_not_a_panic() {
        assert_eq!(
            check_update(&[9, 200, 1, 2, 3]),
            Err(SchemaError::Unreadable)
        );
    }
}
