//! Access control: users, integration tokens and who is acting.
//!
//! Users log in with an email (unique across organizations, stored trimmed and lower-cased)
//! and a password, of which only the Argon2id hash is stored; the API crate hashes and
//! verifies. Integration tokens are stored as the hex SHA-256 of their secret. Every write here
//! appends its [`crate::AuditEntry`] in the same transaction, so the log holds a row exactly
//! for the changes that happened.
//!
//! Invariants the store enforces (besides the database's own checks):
//! - a user with [`Role::AccountManager`] is linked to an account manager of its own
//!   organization, and no other role is linked to one;
//! - only a [`Role::Supervisor`] has a team (a supervisor may have none);
//! - any change of what a user may see (role, link, team, disabling), a password change and
//!   "log out everywhere" move `tokens_valid_after` to now, so no session token outlives the
//!   permissions it was issued for.

mod token_store;
mod user_store;

pub(crate) use user_store::normalize_team;

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::schema::{api_tokens, users};

/// What a user may do; the API crate maps roles to permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything in the organization, including users, tokens and settings.
    Admin,
    /// The account managers of one team.
    Supervisor,
    /// Their own data only (the linked account manager).
    AccountManager,
    /// Read-only analytics across the organization.
    Analyst,
}

impl Role {
    /// Every role, in order of decreasing power.
    pub const ALL: [Role; 4] = [
        Role::Admin,
        Role::Supervisor,
        Role::AccountManager,
        Role::Analyst,
    ];

    /// The stored and serialized name, e.g. `account_manager`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::AccountManager => "account_manager",
            Role::Analyst => "analyst",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = UnknownValue;

    /// Parses a role name; case, surrounding spaces and `-` for `_` are forgiven.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_name(s, &Role::ALL, Role::as_str, "role")
    }
}

/// What an integration token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    /// Read the organization's data.
    Read,
    /// Read, and import survey files.
    Import,
    /// Everything an admin user may do.
    Admin,
}

impl TokenScope {
    /// Every scope, in order of increasing power.
    pub const ALL: [TokenScope; 3] = [TokenScope::Read, TokenScope::Import, TokenScope::Admin];

    /// The stored and serialized name, e.g. `import`.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Import => "import",
            TokenScope::Admin => "admin",
        }
    }
}

impl fmt::Display for TokenScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TokenScope {
    type Err = UnknownValue;

    /// Parses a scope name; case and surrounding spaces are forgiven.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_name(s, &TokenScope::ALL, TokenScope::as_str, "token scope")
    }
}

/// A name that is not one of a fixed set, e.g. an unknown role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{value}`: expected one of {}", expected.join(", "))]
pub struct UnknownValue {
    /// What was parsed, e.g. `role`.
    pub what: &'static str,
    /// The text given.
    pub value: String,
    /// The accepted names.
    pub expected: Vec<&'static str>,
}

/// The member of `all` whose name matches `s` (trimmed, lower-cased, `-` read as `_`).
pub(crate) fn parse_name<T: Copy>(
    s: &str,
    all: &[T],
    name: fn(T) -> &'static str,
    what: &'static str,
) -> Result<T, UnknownValue> {
    let wanted = s.trim().to_lowercase().replace('-', "_");
    all.iter()
        .copied()
        .find(|v| name(*v) == wanted)
        .ok_or_else(|| UnknownValue {
            what,
            value: s.to_owned(),
            expected: all.iter().map(|v| name(*v)).collect(),
        })
}

/// Who performs a write, as recorded in the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    /// The logged-in user, if a user acts.
    pub user_id: Option<i64>,
    /// The integration token, if a token acts.
    pub token_id: Option<i64>,
    /// A readable label: the user's email, `token:<name>`, `cli` or `anonymous`.
    pub label: String,
    /// The client's address, when the action came over the network.
    pub client_addr: Option<String>,
}

impl Actor {
    /// The operator at the command line (`gapscope user create`, `gapscope import`, ...).
    pub fn cli() -> Actor {
        Actor {
            user_id: None,
            token_id: None,
            label: "cli".to_owned(),
            client_addr: None,
        }
    }

    /// Someone not (yet) authenticated, e.g. a failed login, from `client_addr`.
    pub fn anonymous(client_addr: Option<String>) -> Actor {
        Actor {
            user_id: None,
            token_id: None,
            label: "anonymous".to_owned(),
            client_addr,
        }
    }

