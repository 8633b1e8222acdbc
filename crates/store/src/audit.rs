//! The audit log: an append-only record of privileged writes and logins.
//!
//! Rows are appended by the write they describe, inside that write's transaction, so a
//! rolled-back change leaves no row and a committed one always has its row. The store has no
//! call that updates or deletes a row, and the database refuses both (triggers in the
//! `access_control` migration).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde::Serialize;

use crate::conn::AnyConnection;
use crate::schema::audit_log;
use crate::{Actor, SortBy, Store, StoreError, now};

/// The most rows one [`Store::audit_log`] call returns.
pub const MAX_AUDIT_PAGE: i64 = 1_000;

/// One audit row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    /// Storage id (increasing).
    pub id: i64,
    /// The organization concerned; `None` for a failed login naming no known user.
    pub org_id: Option<i64>,
    /// When it happened (UTC).
    pub at: NaiveDateTime,
    /// The acting user, if a user acted (the id may outlive the user).
    pub actor_user_id: Option<i64>,
    /// The acting integration token, if a token acted.
    pub actor_token_id: Option<i64>,
    /// The actor's label: an email, `token:<name>`, `cli` or `anonymous`.
    pub actor: String,
    /// The client's address, when known.
    pub client_addr: Option<String>,
    /// What happened, e.g. `user.create`, `import`, `login.failed`.
    pub action: String,
    /// The kind of thing acted on, e.g. `user`, `api_token`, `import`, `email`.
    pub target_type: Option<String>,
    /// Its id (or, for logins, the email given).
    pub target_id: Option<String>,
    /// The target before the change, as JSON (never with secrets).
    pub before: Option<serde_json::Value>,
    /// The target after the change, as JSON (never with secrets).
    pub after: Option<serde_json::Value>,
}

/// An audit row to append.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewAudit {
    /// The organization concerned, if any.
    pub org_id: Option<i64>,
    /// What happened; not empty.
    pub action: String,
    /// The kind of thing acted on.
    pub target_type: Option<String>,
    /// Its id.
    pub target_id: Option<String>,
    /// The target before the change (leave secrets out).
    pub before: Option<serde_json::Value>,
    /// The target after the change (leave secrets out).
    pub after: Option<serde_json::Value>,
}

impl NewAudit {
    /// An entry for `action` on the target `(target_type, target_id)` of organization `org_id`.
    pub(crate) fn on(
        org_id: i64,
        action: &str,
        target_type: &str,
        target_id: impl ToString,
    ) -> NewAudit {
        NewAudit {
            org_id: Some(org_id),
            action: action.to_owned(),
            target_type: Some(target_type.to_owned()),
            target_id: Some(target_id.to_string()),
            before: None,
            after: None,
        }
    }

    /// This entry with the target's state before and after the change.
    pub(crate) fn change(
        self,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> NewAudit {
        NewAudit {
            before,
            after,
            ..self
        }
    }
}

/// What audit rows can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditSortField {
    /// When it happened.
    At,
    /// The action, alphabetically.
    Action,
    /// The actor's label, alphabetically.
    Actor,
    /// Storage id (increasing with time).
    Id,
}

/// Which audit rows to read: all conditions must hold. Rows come in `sort` order, newest first
/// (then by id, descending) when it is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this action (exact match), e.g. `user.update`.
    pub action: Option<String>,
    /// Only this actor label (exact match), e.g. `ann@example.com` or `token:nightly`.
    pub actor: Option<String>,
    /// Only rows at or after this instant (UTC).
    pub since: Option<NaiveDateTime>,
    /// Only rows strictly before this instant (UTC).
    pub until: Option<NaiveDateTime>,
    /// Page size, clamped to 1..=[`MAX_AUDIT_PAGE`].
    pub limit: i64,
    /// Rows to skip; negative counts as 0.
    pub offset: i64,
    /// Sort keys, most significant first; remaining ties go by id, ascending.
    pub sort: Vec<SortBy<AuditSortField>>,
}

/// One page of audit rows.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditPage {
    /// How many rows match the filter, over all pages.
    pub total: i64,
    /// This page's rows.
    pub items: Vec<AuditEntry>,
}

impl Default for AuditFilter {
    /// No conditions, the first 100 rows.
    fn default() -> Self {
        AuditFilter {
            action: None,
            actor: None,
            since: None,
            until: None,
            limit: 100,
            offset: 0,
            sort: Vec::new(),
        }
    }
}

/// An `audit_log` row as stored.
#[derive(Queryable, Selectable)]
#[diesel(table_name = audit_log)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct AuditRow {
    id: i64,
    org_id: Option<i64>,
    at: NaiveDateTime,
    actor_user_id: Option<i64>,
    actor_token_id: Option<i64>,
    actor: String,
    client_addr: Option<String>,
    action: String,
    target_type: Option<String>,
    target_id: Option<String>,
    before: Option<String>,
    after: Option<String>,
}

