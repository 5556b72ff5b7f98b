//! How a room reads and stores its document, over the [`Bus`] and [`HistoryStore`] traits:
//! loading (cache → newest snapshot → the stream after it), catching up, and storing a
//! snapshot under the per-document lock. No actor here: the room runs these as futures.

use std::collections::BTreeSet;
use std::time::Duration;

use super::Collab;
use super::bus::{Bus, Entry};
use super::history::{NewSnapshot, VersionMeta};
use super::stream_id::StreamId;

/// How often a read starts over because a snapshot trimmed the stream under it.
const TRIM_RETRIES: usize = 3;

/// How long a snapshot may hold the per-document lock.
const SNAPSHOT_LOCK_TTL: Duration = Duration::from_secs(30);

/// What lies past a stream position: the cached state, when a snapshot trimmed the stream
/// beyond that position, then the entries after it (or after the cache).
pub struct Tail {
    pub base: Option<(StreamId, Vec<u8>)>,
    pub entries: Vec<Entry>,
}

/// Reads everything after `from`, consistently: the cache is written before the stream is
/// trimmed, so when the cached id moved past what we read from while we read, entries between
/// them may be gone from the stream — start over from the cache.
pub async fn read_tail(bus: &dyn Bus, key: &str, from: StreamId) -> anyhow::Result<Tail> {
    for _ in 0..TRIM_RETRIES {
        let base = match bus.cached_id(key).await? {
            Some(cached) if cached > from => bus.cached_state(key).await?,
            _ => None,
        };
        let after = base.as_ref().map_or(from, |(id, _)| (*id).max(from));
        let entries = bus.read_after(key, after).await?;
        let moved = bus.cached_id(key).await?.is_some_and(|c| c > after);
        if !moved {
            return Ok(Tail { base, entries });
        }
    }
    anyhow::bail!("the stream kept being trimmed while reading it")
}

/// A document as found in storage.
pub struct Loaded {
    pub base: Option<Vec<u8>>,
    pub base_id: StreamId,
    pub entries: Vec<Entry>,
}

/// Loads a document: the cached state (Redis) when there is one, else the newest snapshot
/// (history), then the stream after it.
pub async fn load(collab: &Collab, key: &str) -> anyhow::Result<Loaded> {
    let snapshot = match collab.bus.cached_id(key).await? {
        Some(_) => None,
        None => collab.history.latest(key).await?,
    };
    let from = snapshot
        .as_ref()
        .map_or(StreamId::ZERO, |s| s.meta.stream_id);
    let tail = read_tail(collab.bus.as_ref(), key, from).await?;
    let (base, base_id) = match (tail.base, snapshot) {
        (Some((id, state)), _) => (Some(state), id),
        (None, Some(snapshot)) => (Some(snapshot.state), from),
        (None, None) => (None, StreamId::ZERO),
    };
    Ok(Loaded {
        base,
        base_id,
        entries: tail.entries,
    })
}

/// A state to store as a version.
pub struct SnapshotRequest {
    pub name: Option<String>,
    pub contributors: BTreeSet<String>,
    /// The stream position the state covers.
    pub stream_id: StreamId,
    pub state: Vec<u8>,
    /// Stored even when history already covers it, waiting for the lock (a version a user
    /// asked for); else skipped when another instance holds the lock or stored it.
    pub forced: bool,
}

/// What a snapshot attempt came to.
pub enum Stored {
    Version(VersionMeta),
    /// History already holds this state (another instance stored it).
    Covered,
    /// Another instance is snapshotting: the room stays dirty and tries again later.
    LockBusy,
}

/// Stores `request` as a new version under the per-document lock held as `holder`, then
/// refreshes the cache and trims the stream.
pub async fn snapshot(
    collab: &Collab,
    key: &str,
    holder: &str,
    request: SnapshotRequest,
) -> anyhow::Result<Stored> {
    // `{key}` puts the lock in the document's Redis Cluster slot: the commit step reads it.
    let lock = format!("snapshot:{{{key}}}");
    let mut acquired = collab
        .bus
        .try_lock(&lock, holder, SNAPSHOT_LOCK_TTL)
        .await?;
    let mut attempts = 0;
    while !acquired && request.forced && attempts < 50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        acquired = collab
            .bus
            .try_lock(&lock, holder, SNAPSHOT_LOCK_TTL)
            .await?;
        attempts += 1;
    }
    if !acquired {
        anyhow::ensure!(!request.forced, "another instance holds the snapshot lock");
        return Ok(Stored::LockBusy);
    }
    let result = store(collab, key, &lock, holder, request).await;
    if let Err(error) = collab.bus.unlock(&lock, holder).await {
        tracing::warn!(doc = %key, "could not release the snapshot lock: {error:#}");
    }
    result
}

async fn store(
    collab: &Collab,
    key: &str,
    lock: &str,
    holder: &str,
    request: SnapshotRequest,
) -> anyhow::Result<Stored> {
    let SnapshotRequest {
        name,
        contributors,
        stream_id,
        state,
        forced,
    } = request;
    if !forced {
        let newest = collab.history.list(key, None, 1).await?;
        if newest.first().is_some_and(|v| v.stream_id >= stream_id) {
            return Ok(Stored::Covered);
        }
    }
    let meta = collab
        .history
        .save(
            key,
            NewSnapshot {
                name,
                contributors: contributors.into_iter().collect(),
                stream_id,
                state: state.clone(),
            },
        )
        .await?;
    // Never move the cache (and the trim point) backwards: entries between an older state
    // and a newer trim point would be in neither.
    collab
        .bus
        .commit_snapshot(key, lock, holder, stream_id, &state)
        .await?;
    // The search index follows what history holds; it reads the feed on a task of its own.
    collab.stored.push(key, state);
    Ok(Stored::Version(meta))
}
