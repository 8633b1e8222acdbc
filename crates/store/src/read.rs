//! Reads: organizations, reference data, accounts with their owners, and a cycle's cells.

use std::collections::HashMap;

use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use gapscope_domain::cells::{CategoryCell, IndicatorCell, ResponseCell};
use serde::Serialize;

use crate::conn::AnyConnection;
use crate::models::{AccountRow, CycleRow, IndicatorRow};
use crate::schema::{
    account_managers, accounts, agg_category, agg_indicator, agg_response, assignments, categories,
    cycles, indicators, organizations, responses,
};
use crate::{
    Account, AccountManager, Assignment, Category, Cycle, Indicator, Organization, Store,
    StoreError, now,
};

/// Every aggregate cell of one cycle: the domain's input for all its numbers.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CycleCells {
    /// One cell per (account, AM of record, role, category).
    pub categories: Vec<CategoryCell>,
    /// One cell per (account, AM of record, role, indicator).
    pub indicators: Vec<IndicatorCell>,
    /// One cell per (account, AM of record, role).
    pub responses: Vec<ResponseCell>,
}

impl Store {
    /// Whether the database holds no responses at all (in any organization).
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        let mut conn = self.conn()?;
        let any = responses::table
            .select(responses::id)
            .first::<i64>(&mut *conn)
            .optional()?;
        Ok(any.is_none())
    }

    /// The organization called `name`, created with empty settings when missing.
    pub fn ensure_organization(&self, name: &str) -> Result<Organization, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::invalid("organization.name", "is empty"));
        }
        let mut conn = self.conn()?;
        if let Some(org) = find_organization(&mut conn, name)? {
            return Ok(org);
        }
        let inserted = diesel::insert_into(organizations::table)
            .values((
                organizations::name.eq(name),
                organizations::settings.eq("{}"),
                organizations::created_at.eq(now()),
            ))
            .returning(organizations::all_columns)
            .get_result::<Organization>(&mut *conn);
        match inserted {
            Ok(org) => Ok(org),
            // Another process created it between our read and our insert.
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
                find_organization(&mut conn, name)?
                    .ok_or_else(|| StoreError::NotFound(format!("organization `{name}`")))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The organization called `name`, if any.
    pub fn organization(&self, name: &str) -> Result<Option<Organization>, StoreError> {
        let mut conn = self.conn()?;
        find_organization(&mut conn, name.trim())
    }

    /// The organization with storage id `id`, if any.
    pub fn organization_by_id(&self, id: i64) -> Result<Option<Organization>, StoreError> {
        let mut conn = self.conn()?;
        Ok(organizations::table
            .find(id)
            .select(Organization::as_select())
            .first(&mut *conn)
            .optional()?)
    }

    /// The organization's cycles ordered by key (byte order), each with its response count.
    pub fn cycles(&self, org_id: i64) -> Result<Vec<Cycle>, StoreError> {
        let mut conn = self.conn()?;
        let rows = cycles::table
            .filter(cycles::org_id.eq(org_id))
            .select(CycleRow::as_select())
            .load(&mut *conn)?;
        let counts: HashMap<i64, i64> = responses::table
            .filter(responses::org_id.eq(org_id))
            .group_by(responses::cycle_id)
            .select((responses::cycle_id, count_star()))
            .load::<(i64, i64)>(&mut *conn)?
            .into_iter()
            .collect();
        let mut out = rows
            .into_iter()
            .map(|r| {
                let n = counts.get(&r.id).copied().unwrap_or(0);
                r.into_cycle(n)
            })
            .collect::<Result<Vec<_>, _>>()?;
        // Sorted here rather than in SQL so both backends agree whatever the PG collation.
        out.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(out)
    }

    /// The cycle with key `key`, if any.
    pub fn cycle_by_key(&self, org_id: i64, key: &str) -> Result<Option<Cycle>, StoreError> {
        let mut conn = self.conn()?;
        let Some(row) = cycles::table
            .filter(cycles::org_id.eq(org_id))
            .filter(cycles::key.eq(key))
            .select(CycleRow::as_select())
            .first(&mut *conn)
            .optional()?
        else {
            return Ok(None);
        };
        let n = responses::table
            .filter(responses::cycle_id.eq(row.id))
            .count()
            .get_result::<i64>(&mut *conn)?;
        Ok(Some(row.into_cycle(n)?))
    }

    /// The cycle with the greatest key (keys must sort chronologically), if any.
    pub fn latest_cycle(&self, org_id: i64) -> Result<Option<Cycle>, StoreError> {
        Ok(self.cycles(org_id)?.pop())
    }

    /// The organization's categories by position.
    pub fn categories(&self, org_id: i64) -> Result<Vec<Category>, StoreError> {
        let mut conn = self.conn()?;
        Ok(categories::table
            .filter(categories::org_id.eq(org_id))
            .order((categories::position, categories::id))
            .select(Category::as_select())
            .load(&mut *conn)?)
    }

    /// The organization's indicators in order of creation.
    pub fn indicators(&self, org_id: i64) -> Result<Vec<Indicator>, StoreError> {
        let mut conn = self.conn()?;
        let rows = indicators::table
            .filter(indicators::org_id.eq(org_id))
            .order(indicators::id)
            .select(IndicatorRow::as_select())
            .load(&mut *conn)?;
        Ok(rows
            .into_iter()
            .map(IndicatorRow::into_indicator)
            .collect::<Result<_, _>>()?)
    }

    /// The organization's account managers by name.
    pub fn account_managers(&self, org_id: i64) -> Result<Vec<AccountManager>, StoreError> {
        let mut conn = self.conn()?;
        Ok(account_managers::table
            .filter(account_managers::org_id.eq(org_id))
            .order((account_managers::name, account_managers::id))
            .select(AccountManager::as_select())
            .load(&mut *conn)?)
    }

    /// One account manager of the organization, if any.
    pub fn account_manager(
        &self,
        org_id: i64,
        id: i64,
    ) -> Result<Option<AccountManager>, StoreError> {
        let mut conn = self.conn()?;
        Ok(account_managers::table
            .filter(account_managers::org_id.eq(org_id))
            .filter(account_managers::id.eq(id))
            .select(AccountManager::as_select())
            .first(&mut *conn)
            .optional()?)
    }

    /// The account manager of the organization with this external id, if any.
    pub fn account_manager_by_external_id(
        &self,
        org_id: i64,
        external_id: &str,
    ) -> Result<Option<AccountManager>, StoreError> {
        let mut conn = self.conn()?;
        Ok(account_managers::table
            .filter(account_managers::org_id.eq(org_id))
            .filter(account_managers::external_id.eq(external_id.trim()))
            .select(AccountManager::as_select())
            .first(&mut *conn)
            .optional()?)
    }

    /// The organization's accounts by name, each with its current owner.
    pub fn accounts(&self, org_id: i64) -> Result<Vec<Account>, StoreError> {
        let mut conn = self.conn()?;
        let rows = accounts::table
            .filter(accounts::org_id.eq(org_id))
            .order((accounts::name, accounts::id))
            .select(AccountRow::as_select())
            .load(&mut *conn)?;
        let owners: HashMap<i64, i64> = assignments::table
            .filter(assignments::org_id.eq(org_id))
            .filter(assignments::valid_to.is_null())
            .select((assignments::account_id, assignments::account_manager_id))
            .load::<(i64, i64)>(&mut *conn)?
            .into_iter()
            .collect();
        Ok(rows
            .into_iter()
            .map(|r| {
                let owner = owners.get(&r.id).copied();
                r.with_owner(owner)
            })
            .collect())
    }

    /// One account of the organization with its current owner, if any.
    pub fn account(&self, org_id: i64, id: i64) -> Result<Option<Account>, StoreError> {
        let mut conn = self.conn()?;
        let Some(row) = accounts::table
            .filter(accounts::org_id.eq(org_id))
            .filter(accounts::id.eq(id))
            .select(AccountRow::as_select())
            .first(&mut *conn)
            .optional()?
        else {
            return Ok(None);
        };
        let owner = assignments::table
            .filter(assignments::account_id.eq(id))
            .filter(assignments::valid_to.is_null())
            .select(assignments::account_manager_id)
            .first::<i64>(&mut *conn)
            .optional()?;
        Ok(Some(row.with_owner(owner)))
    }

    /// An account's ownership history, oldest first.
    pub fn assignments(&self, org_id: i64, account_id: i64) -> Result<Vec<Assignment>, StoreError> {
        let mut conn = self.conn()?;
        Ok(assignments::table
            .filter(assignments::org_id.eq(org_id))
            .filter(assignments::account_id.eq(account_id))
            .order((assignments::valid_from, assignments::id))
            .select(Assignment::as_select())
            .load(&mut *conn)?)
    }

    /// Every aggregate cell of a cycle; [`StoreError::NotFound`] if the cycle is not the org's.
    pub fn cycle_cells(&self, org_id: i64, cycle_id: i64) -> Result<CycleCells, StoreError> {
        let mut conn = self.conn()?;
        let exists = cycles::table
            .filter(cycles::org_id.eq(org_id))
            .filter(cycles::id.eq(cycle_id))
            .select(cycles::id)
            .first::<i64>(&mut *conn)
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::NotFound(format!("cycle {cycle_id}")));
        }
        load_cells(&mut conn, cycle_id)
    }
}

