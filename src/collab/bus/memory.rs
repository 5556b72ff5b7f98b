use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;

use super::{Appended, Bus, Entry, Event, EventSink};
use crate::background::Background;
use crate::collab::stream_id::StreamId;

/// One process, one room per document: nothing is carried or logged. Ids are time-based like
/// Redis's (`ms-seq`), so they keep rising across restarts and stay above the ids stored in
/// history snapshots.
#[derive(Default)]
pub struct MemoryBus {
    last: Mutex<HashMap<String, StreamId>>,
}

impl MemoryBus {
    /// Whether ids of `doc` were handed out (or seeded) in this process.
    pub fn knows(&self, doc: &str) -> bool {
        let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.contains_key(doc)
    }

    /// Ids of `doc` continue above `id` (one found in a journal).
    pub fn seed(&self, doc: &str, id: StreamId) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let known = last.entry(doc.to_owned()).or_insert(id);
        *known = (*known).max(id);
    }
}

#[async_trait]
impl Bus for MemoryBus {
    async fn append(&self, doc: &str, _: &str, _: &str, _: &Bytes) -> anyhow::Result<Appended> {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let prev = last.get(doc).copied().unwrap_or(StreamId::ZERO);
        let now = super::now_ms();
        let id = if now > prev.ms {
            StreamId { ms: now, seq: 0 }
        } else {
            StreamId {
                ms: prev.ms,
                seq: prev.seq + 1,
            }
        };
        last.insert(doc.to_owned(), id);
        Ok(Appended { id, prev })
    }

    async fn read_after(&self, _: &str, _: StreamId) -> anyhow::Result<Vec<Entry>> {
        Ok(Vec::new())
    }

    async fn last_id(&self, doc: &str) -> anyhow::Result<StreamId> {
        let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        Ok(last.get(doc).copied().unwrap_or(StreamId::ZERO))
    }

    async fn cached_state(&self, _: &str) -> anyhow::Result<Option<(StreamId, Vec<u8>)>> {
        Ok(None)
    }

    async fn cached_id(&self, _: &str) -> anyhow::Result<Option<StreamId>> {
        Ok(None)
    }

    async fn commit_snapshot(
        &self,
        _: &str,
        _: &str,
        _: &str,
        _: StreamId,
        _: &[u8],
    ) -> anyhow::Result<bool> {
        Ok(true)
    }

    async fn try_lock(&self, _: &str, _: &str, _: Duration) -> anyhow::Result<bool> {
        // The room actor is the only writer of its document in this process.
        Ok(true)
    }

    async fn unlock(&self, _: &str, _: &str) -> anyhow::Result<()> {
        Ok(())
    }

    async fn forget(&self, doc: &str) -> anyhow::Result<()> {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.remove(doc);
        Ok(())
    }

    async fn broadcast(&self, _: Event) -> anyhow::Result<()> {
        // No other instance to tell; `Collab` delivers to this one's rooms itself.
        Ok(())
    }

    async fn open(&self, _: &str) -> anyhow::Result<()> {
        // Nothing to hear: this process hosts the document's only room.
        Ok(())
    }

    fn close(&self, _: &str) {}

    fn is_shared(&self) -> bool {
        false
    }

    fn listen(&self, _: Arc<dyn EventSink>, _: &Background) {}
}
