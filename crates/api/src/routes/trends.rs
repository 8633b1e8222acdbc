//! Across cycles: trends per account and per AM, cohort migration, and hidden risk.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, web};
use gapscope_domain::account::AccountResult;
use gapscope_domain::nps::Nps;
use gapscope_domain::settings::Cohort;
use gapscope_domain::survey::IndicatorKind;
use gapscope_domain::trends::{CohortMigration, HiddenRisk, cohort_migration, hidden_risk};
use gapscope_store::Store;
use serde::Serialize;
use utoipa::ToSchema;

use crate::analytics::CycleContext;
use crate::auth::Caller;
use crate::auth::caller::{Visibility, forbidden};
use crate::error::ApiResult;
use crate::error::ErrorBody;
use crate::routes::results::not_found;
use crate::state::AppState;
use crate::views::{AccountManagerRef, CycleQuery};

/// Every cycle of the organization, oldest first, loaded for computing.
fn all_cycles(store: &Store, org: i64) -> ApiResult<Vec<CycleContext>> {
    store
        .cycles(org)?
        .iter()
        .map(|c| CycleContext::load(store, org, Some(&c.key)))
        .collect()
}

/// One category's mean performance at one point of a trend.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryPoint {
    /// The category's stable key.
    pub key: String,
    /// Mean performance (an AM's: the mean over their accounts' means).
    pub mean_performance: Option<f64>,
}

/// One cycle of a trend.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrendPoint {
    /// Cycle key.
    pub cycle: String,
    /// Account managers of record in that cycle (for an account), or the AM (for a book).
    pub account_managers: Vec<i64>,
    /// Accounts answered (1 or 0 for an account).
    pub accounts: usize,
    /// Responses.
    pub responses: i64,
    /// Retention score (a book's: the mean over its scored accounts).
    pub score: Option<f64>,
    /// Fulfilment (a book's: the mean over its accounts).
    pub f: Option<f64>,
    /// Importance-weighted shortfall (a book's: the mean over its accounts).
    pub iws: Option<f64>,
    /// NPS; absent without a likelihood-to-recommend indicator.
    pub nps: Option<Nps>,
    /// Each category's mean performance.
    pub categories: Vec<CategoryPoint>,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

fn point(
    ctx: &CycleContext,
    results: &[&AccountResult],
    ams: Vec<i64>,
    nps: Option<Nps>,
) -> TrendPoint {
    let categories = ctx
        .categories
        .iter()
        .map(|c| CategoryPoint {
            key: c.key.clone(),
            mean_performance: mean(results.iter().filter_map(|r| {
                r.categories
                    .iter()
                    .find(|x| x.category == c.id)?
                    .mean_performance
            })),
        })
        .collect();
    TrendPoint {
        cycle: ctx.cycle.key.clone(),
        account_managers: ams,
        accounts: results.iter().filter(|r| r.responses > 0).count(),
        responses: results.iter().map(|r| r.responses).sum(),
        score: mean(results.iter().filter_map(|r| r.score.map(f64::from))),
        f: mean(results.iter().filter_map(|r| r.f)),
        iws: mean(results.iter().filter_map(|r| r.iws)),
        nps,
        categories,
    }
}

