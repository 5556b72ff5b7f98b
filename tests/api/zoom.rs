//! The Zoom integration against a local stand-in for Zoom ([`ZoomStub`]) speaking its real
//! HTTP API: connecting through the OAuth code flow (client credentials as Basic auth), the
//! cloud-recordings list paged by `next_page_token` (only MP4 files, processing ones marked),
//! an import through Zoom's bearer download and its redirects, tokens refreshed before they
//! expire, a revoked grant asking to reconnect, a processing recording refused, cancelling
//! an import, and a 50 MB import through a real server process with flat memory.

use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, LOCATION};
use serde_json::{Value, json};
use vivid::config::{Settings, TranscodeBackend};
use vivid::media::recordings::ProviderKind;
use vivid::media::recordings::accounts;
use vivid::media::recordings::crypto::TokenCipher;

use crate::support::imports::{
    MIB, ServerProcess, assert_copy, assert_no_temp_files, settle, source_path,
};
use crate::support::media::Sse;
use crate::support::zoom_stub::{
    self, BIG_SIZE, PROCESSING_TOPIC, SLASHED_UUID, SLOW_FILE, SLOW_SIZE, SMALL_SIZE, ZoomStub,
};
use crate::support::{
    PUBLIC_URL, Session, TestApp, assert_error, ok_json, test_settings, unique_email,
};

async fn spawn(stub: &ZoomStub) -> TestApp {
    let (mut settings, dir) = test_settings().await;
    stub.configure(&mut settings);
    settings.transcode.backend = TranscodeBackend::Passthrough;
    TestApp::spawn_with(settings, dir).await
}

fn query(url: &url::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The browser's whole trip: the app's authorize URL (its state cookie kept) → the stub's
/// consent page → back to the callback. Returns where the callback sent the browser.
async fn connect_via(app: &TestApp, who: &Session) -> String {
    let response = app
        .http
        .get(app.url("/api/integrations/zoom/connect"))
        .bearer_auth(&who.token)
        .header(ACCEPT, "application/json")
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = ok_json(response).await;
    let authorize = url::Url::parse(body["authorize_url"].as_str().unwrap()).unwrap();
    let state = query(&authorize, "state").unwrap();
    assert!(
        cookie.starts_with(&format!("vivid_zoom_state={state};")) && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let consent = app.http.get(authorize).send().await.unwrap();
    assert_eq!(consent.status(), StatusCode::FOUND, "the stub consents");
    let back = url::Url::parse(consent.headers()[LOCATION].to_str().unwrap()).unwrap();
    assert!(
        back.as_str()
            .starts_with(&format!("{PUBLIC_URL}/api/integrations/zoom/callback?")),
        "{back}"
    );
    let callback = format!("{}?{}", back.path(), back.query().unwrap());
    let response = app
        .http
        .get(app.url(&callback))
        .header("cookie", format!("vivid_zoom_state={state}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    response.headers()[LOCATION].to_str().unwrap().to_owned()
}

async fn connect(app: &TestApp, who: &Session) {
    let back = connect_via(app, who).await;
    assert_eq!(back, format!("{PUBLIC_URL}/?zoom=connected"));
}

async fn recordings(who: &Session, query: &str) -> reqwest::Response {
    who.get(&format!("/api/integrations/zoom/recordings{query}"))
        .await
}

/// The first week of March 2025, where the stub's meetings are.
fn march(limit: u32) -> String {
    format!(
        "?limit={limit}&from={}&to={}",
        urlencode("2025-03-01T00:00:00Z"),
        urlencode("2025-03-08T00:00:00Z")
    )
}

/// Every listed item, following `next_cursor`; also the number of items per page.
async fn list_all(who: &Session, first: &str) -> (Vec<Value>, Vec<usize>) {
    let mut items = Vec::new();
    let mut pages = Vec::new();
    let mut path = first.to_owned();
    loop {
        let page = ok_json(recordings(who, &path).await).await;
        let these = page["items"].as_array().unwrap();
        pages.push(these.len());
        items.extend(these.iter().cloned());
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("?cursor={cursor}"),
            None => return (items, pages),
        }
        assert!(pages.len() < 10, "the cursor never ends");
    }
}

/// The listed item of the stub's file `file_id`.
fn item<'a>(items: &'a [Value], file_id: &str) -> &'a Value {
    items
        .iter()
        .find(|item| {
            item["id"]
                .as_str()
                .unwrap()
                .ends_with(&format!(".{file_id}"))
        })
        .unwrap_or_else(|| panic!("{file_id} is not listed: {items:?}"))
}

async fn import(who: &Session, space: &str, recording: &str) -> reqwest::Response {
    who.post(
        &format!("/api/spaces/{space}/imports/zoom"),
        json!({"recordingId": recording, "title": "Imported from Zoom"}),
    )
    .await
}

async fn start_import(who: &Session, space: &str, recording: &str) -> String {
    let response = import(who, space, recording).await;
    assert_eq!(
        response.status(),
        StatusCode::ACCEPTED,
        "import {recording}"
    );
    let video: Value = response.json().await.unwrap();
    assert_eq!(video["status"], "awaiting_upload");
    video["id"].as_str().unwrap().to_owned()
}

async fn stored_account(
    app: &TestApp,
    who: &Session,
) -> Option<vivid::db::models::ExternalAccount> {
    let db = vivid::db::Db::connect(&app.settings.database_url(), 1).unwrap();
    accounts::find(&db, ProviderKind::Zoom, &who.user_id)
        .await
        .unwrap()
}

fn cipher(settings: &Settings) -> TokenCipher {
    TokenCipher::for_provider("zoom", &settings.zoom.token_key, &settings.auth.jwt_secret).unwrap()
}

#[tokio::test]
async fn zoom_endpoints_answer_404_when_it_is_not_configured() {
    let app = TestApp::spawn().await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "Operating systems").await;

    let status = ok_json(host.get("/api/integrations/zoom").await).await;
    assert_eq!(status, json!({"configured": false, "connected": false}));
    let providers = ok_json(app.get("/api/auth/providers", None).await).await;
    assert_eq!(providers["zoom"], false);
    for path in [
        "/api/integrations/zoom/connect",
        "/api/integrations/zoom/recordings",
    ] {
        assert_error(
            host.get(path).await,
            StatusCode::NOT_FOUND,
            "integration_not_configured",
        )
        .await;
    }
    let response = import(&host, &space, "x.y").await;
    assert_error(
        response,
        StatusCode::NOT_FOUND,
        "integration_not_configured",
    )
    .await;
    // A provider this server does not know at all.
    for path in [
        "/api/integrations/vimeo",
        "/api/integrations/vimeo/recordings",
    ] {
        assert_error(host.get(path).await, StatusCode::NOT_FOUND, "not_found").await;
    }
}

