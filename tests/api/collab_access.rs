//! Access ends for a live socket however it ends: a deleted account, and a removal whose
//! revocation never reached the socket's instance (caught by the periodic re-check).

use std::time::Duration;

use reqwest::StatusCode;

use crate::support::peer::Peer;
use crate::support::{TestApp, test_settings};

#[tokio::test]
async fn deleting_an_account_closes_its_sockets_with_4003() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let doc = format!("video-{}", m.video);
    let mut leaving = Peer::join(&app, &m.participant, &doc).await;
    let mut staying = Peer::join(&app, &m.host, &doc).await;
    assert_eq!(
        m.participant.delete("/api/me").await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(leaving.closed_with().await, Some(4003));
    // Only the deleted account's socket closed.
    staying.type_memo("still here").await;
    let quiet = tokio::time::timeout(Duration::from_millis(300), staying.closed_with()).await;
    assert!(quiet.is_err(), "the host's socket stayed open");
}

#[tokio::test]
async fn a_removal_whose_revocation_was_lost_closes_the_socket_at_the_next_check() {
    let (mut settings, dir) = test_settings().await;
    settings.collab.reauthorize = Duration::from_secs(1);
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let doc = format!("video-{}", m.video);
    let mut peer = Peer::join(&app, &m.participant, &doc).await;
    // Removed in the database only, as if the revocation had been lost on the way to this
    // instance (pub/sub delivers at most once).
    let db = vivid::db::Db::connect(&app.settings.database_url(), 1).unwrap();
    let membership = vivid::library::shared::require_member(&db, &m.space, &m.participant.user_id)
        .await
        .unwrap();
    assert!(
        vivid::library::participants::delete_participation(&db, &membership.id)
            .await
            .unwrap()
    );
    assert_eq!(peer.closed_with().await, Some(4003));
}
