//! Accounts: retention scores, cohorts, gaps and weights (METHOD.md sections 2-4).

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, web};
use gapscope_domain::account::{AccountCategory, AccountResult, ScoreParts};
use gapscope_domain::nps::Nps;
use gapscope_domain::settings::Cohort;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::analytics::CycleContext;
use crate::auth::Caller;
use crate::auth::caller::{Visibility, forbidden};
use crate::error::ApiResult;
use crate::error::ErrorBody;
use crate::paging::{Field, Page, Sorting, Window, sort_page};
use crate::routes::results::not_found;
use crate::state::AppState;
use crate::views::{AccountRef, CategoryRef, CycleQuery, IndicatorRef};

/// Which accounts to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AccountsQuery {
    /// Cycle key; the latest cycle when omitted.
    pub cycle: Option<String>,
    /// Only the accounts answered under this account manager in the cycle (their book).
    pub account_manager: Option<i64>,
    /// Only the accounts of this risk cohort (withheld and unscored accounts have none).
    pub cohort: Option<Cohort>,
    /// Page size, 1-1000 (default 100).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
    /// Items to skip before the page (default 0).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub offset: Option<String>,
    /// Sort keys, comma-separated, `-` in front for descending (e.g. `score,-annual_value`).
    /// Fields: `name`, `external_id`, `annual_value`, `responses`, `score`, `f`, `iwp`, `iws`,
    /// `ltr_mean`, `id`. Default: `name`. Ties are broken by `id`, ascending; missing values (withheld or
    /// unscored figures, an unknown annual value) sort last.
    pub sort: Option<String>,
}

/// The account list's sort fields (sorted in memory, see [`crate::paging::sort_page`]: every
/// summary is computed from the cycle's aggregates anyway).
pub const SORT: Sorting<Field<AccountSummary>> = Sorting {
    fields: &[
        ("name", |a| a.account.name.as_str().into()),
        ("external_id", |a| a.account.external_id.as_str().into()),
        ("annual_value", |a| a.account.annual_value.into()),
        ("responses", |a| a.responses.into()),
        ("score", |a| a.score.into()),
        ("f", |a| a.f.into()),
        ("iwp", |a| a.iwp.into()),
        ("iws", |a| a.iws.into()),
        ("ltr_mean", |a| a.ltr_mean.into()),
        ("id", |a| a.account.id.into()),
    ],
    default: "name",
};

/// An account's headline figures in a cycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountSummary {
    /// The account.
    #[serde(flatten)]
    pub account: AccountRef,
    /// Account managers of record under whom it answered in the cycle.
    pub account_managers: Vec<i64>,
    /// Responses in the cycle.
    pub responses: i64,
    /// Importance-weighted performance.
    pub iwp: Option<f64>,
    /// Importance-weighted shortfall.
    pub iws: Option<f64>,
    /// Fulfilment, 0-1.
    pub f: Option<f64>,
    /// Retention score, 1-100.
    pub score: Option<u32>,
    /// Risk cohort of the score.
    pub cohort: Option<Cohort>,
    /// Role-weighted mean likelihood to recommend (0-10), when the survey asks it: the NPS
    /// signal to set beside the score (METHOD's hidden risk: a mean of 7 or more looks safe).
    pub ltr_mean: Option<f64>,
    /// Whether the figures are withheld (an account manager looking at an account with fewer
    /// responses than the organization's anonymity threshold).
    pub withheld: bool,
    /// Only one contact answered this cycle.
    pub single_threaded: bool,
}

