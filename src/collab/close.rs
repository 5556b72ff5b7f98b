//! Why the server closes a document socket: the WebSocket close code and reason a client
//! sees. Documented in docs/collab.md; the codes are stable.

use std::sync::Mutex;

use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseCode {
    /// 1009: a frame over `collab.max_frame_bytes`.
    FrameTooLarge,
    /// 1011: the document could not be loaded or an edit could not be stored; reconnect.
    ServerError,
    /// 1012: the server is restarting; reconnect.
    Restarting,
    /// 4000: no pong within `collab.idle_timeout_secs`.
    Idle,
    /// 4001: a frame that is not a valid y-websocket message (or a text frame).
    Malformed,
    /// 4002: awareness for a client id another connection introduced, or too many ids.
    AwarenessSpoof,
    /// 4003: access to the document was revoked (removed from the space, deleted).
    Revoked,
    /// 4004: the connection fell behind (`collab.outbound_queue` full).
    SlowConsumer,
    /// 4005: over `collab.updates_per_second` (token bucket).
    RateLimited,
    /// 4006: the document would grow over `collab.max_document_bytes`.
    DocumentTooLarge,
    /// 4007: the document already has `collab.max_connections_per_document` connections.
    RoomFull,
}

impl CloseCode {
    pub fn code(self) -> u16 {
        match self {
            CloseCode::FrameTooLarge => 1009,
            CloseCode::ServerError => 1011,
            CloseCode::Restarting => 1012,
            CloseCode::Idle => 4000,
            CloseCode::Malformed => 4001,
            CloseCode::AwarenessSpoof => 4002,
            CloseCode::Revoked => 4003,
            CloseCode::SlowConsumer => 4004,
            CloseCode::RateLimited => 4005,
            CloseCode::DocumentTooLarge => 4006,
            CloseCode::RoomFull => 4007,
        }
    }

    /// The `reason` label for metrics.
    pub fn label(self) -> &'static str {
        match self {
            CloseCode::FrameTooLarge => "frame_too_large",
            CloseCode::ServerError => "server_error",
            CloseCode::Restarting => "restarting",
            CloseCode::Idle => "idle",
            CloseCode::Malformed => "malformed",
            CloseCode::AwarenessSpoof => "awareness_spoof",
            CloseCode::Revoked => "revoked",
            CloseCode::SlowConsumer => "slow_consumer",
            CloseCode::RateLimited => "rate_limited",
            CloseCode::DocumentTooLarge => "document_too_large",
            CloseCode::RoomFull => "room_full",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Close {
    pub code: CloseCode,
    pub reason: String,
}

impl Close {
    pub fn new(code: CloseCode, reason: impl Into<String>) -> Self {
        let mut reason = reason.into();
        // A close frame's reason must fit in 123 bytes.
        if reason.len() > 120 {
            let mut end = 120;
            while !reason.is_char_boundary(end) {
                end -= 1;
            }
            reason.truncate(end);
        }
        Self { code, reason }
    }

    pub fn frame(&self) -> actix_ws::CloseReason {
        actix_ws::CloseReason {
            code: actix_ws::CloseCode::Other(self.code.code()),
            description: Some(self.reason.clone()),
        }
    }
}

/// How a room (or anyone else) tells a session task to close, even when its outbound queue is
/// full: the first close wins.
#[derive(Default)]
pub struct SessionControl {
    token: CancellationToken,
    close: Mutex<Option<Close>>,
}

impl SessionControl {
    pub fn close(&self, close: Close) {
        let mut slot = self.close.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_none() {
            *slot = Some(close);
        }
        self.token.cancel();
    }

    pub async fn closed(&self) {
        self.token.cancelled().await
    }

    pub fn reason(&self) -> Option<Close> {
        self.close.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}
