//! Document history: snapshots of a document's whole state, numbered per document. DynamoDB
//! (with S3 for snapshots too big for an item) in production; the relational database in the
//! embedded profile. States are stored deflate-compressed; `size_bytes` is the uncompressed
//! size.

mod dynamo;
mod local;
pub mod retention;

use std::io::{Read, Write};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use dynamo::DynamoHistory;
pub use local::LocalHistory;

use super::stream_id::StreamId;

/// What a version is, without its state.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct VersionMeta {
    pub version: i64,
    pub created_at: DateTime<Utc>,
    /// Set for versions saved on purpose ("Before the exam").
    pub name: Option<String>,
    /// Users who edited since the previous version.
    pub contributors: Vec<String>,
    /// Bytes of the (uncompressed) document state.
    pub size_bytes: i64,
    /// The last stream entry this state includes.
    #[schema(value_type = String)]
    pub stream_id: StreamId,
}

#[derive(Debug, Clone)]
pub struct Snapshot {
    pub meta: VersionMeta,
    /// The state as a Yjs v1 update.
    pub state: Vec<u8>,
}

/// A snapshot to store; the store assigns its version.
#[derive(Debug, Clone)]
pub struct NewSnapshot {
    pub name: Option<String>,
    pub contributors: Vec<String>,
    pub stream_id: StreamId,
    pub state: Vec<u8>,
}

#[async_trait]
pub trait HistoryStore: Send + Sync + 'static {
    /// Stores the next version of `doc` (one more than the newest).
    async fn save(&self, doc: &str, snapshot: NewSnapshot) -> anyhow::Result<VersionMeta>;
    async fn latest(&self, doc: &str) -> anyhow::Result<Option<Snapshot>>;
    async fn get(&self, doc: &str, version: i64) -> anyhow::Result<Option<Snapshot>>;
    /// Newest first, versions below `before` when given.
    async fn list(
        &self,
        doc: &str,
        before: Option<i64>,
        limit: usize,
    ) -> anyhow::Result<Vec<VersionMeta>>;
    /// Deletes these versions of `doc` (numbers it does not have are skipped).
    async fn delete(&self, doc: &str, versions: &[i64]) -> anyhow::Result<()>;
    /// Deletes every version of `doc` (the document was deleted); answers how many.
    async fn delete_all(&self, doc: &str) -> anyhow::Result<usize>;
}

pub fn compress(state: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(state);
    encoder.finish().unwrap_or_default()
}

pub fn decompress(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compression_round_trips() {
        let state: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let packed = compress(&state);
        assert!(packed.len() < state.len());
        assert_eq!(decompress(&packed).unwrap(), state);
        assert!(decompress(b"not deflate at all").is_err());
    }
}
