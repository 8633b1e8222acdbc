//! The assignment history (who owned an account when) and the AM of record of each response.
//!
//! Planned responses are walked in submission order (then cycle key, then file line). A row
//! that names an AM other than the account's open assignment closes that assignment at the
//! row's submission time and opens one for the named AM. A row that names no AM gets the
//! account's owner at its submission time as AM of record, and leaves the history alone.
//!
//! Known limit: a row older than the open assignment's start (an old cycle imported after a
//! newer one) does not rewrite past periods; its named AM is still its AM of record.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::responses::Planned;
use super::{Ctx, row_field};
use crate::StoreError;
use crate::conn::AnyConnection;
use crate::schema::assignments;

/// Resolves the AM of record of every planned row (aligned with `plan`) and updates the
/// history; returns those AMs and the number of assignments opened.
pub(super) fn resolve(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    plan: &[Planned<'_>],
) -> Result<(Vec<i64>, usize), StoreError> {
    let mut order: Vec<usize> = (0..plan.len()).collect();
    order.sort_by_key(|&i| {
        let p = &plan[i];
        (p.submitted_at, p.row.cycle.as_str(), p.row.row)
    });

    let mut history = History::default();
    let mut ams = vec![0; plan.len()];
    let mut opened = 0;
    for i in order {
        let p = &plan[i];
        ams[i] = match (p.named_am, p.am) {
            (Some(am), _) => {
                opened += history.record(conn, ctx, p.account_id, am, p.submitted_at)?;
                am
            }
            (None, Some(stored)) => stored,
            (None, None) => history
                .owner_at(conn, p.account_id, p.submitted_at)?
                .ok_or_else(|| no_owner(p))?,
        };
    }
    Ok((ams, opened))
}

/// The error for a row without AM whose account had no owner when it was submitted.
fn no_owner(p: &Planned<'_>) -> StoreError {
    StoreError::invalid(
        row_field(p.row.row, "account_manager"),
        format!(
            "the row names no account manager and account `{}` had no owner at {}",
            p.row.account, p.submitted_at
        ),
    )
}

/// An account's open assignment.
#[derive(Debug, Clone, Copy)]
struct Open {
    id: i64,
    account_manager: i64,
    valid_from: NaiveDateTime,
}

/// Open assignments read so far, by account, kept current as rows change them.
#[derive(Default)]
struct History {
    open: HashMap<i64, Option<Open>>,
}

impl History {
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

    /// Makes `am` the account's owner from `at` unless it already is; returns 1 when an
    /// assignment was opened.
    fn record(
        &mut self,
        conn: &mut AnyConnection,
        ctx: &Ctx<'_>,
        account: i64,
        am: i64,
        at: NaiveDateTime,
    ) -> QueryResult<usize> {
        match self.open(conn, account)? {
            Some(open) if open.account_manager == am || at < open.valid_from => return Ok(0),
            Some(open) => {
                diesel::update(assignments::table.find(open.id))
                    .set(assignments::valid_to.eq(at))
                    .execute(conn)?;
            }
            None => {}
        }
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
