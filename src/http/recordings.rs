//! `/api/integrations/{provider}…` and `/api/spaces/{id}/imports/{provider}` for every
//! recording provider (`webex`, `zoom`): connect and its callback, status, recordings, import,
//! disconnect; and `DELETE /api/videos/{id}/import` to cancel an import.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::error::{ApiError, ApiResult, ErrorBody, ErrorCode};
use crate::http::auth_user::AuthUser;
use crate::http::extract::{ValidJson, not_blank};
use crate::http::state::AppState;
use crate::library::videos::{NewVideo, create_video, host_or_uploader};
use crate::library::{VideoView, require_member};
use crate::media::recordings::import::{self as import_job, ImportJob, ImportLimits};
use crate::media::recordings::{Integration, MAX_RANGE, PageRequest, ProviderKind, Recording};
use crate::pagination::{MAX_LIMIT, Page};

const STATE_TTL: std::time::Duration = std::time::Duration::from_secs(600);

/// Binds the flow to the browser that started it: the callback must carry the state both in
/// the query (from the provider) and in this cookie (set by `connect`). Otherwise anyone
/// could send their own authorize URL to a victim and receive the victim's account.
fn state_cookie(
    settings: &crate::config::Settings,
    kind: ProviderKind,
    value: String,
) -> Cookie<'static> {
    Cookie::build(format!("vivid_{}_state", kind.as_str()), value)
        .path(format!("/api/integrations/{}", kind.as_str()))
        .http_only(true)
        .secure(settings.secure_cookies())
        // Lax: the callback arrives as a top-level navigation from the provider's site.
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::seconds(
            STATE_TTL.as_secs() as i64,
        ))
        .finish()
}

/// The provider named in the path, configured on this server.
fn integration<'a>(state: &'a AppState, provider: &str) -> ApiResult<&'a Integration> {
    let kind = ProviderKind::parse(provider)
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such recording provider"))?;
    state.media.integrations.get(kind).ok_or_else(|| {
        ApiError::new(
            ErrorCode::IntegrationNotConfigured,
            format!(
                "the {} integration is not configured on this server",
                kind.label()
            ),
        )
    })
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Authorize {
    pub authorize_url: String,
}

/// Starts connecting an account: a redirect to the provider's consent page (or, asked for
/// JSON, the URL to open).
#[utoipa::path(get, path = "/api/integrations/{provider}/connect", tag = "recordings",
    security(("bearer" = [])), params(("provider" = inline(ProviderKind), Path, description = "webex or zoom")),
    responses((status = 302, description = "to the provider"), (status = 200, body = Authorize),
        (status = 404, body = ErrorBody)))]
#[get("/api/integrations/{provider}/connect")]
pub async fn connect(
    request: HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    provider: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let integration = integration(&state, &provider)?;
    let nonce = integration.start_sign_in(&user.id, STATE_TTL).await?;
    let url = integration.authorize_url(&nonce);
    let wants_json = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"));
    let cookie = state_cookie(&state.settings, integration.kind(), nonce);
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

/// Where the provider sends the browser back: stores the account, then returns to the app
/// with `?{provider}=connected` (or `denied`, or `error`).
#[utoipa::path(get, path = "/api/integrations/{provider}/callback", tag = "recordings",
    params(("provider" = inline(ProviderKind), Path, description = "webex or zoom"), Callback),
    responses((status = 302, description = "back to the app"), (status = 400, body = ErrorBody)))]
