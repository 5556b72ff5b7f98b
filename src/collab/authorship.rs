//! Who an entry says made it. Bookmarks, comments and drawing items are JSON objects in the
//! document's maps with an `author` (a user id; bookmarks and comments also an `authorName`),
//! and the client shows a name for it. The server knows who sent each update, so an update
//! whose entries name someone else is refused (4001) before it touches the document — one
//! item at a time, read by the same walk as the memo's whitelist (`memo_schema`), without the
//! document: sans IO, no state.
//!
//! The rule, for every JSON object an update inserts that has `author` or `authorName`:
//! - `author` is a string and `authorName`, when present, a string;
//! - a **new entry** (an item with no origin: a key set for the first time) names the sender;
//! - a **mark** (an object with `authorName`: bookmarks, comments) names the sender wherever it
//!   goes — nobody edits or restores another person's mark;
//! - a **drawing item that replaces an entry** (an item with an origin: a move, a restyle, an
//!   undo by anyone with write access) may keep another author. Its origin's content is not in
//!   the update (and is gone from the server's document once deleted), so who made the entry
//!   it replaces cannot be checked here; the client therefore never shows a drawing's
//!   `author` as a name (docs/collab.md, "Authorship").
//!
//! The server's own edits (a restore) do not come through here.

use yrs::Any;
use yrs::block::ItemContent;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AuthorshipError {
    #[error("an entry's author is not a string")]
    NotAString,
    #[error("an entry names an author other than its sender")]
    Forged,
}

/// Checks the JSON objects in one item's content. `new_entry`: the item has no origin (it is
/// not placed after or instead of anything already in the document).
pub fn check_content(
    content: &ItemContent,
    new_entry: bool,
    sender: &str,
) -> Result<(), AuthorshipError> {
    let ItemContent::Any(values) = content else {
        return Ok(());
    };
    for value in values {
        if let Any::Map(map) = value {
            check_object(map.get("author"), map.get("authorName"), new_entry, sender)?;
        }
    }
    Ok(())
}

