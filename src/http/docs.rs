//! REST over documents, with the socket's authorization: tickets, current content, versions
//! (list, read, save, restore — which first saves the current state as a version, so it
//! can be undone).

use actix::Addr;
use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::collab::content::{self, DocContent};
use crate::collab::history::VersionMeta;
use crate::collab::room::{GetContent, Restore, Room, RoomError, SaveVersion};
use crate::domain::DocKey;
use crate::error::{ApiError, ApiResult, ErrorBody, ErrorCode};
use crate::http::auth_user::AuthUser;
use crate::http::extract::ValidJson;
use crate::http::state::AppState;
use crate::pagination::{Page, PageParams};

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct TicketRequest {
    /// `video-{videoId}` or `note-{individualVideoId}`.
    #[validate(length(min = 1, max = 80))]
    pub doc: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TicketResponse {
    /// Single use, valid for 30 seconds, for this user and document only.
    pub ticket: String,
    /// The socket URL, ticket included.
    pub url: String,
}

#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
pub struct NewVersion {
    /// A name for the version ("Before the exam"); optional.
    #[validate(length(min = 1, max = 200))]
    pub name: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct VersionView {
    #[serde(flatten)]
    pub meta: VersionMeta,
    /// The document as it was at this version.
    pub content: DocContent,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Restored {
    pub restored_version: i64,
    /// False when the document already equalled that version.
    pub changed: bool,
    /// The state just before the restore, saved as a version named "Before restoring
    /// version N": restoring it undoes the restore.
    pub saved_version: VersionMeta,
}

fn room_error(error: RoomError) -> ApiError {
    match error {
        RoomError::Unavailable(_) => {
            ApiError::unavailable(ErrorCode::DocumentUnavailable, anyhow::anyhow!("{error}"))
        }
        RoomError::Storage(cause) => ApiError::unavailable(ErrorCode::HistoryUnavailable, cause),
    }
}

fn mailbox_error(error: actix::MailboxError) -> ApiError {
    ApiError::unavailable(ErrorCode::DocumentUnavailable, error)
}

async fn authorized(state: &AppState, user: &AuthUser, key: &str) -> ApiResult<DocKey> {
    let key = DocKey::parse(key)?;
    crate::library::documents::authorize(&state.db, &key, &user.id).await?;
    Ok(key)
}

fn room(state: &AppState, key: &DocKey) -> Addr<Room> {
    state.collab.room(&key.to_string())
}

/// A ticket to open a document's socket (`GET /ws/{doc}?ticket=…`).
#[utoipa::path(post, path = "/api/ws-tickets", tag = "documents", security(("bearer" = [])),
    request_body = TicketRequest,
    responses((status = 200, body = TicketResponse), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[post("/api/ws-tickets")]
pub async fn ticket(
    state: web::Data<AppState>,
    user: AuthUser,
    ValidJson(body): ValidJson<TicketRequest>,
) -> ApiResult<web::Json<TicketResponse>> {
    let key = authorized(&state, &user, &body.doc).await?.to_string();
    state
        .limiter
        .check(state.limiter.limits.tickets, &user.id)
        .await?;
    let ticket = state.tickets.issue(&user.id, &key).await?;
    let public = state.settings.http.public_url.trim_end_matches('/');
    let socket_base = public
        .replacen("https://", "wss://", 1)
        .replacen("http://", "ws://", 1);
    Ok(web::Json(TicketResponse {
        url: format!("{socket_base}/ws/{key}?ticket={ticket}"),
        ticket,
    }))
}

/// The document's current content.
#[utoipa::path(get, path = "/api/docs/{key}", tag = "documents", security(("bearer" = [])),
    params(("key" = String, Path, description = "video-{videoId} or note-{individualVideoId}")),
    responses((status = 200, body = DocContent), (status = 404, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
#[get("/api/docs/{key:(?:video|note)-[A-Za-z0-9]+}")]
pub async fn get(
    state: web::Data<AppState>,
    user: AuthUser,
    key: web::Path<String>,
) -> ApiResult<web::Json<DocContent>> {
    let key = authorized(&state, &user, &key).await?;
    // A room that stops as we ask (an idle close) is replaced once, as a socket's join is.
    let content = match room(&state, &key).send(GetContent).await {
        Err(actix::MailboxError::Closed) => room(&state, &key).send(GetContent).await,
        answer => answer,
    };
    let content = content.map_err(mailbox_error)?.map_err(room_error)?;
    Ok(web::Json(content))
}

/// Versions, newest first.
#[utoipa::path(get, path = "/api/docs/{key}/versions", tag = "documents",
    security(("bearer" = [])), params(("key" = String, Path), PageParams),
    responses((status = 200, body = Page<VersionMeta>), (status = 404, body = ErrorBody)))]
#[get("/api/docs/{key:(?:video|note)-[A-Za-z0-9]+}/versions")]
pub async fn versions(
    state: web::Data<AppState>,
    user: AuthUser,
    key: web::Path<String>,
    page: web::Query<PageParams>,
) -> ApiResult<web::Json<Page<VersionMeta>>> {
    let key = authorized(&state, &user, &key).await?;
    let page = page.validate()?;
    let before = match &page.before_id {
        Some(cursor) => Some(
            cursor
                .parse::<i64>()
                .map_err(|_| ApiError::new(ErrorCode::InvalidCursor, "the cursor is not valid"))?,
        ),
        None => None,
    };
    let rows = state
        .collab
        .history
        .list(&key.to_string(), before, page.limit as usize + 1)
        .await
        .map_err(|e| ApiError::unavailable(ErrorCode::HistoryUnavailable, e))?;
    // The cursor is the version number, as text like every cursor.
    let rows: Vec<(String, VersionMeta)> = rows
        .into_iter()
        .map(|v| (v.version.to_string(), v))
        .collect();
    Ok(web::Json(Page::from_rows(
        rows,
        &page,
        |(id, _)| id,
        |(_, v)| v,
    )))
}

/// One version with its content.
#[utoipa::path(get, path = "/api/docs/{key}/versions/{version}", tag = "documents",
    security(("bearer" = [])), params(("key" = String, Path), ("version" = i64, Path)),
    responses((status = 200, body = VersionView), (status = 404, body = ErrorBody)))]
#[get("/api/docs/{key:(?:video|note)-[A-Za-z0-9]+}/versions/{version}")]
pub async fn version(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, i64)>,
) -> ApiResult<web::Json<VersionView>> {
    let (key, number) = path.into_inner();
    let key = authorized(&state, &user, &key).await?;
    state
        .limiter
        .check(state.limiter.limits.versions, &user.id)
        .await?;
    let snapshot = find_version(&state, &key, number).await?;
    let doc = yrs::Doc::new();
    let update = yrs::updates::decoder::Decode::decode_v1(&snapshot.state)
        .map_err(|e| ApiError::internal(anyhow::anyhow!("version {number} of {key}: {e}")))?;
    yrs::Transact::transact_mut(&doc)
        .apply_update(update)
        .map_err(|e| ApiError::internal(anyhow::anyhow!("version {number} of {key}: {e}")))?;
    Ok(web::Json(VersionView {
        meta: snapshot.meta,
        content: content::read(&doc),
    }))
}

async fn find_version(
    state: &AppState,
    key: &DocKey,
    number: i64,
) -> ApiResult<crate::collab::history::Snapshot> {
    state
        .collab
        .history
        .get(&key.to_string(), number)
        .await
        .map_err(|e| ApiError::unavailable(ErrorCode::HistoryUnavailable, e))?
        .ok_or_else(|| ApiError::new(ErrorCode::VersionNotFound, "no such version"))
}

/// Saves the current state as a version (optionally named).
#[utoipa::path(post, path = "/api/docs/{key}/versions", tag = "documents",
    security(("bearer" = [])), params(("key" = String, Path)), request_body = NewVersion,
    responses((status = 201, body = VersionMeta), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
#[post("/api/docs/{key:(?:video|note)-[A-Za-z0-9]+}/versions")]
pub async fn save(
    state: web::Data<AppState>,
    user: AuthUser,
    key: web::Path<String>,
    ValidJson(body): ValidJson<NewVersion>,
) -> ApiResult<HttpResponse> {
    let key = authorized(&state, &user, &key).await?;
    state
        .limiter
        .check(state.limiter.limits.versions, &user.id)
        .await?;
    let meta = room(&state, &key)
        .send(SaveVersion {
            name: body.name.map(|n| n.trim().to_owned()),
            by: user.id.clone(),
        })
        .await
        .map_err(mailbox_error)?
        .map_err(room_error)?;
    Ok(HttpResponse::Created().json(meta))
}

/// Restores a version: the document becomes what it was, through a new edit that every open
/// client receives live. History is not rewritten, and the state just before is saved first
/// as a version of its own ("Before restoring version N"), so a restore can be undone.
#[utoipa::path(post, path = "/api/docs/{key}/versions/{version}/restore", tag = "documents",
    security(("bearer" = [])), params(("key" = String, Path), ("version" = i64, Path)),
    responses((status = 200, body = Restored), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
#[post("/api/docs/{key:(?:video|note)-[A-Za-z0-9]+}/versions/{version}/restore")]
pub async fn restore(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, i64)>,
) -> ApiResult<web::Json<Restored>> {
    let (key, number) = path.into_inner();
    let key = authorized(&state, &user, &key).await?;
    let snapshot = find_version(&state, &key, number).await?;
    let room = room(&state, &key);
    // Nothing is restored unless the current state was kept first.
    let saved_version = room
        .send(SaveVersion {
            name: Some(format!("Before restoring version {number}")),
            by: user.id.clone(),
        })
        .await
        .map_err(mailbox_error)?
        .map_err(room_error)?;
    let changed = room
        .send(Restore {
            state: snapshot.state,
            by: user.id.clone(),
        })
        .await
        .map_err(mailbox_error)?
        .map_err(room_error)?;
    Ok(web::Json(Restored {
        restored_version: number,
        changed,
        saved_version,
    }))
}
