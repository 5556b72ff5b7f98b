//! The room's awareness (presence) table, kept honest: every state carries the authenticated
//! user in its `user` field, whatever the client claimed, and a connection may only speak for
//! the awareness client ids it introduced. Pure: the room feeds it decoded updates and sends
//! what it returns.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;
use yrs::ClientID;
use yrs::sync::AwarenessUpdate;
use yrs::sync::awareness::AwarenessUpdateEntry;

pub type SessionId = u64;

/// How many awareness client ids one connection may introduce (a Yjs doc has one; a few
/// more allow for several docs multiplexed by a client, but not for a flood).
pub const MAX_CLIENT_IDS_PER_SESSION: usize = 8;

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
}

struct Entry {
    clock: u32,
    json: Arc<str>,
}

#[derive(Default)]
pub struct AwarenessTable {
    states: HashMap<u64, Entry>,
    owners: HashMap<u64, SessionId>,
}

impl AwarenessTable {
    /// Applies `update` from `session`, rewriting each state's `user`. Returns what to
    /// broadcast (entries older than what we hold are dropped). Nothing is applied when any
    /// entry is refused.
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
            match self.owners.get(&id) {
                Some(owner) if *owner != session => return Err(AwarenessError::ForeignClient(id)),
                Some(_) => {}
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
        let owned = self.owners.values().filter(|s| **s == session).count();
        if owned + introduced > MAX_CLIENT_IDS_PER_SESSION {
            return Err(AwarenessError::TooManyClients);
        }
        let mut out = HashMap::new();
        for (id, clock, json) in accepted {
            self.owners.insert(id, session);
            let current = self.states.get(&id).map(|e| e.clock);
            if current.is_some_and(|c| c > clock) {
                continue;
            }
            let json: Arc<str> = match json {
                Some(json) => {
                    let json: Arc<str> = Arc::from(json);
                    self.states.insert(
                        id,
                        Entry {
                            clock,
                            json: json.clone(),
                        },
                    );
                    json
                }
                None => {
                    self.states.remove(&id);
                    Arc::from("null")
                }
            };
            out.insert(ClientID::new(id), AwarenessUpdateEntry { clock, json });
        }
        Ok(AwarenessUpdate { clients: out })
    }

    /// Forgets a connection's clients; returns their removal to broadcast (if any).
    pub fn remove_session(&mut self, session: SessionId) -> Option<AwarenessUpdate> {
        let ids: Vec<u64> = self
            .owners
            .iter()
            .filter(|(_, owner)| **owner == session)
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

    /// Every current state (for a newcomer, or a query).
    pub fn all(&self) -> Option<AwarenessUpdate> {
        let clients: HashMap<_, _> = self
            .states
            .iter()
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
