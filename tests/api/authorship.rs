//! Authorship on the wire: an entry that names someone other than its sender is refused with
//! 4001 and nothing of it is applied, stored or relayed; an entry naming its sender, and a
//! move of someone else's drawing that keeps its author, go through.

use yrs::{Any, Map, Transact};

use crate::support::peer::Peer;
use crate::support::{TestApp, ok_json};

fn stroke(author: &str, x: f64) -> Vec<(&'static str, Any)> {
    vec![
        ("t", Any::from(1000.0)),
        ("d", Any::from(3000.0)),
        ("tool", Any::from("pen")),
        ("color", Any::from("#e11d48")),
        ("width", Any::from(4.0)),
        ("points", Any::from(vec![Any::from(x), Any::from(0.2)])),
        ("author", Any::from(author.to_owned())),
    ]
}

fn keys(peer: &Peer, map: &str) -> Vec<String> {
    let map = peer.doc.get_or_insert_map(map);
    let txn = peer.doc.transact();
    let mut keys: Vec<String> = map.keys(&txn).map(str::to_owned).collect();
    keys.sort();
    keys
}

#[tokio::test]
async fn an_entry_in_someone_elses_name_is_refused_and_never_relayed() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let doc = format!("video-{}", m.video);
    let (host, student) = (m.host.user_id.as_str(), m.participant.user_id.as_str());
    let mut watcher = Peer::join(&app, &m.host, &doc).await;

    // The student writes a comment as the host (name and id), then a stroke as the host.
    let mut forger = Peer::join(&app, &m.participant, &doc).await;
    forger
        .put_entry(
            "comments",
            "forged-comment",
            &[
                ("t", Any::from(5000.0)),
                ("text", Any::from("The exam is cancelled")),
                ("author", Any::from(host)),
                ("authorName", Any::from("Host")),
            ],
        )
        .await;
    assert_eq!(forger.closed_with().await, Some(4001), "forged comment");
    let mut forger = Peer::join(&app, &m.participant, &doc).await;
    forger
        .put_entry("strokes", "forged-stroke", &stroke(host, 0.1))
        .await;
    assert_eq!(forger.closed_with().await, Some(4001), "forged stroke");

    // Their own entries go through; then the host's stroke, which the student moves.
    let mut writer = Peer::join(&app, &m.participant, &doc).await;
    writer
        .put_entry(
            "comments",
            "own-comment",
            &[
                ("t", Any::from(6000.0)),
                ("text", Any::from("Is it?")),
                ("author", Any::from(student)),
                ("authorName", Any::from("Student")),
            ],
        )
        .await;
    watcher
        .put_entry("strokes", "host-stroke", &stroke(host, 0.3))
        .await;
    assert!(
        writer
            .pump_until(
                |d| d.get_or_insert_map("strokes").len(&d.transact()) == 1,
                0
            )
            .await
    );
    writer
        .put_entry("strokes", "host-stroke", &stroke(host, 0.5))
        .await;
    let moved = watcher
        .pump_until(
            |d| {
                // The root types first: asking for one while a transaction is open deadlocks.
                let comments = d.get_or_insert_map("comments");
                let strokes = d.get_or_insert_map("strokes");
                let txn = d.transact();
                let stroke = strokes.get(&txn, "host-stroke");
                comments.len(&txn) == 1 && stroke.is_some_and(|s| s.to_string(&txn).contains("0.5"))
            },
            0,
        )
        .await;
    assert!(moved, "the own comment and the move arrive");
    assert_eq!(keys(&watcher, "comments"), ["own-comment"]);
    assert_eq!(keys(&watcher, "strokes"), ["host-stroke"]);

    // Stored: a fresh reader and the REST view hold none of the forged entries.
    let late = Peer::join(&app, &m.participant, &doc).await;
    assert_eq!(keys(&late, "comments"), ["own-comment"]);
    assert_eq!(keys(&late, "strokes"), ["host-stroke"]);
    let content = ok_json(m.host.get(&format!("/api/docs/{doc}")).await).await;
    assert!(
        content["comments"].get("forged-comment").is_none(),
        "{content}"
    );
    assert!(
        content["strokes"].get("forged-stroke").is_none(),
        "{content}"
    );
}
