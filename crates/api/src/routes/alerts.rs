//! Alerts (METHOD.md section 7): the list, one alert with its history, status changes, the
//! supervisor's overview, on-demand evaluation and closing a cycle.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, patch, post, web};
use chrono::NaiveDateTime;
use gapscope_domain::alerts::{Rule, Severity};
use gapscope_store::{Alert, AlertEvent, AlertFilter, AlertSortField, AlertStatus, Store};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::caller::{Visibility, forbidden};
use crate::auth::{Caller, Principal};
use crate::error::ErrorBody;
use crate::error::{ApiError, ApiResult};
use crate::paging::{Page, Sorting, Window};
use crate::routes::catalog::{CycleView, resolve_cycle};
use crate::routes::results::not_found;
use crate::state::AppState;
use crate::views::{AccountManagerRef, CategoryRef, CycleQuery};

/// Longest note kept with an alert's status change (notes are kept forever).
pub const MAX_NOTE_CHARS: usize = 2000;

/// Where an alert is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusView {
    /// Nobody has acted on it yet (or it reopened because the facts got worse).
    Open,
    /// Someone is on it.
    Acknowledged,
    /// Dealt with.
    Resolved,
}

impl From<AlertStatus> for StatusView {
    fn from(s: AlertStatus) -> Self {
        match s {
            AlertStatus::Open => Self::Open,
            AlertStatus::Acknowledged => Self::Acknowledged,
            AlertStatus::Resolved => Self::Resolved,
        }
    }
}

impl From<StatusView> for AlertStatus {
    fn from(s: StatusView) -> Self {
        match s {
            StatusView::Open => Self::Open,
            StatusView::Acknowledged => Self::Acknowledged,
            StatusView::Resolved => Self::Resolved,
        }
    }
}

/// Filters and paging of the alert list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AlertQuery {
    /// Cycle key; every cycle when omitted.
    pub cycle: Option<String>,
    /// Only this AM's alerts.
    pub account_manager: Option<i64>,
    /// Only this account's alerts.
    pub account: Option<i64>,
    /// Only this rule.
    pub rule: Option<Rule>,
    /// Only this severity.
    pub severity: Option<Severity>,
    /// Only this status.
    pub status: Option<StatusView>,
    /// Page size, 1-1000 (default 100).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
    /// Items to skip before the page (default 0).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub offset: Option<String>,
    /// Sort keys, comma-separated, `-` in front for descending (e.g. `-severity,-magnitude`).
    /// Fields: `created_at`, `updated_at`, `severity` (low < medium < high), `status` (open <
    /// acknowledged < resolved), `magnitude`, `rule`, `id`. Default: `-created_at,-id` (newest
    /// first). Ties are broken by `id`, ascending.
    pub sort: Option<String>,
}

/// The alert list's sort fields (sorted by the database).
pub const SORT: Sorting<AlertSortField> = Sorting {
    fields: &[
        ("created_at", AlertSortField::CreatedAt),
        ("updated_at", AlertSortField::UpdatedAt),
        ("severity", AlertSortField::Severity),
        ("status", AlertSortField::Status),
        ("magnitude", AlertSortField::Magnitude),
        ("rule", AlertSortField::Rule),
        ("id", AlertSortField::Id),
    ],
    default: "-created_at,-id",
};

/// One alert.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertView {
    /// Storage id.
    pub id: i64,
    /// Cycle key.
    pub cycle: String,
    /// Storage id of the account.
    pub account: i64,
    /// The account's external id.
    pub account_external_id: String,
    /// The account's name.
    pub account_name: String,
    /// The AM who held the account in that cycle, who owns the alert.
    pub account_manager: i64,
    /// The rule that fired.
    pub rule: Rule,
    /// The category, for `critical_gap` and `category_decline`.
    pub category: Option<CategoryRef>,
    /// How urgent.
    pub severity: Severity,
    /// How bad, larger is worse (the gap in points, the score drop, ...).
    pub magnitude: f64,
    /// A readable sentence with the numbers.
    pub detail: String,
    /// Supporting data, e.g. the external ids of a detractor alert's responses.
    #[schema(value_type = Option<Object>)]
    pub evidence: Option<serde_json::Value>,
    /// Lifecycle status.
    pub status: StatusView,
    /// When it was raised (UTC).
    pub created_at: NaiveDateTime,
    /// When it last changed (UTC).
    pub updated_at: NaiveDateTime,
}

