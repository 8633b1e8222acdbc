//! Upserts of everything responses point at: categories, indicators, cycles, account managers,
//! accounts and contacts. Each returns the storage ids the response step needs.

use std::collections::HashMap;

use diesel::prelude::*;
use gapscope_domain::survey::{ImportanceForm, IndicatorKind, Scale};
use gapscope_import::batch::{AccountDef, AccountManagerDef, Batch, CategoryDef, IndicatorDef};

use super::problems::{CONTACT_FIELD, Code, Problems};
use super::{Ctx, row_field};
use crate::StoreError;
use crate::conn::{AnyConnection, per_backend};
use crate::models::{CycleRow, form_columns, kind_to_str};
use crate::schema::{account_managers, accounts, categories, contacts, cycles, indicators};

/// Rows per multi-row INSERT: far below SQLite's and PostgreSQL's bind-parameter limits.
pub(super) const INSERT_CHUNK: usize = 500;

/// Upserts the batch's categories by key; returns their ids (aligned) and how many are new.
pub(super) fn upsert_categories(
    conn: &mut AnyConnection,
    org_id: i64,
    defs: &[CategoryDef],
) -> QueryResult<(Vec<i64>, usize)> {
    let mut existing: HashMap<String, (i64, String)> = categories::table
        .filter(categories::org_id.eq(org_id))
        .select((categories::key, (categories::id, categories::name)))
        .load::<(String, (i64, String))>(conn)?
        .into_iter()
        .collect();
    let mut next_position = categories::table
        .filter(categories::org_id.eq(org_id))
        .select(diesel::dsl::max(categories::position))
        .first::<Option<i32>>(conn)?
        .map_or(0, |p| p + 1);

    let mut ids = Vec::with_capacity(defs.len());
    let mut created = 0;
    for def in defs {
        if let Some((id, name)) = existing.get(&def.key) {
            if *name != def.name {
                diesel::update(categories::table.find(*id))
                    .set(categories::name.eq(&def.name))
                    .execute(conn)?;
            }
            ids.push(*id);
            continue;
        }
        let id = diesel::insert_into(categories::table)
            .values((
                categories::org_id.eq(org_id),
                categories::key.eq(&def.key),
                categories::name.eq(&def.name),
                categories::position.eq(next_position),
            ))
            .returning(categories::id)
            .get_result::<i64>(conn)?;
        next_position += 1;
        created += 1;
        existing.insert(def.key.clone(), (id, def.name.clone()));
        ids.push(id);
    }
    Ok((ids, created))
}

/// Upserts the batch's indicators by key; an existing one with another kind or scale is a
/// conflict. Returns their ids (aligned) and how many are new.
pub(super) fn upsert_indicators(
    conn: &mut AnyConnection,
    org_id: i64,
    defs: &[IndicatorDef],
) -> Result<(Vec<i64>, usize), StoreError> {
    type Stored = (i64, String, String, i32, i32);
    let mut existing: HashMap<String, Stored> = indicators::table
        .filter(indicators::org_id.eq(org_id))
        .select((
            indicators::key,
            (
                indicators::id,
                indicators::name,
                indicators::kind,
                indicators::scale_min,
                indicators::scale_max,
            ),
        ))
        .load::<(String, Stored)>(conn)?
        .into_iter()
        .collect();

    let mut ids = Vec::with_capacity(defs.len());
    let mut created = 0;
    for def in defs {
        let kind = kind_to_str(def.kind);
        if let Some((id, name, stored_kind, min, max)) = existing.get(&def.key) {
            check_indicator(
                def,
                stored_kind,
                Scale {
                    min: *min,
                    max: *max,
                },
            )?;
            if *name != def.name {
                diesel::update(indicators::table.find(*id))
                    .set(indicators::name.eq(&def.name))
                    .execute(conn)?;
            }
            ids.push(*id);
            continue;
        }
        let id = diesel::insert_into(indicators::table)
            .values((
                indicators::org_id.eq(org_id),
                indicators::key.eq(&def.key),
                indicators::name.eq(&def.name),
                indicators::kind.eq(kind),
                indicators::scale_min.eq(def.scale.min),
                indicators::scale_max.eq(def.scale.max),
            ))
            .returning(indicators::id)
            .get_result::<i64>(conn)?;
        created += 1;
        let stored = (
            id,
            def.name.clone(),
            kind.to_owned(),
            def.scale.min,
            def.scale.max,
        );
        existing.insert(def.key.clone(), stored);
        ids.push(id);
    }
    Ok((ids, created))
}

