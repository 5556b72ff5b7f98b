//! History in the relational database (`document_versions`), for the embedded profile.

use async_trait::async_trait;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::{HistoryStore, NewSnapshot, Snapshot, VersionMeta, compress, decompress};
use crate::db::schema::document_versions as dv;
use crate::db::{self, Db};
use crate::with_conn;

pub struct LocalHistory {
    db: Db,
}

impl LocalHistory {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

/// A version without its state: what lists read.
#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = dv)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct MetaRow {
    version: i64,
    created_at: chrono::NaiveDateTime,
    name: Option<String>,
    contributors: String,
    size_bytes: i64,
    stream_id: String,
}

/// A whole version: its metadata and its (compressed) state.
#[derive(Queryable, Selectable)]
#[diesel(table_name = dv)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct Row {
    #[diesel(embed)]
    meta: MetaRow,
    state: Vec<u8>,
}

impl MetaRow {
    fn into_meta(self) -> anyhow::Result<VersionMeta> {
        Ok(VersionMeta {
            version: self.version,
            created_at: self.created_at.and_utc(),
            name: self.name,
            contributors: serde_json::from_str(&self.contributors)?,
            size_bytes: self.size_bytes,
            stream_id: self.stream_id.parse()?,
        })
    }
}

impl Row {
    fn into_snapshot(self) -> anyhow::Result<Snapshot> {
        Ok(Snapshot {
            state: decompress(&self.state)?,
            meta: self.meta.into_meta()?,
        })
    }
}

#[async_trait]
impl HistoryStore for LocalHistory {
    async fn save(&self, doc: &str, snapshot: NewSnapshot) -> anyhow::Result<VersionMeta> {
        let mut meta = MetaRow {
            version: 0,
            created_at: db::now(),
            name: snapshot.name,
            contributors: serde_json::to_string(&snapshot.contributors)?,
            size_bytes: snapshot.state.len() as i64,
            stream_id: snapshot.stream_id.to_string(),
        };
        let state = compress(&snapshot.state);
        let (pending, state) = (&meta, &state);
        meta.version = with_conn!(self.db, |conn| {
            let newest: Option<i64> = dv::table
                .filter(dv::doc_key.eq(doc))
                .select(diesel::dsl::max(dv::version))
                .first(conn)
                .await?;
            let version = newest.unwrap_or(0) + 1;
            let row = MetaRow {
                version,
                ..pending.clone()
            };
            diesel::insert_into(dv::table)
                .values((row, dv::doc_key.eq(doc), dv::state.eq(state)))
                .execute(conn)
                .await
                .map(|_| version)
        })?;
        meta.into_meta()
    }

    async fn latest(&self, doc: &str) -> anyhow::Result<Option<Snapshot>> {
        let row: Option<Row> = with_conn!(self.db, |conn| dv::table
            .filter(dv::doc_key.eq(doc))
            .order(dv::version.desc())
            .select(Row::as_select())
            .first(conn)
            .await
            .optional())?;
        row.map(Row::into_snapshot).transpose()
    }

    async fn get(&self, doc: &str, version: i64) -> anyhow::Result<Option<Snapshot>> {
        let row: Option<Row> = with_conn!(self.db, |conn| dv::table
            .find((doc, version))
            .select(Row::as_select())
            .first(conn)
            .await
            .optional())?;
        row.map(Row::into_snapshot).transpose()
    }

    async fn list(
        &self,
        doc: &str,
        before: Option<i64>,
        limit: usize,
    ) -> anyhow::Result<Vec<VersionMeta>> {
        let rows: Vec<MetaRow> = with_conn!(self.db, |conn| dv::table
            .filter(dv::doc_key.eq(doc))
            .filter(dv::version.lt(before.unwrap_or(i64::MAX)))
            .order(dv::version.desc())
            .limit(limit as i64)
            .select(MetaRow::as_select())
            .load(conn)
            .await)?;
        rows.into_iter().map(MetaRow::into_meta).collect()
    }

    async fn delete(&self, doc: &str, versions: &[i64]) -> anyhow::Result<()> {
        with_conn!(self.db, |conn| diesel::delete(
            dv::table
                .filter(dv::doc_key.eq(doc))
                .filter(dv::version.eq_any(versions))
        )
        .execute(conn)
        .await)?;
        Ok(())
    }

    async fn delete_all(&self, doc: &str) -> anyhow::Result<usize> {
        Ok(with_conn!(self.db, |conn| diesel::delete(
            dv::table.filter(dv::doc_key.eq(doc))
        )
        .execute(conn)
        .await)?)
    }
}
