use actix_web::cookie::SameSite;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, assert_error, cookie, ok_json, test_settings};

#[tokio::test]
async fn dev_login_returns_a_bearer_token_and_a_refresh_cookie() {
    let app = TestApp::spawn().await;
    let response = app
        .post(
            "/api/auth/dev-login",
            None,
            json!({"email": "Ada@Example.com", "name": " Ada "}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let refresh = cookie(&response, "vivid_refresh").expect("refresh cookie");
    assert_eq!(refresh.http_only(), Some(true));
    assert_eq!(refresh.same_site(), Some(SameSite::Strict));
    assert_eq!(refresh.path(), Some("/api"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);

    let me = ok_json(app.get("/api/me", body["access_token"].as_str()).await).await;
    assert_eq!(me["email"], "ada@example.com");
    assert_eq!(me["name"], "Ada");
}

#[tokio::test]
async fn dev_login_twice_is_the_same_user() {
    let app = TestApp::spawn().await;
    let first = app.login("same@example.com").await;
    let second = app.login("SAME@example.com").await;
    assert_eq!(first.user_id, second.user_id);
}

#[tokio::test]
async fn dev_login_rejects_bad_input_clearly() {
    let app = TestApp::spawn().await;
    let body = assert_error(
        app.post("/api/auth/dev-login", None, json!({"name": "A"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["fields"]["email"].is_array(), "{body}");

    let body = assert_error(
        app.post(
            "/api/auth/dev-login",
            None,
            json!({"email": "not-an-email", "name": ""}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["fields"]["email"].is_array() && body["fields"]["name"].is_array());

    assert_error(
        app.post_raw(
            "/api/auth/dev-login",
            None,
            "application/json",
            "{\"email\":",
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_json",
    )
    .await;
    assert_error(
        app.post_raw("/api/auth/dev-login", None, "text/plain", "hello")
            .await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    let huge = format!(r#"{{"email":"a@b.c","name":"{}"}}"#, "x".repeat(100_000));
    assert_error(
        app.post_raw("/api/auth/dev-login", None, "application/json", huge)
            .await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;
}

#[tokio::test]
async fn dev_login_is_404_when_turned_off() {
    let (mut settings, dir) = test_settings().await;
    settings.auth.dev_login = false;
    let app = TestApp::spawn_with(settings, dir).await;
    // Whatever the body: the endpoint does not exist.
    for (content_type, body) in [("text/plain", "hi"), ("application/json", "{}")] {
        assert_error(
            app.post_raw("/api/auth/dev-login", None, content_type, body)
                .await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    assert_error(
        app.post(
            "/api/auth/dev-login",
            None,
            json!({"email": "a@example.com", "name": "A"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn refreshing_rotates_the_refresh_token() {
    let app = TestApp::spawn().await;
    let session = app.login("rotate@example.com").await;
    let response = app.refresh(&session.refresh).await;
    assert_eq!(response.status(), StatusCode::OK);
    let rotated = cookie(&response, "vivid_refresh").unwrap();
    assert_ne!(rotated.value(), session.refresh);
    let body: Value = response.json().await.unwrap();
    let me = ok_json(app.get("/api/me", body["access_token"].as_str()).await).await;
    assert_eq!(me["id"], session.user_id.as_str());

    let again = app.refresh(rotated.value()).await;
    assert_eq!(again.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_reused_refresh_token_revokes_its_whole_family() {
    let app = TestApp::spawn().await;
    let session = app.login("reuse@example.com").await;
    let other_device = app.login("reuse@example.com").await;

    let response = app.refresh(&session.refresh).await;
    let rotated = cookie(&response, "vivid_refresh").unwrap();

    // The old token again: someone copied it.
    assert_error(
        app.refresh(&session.refresh).await,
        StatusCode::UNAUTHORIZED,
        "refresh_token_reused",
    )
    .await;
    // The legitimate holder's newer token died with the family.
    assert_error(
        app.refresh(rotated.value()).await,
        StatusCode::UNAUTHORIZED,
        "refresh_token_revoked",
    )
    .await;
    // Another login of the same user is another family and lives on.
    assert_eq!(
        app.refresh(&other_device.refresh).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn logout_revokes_the_refresh_token_and_clears_the_cookie() {
    let app = TestApp::spawn().await;
    let session = app.login("logout@example.com").await;
    let response = app
        .http
        .post(app.url("/api/auth/logout"))
        .header("cookie", format!("vivid_refresh={}", session.refresh))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(cookie(&response, "vivid_refresh").unwrap().value(), "");
    assert_error(
        app.refresh(&session.refresh).await,
        StatusCode::UNAUTHORIZED,
        "refresh_token_revoked",
    )
    .await;
}

#[tokio::test]
async fn refresh_without_or_with_an_unknown_cookie_is_401() {
    let app = TestApp::spawn().await;
    let response = app
        .http
        .post(app.url("/api/auth/token"))
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::UNAUTHORIZED, "refresh_token_missing").await;
    assert_error(
        app.refresh("made-up").await,
        StatusCode::UNAUTHORIZED,
        "refresh_token_invalid",
    )
    .await;
}

#[tokio::test]
async fn every_protected_endpoint_refuses_anonymous_callers() {
    let app = TestApp::spawn().await;
    let id = "01a20e9e2b5a7109b9644cb8f142c243";
    let gets = [
        "/api/me".to_owned(),
        "/api/me/dashboard".into(),
        "/api/spaces".into(),
        format!("/api/spaces/{id}"),
        format!("/api/spaces/{id}/videos"),
        format!("/api/videos/{id}"),
        "/api/individual-videos".into(),
        format!("/api/individual-videos/{id}"),
    ];
    for path in &gets {
        let response = app.get(path, None).await;
        assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    }
    let body = json!({"name": "x", "email": "a@b.c", "title": "t", "percent": 1});
    let writes = [
        app.post("/api/spaces", None, body.clone()).await,
        app.patch(&format!("/api/spaces/{id}"), None, body.clone())
            .await,
        app.delete(&format!("/api/spaces/{id}"), None).await,
        app.post(
            &format!("/api/spaces/{id}/participants"),
            None,
            body.clone(),
        )
        .await,
        app.delete(&format!("/api/spaces/{id}/participants/{id}"), None)
            .await,
        app.post(&format!("/api/spaces/{id}/videos"), None, body.clone())
            .await,
        app.delete(&format!("/api/videos/{id}"), None).await,
        app.put(
            &format!("/api/individual-videos/{id}/progress"),
            None,
            body.clone(),
        )
        .await,
        app.put(
            &format!("/api/individual-videos/{id}/accessed"),
            None,
            body.clone(),
        )
        .await,
        app.delete("/api/me", None).await,
    ];
    for response in writes {
        assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    }
}

#[tokio::test]
async fn expired_forged_and_garbled_access_tokens_are_401() {
    let app = TestApp::spawn().await;
    let session = app.login("jwt@example.com").await;
    let now = chrono::Utc::now().timestamp();
    let sign = |secret: &[u8], exp: i64| {
        jsonwebtoken::encode(
            &jsonwebtoken::Header::default(),
            &json!({"sub": session.user_id, "iat": now - 1000, "exp": exp, "iss": "vivid"}),
            &jsonwebtoken::EncodingKey::from_secret(secret),
        )
        .unwrap()
    };
    let secret = secrecy::ExposeSecret::expose_secret(&app.settings.auth.jwt_secret).to_owned();

    let expired = sign(secret.as_bytes(), now - 120);
    assert_error(
        app.get("/api/me", Some(&expired)).await,
        StatusCode::UNAUTHORIZED,
        "token_expired",
    )
    .await;
    let forged = sign(b"another-secret-another-secret-another", now + 600);
    assert_error(
        app.get("/api/me", Some(&forged)).await,
        StatusCode::UNAUTHORIZED,
        "token_invalid",
    )
    .await;
    assert_error(
        app.get("/api/me", Some("not.a.jwt")).await,
        StatusCode::UNAUTHORIZED,
        "token_invalid",
    )
    .await;
    // Sanity: the same recipe with the right secret and a future expiry works.
    let valid = sign(secret.as_bytes(), now + 600);
    ok_json(app.get("/api/me", Some(&valid)).await).await;
}

#[tokio::test]
async fn dev_login_without_a_name_keeps_the_accounts_name() {
    let app = TestApp::spawn().await;
    let email = crate::support::unique_email("named");
    let first = app
        .post(
            "/api/auth/dev-login",
            None,
            json!({"email": email, "name": "Ada Lovelace"}),
        )
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    let again = app
        .post("/api/auth/dev-login", None, json!({"email": email}))
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    let token = again.json::<serde_json::Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let me = ok_json(app.get("/api/me", Some(&token)).await).await;
    assert_eq!(me["name"], "Ada Lovelace");

    let fresh = crate::support::unique_email("nameless");
    let created = app
        .post("/api/auth/dev-login", None, json!({"email": fresh}))
        .await;
    let token = created.json::<serde_json::Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let me = ok_json(app.get("/api/me", Some(&token)).await).await;
    assert_eq!(me["name"], fresh.split('@').next().unwrap());
}

#[tokio::test]
async fn the_sign_in_methods_are_public() {
    let app = TestApp::spawn().await;
    let providers = ok_json(app.get("/api/auth/providers", None).await).await;
    assert_eq!(
        providers,
        json!({"dev_login": true, "google": false, "webex": false, "zoom": false})
    );
}

#[tokio::test]
async fn two_tabs_refreshing_together_get_the_same_successor_within_the_grace() {
    let (mut settings, dir) = crate::support::test_settings().await;
    settings.auth.refresh_reuse_grace = std::time::Duration::from_secs(10);
    let app = TestApp::spawn_with(settings, dir).await;
    let session = app.login("tabs@example.com").await;
    let (first, second) =
        tokio::join!(app.refresh(&session.refresh), app.refresh(&session.refresh));
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(second.status(), StatusCode::OK);
    let first = cookie(&first, "vivid_refresh").unwrap();
    let second = cookie(&second, "vivid_refresh").unwrap();
    assert_eq!(first.value(), second.value(), "one successor for both tabs");
    // The login lives on: the successor rotates normally.
    assert_eq!(app.refresh(first.value()).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn refreshing_and_signing_out_refuse_requests_made_by_another_site() {
    let app = TestApp::spawn().await;
    let session = app.login("csrf@example.com").await;
    let post = |path: &str, header: (&'static str, &'static str)| {
        let request = app
            .http
            .post(app.url(path))
            .header("cookie", format!("vivid_refresh={}", session.refresh))
            .header(header.0, header.1);
        async move { request.send().await.unwrap() }
    };
    for header in [
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
        ("origin", "https://evil.example"),
    ] {
        for path in ["/api/auth/token", "/api/auth/logout"] {
            let refused = post(path, header).await;
            assert_error(refused, StatusCode::FORBIDDEN, "cross_site_request").await;
        }
    }
    // Nothing was spent: the page itself still refreshes (its browser says same-origin).
    let ours = post("/api/auth/token", ("sec-fetch-site", "same-origin")).await;
    assert_eq!(ours.status(), StatusCode::OK);
    let origin = post("/api/auth/logout", ("origin", crate::support::PUBLIC_URL)).await;
    assert_eq!(origin.status(), StatusCode::NO_CONTENT);
}
