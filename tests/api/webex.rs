//! The Webex integration against a local stand-in for Webex ([`WebexStub`]): connecting an
//! account through the OAuth code flow, the callback's state rules, the recordings list paged
//! by Webex's `Link` header, tokens encrypted at rest and refreshed before they expire,
//! disconnecting, the import endpoint's rules, imports that fail, and a 50 MB import through
//! a real server process whose memory must stay flat while it streams.

use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, LOCATION};
use serde_json::{Value, json};
use vivid::config::{Settings, TranscodeBackend};
use vivid::media::webex::Webex;
use vivid::media::webex::crypto::TokenCipher;

use crate::support::imports::{
    MIB, ServerProcess, assert_copy, assert_no_temp_files, settle, source_path,
};
use crate::support::webex_stub::{
    self, BIG_SIZE, BROKEN_500, BROKEN_DROP, REDIRECTS_AWAY, SMALL_SIZE, WebexStub,
};
use crate::support::{
    PUBLIC_URL, Session, TestApp, assert_error, ok_json, test_settings, unique_email,
};

async fn spawn(stub: &WebexStub) -> TestApp {
    let (mut settings, dir) = test_settings().await;
    stub.configure(&mut settings);
    settings.transcode.backend = TranscodeBackend::Passthrough;
    TestApp::spawn_with(settings, dir).await
}

/// `GET /api/integrations/webex/connect` asking for JSON: the authorize URL.
async fn authorize_url(app: &TestApp, who: &Session) -> url::Url {
    let response = app
        .http
        .get(app.url("/api/integrations/webex/connect"))
        .bearer_auth(&who.token)
        .header(ACCEPT, "application/json")
        .send()
        .await
        .unwrap();
    let cookie = response
        .headers()
        .get("set-cookie")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = ok_json(response).await;
    let url = url::Url::parse(body["authorize_url"].as_str().unwrap()).unwrap();
    let state = query(&url, "state").unwrap();
    assert!(
        cookie.starts_with(&format!("vivid_webex_state={state};")) && cookie.contains("HttpOnly"),
        "the state is bound to the browser: {cookie}"
    );
    url
}

/// The browser coming back to the callback, with the state cookie `connect` set.
async fn follow_callback(app: &TestApp, path: &str) -> reqwest::Response {
    let url = url::Url::parse(&app.url(path)).unwrap();
    let state = query(&url, "state").unwrap_or_default();
    app.http
        .get(url)
        .header("cookie", format!("vivid_webex_state={state}"))
        .send()
        .await
        .unwrap()
}

fn query(url: &url::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// The browser's trip: the app's authorize URL → the stub's consent page → back to the
/// callback (its path and query, sent to the app under test). Returns the callback's path.
async fn consent(app: &TestApp, who: &Session) -> String {
    let authorize = authorize_url(app, who).await;
    let response = app.http.get(authorize).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FOUND, "the stub consents");
    let back = url::Url::parse(response.headers()[LOCATION].to_str().unwrap()).unwrap();
    let expected = format!("{PUBLIC_URL}/api/integrations/webex/callback");
    assert!(back.as_str().starts_with(&expected), "{back}");
    format!("{}?{}", back.path(), back.query().unwrap())
}

/// Connects `who`'s Webex account through the whole flow.
async fn connect(app: &TestApp, who: &Session) {
    let callback = consent(app, who).await;
    let response = follow_callback(app, &callback).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers()[LOCATION],
        format!("{PUBLIC_URL}/?webex=connected").as_str()
    );
}

async fn recordings(who: &Session, query: &str) -> reqwest::Response {
    who.get(&format!("/api/integrations/webex/recordings{query}"))
        .await
}

async fn import(who: &Session, space: &str, recording: &str) -> reqwest::Response {
    who.post(
        &format!("/api/spaces/{space}/imports/webex"),
        json!({"recordingId": recording, "title": format!("Imported {recording}")}),
    )
    .await
}

/// Imports and returns the video as the 202 answered it.
async fn start_import(who: &Session, space: &str, recording: &str) -> Value {
    let response = import(who, space, recording).await;
    assert_eq!(
        response.status(),
        StatusCode::ACCEPTED,
        "import {recording}"
    );
    let video: Value = response.json().await.unwrap();
    assert_eq!(video["status"], "awaiting_upload");
    assert_eq!(video["space_id"], space);
    video
}

