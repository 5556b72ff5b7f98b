//! Request extractors that answer bad input in the API's error shape.
//!
//! [`ValidJson`] reads a JSON body (checking content type and size), deserialises it while
//! tracking the path of whatever field fails, then runs the type's `validator` rules. Syntax
//! errors are `400 invalid_json`; a missing, mistyped or invalid field is
//! `422 validation_failed` with the field named.

use std::collections::BTreeMap;

use actix_web::dev::Payload;
use actix_web::error::{PathError, PayloadError, QueryPayloadError};
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

use crate::error::{ApiError, ErrorCode};

pub struct ValidJson<T>(pub T);

impl<T> FromRequest for ValidJson<T>
where
    T: DeserializeOwned + Validate + 'static,
{
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .mime_type()
            .ok()
            .flatten()
            .is_some_and(|mime| mime.subtype() == "json" || mime.suffix() == Some(mime::JSON));
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::new(
                    ErrorCode::UnsupportedMediaType,
                    "send the body as application/json",
                ));
            }
            let body = body.await.map_err(payload_error)?;
            let value = parse::<T>(&body)?;
            value.validate().map_err(validation_error)?;
            Ok(ValidJson(value))
        })
    }
}

/// Reads a body of at most `limit` bytes (413 `payload_too_large` beyond), for the few
/// endpoints whose bodies are legitimately larger than `http.json_limit`.
pub async fn limited_body(body: web::Payload, limit: usize) -> Result<web::Bytes, ApiError> {
    match body.to_bytes_limited(limit).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(error)) => Err(payload_error(error)),
        Err(_) => Err(ApiError::new(
            ErrorCode::PayloadTooLarge,
            "the request body is too large",
        )),
    }
}

fn payload_error(error: actix_web::Error) -> ApiError {
    match error.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => {
            ApiError::new(ErrorCode::PayloadTooLarge, "the request body is too large")
        }
        _ => ApiError::new(ErrorCode::InvalidBody, "the request body could not be read"),
    }
}

/// Parses JSON, naming the failing field on data errors.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        if !inner.is_data() {
            return ApiError::new(ErrorCode::InvalidJson, format!("malformed JSON: {inner}"));
        }
        let message = inner.to_string();
        // serde names a missing field only in its message: "missing field `name` at …".
        let field = match message.split('`').nth(1) {
            Some(name) if message.starts_with("missing field") => qualify(&path, name),
            _ => path,
        };
        let problem = message
            .split(" at line")
            .next()
            .unwrap_or(&message)
            .to_owned();
        ApiError::field(&field, problem)
    })
}

fn qualify(path: &str, name: &str) -> String {
    if path == "." || path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn validation_error(errors: ValidationErrors) -> ApiError {
    let mut fields = BTreeMap::new();
    collect(&errors, "", &mut fields);
    ApiError::validation(fields)
}

fn collect(errors: &ValidationErrors, prefix: &str, out: &mut BTreeMap<String, Vec<String>>) {
    for (field, kind) in errors.errors() {
        let name = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(problems) => {
                let messages = problems.iter().map(describe);
                out.entry(name).or_default().extend(messages);
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, &name, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect(inner, &format!("{name}[{index}]"), out);
                }
            }
        }
    }
}

/// The rule's own message, or one made from its code and parameters.
fn describe(problem: &validator::ValidationError) -> String {
    if let Some(message) = &problem.message {
        return message.to_string();
    }
    let param = |name: &str| problem.params.get(name).map(ToString::to_string);
    match (problem.code.as_ref(), param("min"), param("max")) {
        ("length", Some(min), Some(max)) => format!("must be {min} to {max} characters long"),
        ("length", None, Some(max)) => format!("must be at most {max} characters long"),
        ("length", Some(min), None) => format!("must be at least {min} characters long"),
        ("range", Some(min), Some(max)) => format!("must be between {min} and {max}"),
        ("email", _, _) => "must be an email address".to_owned(),
        (code, _, _) => code.to_owned(),
    }
}

/// Query-string errors, in the API's shape.
pub fn query_error(error: QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::new(ErrorCode::InvalidQuery, error.to_string()).into()
}

/// Path-segment errors, in the API's shape.
pub fn path_error(error: PathError, _: &HttpRequest) -> actix_web::Error {
    ApiError::new(ErrorCode::InvalidPath, error.to_string()).into()
}

/// A `validator` rule: the text has something besides white space.
pub fn not_blank(text: &str) -> Result<(), validator::ValidationError> {
    if text.trim().is_empty() {
        let mut error = validator::ValidationError::new("blank");
        error.message = Some("must not be blank".into());
        return Err(error);
    }
    Ok(())
}

/// The client's address for per-address limits: with `proxy_hops` proxies in front, the
/// entry they appended to `X-Forwarded-For` (never one the client wrote itself); else the
/// peer's address.
pub fn client_address(request: &HttpRequest, proxy_hops: usize) -> String {
    let peer = || {
        request
            .peer_addr()
            .map_or_else(|| "unknown".to_owned(), |addr| addr.ip().to_string())
    };
    if proxy_hops == 0 {
        return peer();
    }
    let forwarded: Vec<String> = request
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|entry| entry.trim().to_owned())
        .filter(|entry| !entry.is_empty())
        .collect();
    match forwarded.len().checked_sub(proxy_hops) {
        Some(index) => forwarded[index].clone(),
        // Fewer entries than proxies: the request did not come through them all.
        None => peer(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, Validate)]
    struct Body {
        #[validate(length(min = 1, max = 5))]
        name: String,
        #[allow(dead_code)]
        count: u8,
    }

    #[test]
    fn a_missing_field_is_named() {
        let error = parse::<Body>(br#"{"count": 1}"#).unwrap_err();
        assert_eq!(error.code().as_str(), "validation_failed");
        assert!(format!("{error:?}").contains("name"), "{error:?}");
    }

    #[test]
    fn a_mistyped_field_is_named() {
        let error = parse::<Body>(br#"{"name": "a", "count": "many"}"#).unwrap_err();
        assert!(format!("{error:?}").contains("count"), "{error:?}");
    }

    #[test]
    fn broken_json_is_a_syntax_error() {
        assert_eq!(
            parse::<Body>(br#"{"name": "#).unwrap_err().code().as_str(),
            "invalid_json"
        );
    }

    #[test]
    fn validator_rules_name_their_field() {
        let body = parse::<Body>(br#"{"name": "toolong", "count": 1}"#).unwrap();
        let error = validation_error(body.validate().unwrap_err());
        assert_eq!(error.code().as_str(), "validation_failed");
        let body = format!("{error:?}");
        assert!(body.contains("name"), "{body}");
        assert!(body.contains("must be 1 to 5 characters long"), "{body}");
    }
}
