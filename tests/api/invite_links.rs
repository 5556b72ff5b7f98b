//! Invite links: the host makes, lists and revokes them; a signed-in visitor holding one
//! previews and joins; a revoked or expired link is refused with its own code.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    PUBLIC_URL, Session, TestApp, assert_error, ok_json, space_ids, unique_email,
};

async fn make_link(host: &Session, space: &str, body: Value) -> Value {
    let response = host
        .post(&format!("/api/spaces/{space}/invite-links"), body)
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

/// Moves a link's expiry into the past, as time would.
async fn expire(app: &TestApp, link_id: &str) {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use vivid::db::schema::invite_links;
    let db = vivid::db::Db::connect(&app.settings.database_url(), 1).unwrap();
    let past = vivid::db::now() - chrono::Duration::minutes(1);
    let updated = async {
        Ok::<_, vivid::error::ApiError>(vivid::with_conn!(db, |conn| diesel::update(
            invite_links::table.find(link_id)
        )
        .set(invite_links::expires_at.eq(past))
        .execute(conn)
        .await)?)
    }
    .await;
    assert_eq!(updated.expect("the link's expiry moved"), 1);
}

#[tokio::test]
async fn a_visitor_with_a_link_previews_the_space_and_joins_it() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "Signals").await;
    let video = app.create_video(&host, &space, "Lecture 1").await;
    let link = make_link(&host, &space, json!({"expires_in_hours": 48})).await;
    let token = link["token"].as_str().unwrap();
    assert!(token.len() >= 43, "32 random bytes");
    assert_eq!(
        link["url"].as_str().unwrap(),
        format!("{PUBLIC_URL}/join#{token}")
    );
    let created =
        chrono::DateTime::parse_from_rfc3339(link["created_at"].as_str().unwrap()).unwrap();
    let expires =
        chrono::DateTime::parse_from_rfc3339(link["expires_at"].as_str().unwrap()).unwrap();
    assert_eq!(expires - created, chrono::Duration::hours(48));
    assert_eq!(link["uses"], 0);

    let visitor = app.login(&unique_email("visitor")).await;
    let preview = ok_json(
        visitor
            .post("/api/invite-links/preview", json!({"token": token}))
            .await,
    )
    .await;
    assert_eq!(preview["space"]["id"], space.as_str());
    assert_eq!(preview["space"]["name"], "Signals");
    assert_eq!(preview["host"]["id"], host.user_id.as_str());
    assert_eq!(preview["member"], false);
    assert_eq!(preview["expires_at"], link["expires_at"]);
    assert!(
        !space_ids(&visitor).await.contains(&space),
        "a look joins nothing"
    );

    let joined = ok_json(
        visitor
            .post("/api/invite-links/join", json!({"token": token}))
            .await,
    )
    .await;
    assert_eq!(joined["id"], space.as_str());
    assert_eq!(joined["role"], "participant");
    assert!(space_ids(&visitor).await.contains(&space));
    let mine = ok_json(visitor.get("/api/individual-videos").await).await;
    assert_eq!(mine["items"][0]["video"]["id"], video.as_str());

    // Following it again changes nothing; the preview now says they are in.
    let again = ok_json(
        visitor
            .post("/api/invite-links/join", json!({"token": token}))
            .await,
    )
    .await;
    assert_eq!(again["id"], space.as_str());
    let preview = ok_json(
        visitor
            .post("/api/invite-links/preview", json!({"token": token}))
            .await,
    )
    .await;
    assert_eq!(preview["member"], true);
    let listed = ok_json(host.get(&format!("/api/spaces/{space}/invite-links")).await).await;
    assert_eq!(listed[0]["id"], link["id"]);
    assert_eq!(listed[0]["uses"], 1);
    assert!(listed[0].get("token").is_none(), "the token is shown once");
    let detail = ok_json(host.get(&format!("/api/spaces/{space}")).await).await;
    assert_eq!(detail["participants"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_revoked_link_is_refused_with_its_code() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "S").await;
    let kept = make_link(&host, &space, json!({})).await;
    let revoked = make_link(&host, &space, json!({})).await;
    let revoke = format!(
        "/api/spaces/{space}/invite-links/{}",
        revoked["id"].as_str().unwrap()
    );
    assert_eq!(host.delete(&revoke).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(host.delete(&revoke).await.status(), StatusCode::NO_CONTENT);

    let listed = ok_json(host.get(&format!("/api/spaces/{space}/invite-links")).await).await;
    let ids: Vec<&Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|l| &l["id"])
        .collect();
    assert_eq!(ids, vec![&kept["id"]]);

    let visitor = app.login(&unique_email("visitor")).await;
    let token = json!({"token": revoked["token"]});
    for path in ["/api/invite-links/preview", "/api/invite-links/join"] {
        assert_error(
            visitor.post(path, token.clone()).await,
            StatusCode::GONE,
            "invite_link_revoked",
        )
        .await;
    }
    assert!(!space_ids(&visitor).await.contains(&space));
}

