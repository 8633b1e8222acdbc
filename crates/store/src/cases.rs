//! Complete cases: the per-response input of the LMG decomposition (METHOD.md section 5),
//! which the aggregate cells cannot give, read from the raw ratings and indicator values.

use std::collections::{BTreeMap, HashMap, HashSet};

use diesel::prelude::*;
use serde::Serialize;

use crate::conn::AnyConnection;
use crate::models::CycleRow;
use crate::schema::{categories, cycles, indicator_values, ratings, responses};
use crate::{Store, StoreError};

/// Accounts per query; keeps `IN (...)` lists short.
const CHUNK: usize = 500;

/// The responses of a scope that answered every category and the outcome indicator.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CompleteCases {
    /// The categories with a performance answer in the cycle, in display order: the columns
    /// of every case.
    pub categories: Vec<i64>,
    /// Per complete response (in storage order): the performance of each category (aligned
    /// with `categories`) and the outcome indicator's value.
    pub cases: Vec<(Vec<f64>, f64)>,
}

impl Store {
    /// The complete cases of a cycle, or of some of its accounts: every response with a
    /// performance answer for each category answered in the cycle and a value of the cycle's
    /// outcome indicator. No cases when the cycle has no outcome indicator.
    ///
    /// Errors: [`StoreError::NotFound`] for a cycle not of `org_id`.
    pub fn complete_cases(
        &self,
        org_id: i64,
        cycle_id: i64,
        accounts: Option<&[i64]>,
    ) -> Result<CompleteCases, StoreError> {
        let mut conn = self.conn()?;
        let cycle = cycles::table
            .filter(cycles::org_id.eq(org_id))
            .filter(cycles::id.eq(cycle_id))
            .select(CycleRow::as_select())
            .first(&mut *conn)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("cycle {cycle_id}")))?;
        let categories = answered_categories(&mut conn, org_id, cycle_id)?;
        let Some(outcome) = cycle.outcome_indicator_id else {
            return Ok(CompleteCases {
                categories,
                cases: Vec::new(),
            });
        };
        let cases = match accounts {
            None => cases_of(&mut conn, cycle_id, outcome, None, &categories)?,
            Some(accounts) => {
                let mut cases = BTreeMap::new();
                for chunk in accounts.chunks(CHUNK) {
                    let part = cases_of(&mut conn, cycle_id, outcome, Some(chunk), &categories)?;
                    cases.extend(part);
                }
                cases
            }
        };
        Ok(CompleteCases {
            categories,
            cases: cases.into_values().collect(),
        })
    }
}

/// The categories with at least one performance answer in the cycle, in display order.
fn answered_categories(
    conn: &mut AnyConnection,
    org_id: i64,
    cycle_id: i64,
) -> Result<Vec<i64>, StoreError> {
    let answered: HashSet<i64> = ratings::table
        .inner_join(responses::table)
        .filter(responses::cycle_id.eq(cycle_id))
        .filter(ratings::performance.is_not_null())
        .select(ratings::category_id)
        .distinct()
        .load::<i64>(conn)?
        .into_iter()
        .collect();
    let ordered: Vec<i64> = categories::table
        .filter(categories::org_id.eq(org_id))
        .order((categories::position, categories::id))
        .select(categories::id)
        .load(conn)?;
    Ok(ordered
        .into_iter()
        .filter(|c| answered.contains(c))
        .collect())
}

/// The complete cases of the cycle's responses (of `accounts`, when given), by response id.
fn cases_of(
    conn: &mut AnyConnection,
    cycle_id: i64,
    outcome: i64,
    accounts: Option<&[i64]>,
    categories: &[i64],
) -> Result<BTreeMap<i64, (Vec<f64>, f64)>, StoreError> {
    let mut outcome_query = indicator_values::table
        .inner_join(responses::table)
        .filter(responses::cycle_id.eq(cycle_id))
        .filter(indicator_values::indicator_id.eq(outcome))
        .select((indicator_values::response_id, indicator_values::value))
        .into_boxed();
    let mut rating_query = ratings::table
        .inner_join(responses::table)
        .filter(responses::cycle_id.eq(cycle_id))
        .filter(ratings::performance.is_not_null())
        .select((
            ratings::response_id,
            ratings::category_id,
            ratings::performance,
        ))
        .into_boxed();
    if let Some(accounts) = accounts {
        outcome_query = outcome_query.filter(responses::account_id.eq_any(accounts));
        rating_query = rating_query.filter(responses::account_id.eq_any(accounts));
    }
    let outcomes: HashMap<i64, i32> = outcome_query
        .load::<(i64, i32)>(conn)?
        .into_iter()
        .collect();
    let column: HashMap<i64, usize> = categories
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i))
        .collect();

    let mut performance: HashMap<i64, Vec<Option<f64>>> = HashMap::new();
    for (response, category, value) in rating_query.load::<(i64, i64, Option<i32>)>(conn)? {
        let (Some(&j), Some(value)) = (column.get(&category), value) else {
            continue;
        };
        if !outcomes.contains_key(&response) {
            continue;
        }
        let row = performance
            .entry(response)
            .or_insert_with(|| vec![None; categories.len()]);
        row[j] = Some(f64::from(value));
    }
    Ok(performance
        .into_iter()
        .filter_map(|(response, row)| {
            let x: Vec<f64> = row.into_iter().collect::<Option<_>>()?;
            let y = f64::from(*outcomes.get(&response)?);
            Some((response, (x, y)))
        })
        .collect())
}