/// An account's figures across cycles.
#[utoipa::path(
    tag = "trends",
    params(("id" = i64, Path, description = "Storage id of the account")),
    responses(
        (status = 200, description = "One point per cycle, oldest first", body = Vec<TrendPoint>),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "Unknown account", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/accounts/{id}/trend")]
pub async fn get_account_trend(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let (store, org, id) = (state.store.clone(), caller.org_id, path.into_inner());
    let points = web::block(move || -> ApiResult<Vec<TrendPoint>> {
        let account = store
            .account(org, id)?
            .ok_or_else(|| not_found("account", id))?;
        let visibility = caller.visibility(&store)?;
        let cycles = all_cycles(&store, org)?;
        if !cycles
            .iter()
            .any(|ctx| ctx.account_visible(&visibility, &account))
        {
            return Err(forbidden("this account is outside your role"));
        }
        Ok(cycles
            .iter()
            .map(|ctx| {
                let result = ctx.visible_account_result(id, &visibility);
                let withhold =
                    caller.needs_anonymity() && result.responses < ctx.anonymity_threshold;
                let results = if withhold { vec![] } else { vec![&result] };
                let cells = ctx.visible_cells(&visibility).for_account(id);
                let nps = ctx.nps(&cells).filter(|_| !withhold);
                point(ctx, &results, ctx.account_managers_of(id), nps)
            })
            .collect())
    })
    .await??;
    Ok(HttpResponse::Ok().json(points))
}

/// An account manager's book across cycles: accounts, mean score, F and IWS, NPS and each
/// category's mean, as answered under them in each cycle.
#[utoipa::path(
    tag = "trends",
    params(("id" = i64, Path, description = "Storage id of the account manager")),
    responses(
        (status = 200, description = "One point per cycle, oldest first", body = Vec<TrendPoint>),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "Unknown account manager", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/account-managers/{id}/trend")]
pub async fn get_account_manager_trend(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let (store, org, id) = (state.store.clone(), caller.org_id, path.into_inner());
    let points = web::block(move || -> ApiResult<Vec<TrendPoint>> {
        store
            .account_manager(org, id)?
            .ok_or_else(|| not_found("account manager", id))?;
        caller.require_account_manager(&store, id)?;
        let cycles = all_cycles(&store, org)?;
        Ok(cycles
            .iter()
            .map(|ctx| {
                let units = ctx.unit_results();
                let book: Vec<&AccountResult> =
                    units.iter().filter(|u| u.account_manager == id).collect();
                let cells = ctx.all().for_account_manager(id);
                let withhold =
                    caller.needs_anonymity() && cells.respondents() < ctx.anonymity_threshold;
                let book = if withhold { vec![] } else { book };
                let nps = ctx.nps(&cells).filter(|_| !withhold);
                point(ctx, &book, vec![id], nps)
            })
            .collect())
    })
    .await??;
    Ok(HttpResponse::Ok().json(points))
}

/// Risk cohorts across cycles: per cycle the share of accounts in each cohort, and between
/// consecutive cycles how many accounts moved from which cohort to which.
#[utoipa::path(
    tag = "trends",
    responses(
        (status = 200, description = "Cohort shares and transitions", body = CohortMigration),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/cohort-migration")]
pub async fn get_cohort_migration(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<HttpResponse> {
    let (store, org) = (state.store.clone(), caller.org_id);
    let migration = web::block(move || -> ApiResult<CohortMigration> {
        let visibility = caller.visibility(&store)?;
        let accounts = store.accounts(org)?;
        let cycles = all_cycles(&store, org)?;
        let per_cycle: Vec<(String, BTreeMap<i64, Option<Cohort>>)> = cycles
            .iter()
            .map(|ctx| {
                let visible = |id: i64| {
                    accounts
                        .iter()
                        .find(|a| a.id == id)
                        .is_some_and(|a| ctx.account_visible(&visibility, a))
                };
                let anonymous = caller.needs_anonymity();
                let cohorts = ctx
                    .account_results()
                    .into_iter()
                    .filter(|r| visible(r.account))
                    .filter(|r| !anonymous || r.responses >= ctx.anonymity_threshold)
                    .map(|r| (r.account, r.cohort))
                    .collect();
                (ctx.cycle.key.clone(), cohorts)
            })
            .collect();
        Ok(cohort_migration(&per_cycle))
    })
    .await??;
    Ok(HttpResponse::Ok().json(migration))
}

/// Hidden risk in one cycle, with the AMs whose books hold it.
#[derive(Debug, Serialize, ToSchema)]
pub struct HiddenRiskView {
    /// Cycle key.
    pub cycle: String,
    /// Accounts whose NPS class looks safe (promoter or passive) but whose retention cohort is
    /// high or extreme, lowest score first; `account_manager` is 0 (all AMs of record merged).
    pub accounts: Vec<HiddenRiskAccount>,
    /// Per AM holding any of them, how many.
    pub account_managers: Vec<HiddenRiskCount>,
}

/// A hidden-risk account with its AMs of record.
#[derive(Debug, Serialize, ToSchema)]
pub struct HiddenRiskAccount {
    /// The finding.
    #[serde(flatten)]
    pub risk: HiddenRisk,
    /// Account managers of record in the cycle.
    pub account_managers: Vec<i64>,
}

/// Hidden-risk accounts in one AM's book.
#[derive(Debug, Serialize, ToSchema)]
pub struct HiddenRiskCount {
    /// The AM.
    pub account_manager: AccountManagerRef,
    /// Hidden-risk accounts answered under them.
    pub accounts: usize,
}

/// Accounts that look fine on NPS but whose retention score says they are at high or extreme
/// risk, and the AMs whose books hold them.
#[utoipa::path(
    tag = "trends",
    params(CycleQuery),
    responses(
        (status = 200, description = "Hidden-risk accounts", body = HiddenRiskView),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "Unknown cycle, or no cycle yet", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/hidden-risk")]
pub async fn get_hidden_risk(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CycleQuery>,
) -> ApiResult<HttpResponse> {
    let (store, org) = (state.store.clone(), caller.org_id);
    let view = web::block(move || -> ApiResult<HiddenRiskView> {
        let visibility = caller.visibility(&store)?;
        let ctx = CycleContext::load(&store, org, query.cycle.as_deref())?;
        let ltr = ctx
            .spec
            .indicator_of_kind(IndicatorKind::Ltr)
            .map(|i| i.indicator);
        let accounts = store.accounts(org)?;
        let visible = |id: i64| {
            accounts
                .iter()
                .find(|a| a.id == id)
                .is_some_and(|a| ctx.account_visible(&visibility, a))
        };
        let results = ctx.account_results();
        // An account manager gets no figures of an account below the anonymity threshold.
        let small = |id: i64| {
            caller.needs_anonymity()
                && results
                    .iter()
                    .any(|r| r.account == id && r.responses < ctx.anonymity_threshold)
        };
        let risks: Vec<HiddenRiskAccount> = hidden_risk(&results, ltr)
            .into_iter()
            .filter(|r| visible(r.account) && !small(r.account))
            .map(|risk| HiddenRiskAccount {
                account_managers: ctx.account_managers_of(risk.account),
                risk,
            })
            .collect();
        Ok(HiddenRiskView {
            cycle: ctx.cycle.key.clone(),
            account_managers: count_by_am(&store, org, &risks, &visibility)?,
            accounts: risks,
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}

fn count_by_am(
    store: &Store,
    org: i64,
    risks: &[HiddenRiskAccount],
    visibility: &Visibility,
) -> ApiResult<Vec<HiddenRiskCount>> {
    Ok(store
        .account_managers(org)?
        .iter()
        .filter(|am| visibility.allows(am.id))
        .map(|am| HiddenRiskCount {
            account_manager: am.into(),
            accounts: risks
                .iter()
                .filter(|r| r.account_managers.contains(&am.id))
                .count(),
        })
        .filter(|c| c.accounts > 0)
        .collect())
}
