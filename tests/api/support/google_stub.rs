//! A local stand-in for Google's OAuth token endpoint and OpenID userinfo endpoint, speaking
//! their real shapes, so the server's real OIDC client code runs in tests.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::SecretString;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use vivid::config::Settings;

use super::stub_server;

pub const CLIENT_ID: &str = "test-client.apps.googleusercontent.com";
pub const CLIENT_SECRET: &str = "test-client-secret";

#[derive(Default)]
struct Stub {
    /// code → (PKCE challenge, profile)
    grants: Mutex<HashMap<String, (String, Value)>>,
    /// access token → profile
    tokens: Mutex<HashMap<String, Value>>,
    /// Every code_verifier the token endpoint received.
    verifiers: Mutex<Vec<String>>,
}

pub struct GoogleStub {
    pub base: String,
    stub: Arc<Stub>,
}

impl GoogleStub {
    pub async fn start() -> Self {
        let stub = Arc::new(Stub::default());
        let (listener, base) = stub_server::listener();
        stub_server::serve(listener, stub.clone(), |routes| {
            routes
                .route("/token", web::post().to(token))
                .route("/userinfo", web::get().to(userinfo));
        });
        Self { base, stub }
    }

    pub fn configure(&self, settings: &mut Settings) {
        settings.google.client_id = Some(CLIENT_ID.into());
        settings.google.client_secret = SecretString::from(CLIENT_SECRET);
        settings.google.auth_url = "https://accounts.example.test/o/oauth2/v2/auth".into();
        settings.google.token_url = format!("{}/token", self.base);
        settings.google.userinfo_url = format!("{}/userinfo", self.base);
    }

    /// What Google would do when the person consents: issue a code bound to the PKCE
    /// challenge of the authorization request.
    pub fn consent(&self, challenge: &str, profile: Value) -> String {
        let code = format!("code-{}", uuid::Uuid::now_v7().simple());
        self.stub
            .grants
            .lock()
            .unwrap()
            .insert(code.clone(), (challenge.to_owned(), profile));
        code
    }

    pub fn verifiers_seen(&self) -> Vec<String> {
        self.stub.verifiers.lock().unwrap().clone()
    }
}

pub fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

async fn token(
    stub: web::Data<Stub>,
    request: HttpRequest,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let client_authenticated = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|v| base64::engine::general_purpose::STANDARD.decode(v).ok())
        .map(|v| String::from_utf8_lossy(&v).into_owned())
        == Some(format!("{CLIENT_ID}:{CLIENT_SECRET}"));
    if !client_authenticated {
        return HttpResponse::Unauthorized().json(json!({"error": "invalid_client"}));
    }
    if form.get("grant_type").map(String::as_str) != Some("authorization_code") {
        return HttpResponse::BadRequest().json(json!({"error": "unsupported_grant_type"}));
    }
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    stub.verifiers.lock().unwrap().push(verifier.clone());
    let code = form.get("code").cloned().unwrap_or_default();
    let Some((challenge, profile)) = stub.grants.lock().unwrap().remove(&code) else {
        return HttpResponse::BadRequest().json(json!({"error": "invalid_grant"}));
    };
    if s256(&verifier) != challenge {
        return HttpResponse::BadRequest()
            .json(json!({"error": "invalid_grant", "error_description": "PKCE mismatch"}));
    }
    let access = format!("at-{}", uuid::Uuid::now_v7().simple());
    stub.tokens.lock().unwrap().insert(access.clone(), profile);
    HttpResponse::Ok().json(json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": 3599,
        "scope": "openid email profile",
        "id_token": "not-checked-by-the-server"
    }))
}

async fn userinfo(stub: web::Data<Stub>, request: HttpRequest) -> HttpResponse {
    let token = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    match stub.tokens.lock().unwrap().get(token) {
        Some(profile) => HttpResponse::Ok().json(profile),
        None => HttpResponse::Unauthorized().json(json!({"error": "invalid_token"})),
    }
}
