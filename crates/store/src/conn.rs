//! Connections: the two-backend connection enum, URL parsing, the pool manager and migrations.

use std::path::Path;
use std::time::Duration;

use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{ManageConnection, Pool, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::{Backend, StoreError};

/// PostgreSQL migrations, embedded at build time (see `build.rs` for the rebuild trigger).
const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");
/// SQLite migrations, embedded at build time.
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");

/// The SQLite file used when no database URL is given.
pub(crate) const DEFAULT_SQLITE_PATH: &str = "gapscope.db";

/// How long a pool checkout (and a PostgreSQL connect) may take before `Unavailable`.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The most connections one store keeps open.
const POOL_SIZE: u32 = 8;

/// How long SQLite waits on a locked database before giving up, in milliseconds.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

/// A connection to either backend. PostgreSQL is listed first, as diesel tries variants in
/// declaration order when it has to guess; we never let it guess (see [`Manager`]).
#[derive(diesel::MultiConnection)]
pub(crate) enum AnyConnection {
    /// A PostgreSQL connection.
    Postgresql(PgConnection),
    /// A SQLite connection.
    Sqlite(SqliteConnection),
}

/// Runs `$body` with `$c` bound to the concrete connection inside an [`AnyConnection`].
///
/// Needed for multi-row INSERTs: diesel 2.4's `MultiConnection` cannot render SQLite's batch
/// insert (`QueryFragment<Sqlite, SqliteBatchInsert>` is not implemented for the multi
/// backend), while both concrete connections can. The concrete connection shares the
/// connection's transaction, whose state lives in it.
macro_rules! per_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::conn::AnyConnection::Postgresql($c) => $body,
            $crate::conn::AnyConnection::Sqlite($c) => $body,
        }
    };
}
pub(crate) use per_backend;

/// Runs `f` in a transaction that writes: committed when it returns `Ok`, rolled back otherwise.
///
/// On SQLite the transaction starts with `BEGIN IMMEDIATE`, taking the write lock up front: a
/// deferred transaction that reads first and writes later fails with "database is locked"
/// when another connection wrote in between (WAL snapshots cannot be upgraded), whereas an
/// immediate one waits its turn (busy timeout). PostgreSQL uses an ordinary transaction; its
/// callers lock the rows they read before changing them (`FOR UPDATE`).
pub(crate) fn write_transaction<T>(
    conn: &mut AnyConnection,
    f: impl FnOnce(&mut AnyConnection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let AnyConnection::Sqlite(sqlite) = conn else {
        return conn.transaction(f);
    };
    // The transaction state lives in the concrete connection, so beginning it there and
    // finishing it through `AnyConnection` (which delegates) is one transaction.
    AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?;
    match f(conn) {
        Ok(value) => {
            <AnyConnection as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            if let Err(rollback) =
                <AnyConnection as Connection>::TransactionManager::rollback_transaction(conn)
            {
                log::error!("rollback after `{e}` failed: {rollback}");
            }
            Err(e)
        }
    }
}

/// Where a store lives, parsed from the database URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A SQLite file path or `file:` URI.
    Sqlite(String),
    /// A PostgreSQL URL.
    Postgres(String),
}

impl Target {
    /// Parses a database URL: `None`, a plain path, `sqlite://path` or `file:` mean SQLite;
    /// `postgres://` and `postgresql://` mean PostgreSQL; any other scheme is invalid.
    pub(crate) fn parse(database_url: Option<&str>) -> Result<Target, StoreError> {
        let url = database_url.map(str::trim).unwrap_or(DEFAULT_SQLITE_PATH);
        if url.is_empty() {
            return Err(StoreError::invalid("database_url", "is empty"));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Target::Postgres(with_connect_timeout(url)));
        }
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        if path == ":memory:" || path.contains("mode=memory") {
            // Each pooled connection would get its own empty database.
            return Err(StoreError::invalid(
                "database_url",
                "in-memory SQLite is not supported; use a (temporary) file",
            ));
        }
        if url.starts_with("sqlite://") || url.starts_with("file:") || !url.contains("://") {
            return Ok(Target::Sqlite(path.to_owned()));
        }
        Err(StoreError::invalid(
            "database_url",
            format!(
                "unsupported scheme in `{}`: use a path, sqlite://, postgres://",
                redact(url)
            ),
        ))
    }

    /// The backend this target selects.
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Target::Sqlite(_) => Backend::Sqlite,
            Target::Postgres(_) => Backend::Postgres,
        }
    }
}

