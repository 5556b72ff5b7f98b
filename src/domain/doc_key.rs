//! Document keys: `video-{videoId}` (the shared layer of a video: the participants of its
//! space may open it) and `note-{individualVideoId}` (one person's private layer: its owner).
//! Who may open which is `library::documents::authorize`.

use std::fmt;

/// Not `video-{id}` or `note-{id}` with an alphanumeric id of at most 64 characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be video-{{videoId}} or note-{{individualVideoId}}")]
pub struct InvalidDocKey;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DocKey {
    Video(String),
    Note(String),
}

impl DocKey {
    pub fn parse(text: &str) -> Result<Self, InvalidDocKey> {
        let valid_id = |id: &str| {
            (1..=64).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric())
        };
        match text.split_once('-') {
            Some(("video", id)) if valid_id(id) => Ok(DocKey::Video(id.to_owned())),
            Some(("note", id)) if valid_id(id) => Ok(DocKey::Note(id.to_owned())),
            _ => Err(InvalidDocKey),
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
