use reqwest::StatusCode;
use serde_json::json;

use crate::support::{TestApp, assert_error, ok_json};

#[tokio::test]
async fn a_participant_adds_a_video_and_everyone_gets_an_individual_copy() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let response = m.participant.post(&format!("/api/spaces/{}/videos", m.space), json!({"title": "Lecture 2", "description": "graphs", "size": 10, "content_type": "video/mp4"}))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let video = ok_json(response).await;
    assert_eq!(video["status"], "awaiting_upload");
    assert_eq!(video["uploader_id"], m.participant.user_id.as_str());

    for who in [&m.host, &m.participant] {
        let mine = ok_json(who.get("/api/individual-videos").await).await;
        let titles: Vec<&str> = mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["video"]["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles, ["Lecture 2", "Lecture 1"]);
    }
    let theirs = ok_json(m.outsider.get("/api/individual-videos").await).await;
    assert_eq!(theirs["items"], json!([]));
}

#[tokio::test]
async fn videos_are_visible_to_participants_only() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let path = format!("/api/videos/{}", m.video);
    for who in [&m.host, &m.participant] {
        let video = ok_json(who.get(&path).await).await;
        assert_eq!(video["title"], "Lecture 1");
    }
    assert_error(
        m.outsider.get(&path).await,
        StatusCode::NOT_FOUND,
        "video_not_found",
    )
    .await;
    let list = format!("/api/spaces/{}/videos", m.space);
    assert_error(
        m.outsider.get(&list).await,
        StatusCode::NOT_FOUND,
        "space_not_found",
    )
    .await;
    assert_error(
        m.outsider
            .post(
                &list,
                json!({"title": "x", "size": 10, "content_type": "video/mp4"}),
            )
            .await,
        StatusCode::NOT_FOUND,
        "space_not_found",
    )
    .await;
}

#[tokio::test]
async fn the_host_or_the_uploader_deletes_a_video() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let mine = app.create_video(&m.participant, &m.space, "Mine").await;

    assert_error(
        m.participant
            .delete(&format!("/api/videos/{}", m.video))
            .await,
        StatusCode::FORBIDDEN,
        "host_or_uploader_only",
    )
    .await;
    assert_error(
        m.outsider.delete(&format!("/api/videos/{mine}")).await,
        StatusCode::NOT_FOUND,
        "video_not_found",
    )
    .await;
    assert_eq!(
        m.participant
            .delete(&format!("/api/videos/{mine}"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        m.host
            .delete(&format!("/api/videos/{}", m.video))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let left = ok_json(m.host.get(&format!("/api/spaces/{}/videos", m.space)).await).await;
    assert_eq!(left["items"], json!([]));
    assert_error(
        m.host.delete(&format!("/api/videos/{mine}")).await,
        StatusCode::NOT_FOUND,
        "video_not_found",
    )
    .await;
}

#[tokio::test]
async fn video_lists_paginate_and_input_is_validated() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    for n in 2..=5 {
        app.create_video(&m.host, &m.space, &format!("Lecture {n}"))
            .await;
    }
    let path = format!("/api/spaces/{}/videos?limit=3", m.space);
    let first = ok_json(m.participant.get(&path).await).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 3);
    assert_eq!(first["items"][0]["title"], "Lecture 5");
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = ok_json(m.participant.get(&format!("{path}&cursor={cursor}")).await).await;
    let titles: Vec<&str> = second["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Lecture 2", "Lecture 1"]);
    assert!(second["next_cursor"].is_null());

    let create = format!("/api/spaces/{}/videos", m.space);
    for body in [
        json!({}),
        json!({"title": "", "size": 10, "content_type": "video/mp4"}),
        json!({"title": "t".repeat(301), "size": 10, "content_type": "video/mp4"}),
    ] {
        let error = assert_error(
            m.host.post(&create, body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(error["fields"]["title"].is_array(), "{error}");
    }
}
