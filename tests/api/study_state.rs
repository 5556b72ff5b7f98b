//! The caller's study state on the videos of a space (issue 15): each participant sees their
//! own individual video id, progress, last position and last access, never anyone else's.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Session, TestApp, assert_error, ok_json};

/// The caller's entry for `video` on `GET /api/spaces/{space}/videos`.
async fn listed(who: &Session, space: &str, video: &str) -> Value {
    let page = ok_json(who.get(&format!("/api/spaces/{space}/videos")).await).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == video)
        .cloned()
        .unwrap_or_else(|| panic!("{video} listed in {page}"))
}

/// The caller's entry for `video` in the first page of `GET /api/spaces/{space}`.
async fn in_detail(who: &Session, space: &str, video: &str) -> Value {
    let detail = ok_json(who.get(&format!("/api/spaces/{space}")).await).await;
    detail["videos"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == video)
        .cloned()
        .unwrap_or_else(|| panic!("{video} in {detail}"))
}

#[tokio::test]
async fn each_participant_sees_only_their_own_study_state() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;

    let hosts = listed(&m.host, &m.space, &m.video).await;
    let theirs = listed(&m.participant, &m.space, &m.video).await;
    for fresh in [&hosts, &theirs] {
        assert_eq!(fresh["progress_percent"], 0);
        assert_eq!(fresh["last_position_secs"], 0);
        assert!(fresh["last_accessed_at"].is_null());
        assert!(fresh.get("duration_ms").is_some(), "duration_ms in {fresh}");
        assert_eq!(fresh["title"], "Lecture 1");
    }
    let host_copy = hosts["individual_video_id"].as_str().unwrap().to_owned();
    let their_copy = theirs["individual_video_id"].as_str().unwrap().to_owned();
    assert_ne!(host_copy, their_copy);

    // The host watches 40% and stops at 95 s, and opens it; the participant watches 10%
    // (the old body, without a position) and never marks an access.
    ok_json(
        m.host
            .put(
                &format!("/api/individual-videos/{host_copy}/progress"),
                json!({"percent": 40, "position_secs": 95}),
            )
            .await,
    )
    .await;
    let opened = ok_json(
        m.host
            .put(
                &format!("/api/individual-videos/{host_copy}/accessed"),
                json!({}),
            )
            .await,
    )
    .await;
    assert_eq!(opened["last_position_secs"], 95);
    let updated = ok_json(
        m.participant
            .put(
                &format!("/api/individual-videos/{their_copy}/progress"),
                json!({"percent": 10}),
            )
            .await,
    )
    .await;
    assert_eq!(updated["progress_percent"], 10);
    assert_eq!(updated["last_position_secs"], 0);

    for hosts in [
        listed(&m.host, &m.space, &m.video).await,
        in_detail(&m.host, &m.space, &m.video).await,
    ] {
        assert_eq!(hosts["individual_video_id"], host_copy.as_str());
        assert_eq!(hosts["progress_percent"], 40);
        assert_eq!(hosts["last_position_secs"], 95);
        assert_eq!(hosts["last_accessed_at"], opened["last_accessed_at"]);
        assert!(hosts["last_accessed_at"].is_string());
    }
    for theirs in [
        listed(&m.participant, &m.space, &m.video).await,
        in_detail(&m.participant, &m.space, &m.video).await,
    ] {
        assert_eq!(theirs["individual_video_id"], their_copy.as_str());
        assert_eq!(theirs["progress_percent"], 10);
        assert_eq!(theirs["last_position_secs"], 0);
        assert!(theirs["last_accessed_at"].is_null());
    }

    // A later progress report without a position keeps the last one.
    let kept = ok_json(
        m.host
            .put(
                &format!("/api/individual-videos/{host_copy}/progress"),
                json!({"percent": 45}),
            )
            .await,
    )
    .await;
    assert_eq!(kept["progress_percent"], 45);
    assert_eq!(kept["last_position_secs"], 95);
}

#[tokio::test]
async fn every_video_of_a_space_carries_the_callers_state_across_pages() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let mut videos = vec![m.video.clone()];
    for n in 2..=3 {
        videos.push(
            app.create_video(&m.host, &m.space, &format!("Lecture {n}"))
                .await,
        );
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(cursor) => format!("/api/spaces/{}/videos?limit=2&cursor={cursor}", m.space),
            None => format!("/api/spaces/{}/videos?limit=2", m.space),
        };
        let page = ok_json(m.participant.get(&path).await).await;
        for item in page["items"].as_array().unwrap() {
            assert!(item["individual_video_id"].is_string(), "{item}");
            seen.push(item["id"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    videos.reverse();
    assert_eq!(seen, videos);
}

#[tokio::test]
async fn a_negative_position_is_refused() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let mine = listed(&m.participant, &m.space, &m.video).await;
    let id = mine["individual_video_id"].as_str().unwrap();
    let refused = assert_error(
        m.participant
            .put(
                &format!("/api/individual-videos/{id}/progress"),
                json!({"percent": 10, "position_secs": -1}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(refused["fields"]["position_secs"].is_array(), "{refused}");
    let unchanged = listed(&m.participant, &m.space, &m.video).await;
    assert_eq!(unchanged["progress_percent"], 0);
    assert_eq!(unchanged["last_position_secs"], 0);
}