#[get("/api/integrations/{provider}/callback")]
pub async fn callback(
    request: HttpRequest,
    state: web::Data<AppState>,
    provider: web::Path<String>,
    query: web::Query<Callback>,
) -> ApiResult<HttpResponse> {
    let integration = integration(&state, &provider)?;
    let kind = integration.kind();
    let invalid = || {
        ApiError::new(
            ErrorCode::InvalidState,
            format!("this {} sign-in is not valid", kind.label()),
        )
    };
    let nonce = query.state.as_deref().ok_or_else(invalid)?;
    let cookie = request.cookie(&format!("vivid_{}_state", kind.as_str()));
    if cookie.as_ref().map(Cookie::value) != Some(nonce) {
        return Err(invalid());
    }
    let user_id = integration
        .finish_sign_in(nonce)
        .await?
        .ok_or_else(invalid)?;
    let back = |outcome: &str| {
        let public = state.settings.http.public_url.trim_end_matches('/');
        let mut removal = state_cookie(&state.settings, kind, String::new());
        removal.make_removal();
        HttpResponse::Found()
            .cookie(removal)
            .insert_header((
                header::LOCATION,
                format!("{public}/?{}={outcome}", kind.as_str()),
            ))
            .finish()
    };
    if query.error.is_some() {
        return Ok(back("denied"));
    }
    let code = query.code.as_deref().ok_or_else(invalid)?;
    match integration.connect(&state.db, &user_id, code).await {
        Ok(()) => Ok(back("connected")),
        Err(error) => {
            tracing::warn!(?error, provider = kind.as_str(), "code exchange failed");
            Ok(back("error"))
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct IntegrationStatus {
    pub configured: bool,
    pub connected: bool,
}

/// Whether the provider is configured here and the caller has an account connected.
#[utoipa::path(get, path = "/api/integrations/{provider}", tag = "recordings",
    security(("bearer" = [])), params(("provider" = inline(ProviderKind), Path, description = "webex or zoom")),
    responses((status = 200, body = IntegrationStatus), (status = 404, body = ErrorBody)))]
#[get("/api/integrations/{provider}")]
pub async fn status(
    state: web::Data<AppState>,
    user: AuthUser,
    provider: web::Path<String>,
) -> ApiResult<web::Json<IntegrationStatus>> {
    let kind = ProviderKind::parse(&provider)
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such recording provider"))?;
    let connected = match state.media.integrations.get(kind) {
        Some(integration) => integration.account(&state.db, &user.id).await?.is_some(),
        None => false,
    };
    Ok(web::Json(IntegrationStatus {
        configured: state.media.integrations.get(kind).is_some(),
        connected,
    }))
}

/// Forgets the caller's account with the provider and its tokens.
#[utoipa::path(delete, path = "/api/integrations/{provider}", tag = "recordings",
    security(("bearer" = [])), params(("provider" = inline(ProviderKind), Path, description = "webex or zoom")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
#[delete("/api/integrations/{provider}")]
pub async fn disconnect(
    state: web::Data<AppState>,
    user: AuthUser,
    provider: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let kind = ProviderKind::parse(&provider)
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such recording provider"))?;
    crate::media::recordings::accounts::delete(&state.db, kind, &user.id).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecordingQuery {
    /// Items per page, 1–100 (default 20). Zoom counts meetings, each of which may list
    /// several MP4 files.
    limit: Option<i64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Recordings created at or after this time (RFC 3339, e.g. `2026-03-01T00:00:00Z`).
    /// Without `from` and `to`, Webex lists the last 7 days, Zoom the last 30.
    from: Option<String>,
    /// Recordings created before this time (RFC 3339); at most 30 days after `from`, and not
    /// before it. Zoom lists whole UTC days.
    to: Option<String>,
}

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

/// The caller's recordings at the provider, a page at a time.
#[utoipa::path(get, path = "/api/integrations/{provider}/recordings", tag = "recordings",
    security(("bearer" = [])), params(("provider" = inline(ProviderKind), Path, description = "webex or zoom"), RecordingQuery),
    responses((status = 200, body = Page<Recording>), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
#[get("/api/integrations/{provider}/recordings")]
pub async fn recordings(
    state: web::Data<AppState>,
    user: AuthUser,
    provider: web::Path<String>,
    query: web::Query<RecordingQuery>,
) -> ApiResult<web::Json<Page<Recording>>> {
    let integration = integration(&state, &provider)?;
    let request = match &query.cursor {
        Some(cursor) => PageRequest::Cursor(cursor),
        None => {
            let limit = query.limit.unwrap_or(20);
            if !(1..=MAX_LIMIT).contains(&limit) {
                return Err(ApiError::field(
                    "limit",
                    format!("must be between 1 and {MAX_LIMIT}"),
                ));
            }
            let [from, to] = recording_range(query.from.as_deref(), query.to.as_deref())?;
            PageRequest::First { limit, from, to }
        }
    };
    let (items, next_cursor) = integration.recordings(&state.db, &user.id, request).await?;
    Ok(web::Json(Page { items, next_cursor }))
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
/// background job copies the file (`import_progress` events), then transcodes it. A Zoom
/// recording still processing is refused (409 `recording_processing`).
#[utoipa::path(post, path = "/api/spaces/{id}/imports/{provider}", tag = "recordings",
    security(("bearer" = [])),
    params(("id" = String, Path), ("provider" = inline(ProviderKind), Path, description = "webex or zoom")),
    request_body = ImportRecording,
    responses((status = 202, body = VideoView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 429, body = ErrorBody, description = "`rate_limited`, or `quota_exceeded`: too many imports running")))]
#[post("/api/spaces/{id}/imports/{provider}")]
pub async fn import(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
    ValidJson(body): ValidJson<ImportRecording>,
) -> ApiResult<HttpResponse> {
    let (space_id, provider) = path.into_inner();
    let integration = integration(&state, &provider)?;
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
    // does not exist, offers no download, or is still processing.
    integration
        .download(&state.db, &user.id, &body.recording_id)
        .await?;
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
    let job = ImportJob {
        kind: integration.kind(),
        video: video.clone(),
        user_id: user.id,
        recording_id: body.recording_id,
    };
    state
        .background
        .spawn_job(import_job::run(state.media.clone(), limits, job));
    Ok(HttpResponse::Accepted().json(VideoView::from(video)))
}

/// Cancels an import still copying (the host or the importer): the video fails with the
/// reason "the import was cancelled", and the copy stops within a second. 409 `not_an_import`
/// when the video is not an import in progress.
#[utoipa::path(delete, path = "/api/videos/{id}/import", tag = "recordings",
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
#[delete("/api/videos/{id}/import")]
pub async fn cancel(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let video = host_or_uploader(&state.db, &id, &user.id).await?;
    if !import_job::cancel(&state.media, &video).await? {
        return Err(ApiError::new(
            ErrorCode::NotAnImport,
            "this video is not an import in progress",
        ));
    }
    Ok(HttpResponse::NoContent().finish())
}