/// A conflict when a stored indicator's kind or scale differs from the batch's definition.
fn check_indicator(def: &IndicatorDef, stored_kind: &str, stored: Scale) -> Result<(), StoreError> {
    let kind = kind_to_str(def.kind);
    if stored_kind != kind {
        return Err(StoreError::conflict(
            format!("indicators[{}].kind", def.key),
            format!("the indicator was stored with kind {stored_kind}; the file says {kind}"),
        ));
    }
    if stored != def.scale {
        return Err(StoreError::conflict(
            format!("indicators[{}].scale", def.key),
            format!(
                "the indicator was stored on {}; the file says {}",
                scale_text(stored),
                scale_text(def.scale)
            ),
        ));
    }
    Ok(())
}

/// Upserts the batch's cycles by key; an existing one with another performance scale or
/// importance form is a conflict. Returns key → id and how many are new.
pub(super) fn upsert_cycles(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    indicator_ids: &[i64],
) -> Result<(HashMap<String, i64>, usize), StoreError> {
    let batch = ctx.batch;
    let existing: HashMap<String, CycleRow> = cycles::table
        .filter(cycles::org_id.eq(ctx.org_id))
        .filter(cycles::key.eq_any(&batch.cycles))
        .select(CycleRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|c| (c.key.clone(), c))
        .collect();
    let outcome = outcome_indicator(batch, indicator_ids);
    let (form, imp_min, imp_max, pick_k) = form_columns(&batch.importance_form);

    let mut ids = HashMap::new();
    let mut created = 0;
    for key in &batch.cycles {
        if let Some(row) = existing.get(key) {
            check_cycle(batch, row)?;
            ids.insert(key.clone(), row.id);
            continue;
        }
        let id = diesel::insert_into(cycles::table)
            .values((
                cycles::org_id.eq(ctx.org_id),
                cycles::key.eq(key),
                cycles::performance_min.eq(batch.performance_scale.min),
                cycles::performance_max.eq(batch.performance_scale.max),
                cycles::importance_form.eq(form),
                cycles::importance_min.eq(imp_min),
                cycles::importance_max.eq(imp_max),
                cycles::pick_k.eq(pick_k),
                cycles::outcome_indicator_id.eq(outcome),
                cycles::created_at.eq(ctx.now),
            ))
            .returning(cycles::id)
            .get_result::<i64>(conn)?;
        created += 1;
        ids.insert(key.clone(), id);
    }
    Ok((ids, created))
}

/// The batch's LTR indicator, else its satisfaction indicator, else none.
fn outcome_indicator(batch: &Batch, indicator_ids: &[i64]) -> Option<i64> {
    let find = |kind| {
        batch
            .indicators
            .iter()
            .zip(indicator_ids)
            .find(|(def, _)| def.kind == kind)
            .map(|(_, id)| *id)
    };
    find(IndicatorKind::Ltr).or_else(|| find(IndicatorKind::Satisfaction))
}

/// A conflict when a stored cycle's performance scale or importance form differs from the batch.
fn check_cycle(batch: &Batch, row: &CycleRow) -> Result<(), StoreError> {
    let stored = row.performance_scale();
    if stored != batch.performance_scale {
        return Err(StoreError::conflict(
            format!("cycles[{}].performance_scale", row.key),
            format!(
                "the cycle was stored with performance on {}; the file says {}",
                scale_text(stored),
                scale_text(batch.performance_scale)
            ),
        ));
    }
    let form = row.importance_form()?;
    if form != batch.importance_form {
        return Err(StoreError::conflict(
            format!("cycles[{}].importance_form", row.key),
            format!(
                "the cycle was stored with {}; the file says {}",
                form_text(&form),
                form_text(&batch.importance_form)
            ),
        ));
    }
    Ok(())
}

/// A scale in words, e.g. `1-10`.
fn scale_text(scale: Scale) -> String {
    format!("{}-{}", scale.min, scale.max)
}

/// An importance form in words, e.g. `rating importance on 1-10`.
fn form_text(form: &ImportanceForm) -> String {
    match form {
        ImportanceForm::Rating { scale } => format!("rating importance on {}", scale_text(*scale)),
        ImportanceForm::Pick { k } => format!("pick importance (up to {k} categories)"),
        ImportanceForm::None => "no stated importance".to_owned(),
    }
}

