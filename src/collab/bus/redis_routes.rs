//! The Redis side of per-document routing: one RESP3 connection of this instance's own, on
//! which it `SSUBSCRIBE`s to the sharded channel of every document it has open
//! (`doc:{key}:events`, in the document's slot) and `SUBSCRIBE`s to the small global channel
//! of liveness heartbeats (`events`). The [`Routes`] say which documents; this loop makes the
//! connection match them and confirms each subscription once Redis has (the room waiting to
//! load goes on only then).
//!
//! When the connection fails (it ended, three pings went unanswered, a command failed, or
//! the push queue overflowed), every subscription is gone: the loop connects again,
//! subscribes every open document again and delivers [`Event::Resync`], so every room reads
//! the stream for what was announced meanwhile.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures_util::future::join_all;
use redis::aio::MultiplexedConnection;
use redis::{Client, PushInfo, PushKind};
use tokio::sync::mpsc;

use super::redis_bus::parse_event;
use super::routes::{Plan, Routes};
use super::{Event, EventSink};
use crate::redis_link::{self, FAILURES_BEFORE_RECONNECT, PING_EVERY, PING_TIMEOUT};

/// Messages held between the connection and this loop. Bounded: a loop that falls this far
/// behind starts over (and the rooms catch up from the stream) instead of growing.
const PUSH_QUEUE: usize = 16_384;

/// Subscriptions sent at once (pipelined on the connection).
const BATCH: usize = 256;

/// What the loop listens on.
pub(super) struct Channels {
    /// The liveness channel (`PUBLISH`ed).
    pub alive: String,
    /// A document's sharded channel.
    pub doc: Box<dyn Fn(&str) -> String + Send + Sync>,
}

/// Listens, and listens again whenever the connection fails; runs until dropped.
pub(super) async fn listen(
    client: Client,
    channels: Channels,
    routes: Arc<Routes>,
    sink: Arc<dyn EventSink>,
) {
    loop {
        if let Err(error) = session(&client, &channels, &routes, sink.as_ref()).await {
            tracing::warn!("bus subscriptions lost, subscribing again: {error:#}");
        }
        routes.lost();
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// One connection's life: subscribe everything open, then follow the routes and deliver
/// messages until it fails.
async fn session(
    client: &Client,
    channels: &Channels,
    routes: &Routes,
    sink: &dyn EventSink,
) -> anyhow::Result<()> {
    let (pushes, mut received) = mpsc::channel::<PushInfo>(PUSH_QUEUE);
    let overflowed = Arc::new(AtomicBool::new(false));
    let full = overflowed.clone();
    // Called by the connection's reader: must not block.
    let sender = move |push: PushInfo| {
        pushes.try_send(push).inspect_err(|error| {
            if matches!(error, mpsc::error::TrySendError::Full(_)) {
                full.store(true, Ordering::Relaxed);
            }
        })
    };
    let mut conn = redis_link::push_connection(client, sender).await?;
    within(conn.subscribe(&channels.alive)).await?;
    reconcile(&mut conn, routes.plan(), channels, routes).await?;
    // Whatever was announced while nothing listened (before the first connection, rooms
    // still wait to load and this costs one stream read each).
    sink.deliver(Event::Resync);
    let mut every = tokio::time::interval(PING_EVERY);
    let mut failures = 0;
    loop {
        tokio::select! {
            () = routes.changed() => {
                reconcile(&mut conn, routes.plan(), channels, routes).await?;
            }
            push = received.recv() => {
                anyhow::ensure!(
                    !overflowed.load(Ordering::Relaxed),
                    "fell {PUSH_QUEUE} messages behind"
                );
                match push {
                    Some(push) if push.kind == PushKind::Disconnection => {
                        anyhow::bail!("the connection ended")
                    }
                    Some(push) => deliver(push, sink),
                    None => anyhow::bail!("the connection ended"),
                }
            }
            _ = every.tick() => {
                let ping = redis::cmd("PING");
                let ping = ping.query_async::<redis::Value>(&mut conn);
                if matches!(tokio::time::timeout(PING_TIMEOUT, ping).await, Ok(Ok(_))) {
                    failures = 0;
                } else {
                    failures += 1;
                    anyhow::ensure!(
                        failures < FAILURES_BEFORE_RECONNECT,
                        "the connection does not answer pings"
                    );
                }
            }
        }
    }
}

/// Carries out `plan`: unsubscriptions first, then subscriptions, each confirmed to the routes
/// as Redis confirms it.
async fn reconcile(
    conn: &mut MultiplexedConnection,
    plan: Plan,
    channels: &Channels,
    routes: &Routes,
) -> anyhow::Result<()> {
    if plan.is_empty() {
        return Ok(());
    }
    for batch in plan.unsubscribe.chunks(BATCH) {
        let sent = batch.iter().map(|doc| {
            let mut conn = conn.clone();
            let channel = (channels.doc)(doc);
            async move {
                within(
                    redis::cmd("SUNSUBSCRIBE")
                        .arg(channel)
                        .query_async::<redis::Value>(&mut conn),
                )
                .await
            }
        });
        for done in join_all(sent).await {
            done?;
        }
    }
    for batch in plan.subscribe.chunks(BATCH) {
        let sent = batch.iter().map(|doc| {
            let mut conn = conn.clone();
            let channel = (channels.doc)(doc);
            async move {
                within(
                    redis::cmd("SSUBSCRIBE")
                        .arg(channel)
                        .query_async::<redis::Value>(&mut conn),
                )
                .await
                .map(|_| doc)
            }
        });
        for done in join_all(sent).await {
            routes.confirm(done?);
        }
    }
    Ok(())
}

/// A subscription command, bounded in time.
async fn within<T>(command: impl Future<Output = redis::RedisResult<T>>) -> anyhow::Result<T> {
    match tokio::time::timeout(redis_link::SUBSCRIBE_TIMEOUT, command).await {
        Ok(result) => Ok(result?),
        Err(_) => anyhow::bail!("Redis did not confirm a subscription in time"),
    }
}

/// Hands a published message to the sink; confirmations and other pushes are not events.
fn deliver(push: PushInfo, sink: &dyn EventSink) {
    if !matches!(push.kind, PushKind::Message | PushKind::SMessage) {
        return;
    }
    let Some(message) = redis::Msg::from_push_info(push) else {
        return;
    };
    match parse_event(message.get_payload_bytes()) {
        Some(event) => sink.deliver(event),
        None => tracing::warn!("ignoring a malformed bus event"),
    }
}
