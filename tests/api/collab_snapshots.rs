//! Snapshots of live documents: storing one never holds up the room's edits, and what a
//! snapshot stores is what the room held when it asked.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, Semaphore};
use vivid::collab::history::{HistoryStore, LocalHistory, NewSnapshot, Snapshot, VersionMeta};
use vivid::startup::{Application, Overrides};
use yrs::{GetString, Transact, Update, updates::decoder::Decode};

use crate::support::peer::Peer;
use crate::support::{TestApp, test_settings};

/// History whose `save` blocks until the test releases it (a slow DynamoDB, a big S3 put).
pub struct GatedHistory {
    inner: Arc<dyn HistoryStore>,
    /// Notified when a save starts waiting.
    pub entered: Notify,
    gate: Semaphore,
}

impl GatedHistory {
    pub fn new(inner: Arc<dyn HistoryStore>) -> Self {
        Self {
            inner,
            entered: Notify::new(),
            gate: Semaphore::new(0),
        }
    }

    /// Lets every waiting and future save through.
    pub fn release(&self) {
        self.gate.add_permits(Semaphore::MAX_PERMITS / 2);
    }

    pub fn inner(&self) -> &Arc<dyn HistoryStore> {
        &self.inner
    }
}

#[async_trait::async_trait]
impl HistoryStore for GatedHistory {
    async fn save(&self, doc: &str, snapshot: NewSnapshot) -> anyhow::Result<VersionMeta> {
        self.entered.notify_one();
        self.gate.acquire().await?.forget();
        self.inner.save(doc, snapshot).await
    }
    async fn latest(&self, doc: &str) -> anyhow::Result<Option<Snapshot>> {
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

/// The memo of a stored state.
fn memo_of(state: &[u8]) -> String {
    let doc = yrs::Doc::new();
    doc.transact_mut()
        .apply_update(Update::decode_v1(state).unwrap())
        .unwrap();
    let memo = doc.get_or_insert_text("memo");
    memo.get_string(&doc.transact())
}

#[tokio::test]
async fn edits_are_relayed_while_a_slow_snapshot_is_being_stored() {
    let (mut settings, dir) = test_settings().await;
    settings.collab.snapshot_interval = Duration::from_secs(1);
    settings.collab.stream_check = Duration::from_secs(1);
    let db = vivid::db::Db::connect(&settings.database_url(), 2).unwrap();
    vivid::db::migrate(&settings.database_url()).await.unwrap();
    let history = Arc::new(GatedHistory::new(Arc::new(LocalHistory::new(db))));
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
    let mut writer = Peer::join(&app, &m.host, &doc).await;
    let mut watcher = Peer::join(&app, &m.participant, &doc).await;

    writer.type_memo("before ").await;
    assert!(watcher.wait_for_memo("before ").await);
    // The periodic snapshot starts and hangs in the store.
    tokio::time::timeout(Duration::from_secs(10), history.entered.notified())
        .await
        .expect("a periodic snapshot started");

    writer.type_memo("during").await;
    assert!(
        watcher.wait_for_memo("before during").await,
        "an edit made while a snapshot is being stored is relayed at once"
    );

    // Once the store is released, a later snapshot holds the later edit too.
    history.release();
    let mut stored = String::new();
    for _ in 0..100 {
        if let Some(latest) = history.inner().latest(&doc).await.unwrap() {
            stored = memo_of(&latest.state);
            if stored == "before during" {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(stored, "before during");
    let versions = history.inner().list(&doc, None, 10).await.unwrap();
    assert_eq!(
        memo_of(&history.inner().get(&doc, 1).await.unwrap().unwrap().state),
        "before ",
        "the first version is the state as it was when its snapshot was asked for"
    );
    assert!(versions.len() >= 2, "{versions:?}");
}
