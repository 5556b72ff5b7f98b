//! The embedded profile's bus (no Redis): one process, one room per document, so nothing is
//! carried between instances, but every edit is written to the local database's
//! `document_journal` before the room relays it — the promise the Redis stream keeps in
//! production: nothing any client has seen is lost, even to a SIGKILL. A document loads from
//! its newest snapshot plus the journal after it; a stored snapshot deletes the rows it
//! covers.
//!
//! Appends go through one writer task (group commit): it takes every append waiting, up to
//! [`BATCH`], inserts them in one transaction, and only then answers each, so a room relays
//! its edit after the commit that holds it. One writer also means SQLite's single write lock
//! is never fought over by the rooms.
//!
//! Durability is that of the database: PostgreSQL commits are durable; SQLite runs in WAL
//! mode with `synchronous = NORMAL`, which survives a crash of the process (the case here)
//! but may lose the last commits to a power cut.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use tokio::sync::{mpsc, oneshot};

use super::{Appended, Bus, Entry, Event, EventSink, MemoryBus};
use crate::background::Background;
use crate::collab::stream_id::StreamId;
use crate::db::schema::document_journal as dj;
use crate::db::{Conn, Db};
use crate::with_conn;

/// What journal entries give as their origin (no room wrote them in this process's life).
const ORIGIN: &str = "journal";

/// Most appends one transaction holds.
const BATCH: usize = 256;

/// Appends waiting for the writer (bounded: rooms wait when the database falls behind).
const QUEUE: usize = 4096;

#[derive(Insertable)]
#[diesel(table_name = dj)]
struct Row {
    doc_key: String,
    id_ms: i64,
    id_seq: i64,
    user_id: String,
    update_v1: Vec<u8>,
}

/// An append for the writer, and where to say it is committed.
struct Pending {
    row: Row,
    committed: oneshot::Sender<Result<(), String>>,
}

pub struct JournalBus {
    db: Db,
    /// Ids and the last id per document (time-based, rising).
    ids: MemoryBus,
    writer: mpsc::Sender<Pending>,
}

impl JournalBus {
    /// Starts the writer, which runs until shutdown (after the rooms have drained).
    pub fn new(db: Db, background: &Background) -> Self {
        let (writer, queue) = mpsc::channel(QUEUE);
        background.spawn_loop("edit journal", write(db.clone(), queue));
        Self {
            db,
            ids: MemoryBus::default(),
            writer,
        }
    }

    /// The newest journalled id of `doc`, so ids keep rising across restarts.
    async fn newest(&self, doc: &str) -> anyhow::Result<StreamId> {
        let newest: Option<(i64, i64)> = with_conn!(self.db, |conn| dj::table
            .filter(dj::doc_key.eq(doc))
            .order((dj::id_ms.desc(), dj::id_seq.desc()))
            .select((dj::id_ms, dj::id_seq))
            .first(conn)
            .await
            .optional())?;
        Ok(newest.map_or(StreamId::ZERO, |(ms, seq)| StreamId {
            ms: ms as u64,
            seq: seq as u64,
        }))
    }
}

#[async_trait]
impl Bus for JournalBus {
    async fn append(
        &self,
        doc: &str,
        origin: &str,
        user: &str,
        update: &Bytes,
    ) -> anyhow::Result<Appended> {
        if !self.ids.knows(doc) {
            let newest = self.newest(doc).await?;
            self.ids.seed(doc, newest);
        }
        let appended = self.ids.append(doc, origin, user, update).await?;
        let row = Row {
            doc_key: doc.to_owned(),
            id_ms: appended.id.ms as i64,
            id_seq: appended.id.seq as i64,
            user_id: user.to_owned(),
            update_v1: update.to_vec(),
        };
        let (committed, answer) = oneshot::channel();
        self.writer
            .send(Pending { row, committed })
            .await
            .map_err(|_| anyhow::anyhow!("the edit journal is closed"))?;
        match answer.await {
            Ok(Ok(())) => Ok(appended),
            Ok(Err(error)) => anyhow::bail!("journalling the edit failed: {error}"),
            Err(_) => anyhow::bail!("the edit journal stopped"),
        }
    }

