//! Per-connection limits that need state: the token bucket, and the gate every frame of a
//! session passes (charge by cost, then decode). Pure (time is passed in), so it is testable
//! without sleeping.

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

    /// Charges a binary frame by its cost (one token, plus one per [`BYTES_PER_TOKEN`]) and
    /// decodes it. `None` for a message the room has no use for (`auth`: this server
    /// authenticates with the ticket), which is charged all the same. What a step 1 or a
    /// query costs the room to answer is charged by the room, by the answer's size.
    pub fn admit(&mut self, frame: &[u8], now: Instant) -> Result<Option<ClientMessage>, Refused> {
        self.charge(1.0 + (frame.len() / BYTES_PER_TOKEN) as f64, now)?;
        match protocol::decode(frame) {
            Ok(ClientMessage::Auth) => Ok(None),
            Ok(message) => Ok(Some(message)),
            Err(error) => Err(Refused {
                label: error.label(),
                close: Close::new(CloseCode::Malformed, error.to_string()),
            }),
        }
    }

    /// Charges a control frame (a ping from the peer, which costs a pong).
    pub fn admit_control(&mut self, now: Instant) -> Result<(), Refused> {
        self.charge(1.0, now)
    }

    fn charge(&mut self, cost: f64, now: Instant) -> Result<(), Refused> {
        if self.bucket.take_n(cost, now) {
            return Ok(());
        }
        Err(Refused {
            label: "rate_limited",
            close: Close::new(CloseCode::RateLimited, "too many messages per second"),
        })
    }
}

/// An inbound frame costs one token more per this many bytes.
pub const BYTES_PER_TOKEN: usize = 64 * 1024;

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
        self.take_n(1.0, now)
    }

    /// Takes `cost` tokens (at most a full burst: anything costs no more than that); false
    /// when there are not enough.
    pub fn take_n(&mut self, cost: f64, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
        self.last = now;
        let cost = cost.min(self.burst);
        if self.tokens >= cost {
            self.tokens -= cost;
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
    fn the_gate_refuses_bad_frames_and_floods_and_charges_auth_and_pings() {
        let start = Instant::now();
        let mut gate = SessionGate::new(1.0, 4.0, start);
        let refused = gate.admit(&[9, 9, 9], start).unwrap_err();
        assert_eq!(refused.close.code, CloseCode::Malformed);
        assert_eq!(refused.label, "unknown_type");
        let query = [3u8];
        assert!(matches!(
            gate.admit(&query, start),
            Ok(Some(ClientMessage::QueryAwareness))
        ));
        // Auth is charged but not handed on; so is a ping.
        assert!(matches!(gate.admit(&[2, 0], start), Ok(None)));
        assert!(gate.admit_control(start).is_ok());
        let flood = gate.admit(&query, start).unwrap_err();
        assert_eq!(flood.close.code, CloseCode::RateLimited);
        assert_eq!(flood.label, "rate_limited");
        assert!(gate.admit(&query, start + Duration::from_secs(1)).is_ok());
    }

    #[test]
    fn a_frame_costs_by_its_size() {
        let start = Instant::now();
        let mut gate = SessionGate::new(1.0, 10.0, start);
        // An update of 4 × 64 KiB costs 5 tokens: two fit the burst, a third does not.
        let mut big = vec![0u8, 2];
        big.extend(std::iter::repeat_n(0u8, 4 * BYTES_PER_TOKEN));
        let refused = |gate: &mut SessionGate| gate.admit(&big, start).err().map(|r| r.label);
        assert_ne!(refused(&mut gate), Some("rate_limited"));
        assert_ne!(refused(&mut gate), Some("rate_limited"));
        assert_eq!(refused(&mut gate), Some("rate_limited"));
    }
}
