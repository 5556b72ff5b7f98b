//! Live library events: video status, transcoding percent and queue position, import
//! progress, video, participant and space changes. Published once, fanned out to every
//! instance over Redis pub/sub (or in this process), and served per user as Server-Sent
//! Events filtered to their spaces.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use utoipa::ToSchema;

use crate::background::Background;
use crate::db::Db;
use crate::domain::VideoStatus;
use crate::error::ApiResult;
use crate::redis_link::{self, RedisLink};
use crate::with_conn;

/// Events held for a slow SSE client before it is told to resync.
const BACKLOG: usize = 1024;
/// A comment line keeps proxies (and the ALB's idle timeout) from closing a quiet stream.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// How often a stream re-reads the user's spaces: events are at most once, so a lost
/// `participant_removed` must not keep a removed user listening.
const MEMBERSHIP_REFRESH: Duration = Duration::from_secs(30);

/// One library event. Its JSON is the SSE `data`, and `type` its SSE `event` name.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LibraryEvent {
    /// A video moved in its life, or its transcoding advanced (`percent`, 0–100), or its
    /// place in the transcoding queue changed (`queue_position`, 1 = next; `null` once work
    /// started).
    VideoStatus {
        space_id: String,
        video_id: String,
        status: VideoStatus,
        percent: i32,
        reason: Option<String>,
        #[serde(default)]
        queue_position: Option<i32>,
    },
    VideoCreated {
        space_id: String,
        video_id: String,
        title: String,
    },
    /// `reason` is `upload_abandoned` when the sweeper removed a video whose upload never
    /// completed; absent when someone deleted it.
    VideoDeleted {
        space_id: String,
        video_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// A recording import (Webex, Zoom) copying the file into storage.
    ImportProgress {
        space_id: String,
        video_id: String,
        received_bytes: u64,
        total_bytes: Option<u64>,
    },
    /// Someone is in the space's list: its host when the space was made (`user_id` set), or
    /// an email the host invited (`user_id` null; the invitee hears it too).
    ParticipantAdded {
        space_id: String,
        user_id: Option<String>,
        email: String,
    },
    /// Someone joined: an invitee accepted, or a visitor followed an invite link.
    ParticipantJoined {
        space_id: String,
        user_id: String,
        email: String,
    },
    /// A participant left the space themselves.
    ParticipantLeft {
        space_id: String,
        user_id: String,
        email: String,
    },
    /// The host removed a participant or withdrew an invitation, or the invitee declined it
    /// (`user_id` null; the invitee hears it too).
    ParticipantRemoved {
        space_id: String,
        user_id: Option<String>,
        email: String,
    },
    /// The host renamed or re-described the space.
    SpaceUpdated {
        space_id: String,
        name: String,
        description: String,
    },
    /// The space is gone; `name` lets a page say which one sent its reader away.
    SpaceDeleted {
        space_id: String,
        #[serde(default)]
        name: String,
    },
}

impl LibraryEvent {
    pub fn space_id(&self) -> &str {
        match self {
            LibraryEvent::VideoStatus { space_id, .. }
            | LibraryEvent::VideoCreated { space_id, .. }
            | LibraryEvent::VideoDeleted { space_id, .. }
            | LibraryEvent::ImportProgress { space_id, .. }
            | LibraryEvent::ParticipantAdded { space_id, .. }
            | LibraryEvent::ParticipantJoined { space_id, .. }
            | LibraryEvent::ParticipantLeft { space_id, .. }
            | LibraryEvent::ParticipantRemoved { space_id, .. }
            | LibraryEvent::SpaceUpdated { space_id, .. }
            | LibraryEvent::SpaceDeleted { space_id, .. } => space_id,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            LibraryEvent::VideoStatus { .. } => "video_status",
            LibraryEvent::VideoCreated { .. } => "video_created",
            LibraryEvent::VideoDeleted { .. } => "video_deleted",
            LibraryEvent::ImportProgress { .. } => "import_progress",
            LibraryEvent::ParticipantAdded { .. } => "participant_added",
            LibraryEvent::ParticipantJoined { .. } => "participant_joined",
            LibraryEvent::ParticipantLeft { .. } => "participant_left",
            LibraryEvent::ParticipantRemoved { .. } => "participant_removed",
            LibraryEvent::SpaceUpdated { .. } => "space_updated",
            LibraryEvent::SpaceDeleted { .. } => "space_deleted",
        }
    }
}

/// Publishes events to every instance and hands them to this instance's SSE streams.
pub struct Events {
    local: broadcast::Sender<Arc<LibraryEvent>>,
    redis: Option<RedisFanout>,
}

struct RedisFanout {
    link: RedisLink,
    channel: String,
}

impl Events {
    /// In this process only (the embedded profile).
    pub fn local() -> Self {
        Self {
            local: broadcast::channel(BACKLOG).0,
            redis: None,
        }
    }

    /// Through Redis pub/sub: a listener task feeds what any instance publishes to the
    /// streams of this one.
    pub fn redis(link: RedisLink, prefix: &str, background: &Background) -> Self {
        let local = broadcast::channel(BACKLOG).0;
        let channel = format!("{prefix}library-events");
        let listener = listen(link.client().clone(), channel.clone(), local.clone());
        background.spawn_loop("library events", listener);
        Self {
            local,
            redis: Some(RedisFanout { link, channel }),
        }
    }

