//! Documents over WebSockets on one instance: sync, presence, tickets, limits, bad input,
//! revocation, REST over documents, and the rooms' lifecycle.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::SinkExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use vivid::collab::history::{HistoryStore, NewSnapshot, Snapshot, VersionMeta};
use vivid::collab::protocol;
use vivid::startup::{Application, Overrides};

use crate::support::peer::{Peer, ticket, ticket_url};
use crate::support::{TestApp, assert_error, ok_json, test_settings, unique_email};

fn video_doc(video: &str) -> String {
    format!("video-{video}")
}

/// The value of a plain (unlabelled) metric in `/metrics`.
pub async fn metric(app: &TestApp, name: &str) -> f64 {
    let text = app.metrics().await;
    text.lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} is not in /metrics"))
}

#[tokio::test]
async fn two_peers_share_memo_and_strokes_and_late_joiners_get_everything() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);
    let mut host = Peer::join(&app, &m.host, &doc).await;
    let mut participant = Peer::join(&app, &m.participant, &doc).await;

    host.type_memo("Dijkstra: ").await;
    host.draw("s1", 1500.0).await;
    assert!(participant.pump_until(|_| true, 2).await);
    assert_eq!(participant.memo(), "Dijkstra: ");
    assert_eq!(participant.strokes(), ["s1"]);

    participant.type_memo("shortest paths").await;
    assert!(host.pump_until(|_| true, 1).await);
    assert_eq!(host.memo(), "Dijkstra: shortest paths");

    // Someone arriving later gets the whole document in the initial sync.
    let late = Peer::join(&app, &m.host, &doc).await;
    assert_eq!(late.memo(), "Dijkstra: shortest paths");
    assert_eq!(late.strokes(), ["s1"]);

    // And REST sees what the sockets wrote.
    let content = ok_json(
        app.get(&format!("/api/docs/{doc}"), Some(&m.participant.token))
            .await,
    )
    .await;
    assert_eq!(content["memo"]["text"], "Dijkstra: shortest paths");
    assert_eq!(
        content["memo"]["delta"][0]["insert"],
        "Dijkstra: shortest paths"
    );
    assert_eq!(content["strokes"]["s1"]["t"], 1500.0);
    assert_eq!(content["bookmarks"], json!({}));
}

#[tokio::test]
async fn presence_carries_the_authenticated_user_whatever_the_client_claims() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);
    let mut host = Peer::join(&app, &m.host, &doc).await;
    let mut participant = Peer::join(&app, &m.participant, &doc).await;

    participant
        .set_presence(
            4242,
            1,
            json!({"user": {"name": "The Host", "id": m.host.user_id}, "playhead": 61.5}),
        )
        .await;
    assert!(host.pump_until(|_| true, 1).await);
    let (client, state) = host.presence.last().cloned().expect("presence arrived");
    assert_eq!(client, 4242);
    assert_eq!(state["user"]["id"], m.participant.user_id.as_str());
    // The dev login named them after their email's local part.
    assert_eq!(
        state["user"]["name"],
        m.participant.email.split('@').next().unwrap()
    );
    assert!(state["user"]["color"].as_str().unwrap().starts_with('#'));
    assert_eq!(state["playhead"], 61.5);

    // Leaving removes the state for everyone.
    participant.close().await;
    assert!(host.pump_until(|_| true, 1).await);
    let (client, state) = host.presence.last().cloned().unwrap();
    assert_eq!((client, state), (4242, Value::Null));
}

#[tokio::test]
async fn a_connection_cannot_speak_for_another_connections_awareness_client() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);
    let mut host = Peer::join(&app, &m.host, &doc).await;
    let mut mallory = Peer::join(&app, &m.participant, &doc).await;
    host.set_presence(7, 1, json!({"cursor": 1})).await;
    assert!(mallory.pump_until(|_| true, 1).await);

    mallory.set_presence(7, 2, Value::Null).await;
    assert_eq!(mallory.closed_with().await, Some(4002));

    // The host's presence and the room are unharmed.
    host.type_memo("still here").await;
    let mut fresh = Peer::join(&app, &m.participant, &doc).await;
    assert!(fresh.presence.iter().any(|(client, _)| *client == 7));
    assert!(fresh.wait_for_memo("still here").await);
}

