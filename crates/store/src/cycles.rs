//! Closing a cycle: the moment the `unassessed` alert rule looks at who owned what.

use diesel::prelude::*;

use crate::access::json;
use crate::alerts::evaluate_cycle_in;
use crate::audit::{self, NewAudit};
use crate::conn::{AnyConnection, write_transaction};
use crate::locks::lock_organization;
use crate::models::CycleRow;
use crate::schema::{cycles, responses};
use crate::{Actor, Cycle, Store, StoreError, now};

impl Store {
    /// Closes a cycle: sets `closed_at` to now, appends the audit row `cycle.close` (the cycle
    /// before and after), and evaluates the cycle's alerts, so `unassessed` fires for every
    /// valued account assigned at that instant without a response. All in one transaction.
    ///
    /// Errors: [`StoreError::NotFound`] for a cycle not of `org_id`; [`StoreError::Conflict`]
    /// on `closed_at` when the cycle is already closed.
    pub fn close_cycle(
        &self,
        org_id: i64,
        cycle_id: i64,
        actor: &Actor,
    ) -> Result<Cycle, StoreError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |conn| {
            lock_organization(conn, org_id)?;
            let before = load_cycle(conn, org_id, cycle_id)?;
            if let Some(closed_at) = before.closed_at {
                let message = format!(
                    "cycle {} was already closed at {}",
                    before.key,
                    closed_at.format("%Y-%m-%d %H:%M:%S UTC")
                );
                return Err(StoreError::conflict("closed_at", message));
            }
            diesel::update(cycles::table.find(cycle_id))
                .set(cycles::closed_at.eq(now()))
                .execute(conn)?;
            let after = load_cycle(conn, org_id, cycle_id)?;
            let entry = NewAudit::on(org_id, "cycle.close", "cycle", cycle_id)
                .change(Some(json(&before)), Some(json(&after)));
            audit::append(conn, &entry, actor)?;

            let alerts = evaluate_cycle_in(conn, org_id, cycle_id, None, actor)?;
            log::info!(
                "closed cycle {} of org {org_id}: {} alerts raised, {} reopened",
                after.key,
                alerts.raised,
                alerts.reopened
            );
            Ok(after)
        })
    }
}

/// The cycle with its response count, or `NotFound`.
fn load_cycle(conn: &mut AnyConnection, org_id: i64, cycle_id: i64) -> Result<Cycle, StoreError> {
    let row = cycles::table
        .filter(cycles::org_id.eq(org_id))
        .filter(cycles::id.eq(cycle_id))
        .select(CycleRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("cycle {cycle_id}")))?;
    let n = responses::table
        .filter(responses::cycle_id.eq(cycle_id))
        .count()
        .get_result::<i64>(conn)?;
    Ok(row.into_cycle(n)?)
}
