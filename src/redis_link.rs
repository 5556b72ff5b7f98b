//! The link to Redis, made to survive partitions. A `ConnectionManager` reconnects when its
//! socket fails, but not when the socket stays open and silent (a half-open connection after
//! a partition heals without a reset): every command then times out, forever. So:
//! - sockets carry TCP keepalive and `TCP_USER_TIMEOUT`, so the kernel ends a connection
//!   whose peer stopped answering;
//! - a watchdog pings every [`PING_EVERY`]; after [`FAILURES_BEFORE_RECONNECT`] failed pings
//!   in a row it replaces the connection, whatever the socket says;
//! - subscriptions ([`subscribe`], and the RESP3 connections of [`push_connection`]) ping
//!   their connection too and resubscribe when it fails;
//! - stream tails ([`tail_stream`]) block on a connection of their own, with a response
//!   timeout just above the block time, and resume from the last entry they read.

use std::sync::{Arc, RwLock, Weak};
use std::time::Duration;

use anyhow::Context as _;
use futures_util::StreamExt;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::io::tcp::{TcpSettings, socket2::TcpKeepalive};
use redis::{Client, IntoConnectionInfo};

use crate::background::Background;

/// How often the watchdog and subscriptions ping.
pub const PING_EVERY: Duration = Duration::from_secs(1);
/// How long a ping may take.
pub const PING_TIMEOUT: Duration = Duration::from_secs(1);
/// Failed pings in a row before the connection is replaced.
pub const FAILURES_BEFORE_RECONNECT: u32 = 3;
/// How long subscribing may take before it is tried again.
pub const SUBSCRIBE_TIMEOUT: Duration = Duration::from_secs(5);
/// Unacknowledged data older than this ends a connection (`TCP_USER_TIMEOUT`).
const USER_TIMEOUT: Duration = Duration::from_secs(10);

/// A client for `url` whose connections use keepalive and a user timeout.
pub fn client(url: &str) -> anyhow::Result<Client> {
    let info = url.into_connection_info().context("invalid redis.url")?;
    let keepalive = TcpKeepalive::new()
        .with_time(Duration::from_secs(10))
        .with_interval(Duration::from_secs(5))
        .with_retries(3);
    let tcp = TcpSettings::default()
        .set_nodelay(true)
        .set_keepalive(keepalive)
        .set_user_timeout(USER_TIMEOUT);
    Ok(Client::open(info.set_tcp_settings(tcp))?)
}

/// A shared, self-healing Redis connection. Cheap to clone; take [`RedisLink::conn`] for each
/// command (or batch), never keep it.
#[derive(Clone)]
pub struct RedisLink {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client,
    current: RwLock<ConnectionManager>,
}

impl RedisLink {
    /// Made lazily: an unreachable Redis shows up as 503 answers and a failing `/readyz`
    /// until it comes back. Starts the watchdog (it ends with the last clone, or shutdown).
    pub fn connect(client: Client, background: &Background) -> anyhow::Result<Self> {
        let current = RwLock::new(manager(&client)?);
        let link = Self {
            inner: Arc::new(Inner { client, current }),
        };
        background.spawn_loop("redis watchdog", watchdog(Arc::downgrade(&link.inner)));
        Ok(link)
    }

