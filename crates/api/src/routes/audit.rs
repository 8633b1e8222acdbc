//! The append-only audit log (admins only; nobody can change it through the API).

use actix_web::{HttpResponse, get, web};
use chrono::NaiveDateTime;
use gapscope_store::{AuditEntry, AuditFilter, AuditSortField};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::error::ErrorBody;
use crate::paging::{Page, Sorting, Window};
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
    /// Page size, 1-1000 (default 100).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
    /// Items to skip before the page (default 0).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub offset: Option<String>,
    /// Sort keys, comma-separated, `-` in front for descending (e.g. `action,-at`). Fields:
    /// `at`, `action`, `actor`, `id`. Default: `-at,-id` (newest first). Ties are broken by
    /// `id`, ascending.
    pub sort: Option<String>,
}

/// The audit log's sort fields (sorted by the database).
pub const SORT: Sorting<AuditSortField> = Sorting {
    fields: &[
        ("at", AuditSortField::At),
        ("action", AuditSortField::Action),
        ("actor", AuditSortField::Actor),
        ("id", AuditSortField::Id),
    ],
    default: "-at,-id",
};

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

/// Lists audit records, filtered by action, actor and time, sorted (newest first by default)
/// and paged by the database.
#[utoipa::path(
    tag = "audit",
    params(AuditQuery),
    responses(
        (status = 200, description = "One page of audit records", body = Page<AuditView>),
        (status = 400, description = "Malformed or unknown parameter", body = ErrorBody),
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
    let window = Window::parse(q.limit.as_deref(), q.offset.as_deref())?;
    let filter = AuditFilter {
        sort: SORT.parse(q.sort.as_deref())?,
        action: q.action,
        actor: q.actor,
        since: q.since,
        until: q.until,
        limit: window.limit,
        offset: window.offset,
    };
    let (store, org) = (state.store.clone(), caller.org_id);
    let found = web::block(move || store.audit_page(org, &filter)).await??;
    let items = found.items.into_iter().map(AuditView::from).collect();
    Ok(HttpResponse::Ok().json(window.page(found.total, items)))
}
