//! A local stand-in for Zoom, speaking its real HTTP API so the server's real Zoom client
//! runs in tests: the consent page (`GET /oauth/authorize`, consenting at once), the token
//! endpoint (`POST /oauth/token`, client credentials as HTTP Basic auth, both grants, Zoom's
//! `{"reason","error":"invalid_grant"}` refusals), the cloud-recordings list
//! (`GET /v2/users/me/recordings`, `from`/`to` as dates, `page_size`, `next_page_token`),
//! one meeting's recordings (`GET /v2/meetings/{uuid}/recordings`), and the download:
//! `download_url` wants the bearer token and redirects (twice) to a file host that streams
//! the body in 64 KiB chunks, generated as read.
//!
//! API calls with any bearer but the latest access token answer Zoom's 401 `{"code":124}`;
//! every grant rotates both tokens, and only the latest refresh token is accepted, so a
//! server that keeps an old one fails loudly.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use actix_web::body::SizedStream;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use secrecy::SecretString;
use serde::Deserialize;
use serde_json::{Value, json};
use vivid::config::Settings;

use super::stub_server;
use super::webex_stub::{CHUNK, pattern_byte};

pub const CLIENT_ID: &str = "zoom-test-client-id";
pub const CLIENT_SECRET: &str = "zoom-test-client-secret";
/// Zoom's access-token lifetime: one hour.
pub const DEFAULT_EXPIRES_IN: i64 = 3599;
pub const BIG_SIZE: u64 = 50 * 1024 * 1024;
pub const SMALL_SIZE: u64 = 300 * 1024;

/// A meeting whose MP4 Zoom is still processing.
pub const PROCESSING_TOPIC: &str = "Lecture 6 (still processing)";
/// The file id of a download that trickles (8 MiB at 64 KiB per 40 ms, about 5 s), to
/// cancel while it copies.
pub const SLOW_FILE: &str = "mp4-slow";
pub const SLOW_SIZE: u64 = 8 * 1024 * 1024;
/// A meeting UUID with slashes, which Zoom wants encoded twice in a path.
pub const SLASHED_UUID: &str = "/ajXp112QmuoKj4854875==";

#[derive(Clone, Debug)]
pub struct StubFile {
    pub id: String,
    pub file_type: &'static str,
    pub recording_type: &'static str,
    pub size: u64,
    pub processing: bool,
    /// The file host waits this long between chunks (0: as fast as the client reads).
    pub chunk_delay_ms: u64,
}

#[derive(Clone, Debug)]
pub struct StubMeeting {
    pub uuid: String,
    pub topic: String,
    /// `2025-03-{day}T09:00:00Z`.
    pub day: u32,
    pub files: Vec<StubFile>,
}

impl StubMeeting {
    /// The MP4 files, as the server lists them.
    pub fn videos(&self) -> impl Iterator<Item = &StubFile> {
        self.files.iter().filter(|f| f.file_type == "MP4")
    }
}

struct Stub {
    base: String,
    expires_in: AtomicI64,
    codes: Mutex<HashMap<String, String>>,
    access: Mutex<Option<String>>,
    refresh: Mutex<Option<String>>,
    code_grants: AtomicUsize,
    refresh_grants: AtomicUsize,
    rejected_tokens: AtomicUsize,
    basic_auth_failures: AtomicUsize,
    meetings: Vec<StubMeeting>,
    downloads: AtomicUsize,
    /// Bytes the file host has produced (all files).
    served: Arc<AtomicU64>,
    /// Next-page tokens issued: token → offset into the meetings of that query.
    page_tokens: Mutex<HashMap<String, usize>>,
}

pub struct ZoomStub {
    pub base: String,
    stub: Arc<Stub>,
}

fn file(id: &str, file_type: &'static str, recording_type: &'static str, size: u64) -> StubFile {
    StubFile {
        id: id.to_owned(),
        file_type,
        recording_type,
        size,
        processing: false,
        chunk_delay_ms: 0,
    }
}

