//! The caller's study state on the videos of a space (issue 15): each participant sees their
//! own individual video id, progress, last position and last access, never anyone else's.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Session, TestApp, all_pages, assert_error, ok_json};

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

fn video_ids(items: &[Value]) -> Vec<&str> {
    items
        .iter()
        .map(|item| item["video"]["id"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn individual_videos_filter_by_space_and_sort_by_newest_or_last_access() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let v1 = m.video.clone();
    let v2 = app.create_video(&m.host, &m.space, "Lecture 2").await;
    let v3 = app.create_video(&m.host, &m.space, "Lecture 3").await;
    let other = app.create_space(&m.host, "Linear Algebra").await;
    let b1 = app.create_video(&m.host, &other, "Eigenvalues").await;

    let newest = all_pages(&m.host, "/api/individual-videos?sort=newest", 100).await;
    assert_eq!(video_ids(&newest), [&b1, &v3, &v2, &v1]);
    let default = all_pages(&m.host, "/api/individual-videos?", 100).await;
    assert_eq!(video_ids(&default), video_ids(&newest));
    assert_eq!(newest[0]["space_name"], "Linear Algebra");
    assert_eq!(newest[1]["space_name"], "Algorithms");

    let in_space = all_pages(
        &m.host,
        &format!("/api/individual-videos?space_id={}", m.space),
        2,
    )
    .await;
    assert_eq!(video_ids(&in_space), [&v3, &v2, &v1]);
    assert!(
        in_space
            .iter()
            .all(|item| item["space_name"] == "Algorithms")
    );

    // The host opens Lecture 2, then Lecture 1: those two first (latest first), then the
    // never-opened ones, newest first; the same order on pages of every size.
    let copy_of = |video: &str| {
        newest
            .iter()
            .find(|item| item["video"]["id"] == video)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    for video in [&v2, &v1] {
        let id = copy_of(video);
        ok_json(
            m.host
                .put(&format!("/api/individual-videos/{id}/accessed"), json!({}))
                .await,
        )
        .await;
    }
    for limit in [1, 2, 3, 100] {
        let by_access =
            all_pages(&m.host, "/api/individual-videos?sort=last_accessed", limit).await;
        assert_eq!(video_ids(&by_access), [&v1, &v2, &b1, &v3], "limit {limit}");
    }
    let in_space_by_access = all_pages(
        &m.host,
        &format!(
            "/api/individual-videos?sort=last_accessed&space_id={}",
            m.space
        ),
        1,
    )
    .await;
    assert_eq!(video_ids(&in_space_by_access), [&v1, &v2, &v3]);

    // The participant's own list: their copies, none opened, and no space they are not in.
    let theirs = all_pages(
        &m.participant,
        "/api/individual-videos?sort=last_accessed",
        2,
    )
    .await;
    assert_eq!(video_ids(&theirs), [&v3, &v2, &v1]);
    assert!(theirs.iter().all(|item| item["last_accessed_at"].is_null()));
    assert!(
        theirs
            .iter()
            .all(|item| newest.iter().all(|h| h["id"] != item["id"]))
    );
    let not_theirs = all_pages(
        &m.participant,
        &format!("/api/individual-videos?space_id={other}"),
        100,
    )
    .await;
    assert!(not_theirs.is_empty());
}

#[tokio::test]
async fn an_unknown_sort_or_a_bad_cursor_is_refused() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    assert_error(
        m.host.get("/api/individual-videos?sort=oldest").await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
    // "Zm9v" is "foo": a well-formed cursor that names no last_accessed position.
    assert_error(
        m.host
            .get("/api/individual-videos?sort=last_accessed&cursor=Zm9v")
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_cursor",
    )
    .await;
}
