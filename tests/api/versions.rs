//! Restoring a version keeps what it replaces: the state just before is saved as a version
//! of its own first, so every restore can be undone.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::{TestApp, ok_json};

#[tokio::test]
async fn a_restore_saves_the_state_before_it_as_a_version() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let video = app.create_video(&m.host, &m.space, "Lecture").await;
    let versions = format!("/api/docs/video-{video}/versions");
    let saved = m.host.post(&versions, json!({"name": "Start"})).await;
    assert_eq!(saved.status(), StatusCode::CREATED);
    let saved = ok_json(saved).await;
    let number = saved["version"].as_i64().unwrap();

    let restored = ok_json(
        m.participant
            .post(&format!("{versions}/{number}/restore"), json!({}))
            .await,
    )
    .await;
    assert_eq!(restored["restored_version"], number);
    let before = &restored["saved_version"];
    assert_eq!(before["name"], format!("Before restoring version {number}"));
    assert!(before["version"].as_i64().unwrap() > number);

    let list = ok_json(m.host.get(&versions).await).await;
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, [before["name"].as_str().unwrap(), "Start"]);
}
