//! Spaces: a host and the participants they invite, sharing a set of videos.

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::participants::{ParticipantView, list_participants};
use super::shared::space_not_found;
use super::videos::list_videos;
use super::{Role, SpaceView, UserSummary, VideoView, require_host, require_member};
use crate::auth::AuthUser;
use crate::db::models::{Participant, Space, User, Video};
use crate::db::schema::{participants, spaces, users, videos};
use crate::db::{self, Db};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ValidJson, not_blank};
use crate::media::events::LibraryEvent;
use crate::pagination::{Page, PageParams, PageRequest};
use crate::state::AppState;
use crate::with_conn;

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
    /// The newest videos; follow `next_cursor` on `GET /api/spaces/{id}/videos` for more.
    pub videos: Page<VideoView>,
}

/// Creates a space hosted by the caller.
#[utoipa::path(post, path = "/api/spaces", tag = "spaces", security(("bearer" = [])),
    request_body = CreateSpace,
    responses((status = 201, body = SpaceView), (status = 422, body = ErrorBody)))]
pub async fn create(
    state: web::Data<AppState>,
    user: AuthUser,
    ValidJson(body): ValidJson<CreateSpace>,
) -> ApiResult<HttpResponse> {
    let space = create_space(&state.db, &user.id, body).await?;
    // The host is the space's first participant: their open event streams follow it from
    // now on (invitees joining, renames), not from their next membership refresh.
    let host = super::users::find(&state.db, &user.id).await?;
    state
        .media
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
        list_spaces(&state.db, &user.id, query.hosted, &page).await?,
    ))
}

/// A space, its participants and its newest videos.
#[utoipa::path(get, path = "/api/spaces/{id}", tag = "spaces", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = SpaceDetail), (status = 404, body = ErrorBody)))]
pub async fn get(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<web::Json<SpaceDetail>> {
    let member = require_member(&state.db, &id, &user.id).await?;
    let space = load_space(&state.db, &id, Role::of(member.is_host)).await?;
    let participants = list_participants(&state.db, &id).await?;
    let first_page = PageParams::default().validate()?;
    let videos = list_videos(&state.db, &id, &first_page).await?;
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
    let now = db::now();
    let name = body.name.as_deref().map(str::trim);
    with_conn!(state.db, |conn| {
        diesel::update(spaces::table.find(id.as_str()))
            .set((
                name.map(|name| spaces::name.eq(name)),
                body.description.as_ref().map(|d| spaces::description.eq(d)),
                spaces::updated_at.eq(now),
            ))
            .execute(conn)
            .await
    })?;
    let space = load_space(&state.db, &id, Role::Host).await?;
    state
        .media
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
pub async fn delete(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    require_host(&state.db, &id, &user.id).await?;
    let name = load_space(&state.db, &id, Role::Host).await?.name;
    let docs = super::shared::space_documents(&state.db, &id, None).await?;
    let videos: Vec<Video> = with_conn!(state.db, |conn| videos::table
        .filter(videos::space_id.eq(id.as_str()))
        .select(Video::as_select())
        .load(conn)
        .await)?;
    let ids: Vec<String> = videos.iter().map(|video| video.id.clone()).collect();
    let images = crate::media::snapshot_keys(&state.db, &ids).await?;
    with_conn!(state.db, |conn| {
        diesel::delete(spaces::table.find(id.as_str()))
            .execute(conn)
            .await
    })?;
    state
        .collab
        .revoke(None, docs, "the space was deleted")
        .await;
    for video in &videos {
        state.media.purge(video).await;
    }
    state.media.delete_images(&images).await;
    state
        .media
        .events
        .publish(LibraryEvent::SpaceDeleted {
            space_id: id.into_inner(),
            name,
        })
        .await;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn create_space(db: &Db, host_id: &str, input: CreateSpace) -> ApiResult<SpaceView> {
    let now = db::now();
    let space = Space {
        id: db::new_id(),
        name: input.name.trim().to_owned(),
        description: input.description,
        host_id: host_id.to_owned(),
        created_at: now,
        updated_at: now,
    };
    let space = &space;
    let host = with_conn!(db, |conn| conn
        .transaction(async |conn| {
            let host: User = users::table
                .find(host_id)
                .select(User::as_select())
                .first(conn)
                .await
                .optional()?
                .ok_or_else(super::users::user_not_found)?;
            diesel::insert_into(spaces::table)
                .values(space)
                .execute(conn)
                .await?;
            let participant = Participant {
                id: db::new_id(),
                space_id: space.id.clone(),
                email: host.email.clone(),
                user_id: Some(host.id.clone()),
                is_host: true,
                created_at: now,
                joined_at: Some(now),
            };
            diesel::insert_into(participants::table)
                .values(&participant)
                .execute(conn)
                .await?;
            Ok::<_, ApiError>(host)
        })
        .await)?;
    Ok(SpaceView::new(space.clone(), Role::Host, (&host).into()))
}

async fn load_space(db: &Db, space_id: &str, role: Role) -> ApiResult<SpaceView> {
    let (space, host) = with_conn!(db, |conn| spaces::table
        .find(space_id)
        .inner_join(users::table)
        .select((Space::as_select(), User::as_select()))
        .first::<(Space, User)>(conn)
        .await
        .optional())?
    .ok_or_else(space_not_found)?;
    Ok(SpaceView::new(space, role, (&host).into()))
}

pub async fn list_spaces(
    db: &Db,
    user_id: &str,
    hosted_only: bool,
    page: &PageRequest,
) -> ApiResult<Page<SpaceView>> {
    let rows: Vec<(Space, bool, User)> = with_conn!(db, |conn| {
        let mut query = participants::table
            .inner_join(spaces::table)
            .inner_join(users::table.on(users::id.eq(spaces::host_id)))
            .filter(participants::user_id.eq(user_id))
            .select((Space::as_select(), participants::is_host, User::as_select()))
            .order(spaces::id.desc())
            .limit(page.limit + 1)
            .into_boxed();
        if hosted_only {
            query = query.filter(participants::is_host.eq(true));
        }
        if let Some(before) = &page.before_id {
            query = query.filter(spaces::id.lt(before));
        }
        query.load(conn).await
    })?;
    Ok(Page::from_rows(
        rows,
        page,
        |(space, _, _)| &space.id,
        |(space, is_host, host)| SpaceView::new(space, Role::of(is_host), UserSummary::from(&host)),
    ))
}
