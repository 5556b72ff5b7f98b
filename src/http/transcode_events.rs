//! `POST /api/internal/transcode-events`: MediaConvert job state changes from EventBridge.

use actix_web::{HttpRequest, HttpResponse, post, web};
use secrecy::ExposeSecret;

use crate::error::{ApiResult, ErrorBody};
use crate::http::state::AppState;
use crate::media::transcode::events::{self, EventAuth};

/// Receives a MediaConvert job state change. Answers 200 for every authentic event, also
/// ones about videos that are gone (EventBridge would otherwise retry them for a day).
#[utoipa::path(post, path = "/api/internal/transcode-events", tag = "internal",
    request_body(content = String, description = "an EventBridge MediaConvert Job State Change event"),
    responses((status = 200), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
#[post("/api/internal/transcode-events")]
pub async fn receive(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
    let auth = EventAuth {
        signature: header("x-vivid-signature"),
        shared_secret: header("x-vivid-events-secret"),
    };
    let secret = state.settings.transcode.events_secret.expose_secret();
    events::authenticate(secret, auth, &body, chrono::Utc::now().timestamp())?;
    let applied = events::receive(&state.media.reporter, &body).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "applied": applied })))
}
