use std::collections::HashMap;

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION};
use serde_json::{Value, json};

use crate::support::google_stub::{CLIENT_ID, GoogleStub};
use crate::support::{PUBLIC_URL, TestApp, assert_error, cookie, ok_json, unique_email};

/// The browser side of "start login": the redirect's query and the state cookie.
struct Started {
    query: HashMap<String, String>,
    state_cookie: String,
}

async fn start_login(app: &TestApp, return_to: &str) -> Started {
    let response = app
        .get(
            &format!("/api/auth/google/login?return_to={return_to}"),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let state_cookie = cookie(&response, "vivid_login_state").expect("state cookie");
    let location = url::Url::parse(response.headers()[LOCATION].to_str().unwrap()).unwrap();
    assert_eq!(
        location.as_str().split('?').next().unwrap(),
        "https://accounts.example.test/o/oauth2/v2/auth"
    );
    Started {
        query: location.query_pairs().into_owned().collect(),
        state_cookie: state_cookie.value().to_owned(),
    }
}

async fn callback(app: &TestApp, query: &str, state_cookie: Option<&str>) -> reqwest::Response {
    let mut request = app
        .http
        .get(app.url(&format!("/api/auth/google/callback?{query}")));
    if let Some(state) = state_cookie {
        request = request.header(COOKIE, format!("vivid_login_state={state}"));
    }
    request.send().await.unwrap()
}

fn profile(sub: &str, email: &str) -> Value {
    json!({"sub": sub, "email": email, "email_verified": true, "name": "Grace Hopper",
           "picture": "https://example.test/grace.png"})
}

/// Runs the whole flow; returns the callback response.
async fn sign_in(app: &TestApp, google: &GoogleStub, profile: Value) -> reqwest::Response {
    let started = start_login(app, "/spaces").await;
    let code = google.consent(&started.query["code_challenge"], profile);
    let state = &started.query["state"];
    callback(
        app,
        &format!("code={code}&state={state}"),
        Some(&started.state_cookie),
    )
    .await
}

async fn access_token(app: &TestApp, callback: &reqwest::Response) -> String {
    let refresh = cookie(callback, "vivid_refresh").expect("refresh cookie set by the callback");
    let body = ok_json(app.refresh(refresh.value()).await).await;
    body["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn login_redirects_to_google_with_pkce_and_state() {
    let google = GoogleStub::start().await;
    let app = TestApp::spawn_with_google(&google).await;
    let started = start_login(&app, "/").await;
    assert_eq!(started.query["response_type"], "code");
    assert_eq!(started.query["client_id"], CLIENT_ID);
    assert_eq!(started.query["code_challenge_method"], "S256");
    assert_eq!(started.query["code_challenge"].len(), 43);
    assert_eq!(started.query["state"], started.state_cookie);
    assert_eq!(
        started.query["redirect_uri"],
        format!("{PUBLIC_URL}/api/auth/google/callback")
    );
    let scopes: Vec<&str> = started.query["scope"].split(' ').collect();
    assert!(scopes.contains(&"openid") && scopes.contains(&"email"));
}

#[tokio::test]
async fn first_login_signs_up_sends_the_pkce_verifier_and_keeps_tokens_out_of_urls() {
    let google = GoogleStub::start().await;
    let app = TestApp::spawn_with_google(&google).await;
    let email = unique_email("grace");
    let response = sign_in(&app, &google, profile("sub-1", &email)).await;

    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    assert_eq!(location, format!("{PUBLIC_URL}/spaces"));
    assert!(!location.contains("token"));
    let verifiers = google.verifiers_seen();
    assert_eq!(verifiers.len(), 1);
    assert!(verifiers[0].len() >= 43, "a real PKCE verifier was sent");

    let token = access_token(&app, &response).await;
    let me = ok_json(app.get("/api/me", Some(&token)).await).await;
    assert_eq!(me["email"], email.as_str());
    assert_eq!(me["name"], "Grace Hopper");
    assert_eq!(me["picture_url"], "https://example.test/grace.png");

    // A second login is the same account.
    let again = sign_in(&app, &google, profile("sub-1", &email)).await;
    let token = access_token(&app, &again).await;
    let me_again = ok_json(app.get("/api/me", Some(&token)).await).await;
    assert_eq!(me_again["id"], me["id"]);
}

#[tokio::test]
async fn an_invited_email_finds_its_invitation_at_first_google_login_and_joins_by_accepting() {
    let google = GoogleStub::start().await;
    let app = TestApp::spawn_with_google(&google).await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "Compilers").await;
    app.create_video(&host, &space, "Parsing").await;
    let email = unique_email("invitee");
    let invitation = app.invite(&host, &space, &email.to_uppercase()).await;
    assert_eq!(invitation["status"], "invited");

    let response = sign_in(&app, &google, profile("sub-invitee", &email)).await;
    let token = access_token(&app, &response).await;
    // Signed up: their personal space only, and the invitation waiting.
    let spaces = ok_json(app.get("/api/spaces", Some(&token)).await).await;
    assert_eq!(spaces["items"].as_array().unwrap().len(), 1);
    assert_eq!(spaces["items"][0]["name"], "My videos");
    assert_eq!(spaces["items"][0]["role"], "host");
    let pending = ok_json(app.get("/api/me/invitations", Some(&token)).await).await;
    assert_eq!(pending["items"][0]["id"], invitation["id"]);
    assert_eq!(pending["items"][0]["space"]["name"], "Compilers");
    let accept = format!(
        "/api/me/invitations/{}/accept",
        invitation["id"].as_str().unwrap()
    );
    ok_json(app.post(&accept, Some(&token), serde_json::json!({})).await).await;
    let spaces = ok_json(app.get("/api/spaces", Some(&token)).await).await;
    let joined = spaces["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == space.as_str())
        .expect("the space is listed once accepted");
    assert_eq!(joined["role"], "participant");
    let individual = ok_json(app.get("/api/individual-videos", Some(&token)).await).await;
    assert_eq!(individual["items"].as_array().unwrap().len(), 1);
    assert_eq!(individual["items"][0]["video"]["title"], "Parsing");
}

#[tokio::test]
async fn a_state_that_does_not_match_the_browser_is_rejected() {
    let google = GoogleStub::start().await;
    let app = TestApp::spawn_with_google(&google).await;
    let started = start_login(&app, "/").await;
    let code = google.consent(
        &started.query["code_challenge"],
        profile("s", "m@example.com"),
    );

    // The state of another login (an attacker's), with this browser's cookie.
    let response = callback(
        &app,
        &format!("code={code}&state=forged-state"),
        Some(&started.state_cookie),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()[LOCATION],
        format!("{PUBLIC_URL}/?login_error=state_mismatch").as_str()
    );
    assert!(cookie(&response, "vivid_refresh").is_none());

    // No state cookie at all (the login was started in another browser).
    let state = &started.query["state"];
    let response = callback(&app, &format!("code={code}&state={state}"), None).await;
    assert!(
        response.headers()[LOCATION]
            .to_str()
            .unwrap()
            .ends_with("login_error=state_mismatch")
    );
    assert!(google.verifiers_seen().is_empty(), "no code was exchanged");
}

#[tokio::test]
async fn a_callback_cannot_be_replayed() {
    let google = GoogleStub::start().await;
    let app = TestApp::spawn_with_google(&google).await;
    let started = start_login(&app, "/").await;
    let code = google.consent(
        &started.query["code_challenge"],
        profile("s", "r@example.com"),
    );
    let query = format!("code={code}&state={}", started.query["state"]);
    let first = callback(&app, &query, Some(&started.state_cookie)).await;
    assert!(cookie(&first, "vivid_refresh").is_some());
    let second = callback(&app, &query, Some(&started.state_cookie)).await;
    assert!(
        second.headers()[LOCATION]
            .to_str()
            .unwrap()
            .ends_with("login_error=login_expired")
    );
}

#[tokio::test]
async fn google_errors_and_unverified_emails_do_not_sign_in() {
    let google = GoogleStub::start().await;
    let app = TestApp::spawn_with_google(&google).await;

    let started = start_login(&app, "/").await;
    let state = &started.query["state"];
    let denied = callback(
        &app,
        &format!("error=access_denied&state={state}"),
        Some(&started.state_cookie),
    )
    .await;
    assert!(
        denied.headers()[LOCATION]
            .to_str()
            .unwrap()
            .ends_with("login_error=login_cancelled")
    );

    let mut unverified = profile("s2", "u@example.com");
    unverified["email_verified"] = json!(false);
    let response = sign_in(&app, &google, unverified).await;
    assert!(
        response.headers()[LOCATION]
            .to_str()
            .unwrap()
            .ends_with("login_error=email_not_verified")
    );
    assert!(cookie(&response, "vivid_refresh").is_none());
}

#[tokio::test]
async fn an_email_linked_to_another_google_account_is_not_taken_over() {
    let google = GoogleStub::start().await;
    let app = TestApp::spawn_with_google(&google).await;
    let email = unique_email("recycled");
    let first = sign_in(&app, &google, profile("sub-original", &email)).await;
    assert!(cookie(&first, "vivid_refresh").is_some());
    let other = sign_in(&app, &google, profile("sub-newcomer", &email)).await;
    assert!(
        other.headers()[LOCATION]
            .to_str()
            .unwrap()
            .ends_with("login_error=account_conflict")
    );
    assert!(cookie(&other, "vivid_refresh").is_none());
}

#[tokio::test]
async fn a_return_path_with_control_characters_falls_back_to_the_root() {
    let google = GoogleStub::start().await;
    let app = TestApp::spawn_with_google(&google).await;
    let started = start_login(&app, "/a%0Ab").await;
    let code = google.consent(
        &started.query["code_challenge"],
        profile("s", "c@example.com"),
    );
    let query = format!("code={code}&state={}", started.query["state"]);
    let response = callback(&app, &query, Some(&started.state_cookie)).await;
    assert_eq!(
        response.headers()[LOCATION],
        format!("{PUBLIC_URL}/").as_str()
    );
    assert!(cookie(&response, "vivid_refresh").is_some());
}

#[tokio::test]
async fn google_login_is_404_when_not_configured() {
    let app = TestApp::spawn().await;
    assert_error(
        app.get("/api/auth/google/login", None).await,
        StatusCode::NOT_FOUND,
        "google_login_disabled",
    )
    .await;
}