#[tokio::test]
async fn tickets_are_single_use_bound_to_a_document_and_short_lived() {
    let (mut settings, dir) = test_settings().await;
    settings.collab.ticket_ttl = std::time::Duration::from_secs(1);
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);

    // Used once, then refused.
    let url = ticket_url(&app, &m.host, &doc).await;
    let first = Peer::connect_url(&url).await.expect("first use");
    let reused = Peer::connect_url(&url)
        .await
        .err()
        .expect("second use refused");
    assert!(reused.to_string().contains("401"), "{reused}");
    drop(first);

    // For another document: refused.
    let note = ok_json(app.get("/api/individual-videos", Some(&m.host.token)).await).await;
    let note_doc = format!("note-{}", note["items"][0]["id"].as_str().unwrap());
    let note_url = ticket_url(&app, &m.host, &note_doc).await;
    let elsewhere = note_url.replace(&note_doc, &doc);
    let error = Peer::connect_url(&elsewhere).await.err().unwrap();
    assert!(error.to_string().contains("403"), "{error}");

    // Expired: refused.
    let url = ticket_url(&app, &m.host, &doc).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let error = Peer::connect_url(&url).await.err().unwrap();
    assert!(error.to_string().contains("401"), "{error}");

    // Missing, or made up.
    let base = url.split('?').next().unwrap().to_owned();
    assert!(
        Peer::connect_url(&base)
            .await
            .err()
            .unwrap()
            .to_string()
            .contains("401")
    );
    assert!(
        Peer::connect_url(&format!("{base}?ticket=made-up"))
            .await
            .err()
            .unwrap()
            .to_string()
            .contains("401")
    );
}

