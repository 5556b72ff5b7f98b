//! Access ends for a live socket however it ends: a deleted account, a removal whose
//! revocation never reached the socket's instance (caught by the periodic re-check), and a
//! revocation sent while the socket's instance was cut off from Redis (the revocation stream).

use std::time::Duration;

use reqwest::StatusCode;

use crate::support::peer::Peer;
use crate::support::tcp_proxy::sibling_behind_proxy;
use crate::support::{TestApp, test_settings, use_redis};

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

#[tokio::test(flavor = "multi_thread")]
async fn a_revocation_sent_while_an_instance_was_cut_off_reaches_it_when_it_is_back() {
    // Two instances on one Redis; the second reaches it through a proxy that can cut it off.
    let (mut settings, dir) = test_settings().await;
    let redis = use_redis(&mut settings);
    // Long enough that only the revocation can close the socket within the test.
    settings.collab.reauthorize = Duration::from_secs(3600);
    let a = TestApp::spawn_with(settings.clone(), dir.clone()).await;
    let (cut_off, link) = sibling_behind_proxy(&settings, &redis).await;
    let b = TestApp::spawn_with(cut_off, dir).await;

    let m = a.space_with_members().await;
    let doc = format!("video-{}", m.video);
    // Joined and synced (nothing typed: an edit cut off on its way to Redis would close the
    // room with 1011, which is not what this test is about).
    let mut peer = Peer::join(&b, &m.participant, &doc).await;
    // Instance b is cut off from Redis (a half-open link: nothing answers) while a removes
    // the participant: a pub/sub message sent now would never reach b.
    link.hang();
    let remove = format!(
        "/api/spaces/{}/participants/{}",
        m.space, m.participant.user_id
    );
    assert_eq!(
        a.delete(&remove, Some(&m.host.token)).await.status(),
        StatusCode::NO_CONTENT
    );
    tokio::time::sleep(Duration::from_secs(6)).await;
    link.heal();
    assert_eq!(peer.closed_with().await, Some(4003));
}
