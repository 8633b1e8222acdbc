//! Renewal outcomes: whether an account renewed, decided on a day. The churn backtest reads
//! them against the scores that came before.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use gapscope_import::{MAX_ERRORS, RowError};
use serde::{Deserialize, Serialize};

use crate::audit::{self, NewAudit};
use crate::conn::{AnyConnection, write_transaction};
use crate::locks::lock_organization;
use crate::schema::{accounts, outcomes};
use crate::{Actor, Store, StoreError, now};

/// Accounts per lookup; keeps `IN (...)` lists short.
const CHUNK: usize = 500;

/// An outcome to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOutcome {
    /// The account's external id (as in the survey files); trimmed.
    pub account_external_id: String,
    /// Whether it renewed.
    pub renewed: bool,
    /// The day the renewal was decided.
    pub decided_on: NaiveDate,
}

/// A stored outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Queryable, Selectable)]
#[diesel(table_name = outcomes)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct OutcomeRow {
    /// The account.
    pub account_id: i64,
    /// Whether it renewed.
    pub renewed: bool,
    /// The day the renewal was decided.
    pub decided_on: NaiveDate,
}

impl Store {
    /// Records renewal outcomes, all or nothing; returns how many rows were written.
    ///
    /// An outcome is keyed by (account, day): recording one already stored is a no-op, and
    /// recording the other answer for a stored (account, day) corrects it (counted as
    /// written). A call that writes anything appends one audit row `outcome.record` listing
    /// the outcomes written (and, in `before`, the answers they replaced).
    ///
    /// Errors: [`StoreError::Rows`] listing every entry naming an unknown account (code
    /// `unknown_account`, field `outcomes[i].account_external_id`, `i` 0-based) or repeating
    /// an earlier entry's (account, day) (code `duplicate_outcome`, field
    /// `outcomes[i].decided_on`); [`StoreError::NotFound`] for an unknown organization.
    pub fn record_outcomes(
        &self,
        org_id: i64,
        entries: &[NewOutcome],
        actor: &Actor,
    ) -> Result<usize, StoreError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |conn| {
            lock_organization(conn, org_id)?;
            let ids = account_ids(conn, org_id, entries)?;
            let resolved = resolve(entries, &ids)?;
            write(conn, org_id, &resolved, actor)
        })
    }

    /// The organization's outcomes, by account id, then day.
    pub fn outcomes(&self, org_id: i64) -> Result<Vec<OutcomeRow>, StoreError> {
        let mut conn = self.conn()?;
        Ok(outcomes::table
            .filter(outcomes::org_id.eq(org_id))
            .order((outcomes::account_id, outcomes::decided_on))
            .select(OutcomeRow::as_select())
            .load(&mut *conn)?)
    }
}

/// The storage id of every account the entries name that exists, by external id.
fn account_ids(
    conn: &mut AnyConnection,
    org_id: i64,
    entries: &[NewOutcome],
) -> Result<HashMap<String, i64>, StoreError> {
    let mut wanted: Vec<&str> = entries
        .iter()
        .map(|e| e.account_external_id.trim())
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut ids = HashMap::new();
    for chunk in wanted.chunks(CHUNK) {
        let rows: Vec<(String, i64)> = accounts::table
            .filter(accounts::org_id.eq(org_id))
            .filter(accounts::external_id.eq_any(chunk))
            .select((accounts::external_id, accounts::id))
            .load(conn)?;
        ids.extend(rows);
    }
    Ok(ids)
}

