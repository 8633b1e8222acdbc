//! The organization's settings: the method's weights and thresholds, and anonymity.

use actix_web::{HttpResponse, get, patch, put, web};

use crate::analytics::{OrgSettings, org_settings};
use crate::auth::Caller;
use crate::error::ErrorBody;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Applies a JSON merge patch (RFC 7386): objects merge key by key, `null` removes a key (so
/// it takes its default), anything else replaces.
fn merge(target: &mut serde_json::Value, patch: &serde_json::Value) {
    match (target.as_object_mut(), patch.as_object()) {
        (Some(target), Some(patch)) => {
            for (key, value) in patch {
                if value.is_null() {
                    target.remove(key);
                } else {
                    merge(
                        target.entry(key.clone()).or_insert(serde_json::Value::Null),
                        value,
                    );
                }
            }
        }
        _ => *target = patch.clone(),
    }
}

/// The first key of `given` (as a dotted path) that `known` lacks: settings are a closed
/// schema, so a typo is an error rather than silently ignored.
fn unknown_key(given: &serde_json::Value, known: &serde_json::Value, path: &str) -> Option<String> {
    let (given, known) = (given.as_object()?, known.as_object()?);
    given.iter().find_map(|(key, value)| {
        let here = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        match known.get(key) {
            None => Some(here),
            Some(inner) => unknown_key(value, inner, &here),
        }
    })
}

/// The organization's settings, defaults filled in.
#[utoipa::path(
    tag = "settings",
    responses(
        (status = 200, description = "The settings", body = OrgSettings),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/settings")]
pub async fn get_settings(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    let (store, org) = (state.store.clone(), caller.org_id);
    let settings = web::block(move || org_settings(&store, org)).await??;
    Ok(HttpResponse::Ok().json(settings))
}

/// Replaces the organization's settings (admins only): a full replacement, so keys left out
/// return to their defaults. Unknown keys and broken rules are refused naming the field; the
/// change is audited with its before and after.
#[utoipa::path(
    tag = "settings",
    request_body(content = OrgSettings, description = "The new settings; omitted keys take their defaults"),
    responses(
        (status = 200, description = "The stored settings", body = OrgSettings),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 422, description = "A setting breaks a rule", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[put("/settings")]
pub async fn put_settings(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    caller.require_admin()?;
    store_settings(&state, &caller, body.into_inner()).await
}

/// Changes some settings (admins only): a JSON merge patch over the stored settings, so keys
/// left out keep their values and `null` returns a key to its default. Checked and audited like
/// a replacement.
#[utoipa::path(
    tag = "settings",
    request_body(content = Object, description = "A JSON merge patch of the settings, e.g. {\"alerts\": {\"score_drop_medium\": 5}}"),
    responses(
        (status = 200, description = "The stored settings", body = OrgSettings),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 422, description = "A setting breaks a rule", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[patch("/settings")]
pub async fn patch_settings(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    caller.require_admin()?;
    let (store, org) = (state.store.clone(), caller.org_id);
    let current = web::block(move || org_settings(&store, org)).await??;
    let mut merged =
        serde_json::to_value(&current).map_err(|e| ApiError::Internal(e.to_string()))?;
    merge(&mut merged, &body.into_inner());
    store_settings(&state, &caller, merged).await
}

async fn store_settings(
    state: &AppState,
    caller: &Caller,
    body: serde_json::Value,
) -> ApiResult<HttpResponse> {
    let settings: OrgSettings = serde_json::from_value(body.clone())
        .map_err(|e| ApiError::unprocessable("body", e.to_string()))?;
    let stored = serde_json::to_value(&settings).map_err(|e| ApiError::Internal(e.to_string()))?;
    if let Some(path) = unknown_key(&body, &stored, "") {
        return Err(ApiError::unprocessable(path, "is no setting"));
    }
    settings.validate()?;
    let json = serde_json::to_string(&settings).map_err(|e| ApiError::Internal(e.to_string()))?;
    let (store, org, actor) = (state.store.clone(), caller.org_id, caller.actor());
    web::block(move || store.set_organization_settings(org, &json, &actor)).await??;
    Ok(HttpResponse::Ok().json(settings))
}
