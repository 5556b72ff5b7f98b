//! The two migration trees must describe the same database: same migration names, and after
//! applying them, the same tables with the same columns and nullability.

use std::collections::BTreeSet;

use diesel::sql_types::{Bool, Text};
use diesel::{QueryableByName, sql_query};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use secrecy::SecretString;
use vivid::db::SqliteConn;

#[derive(QueryableByName, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
}

fn migration_names(tree: &str) -> BTreeSet<String> {
    let dir = format!("{}/migrations/{tree}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.path().is_dir())
        .map(|entry| {
            for file in ["up.sql", "down.sql"] {
                assert!(
                    entry.path().join(file).exists(),
                    "{tree}/{entry:?} has {file}"
                );
            }
            entry.file_name().to_string_lossy().into_owned()
        })
        .collect()
}

#[test]
fn both_trees_have_the_same_migrations() {
    let postgres = migration_names("postgres");
    assert!(!postgres.is_empty());
    assert_eq!(postgres, migration_names("sqlite"));
}

fn postgres_base() -> String {
    std::env::var("VIVID_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
        .or_else(|| std::env::var("VIVID_TEST_POSTGRES_FALLBACK").ok())
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/vivid_test".into())
}

#[tokio::test(flavor = "multi_thread")]
async fn both_trees_build_the_same_tables_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite_url = format!("sqlite://{}", dir.path().join("drift.db").display());
    vivid::db::migrate(&SecretString::from(sqlite_url.clone()))
        .await
        .unwrap();
    let mut sqlite = SqliteConn::establish(sqlite_url.trim_start_matches("sqlite://"))
        .await
        .unwrap();
    // The FTS5 index of the search entries (and its shadow tables) exists on SQLite only;
    // PostgreSQL indexes the same column with pg_trgm.
    let mut sqlite_columns: Vec<Column> = sql_query(
        "SELECT m.name AS table_name, p.name AS column_name, \
                (p.\"notnull\" = 0 AND p.pk = 0) AS nullable \
         FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
           AND m.name NOT LIKE 'search_entries_fts%'",
    )
    .load(&mut sqlite)
    .await
    .unwrap();

    let postgres_url = crate::support::fresh_postgres_schema(&postgres_base()).await;
    vivid::db::migrate(&SecretString::from(postgres_url.clone()))
        .await
        .unwrap();
    let mut postgres = AsyncPgConnection::establish(&postgres_url).await.unwrap();
    let mut postgres_columns: Vec<Column> = sql_query(
        "SELECT table_name::text AS table_name, column_name::text AS column_name, \
                (is_nullable = 'YES') AS nullable \
         FROM information_schema.columns WHERE table_schema = current_schema()",
    )
    .load(&mut postgres)
    .await
    .unwrap();

    sqlite_columns.sort();
    postgres_columns.sort();
    assert!(sqlite_columns.len() > 40, "{sqlite_columns:?}");
    assert_eq!(sqlite_columns, postgres_columns);
}
