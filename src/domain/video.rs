//! A video's life: `awaiting_upload → uploaded → transcoding → ready | failed`, and back
//! from `failed` to `transcoding` on a retry. Every status change in the database is a
//! conditional update from the statuses [`VideoStatus::comes_from`] lists, so late or
//! repeated reports change nothing.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where a video is in its life: `awaiting_upload → uploaded → transcoding → ready | failed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VideoStatus {
    AwaitingUpload,
    Uploaded,
    Transcoding,
    Ready,
    Failed,
}

impl VideoStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VideoStatus::AwaitingUpload => "awaiting_upload",
            VideoStatus::Uploaded => "uploaded",
            VideoStatus::Transcoding => "transcoding",
            VideoStatus::Ready => "ready",
            VideoStatus::Failed => "failed",
        }
    }

    /// The status stored in a `videos.status` column.
    pub fn parse(text: &str) -> Self {
        match text {
            "uploaded" => VideoStatus::Uploaded,
            "transcoding" => VideoStatus::Transcoding,
            "ready" => VideoStatus::Ready,
            "failed" => VideoStatus::Failed,
            // The column's CHECK constraint admits nothing else.
            _ => VideoStatus::AwaitingUpload,
        }
    }

    /// The statuses a video may move to this one from (the lifecycle, in one place).
    pub fn comes_from(self) -> &'static [VideoStatus] {
        use VideoStatus::*;
        match self {
            AwaitingUpload => &[],
            // The upload is complete (by the client or an import).
            Uploaded => &[AwaitingUpload],
            // Started, or retried after a failure.
            Transcoding => &[Uploaded, Failed],
            Ready => &[Transcoding],
            // An import that failed, or a transcode.
            Failed => &[AwaitingUpload, Transcoding],
        }
    }

    /// [`Self::comes_from`] as the column's strings, for a conditional update.
    pub fn comes_from_str(self) -> Vec<&'static str> {
        self.comes_from()
            .iter()
            .map(|status| status.as_str())
            .collect()
    }

    pub fn may_move_to(self, next: VideoStatus) -> bool {
        next.comes_from().contains(&self)
    }
}

#[cfg(test)]
mod tests {
    use super::VideoStatus::{self, *};

    const ALL: [VideoStatus; 5] = [AwaitingUpload, Uploaded, Transcoding, Ready, Failed];

    #[test]
    fn statuses_round_trip_through_their_column_strings() {
        for status in ALL {
            assert_eq!(VideoStatus::parse(status.as_str()), status);
        }
    }

    #[test]
    fn the_lifecycle_moves_forward_and_retries_only_failures() {
        assert!(AwaitingUpload.may_move_to(Uploaded));
        assert!(Uploaded.may_move_to(Transcoding));
        assert!(Transcoding.may_move_to(Ready));
        assert!(Transcoding.may_move_to(Failed));
        assert!(Failed.may_move_to(Transcoding));
        assert!(!Ready.may_move_to(Transcoding));
        assert!(!Ready.may_move_to(Failed));
        assert!(!Uploaded.may_move_to(Ready));
        for status in ALL {
            assert!(!status.may_move_to(AwaitingUpload), "{status:?}");
        }
    }
}
