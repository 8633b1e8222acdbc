//! Users: create, read, change, delete, and record logins; every write audited in its
//! transaction.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::{NewUser, Role, User, UserChanges, UserRow, json};
use crate::audit::{self, NewAudit};
use crate::conn::{AnyConnection, write_transaction};
use crate::schema::{account_managers, organizations, users};
use crate::{Actor, Store, StoreError, now};

/// The longest email accepted (RFC 5321's path limit).
const MAX_EMAIL_CHARS: usize = 254;

impl Store {
    /// Creates a user; audited as `user.create` (the new user, without hash, as `after`).
    ///
    /// The email is trimmed and lower-cased. Errors: [`StoreError::Conflict`] on field `email`
    /// when another user (in any organization) has it; [`StoreError::Invalid`] for a malformed
    /// email, an empty hash, an account-manager role without an account manager of the same
    /// organization, a link or team on a role that has none; [`StoreError::NotFound`] for an
    /// unknown organization.
    pub fn create_user(&self, new: &NewUser, actor: &Actor) -> Result<User, StoreError> {
        let email = normalize_email(&new.email)?;
        check_hash(&new.password_hash)?;
        let team = normalize_team(new.team.as_deref());
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |conn| {
            require_organization(conn, new.org_id)?;
            check_links(conn, new.org_id, new.role, new.account_manager_id, &team)?;
            let at = now();
            let inserted = diesel::insert_into(users::table)
                .values((
                    users::org_id.eq(new.org_id),
                    users::email.eq(&email),
                    users::password_hash.eq(&new.password_hash),
                    users::role.eq(new.role.as_str()),
                    users::account_manager_id.eq(new.account_manager_id),
                    users::team.eq(&team),
                    users::disabled.eq(false),
                    users::password_changed_at.eq(at),
                    users::tokens_valid_after.eq(at),
                    users::created_at.eq(at),
                ))
                .returning(users::all_columns)
                .get_result::<UserRow>(conn);
            let user = match inserted {
                Ok(row) => row.into_user()?,
                Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
                    return Err(StoreError::conflict(
                        "email",
                        format!("`{email}` is already taken"),
                    ));
                }
                Err(e) => return Err(e.into()),
            };
            let entry = NewAudit::on(user.org_id, "user.create", "user", user.id)
                .change(None, Some(json(&user)));
            audit::append(conn, &entry, actor)?;
            Ok(user)
        })
    }

    /// The user with storage id `id`, in any organization (for validating session tokens).
    pub fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        let mut conn = self.conn()?;
        let row = users::table
            .find(id)
            .select(UserRow::as_select())
            .first(&mut *conn)
            .optional()?;
        Ok(row.map(UserRow::into_user).transpose()?)
    }

    /// The user with this email (trimmed, case-insensitive), in any organization.
    pub fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let email = email.trim().to_lowercase();
        let mut conn = self.conn()?;
        let row = users::table
            .filter(users::email.eq(&email))
            .select(UserRow::as_select())
            .first(&mut *conn)
            .optional()?;
        Ok(row.map(UserRow::into_user).transpose()?)
    }

    /// The organization's users by email.
    pub fn users(&self, org_id: i64) -> Result<Vec<User>, StoreError> {
        let mut conn = self.conn()?;
        let rows = users::table
            .filter(users::org_id.eq(org_id))
            .order((users::email, users::id))
            .select(UserRow::as_select())
            .load(&mut *conn)?;
        Ok(rows
            .into_iter()
            .map(UserRow::into_user)
            .collect::<Result<_, _>>()?)
    }

    /// Changes a user's role, link, team or disabled flag; audited as `user.update` with the
    /// user before and after. A change of what the user may see (role, link, team) or
    /// disabling also kills their session tokens (`tokens_valid_after` = now). Changing
    /// nothing writes nothing, not even an audit row.
    ///
    /// Errors: [`StoreError::NotFound`] when the user is not in `org_id`;
    /// [`StoreError::Invalid`] when the result breaks the role rules of [`Store::create_user`].
    pub fn update_user(
        &self,
        org_id: i64,
        id: i64,
        changes: &UserChanges,
        actor: &Actor,
    ) -> Result<User, StoreError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |conn| {
            let before = load_locked(conn, org_id, id)?;
            let role = changes.role.unwrap_or(before.role);
            let account_manager_id = match changes.account_manager_id {
                Some(link) => link,
                None if role == Role::AccountManager => before.account_manager_id,
                None => None,
            };
            let team = match &changes.team {
                Some(team) => normalize_team(team.as_deref()),
                None if role == Role::Supervisor => before.team.clone(),
                None => None,
            };
            let disabled = changes.disabled.unwrap_or(before.disabled);
            check_links(conn, org_id, role, account_manager_id, &team)?;

            let narrowed = role != before.role
                || account_manager_id != before.account_manager_id
                || team != before.team;
            let disabling = disabled && !before.disabled;
            if !narrowed && !disabling && disabled == before.disabled {
                return Ok(before);
            }
            let tokens_valid_after = if narrowed || disabling {
                now()
            } else {
                before.tokens_valid_after
            };
            let after = diesel::update(users::table.find(id))
                .set((
                    users::role.eq(role.as_str()),
                    users::account_manager_id.eq(account_manager_id),
                    users::team.eq(&team),
                    users::disabled.eq(disabled),
                    users::tokens_valid_after.eq(tokens_valid_after),
                ))
                .returning(users::all_columns)
                .get_result::<UserRow>(conn)?
                .into_user()?;
            audit_change(conn, "user.update", &before, &after, actor)?;
            Ok(after)
        })
    }

    /// Replaces a user's password hash and kills their session tokens (`password_changed_at`
    /// and `tokens_valid_after` = now); audited as `user.password` (no hashes in the row).
    ///
    /// Errors: [`StoreError::NotFound`] when the user is not in `org_id`;
    /// [`StoreError::Invalid`] for an empty hash.
    pub fn set_password(
        &self,
        org_id: i64,
        id: i64,
        password_hash: &str,
        actor: &Actor,
    ) -> Result<User, StoreError> {
        check_hash(password_hash)?;
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |conn| {
            let before = load_locked(conn, org_id, id)?;
            let at = now();
            let after = diesel::update(users::table.find(id))
                .set((
                    users::password_hash.eq(password_hash),
                    users::password_changed_at.eq(at),
                    users::tokens_valid_after.eq(at),
                ))
                .returning(users::all_columns)
                .get_result::<UserRow>(conn)?
                .into_user()?;
            audit_change(conn, "user.password", &before, &after, actor)?;
            Ok(after)
        })
    }

    /// Kills all of a user's session tokens (`tokens_valid_after` = now); audited as
    /// `user.logout_all`. Errors: [`StoreError::NotFound`] when the user is not in `org_id`.
    pub fn logout_everywhere(
        &self,
        org_id: i64,
        id: i64,
        actor: &Actor,
    ) -> Result<User, StoreError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |conn| {
            let before = load_locked(conn, org_id, id)?;
            let after = diesel::update(users::table.find(id))
                .set(users::tokens_valid_after.eq(now()))
                .returning(users::all_columns)
                .get_result::<UserRow>(conn)?
                .into_user()?;
            audit_change(conn, "user.logout_all", &before, &after, actor)?;
            Ok(after)
        })
    }

    /// Deletes a user; audited as `user.delete` with the user as `before`. Tokens they created
    /// stay (their creator becomes unknown); audit rows keep their id and email.
    ///
    /// Errors: [`StoreError::NotFound`] when the user is not in `org_id`.
    pub fn delete_user(&self, org_id: i64, id: i64, actor: &Actor) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |conn| {
            let before = load_locked(conn, org_id, id)?;
            diesel::delete(users::table.find(id)).execute(conn)?;
            let entry =
                NewAudit::on(org_id, "user.delete", "user", id).change(Some(json(&before)), None);
            audit::append(conn, &entry, actor)
        })
    }

    /// Records a login attempt for `email`: `login` (and `last_login_at` = now) on success,
    /// `login.failed` otherwise, with the email given as target. A successful login is
    /// recorded as acted by `user` (keeping the actor's address); a failed one as `actor`,
    /// in the user's organization when `user` is known and in none otherwise.
    ///
    /// Errors: [`StoreError::Invalid`] for a success without a user.
    pub fn record_login(
        &self,
        user: Option<&User>,
        email: &str,
        success: bool,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let entry = NewAudit {
            org_id: user.map(|u| u.org_id),
            action: if success { "login" } else { "login.failed" }.to_owned(),
            target_type: Some("email".to_owned()),
            target_id: Some(email.trim().to_lowercase()),
            before: None,
            after: None,
        };
        let mut conn = self.conn()?;
        match (success, user) {
            (false, _) => audit::append(&mut conn, &entry, actor),
            (true, None) => Err(StoreError::invalid(
                "user",
                "a successful login needs a user",
            )),
            (true, Some(user)) => write_transaction(&mut conn, |conn| {
                let actor = Actor::user(user, actor.client_addr.clone());
                audit::append(conn, &entry, &actor)?;
                diesel::update(users::table.find(user.id))
                    .set(users::last_login_at.eq(now()))
                    .execute(conn)?;
                Ok(())
            }),
        }
    }
}

