//! Security headers on every answer: a Content-Security-Policy that allows the app's own
//! scripts, the storage origins for media and images, and no frames, plugins or foreign
//! scripts (a peer that slips a format into the shared memo still cannot embed anything);
//! `nosniff`; a referrer policy that never sends a path (signed URLs carry secrets) to
//! another origin; HSTS in production. Swagger UI gets a looser policy (its page runs an
//! inline bootstrap).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

use crate::config::{Settings, StorageBackend};

/// The header values, computed once from the settings.
#[derive(Clone)]
pub struct SecurityHeaders {
    app: HeaderValue,
    docs: HeaderValue,
    hsts: Option<HeaderValue>,
}

impl SecurityHeaders {
    pub fn new(settings: &Settings) -> Self {
        let storage = storage_origins(settings).join(" ");
        let app = format!(
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data: blob: {storage}; media-src 'self' blob: {storage}; \
             connect-src 'self' {storage}; font-src 'self' data:; worker-src 'self' blob:; \
             frame-src 'none'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'"
        );
        let docs = "default-src 'self'; script-src 'self' 'unsafe-inline'; \
                    style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
                    frame-ancestors 'none'; object-src 'none'; base-uri 'self'";
        Self {
            app: value(&app),
            docs: HeaderValue::from_static(docs),
            hsts: settings
                .is_production()
                .then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains")),
        }
    }

    pub fn content_security_policy(&self, path: &str) -> &HeaderValue {
        if path.starts_with("/api/swagger") {
            &self.docs
        } else {
            &self.app
        }
    }
}

fn value(policy: &str) -> HeaderValue {
    // Built from URL origins, which are visible ASCII.
    HeaderValue::from_str(&policy.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

/// Where the browser fetches media, posters and uploads besides this server: the storage
/// endpoint when one is configured (a local S3 such as moto), else S3 itself.
fn storage_origins(settings: &Settings) -> Vec<String> {
    if settings.storage_backend() != StorageBackend::S3 {
        return Vec::new();
    }
    match settings
        .aws
        .endpoint_url
        .as_deref()
        .and_then(|url| url::Url::parse(url).ok())
    {
        Some(url) => vec![url.origin().ascii_serialization()],
        None => vec!["https://*.amazonaws.com".to_owned()],
    }
}

/// The middleware: sets the headers unless a handler set its own.
pub async fn security_headers(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let headers = request
        .app_data::<web::Data<SecurityHeaders>>()
        .map(|headers| headers.get_ref().clone());
    let path = request.path().to_owned();
    let mut response = next.call(request).await?;
    let Some(policy) = headers else {
        return Ok(response);
    };
    let set = response.headers_mut();
    let mut default = |name: HeaderName, value: HeaderValue| {
        if !set.contains_key(&name) {
            set.insert(name, value);
        }
    };
    default(
        header::CONTENT_SECURITY_POLICY,
        policy.content_security_policy(&path).clone(),
    );
    default(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    default(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if let Some(hsts) = policy.hsts {
        default(header::STRICT_TRANSPORT_SECURITY, hsts);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_policy_forbids_frames_and_plugins_and_allows_the_storage_origin() {
        let mut settings = Settings::defaults().unwrap();
        let local = SecurityHeaders::new(&settings);
        let policy = local
            .content_security_policy("/")
            .to_str()
            .unwrap()
            .to_owned();
        for directive in [
            "frame-src 'none'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "script-src 'self';",
        ] {
            assert!(policy.contains(directive), "{directive} in {policy}");
        }
        assert!(local.hsts.is_none());
        settings.storage.backend = Some(StorageBackend::S3);
        settings.aws.endpoint_url = Some("http://127.0.0.1:5599/".into());
        let s3 = SecurityHeaders::new(&settings);
        let policy = s3.content_security_policy("/videos/1").to_str().unwrap();
        assert!(policy.contains("media-src 'self' blob: http://127.0.0.1:5599;"));
        let docs = s3
            .content_security_policy("/api/swagger/")
            .to_str()
            .unwrap();
        assert!(docs.contains("'unsafe-inline'") && docs.contains("frame-ancestors 'none'"));
        settings.profile = crate::config::Profile::Production;
        assert!(SecurityHeaders::new(&settings).hsts.is_some());
    }
}