/// Lists the accounts answered in the cycle that the caller may see, optionally only one
/// account manager's book or one cohort, with their retention score, cohort, fulfilment, IWP
/// and IWS; sorted and paged.
#[utoipa::path(
    tag = "accounts",
    params(AccountsQuery),
    responses(
        (status = 200, description = "One page of accounts answered in the cycle", body = Page<AccountSummary>),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "Unknown cycle or account manager", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/accounts")]
pub async fn list_accounts(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AccountsQuery>,
) -> ApiResult<HttpResponse> {
    let (store, org) = (state.store.clone(), caller.org_id);
    let query = query.into_inner();
    let window = Window::parse(query.limit.as_deref(), query.offset.as_deref())?;
    let sort = SORT.parse(query.sort.as_deref())?;
    let view = web::block(move || -> ApiResult<Page<AccountSummary>> {
        if let Some(id) = query.account_manager {
            store
                .account_manager(org, id)?
                .ok_or_else(|| not_found("account manager", id))?;
            caller.require_account_manager(&store, id)?;
        }
        let visibility = caller.visibility(&store)?;
        let ctx = CycleContext::load(&store, org, query.cycle.as_deref())?;
        let mut results: BTreeMap<i64, AccountResult> = ctx
            .account_results()
            .into_iter()
            .map(|r| (r.account, r))
            .collect();
        let summaries = store
            .accounts(org)?
            .iter()
            .filter_map(|a| {
                let ams = ctx.account_managers_of(a.id);
                let wanted = query.account_manager.is_none_or(|id| ams.contains(&id))
                    && ams.iter().any(|&am| visibility.allows(am));
                let result = results.remove(&a.id).filter(|_| wanted)?;
                // Known gap: withholding is per account, with no complementary suppression.
                // An AM's book-level figures (mean score, cohort counts, category means in
                // /account-managers and its assessment) still include a withheld account, so
                // with every other account of the book visible, its score and cohort can be
                // worked out by subtraction; alerts on it (routes/alerts.rs) also show their
                // numbers. Lifting it: compute an AM's own book figures over the accounts they
                // may see (saying how many were left out), and give alerts on a withheld account
                // to an AM without magnitude, detail or evidence.
                let withhold =
                    caller.needs_anonymity() && result.responses < ctx.anonymity_threshold;
                Some(account_summary(a, ams, result, withhold, &ctx.spec))
            })
            // After withholding: a withheld account has no cohort to match.
            .filter(|s| query.cohort.is_none() || s.cohort == query.cohort)
            .collect();
        // Sorted after withholding, so the order never reveals a withheld figure.
        Ok(sort_page(summaries, &sort, |s| s.account.id, window))
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}

fn account_summary(
    account: &gapscope_store::Account,
    account_managers: Vec<i64>,
    result: AccountResult,
    withhold: bool,
    survey: &gapscope_domain::survey::SurveySpec,
) -> AccountSummary {
    let ltr_mean = (!withhold)
        .then(|| gapscope_domain::alerts::ltr_mean(&result, survey))
        .flatten();
    let (result, withheld) = if withhold {
        (
            AccountResult {
                iwp: None,
                iws: None,
                f: None,
                score: None,
                cohort: None,
                ..result
            },
            true,
        )
    } else {
        (result, false)
    };
    AccountSummary {
        withheld,
        single_threaded: result.responses == 1,
        account: account.into(),
        account_managers,
        responses: result.responses,
        iwp: result.iwp,
        iws: result.iws,
        f: result.f,
        score: result.score,
        cohort: result.cohort,
        ltr_mean,
    }
}

/// One category of an account's assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountCategoryView {
    /// The category's stable key.
    pub key: String,
    /// The category's display name.
    pub name: String,
    /// Means, gap and weight (section 3); `category` is the category's storage id.
    #[serde(flatten)]
    pub figures: AccountCategory,
}

/// One indicator's role-weighted mean.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountIndicatorView {
    /// The indicator.
    pub indicator: IndicatorRef,
    /// Answers.
    pub n: i64,
    /// Role-weighted mean; absent without answers.
    pub mean: Option<f64>,
}

/// An account's assessment in one cycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountAssessment {
    /// The account.
    pub account: AccountRef,
    /// Cycle key.
    pub cycle: String,
    /// Account managers of record under whom it answered in the cycle.
    pub account_managers: Vec<i64>,
    /// Responses in the cycle.
    pub responses: i64,
    /// Per category, in survey order: mean importance and performance, gap and weight.
    pub categories: Vec<AccountCategoryView>,
    /// Role-weighted indicator means.
    pub indicators: Vec<AccountIndicatorView>,
    /// Importance-weighted performance.
    pub iwp: Option<f64>,
    /// Importance-weighted shortfall.
    pub iws: Option<f64>,
    /// Fulfilment, 0-1.
    pub f: Option<f64>,
    /// The retention score's parts, each normalised to 0-1.
    pub score_parts: ScoreParts,
    /// Retention score, 1-100.
    pub score: Option<u32>,
    /// Risk cohort of the score.
    pub cohort: Option<Cohort>,
    /// NPS of the account; absent when the cycle has no likelihood-to-recommend indicator.
    pub nps: Option<Nps>,
    /// Whether the figures are withheld: the caller is an account manager and the account has
    /// fewer responses than the organization's anonymity threshold.
    pub withheld: bool,
    /// Who answered this cycle: responses per contact role.
    pub roles: Vec<RoleResponses>,
    /// Only one contact answered: the evidence rests on a single relationship.
    pub single_threaded: bool,
}

