//! People moving alerts along `open -> acknowledged -> resolved`.

use diesel::prelude::*;

use super::{Alert, AlertEventKind, AlertRow, AlertStatus, insert_event};
use crate::access::json;
use crate::audit::{self, NewAudit};
use crate::conn::{AnyConnection, write_transaction};
use crate::schema::alerts;
use crate::{Actor, Store, StoreError, now};

impl Store {
    /// Moves an alert to `to`: open to acknowledged, open to resolved, or acknowledged to
    /// resolved. Appends the event (actor, time, `note`; a blank note counts as none) and the
    /// audit row `alert.status` with the alert before and after, in one transaction.
    ///
    /// Errors: [`StoreError::NotFound`] when the alert is not in `org_id`;
    /// [`StoreError::Conflict`] on `status` for any other move (back to open, out of
    /// resolved, or to the status it has).
    pub fn transition_alert(
        &self,
        org_id: i64,
        id: i64,
        to: AlertStatus,
        note: Option<&str>,
        actor: &Actor,
    ) -> Result<Alert, StoreError> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |conn| {
            let before = load_alert_locked(conn, org_id, id)?;
            check_move(before.status, to)?;
            let at = now();
            let after = diesel::update(alerts::table.find(id))
                .set((alerts::status.eq(to.as_str()), alerts::updated_at.eq(at)))
                .returning(alerts::all_columns)
                .get_result::<AlertRow>(conn)?
                .into_alert()?;
            let kind = match to {
                AlertStatus::Acknowledged => AlertEventKind::Acknowledged,
                // `check_move` lets nothing else through.
                AlertStatus::Open | AlertStatus::Resolved => AlertEventKind::Resolved,
            };
            insert_event(conn, org_id, id, kind, after.severity, note, actor, at)?;
            let entry = NewAudit::on(org_id, "alert.status", "alert", id)
                .change(Some(json(&before)), Some(json(&after)));
            audit::append(conn, &entry, actor)?;
            Ok(after)
        })
    }
}

/// Whether an alert may go from `from` to `to`, as a plain-worded conflict if not.
fn check_move(from: AlertStatus, to: AlertStatus) -> Result<(), StoreError> {
    use AlertStatus::{Acknowledged, Open, Resolved};
    if matches!(
        (from, to),
        (Open, Acknowledged | Resolved) | (Acknowledged, Resolved)
    ) {
        return Ok(());
    }
    let refusal = if from == to {
        format!("the alert is already {from}")
    } else if to == Open {
        format!(
            "the alert is {from} and cannot be set back to open; it reopens by itself when \
             its finding gets worse"
        )
    } else {
        // The only move left: resolved to acknowledged.
        "a resolved alert cannot be acknowledged".to_owned()
    };
    Err(StoreError::conflict("status", refusal))
}

/// The alert `id` of `org_id`, locked until the transaction ends, or `NotFound`.
fn load_alert_locked(conn: &mut AnyConnection, org_id: i64, id: i64) -> Result<Alert, StoreError> {
    let query = alerts::table
        .filter(alerts::org_id.eq(org_id))
        .filter(alerts::id.eq(id))
        .select(alerts::all_columns);
    let found: Option<AlertRow> = match conn {
        AnyConnection::Postgresql(pg) => query.for_update().first(pg).optional()?,
        AnyConnection::Sqlite(sqlite) => query.first(sqlite).optional()?,
    };
    let row = found.ok_or_else(|| StoreError::NotFound(format!("alert {id}")))?;
    Ok(row.into_alert()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AlertStatus::{Acknowledged, Open, Resolved};

    #[test]
    fn only_forward_moves_are_allowed_and_refusals_read_plainly() {
        for (from, to) in [
            (Open, Acknowledged),
            (Open, Resolved),
            (Acknowledged, Resolved),
        ] {
            assert!(check_move(from, to).is_ok(), "{from} -> {to}");
        }
        let message = |from, to| match check_move(from, to) {
            Err(StoreError::Conflict { field, message }) => {
                assert_eq!(field, "status");
                message
            }
            other => panic!("{from} -> {to}: expected a conflict, got {other:?}"),
        };
        assert_eq!(message(Resolved, Resolved), "the alert is already resolved");
        assert_eq!(message(Open, Open), "the alert is already open");
        assert_eq!(
            message(Resolved, Acknowledged),
            "a resolved alert cannot be acknowledged"
        );
        assert_eq!(
            message(Acknowledged, Open),
            "the alert is acknowledged and cannot be set back to open; it reopens by itself \
             when its finding gets worse"
        );
        assert!(message(Resolved, Open).contains("reopens by itself"));
    }
}
