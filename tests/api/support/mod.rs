//! The test support: everything tests share, and nothing else does (no test file imports
//! another). `TestApp` starts the real app on port 0 with an isolated database (a fresh SQLite file,
//! or a fresh PostgreSQL schema when `VIVID_TEST_POSTGRES` names a database), and Redis with a
//! unique key prefix when `VIVID_TEST_REDIS_URL` is set (in-process stores otherwise).

pub mod aws;
pub mod google_stub;
pub mod imports;
pub mod media;
pub mod mediaconvert_stub;
pub mod peer;
pub mod processes;
pub mod stub_server;
pub mod tcp_proxy;
pub mod webex_stub;
pub mod zoom_stub;

use std::sync::OnceLock;

use actix_web::cookie::Cookie;
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::{Response, StatusCode};
use secrecy::SecretString;
use serde_json::{Value, json};
use tempfile::TempDir;
use vivid::config::Settings;
use vivid::startup::Application;

use self::google_stub::GoogleStub;

pub const PUBLIC_URL: &str = "http://client.test";

pub struct TestApp {
    pub address: String,
    /// Where its `/metrics` is served (the internal listener), when known.
    pub metrics_address: Option<String>,
    pub http: reqwest::Client,
    pub settings: Settings,
    _dir: std::sync::Arc<TempDir>,
}

/// A signed-in user. Requests made through it carry its access token:
/// `ada.get("/api/me")`, `ada.post(path, body)`.
#[derive(Clone, Debug)]
pub struct Session {
    pub user_id: String,
    pub email: String,
    pub token: String,
    pub refresh: String,
    http: reqwest::Client,
    address: String,
}

impl Session {
    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.address))
            .bearer_auth(&self.token)
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Response {
        request.send().await.expect("request sent")
    }

    pub async fn get(&self, path: &str) -> Response {
        self.send(self.request(reqwest::Method::GET, path)).await
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.send(self.request(reqwest::Method::DELETE, path)).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.send(self.request(reqwest::Method::POST, path).json(&body))
            .await
    }

    pub async fn put(&self, path: &str, body: Value) -> Response {
        self.send(self.request(reqwest::Method::PUT, path).json(&body))
            .await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Response {
        self.send(self.request(reqwest::Method::PATCH, path).json(&body))
            .await
    }
}

