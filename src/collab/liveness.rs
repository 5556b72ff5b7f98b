//! Which other instances are alive, as this one hears them on the bus. Every instance
//! announces itself every [`HEARTBEAT`]; its presence messages count as hearing it too (its
//! updates do not: they are the hot path, and heartbeats suffice).
//! One not heard for [`SILENCE`] has crashed or is cut off: it will never announce the
//! departure of its clients, so rooms here drop their presence and free their ids
//! (see `awareness`). Pure bookkeeping; `Collab` feeds it and announces.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How often an instance announces itself.
pub const HEARTBEAT: Duration = Duration::from_secs(2);

/// How long an instance may stay unheard before it counts as gone: a few missed heartbeats,
/// so a busy Redis or a GC pause elsewhere does not drop anyone's presence.
pub const SILENCE: Duration = Duration::from_secs(7);

pub struct Liveness {
    me: Arc<str>,
    heard: Mutex<HashMap<Arc<str>, Instant>>,
}

impl Liveness {
    pub fn new() -> Self {
        Self {
            me: Arc::from(uuid::Uuid::now_v7().simple().to_string()),
            heard: Mutex::new(HashMap::new()),
        }
    }

    /// This instance's id.
    pub fn me(&self) -> &Arc<str> {
        &self.me
    }

    fn heard(&self) -> std::sync::MutexGuard<'_, HashMap<Arc<str>, Instant>> {
        self.heard.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records that `instance` spoke now.
    pub fn hear(&self, instance: &str) {
        self.hear_at(instance, Instant::now());
    }

    fn hear_at(&self, instance: &str, at: Instant) {
        if instance == &*self.me {
            return;
        }
        let mut heard = self.heard();
        match heard.get_mut(instance) {
            Some(last) => *last = at,
            None => {
                // Forget instances long gone, so restarts do not accumulate.
                heard.retain(|_, last| at.saturating_duration_since(*last) < SILENCE * 10);
                heard.insert(Arc::from(instance), at);
            }
        }
    }

    /// Whether `instance` has not been heard for [`SILENCE`] (or never). Never true for this
    /// instance.
    pub fn silent(&self, instance: &str) -> bool {
        self.silent_at(instance, Instant::now())
    }

    fn silent_at(&self, instance: &str, now: Instant) -> bool {
        if instance == &*self.me {
            return false;
        }
        self.heard()
            .get(instance)
            .is_none_or(|last| now.saturating_duration_since(*last) >= SILENCE)
    }
}

impl Default for Liveness {
    fn default() -> Self {
        Self::new()
    }
}

/// The instance part of a room incarnation (`{instance}.{room}`).
pub fn instance_of(origin: &str) -> &str {
    origin
        .split_once('.')
        .map_or(origin, |(instance, _)| instance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instance_is_silent_until_heard_and_after_the_silence_bound() {
        let liveness = Liveness::new();
        let start = Instant::now();
        assert!(liveness.silent_at("b", start));
        liveness.hear_at("b", start);
        assert!(!liveness.silent_at("b", start + SILENCE / 2));
        assert!(liveness.silent_at("b", start + SILENCE));
        liveness.hear_at("b", start + SILENCE);
        assert!(!liveness.silent_at("b", start + SILENCE + HEARTBEAT));
        let me = liveness.me().clone();
        assert!(!liveness.silent_at(&me, start + SILENCE * 100));
    }

    #[test]
    fn the_instance_of_a_room_incarnation() {
        assert_eq!(instance_of("abc.def"), "abc");
        assert_eq!(instance_of("abc"), "abc");
    }
}
