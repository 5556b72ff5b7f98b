//! Reading a document as JSON, and restoring an old state as a new edit. The root types are
//! the ones the client uses: `memo` (Y.Text with Quill attributes and embeds) and the maps
//! `strokes`, `bookmarks`, `comments`, `boardPages`, `boardItems` (id → plain object).

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use yrs::types::text::Diff;
use yrs::types::{Attrs, ToJson};
use yrs::{
    Any, Doc, GetString, Map, MapRef, Out, ReadTxn, Text, TextRef, Transact, TransactionMut,
};

pub const MEMO: &str = "memo";
pub const MAPS: [&str; 5] = [
    "strokes",
    "bookmarks",
    "comments",
    "boardPages",
    "boardItems",
];

#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct Memo {
    pub text: String,
    /// Quill delta: `[{"insert": "…", "attributes": {…}}]`.
    #[schema(value_type = Vec<Object>)]
    pub delta: Vec<Value>,
}

#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct DocContent {
    pub memo: Memo,
    /// strokeId → `{t, d, tool, color, width, points, author}`.
    #[schema(value_type = Object)]
    pub strokes: Value,
    #[schema(value_type = Object)]
    pub bookmarks: Value,
    #[schema(value_type = Object)]
    pub comments: Value,
    /// pageId → `{title, order}`: the drawing board's pages.
    #[serde(rename = "boardPages", default)]
    #[schema(value_type = Object)]
    pub board_pages: Value,
    /// itemId → a board item (`page` says which page; see docs/collab.md).
    #[serde(rename = "boardItems", default)]
    #[schema(value_type = Object)]
    pub board_items: Value,
}

fn any_to_json(any: &Any) -> Value {
    serde_json::to_value(any).unwrap_or(Value::Null)
}

fn delta(text: &TextRef, txn: &impl ReadTxn) -> Vec<Value> {
    text.diff(txn, |_| ())
        .into_iter()
        .map(|chunk: Diff<()>| {
            let insert = match &chunk.insert {
                Out::Any(Any::String(s)) => Value::String(s.to_string()),
                Out::Any(other) => any_to_json(other),
                _ => Value::Null,
            };
            let mut op = serde_json::json!({ "insert": insert });
            if let Some(attributes) = &chunk.attributes {
                let attributes: serde_json::Map<String, Value> = attributes
                    .iter()
                    .map(|(k, v)| (k.to_string(), any_to_json(v)))
                    .collect();
                op["attributes"] = Value::Object(attributes);
            }
            op
        })
        .collect()
}

pub fn read(doc: &Doc) -> DocContent {
    let memo = doc.get_or_insert_text(MEMO);
    let maps: Vec<MapRef> = MAPS
        .iter()
        .map(|name| doc.get_or_insert_map(*name))
        .collect();
    let txn = doc.transact();
    let map_json = |map: &MapRef| any_to_json(&map.to_json(&txn));
    DocContent {
        memo: Memo {
            text: memo.get_string(&txn),
            delta: delta(&memo, &txn),
        },
        strokes: map_json(&maps[0]),
        bookmarks: map_json(&maps[1]),
        comments: map_json(&maps[2]),
        board_pages: map_json(&maps[3]),
        board_items: map_json(&maps[4]),
    }
}

/// Edits `live` so that its content equals `target`'s, as one transaction, and returns that
/// transaction's update (to publish like any other edit). `None` when nothing differs.
/// Offsets are in bytes: the server's documents use yrs's default `OffsetKind::Bytes`.
pub fn restore_edit(live: &Doc, target: &Doc) -> Option<Vec<u8>> {
    let target_memo = target.get_or_insert_text(MEMO);
    let target_maps: Vec<MapRef> = MAPS.iter().map(|n| target.get_or_insert_map(*n)).collect();
    let live_memo = live.get_or_insert_text(MEMO);
    let live_maps: Vec<MapRef> = MAPS.iter().map(|n| live.get_or_insert_map(*n)).collect();

    let target_txn = target.transact();
    let mut txn = live.transact_mut();
    let chunks = target_memo.diff(&target_txn, |_| ());
    if live_memo.diff(&txn, |_| ()) != chunks {
        let len = live_memo.len(&txn);
        live_memo.remove_range(&mut txn, 0, len);
        let mut at = 0;
        for chunk in chunks {
            let attrs: Attrs = chunk.attributes.map(|a| *a).unwrap_or_default();
            match &chunk.insert {
                Out::Any(Any::String(s)) => {
                    live_memo.insert_with_attributes(&mut txn, at, s, attrs);
                    at += s.len() as u32;
                }
                // Embeds (timestamps, snapshots) come back as embeds.
                Out::Any(embed) => {
                    live_memo.insert_embed_with_attributes(&mut txn, at, embed.clone(), attrs);
                    at += 1;
                }
                _ => {}
            }
        }
    }
    for (live_map, target_map) in live_maps.iter().zip(&target_maps) {
        sync_map(&mut txn, live_map, target_map, &target_txn);
    }
    let update = txn.encode_update_v1();
    // An empty transaction encodes as two zero bytes (no structs, no deletions).
    (update.len() > 2).then_some(update)
}

