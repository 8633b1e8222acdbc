//! [`Store::import`]: one validated batch in, one transaction out.
//!
//! Order of work, all inside a single transaction (rolled back at the end of a dry run):
//! record the import; upsert categories, indicators, cycles, account managers, accounts and
//! contacts ([`mod@reference`]); classify each row as new, changed or unchanged and write the new
//! and changed ones together with the assignment history ([`responses`], [`history`]); rebuild
//! the aggregate cells of every touched (cycle, account); store the summary on the import row;
//! append the `import` audit row (not on a dry run, whose transaction is rolled back anyway).

mod history;
mod problems;
mod reference;
mod responses;

use std::collections::HashMap;
use std::time::Instant;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use gapscope_import::batch::Batch;
use serde::Serialize;

use crate::access::json;
use crate::audit::{self, NewAudit};
use crate::conn::AnyConnection;
use crate::schema::{imports, organizations};
use crate::{Actor, Store, StoreError, aggregates, now};
use problems::Problems;

/// How to run an import. There is no `Default`: every import names who runs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// Do all the work, report it, then roll it back.
    pub dry_run: bool,
    /// The uploaded file's name, kept on the import record.
    pub file_name: Option<String>,
    /// Who runs the import, for the audit log.
    pub actor: Actor,
}

/// What an import wrote (or, on a dry run, would have written).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// The import's id (a UUID v7); `None` on a dry run.
    pub import_id: Option<String>,
    /// Whether this was a dry run (nothing kept).
    pub dry_run: bool,
    /// Data rows in the batch.
    pub rows: usize,
    /// Responses stored for the first time.
    pub responses_inserted: usize,
    /// Stored responses that differed and were replaced.
    pub responses_updated: usize,
    /// Stored responses identical to their row, left alone.
    pub responses_unchanged: usize,
    /// New cycles.
    pub cycles_created: usize,
    /// New categories.
    pub categories_created: usize,
    /// New indicators.
    pub indicators_created: usize,
    /// New account managers.
    pub account_managers_created: usize,
    /// New accounts.
    pub accounts_created: usize,
    /// New contacts.
    pub contacts_created: usize,
    /// Assignments opened (an account's first owner, or a change of owner).
    pub assignments_changed: usize,
}

/// The shared inputs of every import step.
pub(crate) struct Ctx<'a> {
    org_id: i64,
    batch: &'a Batch,
    import_id: String,
    /// The import time: `created_at` of new rows, and the submission time of rows without one.
    now: NaiveDateTime,
}

/// Storage ids of everything the rows refer to.
pub(crate) struct Ids {
    /// Aligned with `Batch::categories`.
    categories: Vec<i64>,
    /// Aligned with `Batch::indicators`.
    indicators: Vec<i64>,
    /// By key / external id.
    cycles: HashMap<String, i64>,
    account_managers: HashMap<String, i64>,
    accounts: HashMap<String, i64>,
    contacts: HashMap<String, i64>,
}

/// How the import transaction ends early: an error, or a dry run's deliberate rollback.
enum TxAbort {
    Store(StoreError),
    DryRun(ImportSummary),
}

impl From<diesel::result::Error> for TxAbort {
    fn from(e: diesel::result::Error) -> Self {
        TxAbort::Store(e.into())
    }
}

impl From<StoreError> for TxAbort {
    fn from(e: StoreError) -> Self {
        TxAbort::Store(e)
    }
}

/// The field name of a row in errors, e.g. `rows[12].contact` (the 1-based file line).
fn row_field(row: usize, field: &str) -> String {
    format!("rows[{row}].{field}")
}

impl Store {
    /// Writes one validated batch for the organization, in one transaction.
    ///
    /// Reference data is upserted by key; each row becomes a new, updated or unchanged response
    /// (looked up by cycle and external id), the assignment history follows the account
    /// managers of the most recent rows (by cycle, then submission time, whatever the import
    /// order), and the aggregate cells of every touched (cycle, account) are rebuilt.
    /// Re-importing the same batch changes nothing. A dry run does all of it, then rolls back.
    /// A kept import appends an `import` audit row (target: the import id; `after`: the
    /// summary) in the same transaction.
    ///
    /// Errors: [`StoreError::Conflict`] when the batch contradicts stored scales or forms;
    /// [`StoreError::Rows`] listing, in file order, every row that puts a contact under another
    /// account, answers a cycle a second time, or names no AM for an account without owner;
    /// [`StoreError::Invalid`] for a malformed batch (a row naming something the batch does not
    /// define); [`StoreError::NotFound`] for an unknown organization. Nothing is written on
    /// error.
    pub fn import(
        &self,
        org_id: i64,
        batch: &Batch,
        opts: &ImportOptions,
    ) -> Result<ImportSummary, StoreError> {
        let started = Instant::now();
        let ctx = Ctx {
            org_id,
            batch,
            import_id: uuid::Uuid::now_v7().to_string(),
            now: now(),
        };
        let mut conn = self.conn()?;
        let outcome = conn.transaction(|conn| {
            let summary = run(conn, &ctx, opts)?;
            if opts.dry_run {
                Err(TxAbort::DryRun(summary))
            } else {
                Ok(summary)
            }
        });
        let summary = match outcome {
            Ok(summary) => summary,
            Err(TxAbort::DryRun(summary)) => ImportSummary {
                import_id: None,
                ..summary
            },
            Err(TxAbort::Store(e)) => return Err(e),
        };
        log::info!(
            "import {} for org {org_id}: {} rows, {} inserted, {} updated, {} unchanged, \
             dry_run={}, duration_ms={}",
            ctx.import_id,
            summary.rows,
            summary.responses_inserted,
            summary.responses_updated,
            summary.responses_unchanged,
            summary.dry_run,
            started.elapsed().as_millis()
        );
        Ok(summary)
    }
}

