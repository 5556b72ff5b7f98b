//! Short-lived keys with a time to live: refresh tokens, login state, (later) socket tickets.
//! Redis in production so that every instance sees the same keys; a map in this process for
//! the embedded profile. Callers write the logic once against [`KvStore`].

mod memory;
mod redis_store;

use std::time::Duration;

use async_trait::async_trait;

pub use memory::MemoryKv;
pub use redis_store::RedisKv;

/// What can go wrong with the key store; the HTTP edge turns it into an answer (`From` in
/// `crate::error`), so callers in handlers just use `?`.
#[derive(Debug, thiserror::Error)]
pub enum KvError {
    /// Redis cannot be reached (connection refused or dropped, a timeout): 503.
    #[error("the key store cannot be reached: {0}")]
    Unavailable(#[source] redis::RedisError),
    /// Redis answered with an error: a bug, 500.
    #[error("the key store failed: {0}")]
    Failed(#[source] redis::RedisError),
}

impl From<redis::RedisError> for KvError {
    fn from(error: redis::RedisError) -> Self {
        let unreachable = error.is_io_error()
            || error.is_connection_refusal()
            || error.is_connection_dropped()
            || error.is_timeout();
        if unreachable {
            Self::Unavailable(error)
        } else {
            Self::Failed(error)
        }
    }
}

pub type KvResult<T> = Result<T, KvError>;

/// A counter's state after a [`KvStore::count`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hits {
    pub count: u64,
    /// Until the window ends and the count starts again.
    pub resets_in: Duration,
}

#[async_trait]
pub trait KvStore: Send + Sync + 'static {
    /// Sets `key` to `value`, replacing any earlier value, for `ttl`.
    async fn put(&self, key: &str, value: &str, ttl: Duration) -> KvResult<()>;
    async fn get(&self, key: &str) -> KvResult<Option<String>>;
    /// Sets `key` only when it is absent; true when this call set it. Atomic across
    /// instances: of two concurrent claims exactly one wins.
    async fn claim(&self, key: &str, value: &str, ttl: Duration) -> KvResult<bool>;
    /// Sets `key` to `value` for `ttl` only if it exists; false when it did not.
    async fn renew(&self, key: &str, value: &str, ttl: Duration) -> KvResult<bool>;
    /// Reads and deletes `key` in one step (single-use values).
    async fn take(&self, key: &str) -> KvResult<Option<String>>;
    async fn delete(&self, key: &str) -> KvResult<()>;
    /// Counts one more hit on `key`, a counter that starts at the first hit and lives for
    /// `window` (a fixed window); answers the count so far and how long the window has left.
    async fn count(&self, key: &str, window: Duration) -> KvResult<Hits>;
    /// Checks the store answers (for `/readyz`).
    async fn ping(&self) -> KvResult<()>;
    fn name(&self) -> &'static str;
}

impl From<KvError> for crate::error::ApiError {
    fn from(error: KvError) -> Self {
        match error {
            KvError::Unavailable(_) => {
                Self::unavailable(crate::error::ErrorCode::RedisUnavailable, error)
            }
            KvError::Failed(_) => Self::internal(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn memory_store_claims_once_takes_once_and_expires() {
        let kv = MemoryKv::default();
        let ttl = Duration::from_secs(60);
        assert!(kv.claim("a", "1", ttl).await.unwrap());
        assert!(!kv.claim("a", "2", ttl).await.unwrap());
        assert_eq!(kv.get("a").await.unwrap().as_deref(), Some("1"));
        assert_eq!(kv.take("a").await.unwrap().as_deref(), Some("1"));
        assert_eq!(kv.take("a").await.unwrap(), None);

        kv.put("b", "x", Duration::from_millis(1)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await;
        assert_eq!(kv.get("b").await.unwrap(), None);
        assert!(kv.claim("b", "y", ttl).await.unwrap());
    }
}
