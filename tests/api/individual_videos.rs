use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, assert_error, ok_json};

async fn my_copy(app: &TestApp, token: &str) -> String {
    let mine = ok_json(app.get("/api/individual-videos", Some(token)).await).await;
    mine["items"][0]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_individual_video_is_its_owners_alone() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let hosts = my_copy(&app, &m.host.token).await;
    let path = format!("/api/individual-videos/{hosts}");
    let own = ok_json(m.host.get(&path).await).await;
    assert_eq!(own["progress_percent"], 0);
    assert!(own["last_accessed_at"].is_null());
    assert_eq!(own["video"]["id"], m.video.as_str());

    for other in [&m.participant, &m.outsider] {
        assert_error(
            other.get(&path).await,
            StatusCode::NOT_FOUND,
            "individual_video_not_found",
        )
        .await;
        assert_error(
            other
                .put(&format!("{path}/progress"), json!({"percent": 5}))
                .await,
            StatusCode::NOT_FOUND,
            "individual_video_not_found",
        )
        .await;
        assert_error(
            other.put(&format!("{path}/accessed"), json!({})).await,
            StatusCode::NOT_FOUND,
            "individual_video_not_found",
        )
        .await;
    }
}

#[tokio::test]
async fn progress_and_access_feed_the_dashboard() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let second_video = app.create_video(&m.host, &m.space, "Lecture 2").await;
    let token = &m.participant.token;
    let mine = ok_json(app.get("/api/individual-videos", Some(token)).await).await;
    let ids: Vec<String> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect();

    let done = ok_json(
        app.put(
            &format!("/api/individual-videos/{}/progress", ids[1]),
            Some(token),
            json!({"percent": 100}),
        )
        .await,
    )
    .await;
    assert_eq!(done["progress_percent"], 100);
    let opened = ok_json(
        app.put(
            &format!("/api/individual-videos/{}/accessed", ids[0]),
            Some(token),
            json!({}),
        )
        .await,
    )
    .await;
    assert!(opened["last_accessed_at"].is_string());

    let dashboard: Value = ok_json(app.get("/api/me/dashboard", Some(token)).await).await;
    // The space they joined and their personal space.
    assert_eq!(dashboard["spaces"], 2);
    assert_eq!(dashboard["individual_videos"], 2);
    assert_eq!(dashboard["completed_videos"], 1);
    assert_eq!(
        dashboard["last_studied"]["video"]["id"],
        second_video.as_str()
    );
    let recent: Vec<&str> = dashboard["recent_videos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["title"].as_str().unwrap())
        .collect();
    assert_eq!(recent, ["Lecture 2", "Lecture 1"]);
    assert_eq!(dashboard["webex_connected"], false);
}

#[tokio::test]
async fn progress_outside_0_to_100_or_not_a_number_is_refused() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let id = my_copy(&app, &m.host.token).await;
    let path = format!("/api/individual-videos/{id}/progress");
    for body in [
        json!({"percent": 101}),
        json!({"percent": -1}),
        json!({"percent": "half"}),
        json!({}),
    ] {
        let error = assert_error(
            m.host.put(&path, body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(error["fields"]["percent"].is_array(), "{error}");
    }
    let unchanged = ok_json(m.host.get(&format!("/api/individual-videos/{id}")).await).await;
    assert_eq!(unchanged["progress_percent"], 0);
}
