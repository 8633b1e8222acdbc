//! Rows to responses: classify each row as new, changed or unchanged, then write the new and
//! changed ones (with their ratings and indicator values) in multi-row inserts.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use gapscope_import::batch::ResponseRow;

use super::problems::{CONTACT_FIELD, Code, Problems, RESPONSE_ID_FIELD};
use super::reference::INSERT_CHUNK;
use super::{Ctx, Ids, history, row_field};
use crate::StoreError;
use crate::conn::{AnyConnection, per_backend};
use crate::schema::{indicator_values, ratings, responses};

/// Ratings per multi-row INSERT (5 binds each).
const RATING_CHUNK: usize = 1_000;

/// Category id → (importance, performance); categories with neither value are left out.
type Ratings = BTreeMap<i64, (Option<i32>, Option<i32>)>;
/// Indicator id → value; missing values are left out.
type Values = BTreeMap<i64, i32>;

/// What [`apply`] did.
pub(super) struct Applied {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub assignments_changed: usize,
    /// Every (cycle, account) whose aggregate cells must be rebuilt.
    pub touched: BTreeSet<(i64, i64)>,
}

/// The columns of a stored response that a row is compared with.
#[derive(Queryable, Selectable)]
#[diesel(table_name = responses)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct StoredRow {
    id: i64,
    cycle_id: i64,
    account_id: i64,
    contact_id: i64,
    account_manager_id: i64,
    external_id: String,
    submitted_at: NaiveDateTime,
    comment: Option<String>,
}

/// A stored response with its ratings and values.
struct Stored {
    row: StoredRow,
    ratings: Ratings,
    values: Values,
}

/// A row that will be written.
pub(super) struct Planned<'a> {
    pub row: &'a ResponseRow,
    /// The stored response it replaces: (id, account before).
    pub replaces: Option<(i64, i64)>,
    pub cycle_id: i64,
    pub account_id: i64,
    pub contact_id: i64,
    /// The AM the row names.
    pub named_am: Option<i64>,
    /// The AM of record when known before [`history::resolve`]: the named one, or the stored
    /// one of a response being replaced.
    pub am: Option<i64>,
    pub submitted_at: NaiveDateTime,
    ratings: Ratings,
    values: Values,
}

/// Classifies and writes every row of the batch; also maintains the assignment history.
///
/// Adds the rows' problems to `problems`; when there are any (these or earlier ones), returns
/// them all as [`StoreError::Rows`] before writing a response.
pub(super) fn apply(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    ids: &Ids,
    problems: &mut Problems,
) -> Result<Applied, StoreError> {
    let cycle_ids: Vec<i64> = ids.cycles.values().copied().collect();
    let stored = load_stored(conn, ctx.org_id, &cycle_ids)?;
    let (plan, unchanged) = classify(ctx, ids, &stored, problems)?;

    let (ams, assignments_changed) = history::resolve(conn, ctx, &plan, problems)?;
    problems.check()?;
    write(conn, ctx, &plan, &ams)?;

    let mut touched = BTreeSet::new();
    for p in &plan {
        touched.insert((p.cycle_id, p.account_id));
        if let Some((_, before)) = p.replaces {
            touched.insert((p.cycle_id, before));
        }
    }
    Ok(Applied {
        inserted: plan.iter().filter(|p| p.replaces.is_none()).count(),
        updated: plan.iter().filter(|p| p.replaces.is_some()).count(),
        unchanged,
        assignments_changed,
        touched,
    })
}

/// The (cycle, account) pairs of every response by these contacts.
pub(super) fn pairs_of_contacts(
    conn: &mut AnyConnection,
    contact_ids: &[i64],
) -> QueryResult<BTreeSet<(i64, i64)>> {
    let mut pairs = BTreeSet::new();
    for chunk in contact_ids.chunks(INSERT_CHUNK) {
        pairs.extend(
            responses::table
                .filter(responses::contact_id.eq_any(chunk))
                .select((responses::cycle_id, responses::account_id))
                .load::<(i64, i64)>(conn)?,
        );
    }
    Ok(pairs)
}

