//! One WebSocket connection to one document: `GET /ws/{docKey}?ticket=…`.
//!
//! The ticket is checked before the upgrade (bad tickets get an HTTP error, not a socket).
//! After it, the session task decodes frames, applies the per-connection limits and forwards
//! messages to the room. Everything sent goes through the session's [`Outbox`], which the
//! response body ([`body::OutboxBody`]) drains as the peer reads: nothing here ever waits for
//! the peer. Every `heartbeat_secs` the session pings, closes a connection whose outbox has
//! not moved for `write_timeout_secs` (4004) and one silent for `idle_timeout_secs` (4000).

mod body;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use actix::Addr;
use actix::prelude::SendError;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_ws::{AggregatedMessage, AggregatedMessageStream, ProtocolError};
use serde::Deserialize;

use crate::collab::Collab;
use crate::collab::awareness::{PresenceUser, SessionId};
use crate::collab::close::{Close, CloseCode, SessionControl};
use crate::collab::limits::SessionGate;
use crate::collab::outbox::{Outbox, OutboxLimits};
use crate::collab::room::{Inbound, Join, Leave, Room};
use crate::db::Db;
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
    // actix-ws decodes what arrives; what leaves goes through the outbox, not its `Session`.
    let (response, _, stream) = actix_ws::handle(&request, body)?;
    let settings = &state.collab.settings;
    let limit = settings.max_frame_bytes;
    let stream = stream
        .max_frame_size(limit)
        .aggregate_continuations()
        .max_continuation_size(limit);
    let outbox = Arc::new(Outbox::new(OutboxLimits {
        max_bytes: settings.outbound_queue_bytes,
        max_frames: settings.outbound_queue,
    }));
    let metrics = &state.collab.metrics;
    let (frames_out, bytes_out) = (
        metrics.messages.with_label_values(&["out"]),
        metrics.bytes.with_label_values(&["out"]),
    );
    let response = response
        .map_body(|_, replaced| {
            body::OutboxBody::new(outbox.clone(), replaced, frames_out, bytes_out)
        })
        .map_into_boxed_body();
    let access = Access {
        db: state.db.clone(),
        doc,
    };
    actix_web::rt::spawn(run(
        state.collab.clone(),
        access,
        key,
        presence,
        outbox,
        stream,
    ));
    Ok(response)
}

async fn join(
    collab: &Arc<Collab>,
    key: &str,
    session: SessionId,
    user: &PresenceUser,
    outbox: &Arc<Outbox>,
    control: &Arc<SessionControl>,
) -> Result<Addr<Room>, Close> {
    // A room that stops while we join (idle close, failed load) is replaced once.
    for _ in 0..2 {
        let room = collab.room(key);
        let joined = room
            .send(Join {
                session,
                user: user.clone(),
                outbox: outbox.clone(),
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

/// What a session needs to check its access again: at open, after joining, and every
/// `collab.reauthorize_secs`.
struct Access {
    db: Db,
    doc: DocKey,
}

impl Access {
    /// The close for a user who may no longer open the document; `None` while they may (or
    /// when the database cannot tell: an outage must not close every socket).
    async fn revoked(&self, user_id: &str) -> Option<Close> {
        match crate::library::documents::authorize(&self.db, &self.doc, user_id).await {
            Ok(()) => None,
            Err(error) if error.status().is_client_error() => Some(Close::new(
                CloseCode::Revoked,
                "you no longer have access to this document",
            )),
            Err(error) => {
                tracing::warn!(doc = %self.doc, "could not check access again: {error:?}");
                None
            }
        }
    }
}

async fn run(
    collab: Arc<Collab>,
    access: Access,
    key: String,
    user: PresenceUser,
    outbox: Arc<Outbox>,
    mut stream: AggregatedMessageStream,
) {
    let settings = collab.settings.clone();
    let metrics = collab.metrics.clone();
    let session = NEXT_SESSION.fetch_add(1, Ordering::Relaxed);
    let control = Arc::new(SessionControl::default());

    let room = match join(&collab, &key, session, &user, &outbox, &control).await {
        Ok(room) => room,
        Err(close) => {
            metrics.reject(close.code.label());
            outbox.end(Some(close));
            return;
        }
    };
    // A removal between the check at open and the join revoked nothing here: check again.
    if let Some(close) = access.revoked(&user.id).await {
        room.do_send(Leave { session });
        outbox.end(Some(close));
        return;
    }
    metrics.connections.inc();
    // Built once: every message carries it, so the room can apply an update whose sender
    // left before the room got to it.
    let user_id: Arc<str> = Arc::from(user.id.as_str());
    // Resolved once: label lookups hash on every call, and these run for every frame.
    let (frames_in, bytes_in) = (
        metrics.messages.with_label_values(&["in"]),
        metrics.bytes.with_label_values(&["in"]),
    );

    let mut gate = SessionGate::new(
        settings.updates_per_second,
        settings.update_burst,
        Instant::now(),
    );
    let mut heartbeat = tokio::time::interval(settings.heartbeat);
    let mut reauthorize = tokio::time::interval_at(
        tokio::time::Instant::now() + settings.reauthorize,
        settings.reauthorize,
    );
    let mut last_heard = Instant::now();

    let close: Option<Close> = loop {
        tokio::select! {
            biased;
            _ = control.closed() => break control.reason(),
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
                            Ok(Some(decoded)) => decoded,
                            Ok(None) => continue,
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
                        if let Err(refused) = gate.admit_control(Instant::now()) {
                            metrics.reject(refused.label);
                            break Some(refused.close);
                        }
                        outbox.pong(bytes);
                    }
                    AggregatedMessage::Pong(_) => {}
                    AggregatedMessage::Close(_) => break None,
                }
            }
            _ = reauthorize.tick() => {
                if let Some(close) = access.revoked(&user.id).await {
                    break Some(close);
                }
            }
            _ = heartbeat.tick() => {
                let stalled = outbox.stalled_for(Instant::now());
                if stalled.is_some_and(|stalled| stalled >= settings.write_timeout) {
                    metrics.reject("slow_consumer");
                    tracing::warn!(doc = %key, user = %user.id, "closing a connection that stopped reading");
                    break Some(Close::new(CloseCode::SlowConsumer, "fell too far behind; reconnect"));
                }
                if last_heard.elapsed() > settings.idle_timeout {
                    break Some(Close::new(CloseCode::Idle, "no answer to pings"));
                }
                outbox.ping();
            }
        }
    };

    room.do_send(Leave { session });
    metrics.connections.dec();
    if let Some(close) = &close {
        tracing::debug!(doc = %key, code = close.code.code(), reason = %close.reason, "closing a socket");
    }
    // The body writes what is queued and the close frame, as the peer reads; a peer that
    // fell behind loses its queue at once (the memory is freed here, not when it reads).
    match close {
        Some(close) if close.code == CloseCode::SlowConsumer => outbox.abort(close),
        close => outbox.end(close),
    }
}
