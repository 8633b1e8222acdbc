//! Running the rules and keeping one alert per (cycle, account, rule, category).
//!
//! A new finding raises an open alert. An open or acknowledged alert takes the finding's
//! severity, magnitude, detail, evidence and AM when any of them changed (an `escalated` event
//! when the severity rose, a `deescalated` one when it fell). A resolved alert reopens when the
//! finding is worse than when a person resolved it ([`is_worse`]), and whenever it fires again
//! after an evaluation cleared it (its latest event is `cleared`): nobody decided it was dealt
//! with.
//!
//! An open or acknowledged alert of an evaluated account and cycle whose finding disappeared
//! (corrected data, looser thresholds) is resolved by the evaluation with a `cleared` event, so
//! no alert stays open on numbers that are no longer true. Only the accounts an evaluation
//! looks at are cleared; a resolved alert whose finding disappeared is left alone. So
//! re-evaluating unchanged data writes nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use gapscope_domain::alerts::{Finding, Rule, is_worse};

use super::facts::{AccountContext, Evaluator};
use super::{
    AlertEvaluation, AlertEventKind, AlertRow, AlertStatus, NO_CATEGORY, insert_event,
    severity_from_str,
};
use crate::conn::{AnyConnection, write_transaction};
use crate::locks::lock_organization;
use crate::schema::{
    accounts, agg_response, alert_events, alerts, assignments, indicator_values, responses,
};
use crate::{Actor, Store, StoreError, now};

/// Accounts per query; keeps `IN (...)` lists short.
const CHUNK: usize = 500;

/// Magnitudes closer than this are the same (recomputation noise, not a change).
const MAGNITUDE_EPSILON: f64 = 1e-9;

/// The note of a `cleared` event.
const CLEARED_NOTE: &str = "no longer fires: the facts improved or the thresholds changed";

impl Store {
    /// Evaluates the alert rules for a cycle's accounts (all of them with `None`: those with
    /// responses, and after the cycle closed those assigned when it closed) and stores the
    /// findings, in one transaction: raising, updating and reopening alerts, and clearing the
    /// open or acknowledged alerts of the evaluated accounts that no longer fire. Imports and
    /// [`Store::close_cycle`] do this themselves; call it after changing settings, for
    /// instance.
    ///
    /// Errors: [`StoreError::NotFound`] for an unknown organization or a cycle not of it.
    pub fn evaluate_alerts(
        &self,
        org_id: i64,
        cycle_id: i64,
        accounts: Option<&[i64]>,
        actor: &Actor,
    ) -> Result<AlertEvaluation, StoreError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |conn| {
            lock_organization(conn, org_id)?;
            let accounts = accounts.map(|a| a.iter().copied().collect::<BTreeSet<_>>());
            evaluate_cycle_in(conn, org_id, cycle_id, accounts.as_ref(), actor)
        })
    }
}

/// [`Store::evaluate_alerts`] inside the caller's transaction.
pub(crate) fn evaluate_cycle_in(
    conn: &mut AnyConnection,
    org_id: i64,
    cycle_id: i64,
    accounts: Option<&BTreeSet<i64>>,
    actor: &Actor,
) -> Result<AlertEvaluation, StoreError> {
    let mut evaluator = Evaluator::load(conn, org_id)?;
    evaluate_cycle(conn, &mut evaluator, org_id, cycle_id, accounts, actor)
}

/// Evaluates every (cycle, account) an import touched, inside the import's transaction.
///
/// The same accounts are evaluated in their later cycles with responses too: a changed
/// earlier cycle changes their previous score and category means.
pub(crate) fn evaluate_touched(
    conn: &mut AnyConnection,
    org_id: i64,
    touched: &BTreeSet<(i64, i64)>,
    actor: &Actor,
) -> Result<AlertEvaluation, StoreError> {
    if touched.is_empty() {
        return Ok(AlertEvaluation::default());
    }
    let mut evaluator = Evaluator::load(conn, org_id)?;
    let mut by_cycle: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    for &(cycle, account) in touched {
        by_cycle.entry(cycle).or_default().insert(account);
    }
    let accounts: Vec<i64> = touched
        .iter()
        .map(|&(_, a)| a)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for (account, cycles) in cycles_with_responses(conn, org_id, &accounts)? {
        let touched_cycles: Vec<i64> = touched
            .iter()
            .filter(|&&(_, a)| a == account)
            .map(|&(c, _)| c)
            .collect();
        for cycle in cycles {
            let key = evaluator.key(cycle);
            let later = touched_cycles.iter().any(|&t| evaluator.key(t) < key);
            if later {
                by_cycle.entry(cycle).or_default().insert(account);
            }
        }
    }

    let mut total = AlertEvaluation::default();
    for (cycle, accounts) in by_cycle {
        let done = evaluate_cycle(conn, &mut evaluator, org_id, cycle, Some(&accounts), actor)?;
        total.add(done);
    }
    Ok(total)
}

