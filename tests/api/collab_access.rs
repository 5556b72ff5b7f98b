//! Access ends for a live socket however it ends: a deleted account, a removal whose
//! revocation never reached the socket's instance (caught by the periodic re-check), a
//! removal while the socket was joining its room (the check after the join), and a
//! revocation sent while the socket's instance was cut off from Redis (the revocation stream).

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use tokio::sync::{Notify, Semaphore};
use vivid::collab::history::{HistoryStore, LocalHistory, NewSnapshot, Snapshot, VersionMeta};
use vivid::startup::{Application, Overrides};

use crate::support::peer::{Peer, ticket_url};
use crate::support::tcp_proxy::TcpProxy;
use crate::support::{TestApp, test_settings, use_redis};

/// History whose loads wait until the test lets them through: a room stays loading, and a
/// socket that joins it waits, for as long as the test needs.
struct LoadGate {
    inner: Arc<dyn HistoryStore>,
    /// Notified when a load starts waiting.
    entered: Notify,
    gate: Semaphore,
}

#[async_trait::async_trait]
impl HistoryStore for LoadGate {
    async fn save(&self, doc: &str, snapshot: NewSnapshot) -> anyhow::Result<VersionMeta> {
        self.inner.save(doc, snapshot).await
    }
    async fn latest(&self, doc: &str) -> anyhow::Result<Option<Snapshot>> {
        self.entered.notify_one();
        self.gate.acquire().await?.forget();
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

/// Removes `who` from `space` in the database only: no revocation is sent, as if it had been
/// lost on the way (or sent before the socket's room existed).
async fn remove_silently(app: &TestApp, space: &str, user_id: &str) {
    let db = vivid::db::Db::connect(&app.settings.database_url(), 1).unwrap();
    let membership = vivid::library::shared::require_member(&db, space, user_id)
        .await
        .unwrap();
    assert!(
        vivid::library::participants::delete_participation(&db, &membership.id)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn deleting_an_account_closes_its_sockets_with_4003() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let doc = format!("video-{}", m.video);
    let mut leaving = Peer::join(&app, &m.participant, &doc).await;
    let mut staying = Peer::join(&app, &m.host, &doc).await;
    assert_eq!(
        m.participant.delete("/api/me").await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(leaving.closed_with().await, Some(4003));
    // Only the deleted account's socket closed.
    staying.type_memo("still here").await;
    let quiet = tokio::time::timeout(Duration::from_millis(300), staying.closed_with()).await;
    assert!(quiet.is_err(), "the host's socket stayed open");
}

#[tokio::test]
async fn a_removal_whose_revocation_was_lost_closes_the_socket_at_the_next_check() {
    let (mut settings, dir) = test_settings().await;
    settings.collab.reauthorize = Duration::from_secs(1);
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let doc = format!("video-{}", m.video);
    let mut peer = Peer::join(&app, &m.participant, &doc).await;
    remove_silently(&app, &m.space, &m.participant.user_id).await;
    assert_eq!(peer.closed_with().await, Some(4003));
}

#[tokio::test]
async fn a_removal_while_the_socket_joins_its_room_closes_it_once_joined() {
    let (mut settings, dir) = test_settings().await;
    // Long enough that only the check after the join can close the socket in this test.
    settings.collab.reauthorize = Duration::from_secs(3600);
    let db = vivid::db::Db::connect(&settings.database_url(), 2).unwrap();
    vivid::db::migrate(&settings.database_url()).await.unwrap();
    let history = Arc::new(LoadGate {
        inner: Arc::new(LocalHistory::new(db)),
        entered: Notify::new(),
        gate: Semaphore::new(0),
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
    let doc = format!("video-{}", m.video);
    // The socket opens (its access checked) and waits to join while the room loads.
    let url = ticket_url(&app, &m.participant, &doc).await;
    let (socket, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    history.entered.notified().await;
    // Removed now, between the check at open and the join: the room has no member to
    // revoke yet.
    remove_silently(&app, &m.space, &m.participant.user_id).await;
    history.gate.add_permits(Semaphore::MAX_PERMITS / 2);
    assert_eq!(Peer::new(socket).closed_with().await, Some(4003));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revocation_sent_while_an_instance_was_cut_off_reaches_it_when_it_is_back() {
    // Two instances on one Redis; the second reaches it through a proxy that can cut it off.
    let (mut settings, dir) = test_settings().await;
    let redis = use_redis(&mut settings);
    // Long enough that only the revocation can close the socket within the test.
    settings.collab.reauthorize = Duration::from_secs(3600);
    let a = TestApp::spawn_with(settings.clone(), dir.clone()).await;
    let target = redis.trim_start_matches("redis://").trim_end_matches('/');
    let backend = tokio::net::lookup_host(target)
        .await
        .unwrap()
        .next()
        .unwrap();
    let link = TcpProxy::start(vec![backend]).await;
    let mut cut_off = settings.clone();
    cut_off.redis.url = Some(secrecy::SecretString::from(link.url("redis")));
    cut_off.database.migrate_on_start = false;
    let b = TestApp::spawn_with(cut_off, dir).await;

    let m = a.space_with_members().await;
    let doc = format!("video-{}", m.video);
    // Joined and synced (nothing typed: an edit cut off on its way to Redis would close the
    // room with 1011, which is not what this test is about).
    let mut peer = Peer::join(&b, &m.participant, &doc).await;
    // Instance b is cut off from Redis (a half-open link: nothing answers) while a removes
    // the participant: a pub/sub message sent now would never reach b.
    link.hang();
    let remove = format!(
        "/api/spaces/{}/participants/{}",
        m.space, m.participant.user_id
    );
    assert_eq!(
        a.delete(&remove, Some(&m.host.token)).await.status(),
        StatusCode::NO_CONTENT
    );
    tokio::time::sleep(Duration::from_secs(6)).await;
    link.heal();
    assert_eq!(peer.closed_with().await, Some(4003));
}
