//! Pairing proposals (METHOD.md section 8): optimiser results kept for review, and the moves
//! applied from them to the assignment history.
//!
//! A proposal stores what the optimiser was asked (`scope`, `parameters`, both JSON objects the
//! API crate defines) and what it answered (the domain's [`Pairing`]). Applying it moves chosen
//! accounts in one transaction: each account's open assignment is closed now and a new one
//! opened to the proposed AM, with the reason `pairing <proposal id>: <reason>`. A move applies
//! only while the account is still with the AM it was proposed to leave, and at most once;
//! `pairing_applied_moves` remembers which moves were applied (and the assignment each opened).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use gapscope_domain::pairing::{Move, Pairing};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::access::{UnknownValue, parse_name};
use crate::audit::{self, NewAudit};
use crate::conn::{AnyConnection, write_transaction};
use crate::locks::lock_organization;
use crate::schema::{
    account_managers, accounts, assignments, pairing_applied_moves, pairing_proposals,
};
use crate::{Actor, Store, StoreError, now};

/// Ids per lookup; keeps `IN (...)` lists short.
const CHUNK: usize = 500;

/// How much of a proposal has been applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalStatus {
    /// None of its moves yet.
    Proposed,
    /// Some of its moves, not all.
    PartiallyApplied,
    /// All of its moves (or, for a proposal without moves, it was accepted as is).
    Applied,
}

impl ProposalStatus {
    /// Every status.
    pub const ALL: [ProposalStatus; 3] = [
        ProposalStatus::Proposed,
        ProposalStatus::PartiallyApplied,
        ProposalStatus::Applied,
    ];

    /// The stored and serialized name, e.g. `partially_applied`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalStatus::Proposed => "proposed",
            ProposalStatus::PartiallyApplied => "partially_applied",
            ProposalStatus::Applied => "applied",
        }
    }
}

impl fmt::Display for ProposalStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ProposalStatus {
    type Err = UnknownValue;

    /// Parses a status name; case, surrounding spaces and `-` for `_` are forgiven.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_name(
            s,
            &ProposalStatus::ALL,
            ProposalStatus::as_str,
            "proposal status",
        )
    }
}

/// A proposal to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewProposal<'a> {
    /// Which accounts and AMs were paired, as a JSON object, e.g. `{"team": "north"}` or `{}`.
    pub scope: serde_json::Value,
    /// The optimiser's inputs beyond the data (capacities, locks, excluded AMs, penalty), as a
    /// JSON object.
    pub parameters: serde_json::Value,
    /// The optimiser's answer.
    pub result: &'a Pairing,
}

/// A stored proposal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    /// Storage id.
    pub id: i64,
    /// When it was saved (UTC).
    pub created_at: NaiveDateTime,
    /// Who saved it: the actor's label (an email, `token:<name>`, `cli`).
    pub created_by: String,
    /// Which accounts and AMs were paired (JSON object).
    pub scope: serde_json::Value,
    /// The optimiser's parameters (JSON object).
    pub parameters: serde_json::Value,
    /// The optimiser's answer.
    pub result: Pairing,
    /// How much of it has been applied.
    pub status: ProposalStatus,
    /// When moves were last applied from it (UTC), if ever.
    pub applied_at: Option<NaiveDateTime>,
    /// The accounts whose moves have been applied, ascending.
    pub applied_accounts: Vec<i64>,
}

/// What [`Store::apply_proposal`] did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppliedProposal {
    /// The proposal after the change.
    pub proposal: Proposal,
    /// The moves applied by this call, in the proposal's order.
    pub moved: Vec<Move>,
}

/// A `pairing_proposals` row as stored.
#[derive(Queryable, Selectable)]
#[diesel(table_name = pairing_proposals)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct ProposalRow {
    id: i64,
    created_at: NaiveDateTime,
    created_by: String,
    scope: String,
    parameters: String,
    result: String,
    status: String,
    applied_at: Option<NaiveDateTime>,
}