    /// Best effort: an event that cannot be published is logged, never an error for the
    /// caller (clients resync on reconnect).
    pub async fn publish(&self, event: LibraryEvent) {
        match &self.redis {
            None => {
                let _ = self.local.send(Arc::new(event));
            }
            Some(fanout) => {
                let payload = match serde_json::to_string(&event) {
                    Ok(payload) => payload,
                    Err(error) => return tracing::error!(%error, "cannot encode an event"),
                };
                let mut conn = fanout.link.conn();
                let sent: redis::RedisResult<i64> = redis::cmd("PUBLISH")
                    .arg(&fanout.channel)
                    .arg(payload)
                    .query_async(&mut conn)
                    .await;
                if let Err(error) = sent {
                    tracing::warn!(%error, "could not publish a library event");
                }
            }
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LibraryEvent>> {
        self.local.subscribe()
    }
}

async fn listen(
    client: redis::Client,
    channel: String,
    local: broadcast::Sender<Arc<LibraryEvent>>,
) {
    loop {
        let deliver = |payload: &[u8]| match serde_json::from_slice::<LibraryEvent>(payload) {
            Ok(event) => {
                let _ = local.send(Arc::new(event));
            }
            Err(error) => tracing::warn!(%error, "ignoring a malformed library event"),
        };
        if let Err(error) = redis_link::subscribe(&client, &channel, deliver).await {
            tracing::warn!("library events: resubscribing: {error:#}");
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// What one SSE stream has to keep.
pub struct Subscriber {
    db: Db,
    user_id: String,
    /// Invitations are addressed to it: the user hears theirs being made and withdrawn.
    email: String,
    spaces: HashSet<String>,
    events: broadcast::Receiver<Arc<LibraryEvent>>,
    keepalive: tokio::time::Interval,
    membership: tokio::time::Interval,
}

impl Subscriber {
    /// The next frame to send: an event for one of the user's spaces, a keep-alive comment,
    /// or `resync` when events were lost (the client should refetch).
    pub async fn next_frame(&mut self) -> Option<Bytes> {
        loop {
            tokio::select! {
                received = self.events.recv() => match received {
                    Ok(event) => {
                        if let Some(frame) = self.admit(&event) {
                            return Some(frame);
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        return Some(Bytes::from_static(b"event: resync\ndata: {}\n\n"));
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = self.keepalive.tick() => return Some(Bytes::from_static(b": keep-alive\n\n")),
                _ = self.membership.tick() => {
                    match spaces_of(&self.db, &self.user_id).await {
                        Ok(spaces) => self.spaces = spaces,
                        Err(error) => tracing::warn!(?error, "events: cannot re-read spaces"),
                    }
                }
            }
        }
    }

    /// Filters to the user's spaces, following their membership as events change it.
    fn admit(&mut self, event: &LibraryEvent) -> Option<Bytes> {
        let space = event.space_id();
        let mine = |user: &Option<String>| user.as_deref() == Some(self.user_id.as_str());
        match event {
            LibraryEvent::ParticipantAdded {
                user_id: None,
                email,
                ..
            }
            | LibraryEvent::ParticipantRemoved {
                user_id: None,
                email,
                ..
            } if *email == self.email => {
                return Some(frame(event));
            }
            LibraryEvent::ParticipantAdded { user_id, .. } if mine(user_id) => {
                self.spaces.insert(space.to_owned());
            }
            LibraryEvent::ParticipantJoined { user_id, .. } if *user_id == self.user_id => {
                self.spaces.insert(space.to_owned());
            }
            LibraryEvent::ParticipantLeft { user_id, .. } if *user_id == self.user_id => {
                return self.spaces.remove(space).then(|| frame(event));
            }
            LibraryEvent::ParticipantRemoved { user_id, .. } if mine(user_id) => {
                // Told once, then nothing more from that space.
                return self.spaces.remove(space).then(|| frame(event));
            }
            LibraryEvent::SpaceDeleted { .. } => {
                return self.spaces.remove(space).then(|| frame(event));
            }
            _ => {}
        }
        self.spaces.contains(space).then(|| frame(event))
    }
}

async fn spaces_of(db: &Db, user_id: &str) -> ApiResult<HashSet<String>> {
    let spaces: Vec<String> =
        with_conn!(db, |conn| crate::my_space_ids!(user_id).load(conn).await)?;
    Ok(spaces.into_iter().collect())
}

fn frame(event: &LibraryEvent) -> Bytes {
    let data = serde_json::to_string(event).unwrap_or_else(|_| "{}".into());
    Bytes::from(format!("event: {}\ndata: {data}\n\n", event.name()))
}

impl Events {
    /// A user's stream: subscribed before their spaces are read, so nothing falls between.
    pub async fn subscriber(&self, db: Db, user_id: String) -> ApiResult<Subscriber> {
        let events = self.subscribe();
        let spaces = spaces_of(&db, &user_id).await?;
        let user = user_id.clone();
        let email: String = with_conn!(db, |conn| crate::db::schema::users::table
            .find(&user)
            .select(crate::db::schema::users::email)
            .first(conn)
            .await
            .optional())?
        .unwrap_or_default();
        let mut keepalive = tokio::time::interval(KEEPALIVE);
        keepalive.reset();
        let mut membership = tokio::time::interval(MEMBERSHIP_REFRESH);
        membership.reset();
        Ok(Subscriber {
            db,
            user_id,
            email,
            spaces,
            events,
            keepalive,
            membership,
        })
    }
}
