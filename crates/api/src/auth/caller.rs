//! The authenticated caller of a request, and what they may see.

use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header, web};
use gapscope_store::{Actor, ApiToken, Role, Store, TokenScope, User};

use super::{jwt, secrets};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Prefix of integration tokens: `gsk_<id>_<secret>`.
pub const TOKEN_PREFIX: &str = "gsk_";

/// Name of the browser session cookie (HttpOnly, SameSite=Strict).
pub const SESSION_COOKIE: &str = "gapscope_session";

/// Header that cookie-authenticated requests must send when they change anything.
pub const CSRF_HEADER: &str = "X-Gapscope-Csrf";

/// Who is calling.
#[derive(Debug, Clone)]
pub enum Principal {
    /// A person, by a session JWT.
    User(User),
    /// A third-party system, by an integration token.
    Token(ApiToken),
}

/// The authenticated caller: a principal inside one organization.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The caller's organization; every read is scoped to it.
    pub org_id: i64,
    /// The user or token.
    pub principal: Principal,
    /// The client's address, for the audit log.
    pub client_addr: Option<String>,
}

/// Which account managers' data a caller may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// Every AM of the organization.
    All,
    /// Only these AMs (a supervisor's team, or an AM themself).
    Only(BTreeSet<i64>),
}

impl Visibility {
    /// Whether the AM's data is visible.
    pub fn allows(&self, account_manager: i64) -> bool {
        match self {
            Self::All => true,
            Self::Only(ams) => ams.contains(&account_manager),
        }
    }
}

impl Caller {
    /// The caller as the audit log records them.
    pub fn actor(&self) -> Actor {
        let (user_id, token_id, label) = match &self.principal {
            Principal::User(user) => (Some(user.id), None, user.email.clone()),
            Principal::Token(token) => (None, Some(token.id), format!("token:{}", token.name)),
        };
        Actor {
            user_id,
            token_id,
            label,
            client_addr: self.client_addr.clone(),
        }
    }

    /// The user's role, when the caller is a user.
    pub fn role(&self) -> Option<Role> {
        match &self.principal {
            Principal::User(user) => Some(user.role),
            Principal::Token(_) => None,
        }
    }

    /// The AM a user of role `account_manager` is linked to.
    pub fn own_account_manager(&self) -> Option<i64> {
        match &self.principal {
            Principal::User(user) if user.role == Role::AccountManager => user.account_manager_id,
            _ => None,
        }
    }

    /// Admins and admin-scoped tokens may change users, tokens and settings.
    pub fn require_admin(&self) -> ApiResult<()> {
        let allowed = match &self.principal {
            Principal::User(user) => user.role == Role::Admin,
            Principal::Token(token) => token.scope == TokenScope::Admin,
        };
        allowed
            .then_some(())
            .ok_or_else(|| forbidden("this needs the admin role"))
    }

    /// Admins and tokens scoped `import` or `admin` may import survey files.
    pub fn require_import(&self) -> ApiResult<()> {
        let allowed = match &self.principal {
            Principal::User(user) => user.role == Role::Admin,
            Principal::Token(token) => {
                matches!(token.scope, TokenScope::Import | TokenScope::Admin)
            }
        };
        allowed
            .then_some(())
            .ok_or_else(|| forbidden("imports need the admin role or an import token"))
    }

    /// Admins, analysts and tokens see the whole organization; supervisors their team's AMs; an
    /// account manager only themself.
    pub fn visibility(&self, store: &Store) -> ApiResult<Visibility> {
        let user = match &self.principal {
            Principal::Token(_) => return Ok(Visibility::All),
            Principal::User(user) => user,
        };
        Ok(match user.role {
            Role::Admin | Role::Analyst => Visibility::All,
            Role::AccountManager => Visibility::Only(user.account_manager_id.into_iter().collect()),
            Role::Supervisor => {
                let team = user.team.as_deref();
                let ams = store.account_managers(self.org_id)?;
                let mine = ams
                    .iter()
                    .filter(|am| team.is_some() && am.team.as_deref() == team);
                Visibility::Only(mine.map(|am| am.id).collect())
            }
        })
    }

    /// 403 unless the AM's data is visible to the caller.
    pub fn require_account_manager(&self, store: &Store, account_manager: i64) -> ApiResult<()> {
        self.visibility(store)?
            .allows(account_manager)
            .then_some(())
            .ok_or_else(|| forbidden("this account manager is outside your role"))
    }

