//! `/api/integrations/webex…` and `/api/spaces/{id}/imports/webex`: connect and its callback, status, recordings, import, disconnect.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::error::{ApiError, ApiResult, ErrorBody, ErrorCode};
use crate::http::auth_user::AuthUser;
use crate::http::extract::{ValidJson, not_blank};
use crate::http::state::AppState;
use crate::library::videos::{NewVideo, create_video};
use crate::library::{VideoView, require_member};
use crate::media::webex::import::{self as import_job, ImportLimits};
use crate::media::webex::{Recording, Webex};
use crate::pagination::{MAX_LIMIT, Page};

const STATE_TTL: std::time::Duration = std::time::Duration::from_secs(600);
/// Binds the flow to the browser that started it: the callback must carry the state both in
/// the query (from Webex) and in this cookie (set by `connect`). Otherwise anyone could send
/// their own authorize URL to a victim and receive the victim's Webex account.
const STATE_COOKIE: &str = "vivid_webex_state";

fn state_cookie(settings: &crate::config::Settings, value: String) -> Cookie<'static> {
    Cookie::build(STATE_COOKIE, value)
        .path("/api/integrations/webex")
        .http_only(true)
        .secure(settings.secure_cookies())
        // Lax: the callback arrives as a top-level navigation from Webex's site.
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::seconds(
            STATE_TTL.as_secs() as i64,
        ))
        .finish()
}

fn webex(state: &AppState) -> ApiResult<&Webex> {
    state.media.webex.as_ref().ok_or_else(|| {
        ApiError::new(
            ErrorCode::IntegrationNotConfigured,
            "the Webex integration is not configured on this server",
        )
    })
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Authorize {
    pub authorize_url: String,
}

/// Starts connecting a Webex account: a redirect to Webex's consent page (or, asked for JSON,
/// the URL to open).
#[utoipa::path(get, path = "/api/integrations/webex/connect", tag = "webex",
    security(("bearer" = [])),
    responses((status = 302, description = "to Webex"), (status = 200, body = Authorize),
        (status = 404, body = ErrorBody)))]
#[get("/api/integrations/webex/connect")]
pub async fn connect(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<HttpResponse> {
    let webex = webex(&state)?;
    let nonce = webex.start_sign_in(&user.id, STATE_TTL).await?;
    let url = webex.authorize_url(&nonce);
    let wants_json = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"));
    let cookie = state_cookie(&state.settings, nonce);
    Ok(if wants_json {
        HttpResponse::Ok()
            .cookie(cookie)
            .json(Authorize { authorize_url: url })
    } else {
        HttpResponse::Found()
            .cookie(cookie)
            .insert_header((header::LOCATION, url))
            .finish()
    })
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// Where Webex sends the browser back: stores the account, then returns to the app with
/// `?webex=connected` (or `?webex=denied`).
#[utoipa::path(get, path = "/api/integrations/webex/callback", tag = "webex", params(Callback),
    responses((status = 302, description = "back to the app"), (status = 400, body = ErrorBody)))]
#[get("/api/integrations/webex/callback")]
pub async fn callback(
    request: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<Callback>,
) -> ApiResult<HttpResponse> {
    let webex = webex(&state)?;
    let invalid = || ApiError::new(ErrorCode::InvalidState, "this Webex sign-in is not valid");
    let nonce = query.state.as_deref().ok_or_else(invalid)?;
    let cookie = request.cookie(STATE_COOKIE);
    if cookie.as_ref().map(Cookie::value) != Some(nonce) {
        return Err(invalid());
    }
    let user_id = webex.finish_sign_in(nonce).await?.ok_or_else(invalid)?;
    let back = |outcome: &str| {
        let public = state.settings.http.public_url.trim_end_matches('/');
        let mut removal = state_cookie(&state.settings, String::new());
        removal.make_removal();
        HttpResponse::Found()
            .cookie(removal)
            .insert_header((header::LOCATION, format!("{public}/?webex={outcome}")))
            .finish()
    };
    if query.error.is_some() {
        return Ok(back("denied"));
    }
    let code = query.code.as_deref().ok_or_else(invalid)?;
    match webex.connect(&state.db, &user_id, code).await {
        Ok(()) => Ok(back("connected")),
        Err(error) => {
            tracing::warn!(?error, "Webex code exchange failed");
            Ok(back("error"))
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WebexStatus {
    pub configured: bool,
    pub connected: bool,
}

/// Whether the caller has a Webex account connected.
#[utoipa::path(get, path = "/api/integrations/webex", tag = "webex", security(("bearer" = [])),
    responses((status = 200, body = WebexStatus)))]
#[get("/api/integrations/webex")]
pub async fn status(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<web::Json<WebexStatus>> {
    Ok(web::Json(WebexStatus {
        configured: state.media.webex.is_some(),
        connected: Webex::account(&state.db, &user.id).await?.is_some(),
    }))
}

/// Forgets the caller's Webex account and its tokens.
#[utoipa::path(delete, path = "/api/integrations/webex", tag = "webex",
    security(("bearer" = [])), responses((status = 204)))]
