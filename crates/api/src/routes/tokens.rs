//! Integration tokens for third-party systems (admins only).

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::NaiveDateTime;
use gapscope_store::{ApiToken, NewApiToken, TokenScope};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::caller::TOKEN_PREFIX;
use crate::auth::{Caller, secrets};
use crate::error::ErrorBody;
use crate::error::{ApiError, ApiResult};
use crate::paging::{Field, Page, Sorting, Window, sort_page};
use crate::state::AppState;

/// What an integration token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScopeView {
    /// Read the whole organization, like an analyst.
    Read,
    /// Read, and import survey files.
    Import,
    /// Everything an admin may do.
    Admin,
}

impl From<TokenScope> for ScopeView {
    fn from(scope: TokenScope) -> Self {
        match scope {
            TokenScope::Read => Self::Read,
            TokenScope::Import => Self::Import,
            TokenScope::Admin => Self::Admin,
        }
    }
}

impl From<ScopeView> for TokenScope {
    fn from(scope: ScopeView) -> Self {
        match scope {
            ScopeView::Read => Self::Read,
            ScopeView::Import => Self::Import,
            ScopeView::Admin => Self::Admin,
        }
    }
}

/// An integration token, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    /// Storage id.
    pub id: i64,
    /// A name saying what uses it.
    pub name: String,
    /// What it may do.
    pub scope: ScopeView,
    /// The admin who created it, while that user exists. Tokens belong to the organization, not
    /// to their creator: deleting the user leaves them working until revoked.
    pub created_by_user_id: Option<i64>,
    /// When it was created (UTC).
    pub created_at: NaiveDateTime,
    /// When it stops working (UTC); never when absent.
    pub expires_at: Option<NaiveDateTime>,
    /// When it was last used (UTC).
    pub last_used_at: Option<NaiveDateTime>,
    /// When it was revoked (UTC).
    pub revoked_at: Option<NaiveDateTime>,
}

impl From<&ApiToken> for TokenView {
    fn from(t: &ApiToken) -> Self {
        Self {
            id: t.id,
            name: t.name.clone(),
            scope: t.scope.into(),
            created_by_user_id: t.created_by_user_id,
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// A new integration token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    /// A name saying what uses it.
    pub name: String,
    /// What it may do.
    pub scope: ScopeView,
    /// When it stops working (UTC); never when absent.
    // Known gap: times across the API are naive UTC (`NaiveDateTime`), so an RFC 3339 value
    // with `Z` or an offset is refused, although the spec says `date-time`. Taking
    // `DateTime<Utc>` at the edges (and writing it with `Z`) would lift it; the store keeps UTC.
    pub expires_at: Option<NaiveDateTime>,
}

/// A created token with its secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    /// The token.
    pub token: TokenView,
    /// Send as `Authorization: Bearer <secret>`; only a digest of it is stored.
    pub secret: String,
}

/// Filters, paging and sorting of the token list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TokensQuery {
    /// Only tokens of this scope.
    pub scope: Option<ScopeView>,
    /// Page size, 1-1000 (default 100).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
    /// Items to skip before the page (default 0).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub offset: Option<String>,
    /// Sort keys, comma-separated, `-` in front for descending (e.g. `-last_used_at`).
    /// Fields: `id`, `name`, `created_at`, `expires_at`, `last_used_at`. Default: `id`. Ties
    /// are broken by `id`, ascending; missing times sort last.
    pub sort: Option<String>,
}

/// The token list's sort fields (sorted in memory, see [`crate::paging::sort_page`]).
pub const SORT: Sorting<Field<ApiToken>> = Sorting {
    fields: &[
        ("id", |t| t.id.into()),
        ("name", |t| t.name.as_str().into()),
        ("created_at", |t| t.created_at.into()),
        ("expires_at", |t| t.expires_at.into()),
        ("last_used_at", |t| t.last_used_at.into()),
    ],
    default: "id",
};

/// Lists the organization's integration tokens with their last use, by id unless sorted
/// otherwise, one page at a time.
#[utoipa::path(
    tag = "tokens",
    params(TokensQuery),
    responses(
        (status = 200, description = "One page of tokens", body = Page<TokenView>),
        (status = 400, description = "Malformed or unknown parameter", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/tokens")]
pub async fn list_tokens(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<TokensQuery>,
) -> ApiResult<HttpResponse> {
    caller.require_admin()?;
    let q = query.into_inner();
    let window = Window::parse(q.limit.as_deref(), q.offset.as_deref())?;
    let sort = SORT.parse(q.sort.as_deref())?;
    let (store, org) = (state.store.clone(), caller.org_id);
    let tokens = web::block(move || store.api_tokens(org)).await??;
    let wanted: Vec<ApiToken> = tokens
        .into_iter()
        .filter(|t| q.scope.is_none_or(|s| TokenScope::from(s) == t.scope))
        .collect();
    let page = sort_page(wanted, &sort, |t| t.id, window);
    Ok(HttpResponse::Ok().json(page.map(|t| TokenView::from(&t))))
}

/// Creates an integration token; its secret is returned once and stored only as a digest.
#[utoipa::path(
    tag = "tokens",
    request_body = CreateToken,
    responses(
        (status = 201, description = "Created; keep the secret now", body = CreatedToken),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 422, description = "A field breaks a rule", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[post("/tokens")]
pub async fn create_token(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateToken>,
) -> ApiResult<HttpResponse> {
    caller.require_admin()?;
    let body = body.into_inner();
    if body.name.trim().is_empty() {
        return Err(ApiError::unprocessable("name", "is empty"));
    }
    let secret = secrets::random_token(32).map_err(|e| ApiError::Internal(e.to_string()))?;
    let new = NewApiToken {
        org_id: caller.org_id,
        name: body.name.trim().to_owned(),
        scope: body.scope.into(),
        secret_digest: secrets::digest(&secret),
        expires_at: body.expires_at,
    };
    let (store, actor) = (state.store.clone(), caller.actor());
    let token = web::block(move || store.create_api_token(&new, &actor)).await??;
    let secret = format!("{TOKEN_PREFIX}{}_{secret}", token.id);
    Ok(HttpResponse::Created().json(CreatedToken {
        token: TokenView::from(&token),
        secret,
    }))
}

/// Revokes an integration token; it stops working at once.
#[utoipa::path(
    tag = "tokens",
    params(("id" = i64, Path, description = "Storage id of the token")),
    responses(
        (status = 200, description = "Revoked", body = TokenView),
        (status = 404, description = "No such token", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[delete("/tokens/{id}")]
pub async fn revoke_token(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    caller.require_admin()?;
    let (store, org, id, actor) = (
        state.store.clone(),
        caller.org_id,
        path.into_inner(),
        caller.actor(),
    );
    let token = web::block(move || store.revoke_api_token(org, id, &actor)).await??;
    Ok(HttpResponse::Ok().json(TokenView::from(&token)))
}