/// The stored responses of the organization in these cycles, by (cycle, external id).
fn load_stored(
    conn: &mut AnyConnection,
    org_id: i64,
    cycle_ids: &[i64],
) -> QueryResult<HashMap<(i64, String), Stored>> {
    let in_scope = responses::org_id
        .eq(org_id)
        .and(responses::cycle_id.eq_any(cycle_ids));
    let rows = responses::table
        .filter(in_scope.clone())
        .select(StoredRow::as_select())
        .load(conn)?;
    let mut ratings_of: HashMap<i64, Ratings> = HashMap::new();
    for (response, category, importance, performance) in ratings::table
        .inner_join(responses::table)
        .filter(in_scope.clone())
        .select((
            ratings::response_id,
            ratings::category_id,
            ratings::importance,
            ratings::performance,
        ))
        .load::<(i64, i64, Option<i32>, Option<i32>)>(conn)?
    {
        ratings_of
            .entry(response)
            .or_default()
            .insert(category, (importance, performance));
    }
    let mut values_of: HashMap<i64, Values> = HashMap::new();
    for (response, indicator, value) in indicator_values::table
        .inner_join(responses::table)
        .filter(in_scope)
        .select((
            indicator_values::response_id,
            indicator_values::indicator_id,
            indicator_values::value,
        ))
        .load::<(i64, i64, i32)>(conn)?
    {
        values_of
            .entry(response)
            .or_default()
            .insert(indicator, value);
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let stored = Stored {
                ratings: ratings_of.remove(&row.id).unwrap_or_default(),
                values: values_of.remove(&row.id).unwrap_or_default(),
                row,
            };
            (
                (stored.row.cycle_id, stored.row.external_id.clone()),
                stored,
            )
        })
        .collect())
}

/// Splits the rows into the ones to write and a count of unchanged ones. A row repeating a
/// response id or a contact's answer to a cycle (in the batch, or against a stored response)
/// is a problem, and left out.
fn classify<'a>(
    ctx: &Ctx<'a>,
    ids: &Ids,
    stored: &HashMap<(i64, String), Stored>,
    problems: &mut Problems,
) -> Result<(Vec<Planned<'a>>, usize), StoreError> {
    let stored_by_contact: HashMap<(i64, i64), &str> = stored
        .values()
        .map(|s| {
            (
                (s.row.cycle_id, s.row.contact_id),
                s.row.external_id.as_str(),
            )
        })
        .collect();
    let mut seen_external: HashMap<(i64, &str), usize> = HashMap::new();
    let mut seen_contact: HashMap<(i64, i64), usize> = HashMap::new();
    let mut plan = Vec::new();
    let mut unchanged = 0;

    for row in &ctx.batch.responses {
        let mut p = plan_row(ctx, ids, row)?;
        let key = (p.cycle_id, row.external_id.as_str());
        if let Some(&first) = seen_external.get(&key) {
            let message = format!(
                "response id \"{}\" is already used on line {first}",
                row.external_id
            );
            problems.push(row, RESPONSE_ID_FIELD, Code::DuplicateResponseId, message);
            continue;
        }
        seen_external.insert(key, row.row);
        if let Some(&first) = seen_contact.get(&(p.cycle_id, p.contact_id)) {
            let message = answered_twice(row, &format!("on line {first}"));
            problems.push(row, CONTACT_FIELD, Code::DuplicateContactInCycle, message);
            continue;
        }
        seen_contact.insert((p.cycle_id, p.contact_id), row.row);
        if let Some(other) = stored_by_contact.get(&(p.cycle_id, p.contact_id))
            && *other != row.external_id
        {
            let message = answered_twice(row, &format!("stored response \"{other}\""));
            problems.push(row, CONTACT_FIELD, Code::ContactAnsweredTwice, message);
            continue;
        }

        let Some(old) = stored.get(&(p.cycle_id, row.external_id.clone())) else {
            plan.push(p);
            continue;
        };
        // Without an AM or a time in the row, the stored ones stand.
        p.am = Some(p.named_am.unwrap_or(old.row.account_manager_id));
        if row.submitted_at.is_none() {
            p.submitted_at = old.row.submitted_at;
        }
        if is_unchanged(&p, old) {
            unchanged += 1;
            continue;
        }
        p.replaces = Some((old.row.id, old.row.account_id));
        plan.push(p);
    }
    Ok((plan, unchanged))
}