#[delete("/api/integrations/webex")]
pub async fn disconnect(state: web::Data<AppState>, user: AuthUser) -> ApiResult<HttpResponse> {
    Webex::disconnect(&state.db, &user.id).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecordingQuery {
    /// Items per page, 1–100 (default 20).
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Recordings created at or after this time (RFC 3339, e.g. `2026-03-01T00:00:00Z`).
    /// Without `from` and `to`, Webex lists the last 7 days.
    from: Option<String>,
    /// Recordings created before this time (RFC 3339); at most 30 days after `from` (Webex's
    /// limit), and not before it.
    to: Option<String>,
}

/// Webex refuses a range longer than this.
const MAX_RANGE: chrono::TimeDelta = chrono::TimeDelta::days(30);

/// `from` and `to` parsed and checked (422 `validation_failed` naming the field), in UTC.
fn recording_range(
    from: Option<&str>,
    to: Option<&str>,
) -> ApiResult<[Option<chrono::DateTime<chrono::Utc>>; 2]> {
    let parse = |name: &'static str, value: Option<&str>| {
        value
            .map(|value| {
                chrono::DateTime::parse_from_rfc3339(value.trim())
                    .map(|at| at.to_utc())
                    .map_err(|_| {
                        ApiError::field(
                            name,
                            "must be a date and time like 2026-03-01T00:00:00Z (RFC 3339)",
                        )
                    })
            })
            .transpose()
    };
    let (from, to) = (parse("from", from)?, parse("to", to)?);
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            return Err(ApiError::field("to", "must not be before from"));
        }
        if to - from > MAX_RANGE {
            return Err(ApiError::field("to", "must be at most 30 days after from"));
        }
    }
    Ok([from, to])
}

/// The caller's Webex recordings, a page at a time.
#[utoipa::path(get, path = "/api/integrations/webex/recordings", tag = "webex",
    security(("bearer" = [])), params(RecordingQuery),
    responses((status = 200, body = Page<Recording>), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
#[get("/api/integrations/webex/recordings")]
pub async fn recordings(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<RecordingQuery>,
) -> ApiResult<web::Json<Page<Recording>>> {
    let webex = webex(&state)?;
    let base = webex.api("/v1/recordings");
    let url = match &query.cursor {
        Some(cursor) => URL_SAFE_NO_PAD
            .decode(cursor)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            // Only ever follow links to the recordings endpoint with the user's token.
            .filter(|url| url.starts_with(&format!("{base}?")))
            .ok_or_else(|| ApiError::new(ErrorCode::InvalidCursor, "the cursor is not valid"))?,
        None => {
            let limit = query.limit.unwrap_or(20);
            if !(1..=MAX_LIMIT).contains(&limit) {
                return Err(ApiError::field(
                    "limit",
                    format!("must be between 1 and {MAX_LIMIT}"),
                ));
            }
            let range = recording_range(query.from.as_deref(), query.to.as_deref())?;
            let mut url = url::Url::parse(&base).map_err(ApiError::internal)?;
            url.query_pairs_mut().append_pair("max", &limit.to_string());
            for (name, value) in ["from", "to"].into_iter().zip(range) {
                if let Some(at) = value {
                    let at = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                    url.query_pairs_mut().append_pair(name, &at);
                }
            }
            url.into()
        }
    };
    let token = webex.access_token(&state.db, &user.id).await?;
    let (items, next) = webex.recordings(&token, &url).await?;
    Ok(web::Json(Page {
        items,
        next_cursor: next.map(|next| URL_SAFE_NO_PAD.encode(next)),
    }))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportRecording {
    #[validate(length(min = 1, max = 200))]
    pub recording_id: String,
    #[validate(length(min = 1, max = 300), custom(function = "not_blank"))]
    pub title: String,
}

/// Imports a recording into a space: the video appears at once (`awaiting_upload`); a
/// background job copies the file (`import_progress` events), then transcodes it.
#[utoipa::path(post, path = "/api/spaces/{id}/imports/webex", tag = "webex",
    security(("bearer" = [])), params(("id" = String, Path)), request_body = ImportRecording,
    responses((status = 202, body = VideoView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 429, body = ErrorBody, description = "`rate_limited`, or `quota_exceeded`: too many imports running")))]
#[post("/api/spaces/{id}/imports/webex")]
pub async fn import(
    state: web::Data<AppState>,
    user: AuthUser,
    space_id: web::Path<String>,
    ValidJson(body): ValidJson<ImportRecording>,
) -> ApiResult<HttpResponse> {
    let webex = webex(&state)?;
    require_member(&state.db, &space_id, &user.id).await?;
    state
        .limiter
        .check(state.limiter.limits.imports, &user.id)
        .await?;
    let quota = state.settings.limits.max_running_imports;
    if crate::library::videos::running_imports(&state.db, &user.id).await? >= i64::from(quota) {
        let after = std::time::Duration::from_secs(60);
        return Err(crate::limits::quota_exceeded("imports", quota, after));
    }
    // Fails early when the account is missing, its tokens no longer work, or the recording
    // does not exist (or offers no download).
    let token = webex.access_token(&state.db, &user.id).await?;
    webex.download_link(&token, &body.recording_id).await?;
    let new = NewVideo {
        title: body.title,
        description: String::new(),
        upload: None,
    };
    let video = create_video(&state.db, &state.events, &space_id, &user.id, new).await?;
    let limits = ImportLimits {
        temp_dir: state.settings.data_dir.join("imports"),
        max_bytes: state.settings.storage.max_upload_bytes,
    };
    state.background.spawn_job(import_job::run(
        state.media.clone(),
        limits,
        video.clone(),
        user.id,
        body.recording_id,
    ));
    Ok(HttpResponse::Accepted().json(VideoView::from(video)))
}