/// Evaluates `accounts` (or every account concerned) in one cycle.
fn evaluate_cycle(
    conn: &mut AnyConnection,
    evaluator: &mut Evaluator,
    org_id: i64,
    cycle_id: i64,
    accounts: Option<&BTreeSet<i64>>,
    actor: &Actor,
) -> Result<AlertEvaluation, StoreError> {
    let closed_at = evaluator
        .cycle(cycle_id)
        .ok_or_else(|| StoreError::NotFound(format!("cycle {cycle_id}")))?
        .closed_at;
    let owners_at_close = match closed_at {
        Some(at) => owners_at(conn, org_id, at)?,
        None => HashMap::new(),
    };
    let accounts: Vec<i64> = match accounts {
        Some(accounts) => accounts.iter().copied().collect(),
        None => {
            let mut all: BTreeSet<i64> = evaluator
                .accounts_with_responses(conn, cycle_id)?
                .into_iter()
                .collect();
            all.extend(owners_at_close.keys().copied());
            all.into_iter().collect()
        }
    };

    let mut counts = AlertEvaluation::default();
    let now = now();
    for chunk in accounts.chunks(CHUNK) {
        let existing = existing_alerts(conn, org_id, cycle_id, chunk)?;
        let batch = Batch {
            org_id,
            cycle_id,
            annual_values: annual_values(conn, org_id, chunk)?,
            latest_account_managers: latest_account_managers(conn, cycle_id, chunk)?,
            owners_at_close: &owners_at_close,
            history: cycles_with_responses(conn, org_id, chunk)?,
            cleared: cleared_alerts(conn, &existing)?,
            existing,
            now,
        };
        for &account in chunk {
            counts.add(evaluate_account(conn, evaluator, &batch, account, actor)?);
        }
    }
    if counts != AlertEvaluation::default() {
        log::debug!("alerts of cycle {cycle_id} in org {org_id}: {counts:?}");
    }
    Ok(counts)
}

/// What the accounts of one chunk share, read once for the chunk.
struct Batch<'a> {
    org_id: i64,
    cycle_id: i64,
    annual_values: HashMap<i64, Option<f64>>,
    latest_account_managers: HashMap<i64, i64>,
    owners_at_close: &'a HashMap<i64, i64>,
    history: HashMap<i64, Vec<i64>>,
    /// The stored alerts of each account in the cycle.
    existing: HashMap<i64, HashMap<AlertKey, AlertRow>>,
    /// The resolved alerts among them whose latest event is `cleared`.
    cleared: HashSet<i64>,
    now: NaiveDateTime,
}

/// An alert's identity within an account and cycle: (rule key, category or [`NO_CATEGORY`]).
type AlertKey = (String, i64);