#[tokio::test]
async fn tickets_are_issued_only_to_those_who_may_open_the_document() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);
    assert_error(
        ticket(&app, &m.outsider, &doc).await,
        StatusCode::NOT_FOUND,
        "video_not_found",
    )
    .await;
    let hosts_notes = ok_json(app.get("/api/individual-videos", Some(&m.host.token)).await).await;
    let note = format!("note-{}", hosts_notes["items"][0]["id"].as_str().unwrap());
    assert_eq!(ticket(&app, &m.host, &note).await.status(), StatusCode::OK);
    assert_error(
        ticket(&app, &m.participant, &note).await,
        StatusCode::NOT_FOUND,
        "individual_video_not_found",
    )
    .await;
    assert_error(
        ticket(&app, &m.host, "memo-1").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let anonymous = app.post("/api/ws-tickets", None, json!({"doc": doc})).await;
    assert_error(anonymous, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    // The REST view of a document follows the same rule.
    assert_error(
        app.get(&format!("/api/docs/{doc}"), Some(&m.outsider.token))
            .await,
        StatusCode::NOT_FOUND,
        "video_not_found",
    )
    .await;
}

#[tokio::test]
async fn bad_frames_close_only_their_own_connection() {
    let (mut settings, dir) = test_settings().await;
    settings.collab.max_frame_bytes = 4096;
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);
    let mut witness = Peer::join(&app, &m.host, &doc).await;

    let cases: Vec<(&str, Message, u16)> = vec![
        (
            "random bytes",
            Message::Binary(vec![0xde, 0xad, 0xbe, 0xef, 7, 7].into()),
            4001,
        ),
        (
            "truncated varint",
            Message::Binary(vec![0x80, 0x80].into()),
            4001,
        ),
        (
            "unknown message type",
            Message::Binary(vec![42, 0].into()),
            4001,
        ),
        (
            "unknown sync step",
            Message::Binary(vec![0, 9, 0].into()),
            4001,
        ),
        (
            "malformed update",
            Message::Binary(vec![0, 2, 3, 0xff, 0xff, 0xff].into()),
            4001,
        ),
        ("text frame", Message::Text("hello".into()), 4001),
        (
            "frame over the limit",
            Message::Binary(vec![0u8; 8192].into()),
            1009,
        ),
        (
            "awareness that is not an object",
            Message::Binary({
                let mut frame = vec![1];
                let inner = [1u8, 9, 1, 3, b'[', b'1', b']'];
                frame.push(inner.len() as u8);
                frame.extend_from_slice(&inner);
                frame.into()
            }),
            4001,
        ),
    ];
    for (what, frame, expected) in cases {
        let mut bad = Peer::join(&app, &m.participant, &doc).await;
        bad.socket.send(frame).await.unwrap();
        assert_eq!(bad.closed_with().await, Some(expected), "{what}");
        // The room still serves the others.
        witness.type_memo(".").await;
        let mut check = Peer::join(&app, &m.participant, &doc).await;
        let expected = witness.memo();
        assert!(
            check.wait_for_memo(&expected).await,
            "after {what}: {}",
            check.memo()
        );
        check.close().await;
    }
    // Nothing from rejected input was stored.
    let content = ok_json(
        app.get(&format!("/api/docs/{doc}"), Some(&m.host.token))
            .await,
    )
    .await;
    assert_eq!(content["memo"]["text"], "........");
    let rejected = app.metrics().await;
    assert!(rejected.contains(r#"vivid_rejected_frames_total{reason="frame_too_large"}"#));
    assert!(rejected.contains(r#"vivid_rejected_frames_total{reason="malformed"}"#));
}

#[tokio::test]
async fn an_update_storm_is_cut_off_by_the_rate_limit() {
    let (mut settings, dir) = test_settings().await;
    settings.collab.updates_per_second = 5.0;
    settings.collab.update_burst = 10.0;
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);
    let mut stormer = Peer::join(&app, &m.participant, &doc).await;
    for _ in 0..40 {
        stormer.type_memo("x").await;
    }
    assert_eq!(stormer.closed_with().await, Some(4005));
    let calm = Peer::join(&app, &m.host, &doc).await;
    let stored = calm.memo().len();
    assert!(
        (1..=11).contains(&stored),
        "only the burst got through: {stored}"
    );
}

#[tokio::test]
async fn a_document_cannot_grow_past_its_size_limit() {
    let (mut settings, dir) = test_settings().await;
    settings.collab.max_frame_bytes = 64 * 1024;
    settings.collab.max_document_bytes = 100 * 1024;
    // One writer fills it (the per-user share is tested in the room core).
    settings.collab.max_user_share = 1.0;
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);
    let mut writer = Peer::join(&app, &m.host, &doc).await;
    let chunk = "y".repeat(40 * 1024);
    writer.type_memo(&chunk).await;
    writer.type_memo(&chunk).await;
    writer.type_memo(&chunk).await;
    assert_eq!(writer.closed_with().await, Some(4006));
    let reader = Peer::join(&app, &m.participant, &doc).await;
    assert_eq!(reader.memo().len(), 80 * 1024);
}

#[tokio::test]
async fn a_removed_participant_is_disconnected() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);
    let mut participant = Peer::join(&app, &m.participant, &doc).await;
    let mut host = Peer::join(&app, &m.host, &doc).await;
    let remove = format!(
        "/api/spaces/{}/participants/{}",
        m.space, m.participant.user_id
    );
    assert_eq!(
        app.delete(&remove, Some(&m.host.token)).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(participant.closed_with().await, Some(4003));
    host.type_memo("the host carries on").await;
    assert!(host.pump_until(|_| true, 0).await);
    assert_error(
        ticket(&app, &m.participant, &doc).await,
        StatusCode::NOT_FOUND,
        "video_not_found",
    )
    .await;
}

#[tokio::test]
async fn versions_are_saved_listed_read_and_restored_live() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);
    let mut host = Peer::join(&app, &m.host, &doc).await;
    let mut watcher = Peer::join(&app, &m.participant, &doc).await;

    host.type_memo("first draft").await;
    assert!(watcher.pump_until(|_| true, 1).await);
    let saved = app
        .post(
            &format!("/api/docs/{doc}/versions"),
            Some(&m.host.token),
            json!({"name": "Draft"}),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::CREATED);
    let saved = ok_json(saved).await;
    assert_eq!(saved["name"], "Draft");
    assert_eq!(saved["contributors"], json!([m.host.user_id]));
    let version = saved["version"].as_i64().unwrap();

    host.type_memo(" then a mess").await;
    assert!(watcher.pump_until(|_| true, 1).await);
    assert_eq!(watcher.memo(), "first draft then a mess");
    app.post(
        &format!("/api/docs/{doc}/versions"),
        Some(&m.participant.token),
        json!({}),
    )
    .await;

    let list = ok_json(
        app.get(
            &format!("/api/docs/{doc}/versions?limit=1"),
            Some(&m.participant.token),
        )
        .await,
    )
    .await;
    assert_eq!(list["items"][0]["version"], version + 1);
    let cursor = list["next_cursor"].as_str().unwrap();
    let older = ok_json(
        app.get(
            &format!("/api/docs/{doc}/versions?limit=1&cursor={cursor}"),
            Some(&m.participant.token),
        )
        .await,
    )
    .await;
    assert_eq!(older["items"][0]["version"], version);
    assert!(older["next_cursor"].is_null());

    let old = ok_json(
        app.get(
            &format!("/api/docs/{doc}/versions/{version}"),
            Some(&m.participant.token),
        )
        .await,
    )
    .await;
    assert_eq!(old["content"]["memo"]["text"], "first draft");
    assert!(old["size_bytes"].as_i64().unwrap() > 0);

    let restored = ok_json(
        app.post(
            &format!("/api/docs/{doc}/versions/{version}/restore"),
            Some(&m.participant.token),
            json!({}),
        )
        .await,
    )
    .await;
    assert_eq!(restored["changed"], true);
    // Both open clients see the restore as a live edit.
    assert!(watcher.pump_until(|_| true, 1).await);
    assert_eq!(watcher.memo(), "first draft");
    assert!(host.pump_until(|_| true, 1).await);
    assert_eq!(host.memo(), "first draft");

    assert_error(
        app.get(
            &format!("/api/docs/{doc}/versions/999"),
            Some(&m.host.token),
        )
        .await,
        StatusCode::NOT_FOUND,
        "version_not_found",
    )
    .await;
    assert_error(
        app.post(
            &format!("/api/docs/{doc}/versions/999/restore"),
            Some(&m.host.token),
            json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "version_not_found",
    )
    .await;
}

