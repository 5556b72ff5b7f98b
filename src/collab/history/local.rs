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

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = dv)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct Row {
    doc_key: String,
    version: i64,
    created_at: chrono::NaiveDateTime,
    name: Option<String>,
    contributors: String,
    size_bytes: i64,
    stream_id: String,
    state: Vec<u8>,
}

#[derive(Queryable, Selectable)]
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
        let state = decompress(&self.state)?;
        let meta = MetaRow {
            version: self.version,
            created_at: self.created_at,
            name: self.name,
            contributors: self.contributors,
            size_bytes: self.size_bytes,
            stream_id: self.stream_id,
        }
        .into_meta()?;
        Ok(Snapshot { meta, state })
    }
}

#[async_trait]
impl HistoryStore for LocalHistory {
    async fn save(&self, doc: &str, snapshot: NewSnapshot) -> anyhow::Result<VersionMeta> {
        let row = Row {
            doc_key: doc.to_owned(),
            version: 0,
            created_at: db::now(),
            name: snapshot.name,
            contributors: serde_json::to_string(&snapshot.contributors)?,
            size_bytes: snapshot.state.len() as i64,
            stream_id: snapshot.stream_id.to_string(),
            state: compress(&snapshot.state),
        };
        let row = &row;
        let version: i64 = with_conn!(self.db, |conn| {
            let newest: Option<i64> = dv::table
                .filter(dv::doc_key.eq(doc))
                .select(diesel::dsl::max(dv::version))
                .first(conn)
                .await?;
            let version = newest.unwrap_or(0) + 1;
            diesel::insert_into(dv::table)
                .values((
                    dv::doc_key.eq(&row.doc_key),
                    dv::version.eq(version),
                    dv::created_at.eq(row.created_at),
                    dv::name.eq(&row.name),
                    dv::contributors.eq(&row.contributors),
                    dv::size_bytes.eq(row.size_bytes),
                    dv::stream_id.eq(&row.stream_id),
                    dv::state.eq(&row.state),
                ))
                .execute(conn)
                .await
                .map(|_| version)
        })?;
        MetaRow {
            version,
            created_at: row.created_at,
            name: row.name.clone(),
            contributors: row.contributors.clone(),
            size_bytes: row.size_bytes,
            stream_id: row.stream_id.clone(),
        }
        .into_meta()
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
}