/// The whole import, inside the caller's transaction.
fn run(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    opts: &ImportOptions,
) -> Result<ImportSummary, StoreError> {
    let batch = ctx.batch;
    // Writing first takes SQLite's write lock up front, so a concurrent writer waits (busy
    // timeout) instead of failing on a read-to-write lock upgrade.
    record_import(conn, ctx, opts)?;

    let (categories, categories_created) =
        reference::upsert_categories(conn, ctx.org_id, &batch.categories)?;
    let (indicators, indicators_created) =
        reference::upsert_indicators(conn, ctx.org_id, &batch.indicators)?;
    let (cycles, cycles_created) = reference::upsert_cycles(conn, ctx, &indicators)?;
    let (account_managers, account_managers_created) =
        reference::upsert_account_managers(conn, ctx, &batch.account_managers)?;
    let (accounts, accounts_created) = reference::upsert_accounts(conn, ctx, &batch.accounts)?;
    // Row problems are collected over every step, then returned together before any response
    // is written (`responses::apply`); the transaction's rollback undoes the upserts.
    let mut problems = Problems::default();
    let contacts = reference::upsert_contacts(conn, ctx, &accounts, &mut problems)?;
    let ids = Ids {
        categories,
        indicators,
        cycles,
        account_managers,
        accounts,
        contacts: contacts.ids,
    };

    let mut applied = responses::apply(conn, ctx, &ids, &mut problems)?;
    applied
        .touched
        .extend(responses::pairs_of_contacts(conn, &contacts.role_changed)?);
    aggregates::recompute(conn, &applied.touched)?;
    // Alerts read the rebuilt cells; evaluated in this transaction, so a dry run drops them too.
    crate::alerts::evaluate_touched(conn, ctx.org_id, &applied.touched, &opts.actor)?;

    let summary = ImportSummary {
        import_id: Some(ctx.import_id.clone()),
        dry_run: opts.dry_run,
        rows: batch.responses.len(),
        responses_inserted: applied.inserted,
        responses_updated: applied.updated,
        responses_unchanged: applied.unchanged,
        cycles_created,
        categories_created,
        indicators_created,
        account_managers_created,
        accounts_created,
        contacts_created: contacts.created,
        assignments_changed: applied.assignments_changed,
    };
    record_summary(conn, ctx, &summary)?;
    if !opts.dry_run {
        let entry = NewAudit::on(ctx.org_id, "import", "import", &ctx.import_id)
            .change(None, Some(json(&summary)));
        audit::append(conn, &entry, &opts.actor)?;
    }
    Ok(summary)
}

/// Inserts the import record (counts filled in by [`record_summary`]).
fn record_import(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    opts: &ImportOptions,
) -> Result<(), StoreError> {
    lock_organization(conn, ctx.org_id)?;
    let inserted = diesel::insert_into(imports::table)
        .values((
            imports::id.eq(&ctx.import_id),
            imports::org_id.eq(ctx.org_id),
            imports::file_name.eq(opts.file_name.as_deref()),
            imports::created_at.eq(ctx.now),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => {}
        Err(DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _)) => {
            return Err(StoreError::NotFound(format!("organization {}", ctx.org_id)));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// Serializes imports per organization on PostgreSQL: the row lock is held until commit, so
/// two imports cannot both create the same account. (On SQLite the import's first write takes
/// the database's write lock, which serializes all writers.)
fn lock_organization(conn: &mut AnyConnection, org_id: i64) -> Result<(), StoreError> {
    if let AnyConnection::Postgresql(pg) = conn {
        let found = organizations::table
            .find(org_id)
            .select(organizations::id)
            .for_update()
            .first::<i64>(pg)
            .optional()?;
        if found.is_none() {
            return Err(StoreError::NotFound(format!("organization {org_id}")));
        }
    }
    Ok(())
}

/// Stores the summary counts on the import record.
fn record_summary(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    s: &ImportSummary,
) -> Result<(), StoreError> {
    let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
    diesel::update(imports::table.find(&ctx.import_id))
        .set((
            imports::row_count.eq(n(s.rows)),
            imports::responses_inserted.eq(n(s.responses_inserted)),
            imports::responses_updated.eq(n(s.responses_updated)),
            imports::responses_unchanged.eq(n(s.responses_unchanged)),
            imports::cycles_created.eq(n(s.cycles_created)),
            imports::categories_created.eq(n(s.categories_created)),
            imports::indicators_created.eq(n(s.indicators_created)),
            imports::account_managers_created.eq(n(s.account_managers_created)),
            imports::accounts_created.eq(n(s.accounts_created)),
            imports::contacts_created.eq(n(s.contacts_created)),
            imports::assignments_changed.eq(n(s.assignments_changed)),
        ))
        .execute(conn)?;
    Ok(())
}