pub fn redis_url() -> Option<String> {
    std::env::var("VIVID_TEST_REDIS_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

/// Points `settings` at Redis with a key prefix of its own, for tests that need Redis even in
/// the SQLite pass (several instances); `scripts/test` names the Redis it runs.
pub fn use_redis(settings: &mut Settings) -> String {
    let url = redis_url()
        .or_else(|| std::env::var("VIVID_TEST_REDIS_FALLBACK").ok())
        .unwrap_or_else(|| "redis://127.0.0.1:6379".into());
    settings.redis.url = Some(SecretString::from(url.clone()));
    settings.redis.key_prefix = format!("vivid-test:{}:", uuid::Uuid::now_v7().simple());
    url
}

/// Settings for one test: its own data dir and database, port 0, Redis when configured.
pub async fn test_settings() -> (Settings, std::sync::Arc<TempDir>) {
    let dir = std::sync::Arc::new(tempfile::tempdir().expect("temp dir"));
    let mut settings = Settings::defaults().expect("defaults");
    settings.data_dir = dir.path().to_path_buf();
    settings.http.addr = "127.0.0.1:0".into();
    settings.http.metrics_addr = "127.0.0.1:0".into();
    settings.http.public_url = PUBLIC_URL.into();
    settings.http.shutdown_timeout = std::time::Duration::from_secs(1);
    settings.http.client_dir = dir.path().join("no-client");
    settings.database.max_connections = 4;
    settings.database.url = Some(SecretString::from(fresh_database_url(&dir).await));
    if let Some(url) = redis_url() {
        settings.redis.url = Some(SecretString::from(url));
        settings.redis.key_prefix = format!("vivid-test:{}:", uuid::Uuid::now_v7().simple());
    }
    settings.log.level = "warn".into();
    // Tests open sockets by the hundred as one user; tests/api/limits.rs sets its own limits.
    settings.limits.tickets_per_minute = 1_000_000;
    // Reuse is theft at once (tests/api/auth.rs sets a grace to test two tabs).
    settings.auth.refresh_reuse_grace = std::time::Duration::ZERO;
    // Not the embedded default (a started binary would replace that with its own), so
    // in-process apps and started binaries sharing a test sign the same tokens.
    settings.auth.jwt_secret =
        SecretString::from(format!("test-{}", uuid::Uuid::now_v7().simple()));
    (settings, dir)
}

async fn fresh_database_url(dir: &TempDir) -> String {
    match std::env::var("VIVID_TEST_POSTGRES")
        .ok()
        .filter(|u| !u.is_empty())
    {
        Some(base) => fresh_postgres_schema(&base).await,
        None => format!("sqlite://{}", dir.path().join("vivid.db").display()),
    }
}

/// Creates a schema of its own for one test and returns a URL whose connections use it.
pub async fn fresh_postgres_schema(base: &str) -> String {
    let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
    let mut conn = AsyncPgConnection::establish(base)
        .await
        .expect("VIVID_TEST_POSTGRES must name a reachable database");
    conn.batch_execute(&format!("CREATE SCHEMA {schema}"))
        .await
        .expect("create schema");
    let separator = if base.contains('?') { '&' } else { '?' };
    format!("{base}{separator}options=-csearch_path%3D{schema}")
}

pub fn init_tracing() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        if std::env::var_os("TEST_LOG").is_some() {
            let _ = tracing_subscriber::fmt().with_env_filter("info").try_init();
        }
    });
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        let (settings, dir) = test_settings().await;
        Self::spawn_with(settings, dir).await
    }

    /// With a Google stub standing in for Google's endpoints.
    pub async fn spawn_with_google(google: &GoogleStub) -> TestApp {
        let (mut settings, dir) = test_settings().await;
        google.configure(&mut settings);
        Self::spawn_with(settings, dir).await
    }

    pub async fn spawn_with(settings: Settings, dir: std::sync::Arc<TempDir>) -> TestApp {
        init_tracing();
        settings.validate().expect("test settings are valid");
        let app = Application::build(settings.clone())
            .await
            .expect("the app builds");
        Self::adopt(app, settings, dir)
    }

    /// Serves an application built by the test itself (e.g. with overrides).
    pub fn adopt(app: Application, settings: Settings, dir: std::sync::Arc<TempDir>) -> TestApp {
        init_tracing();
        let address = format!("http://127.0.0.1:{}", app.port());
        let metrics = app
            .metrics_port()
            .map(|port| format!("http://127.0.0.1:{port}"));
        tokio::spawn(app.run_until_stopped());
        let mut test_app = Self::attach(address, settings, dir);
        test_app.metrics_address = metrics;
        test_app
    }

    /// A server already running elsewhere (a child process) at `address`.
    pub fn attach(address: String, settings: Settings, dir: std::sync::Arc<TempDir>) -> TestApp {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        TestApp {
            address,
            metrics_address: None,
            http,
            settings,
            _dir: dir,
        }
    }

    /// The same data and stores as `self`, served by a second instance.
    pub async fn spawn_sibling(&self) -> TestApp {
        let mut settings = self.settings.clone();
        settings.database.migrate_on_start = false;
        Self::spawn_with(settings, self._dir.clone()).await
    }

    /// The Prometheus text its internal listener serves at `/metrics`.
    pub async fn metrics(&self) -> String {
        let address = self
            .metrics_address
            .as_ref()
            .expect("this instance serves metrics on a known address");
        let response = self
            .http
            .get(format!("{address}/metrics"))
            .send()
            .await
            .expect("metrics answer");
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        response.text().await.unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.send(self.http.get(self.url(path)), token).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Response {
        self.send(self.http.delete(self.url(path)), token).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.send(self.http.post(self.url(path)).json(&body), token)
            .await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.send(self.http.put(self.url(path)).json(&body), token)
            .await
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.send(self.http.patch(self.url(path)).json(&body), token)
            .await
    }

    /// A POST with a raw body and content type (for malformed-input tests).
    pub async fn post_raw(
        &self,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> Response {
        let request = self
            .http
            .post(self.url(path))
            .header("content-type", content_type)
            .body(body);
        self.send(request, token).await
    }

    async fn send(&self, request: reqwest::RequestBuilder, token: Option<&str>) -> Response {
        let request = match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        };
        request.send().await.expect("request sent")
    }

    /// Signs in with the dev login (signing up on first use).
    pub async fn login(&self, email: &str) -> Session {
        let name = email.split('@').next().unwrap();
        let response = self
            .post(
                "/api/auth/dev-login",
                None,
                json!({"email": email, "name": name}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK, "dev login of {email}");
        let refresh = cookie(&response, "vivid_refresh").expect("refresh cookie");
        let body: Value = response.json().await.unwrap();
        let token = body["access_token"].as_str().unwrap().to_owned();
        let me: Value = ok_json(self.get("/api/me", Some(&token)).await).await;
        Session {
            user_id: me["id"].as_str().unwrap().to_owned(),
            email: email.to_lowercase(),
            token,
            refresh: refresh.value().to_owned(),
            http: self.http.clone(),
            address: self.address.clone(),
        }
    }

    /// `POST /api/auth/token` with the given refresh token as cookie.
    pub async fn refresh(&self, refresh: &str) -> Response {
        self.http
            .post(self.url("/api/auth/token"))
            .header(COOKIE, format!("vivid_refresh={refresh}"))
            .send()
            .await
            .unwrap()
    }

    pub async fn create_space(&self, host: &Session, name: &str) -> String {
        let response = self
            .post(
                "/api/spaces",
                Some(&host.token),
                json!({"name": name, "description": "about"}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let space: Value = response.json().await.unwrap();
        space["id"].as_str().unwrap().to_owned()
    }

    pub async fn invite(&self, host: &Session, space: &str, email: &str) -> Value {
        let response = self
            .post(
                &format!("/api/spaces/{space}/participants"),
                Some(&host.token),
                json!({"email": email}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "invite {email}");
        response.json().await.unwrap()
    }

    /// The invitee accepts their pending invitation to `space`; answers the space.
    pub async fn accept_invitation(&self, invitee: &Session, space: &str) -> Value {
        let pending = ok_json(invitee.get("/api/me/invitations?limit=100").await).await;
        let invitation = pending["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["space"]["id"] == space)
            .unwrap_or_else(|| panic!("{} has no invitation to {space}: {pending}", invitee.email));
        let accept = format!(
            "/api/me/invitations/{}/accept",
            invitation["id"].as_str().unwrap()
        );
        ok_json(invitee.post(&accept, json!({})).await).await
    }

    /// Invites `member` to the host's space, and they accept: a joined participant.
    pub async fn add_member(&self, host: &Session, space: &str, member: &Session) {
        self.invite(host, space, &member.email).await;
        self.accept_invitation(member, space).await;
    }

    pub async fn create_video(&self, who: &Session, space: &str, title: &str) -> String {
        let response = self
            .post(
                &format!("/api/spaces/{space}/videos"),
                Some(&who.token),
                json!({"title": title, "size": 1_000_000, "content_type": "video/mp4"}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "create video");
        let video: Value = response.json().await.unwrap();
        video["id"].as_str().unwrap().to_owned()
    }

    /// A space hosted by a new user, with a joined participant and a video.
    pub async fn space_with_members(&self) -> Members {
        let host = self.login(&unique_email("host")).await;
        let participant = self.login(&unique_email("participant")).await;
        let outsider = self.login(&unique_email("outsider")).await;
        let space = self.create_space(&host, "Algorithms").await;
        self.add_member(&host, &space, &participant).await;
        let video = self.create_video(&host, &space, "Lecture 1").await;
        Members {
            host,
            participant,
            outsider,
            space,
            video,
        }
    }
}

pub struct Members {
    pub host: Session,
    pub participant: Session,
    pub outsider: Session,
    pub space: String,
    pub video: String,
}

/// The ids of the spaces `who` is in (their first 100).
pub async fn space_ids(who: &Session) -> Vec<String> {
    let spaces = ok_json(who.get("/api/spaces?limit=100").await).await;
    spaces["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|space| space["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Every item of `GET {path}` (which has a query string), `limit` at a time.
pub async fn all_pages(who: &Session, path: &str, limit: u32) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(cursor) => format!("{path}&limit={limit}&cursor={cursor}"),
            None => format!("{path}&limit={limit}"),
        };
        let page = ok_json(who.get(&url).await).await;
        let got = page["items"].as_array().unwrap();
        assert!(got.len() <= limit as usize);
        items.extend(got.iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return items,
        }
    }
}

pub fn unique_email(who: &str) -> String {
    format!("{who}-{}@example.com", uuid::Uuid::now_v7().simple())
}

pub fn cookie(response: &Response, name: &str) -> Option<Cookie<'static>> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| Cookie::parse(value.to_owned()).ok())
        .find(|cookie| cookie.name() == name)
}

/// Asserts a 2xx and returns the JSON body.
pub async fn ok_json(response: Response) -> Value {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert!(
        status.is_success(),
        "expected success, got {status}: {body}"
    );
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

/// Asserts the status and the error `code`; returns the error body.
pub async fn assert_error(response: Response, status: StatusCode, code: &str) -> Value {
    let actual = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(actual, status, "status (body: {body})");
    assert_eq!(body["code"], code, "code (body: {body})");
    assert!(body["message"].is_string(), "message (body: {body})");
    body
}
