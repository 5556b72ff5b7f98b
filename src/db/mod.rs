//! Relational data: the connection pool for either backend, migrations, the schema and the
//! row types. Queries live next to the feature that owns them (`library/…`) and reach a
//! connection through [`with_conn!`], the one place where the backend is dispatched.
//!
//! PostgreSQL runs through a pooled `AsyncPgConnection`; SQLite through diesel's synchronous
//! connection inside `SyncConnectionWrapper` (each query on the blocking pool), in WAL mode
//! with a busy timeout and foreign keys on.

pub mod models;
pub mod schema;

use std::time::Duration;

use diesel::{Connection, SqliteConnection};
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig};
use diesel_async::sync_connection_wrapper::SyncConnectionWrapper;
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use futures_util::FutureExt;
use secrecy::{ExposeSecret, SecretString};

pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

pub type SqliteConn = SyncConnectionWrapper<SqliteConnection, BlockingPool>;

/// Runs SQLite work on tokio's blocking pool. diesel-async's default spawner, when a request
/// is cancelled mid-query (the client went away), blocks its thread until the query ends
/// with `block_in_place`, which panics on actix's single-threaded workers. Here the query
/// simply finishes in the background, holding the connection's lock, so the next user of
/// that connection waits for it; a connection dropped inside a transaction is discarded by
/// the pool (`is_broken`).
pub struct BlockingPool;

impl diesel_async::sync_connection_wrapper::SpawnBlocking for BlockingPool {
    fn spawn_blocking<'a, R>(
        &mut self,
        task: impl FnOnce() -> R + Send + 'static,
    ) -> futures_util::future::BoxFuture<'a, Result<R, Box<dyn std::error::Error + Send + Sync>>>
    where
        R: Send + 'static,
    {
        tokio::task::spawn_blocking(task)
            .map(|joined| joined.map_err(Box::from))
            .boxed()
    }

    fn get_runtime() -> Self {
        BlockingPool
    }
}
pub type PoolError = diesel_async::pooled_connection::deadpool::PoolError;

/// How long a request waits for a free connection (or a new one) before answering 503.
const POOL_TIMEOUT: Duration = Duration::from_secs(5);
/// How long SQLite waits on a locked database before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

/// A pool of connections to whichever backend `DATABASE_URL` names.
#[derive(Clone)]
pub enum Db {
    Postgres(Pool<AsyncPgConnection>),
    Sqlite(Pool<SqliteConn>),
}

/// One pooled connection; see [`with_conn!`].
// Lives on the stack for the span of one query; boxing would allocate on every checkout.
#[allow(clippy::large_enum_variant)]
pub enum Conn {
    Postgres(Object<AsyncPgConnection>),
    Sqlite(Object<SqliteConn>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Backend {
    pub fn of_url(url: &str) -> Self {
        if url.starts_with("sqlite://") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        }
    }
}

/// Runs `$body` with `$conn` bound to a `&mut` connection of the pool's backend. The body is
/// written once and compiled for each backend, so every query supports both.
///
/// ```ignore
/// with_conn!(db, |conn| users::table.find(id).first::<User>(conn).await)
/// ```
#[macro_export]
macro_rules! with_conn {
    ($db:expr, |$conn:ident| $body:expr) => {
        match $db.conn().await? {
            $crate::db::Conn::Postgres(mut pooled) => {
                let $conn = &mut *pooled;
                $body
            }
            $crate::db::Conn::Sqlite(mut pooled) => {
                let $conn = &mut *pooled;
                $body
            }
        }
    };
}

/// Implements a query trait for both backends' connection types from one body, so query
/// fragments shared by several features (and used inside transactions) are written once too.
#[macro_export]
macro_rules! impl_for_backends {
    ($trait:path { $($items:tt)* }) => {
        impl $trait for diesel_async::AsyncPgConnection {
            $($items)*
        }
        impl $trait for $crate::db::SqliteConn {
            $($items)*
        }
    };
}

impl Db {
    /// Builds the pool. Connections are made on first use, so a database that is down shows
    /// up as 503 answers and a failing `/readyz`, not as a crash.
    pub fn connect(url: &SecretString, max_connections: usize) -> anyhow::Result<Self> {
        let url = url.expose_secret();
        match Backend::of_url(url) {
            Backend::Postgres => {
                let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new(url);
                let pool = Pool::builder(manager)
                    .max_size(max_connections)
                    .runtime(deadpool::Runtime::Tokio1)
                    .wait_timeout(Some(POOL_TIMEOUT))
                    .create_timeout(Some(POOL_TIMEOUT))
                    .build()?;
                Ok(Db::Postgres(pool))
            }
            Backend::Sqlite => {
                let path = sqlite_path(url);
                create_parent_dir(path)?;
                let mut config = ManagerConfig::<SqliteConn>::default();
                config.custom_setup = Box::new(|path| setup_sqlite(path.to_owned()).boxed());
                let manager =
                    AsyncDieselConnectionManager::<SqliteConn>::new_with_config(path, config);
                // SQLite has one writer at a time; a single connection serialises writes so a
                // deferred transaction never fails with SQLITE_BUSY on its upgrade to a write.
                let pool = Pool::builder(manager)
                    .max_size(1)
                    .runtime(deadpool::Runtime::Tokio1)
                    .wait_timeout(Some(POOL_TIMEOUT))
                    .create_timeout(Some(POOL_TIMEOUT))
                    .build()?;
                Ok(Db::Sqlite(pool))
            }
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Postgres(_) => Backend::Postgres,
            Db::Sqlite(_) => Backend::Sqlite,
        }
    }

