//! Row locks that serialize writers per organization.

use diesel::prelude::*;

use crate::StoreError;
use crate::conn::AnyConnection;
use crate::schema::organizations;

/// Checks that the organization exists and, on PostgreSQL, locks its row until the
/// transaction ends, so writers of one organization (imports, alert evaluations, closes,
/// outcomes) take turns. On SQLite the write transaction's `BEGIN IMMEDIATE` already
/// serializes every writer.
///
/// Errors: [`StoreError::NotFound`] for an unknown organization.
pub(crate) fn lock_organization(conn: &mut AnyConnection, org_id: i64) -> Result<(), StoreError> {
    let query = organizations::table.find(org_id).select(organizations::id);
    let found = match conn {
        AnyConnection::Postgresql(pg) => query.for_update().first::<i64>(pg).optional()?,
        AnyConnection::Sqlite(sqlite) => query.first::<i64>(sqlite).optional()?,
    };
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound(format!("organization {org_id}"))),
    }
}
