//! Account managers: their books at a glance, and their assessment against peers (section 6).

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, patch, web};
use gapscope_domain::account::AccountResult;
use gapscope_domain::assessment::{AmAssessment, Measure, MeasureSummary, Standing};
use gapscope_domain::nps::Nps;
use gapscope_domain::settings::Cohort;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::analytics::CycleContext;
use crate::auth::Caller;
use crate::error::ApiResult;
use crate::error::ErrorBody;
use crate::paging::{Field, Page, Sorting, Window, sort_page};
use crate::routes::results::not_found;
use crate::state::AppState;
use crate::views::{AccountManagerRef, CategoryRef, CycleQuery};

/// Accounts of a book per risk cohort.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct CohortCounts {
    /// Score 80-100 (default thresholds).
    pub none: usize,
    /// Score 70-79.
    pub low: usize,
    /// Score 60-69.
    pub medium: usize,
    /// Score 50-59.
    pub high: usize,
    /// Score 1-49.
    pub extreme: usize,
    /// Accounts without a score (no fulfilment could be computed).
    pub unscored: usize,
}

impl CohortCounts {
    fn of<'a>(units: impl Iterator<Item = &'a AccountResult>) -> Self {
        let mut counts = Self::default();
        for unit in units {
            let slot = match unit.cohort {
                Some(Cohort::None) => &mut counts.none,
                Some(Cohort::Low) => &mut counts.low,
                Some(Cohort::Medium) => &mut counts.medium,
                Some(Cohort::High) => &mut counts.high,
                Some(Cohort::Extreme) => &mut counts.extreme,
                None => &mut counts.unscored,
            };
            *slot += 1;
        }
        counts
    }
}

/// One account manager's book in a cycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountManagerSummary {
    /// The account manager.
    #[serde(flatten)]
    pub account_manager: AccountManagerRef,
    /// Accounts answered under this AM in the cycle.
    pub accounts: usize,
    /// Responses given under this AM in the cycle.
    pub responses: i64,
    /// Mean retention score over the scored accounts; absent when none is scored.
    pub mean_score: Option<f64>,
    /// NPS of the book; absent when the cycle has no likelihood-to-recommend indicator.
    pub nps: Option<Nps>,
    /// Accounts per risk cohort.
    pub cohorts: CohortCounts,
    /// Whether the figures are withheld: the caller is an account manager and the book has
    /// fewer responses than the organization's anonymity threshold.
    pub withheld: bool,
}

/// Filters, paging and sorting of the account-manager list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AccountManagersQuery {
    /// Cycle key; the latest cycle when omitted.
    pub cycle: Option<String>,
    /// Only the account managers of this team.
    pub team: Option<String>,
    /// Page size, 1-1000 (default 100).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
    /// Items to skip before the page (default 0).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub offset: Option<String>,
    /// Sort keys, comma-separated, `-` in front for descending (e.g. `-mean_score,name`).
    /// Fields: `name`, `external_id`, `team`, `accounts`, `responses`, `mean_score`, `nps` (the
    /// NPS value), `id`. Default: `name`. Ties are broken by `id`, ascending; missing values
    /// (a withheld or unscored book, no team) sort last.
    pub sort: Option<String>,
}

/// The account-manager list's sort fields (sorted in memory, see
/// [`crate::paging::sort_page`]: every summary is computed from the cycle's aggregates anyway).
pub const SORT: Sorting<Field<AccountManagerSummary>> = Sorting {
    fields: &[
        ("name", |s| s.account_manager.name.as_str().into()),
        ("external_id", |s| {
            s.account_manager.external_id.as_str().into()
        }),
        ("team", |s| s.account_manager.team.as_deref().into()),
        ("accounts", |s| s.accounts.into()),
        ("responses", |s| s.responses.into()),
        ("mean_score", |s| s.mean_score.into()),
        ("nps", |s| s.nps.as_ref().and_then(|n| n.nps).into()),
        ("id", |s| s.account_manager.id.into()),
    ],
    default: "name",
};

