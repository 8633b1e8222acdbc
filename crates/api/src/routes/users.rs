//! Users of the organization (admins only, but for one's own password).

use std::time::Instant;

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use chrono::NaiveDateTime;
use gapscope_store::{NewUser, Role, User, UserChanges};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Caller, Principal, secrets};
use crate::error::ErrorBody;
use crate::error::{ApiError, ApiResult};
use crate::paging::{Field, Page, Sorting, Window, sort_page};
use crate::routes::results::not_found;
use crate::state::AppState;

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoleView {
    /// The whole organization; changes users, tokens, settings, imports.
    Admin,
    /// The AMs of their team and those AMs' accounts.
    Supervisor,
    /// Their own book and assessment; peers only as the anonymous average.
    AccountManager,
    /// The whole organization, read-only.
    Analyst,
}

impl From<Role> for RoleView {
    fn from(role: Role) -> Self {
        match role {
            Role::Admin => Self::Admin,
            Role::Supervisor => Self::Supervisor,
            Role::AccountManager => Self::AccountManager,
            Role::Analyst => Self::Analyst,
        }
    }
}

impl From<RoleView> for Role {
    fn from(role: RoleView) -> Self {
        match role {
            RoleView::Admin => Self::Admin,
            RoleView::Supervisor => Self::Supervisor,
            RoleView::AccountManager => Self::AccountManager,
            RoleView::Analyst => Self::Analyst,
        }
    }
}

/// A user, without any secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    /// Storage id.
    pub id: i64,
    /// Login email.
    pub email: String,
    /// Role.
    pub role: RoleView,
    /// The AM this user is (role `account_manager`).
    pub account_manager_id: Option<i64>,
    /// The team this user supervises (role `supervisor`).
    pub team: Option<String>,
    /// A disabled user cannot log in, and their tokens stop working.
    pub disabled: bool,
    /// Last successful login (UTC).
    pub last_login_at: Option<NaiveDateTime>,
    /// When the user was created (UTC).
    pub created_at: NaiveDateTime,
}

impl From<&User> for UserView {
    fn from(u: &User) -> Self {
        Self {
            id: u.id,
            email: u.email.clone(),
            role: u.role.into(),
            account_manager_id: u.account_manager_id,
            team: u.team.clone(),
            disabled: u.disabled,
            last_login_at: u.last_login_at,
            created_at: u.created_at,
        }
    }
}

/// A new user.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// Login email, unique across organizations.
    pub email: String,
    /// Role.
    pub role: RoleView,
    /// Password (at least 12 characters); generated and returned once when omitted.
    pub password: Option<String>,
    /// The AM this user is; required for role `account_manager`.
    pub account_manager_id: Option<i64>,
    /// The team this user supervises (role `supervisor`).
    pub team: Option<String>,
}

/// A created user, with the generated password when none was given.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedUser {
    /// The user.
    pub user: UserView,
    /// The generated password, shown this once.
    pub generated_password: Option<String>,
}

/// Changes to a user; absent fields stay as they are, `null` clears.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    /// New role.
    pub role: Option<RoleView>,
    /// Disable (true) or enable (false).
    pub disabled: Option<bool>,
    /// New team; `null` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub team: Option<Option<String>>,
    /// New AM link; `null` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub account_manager_id: Option<Option<i64>>,
}

fn double_option<'de, D, T>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

/// A new password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetPassword {
    /// The new password, at least 12 characters.
    pub password: String,
    /// The current password; required when users change their own.
    pub current_password: Option<String>,
}

/// Filters, paging and sorting of the user list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UsersQuery {
    /// Only users of this role.
    pub role: Option<RoleView>,
    /// Only disabled (`true`) or only enabled (`false`) users.
    pub disabled: Option<bool>,
    /// Page size, 1-1000 (default 100).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
    /// Items to skip before the page (default 0).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub offset: Option<String>,
    /// Sort keys, comma-separated, `-` in front for descending (e.g. `role,email`). Fields:
    /// `email`, `role`, `created_at`, `last_login_at`, `id`. Default: `email`. Ties are broken
    /// by `id`, ascending; a missing `last_login_at` sorts last.
    pub sort: Option<String>,
}

