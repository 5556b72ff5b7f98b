//! The library: users, spaces and their participants, videos, each participant's individual
//! videos, the dashboard, and who may open which document. Each file holds one resource's
//! queries and rules (its handlers are in `http/`); the fragments several of them share
//! (membership, individual-video fan-out) are in `shared`.
//!
//! Authorization rule everywhere: a space, and everything in it, is visible only to its
//! joined participants. Outsiders get 404 (they may not learn that it exists); participants
//! who try a host-only action get 403.

pub mod dashboard;
pub mod documents;
pub mod individual_videos;
pub mod invitations;
pub mod invite_links;
pub mod me;
pub mod participants;
pub mod spaces;
pub mod users;
pub mod videos;

pub mod shared;
mod views;

pub use shared::{LibraryConn, require_host, require_member};
pub use views::{Role, SpaceView, UserSummary, VideoView, utc};
