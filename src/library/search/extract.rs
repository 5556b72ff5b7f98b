//! The passages of a layer's document the search can find: the memo split into lines, and a
//! line further at each timestamp chip (so a passage carries the video time it is about),
//! every bookmark's label and every comment's text with their times. Pure: the document in,
//! passages out. Shared data is untrusted: malformed entries are skipped.

use serde_json::Value;
use yrs::types::text::Diff;
use yrs::{Any, Doc, Map, Out, ReadTxn, Text, Transact};

use super::Kind;

/// A passage longer than this is cut into pieces of this many characters.
pub const MAX_PASSAGE_CHARS: usize = 1000;

#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub kind: Kind,
    pub text: String,
    /// The video time it belongs to, in ms.
    pub time_ms: Option<u64>,
}

/// Every passage of `doc`, memo first, in document order.
pub fn passages(doc: &Doc) -> Vec<Passage> {
    let mut out = memo(doc);
    let txn = doc.transact();
    for (map, kind, field) in [
        ("bookmarks", Kind::Bookmark, "label"),
        ("comments", Kind::Comment, "text"),
    ] {
        let Some(map) = txn.get_map(map) else {
            continue;
        };
        let mut marks: Vec<(String, Passage)> = map
            .iter(&txn)
            .filter_map(|(id, value)| match value {
                Out::Any(any) => Some((id.to_owned(), mark(&any, kind, field)?)),
                _ => None,
            })
            .collect();
        marks.sort_by(|a, b| a.1.time_ms.cmp(&b.1.time_ms).then(a.0.cmp(&b.0)));
        for (_, passage) in marks {
            push(&mut out, passage.kind, &passage.text, passage.time_ms);
        }
    }
    out
}

fn mark(value: &Any, kind: Kind, field: &str) -> Option<Passage> {
    let value = serde_json::to_value(value).ok()?;
    let t = value
        .get("t")?
        .as_f64()
        .filter(|t| t.is_finite() && *t >= 0.0)?;
    let text = value.get(field).and_then(Value::as_str)?;
    Some(Passage {
        kind,
        text: text.to_owned(),
        time_ms: Some(t as u64),
    })
}

/// Adds `text` (trimmed; nothing when blank), cut into pieces of [`MAX_PASSAGE_CHARS`].
fn push(out: &mut Vec<Passage>, kind: Kind, text: &str, time_ms: Option<u64>) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let chars: Vec<char> = text.chars().collect();
    for piece in chars.chunks(MAX_PASSAGE_CHARS) {
        let piece: String = piece.iter().collect();
        let piece = piece.trim();
        if !piece.is_empty() {
            out.push(Passage {
                kind,
                text: piece.to_owned(),
                time_ms,
            });
        }
    }
}

/// Ends a memo line: its pieces become passages (see [`memo`] for their times).
fn end_line(pieces: &mut Vec<(String, Option<u64>)>, out: &mut Vec<Passage>) {
    let first_chip = pieces.iter().find_map(|(_, chip)| *chip);
    for (text, chip) in pieces.drain(..) {
        push(out, Kind::Memo, &text, chip.or(first_chip));
    }
}

