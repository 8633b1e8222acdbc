//! Keeping `agg_category`, `agg_indicator` and `agg_response` equal to a scan of the raw rows.
//!
//! For each touched (cycle, account) the rows are deleted and rebuilt with one
//! `INSERT ... SELECT ... GROUP BY` per table. The statements are plain SQL that both backends
//! accept; the only values spliced in are `i64` ids, so there is nothing to escape and no
//! backend-specific bind placeholder to pick.

use std::collections::{BTreeMap, BTreeSet};

use diesel::prelude::*;

use crate::conn::AnyConnection;
use crate::schema::{agg_category, agg_indicator, agg_response};

/// Accounts per statement; keeps the statements short.
const CHUNK: usize = 500;

/// Rebuilds the aggregate rows of every (cycle, account) pair in `touched`.
pub(crate) fn recompute(
    conn: &mut AnyConnection,
    touched: &BTreeSet<(i64, i64)>,
) -> QueryResult<()> {
    let mut by_cycle: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for &(cycle, account) in touched {
        by_cycle.entry(cycle).or_default().push(account);
    }
    for (cycle, accounts) in by_cycle {
        for chunk in accounts.chunks(CHUNK) {
            delete_cells(conn, cycle, chunk)?;
            insert_cells(conn, cycle, chunk)?;
        }
    }
    Ok(())
}

/// Deletes the aggregate rows of `accounts` in `cycle`.
fn delete_cells(conn: &mut AnyConnection, cycle: i64, accounts: &[i64]) -> QueryResult<()> {
    diesel::delete(
        agg_category::table
            .filter(agg_category::cycle_id.eq(cycle))
            .filter(agg_category::account_id.eq_any(accounts)),
    )
    .execute(conn)?;
    diesel::delete(
        agg_indicator::table
            .filter(agg_indicator::cycle_id.eq(cycle))
            .filter(agg_indicator::account_id.eq_any(accounts)),
    )
    .execute(conn)?;
    diesel::delete(
        agg_response::table
            .filter(agg_response::cycle_id.eq(cycle))
            .filter(agg_response::account_id.eq_any(accounts)),
    )
    .execute(conn)?;
    Ok(())
}

/// Rebuilds the aggregate rows of `accounts` in `cycle` from ratings and indicator values.
fn insert_cells(conn: &mut AnyConnection, cycle: i64, accounts: &[i64]) -> QueryResult<()> {
    let ids = accounts
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let scope = format!("s.cycle_id = {cycle} AND s.account_id IN ({ids})");
    for sql in [
        category_sql(&scope),
        indicator_sql(&scope),
        response_sql(&scope),
    ] {
        diesel::sql_query(sql).execute(conn)?;
    }
    Ok(())
}

/// The rebuild of `agg_category` for the responses matching `scope` (over `s`).
///
/// `o` is the cycle's outcome indicator value of the same response (absent when the cycle has
/// no outcome indicator), so the pair sums cover responses with both values. Products are cast
/// to BIGINT first so PostgreSQL does not multiply in 32 bits.
fn category_sql(scope: &str) -> String {
    format!(
        "INSERT INTO agg_category (org_id, cycle_id, account_id, account_manager_id, role, \
             category_id, importance_n, importance_sum, performance_n, performance_sum, \
             top_box_n, bottom_box_n, pair_n, sum_x, sum_y, sum_xx, sum_yy, sum_xy) \
         SELECT s.org_id, s.cycle_id, s.account_id, s.account_manager_id, c.role, r.category_id, \
             COUNT(r.importance), \
             COALESCE(SUM(r.importance), 0), \
             COUNT(r.performance), \
             COALESCE(SUM(r.performance), 0), \
             COUNT(CASE WHEN r.performance >= cy.performance_max - 1 THEN 1 END), \
             COUNT(CASE WHEN r.performance <= cy.performance_min + 1 THEN 1 END), \
             COUNT(CASE WHEN r.performance IS NOT NULL AND o.value IS NOT NULL THEN 1 END), \
             COALESCE(SUM(CASE WHEN o.value IS NOT NULL THEN r.performance END), 0), \
             COALESCE(SUM(CASE WHEN r.performance IS NOT NULL THEN o.value END), 0), \
             COALESCE(SUM(CASE WHEN o.value IS NOT NULL \
                 THEN CAST(r.performance AS BIGINT) * r.performance END), 0), \
             COALESCE(SUM(CASE WHEN r.performance IS NOT NULL \
                 THEN CAST(o.value AS BIGINT) * o.value END), 0), \
             COALESCE(SUM(CAST(r.performance AS BIGINT) * o.value), 0) \
         FROM ratings r \
         JOIN responses s ON s.id = r.response_id \
         JOIN contacts c ON c.id = s.contact_id \
         JOIN cycles cy ON cy.id = s.cycle_id \
         LEFT JOIN indicator_values o \
             ON o.response_id = s.id AND o.indicator_id = cy.outcome_indicator_id \
         WHERE {scope} \
         GROUP BY s.org_id, s.cycle_id, s.account_id, s.account_manager_id, c.role, r.category_id"
    )
}

/// The rebuild of `agg_indicator` for the responses matching `scope` (over `s`).
fn indicator_sql(scope: &str) -> String {
    format!(
        "INSERT INTO agg_indicator (org_id, cycle_id, account_id, account_manager_id, role, \
             indicator_id, n, sum, promoters, detractors, min_value) \
         SELECT s.org_id, s.cycle_id, s.account_id, s.account_manager_id, c.role, v.indicator_id, \
             COUNT(*), \
             COALESCE(SUM(v.value), 0), \
             COUNT(CASE WHEN v.value >= 9 THEN 1 END), \
             COUNT(CASE WHEN v.value <= 6 THEN 1 END), \
             MIN(v.value) \
         FROM indicator_values v \
         JOIN responses s ON s.id = v.response_id \
         JOIN contacts c ON c.id = s.contact_id \
         WHERE {scope} \
         GROUP BY s.org_id, s.cycle_id, s.account_id, s.account_manager_id, c.role, v.indicator_id"
    )
}

/// The rebuild of `agg_response` for the responses matching `scope` (over `s`).
fn response_sql(scope: &str) -> String {
    format!(
        "INSERT INTO agg_response (org_id, cycle_id, account_id, account_manager_id, role, \
             responses) \
         SELECT s.org_id, s.cycle_id, s.account_id, s.account_manager_id, c.role, COUNT(*) \
         FROM responses s \
         JOIN contacts c ON c.id = s.contact_id \
         WHERE {scope} \
         GROUP BY s.org_id, s.cycle_id, s.account_id, s.account_manager_id, c.role"
    )
}