fn catalogue() -> Vec<StubMeeting> {
    let meeting = |uuid: &str, topic: &str, day: u32, files: Vec<StubFile>| StubMeeting {
        uuid: uuid.to_owned(),
        topic: topic.to_owned(),
        day,
        files,
    };
    let lecture = |n: u32| {
        vec![
            file(
                &format!("mp4-{n}"),
                "MP4",
                "shared_screen_with_speaker_view",
                SMALL_SIZE,
            ),
            file(&format!("m4a-{n}"), "M4A", "audio_only", 1000),
            file(&format!("chat-{n}"), "CHAT", "chat_file", 100),
        ]
    };
    let mut processing = file(
        "mp4-6",
        "MP4",
        "shared_screen_with_speaker_view",
        SMALL_SIZE,
    );
    processing.processing = true;
    let mut slow = file(
        SLOW_FILE,
        "MP4",
        "shared_screen_with_speaker_view",
        SLOW_SIZE,
    );
    slow.chunk_delay_ms = 40;
    vec![
        meeting(
            "Big+Lecture/uuid==",
            "Operating systems, lecture 1 (long)",
            1,
            vec![file(
                "mp4-big",
                "MP4",
                "shared_screen_with_speaker_view",
                BIG_SIZE,
            )],
        ),
        meeting("uuid-2==", "Operating systems, lecture 2", 2, lecture(2)),
        meeting(SLASHED_UUID, "Operating systems, lecture 3", 3, lecture(3)),
        meeting(
            "uuid-4==",
            "Operating systems, lecture 4 (two views)",
            4,
            vec![
                file(
                    "mp4-4a",
                    "MP4",
                    "shared_screen_with_speaker_view",
                    SMALL_SIZE,
                ),
                file("mp4-4b", "MP4", "active_speaker", SMALL_SIZE / 2),
                file("transcript-4", "TRANSCRIPT", "audio_transcript", 100),
            ],
        ),
        meeting("uuid-5==", "Office hours", 5, lecture(5)),
        meeting("uuid-6==", PROCESSING_TOPIC, 6, vec![processing]),
        meeting(
            "uuid-7==",
            "Operating systems, lecture 7 (slow download)",
            7,
            vec![slow],
        ),
    ]
}

impl ZoomStub {
    pub async fn start() -> Self {
        let (listener, base) = stub_server::listener();
        let stub = Arc::new(Stub {
            base: base.clone(),
            expires_in: AtomicI64::new(DEFAULT_EXPIRES_IN),
            codes: Mutex::default(),
            access: Mutex::default(),
            refresh: Mutex::default(),
            code_grants: AtomicUsize::new(0),
            refresh_grants: AtomicUsize::new(0),
            rejected_tokens: AtomicUsize::new(0),
            basic_auth_failures: AtomicUsize::new(0),
            meetings: catalogue(),
            downloads: AtomicUsize::new(0),
            served: Arc::default(),
            page_tokens: Mutex::default(),
        });
        stub_server::serve(listener, stub.clone(), |routes| {
            routes
                .route("/oauth/authorize", web::get().to(authorize))
                .route("/oauth/token", web::post().to(token))
                .route("/v2/users/me/recordings", web::get().to(list))
                .route("/v2/meetings/{uuid}/recordings", web::get().to(meeting))
                .route("/rec/download/{file}", web::get().to(download))
                .route("/rec/hop/{file}", web::get().to(hop))
                .route("/files/{file}", web::get().to(file_body));
        });
        Self { base, stub }
    }

    /// Points the server's Zoom settings at this stub.
    pub fn configure(&self, settings: &mut Settings) {
        settings.zoom.client_id = Some(CLIENT_ID.into());
        settings.zoom.client_secret = SecretString::from(CLIENT_SECRET);
        settings.zoom.oauth_base = self.base.clone();
        settings.zoom.api_base = format!("{}/v2", self.base);
        settings.zoom.download_hosts = "127.0.0.1".into();
    }

