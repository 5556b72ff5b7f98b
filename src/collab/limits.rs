//! Per-connection limits that need state: the update-rate token bucket, and the gate every
//! frame of a session passes (decode, then the bucket). Pure (time is passed in), so it is
//! testable without sleeping.

use std::time::Instant;

use super::close::{Close, CloseCode};
use super::protocol::{self, ClientMessage};

/// What a session lets through to its room: frames that decode, at the allowed rate.
#[derive(Debug, Clone)]
pub struct SessionGate {
    bucket: TokenBucket,
}

/// A frame the gate refused: the metrics label and the close to send.
#[derive(Debug)]
pub struct Refused {
    pub label: &'static str,
    pub close: Close,
}

impl SessionGate {
    pub fn new(rate: f64, burst: f64, now: Instant) -> Self {
        Self {
            bucket: TokenBucket::new(rate, burst, now),
        }
    }

    /// Decodes a binary frame and charges it. Every message but `auth` costs a token: a step
    /// 1 or a query makes the room encode and send the whole document or presence table.
    pub fn admit(&mut self, frame: &[u8], now: Instant) -> Result<ClientMessage, Refused> {
        let message = protocol::decode(frame).map_err(|error| Refused {
            label: error.label(),
            close: Close::new(CloseCode::Malformed, error.to_string()),
        })?;
        let charged = !matches!(message, ClientMessage::Auth);
        if charged && !self.bucket.take(now) {
            return Err(Refused {
                label: "rate_limited",
                close: Close::new(CloseCode::RateLimited, "too many updates per second"),
            });
        }
        Ok(message)
    }
}

/// Allows `rate` messages per second on average and bursts of up to `burst`.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    rate: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    pub fn new(rate: f64, burst: f64, now: Instant) -> Self {
        Self {
            rate,
            burst,
            tokens: burst,
            last: now,
        }
    }

    /// Takes one token; false when the bucket is empty (the caller is over the limit).
    pub fn take(&mut self, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_burst_passes_then_the_rate_applies() {
        let start = Instant::now();
        let mut bucket = TokenBucket::new(10.0, 5.0, start);
        for _ in 0..5 {
            assert!(bucket.take(start));
        }
        assert!(!bucket.take(start));
        // 100 ms at 10/s refills one token.
        assert!(bucket.take(start + Duration::from_millis(100)));
        assert!(!bucket.take(start + Duration::from_millis(100)));
        // A long pause refills up to the burst, not beyond.
        let later = start + Duration::from_secs(60);
        for _ in 0..5 {
            assert!(bucket.take(later));
        }
        assert!(!bucket.take(later));
    }

    #[test]
    fn the_gate_refuses_bad_frames_and_floods_but_not_auth() {
        let start = Instant::now();
        let mut gate = SessionGate::new(1.0, 2.0, start);
        let refused = gate.admit(&[9, 9, 9], start).unwrap_err();
        assert_eq!(refused.close.code, CloseCode::Malformed);
        assert_eq!(refused.label, "unknown_type");
        let query = [3u8];
        assert!(gate.admit(&query, start).is_ok());
        assert!(gate.admit(&query, start).is_ok());
        let flood = gate.admit(&query, start).unwrap_err();
        assert_eq!(flood.close.code, CloseCode::RateLimited);
        assert_eq!(flood.label, "rate_limited");
        // Auth messages cost nothing.
        assert!(gate.admit(&[2, 0], start).is_ok());
        assert!(
            gate.admit(&query, start + std::time::Duration::from_secs(1))
                .is_ok()
        );
    }
}
