//! The throwaway database of one run: a temporary SQLite file, or a PostgreSQL database
//! `gapscope_bench_<random>` created on the server and dropped when the run ends.

use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl};
use gapscope_store::{Backend, Store};
use tempfile::TempDir;

/// A fresh, migrated database, deleted on drop (also when the run fails).
pub struct BenchDb {
    store: Option<Store>,
    place: Place,
}

enum Place {
    Sqlite(
        #[expect(dead_code, reason = "held so the directory lives as long as the store")] TempDir,
    ),
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl BenchDb {
    /// A fresh database on `backend`; PostgreSQL ones are created through `admin_url`, a
    /// maintenance database URL without query parameters.
    pub fn create(backend: Backend, admin_url: &str) -> Result<BenchDb, String> {
        match backend {
            Backend::Sqlite => Self::sqlite(),
            Backend::Postgres => Self::postgres(admin_url),
        }
    }

    fn sqlite() -> Result<BenchDb, String> {
        let dir = tempfile::tempdir().map_err(|e| format!("cannot create a temp dir: {e}"))?;
        let path = dir.path().join("gapscope-bench.db").display().to_string();
        let store = Store::open(Some(&path)).map_err(|e| format!("cannot open {path}: {e}"))?;
        Ok(BenchDb {
            store: Some(store),
            place: Place::Sqlite(dir),
        })
    }

    fn postgres(admin_url: &str) -> Result<BenchDb, String> {
        let name = format!("gapscope_bench_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::establish(admin_url)
            .map_err(|e| format!("cannot connect to PostgreSQL at {admin_url}: {e}"))?;
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .map_err(|e| format!("cannot create database {name}: {e}"))?;
        // Registered before opening, so a failed open still drops the database.
        let mut db = BenchDb {
            store: None,
            place: Place::Postgres {
                admin_url: admin_url.to_owned(),
                name: name.clone(),
            },
        };
        let url = sibling_url(admin_url, &name);
        let store = Store::open(Some(&url)).map_err(|e| format!("cannot open {name}: {e}"))?;
        db.store = Some(store);
        Ok(db)
    }

    /// The store on this database.
    pub fn store(&self) -> Result<&Store, String> {
        self.store
            .as_ref()
            .ok_or_else(|| "the database has no store".to_owned())
    }

    /// What to call this database in messages.
    pub fn describe(&self) -> String {
        match &self.place {
            Place::Sqlite(_) => "a temporary SQLite file".to_owned(),
            Place::Postgres { name, .. } => format!("PostgreSQL database {name}"),
        }
    }
}

impl Drop for BenchDb {
    fn drop(&mut self) {
        // Close the pool first; FORCE would end its sessions anyway.
        drop(self.store.take());
        if let Place::Postgres { admin_url, name } = &self.place {
            let dropped = PgConnection::establish(admin_url)
                .map_err(|e| e.to_string())
                .and_then(|mut admin| {
                    diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut admin)
                        .map_err(|e| e.to_string())
                });
            match dropped {
                Ok(_) => eprintln!("dropped PostgreSQL database {name}"),
                Err(e) => eprintln!("warning: could not drop database {name}: {e}"),
            }
        }
    }
}

/// `admin_url` (`postgres://user@host:port/db`) with its database replaced by `name`.
fn sibling_url(admin_url: &str, name: &str) -> String {
    let authority = admin_url.find("://").map_or(0, |i| i + 3);
    match admin_url[authority..].find('/') {
        Some(slash) => format!("{}/{name}", &admin_url[..authority + slash]),
        None => format!("{admin_url}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::sibling_url;

    #[test]
    fn the_database_name_is_replaced() {
        let url = "postgres://postgres@127.0.0.1:5432/postgres";
        assert_eq!(
            sibling_url(url, "b"),
            "postgres://postgres@127.0.0.1:5432/b"
        );
        assert_eq!(sibling_url("postgres://h", "b"), "postgres://h/b");
    }
}
