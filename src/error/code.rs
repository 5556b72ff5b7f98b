//! Every error code the API answers with, and its HTTP status: one list. The wire string is
//! stable (clients and docs/api.md key on it); a few strings name two variants whose statuses
//! differ by where they arise (e.g. `bad_signature`: 403 on a signed link, 401 on a webhook).

use http::StatusCode;

macro_rules! error_codes {
    ($($variant:ident = $code:literal => $status:ident,)*) => {
        /// A stable, machine-readable error code with its HTTP status.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($variant,)*
        }

        impl ErrorCode {
            /// Every code, for the documentation check.
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The snake_case code sent as `code`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            pub fn status(self) -> StatusCode {
                match self {
                    $(ErrorCode::$variant => StatusCode::$status,)*
                }
            }
        }
    };
}

error_codes! {
    // BAD_REQUEST
    BadRequest = "bad_request" => BAD_REQUEST,
    InvalidBody = "invalid_body" => BAD_REQUEST,
    InvalidCursor = "invalid_cursor" => BAD_REQUEST,
    InvalidForm = "invalid_form" => BAD_REQUEST,
    InvalidJson = "invalid_json" => BAD_REQUEST,
    InvalidParts = "invalid_parts" => BAD_REQUEST,
    InvalidPath = "invalid_path" => BAD_REQUEST,
    InvalidQuery = "invalid_query" => BAD_REQUEST,
    InvalidState = "invalid_state" => BAD_REQUEST,
    LoginCancelled = "login_cancelled" => BAD_REQUEST,
    LoginExpired = "login_expired" => BAD_REQUEST,
    LoginFailed = "login_failed" => BAD_REQUEST,
    MalformedEvent = "malformed_event" => BAD_REQUEST,
    PutSizeMismatch = "size_mismatch" => BAD_REQUEST,
    StateMismatch = "state_mismatch" => BAD_REQUEST,
    UnsupportedEvent = "unsupported_event" => BAD_REQUEST,
    UploadInterrupted = "upload_interrupted" => BAD_REQUEST,
    RecordingTooLarge = "upload_too_large" => BAD_REQUEST,
    // UNAUTHORIZED
    BadEventSignature = "bad_signature" => UNAUTHORIZED,
    RefreshTokenInvalid = "refresh_token_invalid" => UNAUTHORIZED,
    RefreshTokenMissing = "refresh_token_missing" => UNAUTHORIZED,
    RefreshTokenReused = "refresh_token_reused" => UNAUTHORIZED,
    RefreshTokenRevoked = "refresh_token_revoked" => UNAUTHORIZED,
    TicketInvalid = "ticket_invalid" => UNAUTHORIZED,
    TicketMissing = "ticket_missing" => UNAUTHORIZED,
    TokenExpired = "token_expired" => UNAUTHORIZED,
    TokenInvalid = "token_invalid" => UNAUTHORIZED,
    Unauthenticated = "unauthenticated" => UNAUTHORIZED,
    UserNotFound = "user_not_found" => UNAUTHORIZED,
    // FORBIDDEN
    BadSignature = "bad_signature" => FORBIDDEN,
    EmailNotVerified = "email_not_verified" => FORBIDDEN,
    HostOnly = "host_only" => FORBIDDEN,
    HostOrUploaderOnly = "host_or_uploader_only" => FORBIDDEN,
    TicketWrongDocument = "ticket_wrong_document" => FORBIDDEN,
    UrlExpired = "url_expired" => FORBIDDEN,
    // NOT_FOUND
    GoogleLoginDisabled = "google_login_disabled" => NOT_FOUND,
    IndividualVideoNotFound = "individual_video_not_found" => NOT_FOUND,
    IntegrationNotConfigured = "integration_not_configured" => NOT_FOUND,
    InvitationNotFound = "invitation_not_found" => NOT_FOUND,
    InviteLinkNotFound = "invite_link_not_found" => NOT_FOUND,
    NotFound = "not_found" => NOT_FOUND,
    ObjectNotFound = "object_not_found" => NOT_FOUND,
    ParticipantNotFound = "participant_not_found" => NOT_FOUND,
    RecordingNotFound = "recording_not_found" => NOT_FOUND,
    SnapshotNotFound = "snapshot_not_found" => NOT_FOUND,
    SpaceNotFound = "space_not_found" => NOT_FOUND,
    VersionNotFound = "version_not_found" => NOT_FOUND,
    VideoNotFound = "video_not_found" => NOT_FOUND,
    // CONFLICT
    Conflict = "conflict" => CONFLICT,
    AccountConflict = "account_conflict" => CONFLICT,
    AlreadyParticipant = "already_participant" => CONFLICT,
    AlreadyUploaded = "already_uploaded" => CONFLICT,
    HostCannotBeRemoved = "host_cannot_be_removed" => CONFLICT,
    HostCannotLeave = "host_cannot_leave" => CONFLICT,
    NotFailed = "not_failed" => CONFLICT,
    NotReady = "not_ready" => CONFLICT,
    NotUploadable = "not_uploadable" => CONFLICT,
    PartMissing = "part_missing" => CONFLICT,
    RecordingUnavailable = "recording_unavailable" => CONFLICT,
    SpaceFull = "space_full" => CONFLICT,
    TooManyInviteLinks = "too_many_invite_links" => CONFLICT,
    UploadMissing = "upload_missing" => CONFLICT,
    UploadNotFound = "upload_not_found" => CONFLICT,
    WebexNotConnected = "webex_not_connected" => CONFLICT,
    // GONE
    InviteLinkExpired = "invite_link_expired" => GONE,
    InviteLinkRevoked = "invite_link_revoked" => GONE,
    // PAYLOAD_TOO_LARGE
    ExportTooLarge = "export_too_large" => PAYLOAD_TOO_LARGE,
    ImageTooLarge = "image_too_large" => PAYLOAD_TOO_LARGE,
    PayloadTooLarge = "payload_too_large" => PAYLOAD_TOO_LARGE,
    UploadTooLarge = "upload_too_large" => PAYLOAD_TOO_LARGE,
    // UNSUPPORTED_MEDIA_TYPE
    NotAVideo = "not_a_video" => UNSUPPORTED_MEDIA_TYPE,
    NotAnImage = "not_an_image" => UNSUPPORTED_MEDIA_TYPE,
    UnsupportedMediaType = "unsupported_media_type" => UNSUPPORTED_MEDIA_TYPE,
    // UNPROCESSABLE_ENTITY
    QueryTooShort = "query_too_short" => UNPROCESSABLE_ENTITY,
    SizeMismatch = "size_mismatch" => UNPROCESSABLE_ENTITY,
    ValidationFailed = "validation_failed" => UNPROCESSABLE_ENTITY,
    // TOO_MANY_REQUESTS (with `Retry-After`)
    QuotaExceeded = "quota_exceeded" => TOO_MANY_REQUESTS,
    RateLimited = "rate_limited" => TOO_MANY_REQUESTS,
    // INTERNAL_SERVER_ERROR
    InternalError = "internal_error" => INTERNAL_SERVER_ERROR,
    // SERVICE_UNAVAILABLE
    DatabaseUnavailable = "database_unavailable" => SERVICE_UNAVAILABLE,
    DocumentUnavailable = "document_unavailable" => SERVICE_UNAVAILABLE,
    FontUnavailable = "font_unavailable" => SERVICE_UNAVAILABLE,
    HistoryUnavailable = "history_unavailable" => SERVICE_UNAVAILABLE,
    IdentityProviderUnavailable = "identity_provider_unavailable" => SERVICE_UNAVAILABLE,
    RedisUnavailable = "redis_unavailable" => SERVICE_UNAVAILABLE,
    StorageUnavailable = "storage_unavailable" => SERVICE_UNAVAILABLE,
    TranscoderUnavailable = "transcoder_unavailable" => SERVICE_UNAVAILABLE,
    WebexUnavailable = "webex_unavailable" => SERVICE_UNAVAILABLE,
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/api.md lists every code a client may see.
    #[test]
    fn every_code_is_documented_in_api_md() {
        let docs = include_str!("../../docs/api.md");
        let missing: Vec<&str> = ErrorCode::ALL
            .iter()
            .map(|code| code.as_str())
            .filter(|code| !docs.contains(&format!("`{code}`")))
            .collect();
        assert!(missing.is_empty(), "not in docs/api.md: {missing:?}");
    }
}
