//! Two instances sharing Redis (and the database): rooms for the same document meet on the
//! Redis bus, routed per document (an instance hears only the documents it has open, a room
//! opened mid-edit misses nothing, a resubscription after a cut-off catches up).

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

/// A counter of bus events received, by kind, from `/metrics` (0 when never counted).
async fn bus_events(app: &TestApp, kind: &str) -> f64 {
    let text = app.metrics().await;
    let name = format!("vivid_bus_events_received_total{{kind=\"{kind}\"}} ");
    text.lines()
        .find_map(|line| line.strip_prefix(&name))
        .map_or(0.0, |value| value.trim().parse().unwrap())
}

/// Rooms open on `app`, from `/metrics`.
async fn rooms(app: &TestApp) -> f64 {
    let text = app.metrics().await;
    text.lines()
        .find_map(|line| line.strip_prefix("vivid_rooms "))
        .map(|value| value.trim().parse().unwrap())
        .expect("vivid_rooms in /metrics")
}

#[tokio::test]
async fn an_instance_with_no_open_documents_hears_no_document_traffic() {
    let (a, b) = pair(|_| {}).await;
    let m = a.space_with_members().await;
    let doc = format!("video-{}", m.video);
    let mut writer = Peer::join(&a, &m.host, &doc).await;
    let mut reader = Peer::join(&a, &m.participant, &doc).await;
    writer
        .set_presence(601, 1, serde_json::json!({"playhead": 1.0}))
        .await;
    let mut typed = String::new();
    for n in 0..20 {
        let text = format!("{n} ");
        writer.type_memo(&text).await;
        typed.push_str(&text);
    }
    assert!(reader.wait_for_memo(&typed).await, "{}", reader.memo());
    // B listens on the bus (it hears A's heartbeats) ...
    let listening = std::time::Instant::now();
    while bus_events(&b, "alive").await == 0.0 {
        assert!(listening.elapsed() < std::time::Duration::from_secs(10));
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // ... but none of the document's traffic reached it.
    for kind in ["update", "awareness", "awareness_query"] {
        assert_eq!(bus_events(&b, kind).await, 0.0, "{kind} reached b");
    }
    assert!(bus_events(&a, "update").await > 0.0);

    // Once B has the document open, its traffic reaches B.
    let mut on_b = Peer::join(&b, &m.participant, &doc).await;
    writer.type_memo("heard on b").await;
    typed.push_str("heard on b");
    assert!(on_b.wait_for_memo(&typed).await, "{}", on_b.memo());
    assert!(bus_events(&b, "update").await > 0.0);
}

#[tokio::test]
async fn a_room_opened_while_another_instance_edits_misses_nothing() {
    // No periodic stream check on B, and the writer stops at a different moment of B's
    // opening in each round: an edit appended between B's load and B's subscription, with no
    // edit after it to reveal the gap, would never reach B. Rooms close as soon as they empty.
    let (a, b) = pair(|s| {
        s.collab.stream_check = std::time::Duration::from_secs(3600);
        s.collab.room_grace = std::time::Duration::ZERO;
    })
    .await;
    let m = a.space_with_members().await;
    let doc = format!("video-{}", m.video);
    for round in 0..12u64 {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut writer = Peer::join(&a, &m.host, &doc).await;
        let stopped = stop.clone();
        let typing = tokio::spawn(async move {
            let mut n = 0;
            while !stopped.load(std::sync::atomic::Ordering::Relaxed) {
                writer.type_memo(&format!("{round}.{n} ")).await;
                n += 1;
                tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            }
            writer
        });
        let stopper = async {
            tokio::time::sleep(std::time::Duration::from_millis(5 * round)).await;
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        };
        let (mut late, ()) = tokio::join!(Peer::join(&b, &m.participant, &doc), stopper);
        let writer = typing.await.unwrap();
        let expected = writer.memo();
        assert!(
            late.wait_for_memo(&expected).await,
            "round {round}: b has {} of {} characters",
            late.memo().len(),
            expected.len()
        );
        // Both rooms close, so the next round opens (and subscribes) anew.
        late.close().await;
        writer.close().await;
        let closing = std::time::Instant::now();
        while rooms(&b).await > 0.0 {
            assert!(closing.elapsed() < std::time::Duration::from_secs(10));
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edit_announced_while_an_instance_was_cut_off_reaches_it_when_it_is_back() {
    // B reaches Redis through a proxy that can cut it off, and never checks the stream on
    // its own: only its resubscription's catch-up can bring what it missed.
    let (mut settings, dir) = test_settings().await;
    let redis = crate::support::use_redis(&mut settings);
    let a = TestApp::spawn_with(settings.clone(), dir.clone()).await;
    let (mut cut_off, link) =
        crate::support::tcp_proxy::sibling_behind_proxy(&settings, &redis).await;
    cut_off.collab.stream_check = std::time::Duration::from_secs(3600);
    let b = TestApp::spawn_with(cut_off, dir).await;

    let m = a.space_with_members().await;
    let doc = format!("video-{}", m.video);
    let mut on_b = Peer::join(&b, &m.participant, &doc).await;
    let mut on_a = Peer::join(&a, &m.host, &doc).await;
    on_a.type_memo("before. ").await;
    assert!(on_b.wait_for_memo("before. ").await, "{}", on_b.memo());
    // The announcement of this edit never reaches B: its subscription is hung.
    link.hang();
    on_a.type_memo("while b was cut off.").await;
    tokio::time::sleep(std::time::Duration::from_secs(6)).await;
    link.heal();
    assert!(
        on_b.wait_for_memo("before. while b was cut off.").await,
        "{}",
        on_b.memo()
    );
    assert!(
        bus_events(&b, "resync").await >= 2.0,
        "connected, then again"
    );
}
