//! One WebSocket connection to one document: `GET /ws/{docKey}?ticket=…`.
//!
//! The ticket is checked before the upgrade (bad tickets get an HTTP error, not a socket).
//! After it, the session task decodes frames, applies the per-connection limits and forwards
//! messages to the room; the room's frames arrive through a bounded queue. Heartbeat: a ping
//! every `heartbeat_secs`; silence for `idle_timeout_secs` closes the socket.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use actix::Addr;
use actix::prelude::SendError;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_ws::{AggregatedMessage, AggregatedMessageStream, ProtocolError};
use bytes::Bytes;
use serde::Deserialize;
use tokio::sync::mpsc;

use crate::collab::Collab;
use crate::collab::awareness::{PresenceUser, SessionId};
use crate::collab::close::{Close, CloseCode, SessionControl};
use crate::collab::limits::SessionGate;
use crate::collab::room::{Inbound, Join, Leave, Room};
use crate::domain::DocKey;
use crate::error::ApiResult;
use crate::http::state::AppState;
use crate::library::users;

static NEXT_SESSION: AtomicU64 = AtomicU64::new(1);

#[derive(Debug, Deserialize)]
pub struct TicketQuery {
    pub ticket: Option<String>,
}

/// Upgrades to the y-websocket protocol after checking the ticket.
pub async fn socket(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Payload,
    key: web::Path<String>,
    query: web::Query<TicketQuery>,
) -> ApiResult<HttpResponse> {
    let doc = DocKey::parse(&key)?;
    let key = doc.to_string();
    let user_id = state
        .tickets
        .redeem(query.ticket.as_deref().unwrap_or_default(), &key)
        .await?;
    // Access may have ended since the ticket was issued (removal, deletion).
    crate::library::documents::authorize(&state.db, &doc, &user_id).await?;
    let user = users::find(&state.db, &user_id).await?;
    let presence = PresenceUser::new(user.id, user.name);
    let (response, session, stream) = actix_ws::handle(&request, body)?;
    let limit = state.collab.settings.max_frame_bytes;
    let stream = stream
        .max_frame_size(limit)
        .aggregate_continuations()
        .max_continuation_size(limit);
    actix_web::rt::spawn(run(state.collab.clone(), key, presence, session, stream));
    Ok(response)
}

async fn join(
    collab: &Arc<Collab>,
    key: &str,
    session: SessionId,
    user: &PresenceUser,
    tx: &mpsc::Sender<Bytes>,
    control: &Arc<SessionControl>,
) -> Result<Addr<Room>, Close> {
    // A room that stops while we join (idle close, failed load) is replaced once.
    for _ in 0..2 {
        let room = collab.room(key);
        let joined = room
            .send(Join {
                session,
                user: user.clone(),
                tx: tx.clone(),
                control: control.clone(),
            })
            .await;
        match joined {
            Ok(Ok(())) => return Ok(room),
            Ok(Err(close)) => return Err(close),
            Err(_) => continue,
        }
    }
    Err(Close::new(
        CloseCode::ServerError,
        "the document could not be loaded; try again",
    ))
}

/// Hands a message to the room without waiting for it to be handled: the room's answer would
/// cost a second wake-up of this task for every frame. Only a full mailbox makes the session
/// wait for the room to handle its message (and stop reading its socket meanwhile), so a
/// busy room holds its mailbox capacity plus about two messages per session.
async fn forward(room: &Addr<Room>, inbound: Inbound) -> Result<(), ()> {
    match room.try_send(inbound) {
        Ok(()) => Ok(()),
        Err(SendError::Full(inbound)) => room.send(inbound).await.map_err(drop),
        Err(SendError::Closed(_)) => Err(()),
    }
}

