//! The HTTP edge: every actix-web handler, the extractors, the route table, the OpenAPI
//! document and the server. Handlers parse the request, check who is calling, call the
//! services below (`library`, `media`, `collab`, `auth`, `events`) with the parts they need,
//! and shape the answer. Nothing below this module names [`state::AppState`] or imports
//! `actix_web` (`tests/layering.rs` checks it).

pub mod auth;
pub mod auth_user;
pub mod cookies;
pub mod docs;
pub mod error;
pub mod events;
pub mod extract;
pub mod individual_videos;
pub mod invitations;
pub mod invite_links;
pub mod me;
pub mod notes;
pub mod objects;
pub mod openapi;
pub mod ops;
pub mod participants;
pub mod playback;
pub mod recordings;
pub mod request_span;
pub mod routes;
pub mod search;
pub mod security_headers;
pub mod server;
pub mod snapshots;
pub mod socket;
pub mod spaces;
pub mod state;
pub mod transcode_events;
pub mod uploads;
pub mod videos;
pub mod webapp;

use actix_web::HttpRequest;

use crate::media::Origin;

/// Where the caller reached this server, for the absolute URLs in answers.
pub fn origin(request: &HttpRequest) -> Origin {
    let info = request.connection_info();
    Origin::new(info.scheme(), info.host())
}
