//! `/api/spaces`: create, list, read, rename, delete.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::events::LibraryEvent;
use crate::http::auth_user::AuthUser;
use crate::http::extract::{ValidJson, not_blank};
use crate::http::state::AppState;
use crate::library::participants::{ParticipantView, list_participants};
use crate::library::spaces::{self as service, SpaceEdit};
use crate::library::videos::{SpaceVideoView, VideoSort, list_videos};
use crate::library::{Role, SpaceView, require_host, require_member};
use crate::pagination::{Page, PageParams};

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct CreateSpace {
    #[validate(length(min = 1, max = 200), custom(function = "not_blank"))]
    pub name: String,
    #[serde(default)]
    #[validate(length(max = 5000))]
    pub description: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct UpdateSpace {
    #[validate(length(min = 1, max = 200), custom(function = "not_blank"))]
    pub name: Option<String>,
    #[validate(length(max = 5000))]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListSpaces {
    /// Only the spaces the caller hosts.
    #[serde(default)]
    pub hosted: bool,
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// A space with its participants and the first page of its videos.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SpaceDetail {
    #[serde(flatten)]
    pub space: SpaceView,
    pub participants: Vec<ParticipantView>,
    /// The newest videos, with the caller's study state of each; follow `next_cursor` on
    /// `GET /api/spaces/{id}/videos` for more.
    pub videos: Page<SpaceVideoView>,
}

/// Creates a space hosted by the caller.
#[utoipa::path(post, path = "/api/spaces", tag = "spaces", security(("bearer" = [])),
    request_body = CreateSpace,
    responses((status = 201, body = SpaceView), (status = 422, body = ErrorBody)))]
#[post("/api/spaces")]
pub async fn create(
    state: web::Data<AppState>,
    user: AuthUser,
    ValidJson(body): ValidJson<CreateSpace>,
) -> ApiResult<HttpResponse> {
    let space =
        service::create_space(&state.db, &user.id, body.name.trim(), body.description).await?;
    // The host is the space's first participant: their open event streams follow it from
    // now on (invitees joining, renames), not from their next membership refresh.
    let host = crate::library::users::find(&state.db, &user.id).await?;
    state
        .events
        .publish(LibraryEvent::ParticipantAdded {
            space_id: space.id.clone(),
            user_id: Some(host.id),
            email: host.email,
        })
        .await;
    Ok(HttpResponse::Created().json(space))
}

/// The spaces the caller belongs to (or hosts, with `hosted=true`), newest first.
#[utoipa::path(get, path = "/api/spaces", tag = "spaces", security(("bearer" = [])),
    params(ListSpaces),
    responses((status = 200, body = Page<SpaceView>), (status = 400, body = ErrorBody)))]
#[get("/api/spaces")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<ListSpaces>,
) -> ApiResult<web::Json<Page<SpaceView>>> {
    let page = PageParams {
        limit: query.limit,
        cursor: query.cursor.clone(),
    }
    .validate()?;
    Ok(web::Json(
        service::list_spaces(&state.db, &user.id, query.hosted, &page).await?,
    ))
}

/// A space, its participants and its newest videos.
#[utoipa::path(get, path = "/api/spaces/{id}", tag = "spaces", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = SpaceDetail), (status = 404, body = ErrorBody)))]
#[get("/api/spaces/{id}")]
pub async fn get(
    request: actix_web::HttpRequest,
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<SpaceDetail>> {
    let member = require_member(&state.db, &id, &user.id).await?;
    let space = service::load_space(&state.db, &id, Role::of(member.is_host)).await?;
    let participants = list_participants(&state.db, &id).await?;
    let first_page = PageParams::default().validate()?;
    let mut videos = list_videos(&state.db, &id, &user.id, VideoSort::Newest, &first_page).await?;
    let views = videos.items.iter_mut().map(|item| &mut item.video);
    super::playback::sign_posters(&request, &state, views).await;
    Ok(web::Json(SpaceDetail {
        space,
        participants,
        videos,
    }))
}

/// Renames or re-describes a space (host only).
#[utoipa::path(patch, path = "/api/spaces/{id}", tag = "spaces", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = UpdateSpace,
    responses((status = 200, body = SpaceView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/api/spaces/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    ValidJson(body): ValidJson<UpdateSpace>,
) -> ApiResult<web::Json<SpaceView>> {
    if body.name.is_none() && body.description.is_none() {
        return Err(ApiError::field("name", "send name, description or both"));
    }
    require_host(&state.db, &id, &user.id).await?;
    let edit = SpaceEdit {
        name: body.name.as_deref().map(str::trim),
        description: body.description.as_deref(),
    };
    let space = service::update_space(&state.db, &id, edit).await?;
    state
        .events
        .publish(LibraryEvent::SpaceUpdated {
            space_id: space.id.clone(),
            name: space.name.clone(),
            description: space.description.clone(),
        })
        .await;
    Ok(web::Json(space))
}

/// Deletes a space with its videos and everyone's individual videos (host only).
#[utoipa::path(delete, path = "/api/spaces/{id}", tag = "spaces", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[delete("/api/spaces/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    require_host(&state.db, &id, &user.id).await?;
    let name = service::load_space(&state.db, &id, Role::Host).await?.name;
    let docs = crate::library::shared::space_documents(&state.db, &id, None).await?;
    let videos = service::space_videos(&state.db, &id).await?;
    let ids: Vec<String> = videos.iter().map(|video| video.id.clone()).collect();
    let images = crate::media::snapshot_keys(&state.db, &ids).await?;
    service::delete_space(&state.db, &id).await?;
    state
        .collab
        .revoke(None, docs, "the space was deleted")
        .await;
    for video in &videos {
        state.media.purge(video).await;
    }
    state.media.delete_images(&images).await;
    state
        .events
        .publish(LibraryEvent::SpaceDeleted {
            space_id: id.into_inner(),
            name,
        })
        .await;
    Ok(HttpResponse::NoContent().finish())
}