/// Lists the account managers the caller may see, each with their book in the cycle:
/// accounts, responses, mean retention score, NPS with its margin of error, and accounts per
/// risk cohort; filtered by team, sorted and paged.
#[utoipa::path(
    tag = "account_managers",
    params(AccountManagersQuery),
    responses(
        (status = 200, description = "One page of account managers", body = Page<AccountManagerSummary>),
        (status = 400, description = "Malformed or unknown parameter", body = ErrorBody),
        (status = 404, description = "Unknown cycle, or no cycle yet", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/account-managers")]
pub async fn list_account_managers(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AccountManagersQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let window = Window::parse(query.limit.as_deref(), query.offset.as_deref())?;
    let sort = SORT.parse(query.sort.as_deref())?;
    let (store, org) = (state.store.clone(), caller.org_id);
    let view = web::block(move || -> ApiResult<Page<AccountManagerSummary>> {
        let visibility = caller.visibility(&store)?;
        let ctx = CycleContext::load(&store, org, query.cycle.as_deref())?;
        let units = ctx.unit_results();
        let summaries = store
            .account_managers(org)?
            .iter()
            .filter(|am| visibility.allows(am.id))
            .filter(|am| query.team.is_none() || am.team == query.team)
            .map(|am| summary(&ctx, &units, am))
            .map(|s| {
                let small = s.responses < ctx.anonymity_threshold;
                if caller.needs_anonymity() && small {
                    s.withhold()
                } else {
                    s
                }
            })
            .collect();
        // Sorted after withholding, so the order never reveals a withheld figure.
        Ok(sort_page(
            summaries,
            &sort,
            |s| s.account_manager.id,
            window,
        ))
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}

fn summary(
    ctx: &CycleContext,
    units: &[AccountResult],
    am: &gapscope_store::AccountManager,
) -> AccountManagerSummary {
    let book: Vec<&AccountResult> = units
        .iter()
        .filter(|u| u.account_manager == am.id)
        .collect();
    let scores: Vec<f64> = book.iter().filter_map(|u| u.score).map(f64::from).collect();
    let mean_score = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
    AccountManagerSummary {
        account_manager: am.into(),
        accounts: book.len(),
        responses: book.iter().map(|u| u.responses).sum(),
        mean_score,
        nps: ctx.nps(&ctx.all().for_account_manager(am.id)),
        cohorts: CohortCounts::of(book.into_iter()),
        withheld: false,
    }
}

impl AccountManagerSummary {
    /// Drops the figures of a book too small to show an account manager (the anonymity rule).
    fn withhold(mut self) -> Self {
        (self.mean_score, self.nps, self.cohorts, self.withheld) =
            (None, None, CohortCounts::default(), true);
        self
    }
}

/// One measure of an AM's assessment, with the scope-wide figures beside it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeasureAssessment {
    /// Section 6 figures for this AM.
    #[serde(flatten)]
    pub assessment: AmAssessment,
    /// Mean over every account unit of the scope (the shrinkage target).
    pub grand_mean: Option<f64>,
    /// Whether the standing is `above` or `below` but its `q_value` exceeds 0.10: with many
    /// AMs and categories some intervals exclude 0 by chance, so such a standing may be one.
    pub possibly_chance: bool,
}

/// One category of an AM's assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryAssessment {
    /// The category's stable key.
    pub key: String,
    /// The category's display name.
    pub name: String,
    /// The assessment on the category's account mean performance (`category` is its id).
    #[serde(flatten)]
    pub measure: MeasureAssessment,
}

/// An account manager's standing against the peer average in one cycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountManagerAssessment {
    /// The account manager.
    pub account_manager: AccountManagerRef,
    /// Cycle key.
    pub cycle: String,
    /// Accounts answered under this AM in the cycle.
    pub accounts: usize,
    /// Per category, in survey order (categories where the AM's book has no answer are left out).
    pub categories: Vec<CategoryAssessment>,
    /// The whole-book measures: IWP, F and the retention score.
    pub whole_book: Vec<MeasureAssessment>,
    /// Whether the figures are withheld: the caller is an account manager and the book has
    /// fewer responses than the organization's anonymity threshold.
    pub withheld: bool,
}

/// Assesses one account manager against the peer average: per category and for the whole-book
/// measures, the difference with its Welch 95% interval, p and Benjamini-Hochberg q values,
/// standing, empirical-Bayes shrunk mean and strength.
#[utoipa::path(
    tag = "account_managers",
    params(("id" = i64, Path, description = "Storage id of the account manager"), CycleQuery),
    responses(
        (status = 200, description = "The assessment", body = AccountManagerAssessment),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "Unknown account manager or cycle", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/account-managers/{id}/assessment")]
pub async fn get_account_manager_assessment(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    query: web::Query<CycleQuery>,
) -> ApiResult<HttpResponse> {
    let (store, org, id) = (state.store.clone(), caller.org_id, path.into_inner());
    let view = web::block(move || -> ApiResult<AccountManagerAssessment> {
        let am = store
            .account_manager(org, id)?
            .ok_or_else(|| not_found("account manager", id))?;
        caller.require_account_manager(&store, id)?;
        let ctx = CycleContext::load(&store, org, query.cycle.as_deref())?;
        let mut view = assessment_view(&ctx, &am);
        let responses = ctx.all().for_account_manager(id).respondents();
        if caller.needs_anonymity() && responses < ctx.anonymity_threshold {
            view.withheld = true;
            view.categories.clear();
            view.whole_book.clear();
        }
        Ok(view)
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}

fn assessment_view(
    ctx: &CycleContext,
    am: &gapscope_store::AccountManager,
) -> AccountManagerAssessment {
    let cycle = ctx.assessment();
    let grand: BTreeMap<Measure, &MeasureSummary> =
        cycle.measures.iter().map(|m| (m.measure, m)).collect();
    let rows = cycle.results.iter().filter(|r| r.account_manager == am.id);
    let mut categories = Vec::new();
    let mut whole_book = Vec::new();
    for row in rows {
        let measure = MeasureAssessment {
            assessment: *row,
            grand_mean: grand.get(&row.measure).map(|m| m.grand_mean),
            possibly_chance: matches!(row.standing, Standing::Above | Standing::Below)
                && row.q_value.is_some_and(|q| q > 0.10),
        };
        match row.measure {
            Measure::Category { category } => {
                if let Some(c) = ctx.category(category) {
                    let CategoryRef { key, name, .. } = c.into();
                    categories.push(CategoryAssessment { key, name, measure });
                }
            }
            _ => whole_book.push(measure),
        }
    }
    let position = |id: i64| ctx.spec.categories.iter().position(|&c| c == id);
    categories.sort_by_key(|c| match c.measure.assessment.measure {
        Measure::Category { category } => position(category),
        _ => None,
    });
    AccountManagerAssessment {
        account_manager: am.into(),
        cycle: ctx.cycle.key.clone(),
        accounts: ctx.all().for_account_manager(am.id).units().len(),
        categories,
        whole_book,
        withheld: false,
    }
}

/// Changes to an account manager.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAccountManager {
    /// The AM's team; `null` clears it. Supervisors see the AMs of their team.
    pub team: Option<String>,
}

/// Sets an account manager's team (admins only).
#[utoipa::path(
    tag = "account_managers",
    params(("id" = i64, Path, description = "Storage id of the account manager")),
    request_body = UpdateAccountManager,
    responses(
        (status = 200, description = "Updated", body = AccountManagerRef),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 404, description = "Unknown account manager", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[patch("/account-managers/{id}")]
pub async fn update_account_manager(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    body: web::Json<UpdateAccountManager>,
) -> ApiResult<HttpResponse> {
    caller.require_admin()?;
    let (store, org, id, actor) = (
        state.store.clone(),
        caller.org_id,
        path.into_inner(),
        caller.actor(),
    );
    let team = body.into_inner().team.filter(|t| !t.trim().is_empty());
    let am = web::block(move || store.set_account_manager_team(org, id, team.as_deref(), &actor))
        .await??;
    Ok(HttpResponse::Ok().json(AccountManagerRef::from(&am)))
}
