//! The Redis bus. Per document (under the key prefix):
//! Keys carry the document key as a Redis Cluster hash tag (`doc:{video-…}:stream`).
//! - `doc:{key}:stream` — the update log (`XADD`; fields `u` update, `o` origin, `w` user,
//!   `t` append time in ms), trimmed below each stored snapshot;
//! - `doc:{key}:last` — the id of the newest entry (survives trimming);
//! - `doc:{key}:state` — hash `{id, state}`: the merged state and the stream id it covers;
//! - `lock:{name}` — short locks (snapshots: `lock:snapshot:{key}`, in the document's slot).
//!
//! The three `doc:` keys expire `collab.redis_idle_ttl_secs` after their last use (every
//! append and snapshot renews them); history is the durable copy they are rebuilt from.
//! Publishing a snapshot (cache, trim) is one Lua step fenced by the lock's holder and the
//! stream id, so a snapshotter whose lock ran out cannot move the cache backwards.
//!
//! Announcements are routed per document on Redis 7 sharded pub/sub: updates, awareness and
//! awareness queries go to the document's channel `doc:{key}:events` (`SPUBLISH`; the hash
//! tag puts it in the slot of the document's keys, so the append script may publish on it on
//! Redis Cluster too), and an instance subscribes (`SSUBSCRIBE`) only to the documents it has
//! open ([`super::routes`], [`super::redis_routes`]). Appending and announcing happen in one
//! Lua script, so an announced entry is always in the stream and ids announce in order.
//! Liveness heartbeats, one per instance per second, stay on the global channel `events`
//! (`PUBLISH`): every instance needs every one of them.
//!
//! Revocations must not be lost the way a pub/sub message can be (a subscriber that is
//! reconnecting misses it): they go to the stream `revocations` (field `r`, capped at
//! [`REVOCATIONS_KEPT`] entries), which every instance tails with a blocking `XREAD` from the
//! last entry it read, so one cut off for a while catches up when it reconnects.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use async_trait::async_trait;
use bytes::Bytes;
use redis::streams::StreamRangeReply;
use tokio_util::sync::CancellationToken;

use super::redis_routes::{self, Channels};
use super::routes::Routes;
use super::{Appended, Bus, Entry, Event, EventSink, now_ms};
use crate::background::Background;
use crate::collab::stream_id::StreamId;
use crate::redis_link::{self, RedisLink};

/// Appends, remembers the last id, renews the document's keys' TTL and announces
/// `u\n{doc}\n{id}\n{prev}\n{origin}\n{user}\n{t}\n{update}` on the document's sharded
/// channel (`ARGV[7]`, in the keys' slot).
const APPEND: &str = r#"
local prev = redis.call('GET', KEYS[2]) or '0-0'
local id = redis.call('XADD', KEYS[1], '*', 'u', ARGV[1], 'o', ARGV[2], 'w', ARGV[3], 't', ARGV[4])
redis.call('SET', KEYS[2], id, 'PX', ARGV[8])
redis.call('PEXPIRE', KEYS[1], ARGV[8])
redis.call('PEXPIRE', KEYS[3], ARGV[8])
if ARGV[6] == '1' then
  redis.call('SPUBLISH', ARGV[7], 'u\n' .. ARGV[5] .. '\n' .. id .. '\n' .. prev .. '\n' ..
    ARGV[2] .. '\n' .. ARGV[3] .. '\n' .. ARGV[4] .. '\n' .. ARGV[1])
end
return {id, prev}
"#;

/// Publishes a stored snapshot in one step, fenced by the lock and the stream id: only while
/// `ARGV[1]` holds the lock (`KEYS[1]`), and only forward (the cached id below the new one),
/// caches the state (`KEYS[2]`), trims the stream (`KEYS[3]`) below its id and renews the
/// keys' TTL (`KEYS[4]` is the last id). 1 when it did, 0 when fenced out or already covered.
const COMMIT_SNAPSHOT: &str = r#"
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local cached = redis.call('HGET', KEYS[2], 'id')
if cached then
  local dash = string.find(cached, '-', 1, true)
  local ms = tonumber(string.sub(cached, 1, dash - 1))
  local seq = tonumber(string.sub(cached, dash + 1))
  local new_ms, new_seq = tonumber(ARGV[2]), tonumber(ARGV[3])
  if ms > new_ms or (ms == new_ms and seq >= new_seq) then return 0 end