async fn run(
    collab: Arc<Collab>,
    key: String,
    user: PresenceUser,
    mut socket: actix_ws::Session,
    mut stream: AggregatedMessageStream,
) {
    let settings = collab.settings.clone();
    let metrics = collab.metrics.clone();
    let session = NEXT_SESSION.fetch_add(1, Ordering::Relaxed);
    let control = Arc::new(SessionControl::default());
    let (tx, mut outbound) = mpsc::channel::<Bytes>(settings.outbound_queue);

    let room = match join(&collab, &key, session, &user, &tx, &control).await {
        Ok(room) => room,
        Err(close) => {
            metrics.reject(close.code.label());
            let _ = socket.close(Some(close.frame())).await;
            return;
        }
    };
    drop(tx);
    metrics.connections.inc();
    // Built once: every message carries it, so the room can apply an update whose sender
    // left before the room got to it.
    let user_id: Arc<str> = Arc::from(user.id.as_str());
    // Resolved once: label lookups hash on every call, and these run for every frame.
    let (frames_in, frames_out) = (
        metrics.messages.with_label_values(&["in"]),
        metrics.messages.with_label_values(&["out"]),
    );
    let (bytes_in, bytes_out) = (
        metrics.bytes.with_label_values(&["in"]),
        metrics.bytes.with_label_values(&["out"]),
    );

    let mut gate = SessionGate::new(
        settings.updates_per_second,
        settings.update_burst,
        Instant::now(),
    );
    let mut heartbeat = tokio::time::interval(settings.heartbeat);
    let idle_timeout = settings.idle_timeout;
    let mut last_heard = Instant::now();

    let close: Option<Close> = loop {
        tokio::select! {
            biased;
            _ = control.closed() => {
                // Deliver what the room queued before it closed us (e.g. "permission
                // denied"), for a moment only: a slow consumer would not take it anyway.
                let _ = tokio::time::timeout(Duration::from_millis(200), async {
                    while let Ok(frame) = outbound.try_recv() {
                        if socket.binary(frame).await.is_err() {
                            break;
                        }
                    }
                })
                .await;
                break control.reason();
            }
            frame = outbound.recv() => {
                let Some(frame) = frame else { break None };
                frames_out.inc();
                bytes_out.inc_by(frame.len() as u64);
                if socket.binary(frame).await.is_err() {
                    break None;
                }
            }
            message = stream.recv() => {
                last_heard = Instant::now();
                let message = match message {
                    None => break None,
                    Some(Ok(message)) => message,
                    Some(Err(ProtocolError::Overflow)) => {
                        metrics.reject("frame_too_large");
                        break Some(Close::new(CloseCode::FrameTooLarge, "frame over the size limit"));
                    }
                    Some(Err(error)) => {
                        metrics.reject("protocol_error");
                        break Some(Close::new(CloseCode::Malformed, format!("protocol error: {error}")));
                    }
                };
                match message {
                    AggregatedMessage::Binary(bytes) => {
                        frames_in.inc();
                        bytes_in.inc_by(bytes.len() as u64);
                        let decoded = match gate.admit(&bytes, Instant::now()) {
                            Ok(decoded) => decoded,
                            Err(refused) => {
                                metrics.reject(refused.label);
                                break Some(refused.close);
                            }
                        };
                        let inbound = Inbound { session, user: user_id.clone(), message: decoded };
                        if forward(&room, inbound).await.is_err() {
                            // The room stopped (it failed, e.g. Redis is unreachable): not a
                            // restart, which 1012 stands for.
                            break Some(Close::new(CloseCode::ServerError, "the document closed; reconnect"));
                        }
                    }
                    AggregatedMessage::Text(_) => {
                        metrics.reject("text_frame");
                        break Some(Close::new(CloseCode::Malformed, "text frames are not part of the protocol"));
                    }
                    AggregatedMessage::Ping(bytes) => {
                        if socket.pong(&bytes).await.is_err() {
                            break None;
                        }
                    }
                    AggregatedMessage::Pong(_) => {}
                    AggregatedMessage::Close(_) => break None,
                }
            }
            _ = heartbeat.tick() => {
                if last_heard.elapsed() > idle_timeout {
                    break Some(Close::new(CloseCode::Idle, "no answer to pings"));
                }
                if socket.ping(b"").await.is_err() {
                    break None;
                }
            }
        }
    };

    room.do_send(Leave { session });
    metrics.connections.dec();
    if let Some(close) = close {
        tracing::debug!(doc = %key, code = close.code.code(), reason = %close.reason, "closing a socket");
        let _ = socket.close(Some(close.frame())).await;
    } else {
        let _ = socket.close(None).await;
    }
}
