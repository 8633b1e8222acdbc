//! The append-only audit log (admins only; nobody can change it through the API).

use actix_web::{HttpResponse, get, web};
use chrono::NaiveDateTime;
use gapscope_store::{AuditEntry, AuditFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::ErrorBody;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Filters and paging of the audit log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only this action, e.g. `import`, `login.failed`, `settings.update`.
    pub action: Option<String>,
    /// Only this actor (an email, `token:<name>` or `cli`).
    pub actor: Option<String>,
    /// Only entries at or after this time (UTC, `2026-12-04T10:00:00`).
    pub since: Option<NaiveDateTime>,
    /// Only entries before this time (UTC).
    pub until: Option<NaiveDateTime>,
    /// Page size, 1-500 (default 100).
    pub limit: Option<i64>,
    /// Entries to skip (default 0).
    pub offset: Option<i64>,
}

/// One audit record: who did what, when, with the before and after.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditView {
    /// Storage id.
    pub id: i64,
    /// When (UTC).
    pub at: NaiveDateTime,
    /// Who: an email, `token:<name>`, `cli` or `anonymous`.
    pub actor: String,
    /// The client's address, when the change came over HTTP.
    pub client_addr: Option<String>,
    /// What, e.g. `user.create`.
    pub action: String,
    /// The kind of thing changed.
    pub target_type: Option<String>,
    /// Which one.
    pub target_id: Option<String>,
    /// The state before, when there was one.
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// The state after, when there is one.
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}

impl From<AuditEntry> for AuditView {
    fn from(e: AuditEntry) -> Self {
        Self {
            id: e.id,
            at: e.at,
            actor: e.actor,
            client_addr: e.client_addr,
            action: e.action,
            target_type: e.target_type,
            target_id: e.target_id,
            before: e.before,
            after: e.after,
        }
    }
}

/// Lists audit records, newest first.
#[utoipa::path(
    tag = "audit",
    params(AuditQuery),
    responses(
        (status = 200, description = "Audit records, newest first", body = Vec<AuditView>),
        (status = 400, description = "Malformed parameter", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/audit")]
pub async fn list_audit(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AuditQuery>,
) -> ApiResult<HttpResponse> {
    caller.require_admin()?;
    let q = query.into_inner();
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::bad_request("limit", "must be between 1 and 500"));
    }
    let offset = q.offset.unwrap_or(0);
    if offset < 0 {
        return Err(ApiError::bad_request("offset", "must not be negative"));
    }
    let filter = AuditFilter {
        action: q.action,
        actor: q.actor,
        since: q.since,
        until: q.until,
        limit,
        offset,
    };
    let (store, org) = (state.store.clone(), caller.org_id);
    let entries = web::block(move || store.audit_log(org, &filter)).await??;
    Ok(HttpResponse::Ok().json(entries.into_iter().map(AuditView::from).collect::<Vec<_>>()))
}
