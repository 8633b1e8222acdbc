//! Gapscope storage: diesel over SQLite (the embedded default) or PostgreSQL.
//!
//! [`Store`] owns a connection pool for one database and exposes everything the API and CLI
//! crates read and write. The backend is chosen by the database URL ([`Store::open`]); both run
//! the same schema (`migrations/sqlite` and `migrations/postgres`, same folder names) and the
//! same queries, and every test runs on both.
//!
//! Writes come in through [`Store::import`], which takes one validated
//! [`gapscope_import::batch::Batch`] and applies it in a single transaction, including the
//! aggregate tables ([`CycleCells`]) that dashboards read instead of rescanning ratings.
//!
//! Access control lives here too: users, integration tokens and the append-only audit log
//! (`access`, `audit`). Every privileged write takes an [`Actor`] and appends its
//! [`AuditEntry`] in the same transaction as the change.
//!
//! Alerts (METHOD.md section 7) are evaluated in the transaction that changes their inputs (an
//! import, [`Store::close_cycle`]) and kept one per (cycle, account, rule, category) with an
//! append-only event history (`alerts`). Renewal outcomes (`outcomes`) and the per-response
//! complete cases for LMG (`cases`) are read for the churn backtest and section 5.
//!
//! Pairing proposals (METHOD.md section 8, `pairing`) keep optimiser results for review;
//! [`Store::apply_proposal`] moves chosen accounts in the assignment history, in one
//! transaction, only while each account is still with the AM it was proposed to leave.
//!
//! Errors: every call returns [`StoreError`]; diesel errors stay inside it.

mod access;
mod admin;
mod aggregates;
mod alerts;
mod audit;
mod cases;
mod conn;
mod cycles;
mod error;
mod import;
mod locks;
mod models;
mod outcomes;
mod pairing;
mod read;
mod schema;
mod sort;
#[cfg(feature = "testing")]
pub mod testing;

use chrono::{NaiveDateTime, SubsecRound, Utc};
use diesel::r2d2::{Pool, PooledConnection};
use serde::Serialize;

use conn::{Manager, Target};

pub use access::{
    Actor, ApiToken, NewApiToken, NewUser, Role, TokenScope, UnknownValue, User, UserChanges,
};
pub use alerts::{
    Alert, AlertCounts, AlertEvaluation, AlertEvent, AlertEventKind, AlertFilter, AlertPage,
    AlertSortField, AlertStatus, MAX_ALERT_PAGE, SeverityCounts, StatusCounts,
};
pub use audit::{AuditEntry, AuditFilter, AuditPage, AuditSortField, MAX_AUDIT_PAGE, NewAudit};
pub use cases::CompleteCases;
pub use error::StoreError;
pub use import::{ImportOptions, ImportSummary};
pub use models::{Account, AccountManager, Assignment, Category, Cycle, Indicator, Organization};
pub use outcomes::{NewOutcome, OutcomeRow};
pub use pairing::{AppliedProposal, NewProposal, Proposal, ProposalStatus};
pub use read::CycleCells;
pub use sort::SortBy;

/// The database engine behind a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// An SQLite file (bundled SQLite; the default).
    Sqlite,
    /// A PostgreSQL server (bundled libpq).
    Postgres,
}

/// A pooled handle to one Gapscope database. Cheap to clone; clones share the pool.
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool<Manager>,
    backend: Backend,
}

impl Store {
    /// Opens (and for SQLite creates) the database and applies the pending migrations.
    ///
    /// `None`, a plain path, `sqlite://path` or a `file:` URI select SQLite (default file
    /// `gapscope.db`; foreign keys on, WAL, a 5 s busy timeout). `postgres://` or
    /// `postgresql://` select PostgreSQL (a 5 s connect timeout is added unless the URL sets
    /// `connect_timeout`). Any other scheme is [`StoreError::Invalid`]; an unreachable database is
    /// [`StoreError::Unavailable`] with the driver's own message.
    pub fn open(database_url: Option<&str>) -> Result<Store, StoreError> {
        let target = Target::parse(database_url)?;
        let pool = conn::open_pool(&target)?;
        Ok(Store {
            pool,
            backend: target.backend(),
        })
    }

    /// Which backend this store runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A pooled connection, or [`StoreError::Unavailable`] after the pool timeout.
    fn conn(&self) -> Result<PooledConnection<Manager>, StoreError> {
        Ok(self.pool.get()?)
    }
}

/// The current UTC time at the precision both backends store (microseconds).
fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}
