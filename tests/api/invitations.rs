//! Invitations are offers: the host's answer never tells an account from an unknown email,
//! the invitee accepts or declines, and nobody else can do either for them. Also the personal
//! space every account starts with.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::media::Sse;
use crate::support::{TestApp, assert_error, ok_json, space_ids, unique_email};

/// An invitation's answer without what differs between any two invitations (its id and time).
fn shape(mut invitation: Value) -> Value {
    let object = invitation.as_object_mut().unwrap();
    assert!(object.remove("id").unwrap().is_string());
    assert!(object.remove("invited_at").unwrap().is_string());
    assert!(object.remove("email").unwrap().is_string());
    invitation
}

#[tokio::test]
async fn an_invite_to_an_account_answers_exactly_as_one_to_an_unknown_email() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "Linear algebra").await;
    let existing = app.login(&unique_email("existing")).await;
    let unknown = unique_email("unknown");
    let path = format!("/api/spaces/{space}/participants");

    let to_account = host.post(&path, json!({"email": existing.email})).await;
    let to_stranger = host.post(&path, json!({"email": unknown})).await;
    assert_eq!(to_account.status(), StatusCode::CREATED);
    assert_eq!(to_stranger.status(), to_account.status());
    let header_names = |response: &reqwest::Response| {
        let mut names: Vec<String> = response
            .headers()
            .keys()
            .map(|name| name.to_string())
            .collect();
        names.sort();
        names
    };
    assert_eq!(header_names(&to_account), header_names(&to_stranger));
    let to_account: Value = to_account.json().await.unwrap();
    let to_stranger: Value = to_stranger.json().await.unwrap();
    assert_eq!(to_account["email"], existing.email.as_str());
    assert_eq!(to_stranger["email"], unknown.as_str());
    // Everything but the id, the time and the email each was addressed to is identical:
    // no name, id or picture of the account, and the same status.
    let (account_shape, stranger_shape) = (shape(to_account.clone()), shape(to_stranger));
    assert_eq!(account_shape, stranger_shape);
    assert_eq!(
        account_shape,
        json!({"user": null, "role": "participant", "status": "invited", "joined_at": null})
    );
    // The space's participant list shows both the same way too.
    let detail = ok_json(host.get(&format!("/api/spaces/{space}")).await).await;
    let invited: Vec<&Value> = detail["participants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"] == "invited")
        .collect();
    assert_eq!(invited.len(), 2);
    assert!(invited.iter().all(|p| p["user"].is_null()));

    // The invitee is not in the space until they accept.
    assert!(!space_ids(&existing).await.contains(&space));
    assert_error(
        existing.get(&format!("/api/spaces/{space}")).await,
        StatusCode::NOT_FOUND,
        "space_not_found",
    )
    .await;
    let pending = ok_json(existing.get("/api/me/invitations").await).await;
    let items = pending["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], to_account["id"]);
    assert_eq!(items[0]["space"]["id"], space.as_str());
    assert_eq!(items[0]["space"]["name"], "Linear algebra");
    assert_eq!(items[0]["host"]["id"], host.user_id.as_str());
    assert_eq!(
        items[0]["host"]["name"],
        host.email.split('@').next().unwrap()
    );

    let accept = format!(
        "/api/me/invitations/{}/accept",
        to_account["id"].as_str().unwrap()
    );
    let joined = ok_json(existing.post(&accept, json!({})).await).await;
    assert_eq!(joined["id"], space.as_str());
    assert_eq!(joined["role"], "participant");
    assert!(space_ids(&existing).await.contains(&space));
    let pending = ok_json(existing.get("/api/me/invitations").await).await;
    assert_eq!(pending["items"], json!([]));
    // Accepted once: a second accept finds no pending invitation.
    assert_error(
        existing.post(&accept, json!({})).await,
        StatusCode::NOT_FOUND,
        "invitation_not_found",
    )
    .await;
    let detail = ok_json(host.get(&format!("/api/spaces/{space}")).await).await;
    let row = detail["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == existing.email.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["status"], "joined");
    assert_eq!(row["user"]["id"], existing.user_id.as_str());
}

#[tokio::test]
async fn accepting_gives_an_individual_video_of_every_video_of_the_space() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "S").await;
    let video = app.create_video(&host, &space, "V").await;
    let friend = app.login(&unique_email("friend")).await;
    app.invite(&host, &space, &friend.email).await;
    let mine = ok_json(friend.get("/api/individual-videos").await).await;
    assert_eq!(mine["items"], json!([]), "nothing before accepting");

    app.accept_invitation(&friend, &space).await;
    let mine = ok_json(friend.get("/api/individual-videos").await).await;
    assert_eq!(mine["items"][0]["video"]["id"], video.as_str());
}

