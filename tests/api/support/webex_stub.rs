//! A local stand-in for the Webex REST API, speaking its real shapes, so the server's real
//! Webex client code runs in tests: the OAuth consent page (`GET /v1/authorize`, which
//! "consents" at once and sends the browser back with a code), the token endpoint
//! (`POST /v1/access_token`, both grants), the recordings list (`GET /v1/recordings`, paged
//! with a `Link: <…>; rel="next"` header), a recording's details (`GET /v1/recordings/{id}`,
//! with its temporary download link) and the download itself, generated on the fly in 64 KiB
//! chunks (a 50 MB recording is never a 50 MB buffer here either).
//!
//! Every token is single-generation: each grant issues a new access token and a new refresh
//! token, and only the latest of each is accepted, so a server that keeps using an old one
//! (or forgets to store a rotated refresh token) fails loudly.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use actix_web::body::SizedStream;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use bytes::Bytes;
use secrecy::SecretString;
use serde::Deserialize;
use serde_json::{Value, json};
use vivid::config::Settings;

use super::stub_server;

pub const CLIENT_ID: &str = "C0123456789abcdef-test-client";
pub const CLIENT_SECRET: &str = "webex-test-client-secret";
/// Webex's default access-token lifetime (14 days), in seconds.
pub const DEFAULT_EXPIRES_IN: i64 = 1_209_599;
/// The size of the big recording: 50 MiB.
pub const BIG_SIZE: u64 = 50 * 1024 * 1024;
/// The size of each of the small recordings.
pub const SMALL_SIZE: u64 = 256 * 1024;
/// The download route sends the body in chunks of this size.
pub const CHUNK: usize = 64 * 1024;

/// A recording whose download link answers 500.
pub const BROKEN_500: &str = "rec-broken-500";
/// A recording whose download drops the connection after 1 MiB of a promised 10 MiB.
pub const BROKEN_DROP: &str = "rec-broken-drop";
/// A recording whose download redirects to a host outside the allowed ones (`localhost`
/// instead of the stub's `127.0.0.1`).
pub const REDIRECTS_AWAY: &str = "rec-redirects-away";

/// The byte at `position` of every recording's body (a pattern, so a test can check the copy).
pub fn pattern_byte(position: u64) -> u8 {
    (position % 251) as u8
}

#[derive(Clone, Copy, Debug)]
enum Download {
    /// The whole body.
    Whole,
    /// 500 Internal Server Error.
    Status500,
    /// The promised length, then the connection drops after this many bytes.
    DropAfter(u64),
    /// 302 to the same download on another host name.
    RedirectAway,
}

#[derive(Clone, Debug)]
pub struct StubRecording {
    pub id: String,
    pub topic: String,
    pub size: u64,
    listed: bool,
    download: Download,
}

struct Stub {
    base: String,
    expires_in: AtomicI64,
    /// Codes the token endpoint accepts once, with the redirect URI they were issued for.
    codes: Mutex<HashMap<String, Option<String>>>,
    /// The only access token the API accepts.
    access: Mutex<Option<String>>,
    /// The only refresh token the token endpoint accepts.
    refresh: Mutex<Option<String>>,
    code_grants: AtomicUsize,
    refresh_grants: AtomicUsize,
    rejected_tokens: AtomicUsize,
    /// Every redirect_uri the token endpoint was sent.
    redirect_uris: Mutex<Vec<String>>,
    recordings: Vec<StubRecording>,
    downloads: AtomicUsize,
}

pub struct WebexStub {
    pub base: String,
    stub: Arc<Stub>,
}

fn catalogue() -> Vec<StubRecording> {
    let listed = |id: &str, topic: &str, size: u64| StubRecording {
        id: id.to_owned(),
        topic: topic.to_owned(),
        size,
        listed: true,
        download: Download::Whole,
    };
    let mut recordings = vec![
        listed("rec-big", "Algorithms lecture 1 (long)", BIG_SIZE),
        listed("rec-2", "Algorithms lecture 2", SMALL_SIZE),
        listed("rec-3", "Algorithms lecture 3", SMALL_SIZE),
        listed("rec-4", "Office hours", SMALL_SIZE),
        listed("rec-5", "Exam review", SMALL_SIZE),
    ];
    recordings.push(StubRecording {
        download: Download::Status500,
        listed: false,
        ..listed(BROKEN_500, "Corrupt in Webex", SMALL_SIZE)
    });
    recordings.push(StubRecording {
        download: Download::DropAfter(1024 * 1024),
        listed: false,
        ..listed(BROKEN_DROP, "Flaky download", 10 * 1024 * 1024)
    });
    recordings.push(StubRecording {
        download: Download::RedirectAway,
        listed: false,
        ..listed(REDIRECTS_AWAY, "Moved elsewhere", SMALL_SIZE)
    });
    recordings
}

