//! Uploads left behind (a reload or a closed tab mid-upload): once the upload URLs have
//! expired, the sweeper removes the video and tells the space; completed uploads and videos
//! still within their URLs' lifetime stay.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::media::{Sse, create_for, put};
use crate::support::{TestApp, assert_error, ok_json, test_settings};

#[tokio::test]
async fn an_upload_abandoned_past_its_urls_lifetime_is_removed_and_announced() {
    let (mut settings, dir) = test_settings().await;
    settings.storage.upload_url_ttl = std::time::Duration::from_secs(1);
    settings.storage.abandoned_upload_sweep = std::time::Duration::from_secs(1);
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let mut sse = Sse::open(&app, &m.participant).await;

    let (abandoned, _) = create_for(&app, &m.host, &m.space, 4, "video/mp4").await;
    let (finished, upload) = create_for(&app, &m.host, &m.space, 4, "video/mp4").await;
    assert_eq!(
        put(&app, &upload, vec![1, 2, 3, 4]).await.status(),
        StatusCode::OK
    );
    let id = finished["id"].as_str().unwrap();
    let complete = m
        .host
        .post(&format!("/api/videos/{id}/upload-complete"), json!({}))
        .await;
    assert_eq!(complete.status(), StatusCode::ACCEPTED);

    let events = sse
        .until(|name, data| name == "video_deleted" && data["video_id"] == abandoned["id"])
        .await;
    let (_, deleted) = events.last().unwrap();
    assert_eq!(deleted["reason"], "upload_abandoned");
    assert_eq!(deleted["space_id"], m.space.as_str());
    assert_error(
        m.host
            .get(&format!(
                "/api/videos/{}",
                abandoned["id"].as_str().unwrap()
            ))
            .await,
        StatusCode::NOT_FOUND,
        "video_not_found",
    )
    .await;
    let kept = ok_json(m.host.get(&format!("/api/videos/{id}")).await).await;
    assert_ne!(kept["status"], "awaiting_upload");
    assert!(
        !events
            .iter()
            .any(|(name, data)| name == "video_deleted" && data["video_id"] == id),
        "the completed upload stays"
    );
}

#[tokio::test]
async fn an_upload_within_its_urls_lifetime_is_not_swept() {
    let (mut settings, dir) = test_settings().await;
    settings.storage.abandoned_upload_sweep = std::time::Duration::from_secs(1);
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let (video, _) = create_for(&app, &m.host, &m.space, 4, "video/mp4").await;
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let still = ok_json(
        m.host
            .get(&format!("/api/videos/{}", video["id"].as_str().unwrap()))
            .await,
    )
    .await;
    assert_eq!(still["status"], "awaiting_upload");
}
