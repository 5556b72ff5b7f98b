//! The memo's whitelist on the wire: an update bringing a foreign embed or attribute is
//! refused with 4001 on both layers, and nothing of it is applied, stored or relayed.

use std::collections::HashMap;

use vivid::collab::protocol;
use yrs::types::Attrs;
use yrs::{Any, Text, Transact};

use crate::support::peer::Peer;
use crate::support::{Session, TestApp, ok_json};

async fn my_copy(who: &Session) -> String {
    let mine = ok_json(who.get("/api/individual-videos").await).await;
    mine["items"][0]["id"].as_str().unwrap().to_owned()
}

fn embed(key: &str, value: &str) -> Any {
    Any::from(HashMap::from([(key.to_owned(), Any::from(value))]))
}

/// Sends "evil " followed by `edit`'s change to the memo, as one update.
async fn send_memo_edit(
    peer: &mut Peer,
    edit: impl FnOnce(&yrs::TextRef, &mut yrs::TransactionMut),
) {
    let memo = peer.doc.get_or_insert_text("memo");
    let update = {
        let mut txn = peer.doc.transact_mut();
        memo.insert(&mut txn, 0, "evil ");
        edit(&memo, &mut txn);
        txn.encode_update_v1()
    };
    peer.send(protocol::update(&update).to_vec()).await;
}

/// An edit of the memo a raw client sends.
type Attack = Box<dyn FnOnce(&yrs::TextRef, &mut yrs::TransactionMut)>;

#[tokio::test]
async fn foreign_embeds_and_attributes_are_refused_and_never_stored() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let note = format!("note-{}", my_copy(&m.host).await);
    for doc in [format!("video-{}", m.video), note] {
        let mut watcher = Peer::join(&app, &m.host, &doc).await;
        let attacks: Vec<(&str, Attack)> = vec![
            (
                "iframe",
                Box::new(|memo, txn| {
                    memo.insert_embed(txn, 5, embed("iframe", "https://evil.example/"));
                }),
            ),
            (
                "external image",
                Box::new(|memo, txn| {
                    memo.insert_embed(txn, 5, embed("image", "https://evil.example/x.png"));
                }),
            ),
            (
                "unknown attribute",
                Box::new(|memo, txn| {
                    memo.format(
                        txn,
                        0,
                        4,
                        Attrs::from([("onmouseover".into(), Any::from("x"))]),
                    );
                }),
            ),
            (
                "javascript link",
                Box::new(|memo, txn| {
                    memo.format(
                        txn,
                        0,
                        4,
                        Attrs::from([("link".into(), Any::from("javascript:alert(1)"))]),
                    );
                }),
            ),
        ];
        for (what, attack) in attacks {
            let mut raw = Peer::join(&app, &m.host, &doc).await;
            send_memo_edit(&mut raw, attack).await;
            assert_eq!(raw.closed_with().await, Some(4001), "{doc}: {what}");
        }
        // A valid edit after the attacks arrives alone: nothing of them was relayed.
        let mut writer = Peer::join(&app, &m.host, &doc).await;
        assert_eq!(writer.memo(), "", "{doc}: nothing was applied");
        let update = {
            let memo = writer.doc.get_or_insert_text("memo");
            let mut txn = writer.doc.transact_mut();
            memo.insert(&mut txn, 0, "at ");
            let ts = Any::from(HashMap::from([("timestamp".to_owned(), Any::from(7000.0))]));
            memo.insert_embed(&mut txn, 3, ts);
            memo.format(
                &mut txn,
                0,
                2,
                Attrs::from([("bold".into(), Any::Bool(true))]),
            );
            txn.encode_update_v1()
        };
        writer.send(protocol::update(&update).to_vec()).await;
        assert!(watcher.pump_until(|_| true, 1).await);
        assert_eq!(watcher.memo(), "at ", "{doc}");
        let content = ok_json(m.host.get(&format!("/api/docs/{doc}")).await).await;
        let delta = content["memo"]["delta"].to_string();
        assert!(!delta.contains("evil"), "{doc}: {delta}");
        assert!(delta.contains("\"timestamp\":7000"), "{doc}: {delta}");
        // A reload from storage holds the same (the refused edits were never appended).
        let late = Peer::join(&app, &m.host, &doc).await;
        assert_eq!(late.memo(), "at ");
    }
}
