//! Rate limits on expensive work, per user (or per client address before sign-in), shared by
//! every instance: each limit is a fixed-window counter in the key store (Redis in
//! production, this process's map in the embedded profile). Over the limit the request is
//! refused with 429 `rate_limited` and `Retry-After` (the seconds until the window ends)
//! before any work is done.
//!
//! No crate does this across instances over our own key store (governor, say, counts in one
//! process), and a fixed window is one `INCR` + `PEXPIRE` script; a burst of up to twice the
//! limit across a window boundary is acceptable for these limits. Quotas on work in
//! progress (pending uploads, running imports) count rows where that work lives and answer
//! `quota_exceeded` ([`quota_exceeded`]).

use std::sync::Arc;
use std::time::Duration;

use crate::config::LimitSettings;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::kv::KvStore;

/// One kind of work and how much of it a subject may start per window.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// Names the counter (`rate:{name}:{subject}`) and the work in messages.
    pub name: &'static str,
    pub per_window: u32,
    pub window: Duration,
}

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

/// Every limit, from the settings.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub login_starts: Limit,
    pub tickets: Limit,
    pub versions: Limit,
    pub snapshots: Limit,
    pub videos: Limit,
    pub imports: Limit,
    pub event_streams: Limit,
}

impl Limits {
    pub fn from_settings(settings: &LimitSettings) -> Self {
        let limit = |name, per_window, window| Limit {
            name,
            per_window,
            window,
        };
        Self {
            login_starts: limit("login_start", settings.login_starts_per_minute, MINUTE),
            tickets: limit("ticket", settings.tickets_per_minute, MINUTE),
            versions: limit("version", settings.versions_per_minute, MINUTE),
            snapshots: limit("snapshot", settings.snapshots_per_minute, MINUTE),
            videos: limit("video", settings.videos_per_hour, HOUR),
            imports: limit("import", settings.imports_per_hour, HOUR),
            event_streams: limit("event_stream", settings.event_streams_per_minute, MINUTE),
        }
    }
}

#[derive(Clone)]
pub struct RateLimiter {
    kv: Arc<dyn KvStore>,
    pub limits: Limits,
}

impl RateLimiter {
    pub fn new(kv: Arc<dyn KvStore>, settings: &LimitSettings) -> Self {
        Self {
            kv,
            limits: Limits::from_settings(settings),
        }
    }

    /// Counts one more `limit` for `subject` (a user id, or `ip:{address}`); 429 when that
    /// is more than the window allows.
    pub async fn check(&self, limit: Limit, subject: &str) -> ApiResult<()> {
        let key = format!("rate:{}:{subject}", limit.name);
        let hits = self.kv.count(&key, limit.window).await?;
        if hits.count <= u64::from(limit.per_window) {
            return Ok(());
        }
        tracing::info!(
            limit = limit.name,
            subject,
            count = hits.count,
            "rate limited"
        );
        Err(ApiError::new(
            ErrorCode::RateLimited,
            format!(
                "too many requests of this kind ({} per {} s); try again in a moment",
                limit.per_window,
                limit.window.as_secs()
            ),
        )
        .with_retry_after(hits.resets_in))
    }
}

/// 429 `quota_exceeded`: `what` of the caller is still in progress; try again after `after`.
pub fn quota_exceeded(what: &str, quota: u32, after: Duration) -> ApiError {
    ApiError::new(
        ErrorCode::QuotaExceeded,
        format!("you have {quota} {what} in progress already; wait until one finishes"),
    )
    .with_retry_after(after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kv::MemoryKv;

    #[tokio::test]
    async fn a_subject_over_its_limit_is_refused_with_the_time_left() {
        let limiter = RateLimiter {
            kv: Arc::new(MemoryKv::default()),
            limits: Limits::from_settings(&crate::config::Settings::defaults().unwrap().limits),
        };
        let limit = Limit {
            name: "test",
            per_window: 3,
            window: MINUTE,
        };
        for _ in 0..3 {
            limiter.check(limit, "u1").await.unwrap();
        }
        let refused = limiter.check(limit, "u1").await.unwrap_err();
        assert_eq!(refused.code(), ErrorCode::RateLimited);
        let after = refused.retry_after().unwrap();
        assert!(
            after > Duration::from_secs(50) && after <= MINUTE,
            "{after:?}"
        );
        // Another subject has its own counter.
        limiter.check(limit, "u2").await.unwrap();
    }
}
