//! Reading alerts: pages, one alert, its events, and the per-AM overview.

use std::collections::BTreeMap;

use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::Integer;

use super::{
    Alert, AlertCounts, AlertEvent, AlertEventRow, AlertFilter, AlertPage, AlertRow,
    AlertSortField, MAX_ALERT_PAGE, SeverityCounts, StatusCounts,
};
use crate::conn::AnyConnection;
use crate::schema::{alert_events, alerts};
use crate::{SortBy, Store, StoreError};

/// The backend type of boxed queries on [`AnyConnection`].
type Db = <AnyConnection as Connection>::Backend;

impl Store {
    /// The organization's alerts matching `filter`, in its sort order (by default newest
    /// first, then by id, descending), with the number of matches over all pages.
    pub fn alerts(&self, org_id: i64, filter: &AlertFilter) -> Result<AlertPage, StoreError> {
        let mut conn = self.conn()?;
        let total = filtered(org_id, filter)
            .count()
            .get_result::<i64>(&mut *conn)?;
        let rows = sorted(filtered(org_id, filter), &filter.sort)
            .limit(filter.limit.clamp(1, MAX_ALERT_PAGE))
            .offset(filter.offset.max(0))
            .select(AlertRow::as_select())
            .load(&mut *conn)?;
        let items = rows
            .into_iter()
            .map(AlertRow::into_alert)
            .collect::<Result<_, _>>()?;
        Ok(AlertPage { total, items })
    }

    /// One alert of the organization, if any.
    pub fn alert(&self, org_id: i64, id: i64) -> Result<Option<Alert>, StoreError> {
        let mut conn = self.conn()?;
        let row = alerts::table
            .filter(alerts::org_id.eq(org_id))
            .filter(alerts::id.eq(id))
            .select(AlertRow::as_select())
            .first(&mut *conn)
            .optional()?;
        Ok(row.map(AlertRow::into_alert).transpose()?)
    }

    /// An alert's events, oldest first.
    ///
    /// Errors: [`StoreError::NotFound`] when the alert is not in `org_id`.
    pub fn alert_events(&self, org_id: i64, alert_id: i64) -> Result<Vec<AlertEvent>, StoreError> {
        let mut conn = self.conn()?;
        let exists = alerts::table
            .filter(alerts::org_id.eq(org_id))
            .filter(alerts::id.eq(alert_id))
            .select(alerts::id)
            .first::<i64>(&mut *conn)
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::NotFound(format!("alert {alert_id}")));
        }
        let rows = alert_events::table
            .filter(alert_events::alert_id.eq(alert_id))
            .order(alert_events::id)
            .select(AlertEventRow::as_select())
            .load(&mut *conn)?;
        Ok(rows
            .into_iter()
            .map(AlertEventRow::into_event)
            .collect::<Result<_, _>>()?)
    }

    /// Per AM with alerts, the count of alerts by severity and status, in AM id order; one
    /// cycle's alerts, or with `None` every cycle's.
    pub fn alert_overview(
        &self,
        org_id: i64,
        cycle_id: Option<i64>,
    ) -> Result<Vec<AlertCounts>, StoreError> {
        let mut conn = self.conn()?;
        let mut query = alerts::table
            .filter(alerts::org_id.eq(org_id))
            .group_by((alerts::account_manager_id, alerts::severity, alerts::status))
            .select((
                alerts::account_manager_id,
                alerts::severity,
                alerts::status,
                count_star(),
            ))
            .into_boxed();
        if let Some(cycle_id) = cycle_id {
            query = query.filter(alerts::cycle_id.eq(cycle_id));
        }
        let rows: Vec<(i64, String, String, i64)> = query.load(&mut *conn)?;
        let mut by_am: BTreeMap<i64, SeverityCounts> = BTreeMap::new();
        for (am, severity, status, n) in rows {
            let counts = by_am.entry(am).or_default();
            let of_severity = match severity.as_str() {
                "low" => &mut counts.low,
                "medium" => &mut counts.medium,
                "high" => &mut counts.high,
                other => return Err(corrupt("severity", other)),
            };
            *status_slot(of_severity, &status)? += n;
        }
        Ok(by_am
            .into_iter()
            .map(|(account_manager, by_severity_and_status)| AlertCounts {
                account_manager,
                by_severity_and_status,
            })
            .collect())
    }
}

