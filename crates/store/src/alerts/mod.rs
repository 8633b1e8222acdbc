//! Alerts (METHOD.md section 7): evaluation, storage and lifecycle.
//!
//! The rules themselves are the domain's ([`gapscope_domain::alerts::evaluate`]); this module
//! gathers each account's facts from the aggregate cells ([`facts`]), keeps one alert per
//! (cycle, account, rule, category) and applies new findings to it ([`apply`]), and lets
//! people move alerts along `open -> acknowledged -> resolved` ([`lifecycle`]). Every change
//! of an alert appends an `alert_events` row, which the database keeps append-only.
//!
//! Evaluation runs inside the transaction that changed its inputs: an import (every touched
//! cycle and account), a cycle being closed, or an explicit [`crate::Store::evaluate_alerts`].

mod apply;
mod facts;
mod lifecycle;
mod read;

pub(crate) use apply::{evaluate_cycle_in, evaluate_touched};

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use gapscope_domain::alerts::{Rule, Severity};
use serde::{Deserialize, Serialize};

use crate::conn::AnyConnection;
use crate::schema::{alert_events, alerts};
use crate::{Actor, SortBy, StoreError, UnknownValue};

/// The most alerts one [`Store::alerts`](crate::Store::alerts) page holds.
pub const MAX_ALERT_PAGE: i64 = 1_000;

/// Where an alert is in its lifecycle: `open -> acknowledged -> resolved` (or straight from
/// `open` to `resolved`). An alert a person resolved reopens only when its finding gets worse;
/// one an evaluation cleared (its finding had disappeared) reopens whenever it fires again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
    /// Nobody has looked at it yet (or it reopened).
    Open,
    /// Someone is on it.
    Acknowledged,
    /// Dealt with.
    Resolved,
}

impl AlertStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [AlertStatus; 3] = [
        AlertStatus::Open,
        AlertStatus::Acknowledged,
        AlertStatus::Resolved,
    ];

    /// The stored and serialized name, e.g. `acknowledged`.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertStatus::Open => "open",
            AlertStatus::Acknowledged => "acknowledged",
            AlertStatus::Resolved => "resolved",
        }
    }
}

impl fmt::Display for AlertStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AlertStatus {
    type Err = UnknownValue;

    /// Parses a status name; case and surrounding spaces are forgiven.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::access::parse_name(s, &AlertStatus::ALL, AlertStatus::as_str, "alert status")
    }
}

/// What happened to an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertEventKind {
    /// A rule fired for the first time.
    Raised,
    /// Re-evaluation found it more severe than before.
    Escalated,
    /// Re-evaluation found it less severe than before (still open or acknowledged).
    Deescalated,
    /// A resolved alert is open again: its finding got worse than when a person resolved it,
    /// or it fired again after an evaluation cleared it.
    Reopened,
    /// Someone acknowledged it.
    Acknowledged,
    /// Someone resolved it.
    Resolved,
    /// Re-evaluation no longer found it (corrected data or changed thresholds), so the
    /// evaluation resolved it.
    Cleared,
}

impl AlertEventKind {
    /// Every kind.
    pub const ALL: [AlertEventKind; 7] = [
        AlertEventKind::Raised,
        AlertEventKind::Escalated,
        AlertEventKind::Deescalated,
        AlertEventKind::Reopened,
        AlertEventKind::Acknowledged,
        AlertEventKind::Resolved,
        AlertEventKind::Cleared,
    ];

    /// The stored and serialized name, e.g. `reopened`.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertEventKind::Raised => "raised",
            AlertEventKind::Escalated => "escalated",
            AlertEventKind::Deescalated => "deescalated",
            AlertEventKind::Reopened => "reopened",
            AlertEventKind::Acknowledged => "acknowledged",
            AlertEventKind::Resolved => "resolved",
            AlertEventKind::Cleared => "cleared",
        }
    }
}

impl fmt::Display for AlertEventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AlertEventKind {
    type Err = UnknownValue;

    /// Parses an event kind name; case and surrounding spaces are forgiven.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::access::parse_name(
            s,
            &AlertEventKind::ALL,
            AlertEventKind::as_str,
            "alert event kind",
        )
    }
}

/// One alert: a rule that fired for an account in a cycle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    /// Storage id.
    pub id: i64,
    /// Owning organization.
    pub org_id: i64,
    /// The cycle it belongs to.
    pub cycle_id: i64,
    /// The account concerned.
    pub account_id: i64,
    /// The AM who held the account in the cycle: the AM of record of its latest response
    /// there, or (for `unassessed`) its owner when the cycle closed.
    pub account_manager_id: i64,
    /// The rule that fired.
    pub rule: Rule,
    /// The category, for `critical_gap` and `category_decline`.
    pub category: Option<i64>,
    /// How urgent it is (the latest evaluation's).
    pub severity: Severity,
    /// How bad it is, larger = worse (see [`gapscope_domain::alerts::Finding::magnitude`]).
    pub magnitude: f64,
    /// A readable sentence with the numbers.
    pub detail: String,
    /// Supporting data, e.g. `{"responses": [...]}` listing a detractor alert's responses by
    /// external id; `None` for rules without any.
    pub evidence: Option<serde_json::Value>,
    /// Where it is in its lifecycle.
    pub status: AlertStatus,
    /// When it was raised (UTC).
    pub created_at: NaiveDateTime,
    /// When it last changed (UTC).
    pub updated_at: NaiveDateTime,
}