#[tokio::test]
async fn an_email_that_signs_up_later_finds_its_invitation_pending() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "S").await;
    let email = unique_email("later");
    app.invite(&host, &space, &email.to_uppercase()).await;
    app.create_video(&host, &space, "V1").await;
    app.create_video(&host, &space, "V2").await;

    let newcomer = app.login(&email).await;
    let dashboard = ok_json(newcomer.get("/api/me/dashboard").await).await;
    assert_eq!(dashboard["spaces"], 1, "only their personal space");
    assert_eq!(dashboard["individual_videos"], 0);
    let pending = ok_json(newcomer.get("/api/me/invitations").await).await;
    assert_eq!(pending["items"][0]["space"]["id"], space.as_str());

    app.accept_invitation(&newcomer, &space).await;
    let dashboard = ok_json(newcomer.get("/api/me/dashboard").await).await;
    assert_eq!(dashboard["spaces"], 2);
    assert_eq!(dashboard["individual_videos"], 2);
}

#[tokio::test]
async fn declining_removes_the_offer_and_the_host_may_invite_again() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "S").await;
    let invitee = app.login(&unique_email("invitee")).await;
    let invitation = app.invite(&host, &space, &invitee.email).await;
    let id = invitation["id"].as_str().unwrap();

    let decline = invitee.delete(&format!("/api/me/invitations/{id}")).await;
    assert_eq!(decline.status(), StatusCode::NO_CONTENT);
    let pending = ok_json(invitee.get("/api/me/invitations").await).await;
    assert_eq!(pending["items"], json!([]));
    assert!(!space_ids(&invitee).await.contains(&space));
    let detail = ok_json(host.get(&format!("/api/spaces/{space}")).await).await;
    assert_eq!(detail["participants"].as_array().unwrap().len(), 1);
    assert_error(
        invitee
            .post(&format!("/api/me/invitations/{id}/accept"), json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "invitation_not_found",
    )
    .await;
    assert_error(
        invitee.delete(&format!("/api/me/invitations/{id}")).await,
        StatusCode::NOT_FOUND,
        "invitation_not_found",
    )
    .await;

    // Declined is not banned: a new invitation is a new offer.
    app.invite(&host, &space, &invitee.email).await;
    app.accept_invitation(&invitee, &space).await;
    assert!(space_ids(&invitee).await.contains(&space));
}

#[tokio::test]
async fn nobody_else_can_see_accept_or_decline_an_invitation() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let invitee = app.login(&unique_email("invitee")).await;
    let invitation = app.invite(&m.host, &m.space, &invitee.email).await;
    let id = invitation["id"].as_str().unwrap();
    let accept = format!("/api/me/invitations/{id}/accept");
    let decline = format!("/api/me/invitations/{id}");

    for other in [&m.outsider, &m.participant, &m.host] {
        let theirs = ok_json(other.get("/api/me/invitations").await).await;
        assert_eq!(theirs["items"], json!([]), "{} sees none", other.email);
        assert_error(
            other.post(&accept, json!({})).await,
            StatusCode::NOT_FOUND,
            "invitation_not_found",
        )
        .await;
        assert_error(
            other.delete(&decline).await,
            StatusCode::NOT_FOUND,
            "invitation_not_found",
        )
        .await;
    }
    assert!(!space_ids(&m.outsider).await.contains(&m.space));
    // A joined participation's id is no invitation either.
    let detail = ok_json(m.host.get(&format!("/api/spaces/{}", m.space)).await).await;
    let joined_id = detail["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["status"] == "joined" && p["role"] == "participant")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_error(
        m.participant
            .delete(&format!("/api/me/invitations/{joined_id}"))
            .await,
        StatusCode::NOT_FOUND,
        "invitation_not_found",
    )
    .await;
    assert_eq!(
        app.get("/api/me/invitations", None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // Still pending for its invitee.
    let pending = ok_json(invitee.get("/api/me/invitations").await).await;
    assert_eq!(pending["items"][0]["id"], id);
}

#[tokio::test]
async fn the_host_withdraws_a_pending_invitation_and_the_invitee_no_longer_sees_it() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "S").await;
    let invitee = app.login(&unique_email("invitee")).await;
    let invitation = app.invite(&host, &space, &invitee.email).await;
    let id = invitation["id"].as_str().unwrap();
    let withdraw = format!("/api/spaces/{space}/participants/{id}");
    assert_eq!(
        host.delete(&withdraw).await.status(),
        StatusCode::NO_CONTENT
    );
    let pending = ok_json(invitee.get("/api/me/invitations").await).await;
    assert_eq!(pending["items"], json!([]));
    assert_error(
        invitee
            .post(&format!("/api/me/invitations/{id}/accept"), json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "invitation_not_found",
    )
    .await;
}

