//! The OpenAPI 3 document (`/api/openapi.json`, browsable at `/api/swagger/`): the title, tags
//! and security scheme here, every path from the route list (`routes.rs`).

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use utoipa_actix_web::AppExt;

use super::routes::routes;

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
        (name = "search", description = "Find videos and notes across your spaces"),
        (name = "recordings", description = "Recordings from Webex and Zoom: connect, list, import, cancel"),
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

/// The whole document: [`ApiDoc`] with the paths and schemas of every routed handler, each
/// operation also declaring its other error answers.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut document = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes)
        .split_for_parts()
        .1;
    declare_other_errors(&mut document);
    document
}

/// Every operation lists the statuses it answers on purpose; any other answer (a malformed
/// body or query: 400; no token: 401; the wrong content type: 415; a limit: 429; a
/// dependency down: 503) is an [`ErrorBody`](crate::error::ErrorBody) too. A `default`
/// response says so, so clients (and Schemathesis) know every answer's shape.
fn declare_other_errors(document: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    let other = ResponseBuilder::new()
        .description("any other error: `{code, message}` (see docs/api.md, \"Errors\")")
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build();
    for item in document.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            operation
                .responses
                .responses
                .entry("default".to_owned())
                .or_insert_with(|| RefOr::T(other.clone()));
        }
    }
}
