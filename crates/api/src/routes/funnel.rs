//! Funnel plots: each AM's measure against their number of accounts, with control limits.

use actix_web::{HttpResponse, get, web};
use gapscope_domain::assessment::{Measure, cycle_measures};
use gapscope_domain::funnel::{Funnel, funnel};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::analytics::CycleContext;
use crate::auth::Caller;
use crate::error::ErrorBody;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Which measure to plot.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FunnelQuery {
    /// Cycle key; the latest cycle when omitted.
    pub cycle: Option<String>,
    /// `score` (default), `f`, `iwp`, or a category key for its mean performance.
    pub measure: Option<String>,
}

/// A funnel plot for one measure and cycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct FunnelView {
    /// Cycle key.
    pub cycle: String,
    /// The measure plotted.
    pub measure: String,
    /// Target, limits per AM, and the limit curve; absent when no AM has a value. An account
    /// manager sees only their own point; the limits always cover every AM.
    pub funnel: Option<Funnel>,
}

/// Each AM's value on a measure against their number of accounts, with 95% and 99.8% control
/// limits around the mean of all accounts, so supervisors see who is really outside the band.
#[utoipa::path(
    tag = "trends",
    params(FunnelQuery),
    responses(
        (status = 200, description = "The funnel", body = FunnelView),
        (status = 400, description = "Unknown measure or malformed parameter", body = ErrorBody),
        (status = 404, description = "Unknown cycle, or no cycle yet", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/funnel")]
pub async fn get_funnel(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<FunnelQuery>,
) -> ApiResult<HttpResponse> {
    let (store, org) = (state.store.clone(), caller.org_id);
    let view = web::block(move || -> ApiResult<FunnelView> {
        let ctx = CycleContext::load(&store, org, query.cycle.as_deref())?;
        let name = query.measure.clone().unwrap_or_else(|| "score".into());
        let measure = match name.as_str() {
            "score" => Measure::Score,
            "f" => Measure::F,
            "iwp" => Measure::Iwp,
            key => {
                let category = ctx
                    .categories
                    .iter()
                    .find(|c| c.key == key)
                    .ok_or_else(|| {
                        ApiError::bad_request(
                            "measure",
                            format!("{key:?} is no measure or category key"),
                        )
                    })?;
                Measure::Category {
                    category: category.id,
                }
            }
        };
        let measures = cycle_measures(&ctx.unit_results(), &ctx.spec);
        let mut plot = measures
            .iter()
            .find(|m| m.measure == measure)
            .and_then(|values| {
                let all: Vec<f64> = values.values.values().flatten().copied().collect();
                let points: Vec<(i64, f64, usize)> = values
                    .values
                    .iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(&am, v)| (am, v.iter().sum::<f64>() / v.len() as f64, v.len()))
                    .collect();
                funnel(&points, sample_sd(&all))
            });
        if let Some(plot) = plot.as_mut() {
            let visibility = caller.visibility(&store)?;
            plot.points.retain(|p| visibility.allows(p.account_manager));
        }
        Ok(FunnelView {
            cycle: ctx.cycle.key.clone(),
            measure: name,
            funnel: plot,
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}

/// Sample standard deviation (n - 1); 0 with fewer than two values.
fn sample_sd(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    if values.len() < 2 {
        return 0.0;
    }
    let mean = values.iter().sum::<f64>() / n;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
}