    /// The same, as environment variables for a server process.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("VIVID__ZOOM__CLIENT_ID", CLIENT_ID.to_owned()),
            ("VIVID__ZOOM__CLIENT_SECRET", CLIENT_SECRET.to_owned()),
            ("VIVID__ZOOM__OAUTH_BASE", self.base.clone()),
            ("VIVID__ZOOM__API_BASE", format!("{}/v2", self.base)),
            ("VIVID__ZOOM__DOWNLOAD_HOSTS", "127.0.0.1".to_owned()),
        ]
    }

    pub fn set_expires_in(&self, seconds: i64) {
        self.stub.expires_in.store(seconds, Ordering::SeqCst);
    }

    /// The person removes the app in Zoom: every token stops working.
    pub fn revoke_all(&self) {
        *self.stub.access.lock().unwrap() = None;
        *self.stub.refresh.lock().unwrap() = None;
    }

    pub fn access_token(&self) -> Option<String> {
        self.stub.access.lock().unwrap().clone()
    }

    pub fn refresh_token(&self) -> Option<String> {
        self.stub.refresh.lock().unwrap().clone()
    }

    pub fn code_grants(&self) -> usize {
        self.stub.code_grants.load(Ordering::SeqCst)
    }

    pub fn refresh_grants(&self) -> usize {
        self.stub.refresh_grants.load(Ordering::SeqCst)
    }

    pub fn rejected_tokens(&self) -> usize {
        self.stub.rejected_tokens.load(Ordering::SeqCst)
    }

    /// Token requests without the right `Authorization: Basic` client credentials.
    pub fn basic_auth_failures(&self) -> usize {
        self.stub.basic_auth_failures.load(Ordering::SeqCst)
    }

    /// Requests to the file host (any file, any outcome).
    pub fn downloads(&self) -> usize {
        self.stub.downloads.load(Ordering::SeqCst)
    }

    /// Bytes the file host has produced so far: a copy that stops early stops this.
    pub fn served_bytes(&self) -> u64 {
        self.stub.served.load(Ordering::SeqCst)
    }

    pub fn meetings(&self) -> Vec<StubMeeting> {
        self.stub.meetings.clone()
    }
}

fn zoom_error(status: StatusCode, code: i64, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({"code": code, "message": message}))
}

fn oauth_error(error: &str, reason: &str) -> HttpResponse {
    HttpResponse::BadRequest().json(json!({"reason": reason, "error": error}))
}

#[derive(Deserialize)]
struct AuthorizeQuery {
    response_type: String,
    client_id: String,
    redirect_uri: String,
    state: String,
}

async fn authorize(stub: web::Data<Stub>, query: web::Query<AuthorizeQuery>) -> HttpResponse {
    if query.client_id != CLIENT_ID || query.response_type != "code" {
        return oauth_error("invalid_request", "Invalid client_id or response_type");
    }
    let code = format!("zcode-{}", uuid::Uuid::now_v7().simple());
    stub.codes
        .lock()
        .unwrap()
        .insert(code.clone(), query.redirect_uri.clone());
    let mut back = url::Url::parse(&query.redirect_uri).expect("redirect_uri is a URL");
    back.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", &query.state);
    HttpResponse::Found()
        .insert_header((header::LOCATION, back.to_string()))
        .finish()
}

fn basic_auth_ok(request: &HttpRequest) -> bool {
    let expected =
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"));
    request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        == Some(expected.as_str())
}

async fn token(
    stub: web::Data<Stub>,
    request: HttpRequest,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    if !basic_auth_ok(&request) {
        stub.basic_auth_failures.fetch_add(1, Ordering::SeqCst);
        return HttpResponse::Unauthorized().json(
            json!({"reason": "Invalid client_id or client_secret", "error": "invalid_client"}),
        );
    }
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    match field("grant_type") {
        "authorization_code" => {
            let issued_for = stub.codes.lock().unwrap().remove(field("code"));
            if issued_for.as_deref() != Some(field("redirect_uri")) {
                return oauth_error("invalid_grant", "Invalid authorization code");
            }
            stub.code_grants.fetch_add(1, Ordering::SeqCst);
        }
        "refresh_token" => {
            let current = stub.refresh.lock().unwrap().clone();
            if current.is_none() || current.as_deref() != Some(field("refresh_token")) {
                return oauth_error("invalid_grant", "Invalid Token!");
            }
            stub.refresh_grants.fetch_add(1, Ordering::SeqCst);
        }
        _ => return oauth_error("unsupported_grant_type", "Unsupported grant type"),
    }
    let id = uuid::Uuid::now_v7().simple();
    let access = format!("zoom-access-{id}");
    let refresh = format!("zoom-refresh-{id}");
    *stub.access.lock().unwrap() = Some(access.clone());
    *stub.refresh.lock().unwrap() = Some(refresh.clone());
    HttpResponse::Ok().json(json!({
        "access_token": access,
        "token_type": "bearer",
        "refresh_token": refresh,
        "expires_in": stub.expires_in.load(Ordering::SeqCst),
        "scope": "cloud_recording:read:list_user_recordings cloud_recording:read:recording",
        "api_url": "https://api.zoom.us",
    }))
}