#[tokio::test]
async fn connect_list_two_pages_import_and_the_video_becomes_ready() {
    let stub = ZoomStub::start().await;
    let app = spawn(&stub).await;
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "Operating systems").await;
    let providers = ok_json(app.get("/api/auth/providers", None).await).await;
    assert_eq!(providers["zoom"], true);
    let response = recordings(&host, &march(4)).await;
    assert_error(response, StatusCode::CONFLICT, "zoom_not_connected").await;

    // The authorize URL is Zoom's, with this server's callback.
    let response = host.get("/api/integrations/zoom/connect").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let authorize = url::Url::parse(response.headers()[LOCATION].to_str().unwrap()).unwrap();
    assert!(
        authorize
            .as_str()
            .starts_with(&format!("{}/oauth/authorize?", stub.base))
    );
    assert_eq!(query(&authorize, "response_type").as_deref(), Some("code"));
    assert_eq!(
        query(&authorize, "client_id").as_deref(),
        Some(zoom_stub::CLIENT_ID)
    );
    let callback = format!("{PUBLIC_URL}/api/integrations/zoom/callback");
    assert_eq!(
        query(&authorize, "redirect_uri").as_deref(),
        Some(callback.as_str())
    );

    connect(&app, &host).await;
    assert_eq!(stub.code_grants(), 1);
    assert_eq!(
        stub.basic_auth_failures(),
        0,
        "client credentials as HTTP Basic auth"
    );
    let status = ok_json(host.get("/api/integrations/zoom").await).await;
    assert_eq!(status, json!({"configured": true, "connected": true}));
    // Webex is a separate account.
    let webex = ok_json(host.get("/api/integrations/webex").await).await;
    assert_eq!(webex["connected"], false);

    // Tokens at rest are sealed under Zoom's own key and context.
    let account = stored_account(&app, &host).await.unwrap();
    assert_eq!(account.provider, "zoom");
    let access = stub.access_token().unwrap();
    let cipher = cipher(&app.settings);
    let context = format!("{}/zoom/access", host.user_id);
    assert_eq!(
        cipher
            .open(&account.access_token_ciphertext, &context)
            .unwrap(),
        access
    );
    assert!(
        !account
            .access_token_ciphertext
            .windows(access.len())
            .any(|w| w == access.as_bytes())
    );
    let webex_cipher =
        TokenCipher::new(&app.settings.webex.token_key, &app.settings.auth.jwt_secret).unwrap();
    assert!(
        webex_cipher
            .open(&account.access_token_ciphertext, &context)
            .is_err()
    );

    // Two pages of four meetings, then three: only the MP4 files, one item each.
    let (items, pages) = list_all(&host, &march(4)).await;
    assert_eq!(pages, vec![5, 3], "{items:#?}");
    let mut expected = Vec::new();
    for meeting in stub.meetings() {
        for file in meeting.videos() {
            expected.push((
                meeting.topic.clone(),
                file.id.clone(),
                file.size,
                file.processing,
            ));
        }
    }
    let seen: Vec<_> = items
        .iter()
        .map(|item| {
            let id = item["id"].as_str().unwrap();
            let (_, file) = id.split_once('.').unwrap();
            (
                item["topic"].as_str().unwrap().to_owned(),
                file.to_owned(),
                item["sizeBytes"].as_u64().unwrap(),
                item["processing"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(seen, expected);
    let lecture = item(&items, "mp4-3");
    assert_eq!(lecture["format"], "MP4");
    assert_eq!(lecture["createTime"], "2025-03-03T09:00:00Z");
    assert_eq!(lecture["durationSeconds"], 3000);
    assert_eq!(item(&items, PROCESSING_FILE)["processing"], true);
    assert_eq!(item(&items, PROCESSING_FILE)["topic"], PROCESSING_TOPIC);
    assert_eq!(item(&items, "mp4-2")["processing"], false);

    // A narrower range (2–3 March): Zoom is asked for those days only.
    let (narrow, _) = list_all(
        &host,
        &format!(
            "?from={}&to={}",
            urlencode("2025-03-02T00:00:00Z"),
            urlencode("2025-03-04T00:00:00Z")
        ),
    )
    .await;
    let files: Vec<_> = narrow
        .iter()
        .map(|i| {
            i["id"]
                .as_str()
                .unwrap()
                .split_once('.')
                .unwrap()
                .1
                .to_owned()
        })
        .collect();
    assert_eq!(files, vec!["mp4-2", "mp4-3"]);

    // Import lecture 3 (its meeting UUID has slashes: encoded twice in Zoom's path), with
    // progress on the SSE stream, then ready.
    let mut sse = Sse::open(&app, &host).await;
    let id = start_import(&host, &space, lecture["id"].as_str().unwrap()).await;
    let events = sse
        .until(|name, data| {
            name == "import_progress"
                && data["video_id"] == id.as_str()
                && data["received_bytes"] == SMALL_SIZE
        })
        .await;
    let last = &events.last().unwrap().1;
    assert_eq!(last["total_bytes"], SMALL_SIZE);
    assert_eq!(last["space_id"], space.as_str());
    let done = settle(&host, &id, || {}).await;
    assert_eq!(done["status"], "ready", "{done}");
    assert_eq!(done["size_bytes"], SMALL_SIZE);
    assert_eq!(done["content_type"], "video/mp4");
    assert_copy(&source_path(&app.settings.data_dir, &id), SMALL_SIZE);
    assert_no_temp_files(&app.settings.data_dir);
    assert_eq!(stub.downloads(), 1);
    assert_eq!(
        stub.rejected_tokens(),
        0,
        "every call carried the current token"
    );
    assert!(SLASHED_UUID.starts_with('/'));

    // Disconnect forgets the tokens.
    let response = host.delete("/api/integrations/zoom").await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(stored_account(&app, &host).await.is_none());
    let response = recordings(&host, &march(4)).await;
    assert_error(response, StatusCode::CONFLICT, "zoom_not_connected").await;
}

const PROCESSING_FILE: &str = "mp4-6";

#[tokio::test]
async fn expiring_tokens_are_refreshed_first_and_a_revoked_grant_asks_to_reconnect() {
    let stub = ZoomStub::start().await;
    // Inside the server's 60 s margin: every use refreshes first.
    stub.set_expires_in(30);
    let app = spawn(&stub).await;
    let host = app.login(&unique_email("host")).await;
    connect(&app, &host).await;
    let first_refresh = stub.refresh_token().unwrap();

    let page = ok_json(recordings(&host, &march(4)).await).await;
    assert_eq!(stub.refresh_grants(), 1);
    let cursor = page["next_cursor"].as_str().unwrap();
    ok_json(recordings(&host, &format!("?cursor={cursor}")).await).await;
    assert_eq!(stub.refresh_grants(), 2);
    assert_eq!(stub.rejected_tokens(), 0);
    assert_eq!(stub.basic_auth_failures(), 0);
    // Zoom rotates the refresh token; the server keeps the newest.
    let account = stored_account(&app, &host).await.unwrap();
    let stored = cipher(&app.settings)
        .open(
            &account.refresh_token_ciphertext.unwrap(),
            &format!("{}/zoom/refresh", host.user_id),
        )
        .unwrap();
    assert_ne!(stored, first_refresh);
    assert_eq!(Some(stored), stub.refresh_token());

    // The person removed the app in Zoom: the refresh is `invalid_grant`.
    stub.revoke_all();
    let body = assert_error(
        recordings(&host, &march(4)).await,
        StatusCode::CONFLICT,
        "zoom_not_connected",
    )
    .await;
    assert!(body["message"].as_str().unwrap().contains("Zoom"), "{body}");
    assert_eq!(stub.refresh_grants(), 2);

    // Reconnected with hour-long tokens, then revoked before they expire: Zoom's 401 (code
    // 124) asks to reconnect too.
    stub.set_expires_in(zoom_stub::DEFAULT_EXPIRES_IN);
    connect(&app, &host).await;
    ok_json(recordings(&host, &march(4)).await).await;
    assert_eq!(stub.refresh_grants(), 2);
    stub.revoke_all();
    let rejected = stub.rejected_tokens();
    let response = recordings(&host, &march(4)).await;
    assert_error(response, StatusCode::CONFLICT, "zoom_not_connected").await;
    assert_eq!(stub.rejected_tokens(), rejected + 1);
    let space = app.create_space(&host, "Operating systems").await;
    let response = import(
        &host,
        &space,
        &format!("{}.mp4-2", URL_SAFE_NO_PAD.encode("uuid-2==")),
    )
    .await;
    assert_error(response, StatusCode::CONFLICT, "zoom_not_connected").await;
}

#[tokio::test]
async fn processing_recordings_and_other_files_are_refused_before_anything_is_created() {
    let stub = ZoomStub::start().await;
    let app = spawn(&stub).await;
    let m = app.space_with_members().await;
    connect(&app, &m.participant).await;
    let (items, _) = list_all(&m.participant, &march(10)).await;

    let processing = item(&items, PROCESSING_FILE)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = assert_error(
        import(&m.participant, &m.space, &processing).await,
        StatusCode::CONFLICT,
        "recording_processing",
    )
    .await;
    assert!(
        body["message"].as_str().unwrap().contains("processing"),
        "{body}"
    );

    // The meeting's audio file is not a video; a file or meeting Zoom does not have; an id
    // that is not one of ours.
    let meeting = URL_SAFE_NO_PAD.encode("uuid-2==");
    let cases = [
        (
            format!("{meeting}.m4a-2"),
            StatusCode::CONFLICT,
            "recording_unavailable",
        ),
        (
            format!("{meeting}.mp4-404"),
            StatusCode::NOT_FOUND,
            "recording_not_found",
        ),
        (
            format!("{}.mp4-2", URL_SAFE_NO_PAD.encode("no-such-meeting")),
            StatusCode::NOT_FOUND,
            "recording_not_found",
        ),
        (
            "not-an-id".to_owned(),
            StatusCode::NOT_FOUND,
            "recording_not_found",
        ),
    ];
    for (id, status, code) in cases {
        assert_error(import(&m.participant, &m.space, &id).await, status, code).await;
    }
    // Not a member of the space.
    connect(&app, &m.outsider).await;
    let ok = item(&items, "mp4-2")["id"].as_str().unwrap().to_owned();
    let response = import(&m.outsider, &m.space, &ok).await;
    assert_error(response, StatusCode::NOT_FOUND, "space_not_found").await;

    // A cursor only ever names Zoom's recordings list.
    let forged = [
        URL_SAFE_NO_PAD.encode("http://evil.test/v2/users/me/recordings?page_size=2"),
        URL_SAFE_NO_PAD.encode(format!("{}/v2/meetings/x/recordings", stub.base)),
        "not base64!".to_owned(),
    ];
    for cursor in forged {
        let response = recordings(&m.participant, &format!("?cursor={}", urlencode(&cursor))).await;
        assert_error(response, StatusCode::BAD_REQUEST, "invalid_cursor").await;
    }
    let response = recordings(&m.participant, "?from=yesterday").await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;

    let videos = ok_json(m.host.get(&format!("/api/spaces/{}/videos", m.space)).await).await;
    assert_eq!(videos["items"].as_array().unwrap().len(), 1, "{videos}");
    assert_eq!(stub.downloads(), 0);
}

#[tokio::test]
async fn an_import_can_be_cancelled_while_it_copies() {
    let stub = ZoomStub::start().await;
    let app = spawn(&stub).await;
    let m = app.space_with_members().await;
    connect(&app, &m.participant).await;
    let (items, _) = list_all(&m.participant, &march(10)).await;
    let slow = item(&items, SLOW_FILE)["id"].as_str().unwrap().to_owned();

    let mut sse = Sse::open(&app, &m.participant).await;
    let id = start_import(&m.participant, &m.space, &slow).await;
    // Copying: the first progress event.
    sse.until(|name, data| name == "import_progress" && data["video_id"] == id.as_str())
        .await;
    // Someone else's import: not theirs to cancel (the outsider does not even see it).
    let response = m.outsider.delete(&format!("/api/videos/{id}/import")).await;
    assert!(response.status().is_client_error());
    let response = m
        .participant
        .delete(&format!("/api/videos/{id}/import"))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let done = settle(&m.participant, &id, || {}).await;
    assert_eq!(done["status"], "failed");
    assert_eq!(done["status_reason"], "the import was cancelled");
    // The copy stops and leaves nothing behind.
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::fs::read_dir(app.settings.data_dir.join("imports"))
        .is_ok_and(|mut entries| entries.next().is_some())
    {
        assert!(Instant::now() < deadline, "the cancelled copy kept going");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The copy stopped at its next progress tick, long before the file's end (the file host
    // may have produced a chunk more meanwhile).
    tokio::time::sleep(Duration::from_millis(700)).await;
    let served = stub.served_bytes();
    assert!(
        served < SLOW_SIZE * 3 / 4,
        "{served} of {SLOW_SIZE} bytes were downloaded despite the cancel"
    );
    let view = ok_json(m.participant.get(&format!("/api/videos/{id}")).await).await;
    assert_eq!(
        view["status"], "failed",
        "a cancelled import stays cancelled"
    );
    assert!(!source_path(&app.settings.data_dir, &id).exists());
    // Once is enough; a video that is not an import in progress cannot be cancelled.
    let response = m
        .participant
        .delete(&format!("/api/videos/{id}/import"))
        .await;
    assert_error(response, StatusCode::CONFLICT, "not_an_import").await;
    let response = m
        .host
        .delete(&format!("/api/videos/{}/import", m.video))
        .await;
    assert_error(response, StatusCode::CONFLICT, "not_an_import").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_50_mb_zoom_import_streams_through_a_server_process_with_flat_memory() {
    let stub = ZoomStub::start().await;
    let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let server = ServerProcess::start(dir.path(), stub.env()).await;
    let mut settings = Settings::defaults().unwrap();
    settings.data_dir = dir.path().to_path_buf();
    settings.http.public_url = PUBLIC_URL.into();
    stub.configure(&mut settings);
    let app = TestApp::attach(server.address.clone(), settings, dir.clone());

    let host = app.login(&unique_email("host")).await;
    connect(&app, &host).await;
    let space = app.create_space(&host, "Operating systems").await;
    // Warm-up: the Zoom client, the database and the request path (no warm-up import).
    let (items, _) = list_all(&host, &march(10)).await;
    let big = item(&items, "mp4-big")["id"].as_str().unwrap().to_owned();
    tokio::time::sleep(Duration::from_millis(300)).await;

    let baseline = server.status_bytes("VmRSS");
    let hwm_reset = server.reset_peak();
    let mut peak_sampled = baseline;
    let mut samples = 0;
    let started = Instant::now();
    let id = start_import(&host, &space, &big).await;
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
        "zoom 50 MiB import: {elapsed:.2?}, {samples} samples; RSS baseline {:.1} MiB, \
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