/// Upserts account managers by external id (name and team updated when the file gives new
/// ones); returns external id → id and how many are new.
pub(super) fn upsert_account_managers(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    defs: &[AccountManagerDef],
) -> QueryResult<(HashMap<String, i64>, usize)> {
    type Stored = (i64, String, Option<String>);
    let existing: HashMap<String, Stored> = account_managers::table
        .filter(account_managers::org_id.eq(ctx.org_id))
        .select((
            account_managers::external_id,
            (
                account_managers::id,
                account_managers::name,
                account_managers::team,
            ),
        ))
        .load::<(String, Stored)>(conn)?
        .into_iter()
        .collect();

    let mut ids = HashMap::new();
    let mut new = Vec::new();
    for def in defs {
        let Some((id, old_name, old_team)) = existing.get(&def.external_id) else {
            new.push(def);
            continue;
        };
        // A file without a name column names the AM by its external id: keep the stored name.
        let name = if def.name == def.external_id {
            old_name
        } else {
            &def.name
        };
        let team = def.team.as_ref().or(old_team.as_ref());
        if name != old_name || team != old_team.as_ref() {
            diesel::update(account_managers::table.find(*id))
                .set((
                    account_managers::name.eq(name),
                    account_managers::team.eq(team),
                ))
                .execute(conn)?;
        }
        ids.insert(def.external_id.clone(), *id);
    }
    for chunk in new.chunks(INSERT_CHUNK) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|d| {
                (
                    account_managers::org_id.eq(ctx.org_id),
                    account_managers::external_id.eq(&d.external_id),
                    account_managers::name.eq(&d.name),
                    account_managers::team.eq(d.team.as_ref()),
                    account_managers::created_at.eq(ctx.now),
                )
            })
            .collect();
        let query = diesel::insert_into(account_managers::table)
            .values(rows)
            .returning((account_managers::external_id, account_managers::id));
        let inserted = per_backend!(conn, |c| query.get_results::<(String, i64)>(c))?;
        ids.extend(inserted);
    }
    Ok((ids, new.len()))
}

/// Upserts accounts by external id (name and annual value updated when the file gives new
/// ones); returns external id → id and how many are new.
pub(super) fn upsert_accounts(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    defs: &[AccountDef],
) -> QueryResult<(HashMap<String, i64>, usize)> {
    type Stored = (i64, String, Option<f64>);
    let existing: HashMap<String, Stored> = accounts::table
        .filter(accounts::org_id.eq(ctx.org_id))
        .select((
            accounts::external_id,
            (accounts::id, accounts::name, accounts::annual_value),
        ))
        .load::<(String, Stored)>(conn)?
        .into_iter()
        .collect();

    let mut ids = HashMap::new();
    let mut new = Vec::new();
    for def in defs {
        let Some((id, name, value)) = existing.get(&def.external_id) else {
            new.push(def);
            continue;
        };
        // As for AMs: a name equal to the external id means the file had no name column.
        let new_name = if def.name == def.external_id {
            name
        } else {
            &def.name
        };
        let new_value = def.annual_value.or(*value);
        if new_name != name || new_value != *value {
            diesel::update(accounts::table.find(*id))
                .set((
                    accounts::name.eq(new_name),
                    accounts::annual_value.eq(new_value),
                ))
                .execute(conn)?;
        }
        ids.insert(def.external_id.clone(), *id);
    }
    for chunk in new.chunks(INSERT_CHUNK) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|d| {
                (
                    accounts::org_id.eq(ctx.org_id),
                    accounts::external_id.eq(&d.external_id),
                    accounts::name.eq(&d.name),
                    accounts::annual_value.eq(d.annual_value),
                    accounts::created_at.eq(ctx.now),
                )
            })
            .collect();
        let query = diesel::insert_into(accounts::table)
            .values(rows)
            .returning((accounts::external_id, accounts::id));
        let inserted = per_backend!(conn, |c| query.get_results::<(String, i64)>(c))?;
        ids.extend(inserted);
    }
    Ok((ids, new.len()))
}

/// The contacts of a batch after upsert.
pub(super) struct Contacts {
    /// External id → storage id.
    pub ids: HashMap<String, i64>,
    /// How many were created.
    pub created: usize,
    /// Existing contacts whose role changed: their responses' cells must be rebuilt.
    pub role_changed: Vec<i64>,
}

