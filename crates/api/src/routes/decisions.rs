//! Decision support on top of the assessment (METHOD.md sections 9 and 10): where to train the
//! team and each AM, and an explainable compensation index with its CSV export.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, web};
use gapscope_domain::account::AccountResult;
use gapscope_domain::compensation::{CompInput, CompRow, bonus_split, compensation};
use gapscope_domain::pairing::value_weights;
use gapscope_domain::training::{
    AmFocus, Change, TeamFocus, individual_focus, remeasure, team_focus,
};
use gapscope_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::analytics::CycleContext;
use crate::auth::Caller;
use crate::error::ErrorBody;
use crate::error::{ApiError, ApiResult};
use crate::routes::results::not_found;
use crate::state::AppState;
use crate::views::CycleQuery;

/// Pairs each result with its account's value weight `v_a` (METHOD 8: value / mean value over
/// the accounts considered, 1 for unknown values).
fn weighted(
    results: Vec<AccountResult>,
    values: &BTreeMap<i64, Option<f64>>,
) -> Vec<(AccountResult, f64)> {
    let raw: Vec<Option<f64>> = results
        .iter()
        .map(|r| values.get(&r.account).copied().flatten())
        .collect();
    results.into_iter().zip(value_weights(&raw)).collect()
}

fn account_values(store: &Store, org: i64) -> ApiResult<BTreeMap<i64, Option<f64>>> {
    Ok(store
        .accounts(org)?
        .into_iter()
        .map(|a| (a.id, a.annual_value))
        .collect())
}

/// The team's training focus in a cycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamFocusView {
    /// Cycle key.
    pub cycle: String,
    /// Categories ranked by value-weighted shortfall, largest first, each with the accounts
    /// driving it (category ids; names in `/categories`).
    pub categories: Vec<TeamFocus>,
}

