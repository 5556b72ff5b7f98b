//! Forgetting deleted documents. When a video, a space or an account goes, the documents
//! that hang off it (`video-…`, everyone's `note-…`) are written to `forgotten_documents` in
//! the same transaction that deletes the rows. Every `collab.forget_sweep_secs` each instance
//! deletes, for each document forgotten at least `collab.forget_grace_secs` ago, its Redis
//! keys ([`Bus::forget`](super::bus::Bus::forget)) and its whole history (DynamoDB items and
//! S3 objects, or local rows), then the journal row.
//!
//! The grace period lets the rooms that were open on it stop first: their sockets were
//! revoked, and a room stores its last snapshot as it stops; deleting before that would let
//! the snapshot bring the history back. A room still open here is skipped until it stops.
//! Deletion is idempotent, so instances sweeping at once, or a sweep interrupted halfway,
//! only repeat work. Search entries go with their rows (foreign keys), not here.

use std::sync::Arc;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::Collab;
use crate::background::Background;
use crate::db::schema::forgotten_documents as forgotten;
use crate::db::{self, Db};
use crate::with_conn;

/// Documents deleted per sweep; more wait for the next one.
const BATCH: i64 = 100;

/// Writes documents to the journal, inside the caller's transaction.
#[allow(async_fn_in_trait)] // used on concrete connection types only
pub trait ForgetConn {
    async fn forget_documents(&mut self, docs: &[String]) -> QueryResult<()>;
}

crate::impl_for_backends!(ForgetConn {
    async fn forget_documents(&mut self, docs: &[String]) -> QueryResult<()> {
        let now = db::now();
        // One row per statement: SQLite has no batch insert with `ON CONFLICT`.
        for doc in docs {
            diesel::insert_into(forgotten::table)
                .values((forgotten::doc_key.eq(doc), forgotten::forgotten_at.eq(now)))
                .on_conflict_do_nothing()
                .execute(self)
                .await?;
        }
        Ok(())
    }
});

/// Sweeps every `collab.forget_sweep_secs` until shutdown.
pub fn spawn(background: &Background, db: Db, collab: Arc<Collab>) {
    let interval = collab.settings.forget_sweep;
    background.spawn_loop("document forgetter", async move {
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match sweep(&db, &collab).await {
                Ok(0) => {}
                Ok(forgotten) => tracing::info!(forgotten, "deleted what deleted documents left"),
                Err(error) => tracing::warn!("could not sweep deleted documents: {error:#}"),
            }
        }
    });
}

/// One round: deletes the Redis keys and history of the documents forgotten at least the
/// grace period ago. Answers how many it finished; one that fails stays for the next round.
pub async fn sweep(db: &Db, collab: &Collab) -> anyhow::Result<usize> {
    let grace =
        chrono::Duration::from_std(collab.settings.forget_grace).unwrap_or(chrono::Duration::MAX);
    let cutoff = db::now() - grace;
    let due: Vec<String> = with_conn!(db, |conn| forgotten::table
        .filter(forgotten::forgotten_at.le(cutoff))
        .order(forgotten::forgotten_at)
        .limit(BATCH)
        .select(forgotten::doc_key)
        .load(conn)
        .await)?;
    let mut done = 0;
    for doc in due {
        if collab.is_open(&doc) {
            continue;
        }
        match forget(db, collab, &doc).await {
            Ok(()) => done += 1,
            Err(error) => tracing::warn!(doc, "could not delete a deleted document: {error:#}"),
        }
    }
    Ok(done)
}

async fn forget(db: &Db, collab: &Collab, doc: &str) -> anyhow::Result<()> {
    collab.bus.forget(doc).await?;
    let versions = collab.history.delete_all(doc).await?;
    with_conn!(db, |conn| diesel::delete(forgotten::table.find(doc))
        .execute(conn)
        .await)?;
    tracing::debug!(doc, versions, "forgot a deleted document");
    Ok(())
}
