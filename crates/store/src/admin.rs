//! Audited writes outside imports: organization settings and account-manager teams.

use diesel::prelude::*;

use crate::access::{json, normalize_team};
use crate::audit::{self, NewAudit};
use crate::conn::{AnyConnection, write_transaction};
use crate::schema::{account_managers, organizations};
use crate::{AccountManager, Actor, Organization, Store, StoreError};

impl Store {
    /// Replaces an organization's settings JSON (validated by the caller); audited as
    /// `settings.update` with the settings before and after (as JSON values).
    ///
    /// Errors: [`StoreError::NotFound`] for an unknown organization.
    pub fn set_organization_settings(
        &self,
        org_id: i64,
        settings: &str,
        actor: &Actor,
    ) -> Result<Organization, StoreError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |conn| {
            let before = load_organization_locked(conn, org_id)?;
            let after = diesel::update(organizations::table.find(org_id))
                .set(organizations::settings.eq(settings))
                .returning(organizations::all_columns)
                .get_result::<Organization>(conn)?;
            let entry = NewAudit::on(org_id, "settings.update", "organization", org_id).change(
                Some(settings_json(&before.settings)),
                Some(settings_json(&after.settings)),
            );
            audit::append(conn, &entry, actor)?;
            Ok(after)
        })
    }

    /// Sets (or with `None` or a blank name clears) an account manager's team; audited as
    /// `account_manager.update` with the account manager before and after. Setting the team
    /// it already has writes nothing.
    ///
    /// Errors: [`StoreError::NotFound`] when the account manager is not in `org_id`.
    pub fn set_account_manager_team(
        &self,
        org_id: i64,
        id: i64,
        team: Option<&str>,
        actor: &Actor,
    ) -> Result<AccountManager, StoreError> {
        let team = normalize_team(team);
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |conn| {
            let before = load_account_manager_locked(conn, org_id, id)?;
            if before.team == team {
                return Ok(before);
            }
            let after = diesel::update(account_managers::table.find(id))
                .set(account_managers::team.eq(&team))
                .returning(account_managers::all_columns)
                .get_result::<AccountManager>(conn)?;
            let entry = NewAudit::on(org_id, "account_manager.update", "account_manager", id)
                .change(Some(json(&before)), Some(json(&after)));
            audit::append(conn, &entry, actor)?;
            Ok(after)
        })
    }
}

/// Settings text as a JSON value (text that is not JSON is kept as a string).
fn settings_json(settings: &str) -> serde_json::Value {
    serde_json::from_str(settings)
        .unwrap_or_else(|_| serde_json::Value::String(settings.to_owned()))
}

/// The organization, locked until the transaction ends, or `NotFound`.
fn load_organization_locked(
    conn: &mut AnyConnection,
    org_id: i64,
) -> Result<Organization, StoreError> {
    let query = organizations::table
        .find(org_id)
        .select(organizations::all_columns);
    let found = match conn {
        AnyConnection::Postgresql(pg) => query.for_update().first(pg).optional()?,
        AnyConnection::Sqlite(sqlite) => query.first(sqlite).optional()?,
    };
    found.ok_or_else(|| StoreError::NotFound(format!("organization {org_id}")))
}

/// The account manager `id` of `org_id`, locked until the transaction ends, or `NotFound`.
fn load_account_manager_locked(
    conn: &mut AnyConnection,
    org_id: i64,
    id: i64,
) -> Result<AccountManager, StoreError> {
    let query = account_managers::table
        .filter(account_managers::org_id.eq(org_id))
        .filter(account_managers::id.eq(id))
        .select(account_managers::all_columns);
    let found = match conn {
        AnyConnection::Postgresql(pg) => query.for_update().first(pg).optional()?,
        AnyConnection::Sqlite(sqlite) => query.first(sqlite).optional()?,
    };
    found.ok_or_else(|| StoreError::NotFound(format!("account manager {id}")))
}