    /// A logged-in user, from `client_addr`.
    pub fn user(user: &User, client_addr: Option<String>) -> Actor {
        Actor {
            user_id: Some(user.id),
            token_id: None,
            label: user.email.clone(),
            client_addr,
        }
    }

    /// An integration token, from `client_addr`; labelled `token:<name>`.
    pub fn token(token: &ApiToken, client_addr: Option<String>) -> Actor {
        Actor {
            user_id: None,
            token_id: Some(token.id),
            label: format!("token:{}", token.name),
            client_addr,
        }
    }
}

/// A person who logs in. `Serialize` leaves out the password hash; `Debug` redacts it.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Storage id.
    pub id: i64,
    /// Owning organization.
    pub org_id: i64,
    /// Login name: trimmed, lower-cased, unique across all organizations.
    pub email: String,
    /// Argon2id PHC string. Never serialized.
    #[serde(skip_serializing)]
    pub password_hash: String,
    /// What the user may do.
    pub role: Role,
    /// The account manager whose data an [`Role::AccountManager`] user sees.
    pub account_manager_id: Option<i64>,
    /// The team a [`Role::Supervisor`] oversees.
    pub team: Option<String>,
    /// A disabled user cannot log in, and their session tokens are dead.
    pub disabled: bool,
    /// When the password was last set (UTC).
    pub password_changed_at: NaiveDateTime,
    /// Session tokens issued before this instant (UTC) are dead.
    pub tokens_valid_after: NaiveDateTime,
    /// The last successful login (UTC), if any.
    pub last_login_at: Option<NaiveDateTime>,
    /// When the user was created (UTC).
    pub created_at: NaiveDateTime,
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("org_id", &self.org_id)
            .field("email", &self.email)
            .field("password_hash", &"<redacted>")
            .field("role", &self.role)
            .field("account_manager_id", &self.account_manager_id)
            .field("team", &self.team)
            .field("disabled", &self.disabled)
            .field("password_changed_at", &self.password_changed_at)
            .field("tokens_valid_after", &self.tokens_valid_after)
            .field("last_login_at", &self.last_login_at)
            .field("created_at", &self.created_at)
            .finish()
    }
}

/// A user to create.
#[derive(Clone, PartialEq, Eq)]
pub struct NewUser {
    /// Owning organization.
    pub org_id: i64,
    /// Login name; trimmed and lower-cased before it is stored.
    pub email: String,
    /// Argon2id PHC string of the initial password.
    pub password_hash: String,
    /// What the user may do.
    pub role: Role,
    /// Required for (and only allowed with) [`Role::AccountManager`]: an AM of the same org.
    pub account_manager_id: Option<i64>,
    /// Only allowed with [`Role::Supervisor`]; blank means none.
    pub team: Option<String>,
}

impl fmt::Debug for NewUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewUser")
            .field("org_id", &self.org_id)
            .field("email", &self.email)
            .field("password_hash", &"<redacted>")
            .field("role", &self.role)
            .field("account_manager_id", &self.account_manager_id)
            .field("team", &self.team)
            .finish()
    }
}

/// Changes to a user; `None` leaves a field as it is.
///
/// Changing the role away from account manager (or supervisor) without naming a new link (or
/// team) clears the old one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserChanges {
    /// The new role.
    pub role: Option<Role>,
    /// Disable (`true`) or re-enable (`false`) the user.
    pub disabled: Option<bool>,
    /// The new team (`Some(None)` clears it).
    pub team: Option<Option<String>>,
    /// The new account-manager link (`Some(None)` clears it).
    pub account_manager_id: Option<Option<i64>>,
}

/// An integration token. `Serialize` leaves out the secret's digest; `Debug` redacts it.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    /// Storage id.
    pub id: i64,
    /// Owning organization.
    pub org_id: i64,
    /// A name chosen by its creator, e.g. `nightly-import`.
    pub name: String,
    /// What it may do.
    pub scope: TokenScope,
    /// Hex SHA-256 of the secret. Never serialized.
    #[serde(skip_serializing)]
    pub secret_digest: String,
    /// The user who created it, while that user exists.
    pub created_by_user_id: Option<i64>,
    /// When it was created (UTC).
    pub created_at: NaiveDateTime,
    /// When it stops working (UTC), if ever.
    pub expires_at: Option<NaiveDateTime>,
    /// When it was last presented (UTC), if ever.
    pub last_used_at: Option<NaiveDateTime>,
    /// When it was revoked (UTC), if it was.
    pub revoked_at: Option<NaiveDateTime>,
}

