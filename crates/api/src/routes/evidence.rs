//! Richer evidence: derived importance (Pearson and LMG) against stated importance, renewal
//! outcomes, and the back-test of which signal predicts churn.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, post, web};
use chrono::NaiveDate;
use gapscope_domain::backtest::{Auc, auc};
use gapscope_domain::ipa::{category_results, derived_importance};
use gapscope_domain::lmg::{hidden_drivers, lmg, ranks};
use gapscope_domain::survey::IndicatorKind;
use gapscope_store::NewOutcome;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::analytics::CycleContext;
use crate::auth::Caller;
use crate::auth::caller::forbidden;
use crate::error::ErrorBody;
use crate::error::{ApiError, ApiResult};
use crate::paging::{Field, Page, Sorting, Window, sort_page};
use crate::routes::results::not_found;
use crate::state::AppState;

/// Which scope to decompose.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DerivedQuery {
    /// Cycle key; the latest cycle when omitted.
    pub cycle: Option<String>,
    /// Only this account manager's book.
    pub account_manager: Option<i64>,
}

/// Stated against derived importance for one category.
#[derive(Debug, Serialize, ToSchema)]
pub struct DerivedCategory {
    /// The category's stable key.
    pub key: String,
    /// The category's name.
    pub name: String,
    /// Mean stated importance (pick form: the share who picked it).
    pub stated_importance: Option<f64>,
    /// Rank by stated importance (1 = most important; ties share the better rank).
    pub stated_rank: Option<usize>,
    /// Pearson correlation of performance with the outcome indicator (null under 10 pairs).
    pub pearson: Option<f64>,
    /// Rank by Pearson.
    pub pearson_rank: Option<usize>,
    /// LMG: the category's Shapley share of R-squared, in R-squared units.
    pub lmg: Option<f64>,
    /// LMG as a share of R-squared.
    pub lmg_share: Option<f64>,
    /// Rank by LMG.
    pub lmg_rank: Option<usize>,
    /// Stated rank in the bottom half but derived rank in the top half: customers do not say
    /// it matters, but it moves their outcome.
    pub hidden_driver: bool,
}

/// Derived importance of a scope.
#[derive(Debug, Serialize, ToSchema)]
pub struct DerivedImportanceView {
    /// Cycle key.
    pub cycle: String,
    /// Responses with every category's performance and the outcome (LMG's input).
    pub complete_cases: usize,
    /// R-squared of the outcome on all categories (null when LMG cannot be computed: more
    /// than 15 categories, too few complete cases, or no outcome indicator).
    pub r_squared: Option<f64>,
    /// Whether hidden drivers rest on LMG (at least 30 complete cases) or on Pearson.
    pub derived_from: String,
    /// One entry per category, in survey order.
    pub categories: Vec<DerivedCategory>,
}