/// Zoom's 401 (code 124) for any bearer but the latest access token.
fn refusal(stub: &Stub, request: &HttpRequest) -> Option<HttpResponse> {
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let current = stub.access.lock().unwrap().clone();
    if bearer.is_some() && bearer == current.as_deref() {
        return None;
    }
    stub.rejected_tokens.fetch_add(1, Ordering::SeqCst);
    Some(zoom_error(
        StatusCode::UNAUTHORIZED,
        124,
        "Invalid access token.",
    ))
}

fn start_time(day: u32) -> String {
    format!("2025-03-{day:02}T09:00:00Z")
}

fn meeting_json(stub: &Stub, meeting: &StubMeeting, index: usize) -> Value {
    let files: Vec<Value> = meeting
        .files
        .iter()
        .map(|f| {
            json!({
                "id": f.id,
                "meeting_id": meeting.uuid,
                "recording_start": start_time(meeting.day),
                "recording_end": format!("2025-03-{:02}T09:50:00Z", meeting.day),
                "file_type": f.file_type,
                "file_extension": f.file_type,
                "file_size": f.size,
                "play_url": format!("{}/rec/play/{}", stub.base, f.id),
                "download_url": format!("{}/rec/download/{}", stub.base, f.id),
                "status": if f.processing { "processing" } else { "completed" },
                "recording_type": f.recording_type,
            })
        })
        .collect();
    json!({
        "uuid": meeting.uuid,
        "id": 81_234_567_890i64 + index as i64,
        "account_id": "stub-account",
        "host_id": "stub-host",
        "topic": meeting.topic,
        "type": 2,
        "start_time": start_time(meeting.day),
        "timezone": "Asia/Seoul",
        "duration": 50,
        "total_size": meeting.files.iter().map(|f| f.size).sum::<u64>(),
        "recording_count": meeting.files.len(),
        "share_url": format!("{}/rec/share/{index}", stub.base),
        "recording_files": files,
    })
}

#[derive(Deserialize)]
struct ListQuery {
    from: Option<String>,
    to: Option<String>,
    page_size: Option<usize>,
    next_page_token: Option<String>,
}

async fn list(
    stub: web::Data<Stub>,
    request: HttpRequest,
    query: web::Query<ListQuery>,
) -> HttpResponse {
    if let Some(refused) = refusal(&stub, &request) {
        return refused;
    }
    let date = |value: &Option<String>| {
        value
            .as_deref()
            .map(|v| chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d"))
            .transpose()
    };
    let (Ok(from), Ok(to)) = (date(&query.from), date(&query.to)) else {
        return zoom_error(
            StatusCode::BAD_REQUEST,
            300,
            "Invalid date format: use yyyy-mm-dd",
        );
    };
    let today = chrono::Utc::now().date_naive();
    let from = from.unwrap_or(today);
    let to = to.unwrap_or(today);
    if to < from || to - from > chrono::TimeDelta::days(31) {
        return zoom_error(
            StatusCode::BAD_REQUEST,
            300,
            "The date range must be within a month",
        );
    }
    let page_size = query.page_size.unwrap_or(30);
    if !(1..=300).contains(&page_size) {
        return zoom_error(StatusCode::BAD_REQUEST, 300, "page_size must be 1 to 300");
    }
    let start = match query.next_page_token.as_deref().filter(|t| !t.is_empty()) {
        None => 0,
        Some(token) => match stub.page_tokens.lock().unwrap().get(token) {
            Some(start) => *start,
            None => return zoom_error(StatusCode::BAD_REQUEST, 300, "Invalid next_page_token"),
        },
    };
    let in_range: Vec<(usize, &StubMeeting)> = stub
        .meetings
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            let day = chrono::NaiveDate::from_ymd_opt(2025, 3, m.day).unwrap();
            from <= day && day <= to
        })
        .collect();
    let end = (start + page_size).min(in_range.len());
    let meetings: Vec<Value> = in_range[start.min(end)..end]
        .iter()
        .map(|(index, m)| meeting_json(&stub, m, *index))
        .collect();
    let next = if end < in_range.len() {
        let token = format!("zpt{}", uuid::Uuid::now_v7().simple());
        stub.page_tokens.lock().unwrap().insert(token.clone(), end);
        token
    } else {
        String::new()
    };
    HttpResponse::Ok().json(json!({
        "from": from.to_string(),
        "to": to.to_string(),
        "page_count": in_range.len().div_ceil(page_size),
        "page_size": page_size,
        "total_records": in_range.len(),
        "next_page_token": next,
        "meetings": meetings,
    }))
}