fn evaluate_account(
    conn: &mut AnyConnection,
    evaluator: &mut Evaluator,
    batch: &Batch<'_>,
    account: i64,
    actor: &Actor,
) -> Result<AlertEvaluation, StoreError> {
    let history = batch.history.get(&account).map_or(&[][..], Vec::as_slice);
    let earlier = evaluator.earlier_than(batch.cycle_id, history);
    let context = AccountContext {
        annual_value: batch.annual_values.get(&account).copied().flatten(),
        assigned_at_close: batch.owners_at_close.contains_key(&account),
        earlier: &earlier,
    };
    let findings = evaluator.findings(conn, batch.cycle_id, account, &context)?;
    let no_alerts = HashMap::new();
    let stored = batch.existing.get(&account).unwrap_or(&no_alerts);

    let mut counts = AlertEvaluation::default();
    let mut fired: HashSet<AlertKey> = HashSet::new();
    for finding in findings {
        let key = (
            finding.rule.key().to_owned(),
            finding.category.unwrap_or(NO_CATEGORY),
        );
        // Recorded before anything can skip the finding: a finding that fires is never
        // cleared.
        fired.insert(key.clone());
        let held_by = if finding.rule == Rule::Unassessed {
            batch.owners_at_close.get(&account)
        } else {
            batch.latest_account_managers.get(&account)
        };
        let Some(&account_manager_id) = held_by else {
            // Cannot happen: a finding other than `unassessed` needs a response, which has an
            // AM of record, and `unassessed` needs an owner at close.
            log::warn!(
                "alert {} for account {account} in cycle {} has no AM; skipped",
                finding.rule.key(),
                batch.cycle_id
            );
            continue;
        };
        let evidence = evidence(conn, evaluator, batch.cycle_id, account, &finding)?;
        let target = Target {
            org_id: batch.org_id,
            cycle_id: batch.cycle_id,
            account_id: account,
            account_manager_id,
        };
        let existing = stored
            .get(&key)
            .map(|row| (row, batch.cleared.contains(&row.id)));
        match apply(
            conn, &target, &finding, evidence, existing, actor, batch.now,
        )? {
            Change::Raised => counts.raised += 1,
            Change::Escalated => counts.escalated += 1,
            Change::Deescalated => counts.deescalated += 1,
            Change::Reopened => counts.reopened += 1,
            Change::Updated => counts.updated += 1,
            Change::Unchanged => counts.unchanged += 1,
        }
    }

    // The account's open or acknowledged alerts that no longer fire, oldest first.
    let mut gone: Vec<&AlertRow> = stored
        .iter()
        .filter(|(key, row)| !fired.contains(*key) && row.status != AlertStatus::Resolved.as_str())
        .map(|(_, row)| row)
        .collect();
    gone.sort_by_key(|row| row.id);
    for row in gone {
        clear(conn, batch.org_id, row, actor, batch.now)?;
        counts.cleared += 1;
    }
    Ok(counts)
}

/// Resolves an open or acknowledged alert whose finding disappeared, with a `cleared` event.
/// Its numbers stay those it last fired with.
fn clear(
    conn: &mut AnyConnection,
    org_id: i64,
    old: &AlertRow,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(alerts::table.find(old.id))
        .set((
            alerts::status.eq(AlertStatus::Resolved.as_str()),
            alerts::updated_at.eq(now),
        ))
        .execute(conn)?;
    insert_event(
        conn,
        org_id,
        old.id,
        AlertEventKind::Cleared,
        severity_from_str(&old.severity)?,
        Some(CLEARED_NOTE),
        actor,
        now,
    )
}

/// Where a finding goes.
struct Target {
    org_id: i64,
    cycle_id: i64,
    account_id: i64,
    account_manager_id: i64,
}

/// What [`apply`] did.
enum Change {
    Raised,
    Escalated,
    Deescalated,
    Reopened,
    Updated,
    Unchanged,
}

