//! The one error type of the HTTP API. Every failure leaves as
//! `{"code": "snake_case", "message": "…"}` (plus `fields` on validation errors), with the
//! status decided here. Internal causes are logged with their whole chain and never sent.

use std::collections::BTreeMap;
use std::fmt;

use http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

mod code;

pub use code::ErrorCode;

/// The body of every error response.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct ErrorBody {
    /// Stable, machine-readable: `validation_failed`, `space_not_found`, `token_expired`, …
    pub code: String,
    /// For people; may change between releases.
    pub message: String,
    /// On `validation_failed`: what is wrong with each field, by field name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, Vec<String>>>,
}

pub struct ApiError {
    status: StatusCode,
    code: ErrorCode,
    message: String,
    fields: Option<BTreeMap<String, Vec<String>>>,
    /// The cause, logged (never answered) for 5xx responses.
    source: Option<anyhow::Error>,
    /// When to try again (answered as `Retry-After`): limits and quotas.
    retry_after: Option<std::time::Duration>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error answered with `code` and its status.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status: code.status(),
            code,
            message: message.into(),
            fields: None,
            source: None,
            retry_after: None,
        }
    }

    /// 422 with what is wrong per field.
    pub fn validation(fields: BTreeMap<String, Vec<String>>) -> Self {
        let names: Vec<&str> = fields.keys().map(String::as_str).collect();
        let mut error = Self::new(
            ErrorCode::ValidationFailed,
            format!("invalid fields: {}", names.join(", ")),
        );
        error.fields = Some(fields);
        error
    }

    pub fn field(field: &str, problem: impl Into<String>) -> Self {
        Self::validation(BTreeMap::from([(field.to_owned(), vec![problem.into()])]))
    }

    /// 503: a dependency (`DatabaseUnavailable`, `RedisUnavailable`, …) cannot be reached
    /// right now. The cause is logged, not answered.
    pub fn unavailable(code: ErrorCode, cause: impl Into<anyhow::Error>) -> Self {
        let what = code
            .as_str()
            .trim_end_matches("_unavailable")
            .replace('_', " ");
        let mut error = Self::new(
            code,
            format!("the {what} is unavailable; try again shortly"),
        );
        error.source = Some(cause.into());
        error
    }

    /// An opaque 500; the cause is logged, not answered.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        let mut error = Self::new(ErrorCode::InternalError, "something went wrong on our side");
        error.source = Some(cause.into());
        error
    }

    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// Tells the client when it may try again (`Retry-After`, whole seconds rounded up).
    pub fn with_retry_after(mut self, after: std::time::Duration) -> Self {
        self.retry_after = Some(after);
        self
    }

    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.retry_after
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Keeps a status decided elsewhere (e.g. by actix-web's own machinery) for this code.
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// The body answered for this error; the cause, if any, is logged instead.
    pub fn body(&self) -> ErrorBody {
        if let Some(source) = &self.source {
            // `{:?}` of an anyhow error prints the whole chain of causes.
            tracing::error!(
                code = self.code.as_str(),
                status = self.status.as_u16(),
                "{source:?}"
            );
        }
        ErrorBody {
            code: self.code.as_str().to_owned(),
            message: self.message.clone(),
            fields: self.fields.clone(),
        }
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )?;
        if let Some(fields) = &self.fields {
            write!(f, " {fields:?}")?;
        }
        if let Some(source) = &self.source {
            write!(f, " ({source:#})")?;
        }
        Ok(())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => Self::new(ErrorCode::NotFound, "no such resource"),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => Self::new(
                ErrorCode::Conflict,
                "this conflicts with something that already exists",
            ),
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _)
            | Error::DatabaseError(DatabaseErrorKind::UnableToSendCommand, _) => {
                Self::unavailable(ErrorCode::DatabaseUnavailable, error)
            }
            other => Self::internal(other),
        }
    }
}

impl From<crate::domain::InvalidDocKey> for ApiError {
    fn from(error: crate::domain::InvalidDocKey) -> Self {
        Self::field("doc", error.to_string())
    }
}
