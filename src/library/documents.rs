//! Who may open a live document: `video-…` its space's participants, `note-…` its owner
//! (the same rule as the library's reads: 404 for everyone else).

use crate::db::Db;
use crate::domain::DocKey;
use crate::error::ApiResult;

use super::{individual_videos, videos};

/// 404 unless `user_id` may open the document.
pub async fn authorize(db: &Db, key: &DocKey, user_id: &str) -> ApiResult<()> {
    match key {
        DocKey::Video(id) => videos::visible_video(db, id, user_id).await.map(|_| ()),
        DocKey::Note(id) => individual_videos::find_mine(db, id, user_id)
            .await
            .map(|_| ()),
    }
}