/// Applies one finding to its alert (`existing`, if there is one, with whether its latest
/// event is `cleared`).
fn apply(
    conn: &mut AnyConnection,
    target: &Target,
    finding: &Finding,
    evidence: Option<String>,
    existing: Option<(&AlertRow, bool)>,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Change, StoreError> {
    let Some((old, cleared)) = existing else {
        let id = insert_alert(conn, target, finding, evidence.as_deref(), now)?;
        let kind = AlertEventKind::Raised;
        insert_event(
            conn,
            target.org_id,
            id,
            kind,
            finding.severity,
            None,
            actor,
            now,
        )?;
        return Ok(Change::Raised);
    };
    let old_severity = severity_from_str(&old.severity)?;
    if old.status == AlertStatus::Resolved.as_str() {
        // An alert an evaluation cleared was never dealt with by anyone: firing again is
        // enough. One a person resolved must have got worse.
        if !cleared && !is_worse(finding, old_severity, old.magnitude) {
            return Ok(Change::Unchanged);
        }
        let reopen = Some(AlertStatus::Open);
        update_alert(conn, old.id, target, finding, evidence, reopen, now)?;
        let kind = AlertEventKind::Reopened;
        insert_event(
            conn,
            target.org_id,
            old.id,
            kind,
            finding.severity,
            None,
            actor,
            now,
        )?;
        return Ok(Change::Reopened);
    }
    let same = old_severity == finding.severity
        && (old.magnitude - finding.magnitude).abs() <= MAGNITUDE_EPSILON
        && old.detail == finding.detail
        && old.evidence == evidence
        && old.account_manager_id == target.account_manager_id;
    if same {
        return Ok(Change::Unchanged);
    }
    update_alert(conn, old.id, target, finding, evidence, None, now)?;
    if finding.severity > old_severity {
        let kind = AlertEventKind::Escalated;
        insert_event(
            conn,
            target.org_id,
            old.id,
            kind,
            finding.severity,
            None,
            actor,
            now,
        )?;
        return Ok(Change::Escalated);
    }
    if finding.severity < old_severity {
        let kind = AlertEventKind::Deescalated;
        insert_event(
            conn,
            target.org_id,
            old.id,
            kind,
            finding.severity,
            None,
            actor,
            now,
        )?;
        return Ok(Change::Deescalated);
    }
    Ok(Change::Updated)
}

/// Inserts an open alert for the finding; returns its id.
fn insert_alert(
    conn: &mut AnyConnection,
    target: &Target,
    finding: &Finding,
    evidence: Option<&str>,
    now: NaiveDateTime,
) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(alerts::table)
        .values((
            alerts::org_id.eq(target.org_id),
            alerts::cycle_id.eq(target.cycle_id),
            alerts::account_id.eq(target.account_id),
            alerts::account_manager_id.eq(target.account_manager_id),
            alerts::rule.eq(finding.rule.key()),
            alerts::category_id.eq(finding.category.unwrap_or(NO_CATEGORY)),
            alerts::severity.eq(finding.severity.key()),
            alerts::magnitude.eq(finding.magnitude),
            alerts::detail.eq(&finding.detail),
            alerts::evidence.eq(evidence),
            alerts::status.eq(AlertStatus::Open.as_str()),
            alerts::created_at.eq(now),
            alerts::updated_at.eq(now),
        ))
        .returning(alerts::id)
        .get_result(conn)?)
}

/// Writes the finding onto alert `id` (and its new status, if any).
fn update_alert(
    conn: &mut AnyConnection,
    id: i64,
    target: &Target,
    finding: &Finding,
    evidence: Option<String>,
    status: Option<AlertStatus>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(alerts::table.find(id))
        .set((
            alerts::account_manager_id.eq(target.account_manager_id),
            alerts::severity.eq(finding.severity.key()),
            alerts::magnitude.eq(finding.magnitude),
            alerts::detail.eq(&finding.detail),
            alerts::evidence.eq(evidence),
            alerts::updated_at.eq(now),
            status.map(|s| alerts::status.eq(s.as_str())),
        ))
        .execute(conn)?;
    Ok(())
}

/// The finding's evidence as JSON text: for `detractor`, the external ids of the account's
/// responses in the cycle with an LTR at or below the threshold; nothing for other rules
/// (their detail carries the numbers).
fn evidence(
    conn: &mut AnyConnection,
    evaluator: &mut Evaluator,
    cycle_id: i64,
    account: i64,
    finding: &Finding,
) -> Result<Option<String>, StoreError> {
    if finding.rule != Rule::Detractor {
        return Ok(None);
    }
    let Some(ltr) = evaluator.ltr_indicator(conn, cycle_id)? else {
        return Ok(None);
    };
    let threshold = evaluator.alert_settings().detractor_max_ltr;
    let threshold =
        i32::try_from(threshold).unwrap_or(if threshold < 0 { i32::MIN } else { i32::MAX });
    let ids: Vec<String> = indicator_values::table
        .inner_join(responses::table)
        .filter(responses::cycle_id.eq(cycle_id))
        .filter(responses::account_id.eq(account))
        .filter(indicator_values::indicator_id.eq(ltr))
        .filter(indicator_values::value.le(threshold))
        .order(responses::external_id)
        .select(responses::external_id)
        .load(conn)?;
    Ok(Some(serde_json::json!({ "responses": ids }).to_string()))
}

