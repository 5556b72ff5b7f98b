//! Search across everything a user can see: videos by title and description, and the notes
//! of the shared layer (memo, comments, bookmarks) and of the caller's own private layer.
//!
//! - `extract` (pure): a document's passages;
//! - `index`: writes the passages (`search_entries`) when a document's snapshot is stored
//!   (fed by `collab::feed`, on a task of its own) and a video's title when it is added;
//!   rows go with their video or individual video by cascade, so with the space and the
//!   account too;
//! - this file: the query, parsed and matched, and each hit's snippet.
//!
//! Matching is substring, case-insensitive, Korean included, through trigrams: pg_trgm's GIN
//! index behind `ILIKE` on PostgreSQL, an FTS5 `trigram` table on SQLite. A trigram needs 3
//! characters, so a query has at least 3 — or 2 when it holds a non-ASCII character (a
//! two-syllable Korean word, "행렬"): those are answered by a plain `LIKE` over the caller's
//! own visible passages (no index; the visibility joins bound the scan).

pub mod extract;
pub mod index;
mod snippet;

use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use self::snippet::{Part, snippet};
use crate::db::schema::{individual_videos, search_entries, spaces, videos};
use crate::db::{Backend, Db};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::pagination::{Page, encode_cursor};
use crate::with_conn;

/// The most characters a query may have.
pub const MAX_QUERY_CHARS: usize = 100;
/// Hits per page: default and most.
pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 50;

/// What a passage is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Title,
    Description,
    Memo,
    Comment,
    Bookmark,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Title => "title",
            Kind::Description => "description",
            Kind::Memo => "memo",
            Kind::Comment => "comment",
            Kind::Bookmark => "bookmark",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [
            Kind::Title,
            Kind::Description,
            Kind::Memo,
            Kind::Comment,
            Kind::Bookmark,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == text)
    }
}

/// Whose the passage is: the space's (a video's title and description, the shared notes) or
/// the caller's own (their private notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    Shared,
    Private,
}

/// A query that can be run: trimmed, inner whitespace collapsed, of an allowed length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    text: String,
    /// Under 3 characters: no trigram to look up, a scan instead.
    short: bool,
}

impl Query {
    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let chars = text.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(ApiError::field(
                "q",
                format!("must be at most {MAX_QUERY_CHARS} characters long"),
            ));
        }
        let wide = !text.is_ascii();
        if chars >= 3 || (chars == 2 && wide) {
            return Ok(Self {
                text,
                short: chars < 3,
            });
        }
        Err(ApiError::new(
            ErrorCode::QueryTooShort,
            "a search needs at least 3 characters (2 for Korean and other non-Latin scripts)",
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// `%text%` for LIKE, with `\` escaping the pattern characters.
    fn like_pattern(&self) -> String {
        let mut pattern = String::from("%");
        for c in self.text.chars() {
            if matches!(c, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
        pattern.push('%');
        pattern
    }

    /// An FTS5 phrase: the text in double quotes (doubled inside), so no character of it is
    /// query syntax; with the trigram tokenizer a phrase is a substring.
    fn fts_phrase(&self) -> String {
        format!("\"{}\"", self.text.replace('"', "\"\""))
    }

    /// The SQL condition on `search_entries` for this backend, with the query bound.
    fn condition(&self, backend: Backend) -> (&'static str, String, &'static str) {
        match (backend, self.short) {
            (Backend::Postgres, _) => (
                "search_entries.body ILIKE ",
                self.like_pattern(),
                " ESCAPE '\\'",
            ),
            (Backend::Sqlite, false) => (
                "search_entries.id IN (SELECT rowid FROM search_entries_fts \
                 WHERE search_entries_fts MATCH ",
                self.fts_phrase(),
                ")",
            ),
            (Backend::Sqlite, true) => (
                "search_entries.body LIKE ",
                self.like_pattern(),
                " ESCAPE '\\'",
            ),
        }
    }
}

/// A validated page request of a search.
#[derive(Debug, Clone)]
pub struct SearchPage {
    pub limit: i64,
    /// Only entries below this id (hits run newest passage first).
    pub before: Option<i64>,
}

impl SearchPage {
    pub fn parse(limit: Option<i64>, cursor: Option<&str>) -> Result<Self, ApiError> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::field(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            ));
        }
        let before = match cursor {
            None => None,
            Some(cursor) => Some(
                crate::pagination::decode_cursor(cursor)
                    .ok()
                    .and_then(|id| id.parse::<i64>().ok())
                    .ok_or_else(|| {
                        ApiError::new(ErrorCode::InvalidCursor, "the cursor is not valid")
                    })?,
            ),
        };
        Ok(Self { limit, before })
    }
}

/// The video a hit is in.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HitVideo {
    /// Open the room at `/videos/{id}` (with `?t=` seconds for `time_secs`).
    pub id: String,
    pub title: String,
    pub space_id: String,
    pub space_name: String,
    /// The caller's individual video of it.
    pub individual_video_id: String,
}