/// The memo's lines, each cut at its timestamp chips. A piece carries the time of the chip
/// before it on its line; a piece before the line's first chip, that chip's time ("notes
/// [1:07]" and "[1:07] notes" both belong to 1:07); a line without chips, none.
fn memo(doc: &Doc) -> Vec<Passage> {
    let txn = doc.transact();
    let Some(memo) = txn.get_text("memo") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // The current line: its pieces so far (text, the chip before it) and the piece growing.
    let mut pieces: Vec<(String, Option<u64>)> = Vec::new();
    let mut current = String::new();
    let mut chip: Option<u64> = None;
    for chunk in memo.diff(&txn, |_| ()) {
        let chunk: Diff<()> = chunk;
        match &chunk.insert {
            Out::Any(Any::String(s)) => {
                let mut parts = s.split('\n').peekable();
                while let Some(part) = parts.next() {
                    current.push_str(part);
                    if parts.peek().is_some() {
                        pieces.push((std::mem::take(&mut current), chip.take()));
                        end_line(&mut pieces, &mut out);
                    }
                }
            }
            Out::Any(Any::Map(map)) => {
                let time = map.get("timestamp").and_then(|v| match v {
                    Any::Number(n) => n
                        .as_f64()
                        .filter(|n| n.is_finite() && *n >= 0.0)
                        .map(|n| n as u64),
                    _ => None,
                });
                if let Some(time) = time {
                    pieces.push((std::mem::take(&mut current), chip.replace(time)));
                }
                // A snapshot image has no text; it neither splits nor adds anything.
            }
            _ => {}
        }
    }
    pieces.push((current, chip));
    end_line(&mut pieces, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use yrs::types::Attrs;

    use super::*;

    fn obj(pairs: &[(&str, Any)]) -> Any {
        Any::from(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect::<HashMap<String, Any>>(),
        )
    }

    fn append(doc: &Doc, text: &str) {
        let memo = doc.get_or_insert_text("memo");
        let mut txn = doc.transact_mut();
        let end = memo.len(&txn);
        memo.insert_with_attributes(&mut txn, end, text, Attrs::new());
    }

    fn chip(doc: &Doc, ms: f64) {
        let memo = doc.get_or_insert_text("memo");
        let mut txn = doc.transact_mut();
        let end = memo.len(&txn);
        memo.insert_embed(&mut txn, end, obj(&[("timestamp", Any::from(ms))]));
    }

    fn memo_passages(doc: &Doc) -> Vec<(String, Option<u64>)> {
        passages(doc)
            .into_iter()
            .filter(|p| p.kind == Kind::Memo)
            .map(|p| (p.text, p.time_ms))
            .collect()
    }

    #[test]
    fn memo_lines_split_at_chips_and_carry_their_times() {
        let doc = Doc::new();
        append(&doc, "Chapter 3\n");
        chip(&doc, 7000.0);
        append(&doc, " 고유값 분해 ");
        chip(&doc, 65000.0);
        append(&doc, " diagonal form\nbefore the chip ");
        chip(&doc, 90000.0);
        append(&doc, "\n\n   \nlast line");
        assert_eq!(
            memo_passages(&doc),
            vec![
                ("Chapter 3".to_owned(), None),
                ("고유값 분해".to_owned(), Some(7000)),
                ("diagonal form".to_owned(), Some(65000)),
                ("before the chip".to_owned(), Some(90000)),
                ("last line".to_owned(), None),
            ]
        );
    }

    #[test]
    fn long_lines_are_cut_and_snapshots_add_nothing() {
        let doc = Doc::new();
        append(&doc, &"가".repeat(MAX_PASSAGE_CHARS + 5));
        let memo = doc.get_or_insert_text("memo");
        {
            let mut txn = doc.transact_mut();
            let end = memo.len(&txn);
            memo.insert_embed(&mut txn, end, obj(&[("snapshot", Any::from("abc"))]));
        }
        let found = memo_passages(&doc);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0.chars().count(), MAX_PASSAGE_CHARS);
        assert_eq!(found[1].0, "가".repeat(5));
    }

    #[test]
    fn bookmarks_and_comments_are_passages_and_malformed_ones_are_skipped() {
        let doc = Doc::new();
        let bookmarks = doc.get_or_insert_map("bookmarks");
        let comments = doc.get_or_insert_map("comments");
        {
            let mut txn = doc.transact_mut();
            bookmarks.insert(
                &mut txn,
                "b1",
                obj(&[
                    ("t", Any::from(12000.0)),
                    ("label", Any::from("Pivot rule")),
                ]),
            );
            bookmarks.insert(&mut txn, "bad", obj(&[("t", Any::from("soon"))]));
            comments.insert(
                &mut txn,
                "c1",
                obj(&[("t", Any::from(3000.0)), ("text", Any::from("Why eigen?"))]),
            );
            comments.insert(
                &mut txn,
                "c2",
                obj(&[("t", Any::from(-1.0)), ("text", Any::from("negative"))]),
            );
        }
        let found = passages(&doc);
        assert_eq!(
            found,
            vec![
                Passage {
                    kind: Kind::Bookmark,
                    text: "Pivot rule".into(),
                    time_ms: Some(12000)
                },
                Passage {
                    kind: Kind::Comment,
                    text: "Why eigen?".into(),
                    time_ms: Some(3000)
                },
            ]
        );
    }
}
