//! How an [`ApiError`] leaves: its status and `{"code", "message"}` body. actix-web's own
//! errors (a failed WebSocket handshake, say) become API errors here too.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use crate::error::{ApiError, ErrorCode};

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status());
        if let Some(after) = self.retry_after() {
            let seconds = after.as_secs() + u64::from(after.subsec_nanos() > 0);
            response.insert_header((actix_web::http::header::RETRY_AFTER, seconds.max(1)));
        }
        response.json(self.body())
    }
}

/// Errors of actix-web's own machinery (e.g. a failed WebSocket handshake).
impl From<actix_web::Error> for ApiError {
    fn from(error: actix_web::Error) -> Self {
        let status = error.as_response_error().status_code();
        if status.is_server_error() {
            Self::internal(anyhow::anyhow!("{error}"))
        } else {
            // actix-web's own status (400, 426…) is kept.
            Self::new(ErrorCode::BadRequest, error.to_string()).with_status(status)
        }
    }
}
