//! How long versions are kept. A busy document is snapshotted every
//! `collab.snapshot_interval_secs` (30 s), which would be thousands of versions a day kept
//! forever. Automatic versions are thinned instead:
//!
//! - every version of the last 24 hours;
//! - the newest of each hour (UTC) for the 7 days before;
//! - the newest of each day (UTC) after that;
//! - named versions ("Before the exam", the ones a restore saves) and the newest version,
//!   always.
//!
//! [`Retained`] wraps a store and thins a document's history after every
//! [`THIN_EVERY`]th version it saves, so the cost is paid by busy documents only.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Duration, DurationRound, Utc};

use super::{HistoryStore, NewSnapshot, Snapshot, VersionMeta};

/// Thinning runs after saving a version whose number is a multiple of this.
pub const THIN_EVERY: i64 = 20;

/// Versions read per round while thinning.
const PAGE: usize = 500;

/// Versions younger than this are all kept.
const KEEP_ALL: Duration = Duration::hours(24);

/// Versions younger than this (and older than [`KEEP_ALL`]) keep one per hour.
const KEEP_HOURLY: Duration = Duration::days(8);

/// The versions of one document that the retention policy drops, as of `now`.
pub fn to_drop(versions: &[VersionMeta], now: DateTime<Utc>) -> Vec<i64> {
    let newest = versions.iter().map(|v| v.version).max();
    // The newest version of each bucket survives; a version in no bucket always does.
    let mut buckets: BTreeMap<DateTime<Utc>, i64> = BTreeMap::new();
    let mut bucketed = Vec::new();
    for meta in versions {
        let age = now - meta.created_at;
        if meta.name.is_some() || Some(meta.version) == newest || age < KEEP_ALL {
            continue;
        }
        let width = if age < KEEP_HOURLY {
            Duration::hours(1)
        } else {
            Duration::days(1)
        };
        let Ok(bucket) = meta.created_at.duration_trunc(width) else {
            continue;
        };
        let kept = buckets.entry(bucket).or_insert(meta.version);
        *kept = (*kept).max(meta.version);
        bucketed.push((bucket, meta.version));
    }
    let drop: BTreeSet<i64> = bucketed
        .into_iter()
        .filter(|(bucket, version)| buckets.get(bucket) != Some(version))
        .map(|(_, version)| version)
        .collect();
    drop.into_iter().collect()
}

/// Applies the retention policy to `doc`'s history; answers how many versions went.
pub async fn thin(
    store: &dyn HistoryStore,
    doc: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let mut versions = Vec::new();
    let mut before = None;
    loop {
        let page = store.list(doc, before, PAGE).await?;
        let Some(last) = page.last() else { break };
        before = Some(last.version);
        versions.extend(page);
    }
    let drop = to_drop(&versions, now);
    for chunk in drop.chunks(PAGE) {
        store.delete(doc, chunk).await?;
    }
    Ok(drop.len())
}

/// A history store that thins each document's history as it grows.
pub struct Retained {
    inner: Arc<dyn HistoryStore>,
}

impl Retained {
    pub fn new(inner: Arc<dyn HistoryStore>) -> Self {
        Self { inner }
    }
}

#[async_trait]
impl HistoryStore for Retained {
    async fn save(&self, doc: &str, snapshot: NewSnapshot) -> anyhow::Result<VersionMeta> {
        let meta = self.inner.save(doc, snapshot).await?;
        if meta.version % THIN_EVERY == 0 {
            // The version is stored; thinning that fails is tried again 20 versions later.
            match thin(self.inner.as_ref(), doc, Utc::now()).await {
                Ok(0) => {}
                Ok(dropped) => tracing::debug!(doc, dropped, "thinned the history"),
                Err(error) => tracing::warn!(doc, "could not thin the history: {error:#}"),
            }
        }
        Ok(meta)
    }

    async fn latest(&self, doc: &str) -> anyhow::Result<Option<Snapshot>> {
        self.inner.latest(doc).await
    }

    async fn get(&self, doc: &str, version: i64) -> anyhow::Result<Option<Snapshot>> {
        self.inner.get(doc, version).await
    }

    async fn list(
        &self,
        doc: &str,
        before: Option<i64>,
        limit: usize,
    ) -> anyhow::Result<Vec<VersionMeta>> {
        self.inner.list(doc, before, limit).await
    }

    async fn delete(&self, doc: &str, versions: &[i64]) -> anyhow::Result<()> {
        self.inner.delete(doc, versions).await
    }

    async fn delete_all(&self, doc: &str) -> anyhow::Result<usize> {
        self.inner.delete_all(doc).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collab::stream_id::StreamId;

    fn version(version: i64, created_at: DateTime<Utc>, name: Option<&str>) -> VersionMeta {
        VersionMeta {
            version,
            created_at,
            name: name.map(str::to_owned),
            contributors: Vec::new(),
            size_bytes: 1,
            stream_id: StreamId::ZERO,
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn the_last_day_is_kept_whole() {
        let now = at("2026-12-10T12:00:00Z");
        let versions: Vec<_> = (1..=100)
            .map(|n| version(n, now - Duration::minutes(200 - n), None))
            .collect();
        assert!(to_drop(&versions, now).is_empty());
    }

    #[test]
    fn the_week_before_keeps_the_newest_of_each_hour() {
        let now = at("2026-12-10T12:00:00Z");
        // Two days ago: 10:00, 10:20, 10:40 (one hour), 11:10 (the next).
        let versions = vec![
            version(1, at("2026-12-08T10:00:00Z"), None),
            version(2, at("2026-12-08T10:20:00Z"), None),
            version(3, at("2026-12-08T10:40:00Z"), None),
            version(4, at("2026-12-08T11:10:00Z"), None),
            version(5, at("2026-12-10T11:59:00Z"), None),
        ];
        assert_eq!(to_drop(&versions, now), [1, 2]);
    }

    #[test]
    fn older_versions_keep_the_newest_of_each_day() {
        let now = at("2026-12-30T12:00:00Z");
        let versions = vec![
            version(1, at("2026-12-01T08:00:00Z"), None),
            version(2, at("2026-12-01T13:00:00Z"), None),
            version(3, at("2026-12-01T23:59:00Z"), None),
            version(4, at("2026-12-02T00:01:00Z"), None),
            version(5, at("2026-12-30T11:00:00Z"), None),
        ];
        assert_eq!(to_drop(&versions, now), [1, 2]);
    }

    #[test]
    fn named_versions_and_the_newest_are_always_kept() {
        let now = at("2026-12-30T12:00:00Z");
        let versions = vec![
            version(1, at("2026-12-01T08:00:00Z"), Some("Before the exam")),
            version(2, at("2026-12-01T09:00:00Z"), None),
            version(3, at("2026-12-01T10:00:00Z"), None),
            version(
                4,
                at("2026-12-01T11:00:00Z"),
                Some("Before restoring version 2"),
            ),
        ];
        // 4 is named and the newest; 3 is the newest unnamed of its day; only 2 goes.
        assert_eq!(to_drop(&versions, now), [2]);
        let only = vec![version(7, at("2020-01-01T00:00:00Z"), None)];
        assert!(to_drop(&only, now).is_empty());
    }
}
