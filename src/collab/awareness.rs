//! The room's awareness (presence) table, kept honest: every state carries the authenticated
//! user in its `user` field, whatever the client claimed, and a connection may only speak for
//! the awareness client ids it introduced. Pure: the room feeds it decoded updates and sends
//! what it returns.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;
use yrs::ClientID;
use yrs::sync::AwarenessUpdate;
use yrs::sync::awareness::AwarenessUpdateEntry;

pub type SessionId = u64;

/// How many awareness client ids one connection may introduce (a Yjs doc has one; a few
/// more allow for several docs multiplexed by a client, but not for a flood).
pub const MAX_CLIENT_IDS_PER_SESSION: usize = 8;

/// The largest awareness state accepted (cursor, playhead, the stroke being drawn…).
pub const MAX_STATE_BYTES: usize = 64 * 1024;

/// Who a connection is, as the server knows it. Written into every awareness state.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PresenceUser {
    pub id: String,
    pub name: String,
    pub color: String,
}

const PALETTE: [&str; 12] = [
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46a0a8", "#f032e6", "#9a6324",
    "#800000", "#808000", "#000075", "#008080",
];

impl PresenceUser {
    /// The colour is derived from the user id, so it is the same on every device.
    pub fn new(id: String, name: String) -> Self {
        let hash = id
            .bytes()
            .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32));
        let color = PALETTE[hash as usize % PALETTE.len()].to_owned();
        Self { id, name, color }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AwarenessError {
    #[error("awareness client {0} belongs to another connection")]
    ForeignClient(u64),
    #[error("awareness state of client {0} is not a JSON object or null")]
    NotAnObject(u64),
    #[error("a connection may introduce at most {MAX_CLIENT_IDS_PER_SESSION} awareness clients")]
    TooManyClients,
    #[error("awareness state of client {0} is over {MAX_STATE_BYTES} bytes")]
    TooLarge(u64),
}

/// Remote states not renewed for this long are no longer handed to newcomers (clients renew
/// theirs every 15 s; an instance that died cannot say goodbye).
const REMOTE_STATE_LIFETIME: Duration = Duration::from_secs(45);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Owner {
    /// A connection of this instance, and its user: another connection of the same user
    /// (a reconnect while the old socket is still half-open) may take the client id over.
    Session(SessionId, String),
    /// A client of a room on another instance (vetted there).
    Remote,
}

struct Entry {
    clock: u32,
    json: Arc<str>,
    seen: Instant,
}

#[derive(Default)]
pub struct AwarenessTable {
    states: HashMap<u64, Entry>,
    owners: HashMap<u64, Owner>,
}

impl AwarenessTable {
    /// Applies `update` from `session`, rewriting each state's `user`, and returns what to
    /// broadcast. Stock y-websocket clients echo every state they receive, so an entry for
    /// someone else's client at a clock we already hold is an echo and is dropped; only a
    /// newer clock for a client the connection did not introduce is refused. Nothing is
    /// applied when any entry is refused.
    pub fn apply(
        &mut self,
        session: SessionId,
        user: &PresenceUser,
        update: AwarenessUpdate,
    ) -> Result<AwarenessUpdate, AwarenessError> {
        let mut accepted = Vec::with_capacity(update.clients.len());
        let mut introduced = 0;
        for (client, entry) in update.clients {
            let id = client.get();
            let current = self.states.get(&id).map(|e| e.clock);
            if entry.json.len() > MAX_STATE_BYTES {
                return Err(AwarenessError::TooLarge(id));
            }
            match self.owners.get(&id) {
                Some(Owner::Session(owner, _)) if *owner == session => {}
                Some(Owner::Session(_, owner)) if *owner == user.id => {}
                Some(_) if current.is_none_or(|c| entry.clock <= c) => continue,
                Some(_) => return Err(AwarenessError::ForeignClient(id)),
                None if &*entry.json == "null" => continue,
                None => introduced += 1,
            }
            let state: Value =
                serde_json::from_str(&entry.json).map_err(|_| AwarenessError::NotAnObject(id))?;
            let json = match state {
                Value::Null => None,
                Value::Object(mut fields) => {
                    fields.insert("user".into(), serde_json::json!(user));
                    Some(Value::Object(fields).to_string())
                }
                _ => return Err(AwarenessError::NotAnObject(id)),
            };
            accepted.push((id, entry.clock, json));
        }
        let owned = self
            .owners
            .values()
            .filter(|owner| matches!(owner, Owner::Session(s, _) if *s == session))
            .count();
        if owned + introduced > MAX_CLIENT_IDS_PER_SESSION {
            return Err(AwarenessError::TooManyClients);
        }
        let mut out = HashMap::new();
        for (id, clock, json) in accepted {
            self.owners
                .insert(id, Owner::Session(session, user.id.clone()));
            if let Some(entry) = self.store(id, clock, json) {
                out.insert(ClientID::new(id), entry);
            }
        }
        Ok(AwarenessUpdate { clients: out })
    }