/// Appends the audit row of a change to `before` (now `after`).
fn audit_change(
    conn: &mut AnyConnection,
    action: &str,
    before: &User,
    after: &User,
    actor: &Actor,
) -> Result<(), StoreError> {
    let entry = NewAudit::on(after.org_id, action, "user", after.id)
        .change(Some(json(before)), Some(json(after)));
    audit::append(conn, &entry, actor)
}

/// The user `id` of `org_id`, locked until the transaction ends (on SQLite the write
/// transaction already holds the database's lock), or `NotFound`.
fn load_locked(conn: &mut AnyConnection, org_id: i64, id: i64) -> Result<User, StoreError> {
    let query = users::table
        .filter(users::org_id.eq(org_id))
        .filter(users::id.eq(id))
        .select(users::all_columns);
    let row: Option<UserRow> = match conn {
        AnyConnection::Postgresql(pg) => query.for_update().first(pg).optional()?,
        AnyConnection::Sqlite(sqlite) => query.first(sqlite).optional()?,
    };
    match row {
        Some(row) => Ok(row.into_user()?),
        None => Err(StoreError::NotFound(format!("user {id}"))),
    }
}

/// `NotFound` unless organization `org_id` exists.
pub(crate) fn require_organization(
    conn: &mut AnyConnection,
    org_id: i64,
) -> Result<(), StoreError> {
    let found = organizations::table
        .find(org_id)
        .select(organizations::id)
        .first::<i64>(conn)
        .optional()?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound(format!("organization {org_id}"))),
    }
}