/// The message for a contact answering one cycle twice; `other` names the first answer.
fn answered_twice(row: &ResponseRow, other: &str) -> String {
    format!(
        "contact \"{}\" already answered cycle \"{}\" ({other}); a contact answers a cycle once",
        row.contact, row.cycle
    )
}

/// Whether a stored response already says everything the row says.
fn is_unchanged(p: &Planned<'_>, old: &Stored) -> bool {
    old.row.account_id == p.account_id
        && old.row.contact_id == p.contact_id
        && Some(old.row.account_manager_id) == p.am
        && old.row.submitted_at == p.submitted_at
        && old.row.comment == p.row.comment
        && old.ratings == p.ratings
        && old.values == p.values
}

/// Resolves a row's references to storage ids, as a response to insert.
fn plan_row<'a>(ctx: &Ctx<'a>, ids: &Ids, row: &'a ResponseRow) -> Result<Planned<'a>, StoreError> {
    let lookup = |map: &HashMap<String, i64>, key: &str, field: &str| {
        map.get(key).copied().ok_or_else(|| {
            StoreError::invalid(
                row_field(row.row, field),
                format!("`{key}` is not defined by the batch"),
            )
        })
    };
    let named_am = match &row.account_manager {
        Some(am) => Some(lookup(&ids.account_managers, am, "account_manager")?),
        None => None,
    };
    Ok(Planned {
        row,
        replaces: None,
        cycle_id: lookup(&ids.cycles, &row.cycle, "cycle")?,
        account_id: lookup(&ids.accounts, &row.account, "account")?,
        contact_id: lookup(&ids.contacts, &row.contact, "contact")?,
        named_am,
        am: named_am,
        submitted_at: row.submitted_at.unwrap_or(ctx.now),
        ratings: row_ratings(ids, row)?,
        values: row_values(ids, row)?,
    })
}

/// A row's ratings by category id.
fn row_ratings(ids: &Ids, row: &ResponseRow) -> Result<Ratings, StoreError> {
    let n = ids.categories.len();
    for (field, len) in [
        ("importance", row.importance.len()),
        ("performance", row.performance.len()),
    ] {
        if len != n {
            return Err(StoreError::invalid(
                row_field(row.row, field),
                format!("has {len} values for {n} categories"),
            ));
        }
    }
    Ok(ids
        .categories
        .iter()
        .zip(row.importance.iter().zip(&row.performance))
        .filter(|(_, (i, p))| i.is_some() || p.is_some())
        .map(|(id, (i, p))| (*id, (*i, *p)))
        .collect())
}

/// A row's indicator values by indicator id.
fn row_values(ids: &Ids, row: &ResponseRow) -> Result<Values, StoreError> {
    let n = ids.indicators.len();
    if row.indicators.len() != n {
        return Err(StoreError::invalid(
            row_field(row.row, "indicators"),
            format!("has {} values for {n} indicators", row.indicators.len()),
        ));
    }
    Ok(ids
        .indicators
        .iter()
        .zip(&row.indicators)
        .filter_map(|(id, v)| v.map(|v| (*id, v)))
        .collect())
}