#[tokio::test]
async fn an_expired_link_is_refused_with_its_code() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "S").await;
    let link = make_link(&host, &space, json!({"expires_in_hours": 1})).await;
    expire(&app, link["id"].as_str().unwrap()).await;

    let visitor = app.login(&unique_email("visitor")).await;
    let token = json!({"token": link["token"]});
    for path in ["/api/invite-links/preview", "/api/invite-links/join"] {
        assert_error(
            visitor.post(path, token.clone()).await,
            StatusCode::GONE,
            "invite_link_expired",
        )
        .await;
    }
    assert!(!space_ids(&visitor).await.contains(&space));
    let listed = ok_json(host.get(&format!("/api/spaces/{space}/invite-links")).await).await;
    assert_eq!(listed, json!([]), "expired links are not listed");
}

#[tokio::test]
async fn unknown_tokens_and_bad_requests_are_refused() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let base = format!("/api/spaces/{}/invite-links", m.space);
    for path in ["/api/invite-links/preview", "/api/invite-links/join"] {
        assert_error(
            m.outsider.post(path, json!({"token": "not-a-token"})).await,
            StatusCode::NOT_FOUND,
            "invite_link_not_found",
        )
        .await;
        assert_error(
            m.outsider.post(path, json!({"token": ""})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(
            app.post(path, None, json!({"token": "x"})).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    for hours in [0, 721] {
        assert_error(
            m.host.post(&base, json!({"expires_in_hours": hours})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
    }
    // Links are the host's: a participant is told so, an outsider learns nothing.
    assert_error(
        m.participant.post(&base, json!({})).await,
        StatusCode::FORBIDDEN,
        "host_only",
    )
    .await;
    assert_error(
        m.participant.get(&base).await,
        StatusCode::FORBIDDEN,
        "host_only",
    )
    .await;
    assert_error(
        m.outsider.post(&base, json!({})).await,
        StatusCode::NOT_FOUND,
        "space_not_found",
    )
    .await;
    let link = make_link(&m.host, &m.space, json!({})).await;
    let link_id = link["id"].as_str().unwrap();
    assert_error(
        m.participant.delete(&format!("{base}/{link_id}")).await,
        StatusCode::FORBIDDEN,
        "host_only",
    )
    .await;
    // Another space's link cannot be revoked through this one.
    let other = app.create_space(&m.host, "Other").await;
    assert_error(
        m.host
            .delete(&format!("/api/spaces/{other}/invite-links/{link_id}"))
            .await,
        StatusCode::NOT_FOUND,
        "invite_link_not_found",
    )
    .await;
}

#[tokio::test]
async fn a_space_has_a_bounded_number_of_active_links() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "S").await;
    let mut last = Value::Null;
    for _ in 0..20 {
        last = make_link(&host, &space, json!({})).await;
    }
    let path = format!("/api/spaces/{space}/invite-links");
    assert_error(
        host.post(&path, json!({})).await,
        StatusCode::CONFLICT,
        "too_many_invite_links",
    )
    .await;
    host.delete(&format!("{path}/{}", last["id"].as_str().unwrap()))
        .await;
    make_link(&host, &space, json!({})).await;
}

#[tokio::test]
async fn joining_by_link_takes_up_a_pending_invitation_of_the_same_email() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "S").await;
    let visitor = app.login(&unique_email("visitor")).await;
    app.invite(&host, &space, &visitor.email).await;
    let link = make_link(&host, &space, json!({})).await;
    ok_json(
        visitor
            .post("/api/invite-links/join", json!({"token": link["token"]}))
            .await,
    )
    .await;
    let pending = ok_json(visitor.get("/api/me/invitations").await).await;
    assert_eq!(pending["items"], json!([]));
    let detail = ok_json(host.get(&format!("/api/spaces/{space}")).await).await;
    let rows = detail["participants"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|p| p["status"] == "joined"));
}

#[tokio::test]
async fn a_deleted_space_takes_its_links_with_it() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "S").await;
    let link = make_link(&host, &space, json!({})).await;
    assert_eq!(
        host.delete(&format!("/api/spaces/{space}")).await.status(),
        StatusCode::NO_CONTENT
    );
    let visitor = app.login(&unique_email("visitor")).await;
    assert_error(
        visitor
            .post("/api/invite-links/join", json!({"token": link["token"]}))
            .await,
        StatusCode::NOT_FOUND,
        "invite_link_not_found",
    )
    .await;
}