impl ApiToken {
    /// Whether the token works at `at`: not revoked and not expired.
    pub fn is_active(&self, at: NaiveDateTime) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|expires| at < expires)
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiToken")
            .field("id", &self.id)
            .field("org_id", &self.org_id)
            .field("name", &self.name)
            .field("scope", &self.scope)
            .field("secret_digest", &"<redacted>")
            .field("created_by_user_id", &self.created_by_user_id)
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .field("last_used_at", &self.last_used_at)
            .field("revoked_at", &self.revoked_at)
            .finish()
    }
}

/// An integration token to create. Its creator is the acting user ([`Actor::user_id`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    /// Owning organization.
    pub org_id: i64,
    /// A name for people; trimmed, not empty.
    pub name: String,
    /// What it may do.
    pub scope: TokenScope,
    /// Hex SHA-256 of the secret (64 hex digits); the secret itself is never stored.
    pub secret_digest: String,
    /// When it stops working (UTC), if ever; must be in the future.
    pub expires_at: Option<NaiveDateTime>,
}

/// A `users` row as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub(crate) struct UserRow {
    id: i64,
    org_id: i64,
    email: String,
    password_hash: String,
    role: String,
    account_manager_id: Option<i64>,
    team: Option<String>,
    disabled: bool,
    password_changed_at: NaiveDateTime,
    tokens_valid_after: NaiveDateTime,
    last_login_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
}

impl UserRow {
    /// The public user, failing on a role this version does not know.
    pub(crate) fn into_user(self) -> Result<User, diesel::result::Error> {
        Ok(User {
            role: self.role.parse().map_err(corrupt)?,
            id: self.id,
            org_id: self.org_id,
            email: self.email,
            password_hash: self.password_hash,
            account_manager_id: self.account_manager_id,
            team: self.team,
            disabled: self.disabled,
            password_changed_at: self.password_changed_at,
            tokens_valid_after: self.tokens_valid_after,
            last_login_at: self.last_login_at,
            created_at: self.created_at,
        })
    }
}

/// An `api_tokens` row as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub(crate) struct ApiTokenRow {
    id: i64,
    org_id: i64,
    name: String,
    scope: String,
    secret_digest: String,
    created_by_user_id: Option<i64>,
    created_at: NaiveDateTime,
    expires_at: Option<NaiveDateTime>,
    last_used_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
}

impl ApiTokenRow {
    /// The public token, failing on a scope this version does not know.
    pub(crate) fn into_token(self) -> Result<ApiToken, diesel::result::Error> {
        Ok(ApiToken {
            scope: self.scope.parse().map_err(corrupt)?,
            id: self.id,
            org_id: self.org_id,
            name: self.name,
            secret_digest: self.secret_digest,
            created_by_user_id: self.created_by_user_id,
            created_at: self.created_at,
            expires_at: self.expires_at,
            last_used_at: self.last_used_at,
            revoked_at: self.revoked_at,
        })
    }
}

/// A deserialization error for a stored name this version cannot read.
fn corrupt(e: UnknownValue) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(Box::new(e))
}

/// `value` as JSON for the audit log. Serializing these plain structs cannot fail; if it ever
/// did, the entry records the failure instead of losing the row.
pub(crate) fn json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value)
        .unwrap_or_else(|e| serde_json::Value::String(format!("unserializable: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_ones_list_the_choices() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        for scope in TokenScope::ALL {
            assert_eq!(scope.as_str().parse::<TokenScope>(), Ok(scope));
        }
        assert_eq!(
            " Account-Manager ".parse::<Role>(),
            Ok(Role::AccountManager)
        );
        let e = "owner".parse::<Role>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown role `owner`: expected one of admin, supervisor, account_manager, analyst"
        );
        assert_eq!(
            serde_json::to_value(Role::AccountManager).unwrap(),
            "account_manager"
        );
    }
}