/// Who owned each account of the organization at `at` (from the assignment history).
fn owners_at(
    conn: &mut AnyConnection,
    org_id: i64,
    at: NaiveDateTime,
) -> Result<HashMap<i64, i64>, StoreError> {
    let rows: Vec<(i64, i64)> = assignments::table
        .filter(assignments::org_id.eq(org_id))
        .filter(assignments::valid_from.le(at))
        .filter(
            assignments::valid_to
                .is_null()
                .or(assignments::valid_to.gt(at)),
        )
        // Periods never overlap; if they did, the latest start would win.
        .order((assignments::valid_from, assignments::id))
        .select((assignments::account_id, assignments::account_manager_id))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// The annual value of each account in `chunk`.
fn annual_values(
    conn: &mut AnyConnection,
    org_id: i64,
    chunk: &[i64],
) -> Result<HashMap<i64, Option<f64>>, StoreError> {
    let rows: Vec<(i64, Option<f64>)> = accounts::table
        .filter(accounts::org_id.eq(org_id))
        .filter(accounts::id.eq_any(chunk))
        .select((accounts::id, accounts::annual_value))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// The AM of record of each account's latest response in the cycle (by submission time, then
/// id): the AM who held the account in that cycle.
fn latest_account_managers(
    conn: &mut AnyConnection,
    cycle_id: i64,
    chunk: &[i64],
) -> Result<HashMap<i64, i64>, StoreError> {
    let rows: Vec<(i64, i64)> = responses::table
        .filter(responses::cycle_id.eq(cycle_id))
        .filter(responses::account_id.eq_any(chunk))
        .order((responses::submitted_at, responses::id))
        .select((responses::account_id, responses::account_manager_id))
        .load(conn)?;
    // In ascending order, so the last row of each account wins.
    Ok(rows.into_iter().collect())
}

/// The cycles in which each account of `chunk` has responses.
fn cycles_with_responses(
    conn: &mut AnyConnection,
    org_id: i64,
    chunk: &[i64],
) -> Result<HashMap<i64, Vec<i64>>, StoreError> {
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for part in chunk.chunks(CHUNK) {
        let rows: Vec<(i64, i64)> = agg_response::table
            .filter(agg_response::org_id.eq(org_id))
            .filter(agg_response::account_id.eq_any(part))
            .select((agg_response::account_id, agg_response::cycle_id))
            .distinct()
            .load(conn)?;
        for (account, cycle) in rows {
            out.entry(account).or_default().push(cycle);
        }
    }
    Ok(out)
}

/// The stored alerts of `chunk`'s accounts in the cycle, per account by identity.
fn existing_alerts(
    conn: &mut AnyConnection,
    org_id: i64,
    cycle_id: i64,
    chunk: &[i64],
) -> Result<HashMap<i64, HashMap<AlertKey, AlertRow>>, StoreError> {
    let rows: Vec<AlertRow> = alerts::table
        .filter(alerts::org_id.eq(org_id))
        .filter(alerts::cycle_id.eq(cycle_id))
        .filter(alerts::account_id.eq_any(chunk))
        .select(AlertRow::as_select())
        .load(conn)?;
    let mut out: HashMap<i64, HashMap<AlertKey, AlertRow>> = HashMap::new();
    for row in rows {
        out.entry(row.account_id)
            .or_default()
            .insert((row.rule.clone(), row.category_id), row);
    }
    Ok(out)
}

/// The resolved alerts among `existing` whose latest event is `cleared`: an evaluation
/// resolved them, not a person.
fn cleared_alerts(
    conn: &mut AnyConnection,
    existing: &HashMap<i64, HashMap<AlertKey, AlertRow>>,
) -> Result<HashSet<i64>, StoreError> {
    let resolved: Vec<i64> = existing
        .values()
        .flat_map(HashMap::values)
        .filter(|row| row.status == AlertStatus::Resolved.as_str())
        .map(|row| row.id)
        .collect();
    let mut latest: HashMap<i64, String> = HashMap::new();
    for part in resolved.chunks(CHUNK) {
        let rows: Vec<(i64, String)> = alert_events::table
            .filter(alert_events::alert_id.eq_any(part))
            .order(alert_events::id)
            .select((alert_events::alert_id, alert_events::kind))
            .load(conn)?;
        // In ascending order, so the last event of each alert wins.
        latest.extend(rows);
    }
    let cleared = AlertEventKind::Cleared.as_str();
    Ok(latest
        .into_iter()
        .filter(|(_, kind)| kind == cleared)
        .map(|(id, _)| id)
        .collect())
}