    /// Records states relayed from rooms on other instances; returns what is new, to pass on
    /// to local connections.
    pub fn apply_remote(&mut self, update: AwarenessUpdate) -> AwarenessUpdate {
        let mut out = HashMap::new();
        for (client, entry) in update.clients {
            let id = client.get();
            if matches!(self.owners.get(&id), Some(Owner::Session(..))) {
                continue;
            }
            let json = (&*entry.json != "null").then(|| entry.json.to_string());
            if json.is_some() {
                self.owners.insert(id, Owner::Remote);
            } else {
                self.owners.remove(&id);
            }
            if let Some(entry) = self.store(id, entry.clock, json) {
                out.insert(ClientID::new(id), entry);
            }
        }
        AwarenessUpdate { clients: out }
    }

    /// Stores a state (or removes it, for `None`) unless we hold a newer one.
    fn store(&mut self, id: u64, clock: u32, json: Option<String>) -> Option<AwarenessUpdateEntry> {
        if self.states.get(&id).is_some_and(|e| e.clock > clock) {
            return None;
        }
        let json: Arc<str> = match json {
            Some(json) => {
                let json: Arc<str> = Arc::from(json);
                let entry = Entry {
                    clock,
                    json: json.clone(),
                    seen: Instant::now(),
                };
                self.states.insert(id, entry);
                json
            }
            None => {
                self.states.remove(&id);
                Arc::from("null")
            }
        };
        Some(AwarenessUpdateEntry { clock, json })
    }

    /// Forgets a connection's clients; returns their removal to broadcast (if any).
    pub fn remove_session(&mut self, session: SessionId) -> Option<AwarenessUpdate> {
        let ids: Vec<u64> = self
            .owners
            .iter()
            .filter(|(_, owner)| matches!(owner, Owner::Session(s, _) if *s == session))
            .map(|(id, _)| *id)
            .collect();
        let mut out = HashMap::new();
        for id in ids {
            self.owners.remove(&id);
            if let Some(entry) = self.states.remove(&id) {
                out.insert(
                    ClientID::new(id),
                    AwarenessUpdateEntry {
                        clock: entry.clock + 1,
                        json: Arc::from("null"),
                    },
                );
            }
        }
        (!out.is_empty()).then_some(AwarenessUpdate { clients: out })
    }

    /// Every current state, local and remote (for a newcomer, or a query).
    pub fn all(&self) -> Option<AwarenessUpdate> {
        self.collect(|_| true)
    }

    /// The states of this instance's connections (what other instances ask for).
    pub fn local(&self) -> Option<AwarenessUpdate> {
        self.collect(|owner| matches!(owner, Some(Owner::Session(..))))
    }

