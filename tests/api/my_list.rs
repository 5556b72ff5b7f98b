//! A participant's own list ("My lectures", issue 15): taking a video off it touches only
//! their individual video — the video stays in the space, for everyone and for them, with
//! their progress — and opening it again puts it back. The dashboard counts what is on it.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Session, TestApp, all_pages, assert_error, ok_json};

fn video_ids(items: &[Value]) -> Vec<&str> {
    items
        .iter()
        .map(|item| item["video"]["id"].as_str().unwrap())
        .collect()
}

/// `who`'s individual video of `video`.
async fn copy_of(who: &Session, video: &str) -> String {
    let mine = ok_json(
        who.get(&format!("/api/videos/{video}/individual-video"))
            .await,
    )
    .await;
    assert_eq!(mine["video"]["id"], video);
    mine["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn removing_a_video_from_my_list_leaves_it_in_the_space_and_for_everyone_else() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let v2 = app.create_video(&m.host, &m.space, "Lecture 2").await;
    let theirs = copy_of(&m.participant, &m.video).await;
    let hosts = copy_of(&m.host, &m.video).await;
    assert_ne!(theirs, hosts);

    // The participant studies Lecture 1 to 50 %, at 120 s.
    ok_json(
        m.participant
            .put(
                &format!("/api/individual-videos/{theirs}/progress"),
                json!({"percent": 50, "position_secs": 120}),
            )
            .await,
    )
    .await;
    ok_json(
        m.participant
            .put(
                &format!("/api/individual-videos/{theirs}/accessed"),
                json!({}),
            )
            .await,
    )
    .await;
    let dashboard = ok_json(m.participant.get("/api/me/dashboard").await).await;
    assert_eq!(dashboard["individual_videos"], 2);
    assert_eq!(dashboard["in_progress_videos"], 1);
    assert_eq!(dashboard["last_studied"]["id"], theirs.as_str());

    // Nobody else can take it off the participant's list.
    for other in [&m.host, &m.outsider] {
        assert_error(
            other
                .delete(&format!("/api/individual-videos/{theirs}"))
                .await,
            StatusCode::NOT_FOUND,
            "individual_video_not_found",
        )
        .await;
    }
    let response = m
        .participant
        .delete(&format!("/api/individual-videos/{theirs}"))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    // Twice is fine.
    let response = m
        .participant
        .delete(&format!("/api/individual-videos/{theirs}"))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    // Off their list and out of their counts and "Continue"…
    for sort in ["newest", "last_accessed"] {
        let listed = all_pages(
            &m.participant,
            &format!("/api/individual-videos?sort={sort}"),
            1,
        )
        .await;
        assert_eq!(video_ids(&listed), [v2.as_str()], "{sort}");
    }
    let dashboard = ok_json(m.participant.get("/api/me/dashboard").await).await;
    assert_eq!(dashboard["individual_videos"], 1);
    assert_eq!(dashboard["in_progress_videos"], 0);
    assert!(dashboard["last_studied"].is_null(), "{dashboard}");
    // …but still in the space, with their own study state, and still theirs to open.
    let space = all_pages(
        &m.participant,
        &format!("/api/spaces/{}/videos?", m.space),
        100,
    )
    .await;
    let entry = space
        .iter()
        .find(|item| item["id"] == m.video.as_str())
        .unwrap();
    assert_eq!(entry["individual_video_id"], theirs.as_str());
    assert_eq!(entry["progress_percent"], 50);
    assert_eq!(entry["last_position_secs"], 120);
    assert_eq!(copy_of(&m.participant, &m.video).await, theirs);
    ok_json(m.participant.get(&format!("/api/videos/{}", m.video)).await).await;

    // Everyone else keeps it: the host's list, counts, and the space.
    let listed = all_pages(&m.host, "/api/individual-videos?", 100).await;
    assert_eq!(video_ids(&listed), [v2.as_str(), m.video.as_str()]);
    let dashboard = ok_json(m.host.get("/api/me/dashboard").await).await;
    assert_eq!(dashboard["individual_videos"], 2);
    let space = all_pages(&m.host, &format!("/api/spaces/{}/videos?", m.space), 100).await;
    assert_eq!(space.len(), 2);

    // Opening it again puts it back on the list, first by last access, progress kept.
    ok_json(
        m.participant
            .put(
                &format!("/api/individual-videos/{theirs}/accessed"),
                json!({}),
            )
            .await,
    )
    .await;
    let listed = all_pages(
        &m.participant,
        "/api/individual-videos?sort=last_accessed",
        100,
    )
    .await;
    assert_eq!(video_ids(&listed), [m.video.as_str(), v2.as_str()]);
    assert_eq!(listed[0]["progress_percent"], 50);
    let dashboard = ok_json(m.participant.get("/api/me/dashboard").await).await;
    assert_eq!(dashboard["individual_videos"], 2);
    assert_eq!(dashboard["last_studied"]["id"], theirs.as_str());
}

#[tokio::test]
async fn the_dashboard_counts_completed_and_in_progress_videos_across_spaces() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let v2 = app.create_video(&m.host, &m.space, "Lecture 2").await;
    let other = app.create_space(&m.host, "Linear Algebra").await;
    let b1 = app.create_video(&m.host, &other, "Eigenvalues").await;
    let _untouched = app.create_video(&m.host, &other, "Eigenvectors").await;
    for (video, percent) in [(&m.video, 100), (&v2, 30), (&b1, 99)] {
        let copy = copy_of(&m.host, video).await;
        ok_json(
            m.host
                .put(
                    &format!("/api/individual-videos/{copy}/progress"),
                    json!({"percent": percent}),
                )
                .await,
        )
        .await;
    }
    let dashboard = ok_json(m.host.get("/api/me/dashboard").await).await;
    // Both spaces (and any other the account has, such as a personal one).
    let spaces = ok_json(m.host.get("/api/spaces?limit=100").await).await;
    let spaces = spaces["items"].as_array().unwrap().len();
    assert!(spaces >= 2);
    assert_eq!(dashboard["spaces"], spaces);
    assert_eq!(dashboard["individual_videos"], 4);
    assert_eq!(dashboard["completed_videos"], 1);
    assert_eq!(dashboard["in_progress_videos"], 2);
    // The participant, in one of the spaces, has started nothing.
    let dashboard = ok_json(m.participant.get("/api/me/dashboard").await).await;
    assert_eq!(dashboard["individual_videos"], 2);
    assert_eq!(dashboard["completed_videos"], 0);
    assert_eq!(dashboard["in_progress_videos"], 0);
}

#[tokio::test]
async fn only_participants_find_their_individual_video_of_a_video() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    assert_error(
        m.outsider
            .get(&format!("/api/videos/{}/individual-video", m.video))
            .await,
        StatusCode::NOT_FOUND,
        "individual_video_not_found",
    )
    .await;
    assert_error(
        m.host.get("/api/videos/nosuchvideo/individual-video").await,
        StatusCode::NOT_FOUND,
        "individual_video_not_found",
    )
    .await;
    // A participant who leaves no longer finds theirs (it is kept for a return).
    let response = m
        .participant
        .delete(&format!("/api/spaces/{}/participants/me", m.space))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_error(
        m.participant
            .get(&format!("/api/videos/{}/individual-video", m.video))
            .await,
        StatusCode::NOT_FOUND,
        "individual_video_not_found",
    )
    .await;
}