/// Lookups that turn stored alerts into views.
struct Names {
    cycles: BTreeMap<i64, String>,
    accounts: BTreeMap<i64, (String, String)>,
    categories: BTreeMap<i64, CategoryRef>,
}

impl Names {
    fn load(store: &Store, org: i64) -> ApiResult<Self> {
        Ok(Self {
            cycles: store
                .cycles(org)?
                .into_iter()
                .map(|c| (c.id, c.key))
                .collect(),
            accounts: store
                .accounts(org)?
                .into_iter()
                .map(|a| (a.id, (a.external_id, a.name)))
                .collect(),
            categories: store
                .categories(org)?
                .iter()
                .map(|c| (c.id, c.into()))
                .collect(),
        })
    }

    fn view(&self, a: Alert) -> AlertView {
        let (external_id, name) = self
            .accounts
            .get(&a.account_id)
            .cloned()
            .unwrap_or_default();
        AlertView {
            id: a.id,
            cycle: self.cycles.get(&a.cycle_id).cloned().unwrap_or_default(),
            account: a.account_id,
            account_external_id: external_id,
            account_name: name,
            account_manager: a.account_manager_id,
            rule: a.rule,
            category: a.category.and_then(|c| self.categories.get(&c).cloned()),
            severity: a.severity,
            magnitude: a.magnitude,
            detail: a.detail,
            evidence: a.evidence,
            status: a.status.into(),
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

fn visible_ams(visibility: &Visibility) -> Option<Vec<i64>> {
    match visibility {
        Visibility::All => None,
        Visibility::Only(ams) => Some(ams.iter().copied().collect()),
    }
}

// Known gap: an account manager sees the magnitude, detail and evidence of alerts on accounts
// below the anonymity threshold; see the note in routes/accounts.rs (list_accounts).
/// Lists alerts, filtered by AM, account, rule, severity, status and cycle, sorted (newest
/// first by default) and paged by the database; each caller sees only the alerts of AMs they
/// may see.
#[utoipa::path(
    tag = "alerts",
    params(AlertQuery),
    responses(
        (status = 200, description = "One page of alerts", body = Page<AlertView>),
        (status = 400, description = "Malformed or unknown parameter", body = ErrorBody),
        (status = 404, description = "Unknown cycle", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/alerts")]
pub async fn list_alerts(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AlertQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let window = Window::parse(q.limit.as_deref(), q.offset.as_deref())?;
    let sort = SORT.parse(q.sort.as_deref())?;
    let (store, org) = (state.store.clone(), caller.org_id);
    let view = web::block(move || -> ApiResult<Page<AlertView>> {
        let cycle_id = match q.cycle.as_deref() {
            Some(key) => Some(resolve_cycle(&store, org, Some(key))?.id),
            None => None,
        };
        let filter = AlertFilter {
            account_manager: q.account_manager,
            account_managers_in: visible_ams(&caller.visibility(&store)?),
            account: q.account,
            rule: q.rule,
            severity: q.severity,
            status: q.status.map(AlertStatus::from),
            cycle_id,
            limit: window.limit,
            offset: window.offset,
            sort,
        };
        let found = store.alerts(org, &filter)?;
        let names = Names::load(&store, org)?;
        let items = found.items.into_iter().map(|a| names.view(a)).collect();
        Ok(window.page(found.total, items))
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}

/// One change in an alert's life.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertEventView {
    /// When (UTC).
    pub at: NaiveDateTime,
    /// Who: an email, `token:<name>` or `cli`.
    pub actor: String,
    /// `raised`, `escalated`, `deescalated`, `reopened`, `acknowledged`, `resolved`, or
    /// `cleared` (the evaluation found the rule no longer fires and resolved it).
    pub kind: String,
    /// The severity after the change.
    pub severity: Severity,
    /// The note given with it.
    pub note: Option<String>,
}

impl From<AlertEvent> for AlertEventView {
    fn from(e: AlertEvent) -> Self {
        Self {
            at: e.at,
            actor: e.actor,
            kind: e.kind.as_str().into(),
            severity: e.severity,
            note: e.note,
        }
    }
}

/// An alert with its whole history.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertDetail {
    /// The alert.
    #[serde(flatten)]
    pub alert: AlertView,
    /// Every change, oldest first; kept forever.
    pub events: Vec<AlertEventView>,
}

fn visible_alert(store: &Store, caller: &Caller, id: i64) -> ApiResult<Alert> {
    let alert = store
        .alert(caller.org_id, id)?
        .ok_or_else(|| not_found("alert", id))?;
    caller.require_account_manager(store, alert.account_manager_id)?;
    Ok(alert)
}

/// One alert with every change of its life (who, when, note).
#[utoipa::path(
    tag = "alerts",
    params(("id" = i64, Path, description = "Storage id of the alert")),
    responses(
        (status = 200, description = "The alert and its history", body = AlertDetail),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "No such alert", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/alerts/{id}")]
pub async fn get_alert(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let (store, id) = (state.store.clone(), path.into_inner());
    let detail = web::block(move || -> ApiResult<AlertDetail> {
        let alert = visible_alert(&store, &caller, id)?;
        let events = store.alert_events(caller.org_id, id)?;
        let names = Names::load(&store, caller.org_id)?;
        Ok(AlertDetail {
            alert: names.view(alert),
            events: events.into_iter().map(AlertEventView::from).collect(),
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(detail))
}

/// A status change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlertChange {
    /// `acknowledged` or `resolved` (an alert moves only forward).
    pub status: StatusView,
    /// What was done or decided; kept with the change.
    pub note: Option<String>,
}

/// Moves an alert forward (`open -> acknowledged -> resolved`, or `open -> resolved`) with a
/// note; the change is kept with its actor and time. Admins act on any alert, a supervisor on
/// their team's, an account manager on their own.
#[utoipa::path(
    tag = "alerts",
    params(("id" = i64, Path, description = "Storage id of the alert")),
    request_body = AlertChange,
    responses(
        (status = 200, description = "The changed alert", body = AlertView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 404, description = "No such alert", body = ErrorBody),
        (status = 409, description = "Not a forward move", body = ErrorBody),
        (status = 422, description = "A note over 2,000 characters", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[patch("/alerts/{id}")]
pub async fn update_alert(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    body: web::Json<AlertChange>,
) -> ApiResult<HttpResponse> {
    let (store, id, change) = (state.store.clone(), path.into_inner(), body.into_inner());
    if change
        .note
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS)
    {
        return Err(ApiError::unprocessable(
            "note",
            format!("at most {MAX_NOTE_CHARS} characters"),
        ));
    }
    let view = web::block(move || -> ApiResult<AlertView> {
        let alert = visible_alert(&store, &caller, id)?;
        may_act(&caller, &alert)?;
        let to = AlertStatus::from(change.status);
        let changed = store.transition_alert(
            caller.org_id,
            id,
            to,
            change.note.as_deref(),
            &caller.actor(),
        )?;
        Ok(Names::load(&store, caller.org_id)?.view(changed))
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}

/// Admins (and admin tokens), supervisors and account managers act on alerts they can see;
/// analysts and read or import tokens only read them.
fn may_act(caller: &Caller, alert: &Alert) -> ApiResult<()> {
    use gapscope_store::{Role, TokenScope};
    let allowed = match &caller.principal {
        Principal::User(user) => match user.role {
            Role::Admin | Role::Supervisor => true,
            Role::AccountManager => user.account_manager_id == Some(alert.account_manager_id),
            Role::Analyst => false,
        },
        Principal::Token(token) => token.scope == TokenScope::Admin,
    };
    allowed
        .then_some(())
        .ok_or_else(|| forbidden("your role may read this alert, not change it"))
}

/// Counts per status.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct StatusCountsView {
    /// Open alerts.
    pub open: i64,
    /// Acknowledged alerts.
    pub acknowledged: i64,
    /// Resolved alerts.
    pub resolved: i64,
}

/// One AM's alerts by severity and status.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertOverviewRow {
    /// The account manager.
    pub account_manager: AccountManagerRef,
    /// Low-severity alerts.
    pub low: StatusCountsView,
    /// Medium-severity alerts.
    pub medium: StatusCountsView,
    /// High-severity alerts.
    pub high: StatusCountsView,
}

fn counts(c: gapscope_store::StatusCounts) -> StatusCountsView {
    StatusCountsView {
        open: c.open,
        acknowledged: c.acknowledged,
        resolved: c.resolved,
    }
}

/// The supervisor's alert overview: per AM they may see, alerts by severity and status in the
/// cycle (the latest when omitted); AMs without alerts are listed with zeros.
#[utoipa::path(
    tag = "alerts",
    params(CycleQuery),
    responses(
        (status = 200, description = "Per AM, counts by severity and status", body = Vec<AlertOverviewRow>),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "Unknown cycle, or no cycle yet", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/alerts/overview")]
pub async fn get_alert_overview(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CycleQuery>,
) -> ApiResult<HttpResponse> {
    let (store, org) = (state.store.clone(), caller.org_id);
    let rows = web::block(move || -> ApiResult<Vec<AlertOverviewRow>> {
        let cycle = resolve_cycle(&store, org, query.cycle.as_deref())?;
        let visibility = caller.visibility(&store)?;
        let by_am: BTreeMap<i64, gapscope_store::SeverityCounts> = store
            .alert_overview(org, Some(cycle.id))?
            .into_iter()
            .map(|c| (c.account_manager, c.by_severity_and_status))
            .collect();
        Ok(store
            .account_managers(org)?
            .iter()
            .filter(|am| visibility.allows(am.id))
            .map(|am| {
                let c = by_am.get(&am.id).copied().unwrap_or_default();
                AlertOverviewRow {
                    account_manager: am.into(),
                    low: counts(c.low),
                    medium: counts(c.medium),
                    high: counts(c.high),
                }
            })
            .collect())
    })
    .await??;
    Ok(HttpResponse::Ok().json(rows))
}

/// What an evaluation did.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationView {
    /// Cycle key.
    pub cycle: String,
    /// New alerts.
    pub raised: usize,
    /// Alerts whose severity rose.
    pub escalated: usize,
    /// Resolved alerts whose facts got worse, open again.
    pub reopened: usize,
    /// Alerts whose numbers changed without their severity rising.
    pub updated: usize,
    /// Findings whose alert stayed as it was.
    pub unchanged: usize,
    /// Open or acknowledged alerts that no longer fire, resolved by the evaluation.
    pub cleared: usize,
    /// Alerts whose severity fell.
    pub deescalated: usize,
}

/// Re-evaluates the alert rules for a cycle (admins), e.g. after changing thresholds;
/// imports evaluate by themselves. Re-running on unchanged data changes nothing.
#[utoipa::path(
    tag = "alerts",
    params(CycleQuery),
    responses(
        (status = 200, description = "What the evaluation did", body = EvaluationView),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "Unknown cycle, or no cycle yet", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[post("/alerts/evaluate")]
pub async fn evaluate_alerts(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CycleQuery>,
) -> ApiResult<HttpResponse> {
    caller.require_admin()?;
    let (store, org) = (state.store.clone(), caller.org_id);
    let view = web::block(move || -> ApiResult<EvaluationView> {
        let cycle = resolve_cycle(&store, org, query.cycle.as_deref())?;
        let e = store.evaluate_alerts(org, cycle.id, None, &caller.actor())?;
        Ok(EvaluationView {
            cycle: cycle.key,
            raised: e.raised,
            escalated: e.escalated,
            reopened: e.reopened,
            updated: e.updated,
            unchanged: e.unchanged,
            cleared: e.cleared,
            deescalated: e.deescalated,
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}

/// Closes a cycle (admins): from then on an assigned, valued account without a response in it
/// raises `unassessed`. A cycle closes once.
#[utoipa::path(
    tag = "alerts",
    params(("key" = String, Path, description = "Cycle key")),
    responses(
        (status = 200, description = "The closed cycle", body = CycleView),
        (status = 404, description = "Unknown cycle", body = ErrorBody),
        (status = 409, description = "Closed already", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[post("/cycles/{key}/close")]
pub async fn close_cycle(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    caller.require_admin()?;
    let (store, org, key) = (state.store.clone(), caller.org_id, path.into_inner());
    let cycle = web::block(move || -> ApiResult<gapscope_store::Cycle> {
        let cycle = resolve_cycle(&store, org, Some(&key))?;
        Ok(store.close_cycle(org, cycle.id, &caller.actor())?)
    })
    .await??;
    Ok(HttpResponse::Ok().json(CycleView::from(&cycle)))
}