/// The organization's alerts matching `filter`, unordered and unpaged.
fn filtered<'a>(org_id: i64, filter: &'a AlertFilter) -> alerts::BoxedQuery<'a, Db> {
    let mut query = alerts::table.filter(alerts::org_id.eq(org_id)).into_boxed();
    if let Some(am) = filter.account_manager {
        query = query.filter(alerts::account_manager_id.eq(am));
    }
    if let Some(visible) = &filter.account_managers_in {
        query = query.filter(alerts::account_manager_id.eq_any(visible));
    }
    if let Some(account) = filter.account {
        query = query.filter(alerts::account_id.eq(account));
    }
    if let Some(rule) = filter.rule {
        query = query.filter(alerts::rule.eq(rule.key()));
    }
    if let Some(severity) = filter.severity {
        query = query.filter(alerts::severity.eq(severity.key()));
    }
    if let Some(status) = filter.status {
        query = query.filter(alerts::status.eq(status.as_str()));
    }
    if let Some(cycle_id) = filter.cycle_id {
        query = query.filter(alerts::cycle_id.eq(cycle_id));
    }
    query
}

/// `query` in the order of `sort`, then by id ascending; newest first (then by id,
/// descending) when `sort` is empty.
fn sorted<'a>(
    query: alerts::BoxedQuery<'a, Db>,
    sort: &[SortBy<AlertSortField>],
) -> alerts::BoxedQuery<'a, Db> {
    if sort.is_empty() {
        return query.order((alerts::created_at.desc(), alerts::id.desc()));
    }
    // Severity and status sort by rank, not by their stored names.
    let severity_rank = || {
        sql::<Integer>(
            "CASE alerts.severity WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 \
             ELSE 0 END",
        )
    };
    let status_rank = || {
        sql::<Integer>(
            "CASE alerts.status WHEN 'open' THEN 1 WHEN 'acknowledged' THEN 2 \
             WHEN 'resolved' THEN 3 ELSE 0 END",
        )
    };
    let mut query = query;
    for key in sort {
        query = match (key.field, key.descending) {
            (AlertSortField::CreatedAt, false) => query.then_order_by(alerts::created_at.asc()),
            (AlertSortField::CreatedAt, true) => query.then_order_by(alerts::created_at.desc()),
            (AlertSortField::UpdatedAt, false) => query.then_order_by(alerts::updated_at.asc()),
            (AlertSortField::UpdatedAt, true) => query.then_order_by(alerts::updated_at.desc()),
            (AlertSortField::Severity, false) => query.then_order_by(severity_rank().asc()),
            (AlertSortField::Severity, true) => query.then_order_by(severity_rank().desc()),
            (AlertSortField::Status, false) => query.then_order_by(status_rank().asc()),
            (AlertSortField::Status, true) => query.then_order_by(status_rank().desc()),
            (AlertSortField::Magnitude, false) => query.then_order_by(alerts::magnitude.asc()),
            (AlertSortField::Magnitude, true) => query.then_order_by(alerts::magnitude.desc()),
            (AlertSortField::Rule, false) => query.then_order_by(alerts::rule.asc()),
            (AlertSortField::Rule, true) => query.then_order_by(alerts::rule.desc()),
            (AlertSortField::Id, false) => query.then_order_by(alerts::id.asc()),
            (AlertSortField::Id, true) => query.then_order_by(alerts::id.desc()),
        };
    }
    query.then_order_by(alerts::id.asc())
}

/// The counter of `status` in `counts`.
fn status_slot<'a>(counts: &'a mut StatusCounts, status: &str) -> Result<&'a mut i64, StoreError> {
    match status {
        "open" => Ok(&mut counts.open),
        "acknowledged" => Ok(&mut counts.acknowledged),
        "resolved" => Ok(&mut counts.resolved),
        other => Err(corrupt("status", other)),
    }
}

fn corrupt(what: &str, value: &str) -> StoreError {
    let message = format!("unknown alert {what} `{value}`");
    StoreError::Database(diesel::result::Error::DeserializationError(message.into()))
}
