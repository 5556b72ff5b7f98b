//! Real server processes (the `vivid` binary) sharing Redis, the database and DynamoDB/S3
//! (moto): an instance killed with SIGKILL mid-stream loses nothing any client has seen, and
//! with Redis emptied the documents come back from history.

use std::time::Duration;

use yrs::{ReadTxn, Transact};

use crate::support::aws::with_aws_history;
use crate::support::peer::Peer;
use crate::support::processes::start;
use crate::support::{ok_json, test_settings};

/// True when `seen`'s state is contained in `store`'s.
fn contains(store: &yrs::Doc, seen: &yrs::Doc) -> bool {
    let have = store.transact().state_vector();
    let wanted = seen.transact().state_vector();
    wanted
        .iter()
        .all(|(client, clock)| have.get(client) >= *clock)
}

#[tokio::test(flavor = "multi_thread")]
async fn sigkill_loses_no_seen_update_and_history_restores_an_emptied_redis() {
    let (mut settings, dir) = test_settings().await;
    let redis = crate::support::use_redis(&mut settings);
    with_aws_history(&mut settings);
    let mut a = start(&settings, &dir, &[]).await;
    let mut b = start(&settings, &dir, &[]).await;

    let m = a.app.space_with_members().await;
    let doc = format!("video-{}", m.video);
    let mut writer_a = Peer::join(&a.app, &m.host, &doc).await;
    let mut writer_b = Peer::join(&b.app, &m.participant, &doc).await;
    let mut watcher_b = Peer::join(&b.app, &m.participant, &doc).await;

    // A stream of edits from both sides; B dies in the middle of it.
    for round in 0..30 {
        writer_a.type_memo("a").await;
        writer_b.type_memo("b").await;
        if round == 20 {
            b.sigkill();
        }
        let _ = tokio::time::timeout(Duration::from_millis(10), writer_a.pump_until(|_| false, 1))
            .await;
        let _ = tokio::time::timeout(
            Duration::from_millis(10),
            watcher_b.pump_until(|_| false, 1),
        )
        .await;
    }
    let _ = tokio::time::timeout(
        Duration::from_millis(300),
        writer_a.pump_until(|_| false, 1000),
    )
    .await;

    // What the survivors and the dead instance's watcher had seen is all on instance A.
    let fresh = Peer::join(&a.app, &m.host, &doc).await;
    assert!(contains(&fresh.doc, &writer_a.doc), "A's own view survived");
    assert!(
        contains(&fresh.doc, &watcher_b.doc),
        "everything relayed by the killed instance survived"
    );
    let seen_before = fresh.memo();
    assert!(seen_before.matches('b').count() >= 20, "{seen_before}");

    // A stops gracefully (SIGTERM drains its rooms into history); Redis is emptied.
    drop((writer_a, writer_b, watcher_b, fresh));
    a.sigterm();
    let mut conn = redis::Client::open(redis.as_str())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{}*", settings.redis.key_prefix))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(!keys.is_empty());
    let _: i64 = redis::cmd("DEL")
        .arg(&keys)
        .query_async(&mut conn)
        .await
        .unwrap();

    // Both come back; sessions and the document with them (from DynamoDB).
    let a = start(&settings, &dir, &[]).await;
    let b = start(&settings, &dir, &[]).await;
    let host = a.app.login(&m.host.email).await;
    let participant = b.app.login(&m.participant.email).await;
    let on_a = Peer::join(&a.app, &host, &doc).await;
    let on_b = Peer::join(&b.app, &participant, &doc).await;
    assert_eq!(on_a.memo(), seen_before);
    assert_eq!(on_b.memo(), seen_before);
    assert_eq!(
        on_a.doc.transact().state_vector(),
        on_b.doc.transact().state_vector()
    );
}

/// The embedded profile (no Redis): an edit a client saw survives a SIGKILL right after,
/// long before any snapshot (the journal in the local database).
#[tokio::test(flavor = "multi_thread")]
async fn embedded_sigkill_loses_no_seen_update() {
    let (mut settings, dir) = test_settings().await;
    settings.redis.url = None;
    let mut instance = start(&settings, &dir, &[]).await;
    let m = instance.app.space_with_members().await;
    let doc = format!("video-{}", m.video);
    let mut writer = Peer::join(&instance.app, &m.host, &doc).await;
    let mut watcher = Peer::join(&instance.app, &m.participant, &doc).await;
    for word in ["seen ", "by ", "the watcher"] {
        writer.type_memo(word).await;
    }
    assert!(watcher.wait_for_memo("seen by the watcher").await);
    instance.sigkill();
    drop((writer, watcher));

    let restarted = start(&settings, &dir, &[]).await;
    let host = restarted.app.login(&m.host.email).await;
    let reader = Peer::join(&restarted.app, &host, &doc).await;
    assert_eq!(reader.memo(), "seen by the watcher");
    let versions = ok_json(
        restarted
            .app
            .get(&format!("/api/docs/{doc}/versions"), Some(&host.token))
            .await,
    )
    .await;
    assert_eq!(
        versions["items"].as_array().unwrap().len(),
        0,
        "no snapshot was taken: the edits came back from the journal"
    );
}