/// One change in an alert's life. Never updated or deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlertEvent {
    /// Storage id (increasing).
    pub id: i64,
    /// The alert.
    pub alert_id: i64,
    /// When it happened (UTC).
    pub at: NaiveDateTime,
    /// Who did it: a user's email, `token:<name>`, `cli`; for evaluations, whoever ran the
    /// import, close or evaluation that caused it.
    pub actor: String,
    /// The acting user, if a user acted.
    pub actor_user_id: Option<i64>,
    /// What happened.
    pub kind: AlertEventKind,
    /// The alert's severity after the change.
    pub severity: Severity,
    /// The note given with an acknowledgement or resolution.
    pub note: Option<String>,
}

/// What a list of alerts can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlertSortField {
    /// When it was raised.
    CreatedAt,
    /// When it last changed.
    UpdatedAt,
    /// Severity, by rank: `low < medium < high`.
    Severity,
    /// Status, in lifecycle order: `open < acknowledged < resolved`.
    Status,
    /// How bad (the gap, the drop, ...).
    Magnitude,
    /// The rule's key, alphabetically.
    Rule,
    /// Storage id.
    Id,
}

/// Which alerts to list: all conditions must hold. Alerts come in `sort` order, newest first
/// (then by id, descending) when it is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertFilter {
    /// Only this AM's alerts.
    pub account_manager: Option<i64>,
    /// Only alerts of these AMs (the caller's visibility); an empty list matches nothing.
    pub account_managers_in: Option<Vec<i64>>,
    /// Only this account's alerts.
    pub account: Option<i64>,
    /// Only this rule.
    pub rule: Option<Rule>,
    /// Only this severity.
    pub severity: Option<Severity>,
    /// Only this status.
    pub status: Option<AlertStatus>,
    /// Only this cycle.
    pub cycle_id: Option<i64>,
    /// Page size, clamped to 1..=[`MAX_ALERT_PAGE`].
    pub limit: i64,
    /// Alerts to skip; negative counts as 0.
    pub offset: i64,
    /// Sort keys, most significant first; remaining ties go by id, ascending.
    pub sort: Vec<SortBy<AlertSortField>>,
}

impl Default for AlertFilter {
    /// No conditions, the first 100 alerts.
    fn default() -> Self {
        AlertFilter {
            account_manager: None,
            account_managers_in: None,
            account: None,
            rule: None,
            severity: None,
            status: None,
            cycle_id: None,
            limit: 100,
            offset: 0,
            sort: Vec::new(),
        }
    }
}

/// One page of alerts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertPage {
    /// How many alerts match the filter, over all pages.
    pub total: i64,
    /// This page's alerts.
    pub items: Vec<Alert>,
}

/// What one evaluation did, counted per finding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AlertEvaluation {
    /// New alerts.
    pub raised: usize,
    /// Open or acknowledged alerts whose severity rose.
    pub escalated: usize,
    /// Resolved alerts open again: worse than when a person resolved them, or firing again
    /// after an evaluation cleared them.
    pub reopened: usize,
    /// Open or acknowledged alerts whose numbers, text, evidence or AM changed with the
    /// same severity (no event: nothing happened to its lifecycle).
    pub updated: usize,
    /// Findings whose alert was left as it was (including resolved ones not worse than before).
    pub unchanged: usize,
    /// Open or acknowledged alerts of the evaluated accounts whose finding disappeared,
    /// resolved by the evaluation (a `cleared` event; not counted per finding, as there is
    /// none).
    pub cleared: usize,
    /// Open or acknowledged alerts whose severity fell.
    pub deescalated: usize,
}

impl AlertEvaluation {
    /// Adds another evaluation's counts to these.
    fn add(&mut self, other: AlertEvaluation) {
        self.raised += other.raised;
        self.escalated += other.escalated;
        self.reopened += other.reopened;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.cleared += other.cleared;
        self.deescalated += other.deescalated;
    }
}

/// Alert counts per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    /// Open alerts.
    pub open: i64,
    /// Acknowledged alerts.
    pub acknowledged: i64,
    /// Resolved alerts.
    pub resolved: i64,
}

/// Alert counts per severity, then status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SeverityCounts {
    /// Low alerts.
    pub low: StatusCounts,
    /// Medium alerts.
    pub medium: StatusCounts,
    /// High alerts.
    pub high: StatusCounts,
}

/// One AM's alert counts, for the alert overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AlertCounts {
    /// The account manager.
    pub account_manager: i64,
    /// Counts for every severity and status (zeros included).
    pub by_severity_and_status: SeverityCounts,
}