/// Upserts the contacts the rows name (role updated to the last row's). A row putting a
/// contact under another account than the stored one, or than an earlier row's, is a problem.
pub(super) fn upsert_contacts(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    account_ids: &HashMap<String, i64>,
    problems: &mut Problems,
) -> Result<Contacts, StoreError> {
    let existing: HashMap<String, StoredContact> = contacts::table
        .inner_join(accounts::table.on(accounts::id.eq(contacts::account_id)))
        .filter(contacts::org_id.eq(ctx.org_id))
        .select((
            contacts::external_id,
            (
                contacts::id,
                contacts::account_id,
                contacts::role,
                accounts::external_id,
            ),
        ))
        .load::<(String, StoredContact)>(conn)?
        .into_iter()
        .collect();
    let wanted = wanted_contacts(ctx.batch, account_ids, &existing, problems)?;

    let mut out = Contacts {
        ids: HashMap::new(),
        created: 0,
        role_changed: Vec::new(),
    };
    let mut new = Vec::new();
    for (external_id, want) in &wanted {
        let Some((id, _, role, _)) = existing.get(*external_id) else {
            new.push((*external_id, want));
            continue;
        };
        if role != want.role {
            diesel::update(contacts::table.find(*id))
                .set(contacts::role.eq(want.role))
                .execute(conn)?;
            out.role_changed.push(*id);
        }
        out.ids.insert((*external_id).to_owned(), *id);
    }
    // Sorted so ids are assigned in a stable order.
    new.sort_by_key(|(_, want)| want.row);
    for chunk in new.chunks(INSERT_CHUNK) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(external_id, want)| {
                (
                    contacts::org_id.eq(ctx.org_id),
                    contacts::account_id.eq(want.account_id),
                    contacts::external_id.eq(*external_id),
                    contacts::role.eq(want.role),
                )
            })
            .collect();
        let query = diesel::insert_into(contacts::table)
            .values(rows)
            .returning((contacts::external_id, contacts::id));
        let inserted = per_backend!(conn, |c| query.get_results::<(String, i64)>(c))?;
        out.ids.extend(inserted);
    }
    out.created = new.len();
    Ok(out)
}

/// A stored contact: (id, account id, role, account external id).
type StoredContact = (i64, i64, String, String);

/// What the file says about one contact.
struct WantedContact<'a> {
    /// The last row naming it.
    row: usize,
    account: &'a str,
    account_id: i64,
    role: &'a str,
}

/// The contacts the rows name, with their account and last role, walking the rows in file
/// order. A row naming an account the batch does not define is invalid (a malformed batch); a
/// row putting its contact under another account than the stored one, or (for a new contact)
/// than its first row, is a problem.
fn wanted_contacts<'a>(
    batch: &'a Batch,
    account_ids: &HashMap<String, i64>,
    existing: &HashMap<String, StoredContact>,
    problems: &mut Problems,
) -> Result<HashMap<&'a str, WantedContact<'a>>, StoreError> {
    let mut wanted: HashMap<&str, WantedContact<'_>> = HashMap::new();
    for row in &batch.responses {
        let account_id = *account_ids.get(&row.account).ok_or_else(|| {
            StoreError::invalid(
                row_field(row.row, "account"),
                format!(
                    "account `{}` is not among the batch's accounts",
                    row.account
                ),
            )
        })?;
        let first = wanted.get(row.contact.as_str());
        let problem = match (existing.get(&row.contact), first) {
            (Some((_, stored, _, stored_account)), _) if *stored != account_id => Some((
                Code::ContactInAnotherAccount,
                format!(
                    "contact \"{}\" is stored under account \"{stored_account}\", not under \
                     \"{}\"; a contact belongs to one account",
                    row.contact, row.account
                ),
            )),
            (None, Some(first)) if first.account_id != account_id => Some((
                Code::ContactInTwoAccounts,
                format!(
                    "contact \"{}\" is under account \"{}\" on line {} and under account \
                     \"{}\" here; a contact belongs to one account",
                    row.contact, first.account, first.row, row.account
                ),
            )),
            _ => None,
        };
        // A rejected row still resolves its contact (so later steps can check the row's other
        // problems), but does not replace what an earlier row said.
        let keep_first = problem.is_some() && first.is_some();
        if let Some((code, message)) = problem {
            problems.push(row, CONTACT_FIELD, code, message);
        }
        if !keep_first {
            let want = WantedContact {
                row: row.row,
                account: &row.account,
                account_id,
                role: &row.contact_role,
            };
            wanted.insert(&row.contact, want);
        }
    }
    Ok(wanted)
}
