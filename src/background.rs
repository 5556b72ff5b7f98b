//! Long-lived work, spawned through one owner so that shutdown sees all of it:
//! - loops (the bus and library-event subscriptions, liveness heartbeats, the Redis watchdog,
//!   the transcode poller, the upload sweeper) run until shutdown begins, then stop;
//! - jobs (recording imports, transcodes) get a few seconds to finish; what is still running then
//!   is logged and stops with the process.

use std::future::Future;
use std::time::Duration;

use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

#[derive(Clone, Default)]
pub struct Background {
    tracker: TaskTracker,
    stopping: CancellationToken,
}

impl Background {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `work` until it ends or shutdown begins.
    pub fn spawn_loop(&self, name: &'static str, work: impl Future<Output = ()> + Send + 'static) {
        let stopping = self.stopping.clone();
        self.tracker.spawn(async move {
            tokio::select! {
                _ = stopping.cancelled() => tracing::debug!(task = name, "stopped"),
                () = work => {}
            }
        });
    }

    /// Runs `work` to its end; shutdown waits for it (up to its timeout).
    pub fn spawn_job(&self, work: impl Future<Output = ()> + Send + 'static) {
        self.tracker.spawn(work);
    }

    /// Cancelled when shutdown begins: for a job that drains what it holds before it ends.
    pub fn stopping(&self) -> CancellationToken {
        self.stopping.clone()
    }

    /// Tasks still running.
    pub fn len(&self) -> usize {
        self.tracker.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tracker.is_empty()
    }

    /// Stops the loops and waits up to `grace` for the jobs; answers how many were left.
    pub async fn shutdown(&self, grace: Duration) -> usize {
        self.stopping.cancel();
        self.tracker.close();
        if tokio::time::timeout(grace, self.tracker.wait())
            .await
            .is_err()
        {
            let left = self.tracker.len();
            tracing::warn!(left, "background work still running at shutdown");
            return left;
        }
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn shutdown_stops_loops_and_waits_for_jobs() {
        let background = Background::new();
        background.spawn_loop("forever", std::future::pending());
        let (done_tx, done_rx) = tokio::sync::oneshot::channel();
        background.spawn_job(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let _ = done_tx.send(());
        });
        assert_eq!(background.len(), 2);
        assert_eq!(background.shutdown(Duration::from_secs(5)).await, 0);
        assert!(done_rx.await.is_ok(), "the job finished");
        assert!(background.is_empty());
    }

    #[tokio::test]
    async fn a_job_over_the_grace_is_reported() {
        let background = Background::new();
        background.spawn_job(std::future::pending());
        assert_eq!(background.shutdown(Duration::from_millis(20)).await, 1);
    }
}
