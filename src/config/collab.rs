//! `[collab]`: live documents: limits, heartbeats, snapshots.

use std::time::Duration;

use serde::Deserialize;

use super::{SettingsError, invalid, seconds};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollabSettings {
    #[serde(rename = "ticket_ttl_secs", deserialize_with = "seconds")]
    pub ticket_ttl: Duration,
    pub max_frame_bytes: usize,
    pub max_document_bytes: usize,
    /// The share of `max_document_bytes` one user may add while a room is open (0 < s ≤ 1).
    pub max_user_share: f64,
    pub updates_per_second: f64,
    pub update_burst: f64,
    pub max_connections_per_document: usize,
    /// 0: one per CPU core, at most 8.
    pub room_threads: usize,
    pub outbound_queue: usize,
    pub outbound_queue_bytes: usize,
    /// Bytes of answers to step 1s and presence queries per connection and second (the
    /// burst is two whole documents).
    pub answer_bytes_per_second: f64,
    /// Frames waiting this long without the peer taking any: a slow consumer (4004).
    #[serde(rename = "write_timeout_secs", deserialize_with = "seconds")]
    pub write_timeout: Duration,
    /// How often an open socket checks again that its user may still open the document
    /// (a revocation lost between instances ends within this).
    #[serde(rename = "reauthorize_secs", deserialize_with = "seconds")]
    pub reauthorize: Duration,
    #[serde(rename = "heartbeat_secs", deserialize_with = "seconds")]
    pub heartbeat: Duration,
    #[serde(rename = "idle_timeout_secs", deserialize_with = "seconds")]
    pub idle_timeout: Duration,
    #[serde(rename = "room_grace_secs", deserialize_with = "seconds")]
    pub room_grace: Duration,
    #[serde(rename = "snapshot_interval_secs", deserialize_with = "seconds")]
    pub snapshot_interval: Duration,
    #[serde(rename = "stream_check_secs", deserialize_with = "seconds")]
    pub stream_check: Duration,
    /// How long a document's Redis keys (stream, last id, cached state) outlive their last
    /// use; history holds the durable copy, so an expired document loads from there.
    #[serde(rename = "redis_idle_ttl_secs", deserialize_with = "seconds")]
    pub redis_idle_ttl: Duration,
    /// How long after its deletion a document's Redis keys and history are deleted.
    #[serde(rename = "forget_grace_secs", deserialize_with = "seconds")]
    pub forget_grace: Duration,
    /// How often each instance deletes what deleted documents left.
    #[serde(rename = "forget_sweep_secs", deserialize_with = "seconds")]
    pub forget_sweep: Duration,
}

impl CollabSettings {
    pub(super) fn check(&self) -> Result<(), SettingsError> {
        if self.max_frame_bytes < 1024 || self.max_document_bytes < self.max_frame_bytes {
            return invalid(
                "collab.max_frame_bytes",
                "must be at least 1024 and at most collab.max_document_bytes",
            );
        }
        if !(self.max_user_share > 0.0 && self.max_user_share <= 1.0) {
            return invalid("collab.max_user_share", "must be above 0 and at most 1");
        }
        if self.updates_per_second <= 0.0 || self.update_burst < 1.0 {
            return invalid(
                "collab.updates_per_second",
                "rate and burst must be positive",
            );
        }
        if self.outbound_queue == 0
            || self.outbound_queue_bytes < self.max_frame_bytes
            || self.max_connections_per_document == 0
        {
            return invalid(
                "collab.outbound_queue",
                "queues and room sizes must be positive, and outbound_queue_bytes at least max_frame_bytes",
            );
        }
        if self.answer_bytes_per_second <= 0.0 {
            return invalid("collab.answer_bytes_per_second", "must be positive");
        }
        if self.write_timeout.is_zero() || self.write_timeout >= self.idle_timeout {
            return invalid(
                "collab.write_timeout_secs",
                "must be positive and shorter than collab.idle_timeout_secs",
            );
        }
        if self.heartbeat.is_zero() || self.idle_timeout <= self.heartbeat {
            return invalid(
                "collab.idle_timeout_secs",
                "must be longer than collab.heartbeat_secs (which must be positive)",
            );
        }
        if self.stream_check.is_zero()
            || self.snapshot_interval.is_zero()
            || self.reauthorize.is_zero()
            || self.redis_idle_ttl.is_zero()
            || self.forget_sweep.is_zero()
        {
            return invalid("collab.stream_check_secs", "intervals must be positive");
        }
        Ok(())
    }
}