    pub async fn conn(&self) -> Result<Conn, PoolError> {
        Ok(match self {
            Db::Postgres(pool) => Conn::Postgres(pool.get().await?),
            Db::Sqlite(pool) => Conn::Sqlite(pool.get().await?),
        })
    }

    /// Checks that a query goes through (for `/readyz`).
    pub async fn ping(&self) -> Result<(), crate::error::ApiError> {
        with_conn!(self, |conn| conn.batch_execute("SELECT 1").await)?;
        Ok(())
    }
}

async fn setup_sqlite(path: String) -> diesel::ConnectionResult<SqliteConn> {
    let mut conn = SqliteConn::establish(&path).await?;
    conn.batch_execute(&sqlite_pragmas())
        .await
        .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
    Ok(conn)
}

fn sqlite_pragmas() -> String {
    format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
         PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON;"
    )
}

fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").unwrap_or(url)
}

fn create_parent_dir(path: &str) -> std::io::Result<()> {
    match std::path::Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
        _ => Ok(()),
    }
}

/// Applies every pending migration of the URL's backend and returns the names applied.
///
/// Migrations are synchronous in diesel; they run on a thread of their own (with a private
/// runtime for PostgreSQL) so that they work from any async context.
pub async fn migrate(url: &SecretString) -> anyhow::Result<Vec<String>> {
    let url = url.expose_secret().to_owned();
    let (done, result) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("vivid-migrate".into())
        .spawn(move || {
            let _ = done.send(migrate_blocking(&url));
        })?;
    result.await?
}

fn migrate_blocking(url: &str) -> anyhow::Result<Vec<String>> {
    match Backend::of_url(url) {
        Backend::Postgres => {
            let mut conn: AsyncConnectionWrapper<AsyncPgConnection> = Connection::establish(url)?;
            run_migrations(&mut conn, POSTGRES_MIGRATIONS)
        }
        Backend::Sqlite => {
            let path = sqlite_path(url);
            create_parent_dir(path)?;
            let mut conn = SqliteConnection::establish(path)?;
            diesel::connection::SimpleConnection::batch_execute(&mut conn, &sqlite_pragmas())?;
            run_migrations(&mut conn, SQLITE_MIGRATIONS)
        }
    }
}

fn run_migrations<B: diesel::backend::Backend>(
    harness: &mut impl MigrationHarness<B>,
    migrations: EmbeddedMigrations,
) -> anyhow::Result<Vec<String>> {
    let applied = harness
        .run_pending_migrations(migrations)
        .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
    Ok(applied.iter().map(ToString::to_string).collect())
}

/// A new opaque id: a UUIDv7 as text (time-ordered, so it also orders pagination).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

/// Now, in UTC, at microsecond precision (what PostgreSQL keeps), so a value read back
/// equals the value written on both backends.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    chrono::Utc::now().naive_utc().trunc_subsecs(6)
}

impl From<PoolError> for crate::error::ApiError {
    fn from(error: PoolError) -> Self {
        Self::unavailable(crate::error::ErrorCode::DatabaseUnavailable, error)
    }
}

/// The ids of the spaces `$user` is a member of, as a subquery. Every read of individual
/// videos is filtered by it: a removed member's individual videos stay (a re-invitation
/// brings them back) but are theirs to see only while they are in the space. (A macro: the
/// expression's type is unnameable.)
#[macro_export]
macro_rules! my_space_ids {
    ($user:expr) => {
        $crate::db::schema::participants::table
            .filter($crate::db::schema::participants::user_id.eq($user))
            .select($crate::db::schema::participants::space_id)
    };
}
