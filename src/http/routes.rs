//! Every endpoint, in one list. Each documented handler carries its method and path in its
//! own attributes (`#[utoipa::path]` for the OpenAPI document, `#[actix_web::get(…)]` for
//! the route), and registering it here with `.service` adds it to both the server and the
//! document (utoipa-actix-web). Full paths, no scopes: a path no route claims falls through
//! to the Swagger UI and then to the JSON 404.

use actix_web::web;
use utoipa_actix_web::service_config::ServiceConfig;

use super::{
    auth, docs, events, individual_videos, invitations, invite_links, me, notes, objects, ops,
    participants, playback, recordings, search, snapshots, socket, spaces, transcode_events,
    uploads, videos,
};

/// Routes outside the OpenAPI document, with why: they are reached through URLs the API hands
/// out (signed links, the socket), never called by their path alone.
pub const UNDOCUMENTED: &[(&str, &str)] = &[
    // Signed HLS playlists: `playback.url` of `GET /api/videos/{id}/playback`.
    ("GET", "/api/hls/{video}/{expires}/{sig}/{file:.*}"),
    // The local object store's signed URLs (upload instructions, playback).
    ("GET", "/api/objects/{bucket}/{key:.*}"),
    ("PUT", "/api/objects/{bucket}/{key:.*}"),
    // The y-websocket socket: `url` of `POST /api/ws-tickets`.
    ("GET", "/ws/{key}"),
];

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(ops::healthz)
        .service(ops::readyz)
        .service(auth::google_login)
        .service(auth::google_callback)
        .service(auth::token)
        .service(auth::logout)
        .service(auth::dev_login)
        .service(auth::providers)
        .service(me::get)
        .service(me::delete)
        .service(me::get_dashboard)
        .service(spaces::create)
        .service(spaces::list)
        .service(spaces::get)
        .service(spaces::update)
        .service(spaces::delete)
        .service(participants::invite)
        // Before `{participant}`, which would take `me` for an id.
        .service(participants::leave)
        .service(participants::remove)
        .service(invitations::list)
        .service(invitations::accept)
        .service(invitations::decline)
        .service(invite_links::create)
        .service(invite_links::list)
        .service(invite_links::revoke)
        .service(invite_links::preview)
        .service(invite_links::join)
        .service(videos::create)
        .service(videos::list)
        .service(videos::get)
        .service(videos::delete)
        .service(uploads::renew)
        .service(uploads::complete)
        .service(uploads::retry)
        .service(playback::playback)
        .service(playback::thumbnails)
        .service(transcode_events::receive)
        .service(events::stream)
        .service(snapshots::create)
        .service(snapshots::list)
        .service(snapshots::get)
        .service(snapshots::delete)
        .service(notes::export)
        .service(recordings::status)
        .service(recordings::disconnect)
        .service(recordings::connect)
        .service(recordings::callback)
        .service(recordings::recordings)
        .service(recordings::import)
        .service(recordings::cancel)
        .service(individual_videos::list)
        .service(individual_videos::get)
        .service(individual_videos::set_progress)
        .service(individual_videos::mark_accessed)
        .service(individual_videos::remove)
        .service(individual_videos::of_video)
        .service(docs::ticket)
        .service(docs::get)
        .service(docs::versions)
        .service(docs::save)
        .service(docs::version)
        .service(docs::restore)
        .service(search::search);
    let [playlist, object_get, object_put, socket_path] = [0, 1, 2, 3].map(|i| UNDOCUMENTED[i].1);
    cfg.route(playlist, web::get().to(playback::playlist))
        .route(object_get, web::get().to(objects::get))
        .route(object_put, web::put().to(objects::put))
        .route(socket_path, web::get().to(socket::socket));
}