impl ProposalRow {
    /// The proposal, with the accounts applied from it; stored text that does not parse is a
    /// database error.
    fn into_proposal(self, applied_accounts: Vec<i64>) -> Result<Proposal, StoreError> {
        let corrupt = |e: Box<dyn std::error::Error + Send + Sync>| {
            StoreError::Database(diesel::result::Error::DeserializationError(e))
        };
        Ok(Proposal {
            id: self.id,
            created_at: self.created_at,
            created_by: self.created_by,
            scope: serde_json::from_str(&self.scope).map_err(|e| corrupt(Box::new(e)))?,
            parameters: serde_json::from_str(&self.parameters).map_err(|e| corrupt(Box::new(e)))?,
            result: serde_json::from_str(&self.result).map_err(|e| corrupt(Box::new(e)))?,
            status: self.status.parse().map_err(|e| corrupt(Box::new(e)))?,
            applied_at: self.applied_at,
            applied_accounts,
        })
    }
}

impl Store {
    /// Stores an optimiser result as a proposal with status `proposed`, created now by
    /// `actor`; audited as `pairing.propose` (scope, parameters, objectives and move count).
    ///
    /// Errors: [`StoreError::Invalid`] when `scope` or `parameters` is not a JSON object, a
    /// number of the result is not finite (`result.objective_after`, `result.moves[i].gain`,
    /// ...), or a move names an account or AM not of `org_id`, repeats an earlier move's
    /// account, or moves an account to the AM it comes from (`result.moves[i].account`,
    /// `.from`, `.to`); [`StoreError::NotFound`] for an unknown organization.
    pub fn save_proposal(
        &self,
        org_id: i64,
        new: &NewProposal<'_>,
        actor: &Actor,
    ) -> Result<Proposal, StoreError> {
        check_object("scope", &new.scope)?;
        check_object("parameters", &new.parameters)?;
        check_finite(new.result)?;
        let result = serde_json::to_string(new.result)
            .map_err(|e| StoreError::invalid("result", e.to_string()))?;
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |conn| {
            lock_organization(conn, org_id)?;
            check_moves(conn, org_id, &new.result.moves)?;
            let id = diesel::insert_into(pairing_proposals::table)
                .values((
                    pairing_proposals::org_id.eq(org_id),
                    pairing_proposals::created_at.eq(now()),
                    pairing_proposals::created_by.eq(&actor.label),
                    pairing_proposals::scope.eq(new.scope.to_string()),
                    pairing_proposals::parameters.eq(new.parameters.to_string()),
                    pairing_proposals::result.eq(&result),
                    pairing_proposals::status.eq(ProposalStatus::Proposed.as_str()),
                ))
                .returning(pairing_proposals::id)
                .get_result::<i64>(conn)?;
            let proposal = load_proposal(conn, org_id, id)?;
            let after = json!({
                "scope": proposal.scope,
                "parameters": proposal.parameters,
                "objective_before": proposal.result.objective_before,
                "objective_after": proposal.result.objective_after,
                "moves": proposal.result.moves.len(),
            });
            let entry = NewAudit::on(org_id, "pairing.propose", "pairing_proposal", id)
                .change(None, Some(after));
            audit::append(conn, &entry, actor)?;
            Ok(proposal)
        })
    }

    /// The organization's proposals, newest first (ties by id).
    pub fn proposals(&self, org_id: i64) -> Result<Vec<Proposal>, StoreError> {
        let mut conn = self.conn()?;
        let rows = pairing_proposals::table
            .filter(pairing_proposals::org_id.eq(org_id))
            .order((
                pairing_proposals::created_at.desc(),
                pairing_proposals::id.desc(),
            ))
            .select(ProposalRow::as_select())
            .load(&mut *conn)?;
        let mut applied: HashMap<i64, Vec<i64>> = HashMap::new();
        let found = pairing_applied_moves::table
            .filter(pairing_applied_moves::org_id.eq(org_id))
            .order((
                pairing_applied_moves::proposal_id,
                pairing_applied_moves::account_id,
            ))
            .select((
                pairing_applied_moves::proposal_id,
                pairing_applied_moves::account_id,
            ))
            .load::<(i64, i64)>(&mut *conn)?;
        for (proposal, account) in found {
            applied.entry(proposal).or_default().push(account);
        }
        rows.into_iter()
            .map(|row| {
                let accounts = applied.remove(&row.id).unwrap_or_default();
                row.into_proposal(accounts)
            })
            .collect()
    }

    /// One proposal of the organization, if it exists.
    pub fn proposal(&self, org_id: i64, id: i64) -> Result<Option<Proposal>, StoreError> {
        let mut conn = self.conn()?;
        match load_proposal(&mut conn, org_id, id) {
            Ok(proposal) => Ok(Some(proposal)),
            Err(StoreError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Applies moves of a proposal to the assignment history, all or nothing, in one
    /// transaction that locks the organization (as imports do).
    ///
    /// `accounts` chooses the moves (by account) among the proposal's; `None` takes them all.
    /// For each chosen move the account's open assignment is closed now (or at its start, if
    /// that is later) and an assignment to the move's `to` opened at the same instant, with
    /// the reason `pairing <id>: <reason>`. The proposal becomes `applied` once every move has
    /// been applied (over one call or several), `partially_applied` before that; `applied_at`
    /// is set to now. One audit row `pairing.apply` records the status and the owners of the
    /// moved accounts before and after, and the reason. A proposal without moves, applied with
    /// `None`, just becomes `applied`.
    ///
    /// Errors (nothing is written): [`StoreError::Invalid`] on `reason` when it is blank, on
    /// `accounts` when it is empty, on `accounts[i]` for an account that is not among the
    /// proposal's moves or is listed twice; [`StoreError::Conflict`] on `moves[<account id>]`
    /// when that move was already applied from this proposal, or the account's owner is no
    /// longer the move's `from` (it changed owner since the proposal), and on `status` when a
    /// proposal without moves is applied twice; [`StoreError::NotFound`] for an unknown
    /// organization or a proposal not of `org_id`.
    pub fn apply_proposal(
        &self,
        org_id: i64,
        id: i64,
        accounts: Option<&[i64]>,
        reason: &str,
        actor: &Actor,
    ) -> Result<AppliedProposal, StoreError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::invalid(
                "reason",
                "is empty; say why the accounts change hands",
            ));
        }
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |conn| {
            lock_organization(conn, org_id)?;
            let before = load_proposal(conn, org_id, id)?;
            let chosen = choose(&before, accounts)?;
            check_not_applied(conn, &before, &chosen)?;
            let owners = open_assignments(conn, org_id, &chosen)?;
            check_owners(conn, &chosen, &owners)?;

            let at = now();
            let full_reason = format!("pairing {id}: {reason}");
            for m in &chosen {
                let from = match owners.get(&m.account) {
                    Some(open) => {
                        let at = at.max(open.valid_from);
                        diesel::update(assignments::table.find(open.id))
                            .set(assignments::valid_to.eq(at))
                            .execute(conn)?;
                        at
                    }
                    None => at,
                };
                let assignment = diesel::insert_into(assignments::table)
                    .values((
                        assignments::org_id.eq(org_id),
                        assignments::account_id.eq(m.account),
                        assignments::account_manager_id.eq(m.to),
                        assignments::valid_from.eq(from),
                        assignments::reason.eq(&full_reason),
                    ))
                    .returning(assignments::id)
                    .get_result::<i64>(conn)?;
                diesel::insert_into(pairing_applied_moves::table)
                    .values((
                        pairing_applied_moves::proposal_id.eq(id),
                        pairing_applied_moves::account_id.eq(m.account),
                        pairing_applied_moves::org_id.eq(org_id),
                        pairing_applied_moves::assignment_id.eq(assignment),
                        pairing_applied_moves::applied_at.eq(at),
                    ))
                    .execute(conn)?;
            }

            let done = before.applied_accounts.len() + chosen.len();
            let status = if done == before.result.moves.len() {
                ProposalStatus::Applied
            } else {
                ProposalStatus::PartiallyApplied
            };
            diesel::update(pairing_proposals::table.find(id))
                .set((
                    pairing_proposals::status.eq(status.as_str()),
                    pairing_proposals::applied_at.eq(at),
                ))
                .execute(conn)?;
            let after = load_proposal(conn, org_id, id)?;

            let owners_before: Vec<_> = chosen
                .iter()
                .map(|m| json!({"account": m.account, "account_manager": m.from}))
                .collect();
            let owners_after: Vec<_> = chosen
                .iter()
                .map(|m| json!({"account": m.account, "account_manager": m.to}))
                .collect();
            let entry = NewAudit::on(org_id, "pairing.apply", "pairing_proposal", id).change(
                Some(json!({"status": before.status, "owners": owners_before})),
                Some(json!({
                    "status": after.status,
                    "reason": full_reason,
                    "owners": owners_after,
                })),
            );
            audit::append(conn, &entry, actor)?;
            log::info!(
                "applied {} moves of pairing proposal {id} of org {org_id} ({status})",
                chosen.len()
            );
            Ok(AppliedProposal {
                proposal: after,
                moved: chosen,
            })
        })
    }
}