/// One meeting's recordings, found by the path segment exactly as sent: the UUID encoded
/// once, or twice when it starts with `/` or holds `//` (Zoom's rule).
async fn meeting(stub: web::Data<Stub>, request: HttpRequest) -> HttpResponse {
    if let Some(refused) = refusal(&stub, &request) {
        return refused;
    }
    let raw = request
        .uri()
        .path()
        .trim_start_matches("/v2/meetings/")
        .trim_end_matches("/recordings")
        .to_owned();
    let encode =
        |text: &str| -> String { url::form_urlencoded::byte_serialize(text.as_bytes()).collect() };
    let found = stub.meetings.iter().enumerate().find(|(_, m)| {
        let once = encode(&m.uuid);
        let expected = if m.uuid.starts_with('/') || m.uuid.contains("//") {
            encode(&once)
        } else {
            once
        };
        raw == expected
    });
    match found {
        Some((index, m)) => HttpResponse::Ok().json(meeting_json(&stub, m, index)),
        None => zoom_error(
            StatusCode::NOT_FOUND,
            3301,
            "This recording does not exist.",
        ),
    }
}

fn find_file<'a>(stub: &'a Stub, id: &str) -> Option<&'a StubFile> {
    stub.meetings
        .iter()
        .flat_map(|m| m.files.iter())
        .find(|f| f.id == id)
}

/// `download_url`: wants the bearer, then sends the client on to the file host (two hops).
async fn download(
    stub: web::Data<Stub>,
    request: HttpRequest,
    id: web::Path<String>,
) -> HttpResponse {
    if let Some(refused) = refusal(&stub, &request) {
        return refused;
    }
    if find_file(&stub, &id).is_none() {
        return zoom_error(
            StatusCode::NOT_FOUND,
            3301,
            "This recording does not exist.",
        );
    }
    HttpResponse::Found()
        .insert_header((header::LOCATION, format!("{}/rec/hop/{id}", stub.base)))
        .finish()
}

async fn hop(stub: web::Data<Stub>, id: web::Path<String>) -> HttpResponse {
    HttpResponse::Found()
        .insert_header((
            header::LOCATION,
            format!(
                "{}/files/{id}?fid=stub-signed-{}",
                stub.base,
                uuid::Uuid::now_v7().simple()
            ),
        ))
        .finish()
}

/// The file host: the signed URL is the credential.
async fn file_body(stub: web::Data<Stub>, id: web::Path<String>) -> HttpResponse {
    stub.downloads.fetch_add(1, Ordering::SeqCst);
    let Some(file) = find_file(&stub, &id) else {
        return HttpResponse::NotFound().finish();
    };
    let size = file.size;
    let delay = std::time::Duration::from_millis(file.chunk_delay_ms);
    let served = stub.served.clone();
    let body = futures_util::stream::unfold(0u64, move |offset| {
        let served = served.clone();
        async move {
            if offset >= size {
                return None;
            }
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let len = (size - offset).min(CHUNK as u64) as usize;
            let chunk: bytes::Bytes = (0..len as u64)
                .map(|i| pattern_byte(offset + i))
                .collect::<Vec<u8>>()
                .into();
            served.fetch_add(len as u64, Ordering::SeqCst);
            Some((Ok::<_, std::io::Error>(chunk), offset + len as u64))
        }
    });
    HttpResponse::Ok()
        .content_type("video/mp4")
        .body(SizedStream::new(size, Box::pin(body)))
}
