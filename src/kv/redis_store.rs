use std::time::Duration;

use async_trait::async_trait;
use redis::AsyncCommands;

use super::{Hits, KvResult, KvStore};
use crate::redis_link::RedisLink;

/// One more hit on a fixed-window counter: the window starts with the first hit.
const COUNT: &str = r#"
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}
"#;

/// Keys in Redis, shared by every instance. All keys carry the configured prefix.
#[derive(Clone)]
pub struct RedisKv {
    link: RedisLink,
    prefix: String,
}

impl RedisKv {
    pub fn new(link: RedisLink, prefix: impl Into<String>) -> Self {
        Self {
            link,
            prefix: prefix.into(),
        }
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }
}

fn millis(ttl: Duration) -> u64 {
    u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1)
}

#[async_trait]
impl KvStore for RedisKv {
    async fn put(&self, key: &str, value: &str, ttl: Duration) -> KvResult<()> {
        let mut conn = self.link.conn();
        let () = redis::cmd("SET")
            .arg(self.key(key))
            .arg(value)
            .arg("PX")
            .arg(millis(ttl))
            .query_async(&mut conn)
            .await?;
        Ok(())
    }

    async fn get(&self, key: &str) -> KvResult<Option<String>> {
        let mut conn = self.link.conn();
        Ok(conn.get(self.key(key)).await?)
    }

    async fn claim(&self, key: &str, value: &str, ttl: Duration) -> KvResult<bool> {
        let mut conn = self.link.conn();
        let set: Option<String> = redis::cmd("SET")
            .arg(self.key(key))
            .arg(value)
            .arg("NX")
            .arg("PX")
            .arg(millis(ttl))
            .query_async(&mut conn)
            .await?;
        Ok(set.is_some())
    }

    async fn renew(&self, key: &str, value: &str, ttl: Duration) -> KvResult<bool> {
        let mut conn = self.link.conn();
        let set: Option<String> = redis::cmd("SET")
            .arg(self.key(key))
            .arg(value)
            .arg("XX")
            .arg("PX")
            .arg(millis(ttl))
            .query_async(&mut conn)
            .await?;
        Ok(set.is_some())
    }

    async fn take(&self, key: &str) -> KvResult<Option<String>> {
        let mut conn = self.link.conn();
        Ok(conn.get_del(self.key(key)).await?)
    }

    async fn delete(&self, key: &str) -> KvResult<()> {
        let mut conn = self.link.conn();
        let _: i64 = conn.del(self.key(key)).await?;
        Ok(())
    }

    async fn count(&self, key: &str, window: Duration) -> KvResult<Hits> {
        let mut conn = self.link.conn();
        let (count, left): (u64, i64) = redis::Script::new(COUNT)
            .key(self.key(key))
            .arg(millis(window))
            .invoke_async(&mut conn)
            .await?;
        Ok(Hits {
            count,
            // -1 (no expiry) cannot happen: the first hit sets it in the same script.
            resets_in: Duration::from_millis(u64::try_from(left).unwrap_or(0)),
        })
    }

    async fn ping(&self) -> KvResult<()> {
        let mut conn = self.link.conn();
        let _: String = redis::cmd("PING").query_async(&mut conn).await?;
        Ok(())
    }

    fn name(&self) -> &'static str {
        "redis"
    }
}