impl AuditRow {
    fn into_entry(self) -> AuditEntry {
        AuditEntry {
            id: self.id,
            org_id: self.org_id,
            at: self.at,
            actor_user_id: self.actor_user_id,
            actor_token_id: self.actor_token_id,
            actor: self.actor,
            client_addr: self.client_addr,
            action: self.action,
            target_type: self.target_type,
            target_id: self.target_id,
            before: self.before.as_deref().map(parse_json),
            after: self.after.as_deref().map(parse_json),
        }
    }
}

/// Stored JSON text as a value; text that is not JSON (written by hand) is kept as a string.
fn parse_json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.to_owned()))
}

/// Appends `entry` by `actor` on `conn`, inside the caller's transaction.
pub(crate) fn append(
    conn: &mut AnyConnection,
    entry: &NewAudit,
    actor: &Actor,
) -> Result<(), StoreError> {
    if entry.action.trim().is_empty() {
        return Err(StoreError::invalid("audit.action", "is empty"));
    }
    let text = |v: &Option<serde_json::Value>| v.as_ref().map(serde_json::Value::to_string);
    let inserted = diesel::insert_into(audit_log::table)
        .values((
            audit_log::org_id.eq(entry.org_id),
            audit_log::at.eq(now()),
            audit_log::actor_user_id.eq(actor.user_id),
            audit_log::actor_token_id.eq(actor.token_id),
            audit_log::actor.eq(&actor.label),
            audit_log::client_addr.eq(actor.client_addr.as_deref()),
            audit_log::action.eq(entry.action.trim()),
            audit_log::target_type.eq(entry.target_type.as_deref()),
            audit_log::target_id.eq(entry.target_id.as_deref()),
            audit_log::before.eq(text(&entry.before)),
            audit_log::after.eq(text(&entry.after)),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(()),
        Err(DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _)) => Err(
            StoreError::NotFound(format!("organization {}", entry.org_id.unwrap_or_default())),
        ),
        Err(e) => Err(e.into()),
    }
}

impl Store {
    /// Appends one audit row (for actions the store does not audit itself, e.g. an export).
    ///
    /// Errors: [`StoreError::Invalid`] for an empty action; [`StoreError::NotFound`] for an
    /// unknown organization.
    pub fn audit(&self, entry: &NewAudit, actor: &Actor) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        append(&mut conn, entry, actor)
    }

    /// The organization's audit rows matching `filter`, in its sort order (by default newest
    /// first, ties by id, descending).
    pub fn audit_log(
        &self,
        org_id: i64,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let mut conn = self.conn()?;
        audit_rows(&mut conn, org_id, filter)
    }

    /// One page of the organization's audit rows matching `filter` (as [`Store::audit_log`]),
    /// with the number of matches over all pages.
    pub fn audit_page(&self, org_id: i64, filter: &AuditFilter) -> Result<AuditPage, StoreError> {
        let mut conn = self.conn()?;
        let total = filtered(org_id, filter)
            .count()
            .get_result::<i64>(&mut *conn)?;
        let items = audit_rows(&mut conn, org_id, filter)?;
        Ok(AuditPage { total, items })
    }
}

/// The backend type of boxed queries on [`AnyConnection`].
type Db = <AnyConnection as Connection>::Backend;

/// The organization's audit rows matching `filter`, unordered and unpaged.
fn filtered<'a>(org_id: i64, filter: &'a AuditFilter) -> audit_log::BoxedQuery<'a, Db> {
    let mut query = audit_log::table
        .filter(audit_log::org_id.eq(org_id))
        .into_boxed();
    if let Some(action) = &filter.action {
        query = query.filter(audit_log::action.eq(action));
    }
    if let Some(actor) = &filter.actor {
        query = query.filter(audit_log::actor.eq(actor));
    }
    if let Some(since) = filter.since {
        query = query.filter(audit_log::at.ge(since));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_log::at.lt(until));
    }
    query
}

/// One page of the rows matching `filter`, in its order.
fn audit_rows(
    conn: &mut AnyConnection,
    org_id: i64,
    filter: &AuditFilter,
) -> Result<Vec<AuditEntry>, StoreError> {
    let mut query = filtered(org_id, filter);
    if filter.sort.is_empty() {
        query = query.order((audit_log::at.desc(), audit_log::id.desc()));
    } else {
        for key in &filter.sort {
            query = match (key.field, key.descending) {
                (AuditSortField::At, false) => query.then_order_by(audit_log::at.asc()),
                (AuditSortField::At, true) => query.then_order_by(audit_log::at.desc()),
                (AuditSortField::Action, false) => query.then_order_by(audit_log::action.asc()),
                (AuditSortField::Action, true) => query.then_order_by(audit_log::action.desc()),
                (AuditSortField::Actor, false) => query.then_order_by(audit_log::actor.asc()),
                (AuditSortField::Actor, true) => query.then_order_by(audit_log::actor.desc()),
                (AuditSortField::Id, false) => query.then_order_by(audit_log::id.asc()),
                (AuditSortField::Id, true) => query.then_order_by(audit_log::id.desc()),
            };
        }
        query = query.then_order_by(audit_log::id.asc());
    }
    let rows = query
        .limit(filter.limit.clamp(1, MAX_AUDIT_PAGE))
        .offset(filter.offset.max(0))
        .select(AuditRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(AuditRow::into_entry).collect())
}
