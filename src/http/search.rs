//! `/api/search`: what the caller can find across their spaces (videos by title and
//! description, the shared notes, their own private notes).

use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::{ApiResult, ErrorBody};
use crate::http::auth_user::AuthUser;
use crate::http::state::AppState;
use crate::library::search::{self as service, Query, SearchHit, SearchPage};
use crate::pagination::Page;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// What to find (a substring, any case): at least 3 characters, or 2 with a non-Latin
    /// one ("행렬"); at most 100. Whitespace is trimmed and collapsed.
    pub q: Option<String>,
    /// Hits per page, 1–50 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page (of the same query).
    pub cursor: Option<String>,
}

/// Passages that contain the query, newest first: video titles and descriptions, memo lines,
/// comments and bookmarks of the shared layer, and the caller's own private notes, in every
/// space the caller is in. Each hit names its video (to open at `time_secs`), its layer and
/// kind, and a snippet with the matches marked.
#[utoipa::path(get, path = "/api/search", tag = "search", security(("bearer" = [])),
    params(SearchParams),
    responses((status = 200, body = Page<SearchHit>),
        (status = 400, description = "`invalid_cursor`, `invalid_query`", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 422, description = "`query_too_short`; `validation_failed` (`q` too long, \
            `limit` out of range)", body = ErrorBody)))]
#[get("/api/search")]
pub async fn search(
    state: web::Data<AppState>,
    user: AuthUser,
    params: web::Query<SearchParams>,
) -> ApiResult<web::Json<Page<SearchHit>>> {
    let query = Query::parse(params.q.as_deref().unwrap_or(""))?;
    let page = SearchPage::parse(params.limit, params.cursor.as_deref())?;
    Ok(web::Json(
        service::search(&state.db, &user.id, &query, &page).await?,
    ))
}