/// `Invalid` unless `value` is a JSON object.
fn check_object(field: &str, value: &serde_json::Value) -> Result<(), StoreError> {
    if value.is_object() {
        return Ok(());
    }
    Err(StoreError::invalid(
        field,
        format!("must be a JSON object (e.g. {{}}), not `{value}`"),
    ))
}

/// `Invalid` naming the first number of the result that is not finite (JSON has no NaN).
fn check_finite(result: &Pairing) -> Result<(), StoreError> {
    let mut numbers: Vec<(String, f64)> =
        vec![("result.objective_after".to_owned(), result.objective_after)];
    if let Some(before) = result.objective_before {
        numbers.push(("result.objective_before".to_owned(), before));
    }
    for (i, m) in result.moves.iter().enumerate() {
        numbers.push((format!("result.moves[{i}].gain"), m.gain));
    }
    for (i, load) in result.per_am.iter().enumerate() {
        numbers.push((format!("result.per_am[{i}].fit_before"), load.fit_before));
        numbers.push((format!("result.per_am[{i}].fit_after"), load.fit_after));
    }
    match numbers.into_iter().find(|(_, v)| !v.is_finite()) {
        Some((field, v)) => Err(StoreError::invalid(
            field,
            format!("is {v}; only finite numbers can be stored"),
        )),
        None => Ok(()),
    }
}

