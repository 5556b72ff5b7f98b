//! Cursor pagination for list endpoints: `?limit=&cursor=` in, `{items, next_cursor}` out.
//!
//! Ids are UUIDv7 text, so ordering by id orders by creation. The cursor is the last id of
//! the page, encoded so clients treat it as opaque.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorCode};

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A validated page request: fetch `limit + 1` rows after `after` to learn whether more exist.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub limit: i64,
    /// Only items with an id strictly below this one (lists run newest first).
    pub before_id: Option<String>,
}

impl PageParams {
    pub fn validate(&self) -> Result<PageRequest, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::field(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            ));
        }
        let before_id = match &self.cursor {
            None => None,
            Some(cursor) => Some(decode_cursor(cursor)?),
        };
        Ok(PageRequest { limit, before_id })
    }
}

/// The key an opaque cursor carries (what [`encode_cursor`] made).
pub fn decode_cursor(cursor: &str) -> Result<String, ApiError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()))
        .ok_or_else(|| ApiError::new(ErrorCode::InvalidCursor, "the cursor is not valid"))
}

/// The opaque form of a page's last key (what `cursor` carries back).
pub fn encode_cursor(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(key)
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` rows, newest first; `id` reads a row's id.
    pub fn from_rows<R>(
        mut rows: Vec<R>,
        request: &PageRequest,
        id: impl Fn(&R) -> &str,
        map: impl FnMut(R) -> T,
    ) -> Self {
        let limit = request.limit as usize;
        let next_cursor = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|row| URL_SAFE_NO_PAD.encode(id(row)))
        } else {
            None
        };
        Page {
            items: rows.into_iter().map(map).collect(),
            next_cursor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_page_points_at_its_last_item() {
        let request = PageParams {
            limit: Some(2),
            cursor: None,
        }
        .validate()
        .unwrap();
        let page = Page::from_rows(vec!["c", "b", "a"], &request, |r| r, |r| r);
        assert_eq!(page.items, vec!["c", "b"]);
        let next = PageParams {
            limit: Some(2),
            cursor: page.next_cursor,
        }
        .validate()
        .unwrap();
        assert_eq!(next.before_id.as_deref(), Some("b"));
    }

    #[test]
    fn bad_limits_and_cursors_are_refused() {
        let limit = PageParams {
            limit: Some(0),
            cursor: None,
        };
        assert_eq!(
            limit.validate().unwrap_err().code().as_str(),
            "validation_failed"
        );
        let cursor = PageParams {
            limit: None,
            cursor: Some("%%%".into()),
        };
        assert_eq!(
            cursor.validate().unwrap_err().code().as_str(),
            "invalid_cursor"
        );
    }
}