/// An `alerts` row as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = alerts)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub(crate) struct AlertRow {
    pub id: i64,
    pub org_id: i64,
    pub cycle_id: i64,
    pub account_id: i64,
    pub account_manager_id: i64,
    pub rule: String,
    pub category_id: i64,
    pub severity: String,
    pub magnitude: f64,
    pub detail: String,
    pub evidence: Option<String>,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl AlertRow {
    /// The public alert, failing on a stored name this version does not know.
    pub(crate) fn into_alert(self) -> Result<Alert, diesel::result::Error> {
        Ok(Alert {
            rule: rule_from_str(&self.rule)?,
            severity: severity_from_str(&self.severity)?,
            status: self.status.parse().map_err(corrupt)?,
            category: (self.category_id != NO_CATEGORY).then_some(self.category_id),
            evidence: self.evidence.as_deref().map(parse_json),
            id: self.id,
            org_id: self.org_id,
            cycle_id: self.cycle_id,
            account_id: self.account_id,
            account_manager_id: self.account_manager_id,
            magnitude: self.magnitude,
            detail: self.detail,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// An `alert_events` row as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = alert_events)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct AlertEventRow {
    id: i64,
    alert_id: i64,
    at: NaiveDateTime,
    actor: String,
    actor_user_id: Option<i64>,
    kind: String,
    severity: String,
    note: Option<String>,
}

impl AlertEventRow {
    fn into_event(self) -> Result<AlertEvent, diesel::result::Error> {
        let kind = AlertEventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == self.kind)
            .ok_or_else(|| unknown("alert event kind", &self.kind))?;
        Ok(AlertEvent {
            kind,
            severity: severity_from_str(&self.severity)?,
            id: self.id,
            alert_id: self.alert_id,
            at: self.at,
            actor: self.actor,
            actor_user_id: self.actor_user_id,
            note: self.note,
        })
    }
}

/// Appends an event to alert `alert_id`, inside the caller's transaction.
#[expect(
    clippy::too_many_arguments,
    reason = "one value per column of the event row; a struct would only rename them"
)]
pub(crate) fn insert_event(
    conn: &mut AnyConnection,
    org_id: i64,
    alert_id: i64,
    kind: AlertEventKind,
    severity: Severity,
    note: Option<&str>,
    actor: &Actor,
    at: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(alert_events::table)
        .values((
            alert_events::org_id.eq(org_id),
            alert_events::alert_id.eq(alert_id),
            alert_events::at.eq(at),
            alert_events::actor.eq(&actor.label),
            alert_events::actor_user_id.eq(actor.user_id),
            alert_events::kind.eq(kind.as_str()),
            alert_events::severity.eq(severity.key()),
            alert_events::note.eq(note),
        ))
        .execute(conn)?;
    Ok(())
}

/// The stored `category_id` of an alert without category: a NULL would never collide in the
/// unique key, so "none" is 0 (storage ids start at 1).
pub(crate) const NO_CATEGORY: i64 = 0;

/// Every rule, to read stored names back.
const RULES: [Rule; 6] = [
    Rule::Detractor,
    Rule::CriticalGap,
    Rule::HiddenRisk,
    Rule::ScoreDrop,
    Rule::CategoryDecline,
    Rule::Unassessed,
];

/// Every severity, to read stored names back.
const SEVERITIES: [Severity; 3] = [Severity::Low, Severity::Medium, Severity::High];

fn rule_from_str(s: &str) -> Result<Rule, diesel::result::Error> {
    RULES
        .into_iter()
        .find(|r| r.key() == s)
        .ok_or_else(|| unknown("alert rule", s))
}

fn severity_from_str(s: &str) -> Result<Severity, diesel::result::Error> {
    SEVERITIES
        .into_iter()
        .find(|r| r.key() == s)
        .ok_or_else(|| unknown("alert severity", s))
}

/// A deserialization error for a stored name this version cannot read.
fn unknown(what: &str, value: &str) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(format!("unknown {what} `{value}`").into())
}

fn corrupt(e: UnknownValue) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(Box::new(e))
}

/// Stored JSON text as a value; text that is not JSON (written by hand) is kept as a string.
fn parse_json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip() {
        for status in AlertStatus::ALL {
            assert_eq!(status.as_str().parse::<AlertStatus>(), Ok(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        for kind in AlertEventKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
            assert_eq!(kind.as_str().parse::<AlertEventKind>(), Ok(kind));
            assert_eq!(kind.to_string(), kind.as_str());
        }
        assert_eq!(
            " Cleared ".parse::<AlertEventKind>(),
            Ok(AlertEventKind::Cleared)
        );
        assert!("nope".parse::<AlertEventKind>().is_err());
        for rule in RULES {
            assert_eq!(rule_from_str(rule.key()).unwrap(), rule);
        }
        for severity in SEVERITIES {
            assert_eq!(severity_from_str(severity.key()).unwrap(), severity);
        }
        assert!(rule_from_str("nope").is_err());
        assert_eq!(
            " Resolved ".parse::<AlertStatus>(),
            Ok(AlertStatus::Resolved)
        );
    }
}