/// Writes the planned responses: updates first (they may free a contact slot), then inserts,
/// then all ratings and indicator values in multi-row inserts.
/// `ams` holds the AM of record of each planned row.
fn write(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    plan: &[Planned<'_>],
    ams: &[i64],
) -> Result<(), StoreError> {
    let replaced: Vec<i64> = plan
        .iter()
        .filter_map(|p| p.replaces.map(|r| r.0))
        .collect();
    for (p, &am) in plan.iter().zip(ams) {
        if let Some((id, _)) = p.replaces {
            update_response(conn, ctx, id, p, am)?;
        }
    }
    for chunk in replaced.chunks(INSERT_CHUNK) {
        diesel::delete(ratings::table.filter(ratings::response_id.eq_any(chunk))).execute(conn)?;
        diesel::delete(indicator_values::table.filter(indicator_values::response_id.eq_any(chunk)))
            .execute(conn)?;
    }
    let inserted = insert_responses(conn, ctx, plan, ams)?;
    let response_ids = plan
        .iter()
        .map(|p| match p.replaces {
            Some((id, _)) => Ok(id),
            None => inserted
                .get(&(p.cycle_id, p.row.external_id.clone()))
                .copied()
                .ok_or_else(|| {
                    StoreError::NotFound(format!("inserted response of row {}", p.row.row))
                }),
        })
        .collect::<Result<Vec<_>, _>>()?;
    insert_ratings(conn, ctx.org_id, plan, &response_ids)?;
    insert_values(conn, ctx.org_id, plan, &response_ids)?;
    Ok(())
}

/// Overwrites a stored response with the row's values.
fn update_response(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    id: i64,
    p: &Planned<'_>,
    am: i64,
) -> QueryResult<()> {
    diesel::update(responses::table.find(id))
        .set((
            responses::account_id.eq(p.account_id),
            responses::contact_id.eq(p.contact_id),
            responses::account_manager_id.eq(am),
            responses::submitted_at.eq(p.submitted_at),
            responses::comment.eq(p.row.comment.as_deref()),
            responses::import_id.eq(&ctx.import_id),
        ))
        .execute(conn)?;
    Ok(())
}

/// Inserts the new responses; returns their ids by (cycle, external id).
fn insert_responses(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    plan: &[Planned<'_>],
    ams: &[i64],
) -> QueryResult<HashMap<(i64, String), i64>> {
    let new: Vec<_> = plan
        .iter()
        .zip(ams)
        .filter(|(p, _)| p.replaces.is_none())
        .collect();
    let mut ids = HashMap::with_capacity(new.len());
    for chunk in new.chunks(INSERT_CHUNK) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(p, am)| {
                (
                    responses::org_id.eq(ctx.org_id),
                    responses::cycle_id.eq(p.cycle_id),
                    responses::account_id.eq(p.account_id),
                    responses::contact_id.eq(p.contact_id),
                    responses::account_manager_id.eq(**am),
                    responses::external_id.eq(&p.row.external_id),
                    responses::submitted_at.eq(p.submitted_at),
                    responses::comment.eq(p.row.comment.as_deref()),
                    responses::import_id.eq(&ctx.import_id),
                )
            })
            .collect();
        // RETURNING order is not guaranteed, hence the keys.
        let query = diesel::insert_into(responses::table)
            .values(rows)
            .returning((responses::cycle_id, responses::external_id, responses::id));
        let returned = per_backend!(conn, |c| query.get_results::<(i64, String, i64)>(c))?;
        ids.extend(returned.into_iter().map(|(c, e, id)| ((c, e), id)));
    }
    Ok(ids)
}

/// Inserts the ratings of every planned response.
fn insert_ratings(
    conn: &mut AnyConnection,
    org_id: i64,
    plan: &[Planned<'_>],
    response_ids: &[i64],
) -> QueryResult<()> {
    let rows: Vec<_> = plan
        .iter()
        .zip(response_ids)
        .flat_map(|(p, &response)| {
            p.ratings
                .iter()
                .map(move |(&category, &(importance, performance))| {
                    (
                        ratings::org_id.eq(org_id),
                        ratings::response_id.eq(response),
                        ratings::category_id.eq(category),
                        ratings::importance.eq(importance),
                        ratings::performance.eq(performance),
                    )
                })
        })
        .collect();
    for chunk in rows.chunks(RATING_CHUNK) {
        let query = diesel::insert_into(ratings::table).values(chunk);
        per_backend!(&mut *conn, |c| query.execute(c))?;
    }
    Ok(())
}

/// Inserts the indicator values of every planned response.
fn insert_values(
    conn: &mut AnyConnection,
    org_id: i64,
    plan: &[Planned<'_>],
    response_ids: &[i64],
) -> QueryResult<()> {
    let rows: Vec<_> = plan
        .iter()
        .zip(response_ids)
        .flat_map(|(p, &response)| {
            p.values.iter().map(move |(&indicator, &value)| {
                (
                    indicator_values::org_id.eq(org_id),
                    indicator_values::response_id.eq(response),
                    indicator_values::indicator_id.eq(indicator),
                    indicator_values::value.eq(value),
                )
            })
        })
        .collect();
    for chunk in rows.chunks(RATING_CHUNK) {
        let query = diesel::insert_into(indicator_values::table).values(chunk);
        per_backend!(&mut *conn, |c| query.execute(c))?;
    }
    Ok(())
}
