//! Cycles and categories: what an organization has measured.

use actix_web::{HttpResponse, get, web};
use gapscope_store::{Cycle, Store};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::error::ErrorBody;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::views::{ImportanceFormView, ScaleView};

/// One assessment cycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct CycleView {
    /// Storage id.
    pub id: i64,
    /// The cycle key, e.g. `2026-Q3`; keys sort chronologically.
    pub key: String,
    /// The performance scale of every category in this cycle.
    pub performance_scale: ScaleView,
    /// How importance was asked.
    pub importance_form: ImportanceFormView,
    /// Number of responses.
    pub responses: i64,
    /// When the cycle was closed (UTC); open cycles have none.
    pub closed_at: Option<chrono::NaiveDateTime>,
}

impl From<&Cycle> for CycleView {
    fn from(c: &Cycle) -> Self {
        Self {
            id: c.id,
            key: c.key.clone(),
            performance_scale: c.performance_scale.into(),
            importance_form: c.importance_form.into(),
            responses: c.responses,
            closed_at: c.closed_at,
        }
    }
}

/// A service category.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryView {
    /// Storage id.
    pub id: i64,
    /// Stable key from the import mapping.
    pub key: String,
    /// Display name.
    pub name: String,
}

/// Lists the organization's cycles, oldest first.
#[utoipa::path(
    tag = "catalog",
    responses(
        (status = 200, description = "Cycles, oldest first", body = Vec<CycleView>),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/cycles")]
pub async fn list_cycles(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    let (store, org) = (state.store.clone(), caller.org_id);
    let cycles = web::block(move || store.cycles(org)).await??;
    let views: Vec<CycleView> = cycles.iter().map(CycleView::from).collect();
    Ok(HttpResponse::Ok().json(views))
}

/// Lists the organization's service categories in survey order.
#[utoipa::path(
    tag = "catalog",
    responses(
        (status = 200, description = "Categories in survey order", body = Vec<CategoryView>),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/categories")]
pub async fn list_categories(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<HttpResponse> {
    let (store, org) = (state.store.clone(), caller.org_id);
    let categories = web::block(move || store.categories(org)).await??;
    let views: Vec<CategoryView> = categories
        .into_iter()
        .map(|c| CategoryView {
            id: c.id,
            key: c.key,
            name: c.name,
        })
        .collect();
    Ok(HttpResponse::Ok().json(views))
}

/// The cycle a request names, or the latest one; 404 when there is none.
pub fn resolve_cycle(store: &Store, org_id: i64, key: Option<&str>) -> ApiResult<Cycle> {
    if key.is_some_and(|k| k.contains('\0')) {
        return Err(ApiError::bad_request("cycle", "contains a NUL character"));
    }
    let found = match key {
        Some(key) => store.cycle_by_key(org_id, key)?,
        None => store.latest_cycle(org_id)?,
    };
    found.ok_or_else(|| match key {
        Some(key) => ApiError::NotFound(format!("cycle {key:?} not found")),
        None => ApiError::NotFound("no cycle yet: import a survey first".into()),
    })
}