#[tokio::test]
async fn the_invitee_hears_an_invitation_arrive_and_go_and_the_host_hears_the_answer() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "S").await;
    let invitee = app.login(&unique_email("invitee")).await;
    let mut hosts = Sse::open(&app, &host).await;
    let mut invitees = Sse::open(&app, &invitee).await;

    let invitation = app.invite(&host, &space, &invitee.email).await;
    for stream in [&mut hosts, &mut invitees] {
        let (name, data) = stream.next().await;
        assert_eq!(
            (name.as_str(), data["space_id"].as_str()),
            ("participant_added", Some(space.as_str()))
        );
        assert!(data["user_id"].is_null());
    }
    let id = invitation["id"].as_str().unwrap();
    invitee.delete(&format!("/api/me/invitations/{id}")).await;
    for stream in [&mut hosts, &mut invitees] {
        let (name, data) = stream.next().await;
        assert_eq!(
            (name.as_str(), data["email"].as_str()),
            ("participant_removed", Some(invitee.email.as_str()))
        );
    }

    app.invite(&host, &space, &invitee.email).await;
    for stream in [&mut hosts, &mut invitees] {
        assert_eq!(stream.next().await.0, "participant_added");
    }
    app.accept_invitation(&invitee, &space).await;
    for stream in [&mut hosts, &mut invitees] {
        let (name, data) = stream.next().await;
        assert_eq!(
            (name.as_str(), data["user_id"].as_str()),
            ("participant_joined", Some(invitee.user_id.as_str()))
        );
    }
    // A member now: the space's news reach them.
    app.create_video(&host, &space, "V").await;
    assert_eq!(invitees.next().await.0, "video_created");
}

#[tokio::test]
async fn the_invitations_list_pages() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let invitee = app.login(&unique_email("invitee")).await;
    let mut spaces = Vec::new();
    for n in 0..3 {
        let space = app.create_space(&host, &format!("S{n}")).await;
        app.invite(&host, &space, &invitee.email).await;
        spaces.push(space);
    }
    let first = ok_json(invitee.get("/api/me/invitations?limit=2").await).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    assert_eq!(first["items"][0]["space"]["id"], spaces[2].as_str());
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = ok_json(
        invitee
            .get(&format!("/api/me/invitations?limit=2&cursor={cursor}"))
            .await,
    )
    .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["items"][0]["space"]["id"], spaces[0].as_str());
    assert!(second["next_cursor"].is_null());
    assert_error(
        invitee.get("/api/me/invitations?limit=0").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn every_account_starts_with_a_personal_space_made_once() {
    let app = TestApp::spawn().await;
    let ada = app.login(&unique_email("ada")).await;
    let spaces = ok_json(ada.get("/api/spaces").await).await;
    let items = spaces["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["name"], "My videos");
    assert_eq!(items[0]["role"], "host");
    assert_eq!(items[0]["host"]["id"], ada.user_id.as_str());
    let personal = items[0]["id"].as_str().unwrap().to_owned();
    // A normal space: videos go in, the host may invite.
    app.create_video(&ada, &personal, "My lecture").await;
    app.invite(&ada, &personal, &unique_email("friend")).await;

    // Signing in again makes no second one.
    let again = app.login(&ada.email).await;
    let spaces = ok_json(again.get("/api/spaces").await).await;
    assert_eq!(spaces["items"].as_array().unwrap().len(), 1);
    assert_eq!(spaces["items"][0]["id"], personal.as_str());

    // Named in the language the sign-up asked for.
    let email = unique_email("minji");
    let response = app
        .http
        .post(app.url("/api/auth/dev-login"))
        .header("accept-language", "ko-KR,ko;q=0.9,en;q=0.8")
        .json(&json!({"email": email, "name": "민지"}))
        .send()
        .await
        .unwrap();
    let token = ok_json(response).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let spaces = ok_json(app.get("/api/spaces", Some(&token)).await).await;
    assert_eq!(spaces["items"][0]["name"], "개인 영상");
    assert_eq!(spaces["items"].as_array().unwrap().len(), 1);
}