    /// The current connection.
    pub fn conn(&self) -> ConnectionManager {
        self.inner
            .current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The client, for dedicated connections (subscriptions).
    pub fn client(&self) -> &Client {
        &self.inner.client
    }
}

fn manager(client: &Client) -> anyhow::Result<ConnectionManager> {
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(Some(Duration::from_secs(2)))
        .set_response_timeout(Some(Duration::from_secs(2)))
        .set_number_of_retries(1);
    Ok(ConnectionManager::new_lazy_with_config(
        client.clone(),
        config,
    )?)
}

async fn ping(mut conn: ConnectionManager) -> bool {
    let ping = redis::cmd("PING");
    let pong = ping.query_async::<String>(&mut conn);
    matches!(tokio::time::timeout(PING_TIMEOUT, pong).await, Ok(Ok(_)))
}

async fn watchdog(link: Weak<Inner>) {
    let mut failures = 0;
    let mut every = tokio::time::interval(PING_EVERY);
    loop {
        every.tick().await;
        let Some(inner) = link.upgrade() else {
            return;
        };
        let conn = inner
            .current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if ping(conn).await {
            failures = 0;
            continue;
        }
        failures += 1;
        if failures < FAILURES_BEFORE_RECONNECT {
            continue;
        }
        failures = 0;
        match manager(&inner.client) {
            Ok(fresh) => {
                tracing::warn!("Redis does not answer on its connection; replacing it");
                *inner.current.write().unwrap_or_else(|e| e.into_inner()) = fresh;
            }
            Err(error) => tracing::warn!("Redis connection not replaced: {error:#}"),
        }
    }
}

/// How long one `XREAD` of [`tail_stream`] blocks waiting for entries.
const TAIL_BLOCK: Duration = Duration::from_secs(2);

/// Reads the stream `key` after `*after` (an entry id) until the connection fails, handing
/// each entry's `field` to `on_entry` and moving `*after` past it, so the caller resumes
/// where it stopped: nothing appended meanwhile is skipped (while the stream keeps it).
pub async fn tail_stream(
    client: &Client,
    key: &str,
    field: &str,
    after: &mut String,
    mut on_entry: impl FnMut(&[u8]),
) -> anyhow::Result<()> {
    let config = redis::AsyncConnectionConfig::new()
        .set_connection_timeout(Some(SUBSCRIBE_TIMEOUT))
        .set_response_timeout(Some(TAIL_BLOCK + PING_TIMEOUT * 2));
    let mut conn = client
        .get_multiplexed_async_connection_with_config(&config)
        .await?;
    loop {
        let reply: Option<redis::streams::StreamReadReply> = redis::cmd("XREAD")
            .arg("COUNT")
            .arg(100)
            .arg("BLOCK")
            .arg(TAIL_BLOCK.as_millis() as u64)
            .arg("STREAMS")
            .arg(key)
            .arg(after.as_str())
            .query_async(&mut conn)
            .await?;
        for stream in reply.map(|r| r.keys).unwrap_or_default() {
            for entry in stream.ids {
                match entry.map.get(field) {
                    Some(value) => match redis::from_redis_value_ref::<Vec<u8>>(value) {
                        Ok(bytes) => on_entry(&bytes),
                        Err(error) => tracing::warn!(%key, "unreadable stream entry: {error}"),
                    },
                    None => tracing::warn!(%key, id = %entry.id, "stream entry lacks `{field}`"),
                }
                *after = entry.id;
            }
        }
    }
}

/// The id of the newest entry of the stream `key` (`0-0` when it is empty or missing).
pub async fn stream_end(conn: &mut ConnectionManager, key: &str) -> anyhow::Result<String> {
    let reply: redis::streams::StreamRangeReply = redis::cmd("XREVRANGE")
        .arg(key)
        .arg("+")
        .arg("-")
        .arg("COUNT")
        .arg(1)
        .query_async(conn)
        .await?;
    Ok(reply
        .ids
        .into_iter()
        .next()
        .map_or_else(|| "0-0".to_owned(), |entry| entry.id))
}

/// A connection of its own speaking RESP3, on which pub/sub messages (including sharded ones,
/// `SSUBSCRIBE`) arrive as push messages handed to `pushes`, while ordinary commands (the
/// subscriptions themselves, `PING`) still get their replies. It ends with a
/// `PushKind::Disconnection` push. Needs Redis ≥ 6 (`HELLO 3`); sharded pub/sub needs 7.
pub async fn push_connection(
    client: &Client,
    pushes: impl redis::aio::AsyncPushSender,
) -> anyhow::Result<redis::aio::MultiplexedConnection> {
    let info = client.get_connection_info().clone();
    let resp3 = info
        .redis_settings()
        .clone()
        .set_protocol(redis::ProtocolVersion::RESP3);
    let client = Client::open(info.set_redis_settings(resp3))?;
    let config = redis::AsyncConnectionConfig::new()
        .set_connection_timeout(Some(SUBSCRIBE_TIMEOUT))
        .set_response_timeout(Some(SUBSCRIBE_TIMEOUT))
        .set_push_sender(pushes);
    Ok(client
        .get_multiplexed_async_connection_with_config(&config)
        .await?)
}

/// Listens on `channel` until the subscription fails, handing every message's payload to
/// `on_message`. Pings the subscription every [`PING_EVERY`]: a half-open socket ends it
/// within a few seconds instead of never. The caller resubscribes.
pub async fn subscribe(
    client: &Client,
    channel: &str,
    mut on_message: impl FnMut(&[u8]),
) -> anyhow::Result<()> {
    let pubsub = tokio::time::timeout(SUBSCRIBE_TIMEOUT, async {
        let mut pubsub = client.get_async_pubsub().await?;
        pubsub.subscribe(channel).await?;
        anyhow::Ok(pubsub)
    })
    .await
    .context("subscribing timed out")??;
    let (mut sink, mut messages) = pubsub.split();
    let mut every = tokio::time::interval(PING_EVERY);
    let mut failures = 0;
    loop {
        tokio::select! {
            message = messages.next() => match message {
                Some(message) => on_message(message.get_payload_bytes()),
                None => anyhow::bail!("the subscription ended"),
            },
            _ = every.tick() => {
                let pong = tokio::time::timeout(PING_TIMEOUT, sink.ping::<redis::Value>()).await;
                if matches!(pong, Ok(Ok(_))) {
                    failures = 0;
                } else {
                    failures += 1;
                    anyhow::ensure!(
                        failures < FAILURES_BEFORE_RECONNECT,
                        "the subscription does not answer pings"
                    );
                }
            }
        }
    }
}
