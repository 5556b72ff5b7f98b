//! Open pages follow a space live: the host's event stream follows a space from its creation
//! (an invitee joining, a rename), and members hear renames and deletion.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::media::Sse;
use crate::support::{TestApp, unique_email};

#[tokio::test]
async fn a_hosts_stream_follows_a_new_space_from_its_creation() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let mut stream = Sse::open(&app, &host).await;
    let space = app.create_space(&host, "Algorithms").await;
    let (name, data) = stream.next().await;
    assert_eq!(
        (name.as_str(), data["space_id"].as_str()),
        ("participant_added", Some(space.as_str()))
    );
    assert_eq!(data["user_id"], host.user_id.as_str());

    let email = unique_email("later");
    app.invite(&host, &space, &email).await;
    let (name, _) = stream.next().await;
    assert_eq!(name, "participant_added");
    let newcomer = app.login(&email).await;
    app.accept_invitation(&newcomer, &space).await;
    let (name, data) = stream.next().await;
    assert_eq!(
        (name.as_str(), data["user_id"].as_str()),
        ("participant_joined", Some(newcomer.user_id.as_str()))
    );

    let mut member = Sse::open(&app, &newcomer).await;
    let renamed = host
        .patch(
            &format!("/api/spaces/{space}"),
            json!({"name": "Algorithms 2026"}),
        )
        .await;
    assert_eq!(renamed.status(), StatusCode::OK);
    for stream in [&mut stream, &mut member] {
        let (name, data) = stream.next().await;
        assert_eq!(
            (name.as_str(), data["name"].as_str()),
            ("space_updated", Some("Algorithms 2026"))
        );
    }
    let deleted = host.delete(&format!("/api/spaces/{space}")).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let (name, data) = member.next().await;
    assert_eq!(
        (name.as_str(), data["name"].as_str()),
        ("space_deleted", Some("Algorithms 2026"))
    );
}