impl WebexStub {
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
            redirect_uris: Mutex::default(),
            recordings: catalogue(),
            downloads: AtomicUsize::new(0),
        });
        stub_server::serve(listener, stub.clone(), |routes| {
            routes
                .route("/v1/authorize", web::get().to(authorize))
                .route("/v1/access_token", web::post().to(access_token))
                .route("/v1/recordings", web::get().to(list_recordings))
                .route("/v1/recordings/{id}", web::get().to(recording))
                .route("/downloads/{id}", web::get().to(download));
        });
        Self { base, stub }
    }

    /// Points the server's Webex settings at this stub.
    pub fn configure(&self, settings: &mut Settings) {
        settings.webex.client_id = Some(CLIENT_ID.into());
        settings.webex.client_secret = SecretString::from(CLIENT_SECRET);
        settings.webex.authorize_url = format!("{}/v1/authorize", self.base);
        settings.webex.api_url = self.base.clone();
        settings.webex.download_hosts = "127.0.0.1".into();
    }

    /// The same, as environment variables for a server process.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("VIVID__WEBEX__CLIENT_ID", CLIENT_ID.to_owned()),
            ("VIVID__WEBEX__CLIENT_SECRET", CLIENT_SECRET.to_owned()),
            (
                "VIVID__WEBEX__AUTHORIZE_URL",
                format!("{}/v1/authorize", self.base),
            ),
            ("VIVID__WEBEX__API_URL", self.base.clone()),
            ("VIVID__WEBEX__DOWNLOAD_HOSTS", "127.0.0.1".to_owned()),
        ]
    }

    /// The lifetime given to access tokens issued from now on (a value under the server's
    /// 60 s margin makes it refresh before every use).
    pub fn set_expires_in(&self, seconds: i64) {
        self.stub.expires_in.store(seconds, Ordering::SeqCst);
    }

    /// What Webex does when the person consents: a single-use code for the token endpoint.
    pub fn issue_code(&self) -> String {
        let code = format!("code-{}", uuid::Uuid::now_v7().simple());
        self.stub.codes.lock().unwrap().insert(code.clone(), None);
        code
    }

    /// The access token the API accepts now (the latest issued).
    pub fn access_token(&self) -> Option<String> {
        self.stub.access.lock().unwrap().clone()
    }

    /// The refresh token the token endpoint accepts now (the latest issued).
    pub fn refresh_token(&self) -> Option<String> {
        self.stub.refresh.lock().unwrap().clone()
    }

    /// Revokes every token, as when the person removes the integration in Webex.
    pub fn revoke_all(&self) {
        *self.stub.access.lock().unwrap() = None;
        *self.stub.refresh.lock().unwrap() = None;
    }

    pub fn code_grants(&self) -> usize {
        self.stub.code_grants.load(Ordering::SeqCst)
    }

    pub fn refresh_grants(&self) -> usize {
        self.stub.refresh_grants.load(Ordering::SeqCst)
    }

    /// API calls refused for a missing, stale or unknown bearer token.
    pub fn rejected_tokens(&self) -> usize {
        self.stub.rejected_tokens.load(Ordering::SeqCst)
    }

    pub fn redirect_uris(&self) -> Vec<String> {
        self.stub.redirect_uris.lock().unwrap().clone()
    }

    /// Download requests received (any recording, any outcome).
    pub fn downloads(&self) -> usize {
        self.stub.downloads.load(Ordering::SeqCst)
    }

    /// The recordings the list endpoint pages through, in order.
    pub fn listed(&self) -> Vec<StubRecording> {
        self.stub
            .recordings
            .iter()
            .filter(|r| r.listed)
            .cloned()
            .collect()
    }
}

/// Webex's error body.
fn webex_error(status: actix_web::http::StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({
        "message": message,
        "errors": [{"description": message}],
        "trackingId": format!("STUB_{}", uuid::Uuid::now_v7().simple()),
    }))
}

#[derive(Deserialize)]
struct AuthorizeQuery {
    client_id: String,
    response_type: String,
    redirect_uri: String,
    scope: String,
    state: String,
}

