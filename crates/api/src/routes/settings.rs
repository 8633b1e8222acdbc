//! The organization's settings: the method's weights and thresholds, and anonymity.

use actix_web::{HttpResponse, get, put, web};

use crate::analytics::{OrgSettings, org_settings};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The organization's settings, defaults filled in.
#[utoipa::path(
    tag = "settings",
    responses(
        (status = 200, description = "The settings", body = OrgSettings),
        (status = 500, description = "Unexpected error", body = crate::error::ErrorBody),
    )
)]
#[get("/settings")]
pub async fn get_settings(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    let (store, org) = (state.store.clone(), caller.org_id);
    let settings = web::block(move || org_settings(&store, org)).await??;
    Ok(HttpResponse::Ok().json(settings))
}

/// Replaces the organization's settings (admins only); every rule is checked first and the
/// change is audited with its before and after.
#[utoipa::path(
    tag = "settings",
    request_body = OrgSettings,
    responses(
        (status = 200, description = "The stored settings", body = OrgSettings),
        (status = 400, description = "Malformed body", body = crate::error::ErrorBody),
        (status = 422, description = "A setting breaks a rule", body = crate::error::ErrorBody),
        (status = 500, description = "Unexpected error", body = crate::error::ErrorBody),
    )
)]
#[put("/settings")]
pub async fn put_settings(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<OrgSettings>,
) -> ApiResult<HttpResponse> {
    caller.require_admin()?;
    let settings = body.into_inner();
    settings.validate()?;
    let json = serde_json::to_string(&settings).map_err(|e| ApiError::Internal(e.to_string()))?;
    let (store, org, actor) = (state.store.clone(), caller.org_id, caller.actor());
    web::block(move || store.set_organization_settings(org, &json, &actor)).await??;
    Ok(HttpResponse::Ok().json(settings))
}