/// `Invalid` for a move naming an account or AM not of the organization, repeating an account
/// or going nowhere.
fn check_moves(conn: &mut AnyConnection, org_id: i64, moves: &[Move]) -> Result<(), StoreError> {
    let mut seen = HashSet::new();
    for (i, m) in moves.iter().enumerate() {
        if !seen.insert(m.account) {
            return Err(StoreError::invalid(
                format!("result.moves[{i}].account"),
                format!("account {} is moved twice", m.account),
            ));
        }
        if m.from == Some(m.to) {
            return Err(StoreError::invalid(
                format!("result.moves[{i}].to"),
                format!("account {} would stay with AM {}", m.account, m.to),
            ));
        }
    }
    let account_ids: Vec<i64> = moves.iter().map(|m| m.account).collect();
    let known_accounts = existing(conn, &account_ids, |conn, chunk| {
        accounts::table
            .filter(accounts::org_id.eq(org_id))
            .filter(accounts::id.eq_any(chunk))
            .select(accounts::id)
            .load(conn)
    })?;
    let am_ids: Vec<i64> = moves
        .iter()
        .flat_map(|m| [Some(m.to), m.from])
        .flatten()
        .collect();
    let known_ams = existing(conn, &am_ids, |conn, chunk| {
        account_managers::table
            .filter(account_managers::org_id.eq(org_id))
            .filter(account_managers::id.eq_any(chunk))
            .select(account_managers::id)
            .load(conn)
    })?;
    for (i, m) in moves.iter().enumerate() {
        if !known_accounts.contains(&m.account) {
            return Err(StoreError::invalid(
                format!("result.moves[{i}].account"),
                format!("no account {} in this organization", m.account),
            ));
        }
        for (name, am) in [("from", m.from), ("to", Some(m.to))] {
            if let Some(am) = am
                && !known_ams.contains(&am)
            {
                return Err(StoreError::invalid(
                    format!("result.moves[{i}].{name}"),
                    format!("no account manager {am} in this organization"),
                ));
            }
        }
    }
    Ok(())
}