    async fn read_after(&self, doc: &str, after: StreamId) -> anyhow::Result<Vec<Entry>> {
        let (ms, seq) = (after.ms as i64, after.seq as i64);
        let rows: Vec<(i64, i64, String, Vec<u8>)> = with_conn!(self.db, |conn| dj::table
            .filter(dj::doc_key.eq(doc))
            .filter(
                dj::id_ms
                    .gt(ms)
                    .or(dj::id_ms.eq(ms).and(dj::id_seq.gt(seq)))
            )
            .order((dj::id_ms.asc(), dj::id_seq.asc()))
            .select((dj::id_ms, dj::id_seq, dj::user_id, dj::update_v1))
            .load(conn)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|(ms, seq, user, update)| Entry {
                id: StreamId {
                    ms: ms as u64,
                    seq: seq as u64,
                },
                origin: ORIGIN.to_owned(),
                user,
                sent_at_ms: ms as u64,
                update: Bytes::from(update),
            })
            .collect())
    }

    async fn last_id(&self, doc: &str) -> anyhow::Result<StreamId> {
        self.ids.last_id(doc).await
    }

    async fn cached_state(&self, _: &str) -> anyhow::Result<Option<(StreamId, Vec<u8>)>> {
        Ok(None)
    }

    async fn cached_id(&self, _: &str) -> anyhow::Result<Option<StreamId>> {
        Ok(None)
    }

    /// The snapshot is in history: the rows it covers go.
    async fn commit_snapshot(
        &self,
        doc: &str,
        _: &str,
        _: &str,
        id: StreamId,
        _: &[u8],
    ) -> anyhow::Result<bool> {
        let (ms, seq) = (id.ms as i64, id.seq as i64);
        with_conn!(self.db, |conn| diesel::delete(
            dj::table.filter(dj::doc_key.eq(doc)).filter(
                dj::id_ms
                    .lt(ms)
                    .or(dj::id_ms.eq(ms).and(dj::id_seq.le(seq)))
            )
        )
        .execute(conn)
        .await)?;
        Ok(true)
    }

    async fn try_lock(&self, name: &str, holder: &str, ttl: Duration) -> anyhow::Result<bool> {
        self.ids.try_lock(name, holder, ttl).await
    }

    async fn unlock(&self, name: &str, holder: &str) -> anyhow::Result<()> {
        self.ids.unlock(name, holder).await
    }

    /// The document was deleted: its journal goes too.
    async fn forget(&self, doc: &str) -> anyhow::Result<()> {
        with_conn!(self.db, |conn| diesel::delete(
            dj::table.filter(dj::doc_key.eq(doc))
        )
        .execute(conn)
        .await)?;
        self.ids.forget(doc).await
    }

    async fn broadcast(&self, event: Event) -> anyhow::Result<()> {
        self.ids.broadcast(event).await
    }

    async fn open(&self, doc: &str) -> anyhow::Result<()> {
        self.ids.open(doc).await
    }

    fn close(&self, doc: &str) {
        self.ids.close(doc)
    }

    fn is_shared(&self) -> bool {
        false
    }

    fn listen(&self, _: Arc<dyn EventSink>, _: &Background) {}
}

/// The writer: every append waiting (up to [`BATCH`]) in one transaction, then the answers.
async fn write(db: Db, mut queue: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(BATCH);
    while queue.recv_many(&mut batch, BATCH).await > 0 {
        let (rows, answers): (Vec<Row>, Vec<_>) =
            batch.drain(..).map(|p| (p.row, p.committed)).unzip();
        let result = insert(&db, rows)
            .await
            .map_err(|error| format!("{error:#}"));
        if let Err(error) = &result {
            tracing::error!(edits = answers.len(), "could not journal edits: {error}");
        }
        for answer in answers {
            let _ = answer.send(result.clone());
        }
    }
}

/// One transaction; on SQLite in one trip to the blocking pool (a thread hop per statement
/// costs more than the statement itself).
async fn insert(db: &Db, rows: Vec<Row>) -> anyhow::Result<()> {
    match db.conn().await? {
        Conn::Postgres(mut conn) => {
            conn.transaction(async |conn| {
                for row in &rows {
                    diesel::insert_into(dj::table)
                        .values(row)
                        .execute(conn)
                        .await?;
                }
                Ok::<_, diesel::result::Error>(())
            })
            .await?
        }
        Conn::Sqlite(mut conn) => {
            conn.spawn_blocking(move |conn| {
                diesel::Connection::transaction(conn, |conn| {
                    for row in &rows {
                        diesel::RunQueryDsl::execute(
                            diesel::insert_into(dj::table).values(row),
                            conn,
                        )?;
                    }
                    Ok(())
                })
            })
            .await?
        }
    }
    Ok(())
}