#[tokio::test]
async fn an_idle_room_stores_its_document_and_reloads_it_from_history() {
    let (mut settings, dir) = test_settings().await;
    settings.collab.room_grace = std::time::Duration::from_secs(0);
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);
    let mut writer = Peer::join(&app, &m.host, &doc).await;
    writer.type_memo("kept across rooms").await;
    writer.draw("s9", 9000.0).await;
    writer.close().await;
    wait_for_rooms(&app, 0.0).await;

    let versions = ok_json(
        app.get(&format!("/api/docs/{doc}/versions"), Some(&m.host.token))
            .await,
    )
    .await;
    assert_eq!(
        versions["items"].as_array().unwrap().len(),
        1,
        "the closing room stored a version"
    );
    let reader = Peer::join(&app, &m.participant, &doc).await;
    assert_eq!(reader.memo(), "kept across rooms");
    assert_eq!(reader.strokes(), ["s9"]);

    // Every collaboration metric is exported.
    let text = app.metrics().await;
    for name in [
        "vivid_ws_connections",
        "vivid_rooms",
        r#"vivid_ws_messages_total{direction="in"}"#,
        r#"vivid_ws_bytes_total{direction="out"}"#,
        "vivid_fanout_seconds_count",
        "vivid_stream_lag_seconds_count",
        "vivid_snapshot_age_seconds_count",
        "vivid_snapshot_duration_seconds_count",
        "vivid_room_load_failures_total",
    ] {
        assert!(text.contains(name), "{name} missing from /metrics");
    }
    assert!(metric(&app, "vivid_snapshot_duration_seconds_count").await >= 1.0);
}

pub async fn wait_for_rooms(app: &TestApp, expected: f64) {
    wait_for_metric(app, "vivid_rooms", expected).await
}