    /// Whether small scopes must be hidden from this caller (METHOD's anonymity rule: an AM must
    /// not see a breakdown that could reveal one customer's answers).
    pub fn needs_anonymity(&self) -> bool {
        self.role() == Some(Role::AccountManager)
    }
}

/// A 403 with a reason.
pub fn forbidden(message: &str) -> ApiError {
    ApiError::Forbidden(message.to_owned())
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let credentials = credentials(req);
        let client_addr = req.peer_addr().map(|a| a.ip().to_string());
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal("no app state".into()))?;
            let token = credentials?;
            let caller = web::block(move || authenticate(&state, &token)).await??;
            Ok(Caller {
                client_addr,
                ..caller
            })
        })
    }
}

/// The token of a request: the bearer header first, else the session cookie. A cookie carries
/// only session JWTs, and a change sent with it needs [`CSRF_HEADER`].
fn credentials(req: &HttpRequest) -> ApiResult<String> {
    if let Some(token) = bearer_token(req) {
        return Ok(token);
    }
    let cookie = req.cookie(SESSION_COOKIE).ok_or(ApiError::Unauthorized)?;
    let token = cookie.value().trim();
    if token.is_empty() || token.starts_with(TOKEN_PREFIX) {
        return Err(ApiError::Unauthorized);
    }
    let safe = matches!(req.method().as_str(), "GET" | "HEAD" | "OPTIONS");
    if !safe && !req.headers().contains_key(CSRF_HEADER) {
        return Err(ApiError::Forbidden(format!(
            "a change made with the session cookie must send the header {CSRF_HEADER}"
        )));
    }
    Ok(token.to_owned())
}

fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty())
        .then(|| token.trim().to_owned())
}

/// The caller a bearer token stands for, or 401 with no detail.
pub fn authenticate(state: &AppState, token: &str) -> ApiResult<Caller> {
    let caller = match token.strip_prefix(TOKEN_PREFIX) {
        Some(rest) => integration_caller(&state.store, rest),
        None => session_caller(state, token),
    };
    caller.inspect_err(|e| log::info!("rejected credentials: {e}"))
}

fn session_caller(state: &AppState, token: &str) -> ApiResult<Caller> {
    let claims = jwt::verify(&state.auth, token).map_err(|e| reject(&e.to_string()))?;
    let id: i64 = claims
        .sub
        .parse()
        .map_err(|_| reject("token subject is not a user id"))?;
    let user = state
        .store
        .user(id)?
        .ok_or_else(|| reject("token of a deleted user"))?;
    if user.org_id != claims.org {
        return Err(reject("token organization does not match the user"));
    }
    if user.disabled {
        return Err(reject("token of a disabled user"));
    }
    if claims.iat_ms < user.tokens_valid_after.and_utc().timestamp_millis() {
        return Err(reject(
            "token issued before the last password change or log-out",
        ));
    }
    Ok(Caller {
        org_id: user.org_id,
        principal: Principal::User(user),
        client_addr: None,
    })
}

fn integration_caller(store: &Store, rest: &str) -> ApiResult<Caller> {
    let (id, secret) = rest
        .split_once('_')
        .ok_or_else(|| reject("malformed integration token"))?;
    let id: i64 = id
        .parse()
        .map_err(|_| reject("malformed integration token"))?;
    let token = store
        .api_token(id)?
        .ok_or_else(|| reject("unknown integration token"))?;
    if !secrets::same(&secrets::digest(secret), &token.secret_digest) {
        return Err(reject("integration token secret does not match"));
    }
    if token.revoked_at.is_some() {
        return Err(reject("revoked integration token"));
    }
    let now = chrono::Utc::now().naive_utc();
    if token.expires_at.is_some_and(|at| at <= now) {
        return Err(reject("expired integration token"));
    }
    // Last use is bookkeeping: a busy database must not fail the request over it.
    if let Err(e) = store.touch_api_token(token.id) {
        log::warn!(
            "could not record the last use of integration token {}: {e}",
            token.id
        );
    }
    Ok(Caller {
        org_id: token.org_id,
        principal: Principal::Token(token),
        client_addr: None,
    })
}

/// A 401; the reason goes to the log at info level, never to the client.
fn reject(reason: &str) -> ApiError {
    log::debug!("authentication failed: {reason}");
    ApiError::Unauthorized
}
