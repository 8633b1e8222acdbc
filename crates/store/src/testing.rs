//! Throwaway databases for tests (feature `testing`), for this crate and the ones above it.
//!
//! `TestDb::sqlite()` is a fresh file in a temporary directory. `TestDb::postgres()` creates a
//! fresh database `gapscope_test_<random>` on the server named by `GAPSCOPE_TEST_PG_URL`
//! (default `postgres://postgres@127.0.0.1:5432/postgres`) and drops it `WITH (FORCE)` when
//! dropped. An unreachable server makes the test fail with a message saying so: PostgreSQL
//! tests never skip silently.

use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl};
use tempfile::TempDir;

use crate::{Backend, Store};

/// The environment variable naming the PostgreSQL server (maintenance database URL) for tests.
pub const PG_URL_VAR: &str = "GAPSCOPE_TEST_PG_URL";

/// The server used when [`PG_URL_VAR`] is not set.
pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A fresh, migrated database that is deleted on drop.
pub struct TestDb {
    store: Option<Store>,
    url: String,
    place: Place,
}

/// What to clean up.
enum Place {
    Sqlite(
        #[expect(dead_code, reason = "held so the directory lives as long as the store")] TempDir,
    ),
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl TestDb {
    /// A fresh database on `backend`.
    pub fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => TestDb::sqlite(),
            Backend::Postgres => TestDb::postgres(),
        }
    }

    /// A fresh SQLite file in a temporary directory. Panics if it cannot be created.
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir()
            .unwrap_or_else(|e| panic!("cannot create a temporary directory: {e}"));
        let url = dir.path().join("gapscope.db").display().to_string();
        let store = Store::open(Some(&url))
            .unwrap_or_else(|e| panic!("cannot open test SQLite database {url}: {e}"));
        TestDb {
            store: Some(store),
            url,
            place: Place::Sqlite(dir),
        }
    }

    /// A fresh PostgreSQL database on the test server. Panics, naming the server and
    /// [`PG_URL_VAR`], if the server is unreachable.
    pub fn postgres() -> TestDb {
        let admin_url = std::env::var(PG_URL_VAR).unwrap_or_else(|_| DEFAULT_PG_URL.to_owned());
        let admin_url = crate::conn::with_connect_timeout(&admin_url);
        let name = format!("gapscope_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = admin_connection(&admin_url);
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        let url = database_url(&admin_url, &name);
        // Registered before opening, so a failed open still drops the database.
        let mut db = TestDb {
            store: None,
            url,
            place: Place::Postgres { admin_url, name },
        };
        let store = Store::open(Some(&db.url))
            .unwrap_or_else(|e| panic!("cannot open test database {}: {e}", db.url));
        db.store = Some(store);
        db
    }

    /// The store on this database.
    pub fn store(&self) -> &Store {
        match &self.store {
            Some(store) => store,
            None => panic!("the test database has no store"),
        }
    }

    /// The database URL (SQLite: the file path), e.g. to open a second store on it.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // Close the pool first; FORCE would end its sessions anyway.
        drop(self.store.take());
        if let Place::Postgres { admin_url, name } = &self.place {
            let dropped = PgConnection::establish(admin_url).and_then(|mut admin| {
                diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin)
                    .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))
            });
            if let Err(e) = dropped {
                eprintln!("warning: could not drop test database {name}: {e}");
            }
        }
    }
}

/// A connection to the test server's maintenance database, or a panic explaining the setup.
fn admin_connection(admin_url: &str) -> PgConnection {
    PgConnection::establish(admin_url).unwrap_or_else(|e| {
        panic!(
            "PostgreSQL tests need a server: cannot connect to {} ({e}). Start one, or point \
             {PG_URL_VAR} at a server where this user may CREATE DATABASE.",
            crate::conn::redact(admin_url)
        )
    })
}

/// `admin_url` with its database name replaced by `name` (query parameters kept).
fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (admin_url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::database_url;

    #[test]
    fn database_url_replaces_only_the_database() {
        assert_eq!(
            database_url("postgres://u:p@h:5432/postgres?sslmode=disable", "x"),
            "postgres://u:p@h:5432/x?sslmode=disable"
        );
        assert_eq!(database_url("postgres://h", "x"), "postgres://h/x");
    }
}