/// Which of `ids` `load` finds, looked up in chunks.
fn existing(
    conn: &mut AnyConnection,
    ids: &[i64],
    load: impl Fn(&mut AnyConnection, &[i64]) -> QueryResult<Vec<i64>>,
) -> Result<HashSet<i64>, StoreError> {
    let mut wanted = ids.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let mut found = HashSet::new();
    for chunk in wanted.chunks(CHUNK) {
        found.extend(load(conn, chunk)?);
    }
    Ok(found)
}

/// The proposal `id` of `org_id` with its applied accounts, or `NotFound`.
fn load_proposal(conn: &mut AnyConnection, org_id: i64, id: i64) -> Result<Proposal, StoreError> {
    let row = pairing_proposals::table
        .filter(pairing_proposals::org_id.eq(org_id))
        .filter(pairing_proposals::id.eq(id))
        .select(ProposalRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("pairing proposal {id}")))?;
    let applied = pairing_applied_moves::table
        .filter(pairing_applied_moves::proposal_id.eq(id))
        .order(pairing_applied_moves::account_id)
        .select(pairing_applied_moves::account_id)
        .load::<i64>(conn)?;
    row.into_proposal(applied)
}

/// The moves `accounts` chooses (all when `None`), in the proposal's order.
fn choose(proposal: &Proposal, accounts: Option<&[i64]>) -> Result<Vec<Move>, StoreError> {
    let moves = &proposal.result.moves;
    let Some(accounts) = accounts else {
        return Ok(moves.clone());
    };
    if accounts.is_empty() {
        return Err(StoreError::invalid(
            "accounts",
            "is empty; choose at least one move, or leave it out to apply them all",
        ));
    }
    let proposed: HashSet<i64> = moves.iter().map(|m| m.account).collect();
    let mut wanted = HashSet::new();
    for (i, &account) in accounts.iter().enumerate() {
        if !proposed.contains(&account) {
            return Err(StoreError::invalid(
                format!("accounts[{i}]"),
                format!(
                    "account {account} is not among the moves of pairing proposal {}",
                    proposal.id
                ),
            ));
        }
        if !wanted.insert(account) {
            return Err(StoreError::invalid(
                format!("accounts[{i}]"),
                format!("account {account} is listed twice"),
            ));
        }
    }
    Ok(moves
        .iter()
        .filter(|m| wanted.contains(&m.account))
        .copied()
        .collect())
}

