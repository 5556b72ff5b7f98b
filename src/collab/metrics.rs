//! Collaboration metrics, registered in the app's Prometheus registry (served at `/metrics`).

use prometheus::{Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, Opts, Registry};

#[derive(Clone)]
pub struct CollabMetrics {
    /// Open WebSocket connections.
    pub connections: IntGauge,
    /// Rooms (open documents) on this instance.
    pub rooms: IntGauge,
    /// Frames by direction (`in`, `out`).
    pub messages: IntCounterVec,
    pub bytes: IntCounterVec,
    /// From an update's arrival at its room to its hand-off to every local connection.
    pub fanout_seconds: Histogram,
    /// From an update's append on one instance to its application on another.
    pub stream_lag_seconds: Histogram,
    /// How long a document stayed dirty before its snapshot.
    pub snapshot_age_seconds: Histogram,
    pub snapshot_duration_seconds: Histogram,
    /// Frames refused, by reason (`malformed`, `too_large`, `rate_limited`, …).
    pub rejected_frames: IntCounterVec,
    pub room_load_failures: IntCounter,
    /// Step 1s and presence queries answered by an answer already queued.
    pub coalesced_answers: IntCounter,
    /// Events the bus delivered to this instance, by kind (`update`, `awareness`, `alive`, …):
    /// with per-document routing, document traffic only for the documents open here.
    pub bus_events: IntCounterVec,
}

impl CollabMetrics {
    pub fn register(registry: &Registry) -> prometheus::Result<Self> {
        let fast = vec![
            0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
        ];
        let slow = vec![
            0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0,
        ];
        let metrics = Self {
            connections: IntGauge::new("vivid_ws_connections", "Open WebSocket connections")?,
            rooms: IntGauge::new("vivid_rooms", "Open documents (rooms) on this instance")?,
            messages: IntCounterVec::new(
                Opts::new("vivid_ws_messages_total", "WebSocket frames by direction"),
                &["direction"],
            )?,
            bytes: IntCounterVec::new(
                Opts::new(
                    "vivid_ws_bytes_total",
                    "WebSocket payload bytes by direction",
                ),
                &["direction"],
            )?,
            fanout_seconds: Histogram::with_opts(
                HistogramOpts::new(
                    "vivid_fanout_seconds",
                    "From an update's arrival at its room to its hand-off to local connections",
                )
                .buckets(fast.clone()),
            )?,
            stream_lag_seconds: Histogram::with_opts(
                HistogramOpts::new(
                    "vivid_stream_lag_seconds",
                    "From an update's append to its application on another instance",
                )
                .buckets(fast),
            )?,
            snapshot_age_seconds: Histogram::with_opts(
                HistogramOpts::new(
                    "vivid_snapshot_age_seconds",
                    "How long a document was dirty before its snapshot",
                )
                .buckets(slow.clone()),
            )?,
            snapshot_duration_seconds: Histogram::with_opts(
                HistogramOpts::new(
                    "vivid_snapshot_duration_seconds",
                    "Time to store a snapshot",
                )
                .buckets(slow),
            )?,
            rejected_frames: IntCounterVec::new(
                Opts::new("vivid_rejected_frames_total", "Refused frames by reason"),
                &["reason"],
            )?,
            room_load_failures: IntCounter::new(
                "vivid_room_load_failures_total",
                "Rooms that failed to load their document",
            )?,
            coalesced_answers: IntCounter::new(
                "vivid_coalesced_answers_total",
                "Requests for the document or presence answered by an answer already queued",
            )?,
            bus_events: IntCounterVec::new(
                Opts::new(
                    "vivid_bus_events_received_total",
                    "Events the bus delivered to this instance, by kind",
                ),
                &["kind"],
            )?,
        };
        registry.register(Box::new(metrics.connections.clone()))?;
        registry.register(Box::new(metrics.rooms.clone()))?;
        registry.register(Box::new(metrics.messages.clone()))?;
        registry.register(Box::new(metrics.bytes.clone()))?;
        registry.register(Box::new(metrics.fanout_seconds.clone()))?;
        registry.register(Box::new(metrics.stream_lag_seconds.clone()))?;
        registry.register(Box::new(metrics.snapshot_age_seconds.clone()))?;
        registry.register(Box::new(metrics.snapshot_duration_seconds.clone()))?;
        registry.register(Box::new(metrics.rejected_frames.clone()))?;
        registry.register(Box::new(metrics.room_load_failures.clone()))?;
        registry.register(Box::new(metrics.coalesced_answers.clone()))?;
        registry.register(Box::new(metrics.bus_events.clone()))?;
        Ok(metrics)
    }

    pub fn reject(&self, reason: &str) {
        self.rejected_frames.with_label_values(&[reason]).inc();
    }
}