pub async fn wait_for_metric(app: &TestApp, name: &str, expected: f64) {
    for _ in 0..100 {
        if metric(app, name).await == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "{name} stayed at {} instead of {expected}",
        metric(app, name).await
    );
}

/// History that fails its first `failures` loads.
struct FlakyHistory {
    inner: Arc<dyn HistoryStore>,
    failures: AtomicUsize,
}

#[async_trait::async_trait]
impl HistoryStore for FlakyHistory {
    async fn save(&self, doc: &str, snapshot: NewSnapshot) -> anyhow::Result<VersionMeta> {
        self.inner.save(doc, snapshot).await
    }
    async fn latest(&self, doc: &str) -> anyhow::Result<Option<Snapshot>> {
        let left = self.failures.load(Ordering::SeqCst);
        if left > 0 {
            self.failures.store(left - 1, Ordering::SeqCst);
            anyhow::bail!("history made to fail ({left} failures left)");
        }
        self.inner.latest(doc).await
    }
    async fn get(&self, doc: &str, version: i64) -> anyhow::Result<Option<Snapshot>> {
        self.inner.get(doc, version).await
    }
    async fn list(
        &self,
        doc: &str,
        before: Option<i64>,
        limit: usize,
    ) -> anyhow::Result<Vec<VersionMeta>> {
        self.inner.list(doc, before, limit).await
    }
    async fn delete(&self, doc: &str, versions: &[i64]) -> anyhow::Result<()> {
        self.inner.delete(doc, versions).await
    }
    async fn delete_all(&self, doc: &str) -> anyhow::Result<usize> {
        self.inner.delete_all(doc).await
    }
}

#[tokio::test]
async fn rooms_gauge_returns_to_zero_after_many_joins_leaves_and_failed_loads() {
    let (mut settings, dir) = test_settings().await;
    settings.collab.room_grace = std::time::Duration::from_secs(0);
    let db = vivid::db::Db::connect(&settings.database_url(), 2).unwrap();
    vivid::db::migrate(&settings.database_url()).await.unwrap();
    let history = Arc::new(FlakyHistory {
        inner: Arc::new(vivid::collab::history::LocalHistory::new(db)),
        failures: AtomicUsize::new(20),
    });
    let overrides = Overrides {
        history: Some(history.clone()),
        ..Overrides::default()
    };
    let built = Application::build_with(settings.clone(), overrides)
        .await
        .unwrap();
    let app = TestApp::adopt(built, settings, dir);
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);

    // 20 failed loads: each join is refused with 1011 and leaves no room behind.
    let mut refused = 0;
    while history.failures.load(Ordering::SeqCst) > 0 {
        let url = ticket_url(&app, &m.host, &doc).await;
        let (mut socket, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
        let _ = socket
            .send(Message::Binary(
                protocol::sync_step1(Default::default()).to_vec().into(),
            ))
            .await;
        let mut peer_socket = Peer::new(socket);
        assert_eq!(peer_socket.closed_with().await, Some(1011));
        refused += 1;
    }
    assert!(
        refused >= 10,
        "every join retries once, so 20 failures take 10–20 joins"
    );
    wait_for_rooms(&app, 0.0).await;
    assert_eq!(metric(&app, "vivid_room_load_failures_total").await, 20.0);

    // 1,000 join/leave cycles, two documents interleaved.
    let other = app.create_video(&m.host, &m.space, "Lecture 2").await;
    let docs = [doc.clone(), video_doc(&other)];
    for cycle in 0..1000 {
        let peer = Peer::join(&app, &m.host, &docs[cycle % 2]).await;
        peer.close().await;
    }
    wait_for_rooms(&app, 0.0).await;
    assert_eq!(metric(&app, "vivid_ws_connections").await, 0.0);
    // The document still loads fine afterwards.
    let peer = Peer::join(&app, &m.participant, &doc).await;
    assert_eq!(peer.memo(), "");
}

#[tokio::test]
async fn deleting_a_space_closes_its_documents() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "S").await;
    let video = app.create_video(&host, &space, "V").await;
    let mut peer = Peer::join(&app, &host, &video_doc(&video)).await;
    assert_eq!(
        app.delete(&format!("/api/spaces/{space}"), Some(&host.token))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(peer.closed_with().await, Some(4003));
}

