//! `GET /api/events`: the caller's library events as Server-Sent Events.

use actix_web::{HttpResponse, get, web};
use bytes::Bytes;
use futures_util::StreamExt;

use crate::error::{ApiResult, ErrorBody};
use crate::events::LibraryEvent;
use crate::http::auth_user::AuthUser;
use crate::http::state::AppState;

/// The caller's library events as Server-Sent Events (`text/event-stream`): `video_status`,
/// `video_created`, `video_deleted`, `import_progress`, `participant_added`,
/// `participant_joined`, `participant_left`, `participant_removed`, `space_updated`,
/// `space_deleted`, and `resync` when the stream fell behind.
#[utoipa::path(get, path = "/api/events", tag = "events", security(("bearer" = [])),
    responses((status = 200, description = "an event stream", content_type = "text/event-stream",
        body = LibraryEvent), (status = 429, body = ErrorBody)))]
#[get("/api/events")]
pub async fn stream(state: web::Data<AppState>, user: AuthUser) -> ApiResult<HttpResponse> {
    state
        .limiter
        .check(state.limiter.limits.event_streams, &user.id)
        .await?;
    let subscriber = state.events.subscriber(state.db.clone(), user.id).await?;
    let hello = futures_util::stream::once(async {
        Ok::<_, actix_web::Error>(Bytes::from_static(b"event: ready\ndata: {}\n\n"))
    });
    let frames = futures_util::stream::unfold(subscriber, |mut subscriber| async move {
        let frame = subscriber.next_frame().await?;
        Some((Ok::<_, actix_web::Error>(frame), subscriber))
    });
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("cache-control", "no-cache"))
        .insert_header(("x-accel-buffering", "no"))
        .streaming(hello.chain(frames)))
}