fn check_object(
    author: Option<&Any>,
    author_name: Option<&Any>,
    new_entry: bool,
    sender: &str,
) -> Result<(), AuthorshipError> {
    if author.is_none() && author_name.is_none() {
        return Ok(());
    }
    if author_name.is_some_and(|name| !matches!(name, Any::String(_))) {
        return Err(AuthorshipError::NotAString);
    }
    let author = match author {
        Some(Any::String(author)) => author.as_ref(),
        Some(_) => return Err(AuthorshipError::NotAString),
        // A mark without its author id: nobody could tell whose it is.
        None => return Err(AuthorshipError::Forged),
    };
    let must_be_sender = new_entry || author_name.is_some();
    if must_be_sender && author != sender {
        return Err(AuthorshipError::Forged);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use yrs::updates::decoder::Decode;
    use yrs::{Doc, Map, ReadTxn, StateVector, Text, Transact, Update};

    use super::*;
    use crate::collab::memo_schema::{SchemaError, check_update, check_update_from};

    fn object(fields: &[(&str, Any)]) -> Any {
        Any::from(
            fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect::<HashMap<_, _>>(),
        )
    }

    fn stroke(author: &str) -> Any {
        object(&[
            ("kind", Any::from("ink")),
            ("points", Any::from(vec![Any::from(0.1), Any::from(0.2)])),
            ("color", Any::from("#e60000")),
            ("width", Any::from(4.0)),
            ("author", Any::from(author)),
        ])
    }

    fn comment(author: &str, name: &str) -> Any {
        object(&[
            ("t", Any::from(1000.0)),
            ("text", Any::from("hello")),
            ("author", Any::from(author)),
            ("authorName", Any::from(name)),
        ])
    }

    /// The update that sets `map[key] = value` in a fresh document (a new entry).
    fn new_entry(map: &str, key: &str, value: Any) -> Vec<u8> {
        let doc = Doc::new();
        let root = doc.get_or_insert_map(map);
        root.insert(&mut doc.transact_mut(), key, value);
        doc.transact()
            .encode_state_as_update_v1(&StateVector::default())
    }

    /// The update that replaces `map[key]` (first `before`, written by another client) with
    /// `after`: the item has an origin.
    fn replacement(map: &str, key: &str, before: Any, after: Any) -> Vec<u8> {
        let first = Doc::new();
        first
            .get_or_insert_map(map)
            .insert(&mut first.transact_mut(), key, before);
        let second = Doc::new();
        let seen = first
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        second
            .transact_mut()
            .apply_update(Update::decode_v1(&seen).unwrap())
            .unwrap();
        let known = second.transact().state_vector();
        second
            .get_or_insert_map(map)
            .insert(&mut second.transact_mut(), key, after);
        second.transact().encode_state_as_update_v1(&known)
    }

    fn forged() -> Result<(), SchemaError> {
        Err(SchemaError::Authorship(AuthorshipError::Forged))
    }

    #[test]
    fn a_new_entry_naming_its_sender_passes() {
        assert_eq!(
            check_update_from(&new_entry("strokes", "s1", stroke("ada")), "ada"),
            Ok(())
        );
        let update = new_entry("comments", "c1", comment("ada", "Ada"));
        assert_eq!(check_update_from(&update, "ada"), Ok(()));
    }

    #[test]
    fn a_new_entry_naming_someone_else_is_refused() {
        for (map, value) in [
            ("strokes", stroke("ada")),
            ("boardItems", stroke("ada")),
            ("bookmarks", comment("ada", "Ada")),
            ("comments", comment("ada", "Ada")),
        ] {
            let update = new_entry(map, "k", value);
            assert_eq!(check_update_from(&update, "grace"), forged(), "{map}");
        }
    }

    #[test]
    fn a_mark_is_never_written_in_someone_elses_name() {
        let update = replacement(
            "comments",
            "c1",
            comment("grace", "Grace"),
            comment("ada", "Ada"),
        );
        assert_eq!(check_update_from(&update, "grace"), forged());
        // A mark without its author id is refused too.
        let bare = object(&[("text", Any::from("x")), ("authorName", Any::from("Ada"))]);
        assert_eq!(
            check_update_from(&new_entry("comments", "c", bare), "grace"),
            forged()
        );
    }

    #[test]
    fn moving_someone_elses_drawing_keeps_its_author() {
        let update = replacement("boardItems", "i1", stroke("ada"), stroke("ada"));
        assert_eq!(check_update_from(&update, "grace"), Ok(()));
    }

    #[test]
    fn an_author_that_is_not_a_string_is_refused() {
        let value = object(&[("author", Any::from(7.0))]);
        assert_eq!(
            check_update_from(&new_entry("strokes", "s", value), "ada"),
            Err(SchemaError::Authorship(AuthorshipError::NotAString))
        );
        let value = object(&[
            ("author", Any::from("ada")),
            ("authorName", Any::Bool(true)),
        ]);
        assert_eq!(
            check_update_from(&new_entry("bookmarks", "b", value), "ada"),
            Err(SchemaError::Authorship(AuthorshipError::NotAString))
        );
    }

    #[test]
    fn updates_without_authors_are_unaffected() {
        let page = object(&[("title", Any::from("Page 1")), ("order", Any::from(1.0))]);
        assert_eq!(
            check_update_from(&new_entry("boardPages", "p", page), "grace"),
            Ok(())
        );
        let doc = Doc::new();
        let memo = doc.get_or_insert_text("memo");
        memo.insert(&mut doc.transact_mut(), 0, "author: ada");
        let update = doc
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        assert_eq!(check_update_from(&update, "grace"), Ok(()));
        // The memo-only check does not look at authors.
        assert_eq!(
            check_update(&new_entry("strokes", "s", stroke("ada"))),
            Ok(())
        );
    }
}
