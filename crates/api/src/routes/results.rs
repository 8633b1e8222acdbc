//! Category results and importance-performance analysis for any scope (METHOD.md section 5).

use actix_web::{HttpResponse, get, web};
use gapscope_domain::ipa::{
    CategoryResult, CrossHair, DerivedImportance, category_results, derived_importance,
};
use gapscope_domain::nps::Nps;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::analytics::CycleContext;
use crate::auth::Caller;
use crate::auth::caller::{Visibility, forbidden};
use crate::error::ErrorBody;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::views::CategoryRef;

/// Which responses a category-results request covers.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ResultsQuery {
    /// Cycle key; the latest cycle when omitted.
    pub cycle: Option<String>,
    /// Only this account manager's book (responses given while they held the account).
    pub account_manager: Option<i64>,
    /// Only this account.
    pub account: Option<i64>,
}

/// The scope a result covers.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultScope {
    /// Storage id of the account manager, when the scope is one book.
    pub account_manager: Option<i64>,
    /// Storage id of the account, when the scope is one account.
    pub account: Option<i64>,
}

/// One category's results in a scope.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryResultView {
    /// The category's stable key.
    pub key: String,
    /// The category's display name.
    pub name: String,
    /// Section 5 figures; `category` is the category's storage id.
    #[serde(flatten)]
    pub result: CategoryResult,
    /// Derived importance: Pearson correlation of this category's performance with the
    /// cycle's outcome indicator within the scope (`null` under 10 pairs).
    pub derived_importance: Option<DerivedImportance>,
}

/// Section 5 for one scope and cycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryResultsView {
    /// Cycle key.
    pub cycle: String,
    /// The scope covered.
    pub scope: ResultScope,
    /// Respondents in the scope.
    pub respondents: i64,
    /// Where the IPA cross-hairs sit; absent when no category has data.
    pub cross_hair: Option<CrossHair>,
    /// NPS of the scope; absent when the cycle has no likelihood-to-recommend indicator.
    pub nps: Option<Nps>,
    /// One entry per category, in survey order.
    pub categories: Vec<CategoryResultView>,
    /// Whether the figures are withheld: the scope is one account or AM with fewer responses
    /// than the organization's anonymity threshold, and the caller is an account manager.
    pub withheld: bool,
}

impl CategoryResultsView {
    /// Drops every figure that could reveal a single customer's answers.
    fn withhold(&mut self) {
        self.withheld = true;
        self.cross_hair = None;
        self.nps = None;
        self.categories.clear();
    }
}

/// Category results (n, means, top/bottom-box shares, gap, priority, IPA quadrant) for the
/// organization, one account manager's book, or one account.
#[utoipa::path(
    tag = "results",
    params(ResultsQuery),
    responses(
        (status = 200, description = "Category results of the scope", body = CategoryResultsView),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "Unknown cycle, account manager or account", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/category-results")]
pub async fn get_category_results(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ResultsQuery>,
) -> ApiResult<HttpResponse> {
    let (store, org) = (state.store.clone(), caller.org_id);
    let query = query.into_inner();
    let view = web::block(move || -> ApiResult<CategoryResultsView> {
        if let Some(id) = query.account_manager {
            store
                .account_manager(org, id)?
                .ok_or_else(|| not_found("account manager", id))?;
            caller.require_account_manager(&store, id)?;
        }
        let account = match query.account {
            Some(id) => Some(
                store
                    .account(org, id)?
                    .ok_or_else(|| not_found("account", id))?,
            ),
            None => None,
        };
        let ctx = CycleContext::load(&store, org, query.cycle.as_deref())?;
        let visibility = caller.visibility(&store)?;
        if account
            .as_ref()
            .is_some_and(|a| !ctx.account_visible(&visibility, a))
        {
            return Err(forbidden("this account is outside your role"));
        }
        let mut view = scope_results(&ctx, &visibility, query.account_manager, query.account);
        let small = view.respondents < ctx.anonymity_threshold;
        let single = query.account_manager.is_some() || query.account.is_some();
        if caller.needs_anonymity() && single && small {
            view.withhold();
        }
        Ok(view)
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}

/// Section 5 over the scope. The organization scope is an anonymous aggregate anyone may see;
/// an account's scope covers only the answers given under AMs the caller may see.
fn scope_results(
    ctx: &CycleContext,
    visibility: &Visibility,
    am: Option<i64>,
    account: Option<i64>,
) -> CategoryResultsView {
    let base = if account.is_some() {
        ctx.visible_cells(visibility)
    } else {
        ctx.all()
    };
    let cells = base.filter(|u| {
        am.is_none_or(|id| u.account_manager == id) && account.is_none_or(|id| u.account == id)
    });
    let results = category_results(
        &cells,
        &ctx.spec,
        ctx.derived_weights(),
        ctx.settings.cross_hair,
    );
    let derived = derived_importance(&cells, &ctx.spec);
    let categories = results
        .categories
        .into_iter()
        .filter_map(|result| {
            let CategoryRef { key, name, .. } = ctx.category(result.category)?.into();
            let derived_importance = derived
                .iter()
                .find(|d| d.category == result.category)
                .copied();
            Some(CategoryResultView {
                key,
                name,
                result,
                derived_importance,
            })
        })
        .collect();
    CategoryResultsView {
        cycle: ctx.cycle.key.clone(),
        scope: ResultScope {
            account_manager: am,
            account,
        },
        respondents: results.respondents,
        cross_hair: results.cross_hair,
        nps: ctx.nps(&cells),
        categories,
        withheld: false,
    }
}

/// A 404 naming the missing resource.
pub fn not_found(what: &str, id: i64) -> ApiError {
    ApiError::NotFound(format!("{what} {id} not found"))
}
