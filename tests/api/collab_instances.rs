//! Two instances sharing Redis (and the database): rooms for the same document meet on the
//! Redis bus.

use rand::{Rng, SeedableRng};
use yrs::{GetString, Map, Text, Transact};

use vivid::startup::{Application, Overrides};

use crate::support::peer::Peer;
use crate::support::{Members, TestApp, test_settings};

async fn pair(tune: impl Fn(&mut vivid::config::Settings)) -> (TestApp, TestApp) {
    pair_with(tune, Overrides::default()).await
}

/// Two instances on one database and Redis; the second with `overrides`.
async fn pair_with(
    tune: impl Fn(&mut vivid::config::Settings),
    overrides: Overrides,
) -> (TestApp, TestApp) {
    let (mut settings, dir) = test_settings().await;
    crate::support::use_redis(&mut settings);
    settings.collab.stream_check = std::time::Duration::from_secs(1);
    let first = TestApp::spawn_with(settings.clone(), dir.clone()).await;
    let mut second = settings;
    second.database.migrate_on_start = false;
    tune(&mut second);
    let built = Application::build_with(second.clone(), overrides)
        .await
        .expect("the second instance starts");
    (first, TestApp::adopt(built, second, dir))
}

/// Characters in the memo plus strokes: every edit of the test adds exactly one of either.
/// (Root types are taken before the transaction: creating one needs the write lock.)
fn edits_seen(doc: &yrs::Doc) -> usize {
    let memo = doc.get_or_insert_text("memo");
    let strokes = doc.get_or_insert_map("strokes");
    let txn = doc.transact();
    memo.get_string(&txn).chars().count() + strokes.len(&txn) as usize
}

#[tokio::test]
async fn clients_on_two_instances_converge_after_random_concurrent_edits() {
    let (a, b) = pair(|_| {}).await;
    let m: Members = a.space_with_members().await;
    let doc = format!("video-{}", m.video);
    let mut peers = vec![
        Peer::join(&a, &m.host, &doc).await,
        Peer::join(&b, &m.participant, &doc).await,
        Peer::join(&a, &m.participant, &doc).await,
        Peer::join(&b, &m.host, &doc).await,
    ];
    const EDITS: usize = 25;
    let mut tasks = Vec::new();
    for (n, mut peer) in peers.drain(..).enumerate() {
        tasks.push(tokio::spawn(async move {
            let mut rng = rand::rngs::StdRng::seed_from_u64(n as u64);
            for edit in 0..EDITS {
                if rng.random_bool(0.7) {
                    // Insert at a random place in what this peer currently sees.
                    let memo = peer.doc.get_or_insert_text("memo");
                    let update = {
                        let mut txn = peer.doc.transact_mut();
                        let at = rng.random_range(0..=memo.len(&txn));
                        memo.insert(&mut txn, at, &format!("{n}"));
                        txn.encode_update_v1()
                    };
                    peer.send(vivid::collab::protocol::update(&update).to_vec())
                        .await;
                } else {
                    peer.draw(&format!("p{n}-e{edit}"), edit as f64).await;
                }
                // Take in what the others sent so far (bounded by a short wait).
                let _ = tokio::time::timeout(
                    std::time::Duration::from_millis(rng.random_range(0..20)),
                    peer.pump_until(|_| false, 1),
                )
                .await;
            }
            peer
        }));
    }
    let mut peers = Vec::new();
    for task in tasks {
        peers.push(task.await.unwrap());
    }
    // Every edit adds one character or one stroke, so together they number 4 × EDITS.
    let total_edits = 4 * EDITS;
    for peer in &mut peers {
        assert!(
            peer.pump_until(|doc| edits_seen(doc) == total_edits, 0)
                .await,
            "a peer saw {} of {total_edits} edits",
            edits_seen(&peer.doc)
        );
    }
    let memos: Vec<String> = peers.iter().map(Peer::memo).collect();
    let strokes: Vec<Vec<String>> = peers.iter().map(Peer::strokes).collect();
    assert!(memos.windows(2).all(|w| w[0] == w[1]), "{memos:?}");
    assert!(strokes.windows(2).all(|w| w[0] == w[1]));
    // Late joiners on either instance load the same document.
    for app in [&a, &b] {
        let late = Peer::join(app, &m.host, &doc).await;
        assert_eq!(late.memo(), memos[0]);
        assert_eq!(late.strokes(), strokes[0]);
    }
}

#[tokio::test]
async fn presence_crosses_instances() {
    let (a, b) = pair(|_| {}).await;
    let m = a.space_with_members().await;
    let doc = format!("video-{}", m.video);
    let mut on_a = Peer::join(&a, &m.host, &doc).await;
    on_a.set_presence(501, 1, serde_json::json!({"playhead": 3.0}))
        .await;
    let mut on_b = Peer::join(&b, &m.participant, &doc).await;
    // The newcomer on B asks A's room for its states.
    assert!(
        on_b.pump_until(|_| true, 1).await && on_b.presence.iter().any(|(id, _)| *id == 501),
        "{:?}",
        on_b.presence
    );
    let (_, state) = on_b
        .presence
        .iter()
        .find(|(id, _)| *id == 501)
        .unwrap()
        .clone();
    assert_eq!(state["user"]["id"], m.host.user_id.as_str());
    on_b.set_presence(502, 1, serde_json::json!({"playhead": 4.0}))
        .await;
    assert!(on_a.pump_until(|_| true, 1).await);
    assert!(
        on_a.presence
            .iter()
            .any(|(id, s)| *id == 502 && s["user"]["id"] == m.participant.user_id.as_str())
    );
}

#[tokio::test]
async fn a_dropped_announcement_is_repaired_by_the_periodic_check() {
    // The second instance appends to the stream but never announces.
    let no_announcements = Overrides {
        drop_bus_announcements: true,
        ..Overrides::default()
    };
    let (a, b) = pair_with(|_| {}, no_announcements).await;
    let m = a.space_with_members().await;
    let doc = format!("video-{}", m.video);
    let mut listener = Peer::join(&a, &m.host, &doc).await;
    let mut silent = Peer::join(&b, &m.participant, &doc).await;
    silent.type_memo("heard without an announcement").await;
    // No further edits anywhere: only the periodic stream check can bring it.
    assert!(
        listener
            .wait_for_memo("heard without an announcement")
            .await,
        "{}",
        listener.memo()
    );
    assert!(silent.pump_until(|_| true, 0).await);
}
