//! Cycles and categories: what an organization has measured.

use actix_web::{HttpResponse, get, web};
use gapscope_store::{Category, Cycle, Store};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::ErrorBody;
use crate::error::{ApiError, ApiResult};
use crate::paging::{Field, Page, Sorting, Window, sort_page};
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
    /// Place in survey order (0-based, in order of first import).
    pub position: i32,
}

/// Paging and sorting of the cycle list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CyclesQuery {
    /// Page size, 1-1000 (default 100).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
    /// Items to skip before the page (default 0).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub offset: Option<String>,
    /// Sort keys, comma-separated, `-` in front for descending (e.g. `-key`). Fields: `key`,
    /// `responses`, `closed_at`, `id`. Default: `key` (oldest first: keys sort
    /// chronologically). Ties are broken by `id`, ascending; a missing `closed_at` sorts last.
    pub sort: Option<String>,
}

/// The cycle list's sort fields (sorted in memory, see [`crate::paging::sort_page`]).
pub const CYCLE_SORT: Sorting<Field<Cycle>> = Sorting {
    fields: &[
        ("key", |c| c.key.as_str().into()),
        ("responses", |c| c.responses.into()),
        ("closed_at", |c| c.closed_at.into()),
        ("id", |c| c.id.into()),
    ],
    default: "key",
};

/// Lists the organization's cycles, oldest first by default, one page at a time.
#[utoipa::path(
    tag = "catalog",
    params(CyclesQuery),
    responses(
        (status = 200, description = "One page of cycles", body = Page<CycleView>),
        (status = 400, description = "Malformed or unknown parameter", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/cycles")]
pub async fn list_cycles(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CyclesQuery>,
) -> ApiResult<HttpResponse> {
    let window = Window::parse(query.limit.as_deref(), query.offset.as_deref())?;
    let sort = CYCLE_SORT.parse(query.sort.as_deref())?;
    let (store, org) = (state.store.clone(), caller.org_id);
    let cycles = web::block(move || store.cycles(org)).await??;
    let page = sort_page(cycles, &sort, |c| c.id, window);
    Ok(HttpResponse::Ok().json(page.map(|c| CycleView::from(&c))))
}

/// Paging and sorting of the category list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CategoriesQuery {
    /// Page size, 1-1000 (default 100).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
    /// Items to skip before the page (default 0).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub offset: Option<String>,
    /// Sort keys, comma-separated, `-` in front for descending (e.g. `name`). Fields:
    /// `position`, `key`, `name`, `id`. Default: `position` (survey order). Ties are broken by
    /// `id`, ascending.
    pub sort: Option<String>,
}

/// The category list's sort fields (sorted in memory, see [`crate::paging::sort_page`]).
pub const CATEGORY_SORT: Sorting<Field<Category>> = Sorting {
    fields: &[
        ("position", |c| c.position.into()),
        ("key", |c| c.key.as_str().into()),
        ("name", |c| c.name.as_str().into()),
        ("id", |c| c.id.into()),
    ],
    default: "position",
};

/// Lists the organization's service categories, in survey order by default, one page at a
/// time.
#[utoipa::path(
    tag = "catalog",
    params(CategoriesQuery),
    responses(
        (status = 200, description = "One page of categories", body = Page<CategoryView>),
        (status = 400, description = "Malformed or unknown parameter", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/categories")]
pub async fn list_categories(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CategoriesQuery>,
) -> ApiResult<HttpResponse> {
    let window = Window::parse(query.limit.as_deref(), query.offset.as_deref())?;
    let sort = CATEGORY_SORT.parse(query.sort.as_deref())?;
    let (store, org) = (state.store.clone(), caller.org_id);
    let categories = web::block(move || store.categories(org)).await??;
    let page = sort_page(categories, &sort, |c| c.id, window);
    Ok(HttpResponse::Ok().json(page.map(|c| CategoryView {
        id: c.id,
        key: c.key,
        name: c.name,
        position: c.position,
    })))
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