/// Checks the role rules: an account manager of `org_id` exactly for the account-manager
/// role, a team only for supervisors.
fn check_links(
    conn: &mut AnyConnection,
    org_id: i64,
    role: Role,
    account_manager_id: Option<i64>,
    team: &Option<String>,
) -> Result<(), StoreError> {
    match (role, account_manager_id) {
        (Role::AccountManager, None) => {
            return Err(StoreError::invalid(
                "account_manager_id",
                "the account_manager role needs an account manager",
            ));
        }
        (Role::AccountManager, Some(am)) => {
            let found = account_managers::table
                .filter(account_managers::org_id.eq(org_id))
                .filter(account_managers::id.eq(am))
                .select(account_managers::id)
                .first::<i64>(conn)
                .optional()?;
            if found.is_none() {
                return Err(StoreError::invalid(
                    "account_manager_id",
                    format!("account manager {am} is not in organization {org_id}"),
                ));
            }
        }
        (role, Some(_)) => {
            return Err(StoreError::invalid(
                "account_manager_id",
                format!("only the account_manager role is linked to one, not {role}"),
            ));
        }
        (_, None) => {}
    }
    if team.is_some() && role != Role::Supervisor {
        return Err(StoreError::invalid(
            "team",
            format!("only the supervisor role has a team, not {role}"),
        ));
    }
    Ok(())
}

/// The email as stored: trimmed, lower-cased, and plausibly an address.
fn normalize_email(email: &str) -> Result<String, StoreError> {
    let email = email.trim().to_lowercase();
    let plausible = email
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty());
    if !plausible || email.chars().any(char::is_whitespace) {
        return Err(StoreError::invalid(
            "email",
            format!("`{email}` is not an email address"),
        ));
    }
    if email.chars().count() > MAX_EMAIL_CHARS {
        return Err(StoreError::invalid(
            "email",
            format!("is longer than {MAX_EMAIL_CHARS} characters"),
        ));
    }
    Ok(email)
}

/// A team name trimmed, blank meaning none.
pub(crate) fn normalize_team(team: Option<&str>) -> Option<String> {
    team.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// `Invalid` for an empty password hash (the API crate hashes; the store only refuses blanks).
fn check_hash(hash: &str) -> Result<(), StoreError> {
    if hash.trim().is_empty() {
        return Err(StoreError::invalid("password_hash", "is empty"));
    }
    Ok(())
}