/// Adds libpq's `connect_timeout` unless the URL sets one, so a dead server fails fast.
pub(crate) fn with_connect_timeout(url: &str) -> String {
    if url.contains("connect_timeout=") {
        return url.to_owned();
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}connect_timeout={}", CONNECT_TIMEOUT.as_secs())
}

/// The URL with any password replaced, for error messages.
pub(crate) fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    match (authority.rfind('@'), authority.find(':')) {
        (Some(at), Some(colon)) if colon < at => format!(
            "{}{}:***{}",
            &url[..scheme_end + 3],
            &authority[..colon],
            &url[scheme_end + 3 + at..]
        ),
        _ => url.to_owned(),
    }
}

/// An r2d2 manager that opens the backend chosen by URL scheme, so a bad URL reports the
/// backend's own error instead of diesel's "Invalid connection url for multiconnection".
#[derive(Debug, Clone)]
pub(crate) struct Manager {
    target: Target,
}

impl Manager {
    /// A manager for `target`.
    pub(crate) fn new(target: Target) -> Self {
        Self { target }
    }
}

impl ManageConnection for Manager {
    type Connection = AnyConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<AnyConnection, Self::Error> {
        match &self.target {
            Target::Postgres(url) => PgConnection::establish(url)
                .map(AnyConnection::Postgresql)
                .map_err(diesel::r2d2::Error::ConnectionError),
            Target::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(path)
                    .map_err(diesel::r2d2::Error::ConnectionError)?;
                conn.batch_execute(&sqlite_pragmas())?;
                Ok(AnyConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), Self::Error> {
        conn.ping().map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut AnyConnection) -> bool {
        conn.is_broken()
    }
}

/// Per-connection SQLite settings: enforce foreign keys, wait on locks, write-ahead log.
fn sqlite_pragmas() -> String {
    format!(
        "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; \
         PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
    )
}

/// Opens the pool for `target` and brings its schema up to date.
pub(crate) fn open_pool(target: &Target) -> Result<Pool<Manager>, StoreError> {
    if let Target::Sqlite(path) = target {
        create_parent_dir(path)?;
    }
    let manager = Manager::new(target.clone());

    // Connect once by hand so the caller sees the driver's own error, not a pool timeout.
    let mut first = manager.connect().map_err(|e| unavailable(target, &e))?;
    run_migrations(&mut first)?;
    drop(first);

    Ok(Pool::builder()
        .max_size(POOL_SIZE)
        .min_idle(Some(1))
        .connection_timeout(CONNECT_TIMEOUT)
        .build_unchecked(manager))
}

/// A `StoreError::Unavailable` naming the target (without its password) and the cause.
fn unavailable(target: &Target, e: &diesel::r2d2::Error) -> StoreError {
    let place = match target {
        Target::Sqlite(p) => format!("SQLite database `{p}`"),
        Target::Postgres(u) => format!("PostgreSQL at `{}`", redact(u)),
    };
    StoreError::Unavailable(format!("cannot open {place}: {e}"))
}

/// Creates the directory a SQLite file goes into, so a fresh path just works.
fn create_parent_dir(path: &str) -> Result<(), StoreError> {
    if path.starts_with("file:") {
        return Ok(());
    }
    match Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.exists() => std::fs::create_dir_all(dir)
            .map_err(|e| {
                StoreError::Unavailable(format!("cannot create directory `{}`: {e}", dir.display()))
            }),
        _ => Ok(()),
    }
}

/// Applies the pending embedded migrations of the connection's backend.
fn run_migrations(conn: &mut AnyConnection) -> Result<(), StoreError> {
    let applied = match conn {
        AnyConnection::Postgresql(c) => c.run_pending_migrations(PG_MIGRATIONS).map(|v| v.len()),
        AnyConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    }
    .map_err(|e| StoreError::Migration(e.to_string()))?;
    if applied > 0 {
        log::info!("applied {applied} database migrations");
    }
    Ok(())
}
