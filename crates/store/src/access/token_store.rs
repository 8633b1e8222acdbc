//! Integration tokens: create, read, revoke, touch; creation and revocation audited in their
//! transaction.

use diesel::prelude::*;

use super::user_store::require_organization;
use super::{ApiToken, ApiTokenRow, NewApiToken, json};
use crate::audit::{self, NewAudit};
use crate::conn::{AnyConnection, write_transaction};
use crate::schema::api_tokens;
use crate::{Actor, Store, StoreError, now};

/// The longest token name accepted.
const MAX_NAME_CHARS: usize = 100;

impl Store {
    /// Creates an integration token, created by the acting user (if a user acts); audited as
    /// `token.create` (the token, without digest, as `after`).
    ///
    /// Errors: [`StoreError::Invalid`] for a blank or overlong name, a digest that is not 64
    /// hex digits, or an expiry not in the future; [`StoreError::NotFound`] for an unknown
    /// organization.
    pub fn create_api_token(
        &self,
        new: &NewApiToken,
        actor: &Actor,
    ) -> Result<ApiToken, StoreError> {
        let name = new.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Err(StoreError::invalid(
                "name",
                format!("must have 1 to {MAX_NAME_CHARS} characters"),
            ));
        }
        let digest = new.secret_digest.to_ascii_lowercase();
        if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::invalid(
                "secret_digest",
                "must be a hex SHA-256 (64 hex digits)",
            ));
        }
        let at = now();
        if new.expires_at.is_some_and(|expires| expires <= at) {
            return Err(StoreError::invalid("expires_at", "is not in the future"));
        }
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |conn| {
            require_organization(conn, new.org_id)?;
            let token = diesel::insert_into(api_tokens::table)
                .values((
                    api_tokens::org_id.eq(new.org_id),
                    api_tokens::name.eq(name),
                    api_tokens::scope.eq(new.scope.as_str()),
                    api_tokens::secret_digest.eq(&digest),
                    api_tokens::created_by_user_id.eq(actor.user_id),
                    api_tokens::created_at.eq(at),
                    api_tokens::expires_at.eq(new.expires_at),
                ))
                .returning(api_tokens::all_columns)
                .get_result::<ApiTokenRow>(conn)?
                .into_token()?;
            let entry = NewAudit::on(token.org_id, "token.create", "api_token", token.id)
                .change(None, Some(json(&token)));
            audit::append(conn, &entry, actor)?;
            Ok(token)
        })
    }

    /// The token with storage id `id`, in any organization (for validating a presented token).
    pub fn api_token(&self, id: i64) -> Result<Option<ApiToken>, StoreError> {
        let mut conn = self.conn()?;
        let row = api_tokens::table
            .find(id)
            .select(ApiTokenRow::as_select())
            .first(&mut *conn)
            .optional()?;
        Ok(row.map(ApiTokenRow::into_token).transpose()?)
    }

    /// The organization's tokens, revoked and expired ones included, oldest first.
    pub fn api_tokens(&self, org_id: i64) -> Result<Vec<ApiToken>, StoreError> {
        let mut conn = self.conn()?;
        let rows = api_tokens::table
            .filter(api_tokens::org_id.eq(org_id))
            .order(api_tokens::id)
            .select(ApiTokenRow::as_select())
            .load(&mut *conn)?;
        Ok(rows
            .into_iter()
            .map(ApiTokenRow::into_token)
            .collect::<Result<_, _>>()?)
    }

    /// Revokes a token (`revoked_at` = now); audited as `token.revoke` with the token before
    /// and after. Revoking a revoked token returns it unchanged and writes nothing.
    ///
    /// Errors: [`StoreError::NotFound`] when the token is not in `org_id`.
    pub fn revoke_api_token(
        &self,
        org_id: i64,
        id: i64,
        actor: &Actor,
    ) -> Result<ApiToken, StoreError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |conn| {
            let before = load_locked(conn, org_id, id)?;
            if before.revoked_at.is_some() {
                return Ok(before);
            }
            let after = diesel::update(api_tokens::table.find(id))
                .set(api_tokens::revoked_at.eq(now()))
                .returning(api_tokens::all_columns)
                .get_result::<ApiTokenRow>(conn)?
                .into_token()?;
            let entry = NewAudit::on(org_id, "token.revoke", "api_token", id)
                .change(Some(json(&before)), Some(json(&after)));
            audit::append(conn, &entry, actor)?;
            Ok(after)
        })
    }

    /// Marks a token as used now (`last_used_at`), without an audit row.
    ///
    /// This is a write per authenticated request: on SQLite it waits for a running import
    /// (busy timeout), so callers should log a failure and carry on rather than fail the
    /// request. Errors: [`StoreError::NotFound`] for an unknown token.
    pub fn touch_api_token(&self, id: i64) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let updated = diesel::update(api_tokens::table.find(id))
            .set(api_tokens::last_used_at.eq(now()))
            .execute(&mut *conn)?;
        if updated == 0 {
            return Err(StoreError::NotFound(format!("api token {id}")));
        }
        Ok(())
    }
}

/// The token `id` of `org_id`, locked until the transaction ends, or `NotFound`.
fn load_locked(conn: &mut AnyConnection, org_id: i64, id: i64) -> Result<ApiToken, StoreError> {
    let query = api_tokens::table
        .filter(api_tokens::org_id.eq(org_id))
        .filter(api_tokens::id.eq(id))
        .select(api_tokens::all_columns);
    let row: Option<ApiTokenRow> = match conn {
        AnyConnection::Postgresql(pg) => query.for_update().first(pg).optional()?,
        AnyConnection::Sqlite(sqlite) => query.first(sqlite).optional()?,
    };
    match row {
        Some(row) => Ok(row.into_token()?),
        None => Err(StoreError::NotFound(format!("api token {id}"))),
    }
}