/// Team training focus: categories ranked by `sum v_a * w_ac * max(0, gap_ac)` over the
/// accounts the caller may see (where the organization falls short on what matters), with the
/// accounts driving each.
#[utoipa::path(
    tag = "decisions",
    params(CycleQuery),
    responses(
        (status = 200, description = "Team focus", body = TeamFocusView),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "Unknown cycle, or no cycle yet", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/training/team")]
pub async fn get_team_focus(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CycleQuery>,
) -> ApiResult<HttpResponse> {
    let (store, org) = (state.store.clone(), caller.org_id);
    let view = web::block(move || -> ApiResult<TeamFocusView> {
        let ctx = CycleContext::load(&store, org, query.cycle.as_deref())?;
        let visibility = caller.visibility(&store)?;
        let mut results = ctx.visible_account_results(&visibility);
        if caller.needs_anonymity() {
            results.retain(|r| r.responses >= ctx.anonymity_threshold);
        }
        let weighted = weighted(results, &account_values(&store, org)?);
        Ok(TeamFocusView {
            cycle: ctx.cycle.key.clone(),
            categories: team_focus(&weighted),
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}

/// An AM's training focus in a cycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct AmFocusView {
    /// Cycle key.
    pub cycle: String,
    /// Categories where the AM stands below peers, ranked by exposure times shortfall, each with
    /// peers standing above as possible mentors (hidden from account managers, who see peers
    /// only as the average).
    pub focus: AmFocus,
    /// The next cycle, when there is one: the focus is judged by what followed.
    pub next_cycle: Option<String>,
    /// Per focus category (same order), the change of the AM's account means from this cycle
    /// to the next, with its Welch 95% interval; absent without a next cycle or with too few
    /// accounts on either side.
    pub remeasured: Vec<Remeasured>,
}

/// A focus category re-measured in the next cycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct Remeasured {
    /// Storage id of the category.
    pub category: i64,
    /// Mean of the AM's account means next cycle minus this cycle; absent when either side has
    /// no value.
    pub difference: Option<f64>,
    /// Welch's 95% interval and p-value of the change; absent with fewer than two accounts on a
    /// side or when neither side varies (then the difference is exact for these accounts).
    pub change: Option<Change>,
}

/// The AM's account-unit means on `category` in `ctx`.
fn unit_values(ctx: &CycleContext, am: i64, category: i64) -> Vec<f64> {
    ctx.unit_results()
        .iter()
        .filter(|u| u.account_manager == am)
        .filter_map(|u| {
            u.categories
                .iter()
                .find(|c| c.category == category)?
                .mean_performance
        })
        .collect()
}

/// An AM's individual training focus: categories where they stand below their peers, ranked,
/// each with mentors, and re-measured in the next cycle so training is judged by results.
#[utoipa::path(
    tag = "decisions",
    params(("id" = i64, Path, description = "Storage id of the account manager"), CycleQuery),
    responses(
        (status = 200, description = "The AM's focus", body = AmFocusView),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "Unknown account manager or cycle", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/training/account-managers/{id}")]
pub async fn get_am_focus(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    query: web::Query<CycleQuery>,
) -> ApiResult<HttpResponse> {
    let (store, org, id) = (state.store.clone(), caller.org_id, path.into_inner());
    let view = web::block(move || -> ApiResult<AmFocusView> {
        store
            .account_manager(org, id)?
            .ok_or_else(|| not_found("account manager", id))?;
        caller.require_account_manager(&store, id)?;
        let ctx = CycleContext::load(&store, org, query.cycle.as_deref())?;
        let units: Vec<AccountResult> = ctx
            .unit_results()
            .into_iter()
            .filter(|u| u.account_manager == id)
            .collect();
        let book = BTreeMap::from([(id, weighted(units, &account_values(&store, org)?))]);
        let assessment = ctx.assessment();
        let mut focus = individual_focus(&assessment.results, &book)
            .into_iter()
            .find(|f| f.account_manager == id)
            .unwrap_or(AmFocus {
                account_manager: id,
                categories: Vec::new(),
            });
        if caller.needs_anonymity() {
            focus.categories.iter_mut().for_each(|c| c.mentors.clear());
        }
        let next = store
            .cycles(org)?
            .into_iter()
            .find(|c| c.key > ctx.cycle.key);
        let next = next
            .map(|c| CycleContext::load(&store, org, Some(&c.key)))
            .transpose()?;
        let remeasured = focus
            .categories
            .iter()
            .map(|item| {
                let before = unit_values(&ctx, id, item.category);
                let after = next
                    .as_ref()
                    .map(|n| unit_values(n, id, item.category))
                    .unwrap_or_default();
                let mean =
                    |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
                Remeasured {
                    category: item.category,
                    difference: mean(&after).zip(mean(&before)).map(|(a, b)| a - b),
                    change: remeasure(&before, &after),
                }
            })
            .collect();
        Ok(AmFocusView {
            cycle: ctx.cycle.key.clone(),
            focus,
            next_cycle: next.map(|n| n.cycle.key.clone()),
            remeasured,
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}

/// Which compensation table.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CompensationQuery {
    /// Cycle key; the latest cycle when omitted.
    pub cycle: Option<String>,
    /// A bonus pool to split in proportion to `index - floor` among AMs above the floor.
    pub pool: Option<f64>,
}

/// One AM's compensation row.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompensationRow {
    /// The index, its parts (each with its weight, percentile and reliability), rank, and
    /// whether the book is too small to rank.
    #[serde(flatten)]
    pub row: CompRow,
    /// The AM's name.
    pub name: String,
    /// Their share of the pool, when a pool was given.
    pub bonus: Option<f64>,
}

/// The compensation table of a cycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompensationView {
    /// Cycle key.
    pub cycle: String,
    /// The floor of the bonus split (an org setting).
    pub floor: f64,
    /// One row per AM the caller may see (an account manager: only their own).
    pub rows: Vec<CompensationRow>,
}

fn compensation_view(
    store: &Store,
    caller: &Caller,
    q: &CompensationQuery,
) -> ApiResult<CompensationView> {
    let org = caller.org_id;
    if q.pool.is_some_and(|p| !p.is_finite() || p < 0.0) {
        return Err(ApiError::bad_request("pool", "must be a number >= 0"));
    }
    let ctx = CycleContext::load(store, org, q.cycle.as_deref())?;
    let previous = previous_cycle(store, org, &ctx.cycle.key)?;
    let outcomes = latest_outcomes(store, org)?;
    let units = ctx.unit_results();
    let before = previous
        .as_ref()
        .map(|p| p.unit_results())
        .unwrap_or_default();
    let ams = store.account_managers(org)?;
    let inputs: Vec<CompInput> = ams
        .iter()
        .map(|am| comp_input(am.id, &units, &before, &outcomes))
        .collect();
    let settings = &ctx.settings.decision.compensation;
    let rows = compensation(&inputs, settings);
    let bonus: BTreeMap<i64, f64> = q
        .pool
        .map(|pool| bonus_split(&rows, pool, settings.floor))
        .unwrap_or_default()
        .into_iter()
        .collect();
    let visibility = caller.visibility(store)?;
    let names: BTreeMap<i64, String> = ams.into_iter().map(|a| (a.id, a.name)).collect();
    Ok(CompensationView {
        cycle: ctx.cycle.key.clone(),
        floor: settings.floor,
        rows: rows
            .into_iter()
            .filter(|r| visibility.allows(r.account_manager))
            .map(|row| CompensationRow {
                name: names.get(&row.account_manager).cloned().unwrap_or_default(),
                bonus: q
                    .pool
                    .map(|_| bonus.get(&row.account_manager).copied().unwrap_or(0.0)),
                row,
            })
            .collect(),
    })
}

fn previous_cycle(store: &Store, org: i64, key: &str) -> ApiResult<Option<CycleContext>> {
    // Cycles come oldest first: the latest earlier one is the first found from the end.
    let earlier = store
        .cycles(org)?
        .into_iter()
        .rev()
        .find(|c| c.key.as_str() < key);
    earlier
        .map(|c| CycleContext::load(store, org, Some(&c.key)))
        .transpose()
}

/// Each account's latest outcome: renewed or not.
//
// Cycles carry no dates, so "outcomes recorded for the book in the cycle" is read as each
// account's latest outcome; cycle dates would let the table take the cycle's outcomes only.
fn latest_outcomes(store: &Store, org: i64) -> ApiResult<BTreeMap<i64, bool>> {
    let mut latest: BTreeMap<i64, (chrono::NaiveDate, bool)> = BTreeMap::new();
    for o in store.outcomes(org)? {
        let entry = latest
            .entry(o.account_id)
            .or_insert((o.decided_on, o.renewed));
        if o.decided_on >= entry.0 {
            *entry = (o.decided_on, o.renewed);
        }
    }
    Ok(latest
        .into_iter()
        .map(|(a, (_, renewed))| (a, renewed))
        .collect())
}

fn comp_input(
    am: i64,
    units: &[AccountResult],
    before: &[AccountResult],
    outcomes: &BTreeMap<i64, bool>,
) -> CompInput {
    let mean = |v: Vec<f64>| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    let book: Vec<&AccountResult> = units.iter().filter(|u| u.account_manager == am).collect();
    let earlier: Vec<&AccountResult> = before.iter().filter(|u| u.account_manager == am).collect();
    let results: Vec<bool> = book
        .iter()
        .filter_map(|u| outcomes.get(&u.account).copied())
        .collect();
    CompInput {
        account_manager: am,
        book_size: book.len(),
        mean_score: mean(book.iter().filter_map(|u| u.score.map(f64::from)).collect()),
        iws_now: mean(book.iter().filter_map(|u| u.iws).collect()),
        iws_before: mean(earlier.iter().filter_map(|u| u.iws).collect()),
        renewed: results.iter().filter(|&&r| r).count(),
        churned: results.iter().filter(|&&r| !r).count(),
    }
}

/// The compensation index per AM: each part with its weight, percentile and reliability (the
/// accounts behind it), AMs with too few accounts marked rather than ranked, and the split of
/// an optional bonus pool.
#[utoipa::path(
    tag = "decisions",
    params(CompensationQuery),
    responses(
        (status = 200, description = "The compensation table", body = CompensationView),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "Unknown cycle, or no cycle yet", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/compensation")]
pub async fn get_compensation(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CompensationQuery>,
) -> ApiResult<HttpResponse> {
    let store = state.store.clone();
    let view = web::block(move || compensation_view(&store, &caller, &query)).await??;
    Ok(HttpResponse::Ok().json(view))
}

/// The compensation table as CSV for spreadsheets: numbers stay numbers, and text cells that
/// begin with `=`, `+`, `-` or `@` are prefixed with `'` so they are never executed.
#[utoipa::path(
    tag = "decisions",
    params(CompensationQuery),
    responses(
        (status = 200, description = "The table as CSV", body = String, content_type = "text/csv"),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 404, description = "Unknown cycle, or no cycle yet", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/compensation/export")]
pub async fn export_compensation(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CompensationQuery>,
) -> ApiResult<HttpResponse> {
    let store = state.store.clone();
    let view = web::block(move || compensation_view(&store, &caller, &query)).await??;
    let csv = to_csv(&view);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!(
                "attachment; filename=\"compensation-{}.csv\"",
                safe(&view.cycle)
            ),
        ))
        .body(csv))
}

fn number(v: Option<f64>) -> String {
    v.map(|v| format!("{v}")).unwrap_or_default()
}

/// A text cell neutralised for spreadsheets and quoted for CSV.
fn text(cell: &str) -> String {
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    };
    format!("\"{}\"", cell.replace('"', "\"\""))
}

fn safe(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

fn to_csv(view: &CompensationView) -> String {
    let mut out = String::from(
        "account_manager,name,index,rank,insufficient_evidence,score_value,score_percentile,score_weight,score_reliability,iws_improvement_value,iws_improvement_percentile,iws_improvement_weight,iws_improvement_reliability,renewal_value,renewal_percentile,renewal_weight,renewal_reliability,bonus\n",
    );
    for r in &view.rows {
        let mut cells = vec![
            r.row.account_manager.to_string(),
            text(&r.name),
            number(r.row.index),
            r.row.rank.map(|x| x.to_string()).unwrap_or_default(),
            r.row.insufficient_evidence.to_string(),
        ];
        for part in &r.row.parts {
            cells.extend([
                number(part.value),
                number(part.percentile),
                format!("{}", part.weight),
                part.reliability.to_string(),
            ]);
        }
        cells.push(number(r.bonus));
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn formula_cells_are_neutralised_and_quotes_escaped() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(text("+1"), "\"'+1\"");
        assert_eq!(text("-2"), "\"'-2\"");
        assert_eq!(text("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(text("District 7"), "\"District 7\"");
    }
}
