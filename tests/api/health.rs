use reqwest::StatusCode;
use secrecy::SecretString;
use serde_json::Value;

use crate::support::{TestApp, assert_error, ok_json, test_settings};

#[tokio::test]
async fn healthz_answers_ok() {
    let app = TestApp::spawn().await;
    let body = ok_json(app.get("/healthz", None).await).await;
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn readyz_checks_the_database_and_redis_when_configured() {
    let app = TestApp::spawn().await;
    let body = ok_json(app.get("/readyz", None).await).await;
    assert_eq!(body["status"], "ready");
    let names: Vec<&str> = body["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|check| {
            assert_eq!(check["status"], "ok");
            check["name"].as_str().unwrap()
        })
        .collect();
    let expected: &[&str] = if crate::support::redis_url().is_some() {
        &["database", "redis", "storage"]
    } else {
        &["database", "storage"]
    };
    assert_eq!(names, expected);
}

#[tokio::test]
async fn an_unreachable_database_answers_503_and_fails_readiness() {
    let (mut settings, dir) = test_settings().await;
    settings.database.url = Some(SecretString::from("postgres://nobody@127.0.0.1:1/vivid"));
    settings.database.migrate_on_start = false;
    let app = TestApp::spawn_with(settings.clone(), dir).await;

    let response = app.get("/readyz", None).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["checks"][0]["status"], "database_unavailable");

    // A valid access token, so the request reaches the database.
    let keys = vivid::auth::jwt::JwtKeys::new(
        &settings.auth.jwt_secret,
        std::time::Duration::from_secs(60),
    );
    let token = keys.issue("someone").unwrap();
    let response = app.get("/api/spaces", Some(&token)).await;
    assert_error(
        response,
        StatusCode::SERVICE_UNAVAILABLE,
        "database_unavailable",
    )
    .await;
}

#[tokio::test]
async fn an_unreachable_redis_answers_503_and_fails_readiness() {
    let (mut settings, dir) = test_settings().await;
    settings.redis.url = Some(SecretString::from("redis://127.0.0.1:1"));
    let app = TestApp::spawn_with(settings, dir).await;

    let response = app
        .post(
            "/api/auth/dev-login",
            None,
            serde_json::json!({"email": "a@example.com", "name": "A"}),
        )
        .await;
    assert_error(
        response,
        StatusCode::SERVICE_UNAVAILABLE,
        "redis_unavailable",
    )
    .await;

    let response = app.get("/readyz", None).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["checks"][1]["name"], "redis");
    assert_eq!(body["checks"][1]["status"], "redis_unavailable");
}

#[tokio::test]
async fn metrics_histogram_labels_requests_by_route_and_status() {
    let app = TestApp::spawn().await;
    let session = app.login("metrics@example.com").await;
    session.get("/api/spaces/abc").await;
    let text = app.metrics().await;
    assert!(
        text.contains(
            r#"vivid_http_requests_duration_seconds_bucket{endpoint="/api/spaces/{id}",method="GET",status="404""#
        ),
        "{text}"
    );
    assert!(text.contains(r#"endpoint="/api/auth/dev-login",method="POST",status="200""#));
}

#[tokio::test]
async fn metrics_are_served_on_the_internal_listener_only() {
    let app = TestApp::spawn().await;
    let public = app.get("/metrics", None).await;
    assert_eq!(public.status(), StatusCode::NOT_FOUND);
    let body: Value = public.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
    assert!(app.metrics().await.contains("vivid_ws_connections"));
    // The internal listener serves nothing else.
    let other = app
        .http
        .get(format!("{}/api/me", app.metrics_address.as_ref().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn openapi_document_describes_the_api_and_swagger_ui_serves_it() {
    let app = TestApp::spawn().await;
    let doc = ok_json(app.get("/api/openapi.json", None).await).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/auth/dev-login",
        "/api/auth/token",
        "/api/spaces",
        "/api/spaces/{id}",
        "/api/spaces/{id}/participants/{participant}",
        "/api/individual-videos/{id}/progress",
        "/api/me/dashboard",
    ] {
        assert!(paths.contains_key(path), "{path} is documented");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let me_delete = doc["paths"]["/api/me"]["delete"]["description"]
        .as_str()
        .unwrap();
    assert!(me_delete.contains("passes to the participant who joined it earliest"));

    let moved = app.get("/api/docs/", None).await;
    assert_eq!(moved.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(moved.headers()["location"], "/api/swagger/");
    let ui = app.get("/api/swagger/", None).await;
    assert_eq!(ui.status(), StatusCode::OK);
    assert!(ui.text().await.unwrap().contains("swagger"));
}

/// The route list and the document are one list: every documented operation is routed (it
/// answers something other than the "no such endpoint" 404 or a 405), and the routes kept
/// out of the document are exactly `http::routes::UNDOCUMENTED`, routed too. (A handler
/// registered with `.service` cannot be undocumented: it would not compile.)
#[tokio::test]
async fn every_documented_operation_is_routed_and_only_signed_links_are_undocumented() {
    let app = TestApp::spawn().await;
    let doc = ok_json(app.get("/api/openapi.json", None).await).await;
    let paths = doc["paths"].as_object().unwrap();
    let mut operations = Vec::new();
    for (path, item) in paths {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                operations.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    assert!(operations.len() >= 49, "{operations:?}");
    let undocumented = vivid::http::routes::UNDOCUMENTED
        .iter()
        .map(|(method, path)| (method.to_string(), path.to_string()));
    for (method, path) in operations.iter().cloned().chain(undocumented) {
        // Any value fits every parameter's pattern; `{key}` must look like a document key.
        let concrete = path
            .split('/')
            .map(|part| match part {
                "{key}" => "video-x",
                part if part.starts_with('{') => "x",
                part => part,
            })
            .collect::<Vec<_>>()
            .join("/");
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = app
            .http
            .request(method.clone(), app.url(&concrete))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body = response.text().await.unwrap();
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert!(
            !body.contains("no such endpoint"),
            "{method} {path} is documented but not routed"
        );
    }
    for (_, path) in vivid::http::routes::UNDOCUMENTED {
        let bare = path.split("/{").next().unwrap();
        assert!(
            !paths.keys().any(|documented| documented.starts_with(bare)),
            "{path} is both documented and listed as undocumented"
        );
    }
}

#[tokio::test]
async fn unknown_routes_answer_a_json_404() {
    let app = TestApp::spawn().await;
    assert_error(
        app.get("/api/nothing-here", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_swagger_a_looser_policy() {
    let app = TestApp::spawn().await;
    for path in ["/healthz", "/api/me", "/no-such-page"] {
        let response = app.get(path, None).await;
        let headers = response.headers();
        let policy = headers["content-security-policy"].to_str().unwrap();
        for directive in [
            "frame-src 'none'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "script-src 'self';",
        ] {
            assert!(
                policy.contains(directive),
                "{path}: {directive} in {policy}"
            );
        }
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            headers["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        // Not in the embedded profile (plain http on a laptop).
        assert!(headers.get("strict-transport-security").is_none());
    }
    let docs = app.get("/api/swagger/", None).await;
    assert_eq!(docs.status(), StatusCode::OK);
    let policy = docs.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        policy.contains("script-src 'self' 'unsafe-inline'"),
        "{policy}"
    );
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
}