fn cipher(settings: &Settings) -> TokenCipher {
    TokenCipher::new(&settings.webex.token_key, &settings.auth.jwt_secret).unwrap()
}

async fn stored_account(
    app: &TestApp,
    who: &Session,
) -> Option<vivid::db::models::ExternalAccount> {
    let db = vivid::db::Db::connect(&app.settings.database_url(), 1).unwrap();
    Webex::account(&db, &who.user_id).await.unwrap()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[tokio::test]
async fn webex_endpoints_answer_404_when_the_integration_is_not_configured() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "Algorithms").await;

    let status = ok_json(host.get("/api/integrations/webex").await).await;
    assert_eq!(status, json!({"configured": false, "connected": false}));
    for path in [
        "/api/integrations/webex/connect",
        "/api/integrations/webex/recordings",
    ] {
        let response = host.get(path).await;
        assert_error(
            response,
            StatusCode::NOT_FOUND,
            "integration_not_configured",
        )
        .await;
    }
    let response = app
        .get("/api/integrations/webex/callback?code=c&state=s", None)
        .await;
    assert_error(
        response,
        StatusCode::NOT_FOUND,
        "integration_not_configured",
    )
    .await;
    let response = import(&host, &space, "rec-2").await;
    assert_error(
        response,
        StatusCode::NOT_FOUND,
        "integration_not_configured",
    )
    .await;
}

