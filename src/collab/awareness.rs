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

/// How long the clock of a removed state is remembered. Stock y-websocket clients echo every
/// state they hold, so a departed client's state keeps arriving from others for a while;
/// y-protocols drops such an echo when its clock is not newer than the removal's.
pub const TOMBSTONE_LIFETIME: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Owner {
    /// A connection of this instance, and its user: another connection of the same user
    /// (a reconnect while the old socket is still half-open) may take the client id over.
    Session(SessionId, Arc<str>),
    /// A client of a room on another instance (vetted there), and its user as that room
    /// wrote it. The same user may take the id over here (a client that failed over); when
    /// the instance falls silent the id is free.
    Remote {
        instance: Arc<str>,
        user: Option<Arc<str>>,
    },
}

struct Entry {
    clock: u32,
    json: Arc<str>,
    seen: Instant,
}

/// The clock at which a state was removed, and when.
struct Tombstone {
    clock: u32,
    at: Instant,
}

/// What [`AwarenessTable::apply`] made of an update.
#[derive(Debug)]
pub struct Applied {
    /// The vetted states to pass on to everyone else.
    pub accepted: AwarenessUpdate,
    /// Removals to send back to the sender only: it sent states of clients that left (an
    /// echo), at clocks not newer than their removal. A stock client deletes them; if one is
    /// its own (a client back after a failover), it answers with its state at a newer clock.
    pub reply: Option<AwarenessUpdate>,
}

#[derive(Default)]
pub struct AwarenessTable {
    states: HashMap<u64, Entry>,
    owners: HashMap<u64, Owner>,
    removed: HashMap<u64, Tombstone>,
}

impl AwarenessTable {
    /// Applies `update` from `session` of `user`, rewriting each state's `user`. Per entry:
    /// the connection's own ids are accepted; an id of the same user elsewhere (another
    /// connection, or another instance) is taken over at a strictly newer clock; a state at a
    /// clock we already hold is an echo and is dropped, a newer one is refused
    /// (`ForeignClient`); a state of a removed client at or below its removal clock is an
    /// echo too, answered with the removal. Nothing is applied when any entry is refused.
    /// (The room calls [`Self::remove_silent`] on every tick, which frees the ids of silent
    /// instances; until then, their clients' states are echoes and are dropped.)
    pub fn apply(
        &mut self,
        session: SessionId,
        user: &PresenceUser,
        update: AwarenessUpdate,
    ) -> Result<Applied, AwarenessError> {
        let mut accepted = Vec::with_capacity(update.clients.len());
        let mut echoes = HashMap::new();
        let mut introduced = 0;
        for (client, entry) in update.clients {
            let id = client.get();
            if entry.json.len() > MAX_STATE_BYTES {
                return Err(AwarenessError::TooLarge(id));
            }
            let newer = self.clock(id).is_none_or(|c| entry.clock > c);
            let null = &*entry.json == "null";
            let unowned = match self.owners.get(&id) {
                Some(Owner::Session(owner, _)) if *owner == session => false,
                Some(Owner::Session(_, owner)) if **owner == *user.id && newer => {
                    introduced += 1;
                    false
                }
                Some(Owner::Remote {
                    user: Some(owner), ..
                }) if **owner == *user.id && newer => {
                    introduced += 1;
                    false
                }
                Some(_) if !newer => continue,
                Some(_) => return Err(AwarenessError::ForeignClient(id)),
                None => true,
            };
            if unowned {
                if null {
                    continue;
                }
                if let Some(tombstone) = self.removed.get(&id)
                    && entry.clock <= tombstone.clock
                {
                    echoes.insert(client, removal(tombstone.clock));
                    continue;
                }
                introduced += 1;
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
        let user_id: Arc<str> = Arc::from(user.id.as_str());
        let mut out = HashMap::new();
        for (id, clock, json) in accepted {
            self.owners
                .insert(id, Owner::Session(session, user_id.clone()));
            if let Some(entry) = self.store(id, clock, json) {
                out.insert(ClientID::new(id), entry);
            }
        }
        Ok(Applied {
            accepted: AwarenessUpdate { clients: out },
            reply: (!echoes.is_empty()).then_some(AwarenessUpdate { clients: echoes }),
        })
    }

    /// Records states relayed from a room on `instance`; returns what is new, to pass on to
    /// local connections. A state at or below a removal we know of is stale and skipped; a
    /// newer state of a local id by the same user means its client moved to that instance.
    pub fn apply_remote(
        &mut self,
        instance: &Arc<str>,
        update: AwarenessUpdate,
    ) -> AwarenessUpdate {
        let mut out = HashMap::new();
        for (client, entry) in update.clients {
            let id = client.get();
            let json = (&*entry.json != "null").then(|| entry.json.to_string());
            let user = json.as_deref().and_then(state_user);
            let newer = self.clock(id).is_none_or(|c| entry.clock > c);
            if let Some(Owner::Session(_, owner)) = self.owners.get(&id) {
                let moved = newer && user.as_deref() == Some(&**owner);
                if !moved {
                    continue;
                }
            }
            if self
                .removed
                .get(&id)
                .is_some_and(|t| entry.clock <= t.clock)
            {
                continue;
            }
            if json.is_some() {
                let instance = instance.clone();
                self.owners.insert(id, Owner::Remote { instance, user });
            } else {
                self.owners.remove(&id);
            }
            if let Some(entry) = self.store(id, entry.clock, json) {
                out.insert(ClientID::new(id), entry);
            }
        }
        AwarenessUpdate { clients: out }
    }

    /// The newest clock known for `id`: its state's, or its removal's.
    fn clock(&self, id: u64) -> Option<u32> {
        let state = self.states.get(&id).map(|e| e.clock);
        let removed = self.removed.get(&id).map(|t| t.clock);
        state.max(removed)
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
                self.removed.remove(&id);
                json
            }
            None => {
                self.states.remove(&id);
                self.bury(id, clock);
                Arc::from("null")
            }
        };
        Some(AwarenessUpdateEntry { clock, json })
    }

