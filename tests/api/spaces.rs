use reqwest::StatusCode;
use serde_json::json;

use crate::support::{TestApp, assert_error, ok_json, unique_email};

#[tokio::test]
async fn a_new_space_is_hosted_by_its_creator() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let response = host
        .post(
            "/api/spaces",
            json!({"name": "  Algorithms ", "description": "CS 101"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let space = ok_json(response).await;
    assert_eq!(space["name"], "Algorithms");
    assert_eq!(space["role"], "host");
    assert_eq!(space["host"]["id"], host.user_id.as_str());

    let detail = ok_json(
        host.get(&format!("/api/spaces/{}", space["id"].as_str().unwrap()))
            .await,
    )
    .await;
    assert_eq!(detail["participants"][0]["role"], "host");
    assert_eq!(detail["participants"][0]["status"], "joined");
    assert_eq!(detail["videos"]["items"], json!([]));
}

#[tokio::test]
async fn space_detail_shows_participants_and_videos_to_members_only() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let path = format!("/api/spaces/{}", m.space);
    for (who, role) in [(&m.host, "host"), (&m.participant, "participant")] {
        let detail = ok_json(who.get(&path).await).await;
        assert_eq!(detail["role"], role);
        assert_eq!(detail["participants"].as_array().unwrap().len(), 2);
        assert_eq!(detail["videos"]["items"][0]["id"], m.video.as_str());
    }
    assert_error(
        m.outsider.get(&path).await,
        StatusCode::NOT_FOUND,
        "space_not_found",
    )
    .await;
    assert_error(
        m.host.get("/api/spaces/no-such-space").await,
        StatusCode::NOT_FOUND,
        "space_not_found",
    )
    .await;
}

#[tokio::test]
async fn only_the_host_renames_or_deletes_and_outsiders_learn_nothing() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let path = format!("/api/spaces/{}", m.space);
    let rename = json!({"name": "Data Structures"});

    assert_error(
        m.participant.patch(&path, rename.clone()).await,
        StatusCode::FORBIDDEN,
        "host_only",
    )
    .await;
    assert_error(
        m.outsider.patch(&path, rename.clone()).await,
        StatusCode::NOT_FOUND,
        "space_not_found",
    )
    .await;
    let renamed = ok_json(m.host.patch(&path, rename).await).await;
    assert_eq!(renamed["name"], "Data Structures");
    assert_eq!(renamed["description"], "about");
    let described = ok_json(m.host.patch(&path, json!({"description": "new"})).await).await;
    assert_eq!(described["name"], "Data Structures");
    assert_eq!(described["description"], "new");

    assert_error(
        m.participant.delete(&path).await,
        StatusCode::FORBIDDEN,
        "host_only",
    )
    .await;
    assert_error(
        m.outsider.delete(&path).await,
        StatusCode::NOT_FOUND,
        "space_not_found",
    )
    .await;
    assert_eq!(m.host.delete(&path).await.status(), StatusCode::NO_CONTENT);
    assert_error(
        m.host.get(&path).await,
        StatusCode::NOT_FOUND,
        "space_not_found",
    )
    .await;
    // Its videos and the participant's individual videos went with it.
    assert_error(
        m.host.get(&format!("/api/videos/{}", m.video)).await,
        StatusCode::NOT_FOUND,
        "video_not_found",
    )
    .await;
    let mine = ok_json(m.participant.get("/api/individual-videos").await).await;
    assert_eq!(mine["items"], json!([]));
}

#[tokio::test]
async fn space_input_is_validated_with_field_names() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    for (body, field) in [
        (json!({"description": "no name"}), "name"),
        (json!({"name": "   "}), "name"),
        (json!({"name": "x".repeat(201)}), "name"),
        (json!({"name": 42}), "name"),
        (
            json!({"name": "ok", "description": "d".repeat(5001)}),
            "description",
        ),
    ] {
        let error = assert_error(
            host.post("/api/spaces", body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(error["fields"][field].is_array(), "{error}");
    }
    let space = app.create_space(&host, "S").await;
    assert_error(
        host.patch(&format!("/api/spaces/{space}"), json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn spaces_list_with_roles_filters_hosted_and_paginates() {
    let app = TestApp::spawn().await;
    let me = app.login(&unique_email("me")).await;
    let other = app.login(&unique_email("other")).await;
    let mut hosted = Vec::new();
    for n in 0..4 {
        hosted.push(app.create_space(&me, &format!("mine {n}")).await);
    }
    let joined = app.create_space(&other, "theirs").await;
    app.add_member(&other, &joined, &me).await;
    app.create_space(&other, "not mine").await;

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/spaces?limit=2&cursor={c}"),
            None => "/api/spaces?limit=2".to_owned(),
        };
        let page = ok_json(me.get(&path).await).await;
        for item in page["items"].as_array().unwrap() {
            seen.push((
                item["id"].as_str().unwrap().to_owned(),
                item["role"].as_str().unwrap().to_owned(),
            ));
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    // The four made here, the one joined, and the personal space made at sign-up (oldest).
    assert_eq!(seen.len(), 6);
    assert_eq!(seen[0], (joined.clone(), "participant".to_owned()));
    let newest_first: Vec<String> = hosted.iter().rev().cloned().collect();
    let hosted_seen: Vec<String> = seen[1..5].iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(hosted_seen, newest_first);
    assert_eq!(seen[5].1, "host");

    let only_hosted = ok_json(me.get("/api/spaces?hosted=true").await).await;
    assert_eq!(only_hosted["items"].as_array().unwrap().len(), 5);
    assert!(only_hosted["next_cursor"].is_null());

    assert_error(
        me.get("/api/spaces?limit=0").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_error(
        me.get("/api/spaces?cursor=%25%25").await,
        StatusCode::BAD_REQUEST,
        "invalid_cursor",
    )
    .await;
    assert_error(
        me.get("/api/spaces?hosted=maybe").await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
}
