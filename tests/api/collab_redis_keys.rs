//! A document's Redis keys against real Redis: snapshotters overlapping past the lock's TTL
//! cannot move the cached state backwards, and idle documents' keys expire (history is the
//! durable copy), after which the document loads from history.

use std::time::Duration;

use bytes::Bytes;
use vivid::background::Background;
use vivid::collab::bus::{Bus, RedisBus};
use vivid::collab::stream_id::StreamId;
use vivid::redis_link::{self, RedisLink};

use crate::collab::wait_for_rooms;
use crate::support::peer::Peer;
use crate::support::{TestApp, ok_json, test_settings, use_redis};

async fn connection(url: &str) -> redis::aio::MultiplexedConnection {
    redis::Client::open(url)
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn overlapping_snapshotters_cannot_move_the_cache_backwards() {
    let (mut settings, _dir) = test_settings().await;
    let url = use_redis(&mut settings);
    let background = Background::new();
    let link = RedisLink::connect(redis_link::client(&url).unwrap(), &background).unwrap();
    let bus = RedisBus::new(link, settings.redis.key_prefix.clone(), false);
    let doc = "video-race";
    let lock = "snapshot:{video-race}";
    let mut ids: Vec<StreamId> = Vec::new();
    for i in 0..6u8 {
        let appended = bus.append(doc, "room", "user", &Bytes::from(vec![i])).await;
        ids.push(appended.unwrap().id);
    }

    // A takes the lock with a short TTL to store the state at ids[2]; it stalls (a slow
    // DynamoDB write) until the lock has expired and B took it.
    assert!(
        bus.try_lock(lock, "A", Duration::from_millis(100))
            .await
            .unwrap()
    );
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert!(
        bus.try_lock(lock, "B", Duration::from_secs(30))
            .await
            .unwrap()
    );
    // B stores the newer state (ids[4]) and releases.
    assert!(
        bus.commit_snapshot(doc, lock, "B", ids[4], b"B")
            .await
            .unwrap()
    );
    bus.unlock(lock, "B").await.unwrap();
    // A wakes up: its older state must not replace B's, nor may it trim.
    assert!(
        !bus.commit_snapshot(doc, lock, "A", ids[2], b"A")
            .await
            .unwrap()
    );
    // A holder that lost its lock cannot write even a newer state (fenced).
    assert!(
        !bus.commit_snapshot(doc, lock, "A", ids[5], b"A")
            .await
            .unwrap()
    );

    let (cached, state) = bus.cached_state(doc).await.unwrap().unwrap();
    assert_eq!(cached, ids[4]);
    assert_eq!(state, b"B");
    let tail: Vec<StreamId> = bus
        .read_after(doc, ids[4])
        .await
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(
        tail,
        ids[5..].to_vec(),
        "nothing after the cache was trimmed"
    );

    // Many commits of one holder racing each other: the cache ends at the newest.
    assert!(
        bus.try_lock(lock, "C", Duration::from_secs(30))
            .await
            .unwrap()
    );
    let mut more = Vec::new();
    for i in 0..40u8 {
        more.push(
            bus.append(doc, "room", "user", &Bytes::from(vec![i]))
                .await
                .unwrap()
                .id,
        );
    }
    let newest = *more.last().unwrap();
    let bus = std::sync::Arc::new(bus);
    let racing: Vec<_> = more
        .iter()
        .rev()
        .map(|id| {
            let (bus, id) = (bus.clone(), *id);
            tokio::spawn(async move {
                bus.commit_snapshot(doc, lock, "C", id, id.to_string().as_bytes())
                    .await
            })
        })
        .collect();
    for task in racing {
        task.await.unwrap().unwrap();
    }
    let (cached, state) = bus.cached_state(doc).await.unwrap().unwrap();
    assert_eq!(cached, newest);
    assert_eq!(state, newest.to_string().into_bytes());
    background.stopping().cancel();
}

#[tokio::test(flavor = "multi_thread")]
async fn idle_documents_keys_expire_and_the_document_loads_from_history() {
    let (mut settings, dir) = test_settings().await;
    let url = use_redis(&mut settings);
    settings.collab.room_grace = Duration::from_secs(0);
    settings.collab.redis_idle_ttl = Duration::from_secs(2);
    let prefix = settings.redis.key_prefix.clone();
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let doc = format!("video-{}", m.video);
    let mut redis = connection(&url).await;
    let key = |what: &str| format!("{prefix}doc:{{{doc}}}:{what}");

    let mut writer = Peer::join(&app, &m.host, &doc).await;
    writer.type_memo("kept in history").await;
    let mut watcher = Peer::join(&app, &m.participant, &doc).await;
    assert!(watcher.wait_for_memo("kept in history").await);
    ok_json(
        app.post(
            &format!("/api/docs/{doc}/versions"),
            Some(&m.host.token),
            serde_json::json!({}),
        )
        .await,
    )
    .await;
    for what in ["stream", "last", "state"] {
        let ttl: i64 = redis::cmd("PTTL")
            .arg(key(what))
            .query_async(&mut redis)
            .await
            .unwrap();
        assert!(
            ttl > 0 && ttl <= 2000,
            "{what} lives at most collab.redis_idle_ttl_secs, got {ttl}"
        );
    }

    writer.close().await;
    watcher.close().await;
    wait_for_rooms(&app, 0.0).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let left: i64 = redis::cmd("EXISTS")
        .arg(key("stream"))
        .arg(key("last"))
        .arg(key("state"))
        .query_async(&mut redis)
        .await
        .unwrap();
    assert_eq!(left, 0, "an idle document's keys expired");

    let reader = Peer::join(&app, &m.participant, &doc).await;
    assert_eq!(reader.memo(), "kept in history");
}