/// The entries as stored rows, or every problem found (capped like the import's report).
fn resolve(
    entries: &[NewOutcome],
    ids: &HashMap<String, i64>,
) -> Result<Vec<OutcomeRow>, StoreError> {
    let mut errors = Vec::new();
    let mut seen: HashMap<(i64, NaiveDate), usize> = HashMap::new();
    let mut rows = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let external_id = entry.account_external_id.trim();
        let Some(&account_id) = ids.get(external_id) else {
            errors.push(entry_error(
                format!("outcomes[{i}].account_external_id"),
                "unknown_account",
                format!("no account has the external id `{external_id}`"),
            ));
            continue;
        };
        if let Some(first) = seen.insert((account_id, entry.decided_on), i) {
            errors.push(entry_error(
                format!("outcomes[{i}].decided_on"),
                "duplicate_outcome",
                format!(
                    "account `{external_id}` already has an outcome for {} at entry {first}",
                    entry.decided_on
                ),
            ));
            continue;
        }
        rows.push(OutcomeRow {
            account_id,
            renewed: entry.renewed,
            decided_on: entry.decided_on,
        });
    }
    if errors.is_empty() {
        return Ok(rows);
    }
    if errors.len() > MAX_ERRORS {
        let more = errors.len() - MAX_ERRORS;
        errors.truncate(MAX_ERRORS);
        errors.push(entry_error(
            "outcomes".to_owned(),
            "too_many_errors",
            format!("and {more} more errors not listed (a report lists at most {MAX_ERRORS})"),
        ));
    }
    Err(StoreError::Rows(errors))
}

/// A problem with one entry; entries have no file line, so the index is in the field.
fn entry_error(field: String, code: &str, message: String) -> RowError {
    RowError {
        row: None,
        column: None,
        field,
        code: code.to_owned(),
        message,
    }
}

/// Inserts new outcomes and corrects changed ones; returns how many rows were written.
fn write(
    conn: &mut AnyConnection,
    org_id: i64,
    rows: &[OutcomeRow],
    actor: &Actor,
) -> Result<usize, StoreError> {
    let stored = stored_outcomes(conn, org_id, rows)?;
    let at = now();
    let (mut written, mut replaced) = (Vec::new(), Vec::new());
    for row in rows {
        match stored.get(&(row.account_id, row.decided_on)) {
            Some(&(_, renewed)) if renewed == row.renewed => continue,
            Some(&(id, renewed)) => {
                diesel::update(outcomes::table.find(id))
                    .set((
                        outcomes::renewed.eq(row.renewed),
                        outcomes::recorded_at.eq(at),
                    ))
                    .execute(conn)?;
                replaced.push(OutcomeRow { renewed, ..*row });
            }
            None => {
                diesel::insert_into(outcomes::table)
                    .values((
                        outcomes::org_id.eq(org_id),
                        outcomes::account_id.eq(row.account_id),
                        outcomes::renewed.eq(row.renewed),
                        outcomes::decided_on.eq(row.decided_on),
                        outcomes::recorded_at.eq(at),
                    ))
                    .execute(conn)?;
            }
        }
        written.push(row.clone());
    }
    if !written.is_empty() {
        let entry = NewAudit {
            org_id: Some(org_id),
            action: "outcome.record".to_owned(),
            target_type: Some("outcome".to_owned()),
            target_id: None,
            before: (!replaced.is_empty()).then(|| crate::access::json(&replaced)),
            after: Some(crate::access::json(&written)),
        };
        audit::append(conn, &entry, actor)?;
    }
    Ok(written.len())
}

/// Stored outcomes as (id, renewed), by (account, day).
type StoredOutcomes = HashMap<(i64, NaiveDate), (i64, bool)>;

/// The stored outcomes of the accounts `rows` name.
fn stored_outcomes(
    conn: &mut AnyConnection,
    org_id: i64,
    rows: &[OutcomeRow],
) -> Result<StoredOutcomes, StoreError> {
    let mut accounts: Vec<i64> = rows.iter().map(|r| r.account_id).collect();
    accounts.sort_unstable();
    accounts.dedup();
    let mut stored = HashMap::new();
    for chunk in accounts.chunks(CHUNK) {
        let found: Vec<(i64, i64, NaiveDate, bool)> = outcomes::table
            .filter(outcomes::org_id.eq(org_id))
            .filter(outcomes::account_id.eq_any(chunk))
            .select((
                outcomes::id,
                outcomes::account_id,
                outcomes::decided_on,
                outcomes::renewed,
            ))
            .load(conn)?;
        for (id, account, day, renewed) in found {
            stored.insert((account, day), (id, renewed));
        }
    }
    Ok(stored)
}
