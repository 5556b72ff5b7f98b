//! The states this instance stored as snapshots, for whoever follows documents off the
//! rooms' path (the search index, `library::search::index`).
//!
//! A room pushes after its snapshot is stored, from inside its mailbox, so pushing never
//! waits: it takes a short lock and replaces the document's pending state if one is still
//! waiting. The queue is bounded by the number of documents, not of snapshots: at most one
//! state per document is pending (the newest; an older one would only be indexed to be
//! overwritten), so it holds at most one extra copy of each document this instance stored.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use tokio::sync::Notify;

#[derive(Default)]
pub struct SnapshotFeed {
    pending: Mutex<Pending>,
    ready: Notify,
}

#[derive(Default)]
struct Pending {
    /// Documents in the order their first pending state arrived.
    order: VecDeque<String>,
    states: HashMap<String, Vec<u8>>,
}

impl SnapshotFeed {
    fn pending(&self) -> std::sync::MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `state` of `key` was stored: queue it, replacing a pending older one.
    pub fn push(&self, key: &str, state: Vec<u8>) {
        let mut pending = self.pending();
        if pending.states.insert(key.to_owned(), state).is_none() {
            pending.order.push_back(key.to_owned());
        }
        drop(pending);
        self.ready.notify_one();
    }

    /// The oldest pending document and its newest state, if any.
    pub fn try_next(&self) -> Option<(String, Vec<u8>)> {
        let mut pending = self.pending();
        let key = pending.order.pop_front()?;
        let state = pending.states.remove(&key)?;
        Some((key, state))
    }

    /// Waits for the next pending document.
    pub async fn next(&self) -> (String, Vec<u8>) {
        loop {
            if let Some(next) = self.try_next() {
                return next;
            }
            // A push between `try_next` and here leaves a permit, so nothing is missed.
            self.ready.notified().await;
        }
    }

    /// How many documents wait.
    pub fn len(&self) -> usize {
        self.pending().order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_newer_state_replaces_the_pending_one_and_order_is_kept() {
        let feed = SnapshotFeed::default();
        feed.push("video-a", vec![1]);
        feed.push("note-b", vec![2]);
        feed.push("video-a", vec![3]);
        assert_eq!(feed.len(), 2);
        assert_eq!(feed.next().await, ("video-a".to_owned(), vec![3]));
        assert_eq!(feed.next().await, ("note-b".to_owned(), vec![2]));
        assert!(feed.try_next().is_none());
    }

    #[tokio::test]
    async fn a_waiting_reader_wakes_on_a_push() {
        let feed = std::sync::Arc::new(SnapshotFeed::default());
        let reader = tokio::spawn({
            let feed = feed.clone();
            async move { feed.next().await }
        });
        tokio::task::yield_now().await;
        feed.push("video-c", vec![9]);
        assert_eq!(reader.await.unwrap(), ("video-c".to_owned(), vec![9]));
        assert!(feed.is_empty());
    }
}