#[tokio::test]
async fn a_document_refuses_connections_beyond_its_limit() {
    let (mut settings, dir) = test_settings().await;
    settings.collab.max_connections_per_document = 2;
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);
    let _first = Peer::join(&app, &m.host, &doc).await;
    let _second = Peer::join(&app, &m.participant, &doc).await;
    let url = ticket_url(&app, &m.host, &doc).await;
    let (socket, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    assert_eq!(Peer::new(socket).closed_with().await, Some(4007));
}

#[tokio::test]
async fn a_client_that_stops_reading_is_closed_as_a_slow_consumer() {
    let (mut settings, dir) = test_settings().await;
    settings.collab.outbound_queue = 4;
    settings.collab.max_document_bytes = 256 * 1024 * 1024;
    settings.collab.updates_per_second = 100_000.0;
    settings.collab.update_burst = 100_000.0;
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);
    let mut stalled = Peer::join(&app, &m.participant, &doc).await;
    let mut writer = Peer::join(&app, &m.host, &doc).await;
    // Edits the stalled client never reads: the kernel's socket buffers fill, then actix-ws's
    // channel (32 frames), then its queue.
    let chunk = "z".repeat(64 * 1024);
    for _ in 0..400 {
        writer.type_memo(&chunk).await;
    }
    // The server drops it: the client sees 4004 if it gets to read that far, else a reset
    // (the server closes with its unread frames pending).
    let closed = stalled.closed_with().await;
    assert!(matches!(closed, Some(4004) | None), "{closed:?}");
    // Only the writer is left, and its socket stays open.
    wait_for_metric(&app, "vivid_ws_connections", 1.0).await;
    writer.type_memo("!").await;
    let quiet = tokio::time::timeout(Duration::from_millis(300), writer.closed_with()).await;
    assert!(quiet.is_err(), "the writer was not closed");
    assert!(
        app.metrics()
            .await
            .contains(r#"vivid_rejected_frames_total{reason="slow_consumer"}"#)
    );
}

#[tokio::test]
async fn a_ticket_issued_before_removal_no_longer_opens_the_document() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);
    let url = ticket_url(&app, &m.participant, &doc).await;
    let remove = format!(
        "/api/spaces/{}/participants/{}",
        m.space, m.participant.user_id
    );
    assert_eq!(
        app.delete(&remove, Some(&m.host.token)).await.status(),
        StatusCode::NO_CONTENT
    );
    let refused = Peer::connect_url(&url).await.err().expect("refused");
    assert!(refused.to_string().contains("404"), "{refused}");
}

#[tokio::test]
async fn rooms_opened_by_rest_close_when_idle() {
    let (mut settings, dir) = test_settings().await;
    settings.collab.room_grace = std::time::Duration::from_secs(0);
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);
    ok_json(
        app.get(&format!("/api/docs/{doc}"), Some(&m.host.token))
            .await,
    )
    .await;
    wait_for_rooms(&app, 0.0).await;
}

#[tokio::test]
async fn a_removed_participant_is_told_why_before_the_close() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let doc = video_doc(&m.video);
    let mut participant = Peer::join(&app, &m.participant, &doc).await;
    let remove = format!(
        "/api/spaces/{}/participants/{}",
        m.space, m.participant.user_id
    );
    app.delete(&remove, Some(&m.host.token)).await;
    // The auth message (permission denied) arrives, then the close.
    let bytes = loop {
        let frame = tokio::time::timeout(
            Duration::from_secs(5),
            futures_util::StreamExt::next(&mut participant.socket),
        )
        .await
        .unwrap()
        .unwrap()
        .unwrap();
        match frame {
            Message::Binary(bytes) => break bytes,
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("expected permission denied first, got {other:?}"),
        }
    };
    assert_eq!(bytes[0], 2, "an auth message");
    assert!(String::from_utf8_lossy(&bytes).contains("no longer in this space"));
    assert_eq!(participant.closed_with().await, Some(4003));
}
