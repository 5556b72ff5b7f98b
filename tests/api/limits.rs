//! Rate limits and quotas on expensive work (docs/api.md, "Limits"): 429 with a stable code
//! and `Retry-After`, counted per user (per address for starting a sign-in) in the key store
//! — Redis in the PostgreSQL pass, so two instances share one count.

use reqwest::StatusCode;
use reqwest::header::RETRY_AFTER;
use serde_json::json;

use crate::support::google_stub::GoogleStub;
use crate::support::{TestApp, assert_error, test_settings};

fn retry_after(response: &reqwest::Response) -> u64 {
    response.headers()[RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn tickets_beyond_the_limit_are_refused_across_instances_until_the_window_ends() {
    let (mut settings, dir) = test_settings().await;
    settings.limits.tickets_per_minute = 3;
    let app = TestApp::spawn_with(settings, dir).await;
    let sibling = app.spawn_sibling().await;
    let m = app.space_with_members().await;
    let doc = format!("video-{}", m.video);
    let ticket = |app: &TestApp, token: &str| {
        let request = app
            .http
            .post(app.url("/api/ws-tickets"))
            .bearer_auth(token)
            .json(&json!({"doc": doc}));
        async move { request.send().await.unwrap() }
    };
    for _ in 0..2 {
        assert_eq!(ticket(&app, &m.host.token).await.status(), StatusCode::OK);
    }
    // With Redis the sibling shares the count; in the embedded profile it has its own.
    let shared = crate::support::redis_url().is_some();
    let third = ticket(if shared { &sibling } else { &app }, &m.host.token).await;
    assert_eq!(third.status(), StatusCode::OK);
    let refused = ticket(&app, &m.host.token).await;
    let after = retry_after(&refused);
    assert!((1..=60).contains(&after), "Retry-After {after}");
    let body = assert_error(refused, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert!(body["message"].as_str().unwrap().contains("try again"));
    // Another user has a count of their own.
    assert_eq!(
        ticket(&app, &m.participant.token).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn versions_saved_on_purpose_are_limited_per_user() {
    let (mut settings, dir) = test_settings().await;
    settings.limits.versions_per_minute = 2;
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let path = format!("/api/docs/video-{}/versions", m.video);
    for n in 0..2 {
        let saved = m.host.post(&path, json!({"name": format!("v{n}")})).await;
        assert_eq!(saved.status(), StatusCode::CREATED);
    }
    let refused = m.host.post(&path, json!({"name": "one too many"})).await;
    assert_error(refused, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    let versions = crate::support::ok_json(m.host.get(&path).await).await;
    assert_eq!(
        versions["items"].as_array().unwrap().len(),
        2,
        "nothing stored"
    );
}

#[tokio::test]
async fn sign_ins_are_limited_per_client_address_behind_the_proxy() {
    let google = GoogleStub::start().await;
    let (mut settings, dir) = test_settings().await;
    google.configure(&mut settings);
    settings.limits.login_starts_per_minute = 2;
    settings.http.proxy_hops = 1;
    let app = TestApp::spawn_with(settings, dir).await;
    let start = |forwarded: &str| {
        let request = app
            .http
            .get(app.url("/api/auth/google/login"))
            .header("x-forwarded-for", forwarded);
        async move { request.send().await.unwrap() }
    };
    assert_eq!(start("203.0.113.5").await.status(), StatusCode::FOUND);
    // What the client wrote itself (left of the proxy's entry) does not change who it is.
    assert_eq!(
        start("198.51.100.1, 203.0.113.5").await.status(),
        StatusCode::FOUND
    );
    let refused = start("198.51.100.2, 203.0.113.5").await;
    assert!(refused.headers().contains_key(RETRY_AFTER));
    assert_error(refused, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Another address is not affected.
    assert_eq!(start("203.0.113.6").await.status(), StatusCode::FOUND);
}

#[tokio::test]
async fn videos_waiting_for_their_upload_are_capped_per_user() {
    let (mut settings, dir) = test_settings().await;
    settings.limits.max_pending_uploads = 2;
    let app = TestApp::spawn_with(settings.clone(), dir).await;
    let m = app.space_with_members().await; // the host's first pending video
    app.create_video(&m.host, &m.space, "Lecture 2").await;
    let refused = m
        .host
        .post(
            &format!("/api/spaces/{}/videos", m.space),
            json!({"title": "Lecture 3", "size": 1_000_000, "content_type": "video/mp4"}),
        )
        .await;
    assert_eq!(
        retry_after(&refused),
        settings.storage.upload_url_ttl.as_secs()
    );
    let body = assert_error(refused, StatusCode::TOO_MANY_REQUESTS, "quota_exceeded").await;
    assert!(body["message"].as_str().unwrap().contains("2 uploads"));
    // Someone else in the space may still add one.
    app.create_video(&m.participant, &m.space, "Their lecture")
        .await;
    // Deleting a pending one frees the quota.
    let deleted = m.host.delete(&format!("/api/videos/{}", m.video)).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    app.create_video(&m.host, &m.space, "Lecture 3").await;
}

#[tokio::test]
async fn a_snapshot_form_for_someone_elses_video_is_refused_before_it_is_read() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let mine = crate::support::ok_json(m.participant.get("/api/individual-videos").await).await;
    let theirs = mine["items"][0]["id"].as_str().unwrap().to_owned();
    // 12 MB: over the form's limit, so reading it first would answer 413.
    let form = reqwest::multipart::Form::new()
        .part(
            "image",
            reqwest::multipart::Part::bytes(vec![0u8; 12 * 1024 * 1024]).file_name("frame.png"),
        )
        .text("video_time_ms", "1000");
    let response = app
        .http
        .post(app.url(&format!("/api/individual-videos/{theirs}/snapshots")))
        .bearer_auth(&m.host.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_error(
        response,
        StatusCode::NOT_FOUND,
        "individual_video_not_found",
    )
    .await;
}