/// The user list's sort fields (sorted in memory, see [`crate::paging::sort_page`]).
pub const SORT: Sorting<Field<User>> = Sorting {
    fields: &[
        ("email", |u| u.email.as_str().into()),
        ("role", |u| u.role.as_str().into()),
        ("created_at", |u| u.created_at.into()),
        ("last_login_at", |u| u.last_login_at.into()),
        ("id", |u| u.id.into()),
    ],
    default: "email",
};

/// Lists the organization's users, by email unless sorted otherwise, one page at a time.
#[utoipa::path(
    tag = "users",
    params(UsersQuery),
    responses(
        (status = 200, description = "One page of users", body = Page<UserView>),
        (status = 400, description = "Malformed or unknown parameter", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<UsersQuery>,
) -> ApiResult<HttpResponse> {
    caller.require_admin()?;
    let q = query.into_inner();
    let window = Window::parse(q.limit.as_deref(), q.offset.as_deref())?;
    let sort = SORT.parse(q.sort.as_deref())?;
    let (store, org) = (state.store.clone(), caller.org_id);
    let users = web::block(move || store.users(org)).await??;
    let wanted: Vec<User> = users
        .into_iter()
        .filter(|u| q.role.is_none_or(|r| Role::from(r) == u.role))
        .filter(|u| q.disabled.is_none_or(|d| d == u.disabled))
        .collect();
    let page = sort_page(wanted, &sort, |u| u.id, window);
    Ok(HttpResponse::Ok().json(page.map(|u| UserView::from(&u))))
}

/// Creates a user; the password is hashed with Argon2id, or generated and shown once.
#[utoipa::path(
    tag = "users",
    request_body = CreateUser,
    responses(
        (status = 201, description = "Created", body = CreatedUser),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 409, description = "The email is taken", body = ErrorBody),
        (status = 422, description = "A field breaks a rule", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateUser>,
) -> ApiResult<HttpResponse> {
    caller.require_admin()?;
    let body = body.into_inner();
    let (store, org, actor) = (state.store.clone(), caller.org_id, caller.actor());
    let created = web::block(move || -> ApiResult<CreatedUser> {
        let generated = match body.password {
            Some(_) => None,
            None => Some(secrets::random_token(18).map_err(|e| ApiError::Internal(e.to_string()))?),
        };
        let password = body
            .password
            .or_else(|| generated.clone())
            .unwrap_or_default();
        let new = NewUser {
            org_id: org,
            email: body.email,
            password_hash: hash(&password)?,
            role: body.role.into(),
            account_manager_id: body.account_manager_id,
            team: body.team,
        };
        let user = store.create_user(&new, &actor)?;
        Ok(CreatedUser {
            user: UserView::from(&user),
            generated_password: generated,
        })
    })
    .await??;
    Ok(HttpResponse::Created().json(created))
}

fn hash(password: &str) -> ApiResult<String> {
    secrets::hash_password(password).map_err(|e| match e {
        secrets::SecretError::TooShort => ApiError::unprocessable("password", e.to_string()),
        other => ApiError::Internal(other.to_string()),
    })
}

/// Changes a user's role, team, AM link, or disables them (which ends their sessions).
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "Storage id of the user")),
    request_body = UpdateUser,
    responses(
        (status = 200, description = "Updated", body = UserView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 422, description = "A field breaks a rule", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[patch("/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    body: web::Json<UpdateUser>,
) -> ApiResult<HttpResponse> {
    caller.require_admin()?;
    let body = body.into_inner();
    let changes = UserChanges {
        role: body.role.map(Role::from),
        disabled: body.disabled,
        team: body.team,
        account_manager_id: body.account_manager_id,
    };
    let (store, org, id, actor) = (
        state.store.clone(),
        caller.org_id,
        path.into_inner(),
        caller.actor(),
    );
    let user = web::block(move || -> ApiResult<User> {
        let removes_admin =
            changes.disabled == Some(true) || changes.role.is_some_and(|role| role != Role::Admin);
        if removes_admin {
            keep_an_admin(&store, org, id)?;
        }
        Ok(store.update_user(org, id, &changes, &actor)?)
    })
    .await??;
    Ok(HttpResponse::Ok().json(UserView::from(&user)))
}

/// Sets a user's password: admins for anyone, users for themselves with their current one.
/// Every token issued before stops working.
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "Storage id of the user")),
    request_body = SetPassword,
    responses(
        (status = 204, description = "Changed; earlier tokens are dead"),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 422, description = "Too short, or the current password is wrong", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[put("/users/{id}/password")]
pub async fn set_password(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    body: web::Json<SetPassword>,
) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    let own = matches!(&caller.principal, Principal::User(u) if u.id == id);
    if !own {
        caller.require_admin()?;
    }
    let body = body.into_inner();
    let (store, org, actor) = (state.store.clone(), caller.org_id, caller.actor());
    let limiter = state.limiter.clone();
    let address = caller.client_addr.clone().unwrap_or_default();
    web::block(move || -> ApiResult<()> {
        let user = store
            .user(id)?
            .filter(|u| u.org_id == org)
            .ok_or_else(|| not_found("user", id))?;
        if own {
            // Guessing the current password is a login attempt: same limits, same audit.
            if let Some(retry_after) = limiter.begin(&user.email, &address, Instant::now()) {
                return Err(ApiError::TooManyRequests { retry_after });
            }
            let current = body.current_password.as_deref().unwrap_or_default();
            if !secrets::verify_password(current, &user.password_hash) {
                store.record_login(Some(&user), &user.email, false, &actor)?;
                return Err(ApiError::unprocessable("current_password", "is wrong"));
            }
            limiter.succeeded(&user.email, &address);
        }
        store.set_password(org, id, &hash(&body.password)?, &actor)?;
        Ok(())
    })
    .await??;
    Ok(HttpResponse::NoContent().finish())
}

/// Deletes a user; their tokens stop working at once.
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "Storage id of the user")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 422, description = "Admins cannot delete themselves", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[delete("/users/{id}")]
pub async fn delete_user(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    caller.require_admin()?;
    let id = path.into_inner();
    if matches!(&caller.principal, Principal::User(u) if u.id == id) {
        return Err(ApiError::unprocessable(
            "id",
            "admins cannot delete themselves",
        ));
    }
    let (store, org, actor) = (state.store.clone(), caller.org_id, caller.actor());
    web::block(move || -> ApiResult<()> {
        keep_an_admin(&store, org, id)?;
        Ok(store.delete_user(org, id, &actor)?)
    })
    .await??;
    Ok(HttpResponse::NoContent().finish())
}

/// 422 when user `id` is the organization's last enabled admin, so no change can lock the
/// organization out of its own administration.
//
// Known gap: the check and the change are two statements, so two admins demoting each other at
// the same instant could both pass. Moving the check into the store's update transaction (with
// the organization row locked, as imports do) would close it.
fn keep_an_admin(store: &gapscope_store::Store, org: i64, id: i64) -> ApiResult<()> {
    let users = store.users(org)?;
    let is_admin = |u: &&User| u.role == Role::Admin && !u.disabled;
    let target_is_admin = users.iter().filter(is_admin).any(|u| u.id == id);
    if target_is_admin && users.iter().filter(is_admin).count() <= 1 {
        return Err(ApiError::unprocessable(
            "id",
            "this is the organization's last enabled admin; make another admin first",
        ));
    }
    Ok(())
}