/// Stated importance next to derived importance (Pearson, and LMG: each category's Shapley
/// share of R-squared), with ranks and hidden drivers, for the organization or one AM's book.
#[utoipa::path(
    tag = "evidence",
    params(DerivedQuery),
    responses(
        (status = 200, description = "Stated and derived importance", body = DerivedImportanceView),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "Unknown cycle or account manager", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/derived-importance")]
pub async fn get_derived_importance(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DerivedQuery>,
) -> ApiResult<HttpResponse> {
    let (store, org) = (state.store.clone(), caller.org_id);
    let view = web::block(move || -> ApiResult<DerivedImportanceView> {
        if let Some(id) = query.account_manager {
            store
                .account_manager(org, id)?
                .ok_or_else(|| not_found("account manager", id))?;
            caller.require_account_manager(&store, id)?;
        }
        let ctx = CycleContext::load(&store, org, query.cycle.as_deref())?;
        let cells = match query.account_manager {
            Some(id) => ctx.all().for_account_manager(id),
            None => ctx.all(),
        };
        let accounts: Option<Vec<i64>> = query
            .account_manager
            .map(|_| cells.units().keys().map(|u| u.account).collect());
        let cases = store.complete_cases(org, ctx.cycle.id, accounts.as_deref())?;
        let stated: Vec<(i64, Option<f64>)> = category_results(
            &cells,
            &ctx.spec,
            ctx.derived_weights(),
            ctx.settings.cross_hair,
        )
        .categories
        .iter()
        .map(|c| (c.category, c.mean_importance))
        .collect();
        let pearson: Vec<(i64, Option<f64>)> = derived_importance(&cells, &ctx.spec)
            .iter()
            .map(|d| (d.category, d.pearson))
            .collect();
        let decomposition = lmg(&cases.cases);
        let lmg_values: Vec<(i64, Option<f64>)> = ctx
            .spec
            .categories
            .iter()
            .map(|&c| {
                let at = cases.categories.iter().position(|&x| x == c);
                let value = decomposition
                    .as_ref()
                    .zip(at)
                    .map(|(d, i)| d.categories[i].value);
                (c, value)
            })
            .collect();
        Ok(view_of(
            &ctx,
            &cases.cases.len(),
            decomposition.map(|d| d.r_squared),
            &stated,
            &pearson,
            &lmg_values,
        ))
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}

fn view_of(
    ctx: &CycleContext,
    complete_cases: &usize,
    r_squared: Option<f64>,
    stated: &[(i64, Option<f64>)],
    pearson: &[(i64, Option<f64>)],
    lmg_values: &[(i64, Option<f64>)],
) -> DerivedImportanceView {
    let rank_map = |values: &[(i64, Option<f64>)]| -> BTreeMap<i64, Option<usize>> {
        ranks(values).into_iter().collect()
    };
    let (stated_ranks, pearson_ranks, lmg_ranks) =
        (rank_map(stated), rank_map(pearson), rank_map(lmg_values));
    let hidden = hidden_drivers(stated, lmg_values, pearson, *complete_cases);
    let value = |values: &[(i64, Option<f64>)], id: i64| {
        values.iter().find(|(c, _)| *c == id).and_then(|(_, v)| *v)
    };
    let categories = ctx
        .categories
        .iter()
        .map(|c| DerivedCategory {
            key: c.key.clone(),
            name: c.name.clone(),
            stated_importance: value(stated, c.id),
            stated_rank: stated_ranks.get(&c.id).copied().flatten(),
            pearson: value(pearson, c.id),
            pearson_rank: pearson_ranks.get(&c.id).copied().flatten(),
            lmg: value(lmg_values, c.id),
            lmg_share: value(lmg_values, c.id)
                .zip(r_squared)
                .and_then(|(v, r)| (r > 0.0).then(|| v / r)),
            lmg_rank: lmg_ranks.get(&c.id).copied().flatten(),
            hidden_driver: hidden.contains(&c.id),
        })
        .collect();
    let lmg_used = *complete_cases >= gapscope_domain::lmg::MIN_LMG_CASES && r_squared.is_some();
    DerivedImportanceView {
        cycle: ctx.cycle.key.clone(),
        complete_cases: *complete_cases,
        r_squared,
        derived_from: if lmg_used { "lmg" } else { "pearson" }.into(),
        categories,
    }
}

/// One renewal outcome.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeView {
    /// The account's external id (as in the survey files).
    pub account: String,
    /// Whether it renewed (false: churned).
    pub renewed: bool,
    /// The day the renewal was decided.
    pub decided_on: NaiveDate,
}

/// Filters, paging and sorting of the outcome list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OutcomesQuery {
    /// Only this account's outcomes (its external id).
    pub account: Option<String>,
    /// Only renewals (`true`) or only churns (`false`).
    pub renewed: Option<bool>,
    /// Page size, 1-1000 (default 100).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
    /// Items to skip before the page (default 0).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub offset: Option<String>,
    /// Sort keys, comma-separated, `-` in front for descending (e.g. `-decided_on`). Fields:
    /// `account`, `decided_on`, `renewed`. Default: `account,decided_on`. An outcome has no id
    /// of its own (it is one per account and day), so ties are broken by `account`, then
    /// `decided_on`, ascending.
    pub sort: Option<String>,
}

/// An outcome with its account's storage id, as the outcome list sorts it.
type OutcomeRowView = (i64, OutcomeView);

/// The outcome list's sort fields (sorted in memory, see [`crate::paging::sort_page`]).
pub const OUTCOME_SORT: Sorting<Field<OutcomeRowView>> = Sorting {
    fields: &[
        ("account", |(_, o)| o.account.as_str().into()),
        ("decided_on", |(_, o)| o.decided_on.into()),
        ("renewed", |(_, o)| o.renewed.into()),
    ],
    default: "account,decided_on",
};

/// Lists renewal outcomes of the accounts the caller may see, filtered, sorted and paged.
#[utoipa::path(
    tag = "evidence",
    params(OutcomesQuery),
    responses(
        (status = 200, description = "One page of outcomes", body = Page<OutcomeView>),
        (status = 400, description = "Malformed or unknown parameter", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/outcomes")]
pub async fn list_outcomes(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<OutcomesQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let window = Window::parse(q.limit.as_deref(), q.offset.as_deref())?;
    let mut sort = OUTCOME_SORT.parse(q.sort.as_deref())?;
    // The tie-breakers: (account, day) identifies an outcome. A key asked for already decided
    // every tie it could, so repeating it here changes nothing.
    sort.extend(OUTCOME_SORT.parse(Some("account,decided_on"))?);
    let (store, org) = (state.store.clone(), caller.org_id);
    let rows = web::block(move || -> ApiResult<Vec<OutcomeRowView>> {
        let visibility = caller.visibility(&store)?;
        let accounts: BTreeMap<i64, gapscope_store::Account> = store
            .accounts(org)?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        Ok(store
            .outcomes(org)?
            .into_iter()
            .filter_map(|o| {
                let account = accounts.get(&o.account_id)?;
                let visible = account
                    .current_account_manager
                    .is_some_and(|am| visibility.allows(am));
                let wanted = q.account.as_ref().is_none_or(|a| *a == account.external_id)
                    && q.renewed.is_none_or(|r| r == o.renewed);
                (visible && wanted).then(|| {
                    let view = OutcomeView {
                        account: account.external_id.clone(),
                        renewed: o.renewed,
                        decided_on: o.decided_on,
                    };
                    (account.id, view)
                })
            })
            .collect())
    })
    .await??;
    let page = sort_page(rows, &sort, |(account, _)| *account, window);
    Ok(HttpResponse::Ok().json(page.map(|(_, view)| view)))
}

/// How many outcomes were written.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedOutcomes {
    /// New or corrected outcomes (recording a stored one again is a no-op).
    pub written: usize,
}

/// Records renewal outcomes (admins and import tokens), all or nothing; every unknown account
/// or repeated entry is reported with its index.
#[utoipa::path(
    tag = "evidence",
    request_body = Vec<OutcomeView>,
    responses(
        (status = 200, description = "Recorded", body = RecordedOutcomes),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 422, description = "Unknown accounts or repeated entries; nothing written", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[post("/outcomes")]
pub async fn record_outcomes(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<Vec<OutcomeView>>,
) -> ApiResult<HttpResponse> {
    caller.require_import()?;
    let entries: Vec<NewOutcome> = body
        .into_inner()
        .into_iter()
        .map(|o| NewOutcome {
            account_external_id: o.account,
            renewed: o.renewed,
            decided_on: o.decided_on,
        })
        .collect();
    let (store, org, actor) = (state.store.clone(), caller.org_id, caller.actor());
    let written = web::block(move || store.record_outcomes(org, &entries, &actor)).await??;
    Ok(HttpResponse::Ok().json(RecordedOutcomes { written }))
}

/// An account's retention score and LTR mean in its latest scored cycle.
type Signals = (Option<u32>, Option<f64>);

/// How well each signal predicted churn.
#[derive(Debug, Serialize, ToSchema)]
pub struct BacktestView {
    /// The retention score: the chance that a churned account scored lower than a renewed one
    /// (0.5 is a coin toss); absent without both churned and renewed accounts.
    pub score: Option<Auc>,
    /// The same for the account's likelihood-to-recommend mean, the per-account form of the NPS
    /// signal (NPS itself is a share of a group, not a number per account).
    pub nps: Option<Auc>,
}

/// Back-tests the retention score and NPS against recorded renewal outcomes: the AUC of each
/// as a churn predictor, with the number of accounts behind it (each account's latest
/// outcome), so the organization sees which signal deserves trust (admins and analysts, or any
/// token).
//
// Each outcome is matched with the account's figures in the latest cycle where it was scored.
// Cycles carry no dates, so "the cycle before the decision" cannot be told apart from a later
// one; with cycle dates (a start and end per cycle) the match could be exact.
#[utoipa::path(
    tag = "evidence",
    responses(
        (status = 200, description = "AUC of each signal", body = BacktestView),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/backtest")]
pub async fn get_backtest(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    if caller.visibility(&state.store)? != crate::auth::caller::Visibility::All {
        return Err(forbidden("the back-test covers the whole organization"));
    }
    let (store, org) = (state.store.clone(), caller.org_id);
    let view = web::block(move || -> ApiResult<BacktestView> {
        let mut latest: BTreeMap<i64, Signals> = BTreeMap::new();
        for cycle in store.cycles(org)? {
            let ctx = CycleContext::load(&store, org, Some(&cycle.key))?;
            let ltr = ctx
                .spec
                .indicator_of_kind(IndicatorKind::Ltr)
                .map(|i| i.indicator);
            for r in ctx
                .account_results()
                .into_iter()
                .filter(|r| r.score.is_some())
            {
                let ltr_mean =
                    ltr.and_then(|id| r.indicators.iter().find(|i| i.indicator == id)?.mean);
                latest.insert(r.account, (r.score, ltr_mean));
            }
        }
        // One outcome per account: the latest decided (a renewal followed by a churn is a churn).
        let mut last: BTreeMap<i64, (NaiveDate, bool)> = BTreeMap::new();
        for o in store.outcomes(org)? {
            let entry = last
                .entry(o.account_id)
                .or_insert((o.decided_on, o.renewed));
            if o.decided_on >= entry.0 {
                *entry = (o.decided_on, o.renewed);
            }
        }
        let pairs = |pick: &dyn Fn(&Signals) -> Option<f64>| -> Vec<(f64, bool)> {
            last.iter()
                .filter_map(|(account, &(_, renewed))| {
                    Some((pick(latest.get(account)?)?, !renewed))
                })
                .collect()
        };
        Ok(BacktestView {
            score: auc(&pairs(&|(score, _)| score.map(f64::from))),
            nps: auc(&pairs(&|(_, ltr)| *ltr)),
        })
    })
    .await
    .map_err(ApiError::from)??;
    Ok(HttpResponse::Ok().json(view))
}