/// The consent page, consenting at once: back to `redirect_uri` with a code and the state.
async fn authorize(stub: web::Data<Stub>, query: web::Query<AuthorizeQuery>) -> HttpResponse {
    if query.client_id != CLIENT_ID || query.response_type != "code" || query.scope.is_empty() {
        return webex_error(
            actix_web::http::StatusCode::BAD_REQUEST,
            "invalid authorize request",
        );
    }
    let code = format!("code-{}", uuid::Uuid::now_v7().simple());
    stub.codes
        .lock()
        .unwrap()
        .insert(code.clone(), Some(query.redirect_uri.clone()));
    let mut back = url::Url::parse(&query.redirect_uri).expect("redirect_uri is a URL");
    back.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", &query.state);
    HttpResponse::Found()
        .insert_header((header::LOCATION, back.to_string()))
        .finish()
}

async fn access_token(
    stub: web::Data<Stub>,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    if field("client_id") != CLIENT_ID || field("client_secret") != CLIENT_SECRET {
        return webex_error(
            actix_web::http::StatusCode::UNAUTHORIZED,
            "invalid client credentials",
        );
    }
    match field("grant_type") {
        "authorization_code" => {
            stub.redirect_uris
                .lock()
                .unwrap()
                .push(field("redirect_uri").to_owned());
            let issued_for = stub.codes.lock().unwrap().remove(field("code"));
            let valid = match issued_for {
                Some(Some(redirect_uri)) => redirect_uri == field("redirect_uri"),
                Some(None) => true,
                None => false,
            };
            if !valid {
                return webex_error(
                    actix_web::http::StatusCode::BAD_REQUEST,
                    "invalid or expired authorization code",
                );
            }
            stub.code_grants.fetch_add(1, Ordering::SeqCst);
        }
        "refresh_token" => {
            let current = stub.refresh.lock().unwrap().clone();
            if current.is_none() || current.as_deref() != Some(field("refresh_token")) {
                return webex_error(
                    actix_web::http::StatusCode::BAD_REQUEST,
                    "invalid refresh token",
                );
            }
            stub.refresh_grants.fetch_add(1, Ordering::SeqCst);
        }
        _ => {
            return webex_error(
                actix_web::http::StatusCode::BAD_REQUEST,
                "unsupported grant_type",
            );
        }
    }
    let id = uuid::Uuid::now_v7().simple();
    let access = format!("stub-access-{id}");
    let refresh = format!("stub-refresh-{id}");
    *stub.access.lock().unwrap() = Some(access.clone());
    *stub.refresh.lock().unwrap() = Some(refresh.clone());
    HttpResponse::Ok().json(json!({
        "access_token": access,
        "expires_in": stub.expires_in.load(Ordering::SeqCst),
        "refresh_token": refresh,
        "refresh_token_expires_in": 7_775_999,
        "token_type": "Bearer",
    }))
}

/// Webex's 401 for any bearer but the latest access token; `None` for that one.
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
    Some(webex_error(
        actix_web::http::StatusCode::UNAUTHORIZED,
        "The request requires a valid access token set in the Authorization request header.",
    ))
}

fn listing(recording: &StubRecording, index: usize) -> Value {
    json!({
        "id": recording.id,
        "meetingId": format!("meeting-{index}"),
        "topic": recording.topic,
        "createTime": created_at(index),
        "timeRecorded": format!("2025-03-{:02}T08:00:00Z", index + 1),
        "hostEmail": "host@example.com",
        "durationSeconds": 3000 + index as i64,
        "sizeBytes": recording.size,
        "format": "MP4",
        "serviceType": "MeetingCenter",
        "status": "available",
    })
}

#[derive(Deserialize)]
struct ListQuery {
    max: Option<usize>,
    cursor: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// When the listing of the recording at `index` says it was created.
fn created_at(index: usize) -> String {
    format!("2025-03-{:02}T09:00:00Z", index + 1)
}

/// Webex's rules for `from` (inclusive) and `to` (exclusive): ISO 8601, `to` not before
/// `from`, at most 30 days apart.
type Range = (
    Option<chrono::DateTime<chrono::FixedOffset>>,
    Option<chrono::DateTime<chrono::FixedOffset>>,
);

fn webex_range(query: &ListQuery) -> Result<Range, &'static str> {
    let parse = |value: &Option<String>| {
        value
            .as_deref()
            .map(chrono::DateTime::parse_from_rfc3339)
            .transpose()
            .map_err(|_| "from and to must be ISO 8601")
    };
    let (from, to) = (parse(&query.from)?, parse(&query.to)?);
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            return Err("to cannot be before from");
        }
        if to - from > chrono::TimeDelta::days(30) {
            return Err("The interval between from and to must be within 30 days");
        }
    }
    Ok((from, to))
}

