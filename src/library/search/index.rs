//! Writing the search index. A document's passages are replaced whenever this instance
//! stores a snapshot of it: the rooms push their stored states into `collab.stored` without
//! waiting, and [`follow`] (one task) decodes each on a blocking thread and rewrites the
//! document's rows in one transaction. A video's title and description are written with the
//! video ([`video_fields`], in `videos::create_video`'s transaction).
//!
//! The index is as fresh as the newest snapshot (every `collab.snapshot_interval_secs` while
//! a document changes, when its room closes, and on "save version"). Rows go with their video
//! or individual video by cascade: a deleted video, space or account leaves nothing behind.

use std::sync::Arc;

use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use tokio_util::sync::CancellationToken;
use yrs::updates::decoder::Decode;
use yrs::{Doc, Transact, Update};

use super::Kind;
use super::extract::{self, Passage};
use crate::collab::Collab;
use crate::collab::history::HistoryStore;
use crate::db::models::Video;
use crate::db::schema::{individual_videos, search_entries, videos};
use crate::db::{Backend, Db};
use crate::domain::DocKey;
use crate::with_conn;

/// A row of the index.
#[derive(Insertable)]
#[diesel(table_name = search_entries)]
pub struct NewEntry<'a> {
    video_id: &'a str,
    individual_video_id: Option<&'a str>,
    kind: &'a str,
    body: &'a str,
    time_ms: Option<i64>,
}

/// A video's title and description, as rows to insert with it.
pub fn video_fields(video: &Video) -> Vec<NewEntry<'_>> {
    [
        (Kind::Title, video.title.as_str()),
        (Kind::Description, video.description.as_str()),
    ]
    .into_iter()
    .filter(|(_, text)| !text.trim().is_empty())
    .map(|(kind, body)| NewEntry {
        video_id: &video.id,
        individual_video_id: None,
        kind: kind.as_str(),
        body,
        time_ms: None,
    })
    .collect()
}

/// The passages of a document state (a Yjs v1 update).
pub fn passages_of(state: &[u8]) -> anyhow::Result<Vec<Passage>> {
    let update = Update::decode_v1(state)?;
    let doc = Doc::new();
    doc.transact_mut().apply_update(update)?;
    Ok(extract::passages(&doc))
}

/// Indexes every document from its newest stored snapshot: the shared layer of every video
/// and the private layer of every individual video (`vivid reindex-search`, for documents
/// written before the index existed or after the index was lost). Answers how many
/// documents had a snapshot to index.
pub async fn reindex_all(db: &Db, history: &dyn HistoryStore) -> anyhow::Result<usize> {
    const PAGE: i64 = 500;
    let mut indexed = 0;
    for shared in [true, false] {
        let mut after = String::new();
        loop {
            let ids: Vec<String> = if shared {
                with_conn!(db, |conn| videos::table
                    .filter(videos::id.gt(&after))
                    .select(videos::id)
                    .order(videos::id)
                    .limit(PAGE)
                    .load(conn)
                    .await)?
            } else {
                with_conn!(db, |conn| individual_videos::table
                    .filter(individual_videos::id.gt(&after))
                    .select(individual_videos::id)
                    .order(individual_videos::id)
                    .limit(PAGE)
                    .load(conn)
                    .await)?
            };
            let Some(last) = ids.last() else { break };
            after = last.clone();
            for id in &ids {
                let key = if shared {
                    DocKey::Video(id.clone())
                } else {
                    DocKey::Note(id.clone())
                }
                .to_string();
                if let Some(snapshot) = history.latest(&key).await? {
                    index_document(db, &key, snapshot.state).await?;
                    indexed += 1;
                }
            }
        }
    }
    Ok(indexed)
}

/// Follows the states rooms store and indexes each, until `stopping`; then indexes what is
/// still pending (the rooms' last snapshots at shutdown) and ends.
pub async fn follow(collab: Arc<Collab>, db: Db, stopping: CancellationToken) {
    loop {
        let (key, state) = tokio::select! {
            next = collab.stored.next() => next,
            () = stopping.cancelled() => break,
        };
        index_logged(&db, &key, state).await;
    }
    while let Some((key, state)) = collab.stored.try_next() {
        index_logged(&db, &key, state).await;
    }
}

async fn index_logged(db: &Db, key: &str, state: Vec<u8>) {
    if let Err(error) = index_document(db, key, state).await {
        tracing::warn!(doc = %key, "search index not updated: {error:#}");
    }
}

/// Replaces the indexed passages of document `key` with those of `state`. A document whose
/// video or individual video is gone is skipped.
pub async fn index_document(db: &Db, key: &str, state: Vec<u8>) -> anyhow::Result<()> {
    let doc = DocKey::parse(key)?;
    let passages = tokio::task::spawn_blocking(move || passages_of(&state)).await??;
    let postgres = db.backend() == Backend::Postgres;
    let written: Result<bool, diesel::result::Error> = with_conn!(db, |conn| conn
        .transaction(async |conn| {
            if postgres {
                // Two instances indexing one document take turns (SQLite has one writer).
                diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext($1))")
                    .bind::<diesel::sql_types::Text, _>(key)
                    .execute(conn)
                    .await?;
            }
            let (video_id, private) = match &doc {
                DocKey::Video(video) => {
                    let found: Option<String> = videos::table
                        .find(video)
                        .select(videos::id)
                        .first(conn)
                        .await
                        .optional()?;
                    (found, None)
                }
                DocKey::Note(individual) => {
                    let found: Option<String> = individual_videos::table
                        .find(individual)
                        .select(individual_videos::video_id)
                        .first(conn)
                        .await
                        .optional()?;
                    (found, Some(individual.as_str()))
                }
            };
            let Some(video_id) = video_id else {
                return Ok::<_, diesel::result::Error>(false);
            };
            let layer_kinds = [Kind::Memo, Kind::Comment, Kind::Bookmark].map(Kind::as_str);
            match private {
                Some(individual) => {
                    diesel::delete(
                        search_entries::table
                            .filter(search_entries::individual_video_id.eq(individual)),
                    )
                    .execute(conn)
                    .await?;
                }
                None => {
                    diesel::delete(
                        search_entries::table
                            .filter(search_entries::video_id.eq(&video_id))
                            .filter(search_entries::individual_video_id.is_null())
                            .filter(search_entries::kind.eq_any(layer_kinds)),
                    )
                    .execute(conn)
                    .await?;
                }
            }
            let rows: Vec<NewEntry> = passages
                .iter()
                .map(|p| NewEntry {
                    video_id: &video_id,
                    individual_video_id: private,
                    kind: p.kind.as_str(),
                    body: &p.text,
                    time_ms: p.time_ms.map(|t| t.min(i64::MAX as u64) as i64),
                })
                .collect();
            // One row at a time: SQLite cannot batch rows with NULLs (no DEFAULT keyword).
            for row in &rows {
                diesel::insert_into(search_entries::table)
                    .values(row)
                    .execute(conn)
                    .await?;
            }
            Ok(true)
        })
        .await);
    match written {
        Ok(_) => Ok(()),
        // The video went while we wrote (a foreign key refused the rows): nothing to index.
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::ForeignKeyViolation,
            _,
        )) => Ok(()),
        Err(error) => Err(error.into()),
    }
}