fn sync_map(txn: &mut TransactionMut, live: &MapRef, target: &MapRef, target_txn: &impl ReadTxn) {
    let wanted: std::collections::HashMap<String, Any> = target
        .iter(target_txn)
        .filter_map(|(k, v)| match v {
            Out::Any(any) => Some((k.to_owned(), any)),
            _ => None,
        })
        .collect();
    let present: Vec<(String, Option<Any>)> = live
        .iter(txn)
        .map(|(k, v)| {
            let any = match v {
                Out::Any(any) => Some(any),
                _ => None,
            };
            (k.to_owned(), any)
        })
        .collect();
    for (key, value) in &present {
        if !wanted.contains_key(key) {
            live.remove(txn, key);
        } else if value.as_ref() != wanted.get(key) {
            live.insert(txn, key.clone(), wanted[key].clone());
        }
    }
    for (key, value) in wanted {
        if !present.iter().any(|(k, _)| *k == key) {
            live.insert(txn, key, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use yrs::Update;
    use yrs::updates::decoder::Decode;

    use super::*;

    fn doc_with(memo: &str, bold: bool, strokes: &[(&str, f64)]) -> Doc {
        let doc = Doc::new();
        let text = doc.get_or_insert_text(MEMO);
        let map = doc.get_or_insert_map("strokes");
        let mut txn = doc.transact_mut();
        let attrs: Attrs = if bold {
            Attrs::from([("bold".into(), Any::Bool(true))])
        } else {
            Attrs::new()
        };
        text.insert_with_attributes(&mut txn, 0, memo, attrs);
        for (id, t) in strokes {
            map.insert(
                &mut txn,
                *id,
                Any::from(std::collections::HashMap::from([(
                    "t".to_owned(),
                    Any::from(*t),
                )])),
            );
        }
        drop(txn);
        doc
    }

    #[test]
    fn content_renders_text_delta_and_maps() {
        let doc = doc_with("héllo", true, &[("s1", 1500.0)]);
        let content = read(&doc);
        assert_eq!(content.memo.text, "héllo");
        assert_eq!(
            content.memo.delta,
            vec![serde_json::json!({"insert": "héllo", "attributes": {"bold": true}})]
        );
        assert_eq!(content.strokes["s1"]["t"], 1500.0);
        assert_eq!(content.bookmarks, serde_json::json!({}));
    }

    #[test]
    fn restoring_makes_live_equal_the_target_and_travels_as_an_update() {
        let old = doc_with("first draft", false, &[("keep", 1.0), ("gone", 2.0)]);
        let live = Doc::new();
        live.transact_mut()
            .apply_update(
                Update::decode_v1(
                    &old.transact()
                        .encode_state_as_update_v1(&Default::default()),
                )
                .unwrap(),
            )
            .unwrap();
        {
            let memo = live.get_or_insert_text(MEMO);
            let strokes = live.get_or_insert_map("strokes");
            let mut txn = live.transact_mut();
            memo.insert(&mut txn, 0, "NEW ");
            strokes.remove(&mut txn, "gone");
            strokes.insert(&mut txn, "added", Any::from(3.0));
        }
        // A peer that follows the live document.
        let peer = Doc::new();
        peer.transact_mut()
            .apply_update(
                Update::decode_v1(
                    &live
                        .transact()
                        .encode_state_as_update_v1(&Default::default()),
                )
                .unwrap(),
            )
            .unwrap();

        let update = restore_edit(&live, &old).expect("something to restore");
        assert_eq!(read(&live).memo.text, "first draft");
        assert_eq!(read(&live).strokes, read(&old).strokes);

        peer.transact_mut()
            .apply_update(Update::decode_v1(&update).unwrap())
            .unwrap();
        assert_eq!(read(&peer).memo.text, "first draft");
        assert_eq!(read(&peer).strokes, read(&old).strokes);

        assert!(
            restore_edit(&live, &old).is_none(),
            "nothing left to change"
        );
    }
}
