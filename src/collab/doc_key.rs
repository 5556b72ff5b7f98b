//! Document keys and who may open them: `video-{videoId}` (the shared board of a video: the
//! participants of its space) and `note-{individualVideoId}` (one person's notes: its owner).

use std::fmt;

use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::library::{individual_videos, videos};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DocKey {
    Video(String),
    Note(String),
}

impl DocKey {
    pub fn parse(text: &str) -> ApiResult<Self> {
        let valid_id = |id: &str| {
            (1..=64).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric())
        };
        match text.split_once('-') {
            Some(("video", id)) if valid_id(id) => Ok(DocKey::Video(id.to_owned())),
            Some(("note", id)) if valid_id(id) => Ok(DocKey::Note(id.to_owned())),
            _ => Err(ApiError::field(
                "doc",
                "must be video-{videoId} or note-{individualVideoId}",
            )),
        }
    }

    /// 404 unless `user_id` may open the document (the same rule as the library's).
    pub async fn authorize(&self, db: &Db, user_id: &str) -> ApiResult<()> {
        match self {
            DocKey::Video(id) => videos::visible_video(db, id, user_id).await.map(|_| ()),
            DocKey::Note(id) => individual_videos::find_mine(db, id, user_id)
                .await
                .map(|_| ()),
        }
    }
}

impl fmt::Display for DocKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocKey::Video(id) => write!(f, "video-{id}"),
            DocKey::Note(id) => write!(f, "note-{id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_print() {
        assert_eq!(
            DocKey::parse("video-abc123").unwrap().to_string(),
            "video-abc123"
        );
        assert_eq!(DocKey::parse("note-x").unwrap(), DocKey::Note("x".into()));
        for bad in ["video-", "memo-1", "video-a/b", "video-a-b", "note", ""] {
            assert!(DocKey::parse(bad).is_err(), "{bad}");
        }
    }
}
