use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;

use super::{Hits, KvResult, KvStore};

/// Keys in this process (embedded profile). Expired keys are dropped when touched and swept
/// whenever the map has grown by a sweep interval's worth of writes.
#[derive(Default)]
pub struct MemoryKv {
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, (String, Instant)>,
    writes_since_sweep: usize,
}

const SWEEP_EVERY_WRITES: usize = 1024;

impl Entries {
    fn live(&mut self, key: &str) -> Option<&String> {
        let expired = matches!(self.map.get(key), Some((_, until)) if *until <= Instant::now());
        if expired {
            self.map.remove(key);
        }
        self.map.get(key).map(|(value, _)| value)
    }

    fn insert(&mut self, key: &str, value: &str, ttl: Duration) {
        self.writes_since_sweep += 1;
        if self.writes_since_sweep >= SWEEP_EVERY_WRITES {
            let now = Instant::now();
            self.map.retain(|_, (_, until)| *until > now);
            self.writes_since_sweep = 0;
        }
        self.map
            .insert(key.to_owned(), (value.to_owned(), Instant::now() + ttl));
    }
}

impl MemoryKv {
    /// Drops every key starting with `prefix` (tests that simulate concurrent revocation).
    #[cfg(test)]
    pub fn clear_prefix(&self, prefix: &str) {
        self.entries().map.retain(|key, _| !key.starts_with(prefix));
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A panic while holding this lock cannot leave the map half-written.
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[async_trait]
impl KvStore for MemoryKv {
    async fn put(&self, key: &str, value: &str, ttl: Duration) -> KvResult<()> {
        self.entries().insert(key, value, ttl);
        Ok(())
    }

    async fn get(&self, key: &str) -> KvResult<Option<String>> {
        Ok(self.entries().live(key).cloned())
    }

    async fn claim(&self, key: &str, value: &str, ttl: Duration) -> KvResult<bool> {
        let mut entries = self.entries();
        if entries.live(key).is_some() {
            return Ok(false);
        }
        entries.insert(key, value, ttl);
        Ok(true)
    }

    async fn renew(&self, key: &str, value: &str, ttl: Duration) -> KvResult<bool> {
        let mut entries = self.entries();
        if entries.live(key).is_none() {
            return Ok(false);
        }
        entries.insert(key, value, ttl);
        Ok(true)
    }

    async fn take(&self, key: &str) -> KvResult<Option<String>> {
        let mut entries = self.entries();
        let value = entries.live(key).cloned();
        entries.map.remove(key);
        Ok(value)
    }

    async fn delete(&self, key: &str) -> KvResult<()> {
        self.entries().map.remove(key);
        Ok(())
    }

    async fn count(&self, key: &str, window: Duration) -> KvResult<Hits> {
        let mut entries = self.entries();
        let now = Instant::now();
        let count = entries
            .live(key)
            .map(|count| count.parse::<u64>().unwrap_or(0));
        let (count, until) = match (count, entries.map.get(key)) {
            (Some(count), Some((_, until))) => (count + 1, *until),
            _ => (1, now + window),
        };
        entries.insert(key, &count.to_string(), until - now);
        Ok(Hits {
            count,
            resets_in: until - now,
        })
    }

    async fn ping(&self) -> KvResult<()> {
        Ok(())
    }

    fn name(&self) -> &'static str {
        "memory"
    }
}
