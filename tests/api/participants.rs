use reqwest::StatusCode;
use serde_json::json;

use crate::support::{TestApp, assert_error, ok_json, unique_email};

#[tokio::test]
async fn invitations_are_validated_and_host_only() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let path = format!("/api/spaces/{}/participants", m.space);

    assert_error(
        m.host
            .post(&path, json!({"email": m.participant.email.to_uppercase()}))
            .await,
        StatusCode::CONFLICT,
        "already_participant",
    )
    .await;
    let error = assert_error(
        m.host.post(&path, json!({"email": "nope"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(error["fields"]["email"].is_array());
    assert_error(
        m.participant
            .post(&path, json!({"email": "x@example.com"}))
            .await,
        StatusCode::FORBIDDEN,
        "host_only",
    )
    .await;
    assert_error(
        m.outsider
            .post(&path, json!({"email": "x@example.com"}))
            .await,
        StatusCode::NOT_FOUND,
        "space_not_found",
    )
    .await;
}

#[tokio::test]
async fn the_host_removes_a_participant_who_then_loses_access_and_their_copies() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let remove = format!(
        "/api/spaces/{}/participants/{}",
        m.space, m.participant.user_id
    );
    assert_eq!(
        m.host.delete(&remove).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_error(
        m.participant.get(&format!("/api/spaces/{}", m.space)).await,
        StatusCode::NOT_FOUND,
        "space_not_found",
    )
    .await;
    let mine = ok_json(m.participant.get("/api/individual-videos").await).await;
    assert_eq!(mine["items"], json!([]));
    assert_error(
        m.host.delete(&remove).await,
        StatusCode::NOT_FOUND,
        "participant_not_found",
    )
    .await;
}

#[tokio::test]
async fn participants_may_leave_but_not_remove_others_and_the_host_stays() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let third = app.login(&unique_email("third")).await;
    app.add_member(&m.host, &m.space, &third).await;
    let base = format!("/api/spaces/{}/participants", m.space);

    assert_error(
        m.participant
            .delete(&format!("{base}/{}", third.user_id))
            .await,
        StatusCode::FORBIDDEN,
        "host_only",
    )
    .await;
    assert_error(
        m.host.delete(&format!("{base}/{}", m.host.user_id)).await,
        StatusCode::CONFLICT,
        "host_cannot_be_removed",
    )
    .await;
    assert_error(
        m.participant
            .delete(&format!("{base}/{}", m.host.user_id))
            .await,
        // A participant may not remove anyone else, the host included: 403 before 409.
        StatusCode::FORBIDDEN,
        "host_only",
    )
    .await;
    assert_error(
        m.outsider
            .delete(&format!("{base}/{}", third.user_id))
            .await,
        StatusCode::NOT_FOUND,
        "space_not_found",
    )
    .await;
    assert_eq!(
        m.participant
            .delete(&format!("{base}/{}", m.participant.user_id))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    // Only their own personal space is left.
    let spaces = ok_json(m.participant.get("/api/spaces").await).await;
    let items = spaces["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_ne!(items[0]["id"], m.space.as_str());
    assert_eq!(items[0]["role"], "host");
}

#[tokio::test]
async fn the_host_withdraws_a_pending_invitation_by_its_id() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "S").await;
    let email = unique_email("maybe");
    let invitation = app.invite(&host, &space, &email).await;
    let path = format!(
        "/api/spaces/{space}/participants/{}",
        invitation["id"].as_str().unwrap()
    );
    assert_eq!(host.delete(&path).await.status(), StatusCode::NO_CONTENT);
    let late = app.login(&email).await;
    let invitations = ok_json(late.get("/api/me/invitations").await).await;
    assert_eq!(invitations["items"], json!([]));
    // Only the personal space every account starts with.
    let spaces = ok_json(late.get("/api/spaces").await).await;
    let items = spaces["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_ne!(items[0]["id"], space.as_str());
}

#[tokio::test]
async fn a_removed_participant_invited_again_finds_their_progress_and_notes() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let video = app.create_video(&m.host, &m.space, "Lecture 1").await;
    let mine = ok_json(m.participant.get("/api/individual-videos").await).await;
    let individual = mine["items"][0]["id"].as_str().unwrap().to_owned();
    let progress = format!("/api/individual-videos/{individual}/progress");
    let set = m.participant.put(&progress, json!({"percent": 40})).await;
    assert_eq!(set.status(), StatusCode::OK);
    // Their private notes are the document `note-<individual id>`: a saved version of it
    // stands for its content.
    let notes = format!("/api/docs/note-{individual}/versions");
    let saved = m.participant.post(&notes, json!({"name": "mine"})).await;
    assert_eq!(saved.status(), StatusCode::CREATED);

    let remove = format!(
        "/api/spaces/{}/participants/{}",
        m.space, m.participant.user_id
    );
    assert_eq!(
        m.host.delete(&remove).await.status(),
        StatusCode::NO_CONTENT
    );
    let gone = ok_json(m.participant.get("/api/individual-videos").await).await;
    assert_eq!(gone["items"], json!([]));
    assert_eq!(
        m.participant.get(&notes).await.status(),
        StatusCode::NOT_FOUND
    );
    let dashboard = ok_json(m.participant.get("/api/me/dashboard").await).await;
    assert_eq!(dashboard["individual_videos"], 0);

    app.add_member(&m.host, &m.space, &m.participant).await;
    let back = ok_json(m.participant.get("/api/individual-videos").await).await;
    assert_eq!(back["items"][0]["id"], individual.as_str());
    assert_eq!(back["items"][0]["video"]["id"], video.as_str());
    assert_eq!(back["items"][0]["progress_percent"], 40);
    let versions = ok_json(m.participant.get(&notes).await).await;
    assert_eq!(versions["items"][0]["name"], "mine");
}

#[tokio::test]
async fn a_participant_leaves_through_me_and_the_host_cannot() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let leave = format!("/api/spaces/{}/participants/me", m.space);
    assert_error(
        m.host.delete(&leave).await,
        StatusCode::CONFLICT,
        "host_cannot_leave",
    )
    .await;
    assert_eq!(
        m.participant.delete(&leave).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_error(
        m.participant.get(&format!("/api/spaces/{}", m.space)).await,
        StatusCode::NOT_FOUND,
        "space_not_found",
    )
    .await;
    assert_error(
        m.participant.delete(&leave).await,
        StatusCode::NOT_FOUND,
        "space_not_found",
    )
    .await;
}
