//! The assignment history (who owned an account when) and the AM of record of each response.
//!
//! The history follows time, not import order. Responses rank by recency: cycle key first
//! (cycle keys sort chronologically by definition), then submission time. Planned rows are
//! walked in that order (then by file line). A row that names an AM is its AM of record; it
//! also moves the account's open assignment to that AM, but only when it is at least as recent
//! as every response the account already has (stored, or earlier in the walk): the open
//! assignment is closed and the new one opened at the row's submission time, or at the open
//! one's start if that is later. An older row (an old cycle imported after a newer one) leaves
//! the history alone. A row that names no AM gets the account's owner at its submission time as
//! AM of record, and leaves the history alone.
//!
//! Why the cycle key ranks before the time: a row without a submission time is stamped with the
//! import time, and the store keeps no mark of which stored times came from a file, so times
//! alone would make an old cycle imported late look like the newest. Within a cycle, times
//! decide.
//!
//! Known limits: an older row does not rewrite past periods (the history only grows at its
//! recent end); and a row without AM and without submission time gets the owner at import
//! time, the current one, even in an old cycle. Lifting them needs periods keyed by cycle as
//! well as time, or a stored mark of file-given submission times (a migration).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::max;
use diesel::prelude::*;

use super::Ctx;
use super::problems::{ACCOUNT_MANAGER_FIELD, Code, Problems};
use super::reference::INSERT_CHUNK;
use super::responses::Planned;
use crate::StoreError;
use crate::conn::AnyConnection;
use crate::schema::{assignments, cycles, responses};

/// How recent a response is: its cycle key, then its submission time.
type Recency = (String, NaiveDateTime);