    fn bury(&mut self, id: u64, clock: u32) {
        let at = Instant::now();
        self.removed
            .entry(id)
            .and_modify(|t| {
                t.clock = t.clock.max(clock);
                t.at = at;
            })
            .or_insert(Tombstone { clock, at });
    }

    /// Forgets a connection's clients; returns their removal to broadcast (if any).
    pub fn remove_session(&mut self, session: SessionId) -> Option<AwarenessUpdate> {
        self.remove_where(|owner| matches!(owner, Owner::Session(s, _) if *s == session))
    }

    /// Forgets the clients of instances that fell silent (crashed or cut off: they will
    /// never say goodbye); returns their removal to broadcast (if any). Also forgets
    /// removals older than [`TOMBSTONE_LIFETIME`].
    pub fn remove_silent(&mut self, silent: impl Fn(&str) -> bool) -> Option<AwarenessUpdate> {
        self.removed
            .retain(|_, t| t.at.elapsed() < TOMBSTONE_LIFETIME);
        self.remove_where(
            |owner| matches!(owner, Owner::Remote { instance, .. } if silent(instance)),
        )
    }

    /// Removes the ids whose owner matches, announcing each removal one clock past the state
    /// (so every client, whatever it holds, deletes it).
    fn remove_where(&mut self, gone: impl Fn(&Owner) -> bool) -> Option<AwarenessUpdate> {
        let ids: Vec<u64> = self
            .owners
            .iter()
            .filter(|(_, owner)| gone(owner))
            .map(|(id, _)| *id)
            .collect();
        let mut out = HashMap::new();
        for id in ids {
            self.owners.remove(&id);
            if let Some(entry) = self.states.remove(&id) {
                let clock = entry.clock + 1;
                self.bury(id, clock);
                out.insert(ClientID::new(id), removal(clock));
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
                let remote = matches!(owner, Some(Owner::Remote { .. }));
                let fresh = !remote || entry.seen.elapsed() < REMOTE_STATE_LIFETIME;
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

fn removal(clock: u32) -> AwarenessUpdateEntry {
    AwarenessUpdateEntry {
        clock,
        json: Arc::from("null"),
    }
}

/// The user id a vetted state carries (`user.id`, written by the room that vetted it).
fn state_user(json: &str) -> Option<Arc<str>> {
    let state: Value = serde_json::from_str(json).ok()?;
    state["user"]["id"].as_str().map(Arc::from)
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

    fn instance(name: &str) -> Arc<str> {
        Arc::from(name)
    }

    fn bob() -> PresenceUser {
        PresenceUser::new("u-bob".into(), "Bob".into())
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
            .unwrap()
            .accepted;
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
        let first = table
            .apply(1, &ada(), update(&[(7, 3, "{}")]))
            .unwrap()
            .accepted;
        let echoed = &first.clients[&ClientID::new(7)].json;
        let bob = PresenceUser::new("u-bob".into(), "Bob".into());
        let echo = table
            .apply(2, &bob, update(&[(7, 3, echoed), (8, 1, "{}")]))
            .unwrap()
            .accepted;
        assert_eq!(echo.clients.len(), 1, "only Bob's own state goes out");
        let state: Value =
            serde_json::from_str(&table.all().unwrap().clients[&ClientID::new(7)].json).unwrap();
        assert_eq!(state["user"]["name"], "Ada");
        // A removal echo for a client nobody holds claims nothing: its owner may come back.
        assert!(
            table
                .apply(2, &bob, update(&[(9, 5, "null")]))
                .unwrap()
                .accepted
                .clients
                .is_empty()
        );
        assert!(table.apply(3, &ada(), update(&[(9, 6, "{}")])).is_ok());
    }

    #[test]
    fn remote_states_are_kept_for_newcomers_and_not_claimable() {
        let mut table = AwarenessTable::default();
        let relayed = table.apply_remote(
            &instance("b"),
            update(&[(70, 2, r#"{"user":{"id":"u-eve","name":"Eve"}}"#)]),
        );
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
                .accepted
                .clients
                .is_empty()
        );
        assert_eq!(
            table
                .apply(1, &ada(), update(&[(70, 3, "{}")]))
                .unwrap_err(),
            AwarenessError::ForeignClient(70)
        );
        table.apply_remote(&instance("b"), update(&[(70, 3, "null")]));
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
        assert!(stale.accepted.clients.is_empty());
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

    fn ada_state() -> &'static str {
        r#"{"user":{"id":"u-ada","name":"Ada"}}"#
    }

    #[test]
    fn echoes_of_a_departed_client_are_dropped_and_answered_with_its_removal() {
        let mut table = AwarenessTable::default();
        table.apply(1, &ada(), update(&[(7, 4, "{}")])).unwrap();
        table.remove_session(1).unwrap();
        // Bob's client still holds Ada's state and echoes it, with nine others who left.
        for id in 10..19 {
            table
                .apply(100 + id, &ada(), update(&[(id, 1, "{}")]))
                .unwrap();
            table.remove_session(100 + id).unwrap();
        }
        let mut echoes: Vec<(u64, u32, &str)> = (10..19).map(|id| (id, 1, "{}")).collect();
        echoes.push((7, 4, "{}"));
        let applied = table.apply(2, &bob(), update(&echoes)).unwrap();
        assert!(applied.accepted.clients.is_empty(), "no ghost comes back");
        let reply = applied.reply.expect("the removals are sent back");
        assert_eq!(reply.clients.len(), 10);
        assert_eq!(reply.clients[&ClientID::new(7)].clock, 5);
        assert_eq!(&*reply.clients[&ClientID::new(7)].json, "null");
        assert!(table.all().is_none());
        // Echoes claimed nothing: Bob may still introduce his own clients.
        let own: Vec<(u64, u32, &str)> = (20..28).map(|id| (id, 1, "{}")).collect();
        assert!(table.apply(2, &bob(), update(&own)).is_ok());
        // Ada, back with her old clock, is told of the removal and renews past it.
        let back = table.apply(4, &ada(), update(&[(7, 4, "{}")])).unwrap();
        assert!(back.accepted.clients.is_empty());
        assert!(back.reply.is_some());
        let renewed = table.apply(4, &ada(), update(&[(7, 6, "{}")])).unwrap();
        assert_eq!(renewed.accepted.clients.len(), 1);
    }

    #[test]
    fn a_client_that_failed_over_takes_its_id_over_from_the_other_instance() {
        let mut table = AwarenessTable::default();
        table.apply_remote(&instance("a"), update(&[(7, 5, ada_state())]));
        // Its own state at the same clock changes nothing and refuses nothing.
        let same = table.apply(1, &ada(), update(&[(7, 5, "{}")])).unwrap();
        assert!(same.accepted.clients.is_empty());
        // Another user's newer clock is a spoof; Ada's newer clock takes the id over.
        assert_eq!(
            table.apply(2, &bob(), update(&[(7, 6, "{}")])).unwrap_err(),
            AwarenessError::ForeignClient(7)
        );
        let taken = table.apply(1, &ada(), update(&[(7, 6, "{}")])).unwrap();
        assert_eq!(taken.accepted.clients.len(), 1);
        assert!(
            table.local().is_some(),
            "the id is now a local connection's"
        );
        // And it moves back when the client does.
        let moved = table.apply_remote(&instance("a"), update(&[(7, 7, ada_state())]));
        assert_eq!(moved.clients.len(), 1);
        assert!(table.local().is_none());
        assert!(
            table.remove_session(1).is_none(),
            "the moved id is not removed"
        );
    }

    #[test]
    fn the_ids_of_a_silent_instance_are_removed_and_free() {
        let mut table = AwarenessTable::default();
        table.apply_remote(
            &instance("a"),
            update(&[(70, 2, r#"{"user":{"id":"u-eve"}}"#)]),
        );
        table.apply_remote(
            &instance("b"),
            update(&[(80, 1, r#"{"user":{"id":"u-bob"}}"#)]),
        );
        assert!(table.remove_silent(|_| false).is_none());
        let removal = table.remove_silent(|instance| instance == "a").unwrap();
        assert_eq!(removal.clients.len(), 1);
        assert_eq!(removal.clients[&ClientID::new(70)].clock, 3);
        assert_eq!(table.all().unwrap().clients.len(), 1, "b's client stays");
        // A late relay from the dead instance does not bring it back; the client itself,
        // renewing past the removal, is welcome here.
        assert!(
            table
                .apply_remote(
                    &instance("a"),
                    update(&[(70, 2, r#"{"user":{"id":"u-eve"}}"#)])
                )
                .clients
                .is_empty()
        );
        let eve = PresenceUser::new("u-eve".into(), "Eve".into());
        assert!(table.apply(1, &eve, update(&[(70, 4, "{}")])).is_ok());
    }

    #[test]
    fn a_late_echo_of_a_state_its_owner_already_cleared_is_dropped() {
        let mut table = AwarenessTable::default();
        table.apply(1, &ada(), update(&[(7, 2, "{}")])).unwrap();
        // Ada's client closes (null at a newer clock) before Bob's echo of clock 2 arrives.
        table.apply(1, &ada(), update(&[(7, 3, "null")])).unwrap();
        let echo = table.apply(2, &bob(), update(&[(7, 2, "{}")])).unwrap();
        assert!(echo.accepted.clients.is_empty());
        assert!(table.all().is_none());
    }

    #[test]
    fn an_echo_by_another_connection_of_the_same_user_does_not_move_the_id() {
        let mut table = AwarenessTable::default();
        table.apply(1, &ada(), update(&[(7, 5, "{}")])).unwrap();
        // Ada's second tab echoes the first tab's state.
        let echo = table.apply(2, &ada(), update(&[(7, 5, "{}")])).unwrap();
        assert!(echo.accepted.clients.is_empty());
        assert!(
            table.remove_session(2).is_none(),
            "the second tab owns nothing"
        );
        assert!(table.remove_session(1).is_some());
    }
}