/// Responses of one contact role.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoleResponses {
    /// `decision_maker`, `influencer`, `user` or `unspecified`.
    pub role: String,
    /// Responses from contacts of that role.
    pub responses: i64,
}

impl AccountAssessment {
    /// Drops every figure that could reveal a single customer's answers.
    fn withhold(&mut self) {
        self.withheld = true;
        self.categories.clear();
        self.indicators.clear();
        (
            self.iwp,
            self.iws,
            self.f,
            self.score,
            self.cohort,
            self.nps,
        ) = (None, None, None, None, None, None);
        self.score_parts = ScoreParts::default();
    }
}

/// Assesses one account in a cycle over all its responses: per-category gaps and weights,
/// IWP, IWS, fulfilment, the retention score with its parts, the cohort and NPS.
#[utoipa::path(
    tag = "accounts",
    params(("id" = i64, Path, description = "Storage id of the account"), CycleQuery),
    responses(
        (status = 200, description = "The assessment", body = AccountAssessment),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "Unknown account or cycle", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/accounts/{id}/assessment")]
pub async fn get_account_assessment(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    query: web::Query<CycleQuery>,
) -> ApiResult<HttpResponse> {
    let (store, org, id) = (state.store.clone(), caller.org_id, path.into_inner());
    let view = web::block(move || -> ApiResult<AccountAssessment> {
        let account = store
            .account(org, id)?
            .ok_or_else(|| not_found("account", id))?;
        let ctx = CycleContext::load(&store, org, query.cycle.as_deref())?;
        let visibility = caller.visibility(&store)?;
        if !ctx.account_visible(&visibility, &account) {
            return Err(forbidden("this account is outside your role"));
        }
        let result = ctx.visible_account_result(id, &visibility);
        let mut view = assessment_view(&ctx, &account, result, &visibility);
        if caller.needs_anonymity() && view.responses < ctx.anonymity_threshold {
            view.withhold();
        }
        Ok(view)
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}

fn assessment_view(
    ctx: &CycleContext,
    account: &gapscope_store::Account,
    result: AccountResult,
    visibility: &Visibility,
) -> AccountAssessment {
    let categories = result
        .categories
        .iter()
        .filter_map(|c| {
            let CategoryRef { key, name, .. } = ctx.category(c.category)?.into();
            Some(AccountCategoryView {
                key,
                name,
                figures: *c,
            })
        })
        .collect();
    let indicators = result
        .indicators
        .iter()
        .filter_map(|i| {
            let indicator = ctx.indicator(i.indicator)?.into();
            Some(AccountIndicatorView {
                indicator,
                n: i.n,
                mean: i.mean,
            })
        })
        .collect();
    AccountAssessment {
        account: account.into(),
        cycle: ctx.cycle.key.clone(),
        account_managers: ctx.account_managers_of(account.id),
        responses: result.responses,
        categories,
        indicators,
        iwp: result.iwp,
        iws: result.iws,
        f: result.f,
        score_parts: result.score_parts,
        score: result.score,
        cohort: result.cohort,
        nps: ctx.nps(&ctx.visible_cells(visibility).for_account(account.id)),
        withheld: false,
        roles: ctx
            .roles_answered(account.id)
            .into_iter()
            .map(|(role, responses)| RoleResponses { role, responses })
            .collect(),
        single_threaded: result.responses == 1,
    }
}