#[tokio::test]
async fn connecting_lists_recordings_page_by_page_and_disconnecting_forgets_the_account() {
    let stub = WebexStub::start().await;
    let app = spawn(&stub).await;
    let host = app.login(&unique_email("host")).await;
    let other = app.login(&unique_email("other")).await;

    let status = ok_json(host.get("/api/integrations/webex").await).await;
    assert_eq!(status, json!({"configured": true, "connected": false}));
    let response = app.get("/api/integrations/webex/connect", None).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = recordings(&host, "").await;
    assert_error(response, StatusCode::CONFLICT, "webex_not_connected").await;

    // Connect: a browser redirect, or (asked for JSON) the URL, each with a fresh state.
    let authorize = authorize_url(&app, &host).await;
    assert!(
        authorize
            .as_str()
            .starts_with(&format!("{}/v1/authorize?", stub.base)),
        "{authorize}"
    );
    assert_eq!(
        query(&authorize, "client_id").as_deref(),
        Some(webex_stub::CLIENT_ID)
    );
    assert_eq!(query(&authorize, "response_type").as_deref(), Some("code"));
    let redirect_uri = format!("{PUBLIC_URL}/api/integrations/webex/callback");
    assert_eq!(
        query(&authorize, "redirect_uri").as_deref(),
        Some(redirect_uri.as_str())
    );
    assert_eq!(
        query(&authorize, "scope").as_deref(),
        Some("spark:recordings_read meeting:recordings_read")
    );
    let first_state = query(&authorize, "state").unwrap();
    assert!(first_state.len() >= 32, "{first_state}");
    let response = host.get("/api/integrations/webex/connect").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let redirect = url::Url::parse(response.headers()[LOCATION].to_str().unwrap()).unwrap();
    assert_eq!(redirect.path(), "/v1/authorize");
    assert_ne!(query(&redirect, "state").unwrap(), first_state);

    // The callback: an unknown or missing state is refused before Webex is asked anything.
    let code = stub.issue_code();
    for bad in [
        format!("?code={code}&state=not-a-state-we-issued"),
        format!("?code={code}"),
    ] {
        let response = app
            .get(&format!("/api/integrations/webex/callback{bad}"), None)
            .await;
        assert_error(response, StatusCode::BAD_REQUEST, "invalid_state").await;
    }
    assert_eq!(stub.code_grants(), 0);

    // The whole trip through the consent page, then the callback.
    let callback = consent(&app, &host).await;
    // Without the cookie of the browser that started it (someone else's link): refused, and
    // the state stays usable by its owner.
    let response = app.get(&callback, None).await;
    assert_error(response, StatusCode::BAD_REQUEST, "invalid_state").await;
    assert_eq!(stub.code_grants(), 0);
    let response = follow_callback(&app, &callback).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers()[LOCATION],
        format!("{PUBLIC_URL}/?webex=connected").as_str()
    );
    assert_eq!(stub.code_grants(), 1);
    assert_eq!(stub.redirect_uris(), vec![redirect_uri.clone()]);
    // The same state again: used up.
    let response = follow_callback(&app, &callback).await;
    assert_error(response, StatusCode::BAD_REQUEST, "invalid_state").await;
    // Someone declining at Webex goes back to the app, told so.
    let declined = authorize_url(&app, &other).await;
    let state = query(&declined, "state").unwrap();
    let response = follow_callback(
        &app,
        &format!("/api/integrations/webex/callback?error=access_denied&state={state}"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers()[LOCATION],
        format!("{PUBLIC_URL}/?webex=denied").as_str()
    );

    // Connected: the one who started it, nobody else.
    let status = ok_json(host.get("/api/integrations/webex").await).await;
    assert_eq!(status, json!({"configured": true, "connected": true}));
    let status = ok_json(other.get("/api/integrations/webex").await).await;
    assert_eq!(status["connected"], false);

    // Tokens at rest are sealed: no plaintext in the row, and they open only as their own.
    let account = stored_account(&app, &host).await.expect("stored account");
    let access = stub.access_token().unwrap();
    let refresh = stub.refresh_token().unwrap();
    let sealed_refresh = account.refresh_token_ciphertext.clone().unwrap();
    for sealed in [&account.access_token_ciphertext, &sealed_refresh] {
        assert!(!contains(sealed, &access), "plaintext access token stored");
        assert!(
            !contains(sealed, &refresh),
            "plaintext refresh token stored"
        );
        assert!(!contains(sealed, "stub-"), "plaintext token stored");
    }
    let cipher = cipher(&app.settings);
    let access_context = format!("{}/access", host.user_id);
    let refresh_context = format!("{}/refresh", host.user_id);
    assert_eq!(
        cipher
            .open(&account.access_token_ciphertext, &access_context)
            .unwrap(),
        access
    );
    assert_eq!(
        cipher.open(&sealed_refresh, &refresh_context).unwrap(),
        refresh
    );
    assert!(cipher.open(&sealed_refresh, &access_context).is_err());
    let expires_in = account.expires_at.unwrap() - chrono::Utc::now().naive_utc();
    assert!(
        (webex_stub::DEFAULT_EXPIRES_IN - 120..=webex_stub::DEFAULT_EXPIRES_IN)
            .contains(&expires_in.num_seconds()),
        "expires in {expires_in}"
    );

    // All five recordings, two at a time, by following next_cursor.
    let mut seen = Vec::new();
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(cursor) => format!("?cursor={cursor}"),
            None => "?limit=2".to_owned(),
        };
        let page = ok_json(recordings(&host, &path).await).await;
        let items = page["items"].as_array().unwrap();
        pages.push(items.len());
        for item in items {
            assert_eq!(item["format"], "MP4", "{item}");
            assert!(
                item["topic"].as_str().is_some_and(|t| !t.is_empty()),
                "{item}"
            );
            assert!(item["createTime"].is_string(), "{item}");
            assert!(item["durationSeconds"].is_i64(), "{item}");
            seen.push((
                item["id"].as_str().unwrap().to_owned(),
                item["sizeBytes"].as_u64().unwrap(),
            ));
        }
        cursor = page["next_cursor"].as_str().map(str::to_owned);
        if cursor.is_none() {
            break;
        }
        assert!(pages.len() < 10, "the cursor never ends");
    }
    assert_eq!(pages, vec![2, 2, 1]);
    let listed: Vec<_> = stub.listed().into_iter().map(|r| (r.id, r.size)).collect();
    assert_eq!(seen, listed);
    assert!(seen.contains(&("rec-big".to_owned(), BIG_SIZE)));

    // A cursor is only ever a link to the recordings list on the configured Webex.
    let forged = [
        URL_SAFE_NO_PAD.encode("http://evil.test/v1/recordings?max=2&cursor=2"),
        URL_SAFE_NO_PAD.encode(format!("{}/v1/recordings/rec-big", stub.base)),
        URL_SAFE_NO_PAD.encode(format!("{}/v1/recordingsX?max=2", stub.base)),
        "not base64 at all!".to_owned(),
    ];
    for cursor in forged {
        let response = recordings(&host, &format!("?cursor={}", urlencode(&cursor))).await;
        assert_error(response, StatusCode::BAD_REQUEST, "invalid_cursor").await;
    }
    for limit in ["0", "101", "-1"] {
        let response = recordings(&host, &format!("?limit={limit}")).await;
        assert_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
    }
    let page = ok_json(recordings(&host, "").await).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
    assert!(page["next_cursor"].is_null());
    // Long-lived tokens were never refreshed, and every call carried the current one.
    assert_eq!(stub.refresh_grants(), 0);
    assert_eq!(stub.rejected_tokens(), 0);

    // Disconnect forgets the account; the other user's state is unaffected.
    let response = host.delete("/api/integrations/webex").await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(stored_account(&app, &host).await.is_none());
    let status = ok_json(host.get("/api/integrations/webex").await).await;
    assert_eq!(status, json!({"configured": true, "connected": false}));
    let response = recordings(&host, "?limit=2").await;
    assert_error(response, StatusCode::CONFLICT, "webex_not_connected").await;
    // Disconnecting twice is fine.
    let response = host.delete("/api/integrations/webex").await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn recordings_of_a_date_range_come_page_by_page_and_bad_ranges_are_refused() {
    let stub = WebexStub::start().await;
    let app = spawn(&stub).await;
    let host = app.login(&unique_email("host")).await;
    connect(&app, &host).await;

    // The stub's recordings were created on 1–5 March 2025 at 09:00 UTC; 2–4 March (to is
    // exclusive, and a +09:00 offset means the same instants) holds the 2nd and the 3rd,
    // one per page, and the range travels with the cursor.
    let range = format!(
        "from={}&to={}",
        urlencode("2025-03-02T00:00:00Z"),
        urlencode("2025-03-04T09:00:00+09:00")
    );
    let mut seen = Vec::new();
    let mut path = format!("?limit=1&{range}");
    for _ in 0..5 {
        let page = ok_json(recordings(&host, &path).await).await;
        for item in page["items"].as_array().unwrap() {
            seen.push(item["id"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("?cursor={cursor}"),
            None => break,
        }
    }
    let listed = stub.listed();
    assert_eq!(seen, vec![listed[1].id.clone(), listed[2].id.clone()]);

    // Only one bound: from 4 March on.
    let page = ok_json(
        recordings(
            &host,
            &format!("?from={}", urlencode("2025-03-04T00:00:00Z")),
        )
        .await,
    )
    .await;
    let ids: Vec<_> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].clone())
        .collect();
    assert_eq!(ids, vec![json!(listed[3].id), json!(listed[4].id)]);

    // Refused before Webex is asked: not a date, `to` before `from`, more than 30 days.
    for (query, field) in [
        ("from=yesterday".to_owned(), "from"),
        ("to=2025-13-01T00:00:00Z".to_owned(), "to"),
        (
            format!(
                "from={}&to={}",
                urlencode("2025-03-04T00:00:00Z"),
                urlencode("2025-03-01T00:00:00Z")
            ),
            "to",
        ),
        (
            format!(
                "from={}&to={}",
                urlencode("2025-03-01T00:00:00Z"),
                urlencode("2025-04-01T00:00:00Z")
            ),
            "to",
        ),
    ] {
        let body = assert_error(
            recordings(&host, &format!("?{query}")).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(body["fields"][field].is_array(), "{query}: {body}");
    }
    // Exactly 30 days is allowed.
    let page = ok_json(
        recordings(
            &host,
            &format!(
                "?from={}&to={}",
                urlencode("2025-03-01T00:00:00Z"),
                urlencode("2025-03-31T00:00:00Z")
            ),
        )
        .await,
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn expiring_tokens_are_refreshed_before_use_and_revoked_ones_ask_to_reconnect() {
    let stub = WebexStub::start().await;
    // 30 s: inside the server's 60 s margin, so every use refreshes first.
    stub.set_expires_in(30);
    let app = spawn(&stub).await;
    let host = app.login(&unique_email("host")).await;
    connect(&app, &host).await;
    assert_eq!(stub.refresh_grants(), 0);
    let first_refresh = stub.refresh_token().unwrap();

    let page = ok_json(recordings(&host, "?limit=2").await).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(stub.refresh_grants(), 1);
    // The stub rotated both tokens and accepts only the newest: the server stored them.
    let account = stored_account(&app, &host).await.unwrap();
    let cipher = cipher(&app.settings);
    let refresh_now = cipher
        .open(
            &account.refresh_token_ciphertext.unwrap(),
            &format!("{}/refresh", host.user_id),
        )
        .unwrap();
    assert_ne!(refresh_now, first_refresh);
    assert_eq!(Some(refresh_now), stub.refresh_token());
    assert_eq!(
        cipher
            .open(
                &account.access_token_ciphertext,
                &format!("{}/access", host.user_id)
            )
            .unwrap(),
        stub.access_token().unwrap()
    );

    let cursor = page["next_cursor"].as_str().unwrap();
    let page = ok_json(recordings(&host, &format!("?cursor={cursor}")).await).await;
    assert_eq!(page["items"][0]["id"], "rec-3");
    assert_eq!(stub.refresh_grants(), 2);
    assert_eq!(stub.rejected_tokens(), 0);

    // Webex no longer honours the refresh token (revoked): connect again.
    stub.revoke_all();
    let response = recordings(&host, "").await;
    assert_error(response, StatusCode::CONFLICT, "webex_not_connected").await;
    assert_eq!(stub.refresh_grants(), 2);

    // Reconnected with long-lived tokens: no more refreshing.
    stub.set_expires_in(webex_stub::DEFAULT_EXPIRES_IN);
    connect(&app, &host).await;
    ok_json(recordings(&host, "").await).await;
    assert_eq!(stub.refresh_grants(), 2);

    // An access token revoked before it expires: Webex answers 401, the user reconnects.
    stub.revoke_all();
    let response = recordings(&host, "").await;
    assert_error(response, StatusCode::CONFLICT, "webex_not_connected").await;
}

#[tokio::test]
async fn imports_need_a_connected_account_and_a_space_the_caller_is_in() {
    let stub = WebexStub::start().await;
    let app = spawn(&stub).await;
    let m = app.space_with_members().await;
    let space = &m.space;

    // Never connected.
    let response = import(&m.host, space, "rec-2").await;
    assert_error(response, StatusCode::CONFLICT, "webex_not_connected").await;
    let response = app
        .post(
            &format!("/api/spaces/{space}/imports/webex"),
            None,
            json!({"recordingId": "rec-2", "title": "x"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    // Connected, but not in the space (or no such space): the space does not exist for them.
    connect(&app, &m.outsider).await;
    let response = import(&m.outsider, space, "rec-2").await;
    assert_error(response, StatusCode::NOT_FOUND, "space_not_found").await;
    let response = import(&m.outsider, "no-such-space", "rec-2").await;
    assert_error(response, StatusCode::NOT_FOUND, "space_not_found").await;

    // Bad bodies.
    connect(&app, &m.participant).await;
    for body in [
        json!({"recordingId": "", "title": "Lecture"}),
        json!({"recordingId": "rec-2", "title": "   "}),
        json!({"recordingId": "rec-2", "title": "x".repeat(301)}),
    ] {
        let response = m
            .participant
            .post(&format!("/api/spaces/{space}/imports/webex"), body)
            .await;
        assert_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
    }

    // None of the refused imports created a video (the space holds only its first one), and
    // nothing was downloaded.
    let videos = ok_json(m.host.get(&format!("/api/spaces/{space}/videos")).await).await;
    let ids: Vec<_> = videos["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, vec![m.video.clone()]);
    assert_eq!(stub.downloads(), 0);

    // A participant (not the host) may import.
    let video = start_import(&m.participant, space, "rec-2").await;
    let id = video["id"].as_str().unwrap();
    let done = settle(&m.participant, id, || {}).await;
    assert_eq!(done["status"], "ready", "{done}");
    assert_eq!(done["uploader_id"], m.participant.user_id.as_str());
}

#[tokio::test]
async fn a_small_import_is_copied_into_storage_and_becomes_ready() {
    let stub = WebexStub::start().await;
    let app = spawn(&stub).await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "Algorithms").await;
    connect(&app, &host).await;

    let video = start_import(&host, &space, "rec-3").await;
    assert_eq!(video["title"], "Imported rec-3");
    let id = video["id"].as_str().unwrap();
    let done = settle(&host, id, || {}).await;
    assert_eq!(done["status"], "ready", "{done}");
    assert_eq!(done["size_bytes"], SMALL_SIZE);
    assert_eq!(done["content_type"], "video/mp4");
    assert!(done["status_reason"].is_null(), "{done}");
    let source = source_path(&app.settings.data_dir, id);
    assert_copy(&source, SMALL_SIZE);
    assert_no_temp_files(&app.settings.data_dir);
    assert_eq!(stub.downloads(), 1);
}

#[tokio::test]
async fn an_import_whose_download_fails_fails_the_video() {
    let stub = WebexStub::start().await;
    let app = spawn(&stub).await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "Algorithms").await;
    connect(&app, &host).await;

    // Webex has no such recording: refused at once, nothing created.
    let response = import(&host, &space, "rec-that-does-not-exist").await;
    assert_error(response, StatusCode::NOT_FOUND, "recording_not_found").await;

    // The download link answers 500; it drops the connection after 1 of 10 MiB; it
    // redirects to a host outside webex.download_hosts (not followed).
    for recording in [BROKEN_500, BROKEN_DROP, REDIRECTS_AWAY] {
        let video = start_import(&host, &space, recording).await;
        let id = video["id"].as_str().unwrap();
        let done = settle(&host, id, || {}).await;
        assert_eq!(done["status"], "failed", "{recording}: {done}");
        let reason = done["status_reason"].as_str().unwrap_or_default();
        assert!(
            reason.to_lowercase().contains("webex import"),
            "{recording}: {reason}"
        );
        assert!(
            !source_path(&app.settings.data_dir, id).exists(),
            "{recording}: a partial copy was stored"
        );
    }
    assert_eq!(stub.downloads(), 3, "the redirect was not followed");
    assert_no_temp_files(&app.settings.data_dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_50_mb_import_streams_through_a_server_process_with_flat_memory() {
    let stub = WebexStub::start().await;
    let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let server = ServerProcess::start(dir.path(), stub.env()).await;
    let address = server.address.clone();
    let mut settings = Settings::defaults().unwrap();
    settings.data_dir = dir.path().to_path_buf();
    settings.http.public_url = PUBLIC_URL.into();
    stub.configure(&mut settings);
    let app = TestApp::attach(address, settings, dir.clone());

    let host = app.login(&unique_email("host")).await;
    connect(&app, &host).await;
    let space = app.create_space(&host, "Algorithms").await;
    // Warm-up: the server's Webex client, the database and the request path. (No warm-up
    // import: the big import's growth includes whatever its first run initialises.)
    ok_json(recordings(&host, "?limit=2").await).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let baseline = server.status_bytes("VmRSS");
    // Resets VmHWM (the peak RSS) to the current RSS, so it records this import's peak even
    // between two samples.
    let hwm_reset = server.reset_peak();
    let mut peak_sampled = baseline;
    let mut samples = 0;
    let started = Instant::now();
    let video = start_import(&host, &space, "rec-big").await;
    let id = video["id"].as_str().unwrap().to_owned();
    let done = settle(&host, &id, || {
        peak_sampled = peak_sampled.max(server.status_bytes("VmRSS"));
        samples += 1;
    })
    .await;
    let elapsed = started.elapsed();
    peak_sampled = peak_sampled.max(server.status_bytes("VmRSS"));
    let hwm = hwm_reset.then(|| server.status_bytes("VmHWM"));
    let peak = peak_sampled.max(hwm.unwrap_or(0));
    let growth = peak.saturating_sub(baseline);
    eprintln!(
        "webex 50 MiB import: {elapsed:.2?}, {samples} samples; RSS baseline {:.1} MiB, \
         sampled peak {:.1} MiB, VmHWM {}, growth {:.1} MiB",
        baseline as f64 / MIB,
        peak_sampled as f64 / MIB,
        hwm.map_or("not available".to_owned(), |hwm| format!(
            "{:.1} MiB",
            hwm as f64 / MIB
        )),
        growth as f64 / MIB,
    );

    assert_eq!(done["status"], "ready", "{done}");
    assert_eq!(done["size_bytes"], BIG_SIZE);
    assert_eq!(done["content_type"], "video/mp4");
    let source = source_path(dir.path(), &id);
    assert_eq!(std::fs::metadata(&source).unwrap().len(), 52_428_800);
    tokio::task::spawn_blocking(move || assert_copy(&source, BIG_SIZE))
        .await
        .unwrap();
    assert_no_temp_files(dir.path());
    assert_eq!(stub.downloads(), 1);
    assert!(
        growth < 20 * 1024 * 1024,
        "the server's RSS grew by {:.1} MiB while importing 50 MiB",
        growth as f64 / MIB
    );
    drop(server);
}
