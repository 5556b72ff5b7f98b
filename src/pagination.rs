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
        .ok_or_else(invalid_cursor)
}

/// The opaque form of a page's last key (what `cursor` carries back).
pub fn encode_cursor(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(key)
}

fn invalid_cursor() -> ApiError {
    ApiError::new(ErrorCode::InvalidCursor, "the cursor is not valid")
}

/// Where a page ordered by last access ends: an opened item (its access time in
/// microseconds, and its id) or a never-opened one (its id). Written into the opaque cursor
/// as `A<micros>Z<id>` or `N<id>` (ASCII letters and digits only, as the cursor requires).
/// Such lists run opened items by (last access, id) descending, then never-opened ones by id
/// descending, so neither backend's placement of NULLs matters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessKey {
    Opened(i64, String),
    Never(String),
}

impl AccessKey {
    pub fn new(accessed_at: Option<chrono::NaiveDateTime>, id: &str) -> Self {
        match accessed_at {
            Some(at) => Self::Opened(at.and_utc().timestamp_micros(), id.to_owned()),
            None => Self::Never(id.to_owned()),
        }
    }

    pub fn write(&self) -> String {
        match self {
            Self::Opened(micros, id) => format!("A{micros}Z{id}"),
            Self::Never(id) => format!("N{id}"),
        }
    }

    pub fn read(key: &str) -> Result<Self, ApiError> {
        let parsed = if let Some(id) = key.strip_prefix('N') {
            Some(Self::Never(id.to_owned()))
        } else {
            key.strip_prefix('A')
                .and_then(|rest| rest.split_once('Z'))
                .and_then(|(micros, id)| Some(Self::Opened(micros.parse().ok()?, id.to_owned())))
        };
        parsed
            .filter(|key| !matches!(key, Self::Opened(_, id) | Self::Never(id) if id.is_empty()))
            .ok_or_else(invalid_cursor)
    }

    /// The access time of an `Opened` key.
    pub fn time(micros: i64) -> Result<chrono::NaiveDateTime, ApiError> {
        chrono::DateTime::from_timestamp_micros(micros)
            .map(|at| at.naive_utc())
            .ok_or_else(invalid_cursor)
    }
}

/// Where a page ordered by title ends: the last item's title and id, written as
/// `T<hex of the title's UTF-8>Z<id>` (the cursor holds letters and digits only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleKey {
    pub title: String,
    pub id: String,
}

impl TitleKey {
    pub fn write(&self) -> String {
        let hex: String = self.title.bytes().map(|b| format!("{b:02x}")).collect();
        format!("T{hex}Z{}", self.id)
    }

    pub fn read(key: &str) -> Result<Self, ApiError> {
        let (hex, id) = key
            .strip_prefix('T')
            .and_then(|rest| rest.split_once('Z'))
            .filter(|(hex, id)| hex.len() % 2 == 0 && !id.is_empty())
            .ok_or_else(invalid_cursor)?;
        let bytes = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16))
            .collect::<Result<Vec<u8>, _>>()
            .map_err(|_| invalid_cursor())?;
        let title = String::from_utf8(bytes).map_err(|_| invalid_cursor())?;
        Ok(Self {
            title,
            id: id.to_owned(),
        })
    }
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
    fn keys_read_back_what_they_wrote() {
        for key in [
            AccessKey::Opened(1_764_000_000_123_456, "0193abc".into()),
            AccessKey::Never("0193abd".into()),
        ] {
            assert_eq!(AccessKey::read(&key.write()).unwrap(), key);
        }
        let title = TitleKey {
            title: "고유값 분해 (Lecture 2) Zebra".into(),
            id: "0193abc".into(),
        };
        let written = title.write();
        assert!(
            written.chars().all(|c| c.is_ascii_alphanumeric()),
            "{written}"
        );
        assert_eq!(TitleKey::read(&written).unwrap(), title);
        for bad in [
            "", "A12", "AxZid", "N", "T0Zid", "Tzz12Zid", "Tff", "Tc3Zid",
        ] {
            assert!(
                AccessKey::read(bad).is_err() || TitleKey::read(bad).is_err(),
                "{bad}"
            );
        }
        for bad in ["T0Zid", "Tzz12Zid", "Tff", "Tc3Zid", "T41Z"] {
            assert!(TitleKey::read(bad).is_err(), "{bad}");
        }
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
