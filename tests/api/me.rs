use reqwest::StatusCode;

use crate::support::{TestApp, assert_error, ok_json, unique_email};

#[tokio::test]
async fn deleting_an_account_hands_hosted_spaces_on_or_deletes_them() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let lonely = app.create_space(&m.host, "Nobody else here").await;

    let response = app
        .http
        .delete(app.url("/api/me"))
        .bearer_auth(&m.host.token)
        .header("cookie", format!("vivid_refresh={}", m.host.refresh))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    // The shared space passed to the participant, who is now its host.
    let space = ok_json(m.participant.get(&format!("/api/spaces/{}", m.space)).await).await;
    assert_eq!(space["role"], "host");
    assert_eq!(space["host"]["id"], m.participant.user_id.as_str());
    assert_eq!(space["participants"].as_array().unwrap().len(), 1);
    // The video stays, without an uploader.
    let video = ok_json(m.participant.get(&format!("/api/videos/{}", m.video)).await).await;
    assert!(video["uploader_id"].is_null());

    // The space nobody else was in is gone.
    assert_error(
        m.participant.get(&format!("/api/spaces/{lonely}")).await,
        StatusCode::NOT_FOUND,
        "space_not_found",
    )
    .await;

    // The old session is over.
    assert_error(
        m.host.get("/api/me").await,
        StatusCode::UNAUTHORIZED,
        "user_not_found",
    )
    .await;
    assert_error(
        app.refresh(&m.host.refresh).await,
        StatusCode::UNAUTHORIZED,
        "refresh_token_revoked",
    )
    .await;
}

#[tokio::test]
async fn another_session_of_a_deleted_account_cannot_refresh() {
    let app = TestApp::spawn().await;
    let email = unique_email("gone");
    let laptop = app.login(&email).await;
    let phone = app.login(&email).await;
    assert_eq!(
        laptop.delete("/api/me").await.status(),
        StatusCode::NO_CONTENT
    );
    assert_error(
        app.refresh(&phone.refresh).await,
        StatusCode::UNAUTHORIZED,
        "user_not_found",
    )
    .await;
    // Signing up again makes a new, empty account (with a new personal space, nothing else).
    let again = app.login(&email).await;
    assert_ne!(again.user_id, laptop.user_id);
    let dashboard = ok_json(again.get("/api/me/dashboard").await).await;
    assert_eq!(dashboard["spaces"], 1);
    assert_eq!(dashboard["individual_videos"], 0);
}
