//! The OpenAPI 3 document (`/api/openapi.json`, browsable at `/api/docs/`).

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::auth::handlers as auth;
use crate::collab::handlers as docs;
use crate::library::{dashboard, individual_videos, me, participants, spaces, videos};
use crate::media::transcode::events as transcode_events;
use crate::media::webex::handlers as webex;
use crate::media::{events, playback, snapshots, uploads};
use crate::ops;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "VIVID",
        description = "Study with videos together. Errors are always \
            `{\"code\", \"message\"}` with a stable snake_case `code` (plus `fields` on \
            `validation_failed`). 401: not signed in or bad token; 403: signed in but not \
            allowed (e.g. `host_only`); 404: no such thing, or one you may not see; \
            503: the database or Redis is unavailable."
    ),
    paths(
        ops::healthz, ops::readyz,
        auth::google_login, auth::google_callback, auth::token, auth::logout, auth::dev_login,
        auth::providers,
        me::get, me::delete, dashboard::get,
        spaces::create, spaces::list, spaces::get, spaces::update, spaces::delete,
        participants::invite, participants::remove, participants::leave,
        videos::create, videos::list, videos::get, videos::delete,
        individual_videos::list, individual_videos::get, individual_videos::set_progress,
        individual_videos::mark_accessed,
        docs::ticket, docs::get, docs::versions, docs::version, docs::save, docs::restore,
        uploads::renew, uploads::complete, uploads::retry,
        playback::playback, playback::thumbnails,
        snapshots::create, snapshots::list, snapshots::get, snapshots::delete,
        crate::notes::handlers::export,
        events::stream, transcode_events::receive,
        webex::connect, webex::callback, webex::status, webex::disconnect, webex::recordings,
        webex::import,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Sign-in and tokens"),
        (name = "me", description = "The signed-in user"),
        (name = "spaces"), (name = "participants"), (name = "videos"),
        (name = "individual videos", description = "Each participant's own copy of a video"),
        (name = "documents", description = "Collaborative documents: tickets for the \
            y-websocket socket at `/ws/{doc}?ticket=…`, content and versions"),
        (name = "snapshots", description = "Snapshot images on individual videos"),
        (name = "events", description = "Live library events (Server-Sent Events)"),
        (name = "webex", description = "Webex recordings: connect, list, import"),
        (name = "internal", description = "Called by AWS, not by clients"),
        (name = "operations"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.bearer_format = Some("JWT".into());
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}
