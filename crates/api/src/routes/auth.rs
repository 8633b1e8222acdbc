//! Logging in and out.

use std::time::Instant;

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use gapscope_store::Actor;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{Caller, Principal, SESSION_COOKIE, jwt, secrets};
use crate::error::ErrorBody;
use crate::error::{ApiError, ApiResult};
use crate::routes::users::UserView;
use crate::state::AppState;

/// Longest email a login reads (RFC 5321's path limit); longer ones fail at once.
pub const MAX_EMAIL_BYTES: usize = 254;
/// Longest password a login reads; longer ones fail at once.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Credentials of a login.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The user's email (case does not matter).
    pub email: String,
    /// The user's password.
    pub password: String,
    /// How the session is carried; `token` when absent.
    #[serde(default)]
    pub session: SessionKind,
}

/// How a login hands over its session.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    /// In the response body, to send as `Authorization: Bearer <token>` (scripts, tools).
    #[default]
    Token,
    /// In an HttpOnly, SameSite=Strict cookie that page scripts cannot read (the dashboard);
    /// the body then carries no token. Changes must send `X-Gapscope-Csrf: 1`.
    Cookie,
}

/// A session.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    /// The JWT to send as `Authorization: Bearer <token>`; absent for a cookie session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// `Bearer` for a token session, `Cookie` for a cookie session.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: u64,
    /// Who logged in.
    pub user: UserView,
}

/// Exchanges an email and password for a session token (a JWT, one hour by default).
///
/// A failed login says nothing about whether the user exists and takes the same time either
/// way. Failed logins are limited per account and per client address (429 with Retry-After).
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = LoginResponse),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 401, description = "Wrong email or password", body = ErrorBody),
        (status = 429, description = "Too many failed logins", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let address = req
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default();
    let LoginRequest {
        email,
        password,
        session,
    } = body.into_inner();
    // Bounded before anything is counted, logged or stored.
    if email.len() > MAX_EMAIL_BYTES || password.len() > MAX_PASSWORD_BYTES {
        return Err(ApiError::LoginFailed);
    }
    if let Some(retry_after) = state.limiter.begin(&email, &address, Instant::now()) {
        return Err(ApiError::TooManyRequests { retry_after });
    }

    let state = state.into_inner();
    let mut response = web::block(move || attempt(&state, &email, &password, &address)).await??;
    if session == SessionKind::Token {
        return Ok(HttpResponse::Ok().json(response));
    }
    let token = response.token.take().unwrap_or_default();
    response.token_type = "Cookie".into();
    let max_age = i64::try_from(response.expires_in).unwrap_or(i64::MAX);
    let cookie = session_cookie(
        &req,
        token,
        actix_web::cookie::time::Duration::seconds(max_age),
    );
    Ok(HttpResponse::Ok().cookie(cookie).json(response))
}

/// The session cookie: HttpOnly, SameSite=Strict, for the whole site, and Secure whenever the
/// request came over HTTPS (directly or as a proxy reports it), so it also works on a plain
/// `http://127.0.0.1` development server.
fn session_cookie(
    req: &HttpRequest,
    value: String,
    max_age: actix_web::cookie::time::Duration,
) -> actix_web::cookie::Cookie<'static> {
    let secure = req.connection_info().scheme() == "https";
    actix_web::cookie::Cookie::build(SESSION_COOKIE, value)
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(actix_web::cookie::SameSite::Strict)
        .max_age(max_age)
        .finish()
}

/// Ends the browser session: clears the session cookie. Always succeeds, signed in or not.
///
/// The cookie's token is not revoked (tokens are stateless JWTs); page scripts never saw it. To
/// refuse every token issued so far, use `/auth/logout-all`.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 204, description = "The session cookie is cleared"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(req: HttpRequest) -> HttpResponse {
    let mut cookie = session_cookie(&req, String::new(), actix_web::cookie::time::Duration::ZERO);
    cookie.make_removal();
    HttpResponse::NoContent().cookie(cookie).finish()
}

fn attempt(
    state: &AppState,
    email: &str,
    password: &str,
    address: &str,
) -> ApiResult<LoginResponse> {
    let actor = Actor {
        user_id: None,
        token_id: None,
        label: email.trim().to_lowercase(),
        client_addr: Some(address.to_owned()),
    };
    let found = state.store.user_by_email(email)?;
    // Verify against a decoy when the user is unknown, so both paths cost one Argon2 run.
    let hash = found
        .as_ref()
        .map_or(secrets::decoy_hash(), |u| u.password_hash.as_str());
    let matches = secrets::verify_password(password, hash);
    let user = match found {
        Some(user) if matches && !user.disabled => user,
        other => {
            state
                .store
                .record_login(other.as_ref(), email, false, &actor)?;
            return Err(ApiError::LoginFailed);
        }
    };
    state.limiter.succeeded(email, address);
    let actor = Actor {
        user_id: Some(user.id),
        ..actor
    };
    state.store.record_login(Some(&user), email, true, &actor)?;

    let now_ms = chrono::Utc::now().timestamp_millis();
    let token = jwt::issue(
        &state.auth,
        user.id,
        user.org_id,
        user.role.as_str(),
        now_ms,
    )
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(LoginResponse {
        token: Some(token),
        token_type: "Bearer".into(),
        expires_in: state.auth.ttl.as_secs(),
        user: UserView::from(&user),
    })
}

/// Ends every session of the calling user: all their tokens issued until now stop working.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 204, description = "Every earlier token of the caller is now refused"),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Integration tokens have no sessions", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[post("/auth/logout-all")]
pub async fn logout_all(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    let Principal::User(user) = &caller.principal else {
        return Err(ApiError::Forbidden(
            "integration tokens have no sessions".into(),
        ));
    };
    let (store, org, id, actor) = (state.store.clone(), caller.org_id, user.id, caller.actor());
    web::block(move || store.logout_everywhere(org, id, &actor)).await??;
    Ok(HttpResponse::NoContent().finish())
}

/// Who the caller is: the user behind a session token.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "The calling user", body = UserView),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "An integration token is no user", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[get("/auth/me")]
pub async fn me(caller: Caller) -> ApiResult<HttpResponse> {
    match &caller.principal {
        Principal::User(user) => Ok(HttpResponse::Ok().json(UserView::from(user))),
        Principal::Token(_) => Err(ApiError::Forbidden(
            "an integration token is no user".into(),
        )),
    }
}
