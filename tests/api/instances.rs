//! Two instances behind one load balancer share sessions through Redis.

use reqwest::StatusCode;

use crate::support::{TestApp, assert_error, cookie, ok_json, test_settings};

#[tokio::test]
async fn two_instances_share_sessions_through_redis() {
    let (mut settings, dir) = test_settings().await;
    crate::support::use_redis(&mut settings);
    let first = TestApp::spawn_with(settings, dir).await;
    let second = first.spawn_sibling().await;
    assert_ne!(first.address, second.address);

    // Log in on one, refresh on the other.
    let session = first.login("shared@example.com").await;
    let response = second.refresh(&session.refresh).await;
    assert_eq!(response.status(), StatusCode::OK);
    let rotated = cookie(&response, "vivid_refresh").unwrap();
    let token = ok_json(response).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let me = ok_json(first.get("/api/me", Some(&token)).await).await;
    assert_eq!(me["id"], session.user_id.as_str());

    // Reuse detected across instances too.
    assert_error(
        first.refresh(&session.refresh).await,
        StatusCode::UNAUTHORIZED,
        "refresh_token_reused",
    )
    .await;
    assert_error(
        second.refresh(rotated.value()).await,
        StatusCode::UNAUTHORIZED,
        "refresh_token_revoked",
    )
    .await;
}