    fn collect(&self, wanted: impl Fn(Option<&Owner>) -> bool) -> Option<AwarenessUpdate> {
        let clients: HashMap<_, _> = self
            .states
            .iter()
            .filter(|(id, entry)| {
                let owner = self.owners.get(id);
                let fresh =
                    owner != Some(&Owner::Remote) || entry.seen.elapsed() < REMOTE_STATE_LIFETIME;
                wanted(owner) && fresh
            })
            .map(|(id, entry)| {
                (
                    ClientID::new(*id),
                    AwarenessUpdateEntry {
                        clock: entry.clock,
                        json: entry.json.clone(),
                    },
                )
            })
            .collect();
        (!clients.is_empty()).then_some(AwarenessUpdate { clients })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(entries: &[(u64, u32, &str)]) -> AwarenessUpdate {
        AwarenessUpdate {
            clients: entries
                .iter()
                .map(|(id, clock, json)| {
                    (
                        ClientID::new(*id),
                        AwarenessUpdateEntry {
                            clock: *clock,
                            json: Arc::from(*json),
                        },
                    )
                })
                .collect(),
        }
    }

    fn ada() -> PresenceUser {
        PresenceUser::new("u-ada".into(), "Ada".into())
    }

    #[test]
    fn the_user_field_is_always_the_authenticated_user() {
        let mut table = AwarenessTable::default();
        let out = table
            .apply(
                1,
                &ada(),
                update(&[(7, 1, r#"{"user":{"name":"Mallory"},"cursor":3}"#)]),
            )
            .unwrap();
        let state: Value = serde_json::from_str(&out.clients[&ClientID::new(7)].json).unwrap();
        assert_eq!(state["user"]["name"], "Ada");
        assert_eq!(state["user"]["id"], "u-ada");
        assert_eq!(state["cursor"], 3);
        assert!(table.all().is_some());
    }

    #[test]
    fn a_connection_cannot_speak_for_another_ones_client() {
        let mut table = AwarenessTable::default();
        table.apply(1, &ada(), update(&[(7, 1, "{}")])).unwrap();
        let bob = PresenceUser::new("u-bob".into(), "Bob".into());
        assert_eq!(
            table.apply(2, &bob, update(&[(7, 2, "null")])).unwrap_err(),
            AwarenessError::ForeignClient(7)
        );
        assert!(table.all().is_some(), "Ada's state is untouched");
    }

    #[test]
    fn echoes_of_other_clients_states_are_dropped_silently() {
        // Stock y-websocket clients re-send every state they receive, at the same clock.
        let mut table = AwarenessTable::default();
        let first = table.apply(1, &ada(), update(&[(7, 3, "{}")])).unwrap();
        let echoed = &first.clients[&ClientID::new(7)].json;
        let bob = PresenceUser::new("u-bob".into(), "Bob".into());
        let echo = table
            .apply(2, &bob, update(&[(7, 3, echoed), (8, 1, "{}")]))
            .unwrap();
        assert_eq!(echo.clients.len(), 1, "only Bob's own state goes out");
        let state: Value =
            serde_json::from_str(&table.all().unwrap().clients[&ClientID::new(7)].json).unwrap();
        assert_eq!(state["user"]["name"], "Ada");
        // A removal echo for a client nobody holds claims nothing: its owner may come back.
        assert!(
            table
                .apply(2, &bob, update(&[(9, 5, "null")]))
                .unwrap()
                .clients
                .is_empty()
        );
        assert!(table.apply(3, &ada(), update(&[(9, 6, "{}")])).is_ok());
    }

    #[test]
    fn remote_states_are_kept_for_newcomers_and_not_claimable() {
        let mut table = AwarenessTable::default();
        let relayed = table.apply_remote(update(&[(70, 2, r#"{"user":{"name":"Eve"}}"#)]));
        assert_eq!(relayed.clients.len(), 1);
        assert!(table.all().is_some());
        assert!(
            table.local().is_none(),
            "remote states are not re-announced"
        );
        // A local echo of the remote state is dropped; a newer clock is a spoof.
        assert!(
            table
                .apply(1, &ada(), update(&[(70, 2, "{}")]))
                .unwrap()
                .clients
                .is_empty()
        );
        assert_eq!(
            table
                .apply(1, &ada(), update(&[(70, 3, "{}")]))
                .unwrap_err(),
            AwarenessError::ForeignClient(70)
        );
        table.apply_remote(update(&[(70, 3, "null")]));
        assert!(table.all().is_none());
    }

    #[test]
    fn leaving_removes_and_announces_a_connections_states() {
        let mut table = AwarenessTable::default();
        table.apply(1, &ada(), update(&[(7, 4, "{}")])).unwrap();
        let removal = table.remove_session(1).unwrap();
        let entry = &removal.clients[&ClientID::new(7)];
        assert_eq!(entry.clock, 5);
        assert_eq!(&*entry.json, "null");
        assert!(table.all().is_none());
        // The id is free again.
        let bob = PresenceUser::new("u-bob".into(), "Bob".into());
        assert!(table.apply(2, &bob, update(&[(7, 6, "{}")])).is_ok());
    }

    #[test]
    fn the_same_user_may_take_over_a_client_id_from_a_stale_connection() {
        let mut table = AwarenessTable::default();
        table.apply(1, &ada(), update(&[(7, 1, "{}")])).unwrap();
        // Ada reconnects (same Yjs client id) while the old socket lingers.
        assert!(table.apply(2, &ada(), update(&[(7, 2, "{}")])).is_ok());
        let too_big = format!(r#"{{"x":"{}"}}"#, "y".repeat(MAX_STATE_BYTES));
        assert_eq!(
            table
                .apply(2, &ada(), update(&[(7, 3, &too_big)]))
                .unwrap_err(),
            AwarenessError::TooLarge(7)
        );
    }

    #[test]
    fn stale_clocks_are_dropped_and_non_objects_refused() {
        let mut table = AwarenessTable::default();
        table.apply(1, &ada(), update(&[(7, 5, "{}")])).unwrap();
        let stale = table.apply(1, &ada(), update(&[(7, 4, "{}")])).unwrap();
        assert!(stale.clients.is_empty());
        assert_eq!(
            table
                .apply(1, &ada(), update(&[(8, 1, "[1]")]))
                .unwrap_err(),
            AwarenessError::NotAnObject(8)
        );
        assert_eq!(
            table
                .apply(1, &ada(), update(&[(9, 1, "{not json")]))
                .unwrap_err(),
            AwarenessError::NotAnObject(9)
        );
    }

    #[test]
    fn a_connection_may_not_flood_the_table_with_client_ids() {
        let mut table = AwarenessTable::default();
        let many: Vec<(u64, u32, &str)> = (0..=MAX_CLIENT_IDS_PER_SESSION as u64)
            .map(|id| (id, 1, "{}"))
            .collect();
        assert_eq!(
            table.apply(1, &ada(), update(&many)).unwrap_err(),
            AwarenessError::TooManyClients
        );
    }
}