end
redis.call('HSET', KEYS[2], 'id', ARGV[4], 'state', ARGV[5])
redis.call('XTRIM', KEYS[3], 'MINID', ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
redis.call('PEXPIRE', KEYS[3], ARGV[6])
redis.call('PEXPIRE', KEYS[4], ARGV[6])
return 1
"#;

/// Deletes a lock only if this holder still owns it.
const UNLOCK: &str = r#"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"#;

/// How long a document's keys outlive their last use unless configured (7 days).
const DEFAULT_IDLE_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

/// Revocations kept in their stream (approximately): far more than an instance could miss
/// while reconnecting.
const REVOCATIONS_KEPT: usize = 10_000;

/// Entries read per XRANGE round trip during catch-up.
const PAGE: usize = 1000;

pub struct RedisBus {
    link: RedisLink,
    prefix: String,
    append: redis::Script,
    unlock: redis::Script,
    commit_snapshot: redis::Script,
    /// How long a document's keys outlive their last use (`collab.redis_idle_ttl_secs`).
    idle_ttl: Duration,
    /// Test switch: skip announcements, so only the periodic check finds new entries.
    drop_announcements: bool,
    /// The documents open here, which the subscription follows.
    routes: Arc<Routes>,
    /// Ends the subscription when the bus is dropped.
    dropped: CancellationToken,
}

impl RedisBus {
    pub fn new(link: RedisLink, prefix: String, drop_announcements: bool) -> Self {
        Self {
            link,
            prefix,
            append: redis::Script::new(APPEND),
            unlock: redis::Script::new(UNLOCK),
            commit_snapshot: redis::Script::new(COMMIT_SNAPSHOT),
            idle_ttl: DEFAULT_IDLE_TTL,
            drop_announcements,
            routes: Arc::default(),
            dropped: CancellationToken::new(),
        }
    }

    /// Sets how long a document's keys outlive their last use.
    pub fn with_idle_ttl(mut self, ttl: Duration) -> Self {
        self.idle_ttl = ttl;
        self
    }

    fn idle_ttl_ms(&self) -> u64 {
        (self.idle_ttl.as_millis() as u64).max(1)
    }

    /// `{…}` is a Redis Cluster hash tag: a document's keys share one slot, so the append
    /// script may touch them together.
    fn key(&self, doc: &str, what: &str) -> String {
        doc_key(&self.prefix, doc, what)
    }

    /// The global channel: liveness heartbeats only.
    fn alive_channel(&self) -> String {
        format!("{}events", self.prefix)
    }

    /// A document's sharded channel, in the slot of its keys.
    fn doc_channel(&self, doc: &str) -> String {
        self.key(doc, "events")
    }

    fn revocations(&self) -> String {
        format!("{}revocations", self.prefix)
    }

    /// Delivers every revocation appended from now on, until the bus is dropped.
    fn tail_revocations(&self, sink: Arc<dyn EventSink>, background: &Background) {
        let link = self.link.clone();
        let key = self.revocations();
        let dropped = self.dropped.clone();
        let tail = async move {
            let mut after = loop {
                match redis_link::stream_end(&mut link.conn(), &key).await {
                    Ok(id) => break id,
                    Err(error) => tracing::warn!("revocations not followed yet: {error:#}"),
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            };
            loop {
                let deliver = |body: &[u8]| match parse_event(&[&b"r\n"[..], body].concat()) {
                    Some(event) => sink.deliver(event),
                    None => tracing::warn!("ignoring a malformed revocation"),
                };
                let tailed =
                    redis_link::tail_stream(link.client(), &key, "r", &mut after, deliver).await;
                if let Err(error) = tailed {
                    tracing::warn!("revocation stream lost, following again: {error:#}");
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        };
        background.spawn_loop("revocation stream", async move {
            tokio::select! {
                _ = dropped.cancelled() => {}
                () = tail => {}
            }
        });
    }

    /// `PUBLISH`es on `channel`, or `SPUBLISH`es when `sharded`.
    async fn publish(
        &self,
        sharded: bool,
        channel: String,
        payload: Vec<u8>,
    ) -> anyhow::Result<()> {
        let mut conn = self.link.conn();
        let _: i64 = redis::cmd(if sharded { "SPUBLISH" } else { "PUBLISH" })
            .arg(channel)
            .arg(payload)
            .query_async(&mut conn)
            .await?;
        Ok(())
    }
}

impl Drop for RedisBus {
    fn drop(&mut self) {
        self.dropped.cancel();
    }
}

/// `{prefix}doc:{doc}:{what}`: a document's keys and its sharded channel (`what` = `events`)
/// share the hash tag `{doc}`, hence one Redis Cluster slot.
fn doc_key(prefix: &str, doc: &str, what: &str) -> String {
    format!("{prefix}doc:{{{doc}}}:{what}")
}

fn parse_id(text: &str) -> anyhow::Result<StreamId> {
    Ok(text.parse()?)
}

#[async_trait]
impl Bus for RedisBus {
    async fn append(
        &self,
        doc: &str,
        origin: &str,
        user: &str,
        update: &Bytes,
    ) -> anyhow::Result<Appended> {
        let mut conn = self.link.conn();
        let (id, prev): (String, String) = self
            .append
            .key(self.key(doc, "stream"))
            .key(self.key(doc, "last"))
            .key(self.key(doc, "state"))
            .arg(update.as_ref())
            .arg(origin)
            .arg(user)
            .arg(now_ms())
            .arg(doc)
            .arg(if self.drop_announcements { "0" } else { "1" })
            .arg(self.doc_channel(doc))
            .arg(self.idle_ttl_ms())
            .invoke_async(&mut conn)
            .await?;
        Ok(Appended {
            id: parse_id(&id)?,
            prev: parse_id(&prev)?,
        })
    }

    async fn read_after(&self, doc: &str, after: StreamId) -> anyhow::Result<Vec<Entry>> {
        let mut conn = self.link.conn();
        let mut entries = Vec::new();
        let mut from = after;
        loop {
            let reply: StreamRangeReply = redis::cmd("XRANGE")
                .arg(self.key(doc, "stream"))
                .arg(format!("({from}"))
                .arg("+")
                .arg("COUNT")
                .arg(PAGE)
                .query_async(&mut conn)
                .await?;
            let page = reply.ids.len();
            for item in reply.ids {
                let id = parse_id(&item.id)?;
                let field = |name: &str| -> anyhow::Result<Vec<u8>> {
                    match item.map.get(name) {
                        Some(value) => Ok(redis::from_redis_value_ref(value)?),
                        None => anyhow::bail!("stream entry {id} lacks `{name}`"),
                    }
                };
                entries.push(Entry {
                    id,
                    update: Bytes::from(field("u")?),
                    origin: String::from_utf8(field("o")?)?,
                    user: String::from_utf8(field("w")?)?,
                    sent_at_ms: String::from_utf8(field("t")?)?.parse().unwrap_or(0),
                });
                from = id;
            }
            if page < PAGE {
                return Ok(entries);
            }
        }
    }

    async fn last_id(&self, doc: &str) -> anyhow::Result<StreamId> {
        let mut conn = self.link.conn();
        let last: Option<String> = redis::cmd("GET")
            .arg(self.key(doc, "last"))
            .query_async(&mut conn)
            .await?;
        last.map(|id| parse_id(&id))
            .transpose()
            .map(|id| id.unwrap_or(StreamId::ZERO))
    }

    async fn cached_state(&self, doc: &str) -> anyhow::Result<Option<(StreamId, Vec<u8>)>> {
        let mut conn = self.link.conn();
        let (id, state): (Option<String>, Option<Vec<u8>>) = redis::cmd("HMGET")
            .arg(self.key(doc, "state"))
            .arg("id")
            .arg("state")
            .query_async(&mut conn)
            .await?;
        match (id, state) {
            (Some(id), Some(state)) => Ok(Some((parse_id(&id)?, state))),
            _ => Ok(None),
        }
    }

    async fn cached_id(&self, doc: &str) -> anyhow::Result<Option<StreamId>> {
        let mut conn = self.link.conn();
        let id: Option<String> = redis::cmd("HGET")
            .arg(self.key(doc, "state"))
            .arg("id")
            .query_async(&mut conn)
            .await?;
        id.map(|id| parse_id(&id)).transpose()
    }

    async fn commit_snapshot(
        &self,
        doc: &str,
        lock: &str,
        holder: &str,
        id: StreamId,
        state: &[u8],
    ) -> anyhow::Result<bool> {
        let mut conn = self.link.conn();
        let done: i64 = self
            .commit_snapshot
            .key(format!("{}lock:{lock}", self.prefix))
            .key(self.key(doc, "state"))
            .key(self.key(doc, "stream"))
            .key(self.key(doc, "last"))
            .arg(holder)
            .arg(id.ms)
            .arg(id.seq)
            .arg(id.to_string())
            .arg(state)
            .arg(self.idle_ttl_ms())
            .invoke_async(&mut conn)
            .await?;
        Ok(done == 1)
    }

    async fn try_lock(&self, name: &str, holder: &str, ttl: Duration) -> anyhow::Result<bool> {
        let mut conn = self.link.conn();
        let set: Option<String> = redis::cmd("SET")
            .arg(format!("{}lock:{name}", self.prefix))
            .arg(holder)
            .arg("NX")
            .arg("PX")
            .arg(ttl.as_millis() as u64)
            .query_async(&mut conn)
            .await?;
        Ok(set.is_some())
    }

    async fn unlock(&self, name: &str, holder: &str) -> anyhow::Result<()> {
        let mut conn = self.link.conn();
        let _: i64 = self
            .unlock
            .key(format!("{}lock:{name}", self.prefix))
            .arg(holder)
            .invoke_async(&mut conn)
            .await?;
        Ok(())
    }

    async fn forget(&self, doc: &str) -> anyhow::Result<()> {
        let mut conn = self.link.conn();
        // One slot (the hash tag), so one DEL also works on a cluster.
        let _: i64 = redis::cmd("DEL")
            .arg(self.key(doc, "stream"))
            .arg(self.key(doc, "last"))
            .arg(self.key(doc, "state"))
            .query_async(&mut conn)
            .await?;
        Ok(())
    }

    async fn broadcast(&self, event: Event) -> anyhow::Result<()> {
        let (sharded, channel, payload) = match event {
            Event::Awareness {
                doc,
                origin,
                update,
            } => (
                true,
                self.doc_channel(&doc),
                [format!("a\n{doc}\n{origin}\n").as_bytes(), &update].concat(),
            ),
            Event::AwarenessQuery { doc, origin } => (
                true,
                self.doc_channel(&doc),
                format!("q\n{doc}\n{origin}").into_bytes(),
            ),
            Event::Alive { instance } => (
                false,
                self.alive_channel(),
                format!("h\n{instance}").into_bytes(),
            ),
            Event::Revoke { user, docs, reason } => {
                let body = serde_json::json!({"user": user, "docs": docs, "reason": reason});
                let mut conn = self.link.conn();
                // Expiring too: a key prefix no instance uses any more leaves nothing behind.
                let _: (String, i64) = redis::pipe()
                    .cmd("XADD")
                    .arg(self.revocations())
                    .arg("MAXLEN")
                    .arg("~")
                    .arg(REVOCATIONS_KEPT)
                    .arg("*")
                    .arg("r")
                    .arg(body.to_string())
                    .cmd("PEXPIRE")
                    .arg(self.revocations())
                    .arg(self.idle_ttl_ms())
                    .query_async(&mut conn)
                    .await?;
                return Ok(());
            }
            Event::Update { .. } => anyhow::bail!("updates are announced by append"),
            Event::Resync => anyhow::bail!("a resync is this instance's own"),
        };
        self.publish(sharded, channel, payload).await
    }

    async fn open(&self, doc: &str) -> anyhow::Result<()> {
        let Some(subscribed) = self.routes.open(doc) else {
            return Ok(());
        };
        tokio::time::timeout(redis_link::SUBSCRIBE_TIMEOUT, subscribed)
            .await
            .context("the document's channel was not subscribed in time")?
            .context("the document was closed while subscribing")
    }

    fn close(&self, doc: &str) {
        self.routes.close(doc);
    }

    fn is_shared(&self) -> bool {
        true
    }

    fn listen(&self, sink: Arc<dyn EventSink>, background: &Background) {
        self.tail_revocations(sink.clone(), background);
        let prefix = self.prefix.clone();
        let channels = Channels {
            alive: self.alive_channel(),
            doc: Box::new(move |doc| doc_key(&prefix, doc, "events")),
        };
        let subscription = redis_routes::listen(
            self.link.client().clone(),
            channels,
            self.routes.clone(),
            sink,
        );
        let dropped = self.dropped.clone();
        background.spawn_loop("bus subscription", async move {
            tokio::select! {
                _ = dropped.cancelled() => {}
                () = subscription => {}
            }
        });
    }
}

/// Parses what `APPEND` and [`RedisBus::broadcast`] publish (and a revocation's stream entry,
/// prefixed with `r\n`).
pub(super) fn parse_event(payload: &[u8]) -> Option<Event> {
    let text = |bytes: &[u8]| std::str::from_utf8(bytes).ok().map(str::to_owned);
    let (kind, rest) = payload.split_first()?;
    let rest = rest.strip_prefix(b"\n")?;
    match kind {
        b'u' => {
            let mut parts = rest.splitn(7, |b| *b == b'\n');
            let doc = text(parts.next()?)?;
            let id = text(parts.next()?)?.parse().ok()?;
            let prev = text(parts.next()?)?.parse().ok()?;
            let origin = text(parts.next()?)?;
            let user = text(parts.next()?)?;
            let sent_at_ms = text(parts.next()?)?.parse().ok()?;
            let update = Bytes::copy_from_slice(parts.next()?);
            Some(Event::Update {
                doc,
                prev,
                entry: Entry {
                    id,
                    origin,
                    user,
                    sent_at_ms,
                    update,
                },
            })
        }
        b'a' => {
            let mut parts = rest.splitn(3, |b| *b == b'\n');
            let doc = text(parts.next()?)?;
            let origin = text(parts.next()?)?;
            let update = Bytes::copy_from_slice(parts.next()?);
            Some(Event::Awareness {
                doc,
                origin,
                update,
            })
        }
        b'q' => {
            let mut parts = rest.splitn(2, |b| *b == b'\n');
            Some(Event::AwarenessQuery {
                doc: text(parts.next()?)?,
                origin: text(parts.next()?)?,
            })
        }
        b'h' => Some(Event::Alive {
            instance: text(rest)?,
        }),
        b'r' => {
            let body: serde_json::Value = serde_json::from_slice(rest).ok()?;
            Some(Event::Revoke {
                user: body["user"].as_str().map(str::to_owned),
                docs: serde_json::from_value(body["docs"].clone()).ok()?,
                reason: body["reason"].as_str()?.to_owned(),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_documents_channel_shares_the_hash_tag_of_its_keys() {
        assert_eq!(
            doc_key("vivid:", "video-1", "events"),
            "vivid:doc:{video-1}:events"
        );
        let tag = |name: &str| {
            let open = name.find('{').unwrap();
            let close = open + name[open..].find('}').unwrap();
            name[open + 1..close].to_owned()
        };
        assert_eq!(
            tag(&doc_key("p:", "note-7", "events")),
            tag(&doc_key("p:", "note-7", "stream"))
        );
    }

    #[test]
    fn announcements_parse_with_binary_updates() {
        let mut payload = b"u\nvideo-1\n17-3\n17-2\nroom-a\nuser-1\n99\n".to_vec();
        payload.extend_from_slice(&[0, b'\n', 255, 1]);
        match parse_event(&payload).unwrap() {
            Event::Update { doc, entry, prev } => {
                assert_eq!(doc, "video-1");
                assert_eq!(entry.id.to_string(), "17-3");
                assert_eq!(prev.to_string(), "17-2");
                assert_eq!(entry.origin, "room-a");
                assert_eq!(entry.user, "user-1");
                assert_eq!(entry.sent_at_ms, 99);
                assert_eq!(entry.update.as_ref(), &[0, b'\n', 255, 1]);
            }
            other => panic!("{other:?}"),
        }
        assert!(parse_event(b"u\nvideo-1\nnot-an-id").is_none());
        assert!(parse_event(b"x\n").is_none());
        assert!(parse_event(b"").is_none());
        assert!(matches!(
            parse_event(b"h\ninstance-a"),
            Some(Event::Alive { instance }) if instance == "instance-a"
        ));
        assert!(matches!(
            parse_event(b"q\nnote-2\nroom-b"),
            Some(Event::AwarenessQuery { .. })
        ));
        assert!(matches!(
            parse_event(
                br#"r
{"user":null,"docs":["video-1"],"reason":"deleted"}"#
            ),
            Some(Event::Revoke { user: None, .. })
        ));
    }
}
