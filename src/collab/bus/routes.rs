//! Which documents this instance listens to: the bookkeeping of per-document routing, no IO.
//!
//! Rooms open and close documents (a stopping room and its successor may overlap, so each
//! document counts its rooms); a listener asks for a [`Plan`] whenever that changed, carries
//! it out on its connection and [`Routes::confirm`]s each subscription, which releases the
//! rooms waiting to load. When the connection is lost, nothing is confirmed any more
//! ([`Routes::lost`]): the next connection's first plan subscribes every open document again.
//!
//! Invariant: a document is in `confirmed` only while the current connection is subscribed
//! to it. An unsubscription leaves `confirmed` when it is planned (before it is sent), so a
//! room opening the document meanwhile waits for the subscription that follows it on the
//! same connection rather than trusting one about to end.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use tokio::sync::{Notify, oneshot};

#[derive(Default)]
pub struct Routes {
    state: Mutex<State>,
    changed: Notify,
}

#[derive(Default)]
struct State {
    /// Rooms per open document.
    wanted: HashMap<String, usize>,
    /// Documents the current connection is subscribed to.
    confirmed: HashSet<String>,
    /// Rooms waiting for their document's subscription.
    waiting: HashMap<String, Vec<oneshot::Sender<()>>>,
}

/// What a listener does to listen to exactly the open documents.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub subscribe: Vec<String>,
    pub unsubscribe: Vec<String>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.subscribe.is_empty() && self.unsubscribe.is_empty()
    }
}

impl Routes {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A room opens `doc`. `None` when the connection already listens to it; else what
    /// resolves once it does (the listener was told).
    pub fn open(&self, doc: &str) -> Option<oneshot::Receiver<()>> {
        let waiting = {
            let mut state = self.state();
            *state.wanted.entry(doc.to_owned()).or_default() += 1;
            if state.confirmed.contains(doc) {
                return None;
            }
            let (confirmed, waiting) = oneshot::channel();
            state
                .waiting
                .entry(doc.to_owned())
                .or_default()
                .push(confirmed);
            waiting
        };
        self.changed.notify_one();
        Some(waiting)
    }

    /// A room that opened `doc` stopped.
    pub fn close(&self, doc: &str) {
        {
            let mut state = self.state();
            let Some(rooms) = state.wanted.get_mut(doc) else {
                return;
            };
            *rooms -= 1;
            if *rooms > 0 {
                return;
            }
            state.wanted.remove(doc);
            state.waiting.remove(doc);
        }
        self.changed.notify_one();
    }

    /// Resolves when documents were opened or closed since the last call (at once if so).
    pub async fn changed(&self) {
        self.changed.notified().await
    }

    /// What to subscribe to and unsubscribe from now; unsubscriptions count as done.
    pub fn plan(&self) -> Plan {
        let mut state = self.state();
        let State {
            wanted, confirmed, ..
        } = &mut *state;
        let mut subscribe: Vec<String> = wanted
            .keys()
            .filter(|doc| !confirmed.contains(*doc))
            .cloned()
            .collect();
        let mut unsubscribe: Vec<String> = confirmed
            .iter()
            .filter(|doc| !wanted.contains_key(*doc))
            .cloned()
            .collect();
        for doc in &unsubscribe {
            confirmed.remove(doc);
        }
        subscribe.sort();
        unsubscribe.sort();
        Plan {
            subscribe,
            unsubscribe,
        }
    }

    /// The connection is subscribed to `doc`: its waiting rooms may load.
    pub fn confirm(&self, doc: &str) {
        let mut state = self.state();
        // Kept even when no room wants it any more: the next plan unsubscribes it.
        state.confirmed.insert(doc.to_owned());
        for waiting in state.waiting.remove(doc).unwrap_or_default() {
            let _ = waiting.send(());
        }
    }

    /// The connection is gone, and its subscriptions with it.
    pub fn lost(&self) {
        self.state().confirmed.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(subscribe: &[&str], unsubscribe: &[&str]) -> Plan {
        Plan {
            subscribe: subscribe.iter().map(|d| d.to_string()).collect(),
            unsubscribe: unsubscribe.iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn a_room_waits_for_its_subscription_and_the_next_room_does_not() {
        let routes = Routes::default();
        let mut first = routes.open("video-1").expect("not subscribed yet");
        assert!(first.try_recv().is_err());
        assert_eq!(routes.plan(), plan(&["video-1"], &[]));
        routes.confirm("video-1");
        assert!(first.try_recv().is_ok());
        // A second room of the same document (the previous one stopping) needs no wait.
        assert!(routes.open("video-1").is_none());
        assert!(routes.plan().is_empty());
    }

    #[test]
    fn a_document_is_unsubscribed_when_its_last_room_closes() {
        let routes = Routes::default();
        let _ = routes.open("video-1");
        routes.confirm("video-1");
        assert!(routes.open("video-1").is_none());
        routes.close("video-1");
        assert!(routes.plan().is_empty(), "one room still has it open");
        routes.close("video-1");
        assert_eq!(routes.plan(), plan(&[], &["video-1"]));
        // Closing what is not open changes nothing.
        routes.close("video-1");
        assert!(routes.plan().is_empty());
    }

    #[test]
    fn a_room_opening_while_its_document_is_being_unsubscribed_waits_for_a_new_subscription() {
        let routes = Routes::default();
        let _ = routes.open("video-1");
        routes.confirm("video-1");
        routes.close("video-1");
        assert_eq!(routes.plan(), plan(&[], &["video-1"]));
        // The unsubscription is on its way: the new room must not trust the old subscription.
        let mut reopened = routes.open("video-1").expect("waits");
        assert_eq!(routes.plan(), plan(&["video-1"], &[]));
        assert!(reopened.try_recv().is_err());
        routes.confirm("video-1");
        assert!(reopened.try_recv().is_ok());
    }

    #[test]
    fn a_confirmation_for_a_document_closed_meanwhile_is_undone_by_the_next_plan() {
        let routes = Routes::default();
        let _ = routes.open("note-2");
        assert_eq!(routes.plan(), plan(&["note-2"], &[]));
        routes.close("note-2");
        routes.confirm("note-2");
        assert_eq!(routes.plan(), plan(&[], &["note-2"]));
        assert!(routes.plan().is_empty());
    }

    #[test]
    fn after_a_lost_connection_every_open_document_is_subscribed_again() {
        let routes = Routes::default();
        for doc in ["video-1", "video-2"] {
            let _ = routes.open(doc);
            routes.confirm(doc);
        }
        routes.close("video-2");
        routes.lost();
        // video-2's subscription died with the connection: nothing to unsubscribe.
        assert_eq!(routes.plan(), plan(&["video-1"], &[]));
        // A room opening before the new connection confirms waits for it.
        let mut waiting = routes.open("video-1").expect("waits");
        routes.confirm("video-1");
        assert!(waiting.try_recv().is_ok());
    }

    #[tokio::test]
    async fn opening_and_closing_wake_the_listener() {
        let routes = Routes::default();
        let _ = routes.open("video-1");
        // The permit is kept until the listener looks.
        tokio::time::timeout(std::time::Duration::from_secs(1), routes.changed())
            .await
            .expect("woken by open");
        routes.confirm("video-1");
        routes.close("video-1");
        tokio::time::timeout(std::time::Duration::from_secs(1), routes.changed())
            .await
            .expect("woken by close");
    }
}