/// One passage found.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SearchHit {
    /// The passage's id (stable until its document is indexed again).
    pub id: String,
    pub video: HitVideo,
    pub layer: Layer,
    pub kind: Kind,
    /// The passage around the first match, in parts; `mark: true` parts are the matches.
    /// Plain text: render each part as text (a `<mark>` for the marked ones).
    pub snippet: Vec<Part>,
    /// The video time the passage is about (a timestamp chip before it in the memo, a
    /// bookmark, a comment), in whole seconds; `null` for titles, descriptions and memo
    /// lines without a chip.
    pub time_secs: Option<i64>,
}

type Row = (
    i64,
    Option<String>,
    String,
    String,
    Option<i64>,
    String,
    String,
    String,
    String,
    String,
);

/// A page of what `user_id` may find for `query`: passages of videos in the spaces they are
/// in, shared ones and their own private ones, newest passage first.
pub async fn search(
    db: &Db,
    user_id: &str,
    query: &Query,
    page: &SearchPage,
) -> ApiResult<Page<SearchHit>> {
    let (before_sql, bound, after_sql) = query.condition(db.backend());
    let before_id = page.before.unwrap_or(i64::MAX);
    let rows: Vec<Row> = with_conn!(db, |conn| search_entries::table
        .inner_join(videos::table.on(videos::id.eq(search_entries::video_id)))
        .inner_join(spaces::table.on(spaces::id.eq(videos::space_id)))
        .inner_join(
            individual_videos::table.on(individual_videos::video_id
                .eq(videos::id)
                .and(individual_videos::user_id.eq(user_id))),
        )
        .filter(videos::space_id.eq_any(crate::my_space_ids!(user_id)))
        .filter(
            search_entries::individual_video_id
                .is_null()
                .or(search_entries::individual_video_id.eq(individual_videos::id.nullable())),
        )
        .filter(
            diesel::dsl::sql::<Bool>(before_sql)
                .bind::<Text, _>(bound.clone())
                .sql(after_sql),
        )
        .filter(search_entries::id.lt(before_id))
        .order(search_entries::id.desc())
        .limit(page.limit + 1)
        .select((
            search_entries::id,
            search_entries::individual_video_id,
            search_entries::kind,
            search_entries::body,
            search_entries::time_ms,
            videos::id,
            videos::title,
            spaces::id,
            spaces::name,
            individual_videos::id,
        ))
        .load(conn)
        .await)?;
    let limit = page.limit as usize;
    let next_cursor = (rows.len() > limit).then(|| encode_cursor(&rows[limit - 1].0.to_string()));
    let items = rows
        .into_iter()
        .take(limit)
        .filter_map(|row| {
            let (id, private, kind, body, time_ms, video_id, title, space_id, space_name, mine) =
                row;
            Some(SearchHit {
                id: id.to_string(),
                video: HitVideo {
                    id: video_id,
                    title,
                    space_id,
                    space_name,
                    individual_video_id: mine,
                },
                layer: if private.is_some() {
                    Layer::Private
                } else {
                    Layer::Shared
                },
                kind: Kind::parse(&kind)?,
                snippet: snippet(&body, query.as_str()),
                time_secs: time_ms.map(|ms| ms.max(0) / 1000),
            })
        })
        .collect();
    Ok(Page { items, next_cursor })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_trimmed_and_need_three_characters_or_two_non_latin() {
        assert_eq!(
            Query::parse("  eigen   value ").unwrap().as_str(),
            "eigen value"
        );
        assert!(!Query::parse("abc").unwrap().short);
        assert!(Query::parse("행렬").unwrap().short);
        for short in ["", "  ", "ab", "a", "행"] {
            assert_eq!(
                Query::parse(short).unwrap_err().code(),
                ErrorCode::QueryTooShort,
                "{short:?}"
            );
        }
        assert_eq!(
            Query::parse(&"x".repeat(MAX_QUERY_CHARS + 1))
                .unwrap_err()
                .code(),
            ErrorCode::ValidationFailed
        );
    }

    #[test]
    fn patterns_quote_what_would_be_syntax() {
        let query = Query::parse(r#"50%_off\ "now""#).unwrap();
        assert_eq!(query.like_pattern(), r#"%50\%\_off\\ "now"%"#);
        assert_eq!(query.fts_phrase(), r#""50%_off\ ""now""""#);
    }

    #[test]
    fn pages_take_a_limit_and_a_numeric_cursor() {
        assert_eq!(SearchPage::parse(None, None).unwrap().limit, DEFAULT_LIMIT);
        let cursor = encode_cursor("42");
        assert_eq!(
            SearchPage::parse(Some(5), Some(&cursor)).unwrap().before,
            Some(42)
        );
        assert_eq!(
            SearchPage::parse(Some(MAX_LIMIT + 1), None)
                .unwrap_err()
                .code(),
            ErrorCode::ValidationFailed
        );
        let letters = encode_cursor("abc");
        assert_eq!(
            SearchPage::parse(None, Some(&letters)).unwrap_err().code(),
            ErrorCode::InvalidCursor
        );
    }
}
