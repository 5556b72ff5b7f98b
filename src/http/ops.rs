//! Operability endpoints: `/healthz` (the process answers), `/readyz` (its dependencies do).

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::http::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct Readiness {
    /// `ready` or `unavailable`.
    pub status: &'static str,
    /// Each dependency: `ok` or what is wrong.
    pub checks: Vec<Check>,
}

#[derive(Serialize, ToSchema)]
pub struct Check {
    pub name: &'static str,
    pub status: String,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database (and Redis, when configured) answer.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, body = Readiness), (status = 503, body = Readiness)))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let mut checks = vec![Check {
        name: "database",
        status: outcome(state.db.ping().await),
    }];
    if state.redis.is_some() {
        checks.push(Check {
            name: "redis",
            status: outcome(state.kv.ping().await.map_err(crate::error::ApiError::from)),
        });
    }
    checks.push(Check {
        name: "storage",
        status: outcome(state.media.stores.ping().await.map_err(Into::into)),
    });
    let ready = checks.iter().all(|check| check.status == "ok");
    let body = Readiness {
        status: if ready { "ready" } else { "unavailable" },
        checks,
    };
    if ready {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

fn outcome(result: Result<(), crate::error::ApiError>) -> String {
    match result {
        Ok(()) => "ok".into(),
        Err(error) => {
            tracing::warn!("readiness check failed: {error:?}");
            error.code().as_str().into()
        }
    }
}