/// The organization called `name`, if any.
fn find_organization(
    conn: &mut AnyConnection,
    name: &str,
) -> Result<Option<Organization>, StoreError> {
    Ok(organizations::table
        .filter(organizations::name.eq(name))
        .select(Organization::as_select())
        .first(conn)
        .optional()?)
}

/// The three aggregate tables of one cycle, in key order.
pub(crate) fn load_cells(
    conn: &mut AnyConnection,
    cycle_id: i64,
) -> Result<CycleCells, StoreError> {
    let categories = agg_category::table
        .filter(agg_category::cycle_id.eq(cycle_id))
        .order((
            agg_category::account_id,
            agg_category::account_manager_id,
            agg_category::role,
            agg_category::category_id,
        ))
        .select(AggCategoryRow::as_select())
        .load(conn)?
        .into_iter()
        .map(AggCategoryRow::into_cell)
        .collect();
    let indicators = agg_indicator::table
        .filter(agg_indicator::cycle_id.eq(cycle_id))
        .order((
            agg_indicator::account_id,
            agg_indicator::account_manager_id,
            agg_indicator::role,
            agg_indicator::indicator_id,
        ))
        .select(AggIndicatorRow::as_select())
        .load(conn)?
        .into_iter()
        .map(AggIndicatorRow::into_cell)
        .collect();
    let responses = agg_response::table
        .filter(agg_response::cycle_id.eq(cycle_id))
        .order((
            agg_response::account_id,
            agg_response::account_manager_id,
            agg_response::role,
        ))
        .select(AggResponseRow::as_select())
        .load(conn)?
        .into_iter()
        .map(AggResponseRow::into_cell)
        .collect();
    Ok(CycleCells {
        categories,
        indicators,
        responses,
    })
}