/// `Conflict` when a chosen move was already applied from this proposal, or when a proposal
/// without moves was already applied.
fn check_not_applied(
    conn: &mut AnyConnection,
    proposal: &Proposal,
    chosen: &[Move],
) -> Result<(), StoreError> {
    if chosen.is_empty() && proposal.status != ProposalStatus::Proposed {
        return Err(StoreError::conflict(
            "status",
            format!(
                "pairing proposal {} has no moves and was already applied{}",
                proposal.id,
                on(proposal.applied_at)
            ),
        ));
    }
    let applied: HashSet<i64> = proposal.applied_accounts.iter().copied().collect();
    let Some(m) = chosen.iter().find(|m| applied.contains(&m.account)) else {
        return Ok(());
    };
    let at = pairing_applied_moves::table
        .filter(pairing_applied_moves::proposal_id.eq(proposal.id))
        .filter(pairing_applied_moves::account_id.eq(m.account))
        .select(pairing_applied_moves::applied_at)
        .first::<NaiveDateTime>(conn)
        .optional()?;
    Err(StoreError::conflict(
        format!("moves[{}]", m.account),
        format!(
            "{} was already moved to {} by pairing proposal {}{}",
            account_label(conn, m.account)?,
            am_label(conn, m.to)?,
            proposal.id,
            on(at)
        ),
    ))
}

/// ` on <time>` for a known time, else nothing.
fn on(at: Option<NaiveDateTime>) -> String {
    at.map(|at| format!(" on {}", at.format("%Y-%m-%d %H:%M:%S UTC")))
        .unwrap_or_default()
}

/// An account's open assignment.
struct Open {
    id: i64,
    account_manager: i64,
    valid_from: NaiveDateTime,
}

/// The open assignment of each chosen account that has one.
fn open_assignments(
    conn: &mut AnyConnection,
    org_id: i64,
    chosen: &[Move],
) -> Result<HashMap<i64, Open>, StoreError> {
    let accounts: Vec<i64> = chosen.iter().map(|m| m.account).collect();
    let mut open = HashMap::new();
    for chunk in accounts.chunks(CHUNK) {
        let rows = assignments::table
            .filter(assignments::org_id.eq(org_id))
            .filter(assignments::account_id.eq_any(chunk))
            .filter(assignments::valid_to.is_null())
            .select((
                assignments::id,
                assignments::account_id,
                assignments::account_manager_id,
                assignments::valid_from,
            ))
            .load::<(i64, i64, i64, NaiveDateTime)>(conn)?;
        for (id, account, account_manager, valid_from) in rows {
            open.insert(
                account,
                Open {
                    id,
                    account_manager,
                    valid_from,
                },
            );
        }
    }
    Ok(open)
}

/// `Conflict` naming the first chosen move whose account is no longer with the move's `from`.
fn check_owners(
    conn: &mut AnyConnection,
    chosen: &[Move],
    owners: &HashMap<i64, Open>,
) -> Result<(), StoreError> {
    let owner = |account: i64| owners.get(&account).map(|o| o.account_manager);
    let Some(m) = chosen.iter().find(|m| owner(m.account) != m.from) else {
        return Ok(());
    };
    let then = match m.from {
        Some(am) => format!("it was with {}", am_label(conn, am)?),
        None => "it had no owner".to_owned(),
    };
    let now = match owner(m.account) {
        Some(am) => format!("it is with {}", am_label(conn, am)?),
        None => "it has no owner".to_owned(),
    };
    Err(StoreError::conflict(
        format!("moves[{}]", m.account),
        format!(
            "{} changed owner since the proposal: {then} then, {now} now; make a new proposal",
            account_label(conn, m.account)?
        ),
    ))
}

/// `account "<name>" (<id>)`, for messages.
fn account_label(conn: &mut AnyConnection, id: i64) -> Result<String, StoreError> {
    let name = accounts::table
        .find(id)
        .select(accounts::name)
        .first::<String>(conn)
        .optional()?;
    Ok(match name {
        Some(name) => format!("account \"{name}\" ({id})"),
        None => format!("account {id}"),
    })
}

/// `"<name>" (AM <id>)`, for messages.
fn am_label(conn: &mut AnyConnection, id: i64) -> Result<String, StoreError> {
    let name = account_managers::table
        .find(id)
        .select(account_managers::name)
        .first::<String>(conn)
        .optional()?;
    Ok(match name {
        Some(name) => format!("\"{name}\" (AM {id})"),
        None => format!("AM {id}"),
    })
}