/// Resolves the AM of record of every planned row (aligned with `plan`) and updates the
/// history; returns those AMs and the number of assignments opened. A row without AM whose
/// account had no owner is a problem (its AM comes back as 0).
pub(super) fn resolve(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    plan: &[Planned<'_>],
    problems: &mut Problems,
) -> Result<(Vec<i64>, usize), StoreError> {
    let mut order: Vec<usize> = (0..plan.len()).collect();
    order.sort_by_key(|&i| {
        let p = &plan[i];
        (p.row.cycle.as_str(), p.submitted_at, p.row.row)
    });
    let mut accounts: Vec<i64> = plan.iter().map(|p| p.account_id).collect();
    accounts.sort_unstable();
    accounts.dedup();

    let mut history = History {
        open: HashMap::new(),
        latest: latest_known(conn, ctx.org_id, &accounts)?,
    };
    let mut ams = vec![0; plan.len()];
    let mut opened = 0;
    for i in order {
        let p = &plan[i];
        let is_latest = history.observe(p);
        ams[i] = match (p.named_am, p.am) {
            (Some(am), _) => {
                if is_latest {
                    opened += history.record(conn, ctx, p.account_id, am, p.submitted_at)?;
                }
                am
            }
            (None, Some(stored)) => stored,
            (None, None) => match history.owner_at(conn, p.account_id, p.submitted_at)? {
                Some(owner) => owner,
                None => {
                    no_owner(problems, p);
                    0
                }
            },
        };
    }
    Ok((ams, opened))
}

/// Records the problem of a row without AM whose account had no owner when it was submitted.
fn no_owner(problems: &mut Problems, p: &Planned<'_>) {
    let owner = match p.row.submitted_at {
        Some(at) => format!("had no owner on {}", at.format("%Y-%m-%d %H:%M")),
        None => "has no owner yet".to_owned(),
    };
    let message = format!(
        "the row names no account manager, and account \"{}\" {owner}; name one in the row",
        p.row.account
    );
    problems.push(
        p.row,
        ACCOUNT_MANAGER_FIELD,
        Code::NoAccountManager,
        message,
    );
}

/// The most recent stored response of each account, by [`Recency`].
fn latest_known(
    conn: &mut AnyConnection,
    org_id: i64,
    accounts: &[i64],
) -> QueryResult<HashMap<i64, Recency>> {
    let keys: HashMap<i64, String> = cycles::table
        .filter(cycles::org_id.eq(org_id))
        .select((cycles::id, cycles::key))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let cycle_ids: Vec<i64> = keys.keys().copied().collect();
    let mut latest: HashMap<i64, Recency> = HashMap::new();
    for chunk in accounts.chunks(INSERT_CHUNK) {
        // Filtering on the cycles too lets both backends use the (cycle, account) index.
        let rows = responses::table
            .filter(responses::cycle_id.eq_any(&cycle_ids))
            .filter(responses::account_id.eq_any(chunk))
            .group_by((responses::account_id, responses::cycle_id))
            .select((
                responses::account_id,
                responses::cycle_id,
                max(responses::submitted_at),
            ))
            .load::<(i64, i64, Option<NaiveDateTime>)>(conn)?;
        for (account, cycle, at) in rows {
            let (Some(key), Some(at)) = (keys.get(&cycle), at) else {
                continue;
            };
            // Keys compared here, not in SQL, so both backends agree whatever the collation.
            let known = latest.get(&account);
            if known.is_none_or(|(k, t)| (key.as_str(), at) > (k.as_str(), *t)) {
                latest.insert(account, (key.clone(), at));
            }
        }
    }
    Ok(latest)
}

/// An account's open assignment.
#[derive(Debug, Clone, Copy)]
struct Open {
    id: i64,
    account_manager: i64,
    valid_from: NaiveDateTime,
}

/// Open assignments read so far, by account, kept current as rows change them.
struct History {
    open: HashMap<i64, Option<Open>>,
    /// The most recent response of each account: stored ones, then the rows walked so far.
    latest: HashMap<i64, Recency>,
}

impl History {
    /// Takes note of a row; returns whether it is at least as recent as every response its
    /// account already had.
    fn observe(&mut self, p: &Planned<'_>) -> bool {
        let recency = (p.row.cycle.as_str(), p.submitted_at);
        let is_latest = match self.latest.get(&p.account_id) {
            Some((cycle, at)) => recency >= (cycle.as_str(), *at),
            None => true,
        };
        if is_latest {
            self.latest
                .insert(p.account_id, (p.row.cycle.clone(), p.submitted_at));
        }
        is_latest
    }

    /// The account's open assignment.
    fn open(&mut self, conn: &mut AnyConnection, account: i64) -> QueryResult<Option<Open>> {
        if let Some(open) = self.open.get(&account) {
            return Ok(*open);
        }
        let open = assignments::table
            .filter(assignments::account_id.eq(account))
            .filter(assignments::valid_to.is_null())
            .select((
                assignments::id,
                assignments::account_manager_id,
                assignments::valid_from,
            ))
            .first::<(i64, i64, NaiveDateTime)>(conn)
            .optional()?
            .map(|(id, account_manager, valid_from)| Open {
                id,
                account_manager,
                valid_from,
            });
        self.open.insert(account, open);
        Ok(open)
    }

    /// Makes `am` the account's owner from `at` (or from the open assignment's start, if later)
    /// unless it already is; returns 1 when an assignment was opened.
    fn record(
        &mut self,
        conn: &mut AnyConnection,
        ctx: &Ctx<'_>,
        account: i64,
        am: i64,
        at: NaiveDateTime,
    ) -> QueryResult<usize> {
        let at = match self.open(conn, account)? {
            Some(open) if open.account_manager == am => return Ok(0),
            Some(open) => {
                // A more recent cycle may carry an earlier time (e.g. the open period was
                // stamped with an import time): periods must not run backwards.
                let at = at.max(open.valid_from);
                diesel::update(assignments::table.find(open.id))
                    .set(assignments::valid_to.eq(at))
                    .execute(conn)?;
                at
            }
            None => at,
        };
        let id = diesel::insert_into(assignments::table)
            .values((
                assignments::org_id.eq(ctx.org_id),
                assignments::account_id.eq(account),
                assignments::account_manager_id.eq(am),
                assignments::valid_from.eq(at),
                assignments::reason.eq(format!("import {}", ctx.import_id)),
            ))
            .returning(assignments::id)
            .get_result::<i64>(conn)?;
        let open = Open {
            id,
            account_manager: am,
            valid_from: at,
        };
        self.open.insert(account, Some(open));
        Ok(1)
    }

    /// The account's owner at `at`, if it had one.
    fn owner_at(
        &mut self,
        conn: &mut AnyConnection,
        account: i64,
        at: NaiveDateTime,
    ) -> QueryResult<Option<i64>> {
        if let Some(open) = self.open(conn, account)?
            && open.valid_from <= at
        {
            return Ok(Some(open.account_manager));
        }
        assignments::table
            .filter(assignments::account_id.eq(account))
            .filter(assignments::valid_from.le(at))
            .filter(
                assignments::valid_to
                    .is_null()
                    .or(assignments::valid_to.gt(at)),
            )
            .order(assignments::valid_from.desc())
            .select(assignments::account_manager_id)
            .first::<i64>(conn)
            .optional()
    }
}