/// An `agg_category` row without its org and cycle.
#[derive(Queryable, Selectable)]
#[diesel(table_name = agg_category)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct AggCategoryRow {
    account_id: i64,
    account_manager_id: i64,
    role: String,
    category_id: i64,
    importance_n: i64,
    importance_sum: i64,
    performance_n: i64,
    performance_sum: i64,
    top_box_n: i64,
    bottom_box_n: i64,
    pair_n: i64,
    sum_x: i64,
    sum_y: i64,
    sum_xx: i64,
    sum_yy: i64,
    sum_xy: i64,
}

impl AggCategoryRow {
    fn into_cell(self) -> CategoryCell {
        CategoryCell {
            account: self.account_id,
            account_manager: self.account_manager_id,
            role: self.role,
            category: self.category_id,
            importance_n: self.importance_n,
            importance_sum: self.importance_sum,
            performance_n: self.performance_n,
            performance_sum: self.performance_sum,
            top_box_n: self.top_box_n,
            bottom_box_n: self.bottom_box_n,
            pair_n: self.pair_n,
            sum_x: self.sum_x,
            sum_y: self.sum_y,
            sum_xx: self.sum_xx,
            sum_yy: self.sum_yy,
            sum_xy: self.sum_xy,
        }
    }
}

/// An `agg_indicator` row without its org and cycle.
#[derive(Queryable, Selectable)]
#[diesel(table_name = agg_indicator)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct AggIndicatorRow {
    account_id: i64,
    account_manager_id: i64,
    role: String,
    indicator_id: i64,
    n: i64,
    sum: i64,
    promoters: i64,
    detractors: i64,
    min_value: Option<i64>,
}

impl AggIndicatorRow {
    fn into_cell(self) -> IndicatorCell {
        IndicatorCell {
            account: self.account_id,
            account_manager: self.account_manager_id,
            role: self.role,
            indicator: self.indicator_id,
            n: self.n,
            sum: self.sum,
            promoters: self.promoters,
            detractors: self.detractors,
            min: self.min_value,
        }
    }
}

/// An `agg_response` row without its org and cycle.
#[derive(Queryable, Selectable)]
#[diesel(table_name = agg_response)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct AggResponseRow {
    account_id: i64,
    account_manager_id: i64,
    role: String,
    responses: i64,
}

impl AggResponseRow {
    fn into_cell(self) -> ResponseCell {
        ResponseCell {
            account: self.account_id,
            account_manager: self.account_manager_id,
            role: self.role,
            responses: self.responses,
        }
    }
}