async fn list_recordings(
    stub: web::Data<Stub>,
    request: HttpRequest,
    query: web::Query<ListQuery>,
) -> HttpResponse {
    if let Some(refused) = refusal(&stub, &request) {
        return refused;
    }
    let max = query.max.unwrap_or(10).clamp(1, 100);
    let start: usize = match query.cursor.as_deref().map(str::parse) {
        None => 0,
        Some(Ok(start)) => start,
        Some(Err(_)) => {
            return webex_error(actix_web::http::StatusCode::BAD_REQUEST, "invalid cursor");
        }
    };
    let (from, to) = match webex_range(&query) {
        Ok(range) => range,
        Err(message) => return webex_error(actix_web::http::StatusCode::BAD_REQUEST, message),
    };
    let in_range = |index: usize| {
        let created = chrono::DateTime::parse_from_rfc3339(&created_at(index)).unwrap();
        from.is_none_or(|from| created >= from) && to.is_none_or(|to| created < to)
    };
    // Each listed recording keeps its index (and so its creation time) whatever the range.
    let listed: Vec<_> = stub
        .recordings
        .iter()
        .filter(|r| r.listed)
        .enumerate()
        .filter(|(index, _)| in_range(*index))
        .collect();
    let end = (start + max).min(listed.len());
    let items: Vec<Value> = listed[start.min(end)..end]
        .iter()
        .map(|(index, recording)| listing(recording, *index))
        .collect();
    let mut response = HttpResponse::Ok();
    if end < listed.len() {
        let mut next = format!("{}/v1/recordings?max={max}&cursor={end}", stub.base);
        for (name, value) in [("from", &query.from), ("to", &query.to)] {
            if let Some(value) = value {
                next.push_str(&format!("&{name}={}", value.replace('+', "%2B")));
            }
        }
        response.insert_header((header::LINK, format!("<{next}>; rel=\"next\"")));
    }
    response.json(json!({ "items": items }))
}

async fn recording(
    stub: web::Data<Stub>,
    request: HttpRequest,
    id: web::Path<String>,
) -> HttpResponse {
    if let Some(refused) = refusal(&stub, &request) {
        return refused;
    }
    let Some((index, recording)) = stub
        .recordings
        .iter()
        .enumerate()
        .find(|(_, r)| r.id == *id)
    else {
        return webex_error(
            actix_web::http::StatusCode::NOT_FOUND,
            "The requested resource could not be found.",
        );
    };
    let mut detail = listing(recording, index);
    detail["temporaryDirectDownloadLinks"] = json!({
        "recordingDownloadLink": format!("{}/downloads/{}?sig=stub-signature", stub.base, recording.id),
        "audioDownloadLink": format!("{}/downloads/{}-audio?sig=stub-signature", stub.base, recording.id),
        "expiration": "2099-01-01T00:00:00Z",
    });
    detail["downloadUrl"] = json!(format!(
        "{}/recordings/{}/download",
        stub.base, recording.id
    ));
    detail["playbackUrl"] = json!(format!("{}/recordings/{}/play", stub.base, recording.id));
    HttpResponse::Ok().json(detail)
}

/// `len` bytes of the pattern starting at `offset`.
fn chunk_at(offset: u64, len: usize) -> Bytes {
    (0..len as u64)
        .map(|i| pattern_byte(offset + i))
        .collect::<Vec<u8>>()
        .into()
}

/// The temporary direct download link: no bearer (the link itself is the credential).
async fn download(stub: web::Data<Stub>, id: web::Path<String>) -> HttpResponse {
    stub.downloads.fetch_add(1, Ordering::SeqCst);
    let Some(recording) = stub.recordings.iter().find(|r| r.id == *id) else {
        return HttpResponse::NotFound().finish();
    };
    let size = recording.size;
    let stop_at = match recording.download {
        Download::Status500 => {
            return HttpResponse::InternalServerError().body("storage backend exploded");
        }
        Download::Whole => size,
        Download::DropAfter(bytes) => bytes,
        Download::RedirectAway => {
            let elsewhere = stub.base.replace("127.0.0.1", "localhost");
            return HttpResponse::Found()
                .insert_header(("location", format!("{elsewhere}/downloads/rec-2")))
                .finish();
        }
    };
    // Generated a chunk at a time as the client reads; nothing is buffered up front.
    let body = futures_util::stream::unfold(0u64, move |offset| async move {
        if offset >= size {
            return None;
        }
        if offset >= stop_at {
            let error = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "dropped");
            return Some((Err(error), size));
        }
        let len = (size - offset).min(CHUNK as u64).min(stop_at - offset) as usize;
        Some((
            Ok::<_, std::io::Error>(chunk_at(offset, len)),
            offset + len as u64,
        ))
    });
    HttpResponse::Ok()
        .content_type("video/mp4")
        .body(SizedStream::new(size, Box::pin(body)))
}
