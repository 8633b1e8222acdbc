//! The facts every alert rule reads ([`AccountFacts`]), gathered from the aggregate cells.
//!
//! An [`Evaluator`] serves one evaluation (one transaction). It reads the organization's
//! settings and reference data once, and each cycle's cells at most once, since an account's
//! facts in one cycle look back at its earlier cycles (previous score, previous category
//! means). A cycle is computed the way the API computes it (`analytics::CycleContext`): the
//! survey holds the categories and indicators with data in the cycle, and the none form's
//! derived weights come from the whole cycle.
//!
//! Cost: every cycle an evaluation looks at is held in memory whole (all its cells), which is
//! what the API loads for one request as well. Loading only the accounts concerned would need
//! the derived weights summed in SQL; worth it if organizations grow far past the demo sizes.

use std::collections::{BTreeMap, HashMap, HashSet};

use diesel::prelude::*;
use gapscope_domain::account::{AccountResult, account_results_merged};
use gapscope_domain::alerts::{AccountFacts, Finding, evaluate};
use gapscope_domain::cells::{CategoryCell, CellSet, IndicatorCell, ResponseCell};
use gapscope_domain::ipa::{DerivedWeights, derived_importance, none_form_weights};
use gapscope_domain::settings::{AlertSettings, Settings};
use gapscope_domain::survey::{IndicatorKind, IndicatorSpec, SurveySpec};

use crate::conn::AnyConnection;
use crate::models::{CycleRow, IndicatorRow};
use crate::read::load_cells;
use crate::schema::{categories, cycles, indicators, organizations};
use crate::{Indicator, StoreError};

/// One organization's reference data and the cycles loaded so far.
pub(super) struct Evaluator {
    settings: Settings,
    /// The organization's cycles, in key order (keys sort chronologically).
    cycles: Vec<CycleRow>,
    /// The organization's categories in display order.
    categories: Vec<i64>,
    /// The organization's indicators in order of creation.
    indicators: Vec<Indicator>,
    loaded: HashMap<i64, CycleView>,
}

/// One cycle as the domain sees it, with its cells grouped by account.
struct CycleView {
    spec: SurveySpec,
    derived_weights: DerivedWeights,
    accounts: HashMap<i64, AccountCells>,
}

/// The cells of one account in one cycle, under whichever AMs of record.
#[derive(Default)]
struct AccountCells {
    categories: Vec<CategoryCell>,
    indicators: Vec<IndicatorCell>,
    responses: Vec<ResponseCell>,
}

impl AccountCells {
    fn cells(&self) -> CellSet<'_> {
        CellSet::new(&self.categories, &self.indicators, &self.responses)
    }
}

/// What an account's facts need besides its cells.
pub(super) struct AccountContext<'a> {
    /// The account's annual value.
    pub annual_value: Option<f64>,
    /// The cycle is closed and the account had an owner when it closed.
    pub assigned_at_close: bool,
    /// The account's earlier cycles with responses, most recent first.
    pub earlier: &'a [i64],
}

impl Evaluator {
    /// Reads the organization's settings, cycles, categories and indicators.
    ///
    /// Errors: [`StoreError::NotFound`] for an unknown organization; a database error when the
    /// stored settings do not parse (the API never stores such settings).
    pub(super) fn load(conn: &mut AnyConnection, org_id: i64) -> Result<Evaluator, StoreError> {
        let text = organizations::table
            .find(org_id)
            .select(organizations::settings)
            .first::<String>(conn)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("organization {org_id}")))?;
        let settings = parse_settings(org_id, &text)?;
        let mut cycles = cycles::table
            .filter(cycles::org_id.eq(org_id))
            .select(CycleRow::as_select())
            .load(conn)?;
        // Sorted here rather than in SQL so both backends agree whatever the PG collation.
        cycles.sort_by(|a, b| a.key.cmp(&b.key));
        let categories = categories::table
            .filter(categories::org_id.eq(org_id))
            .order((categories::position, categories::id))
            .select(categories::id)
            .load(conn)?;
        let indicators = indicators::table
            .filter(indicators::org_id.eq(org_id))
            .order(indicators::id)
            .select(IndicatorRow::as_select())
            .load(conn)?
            .into_iter()
            .map(IndicatorRow::into_indicator)
            .collect::<Result<_, _>>()?;
        Ok(Evaluator {
            settings,
            cycles,
            categories,
            indicators,
            loaded: HashMap::new(),
        })
    }

    /// The organization's alert thresholds.
    pub(super) fn alert_settings(&self) -> &AlertSettings {
        &self.settings.alerts
    }

    /// The cycle `id` of the organization, if it is one.
    pub(super) fn cycle(&self, id: i64) -> Option<&CycleRow> {
        self.cycles.iter().find(|c| c.id == id)
    }

    /// The key of cycle `id` (`None` sorts before every key, for an unknown cycle).
    pub(super) fn key(&self, id: i64) -> Option<&str> {
        self.cycle(id).map(|c| c.key.as_str())
    }

    /// The accounts with responses in the cycle.
    pub(super) fn accounts_with_responses(
        &mut self,
        conn: &mut AnyConnection,
        cycle_id: i64,
    ) -> Result<Vec<i64>, StoreError> {
        Ok(self
            .view(conn, cycle_id)?
            .accounts
            .keys()
            .copied()
            .collect())
    }

    /// The cycle's LTR indicator (the first with data in it), if any.
    pub(super) fn ltr_indicator(
        &mut self,
        conn: &mut AnyConnection,
        cycle_id: i64,
    ) -> Result<Option<i64>, StoreError> {
        let view = self.view(conn, cycle_id)?;
        Ok(view
            .spec
            .indicator_of_kind(IndicatorKind::Ltr)
            .map(|spec| spec.indicator))
    }

    /// `earlier`, restricted to cycles whose key sorts before `cycle_id`'s, most recent first.
    pub(super) fn earlier_than(&self, cycle_id: i64, cycles: &[i64]) -> Vec<i64> {
        let Some(current) = self.cycle(cycle_id) else {
            return Vec::new();
        };
        let mut earlier: Vec<&CycleRow> = self
            .cycles
            .iter()
            .filter(|c| c.key < current.key && cycles.contains(&c.id))
            .collect();
        earlier.sort_by(|a, b| b.key.cmp(&a.key));
        earlier.into_iter().map(|c| c.id).collect()
    }

    /// Every rule's findings for `account` in `cycle_id`.
    pub(super) fn findings(
        &mut self,
        conn: &mut AnyConnection,
        cycle_id: i64,
        account: i64,
        context: &AccountContext<'_>,
    ) -> Result<Vec<Finding>, StoreError> {
        let facts = self.facts(conn, cycle_id, account, context)?;
        let view = self.loaded_view(cycle_id)?;
        Ok(evaluate(&facts, &view.spec, &self.settings.alerts))
    }

    /// The account's facts in the cycle.
    fn facts(
        &mut self,
        conn: &mut AnyConnection,
        cycle_id: i64,
        account: i64,
        context: &AccountContext<'_>,
    ) -> Result<AccountFacts, StoreError> {
        let current = self.result(conn, cycle_id, account)?;
        let view = self.view(conn, cycle_id)?;
        let lowest_ltr = view
            .spec
            .indicator_of_kind(IndicatorKind::Ltr)
            .and_then(|ltr| {
                let cells = view.accounts.get(&account)?;
                cells.cells().lowest(ltr.indicator)
            });
        let (previous_score, previous_category_means) = match &current {
            Some(current) => self.history(conn, account, current, context.earlier)?,
            // Without a response in the cycle only `unassessed` can fire; it needs no history.
            None => (None, BTreeMap::new()),
        };
        Ok(AccountFacts {
            account,
            current,
            lowest_ltr,
            previous_score,
            previous_category_means,
            annual_value: context.annual_value,
            assigned_at_close: context.assigned_at_close,
        })
    }

    /// The account's score in its most recent earlier scored cycle, and per category answered
    /// now its mean performance in the most recent earlier cycle that answered it.
    fn history(
        &mut self,
        conn: &mut AnyConnection,
        account: i64,
        current: &AccountResult,
        earlier: &[i64],
    ) -> Result<(Option<u32>, BTreeMap<i64, f64>), StoreError> {
        let wanted: Vec<i64> = current
            .categories
            .iter()
            .filter(|c| c.mean_performance.is_some())
            .map(|c| c.category)
            .collect();
        let mut score = None;
        let mut means = BTreeMap::new();
        for &cycle_id in earlier {
            if score.is_some() && wanted.iter().all(|c| means.contains_key(c)) {
                break;
            }
            let Some(result) = self.result(conn, cycle_id, account)? else {
                continue;
            };
            score = score.or(result.score);
            for category in &result.categories {
                if let Some(mean) = category.mean_performance
                    && wanted.contains(&category.category)
                {
                    means.entry(category.category).or_insert(mean);
                }
            }
        }
        Ok((score, means))
    }

    /// The account's merged section-3 result in the cycle; `None` without responses there.
    fn result(
        &mut self,
        conn: &mut AnyConnection,
        cycle_id: i64,
        account: i64,
    ) -> Result<Option<AccountResult>, StoreError> {
        self.ensure_loaded(conn, cycle_id)?;
        let view = self.loaded_view(cycle_id)?;
        let Some(cells) = view.accounts.get(&account) else {
            return Ok(None);
        };
        let mut results = account_results_merged(
            &cells.cells(),
            &view.spec,
            &self.settings,
            &view.derived_weights,
        );
        Ok(results.pop())
    }

    /// The cycle's view, loaded on first use.
    fn view(&mut self, conn: &mut AnyConnection, cycle_id: i64) -> Result<&CycleView, StoreError> {
        self.ensure_loaded(conn, cycle_id)?;
        self.loaded_view(cycle_id)
    }

    fn ensure_loaded(&mut self, conn: &mut AnyConnection, cycle_id: i64) -> Result<(), StoreError> {
        if !self.loaded.contains_key(&cycle_id) {
            let view = self.load_view(conn, cycle_id)?;
            self.loaded.insert(cycle_id, view);
        }
        Ok(())
    }

    /// The view of a cycle already loaded ([`Evaluator::ensure_loaded`]).
    fn loaded_view(&self, cycle_id: i64) -> Result<&CycleView, StoreError> {
        self.loaded
            .get(&cycle_id)
            .ok_or_else(|| StoreError::NotFound(format!("cycle {cycle_id}")))
    }

    fn load_view(&self, conn: &mut AnyConnection, cycle_id: i64) -> Result<CycleView, StoreError> {
        let row = self
            .cycle(cycle_id)
            .ok_or_else(|| StoreError::NotFound(format!("cycle {cycle_id}")))?;
        let cells = load_cells(conn, cycle_id)?;
        let with_data: HashSet<i64> = cells.categories.iter().map(|c| c.category).collect();
        let indicators_with_data: HashSet<i64> =
            cells.indicators.iter().map(|c| c.indicator).collect();
        let spec = SurveySpec {
            performance_scale: row.performance_scale(),
            importance_form: row.importance_form()?,
            categories: self
                .categories
                .iter()
                .copied()
                .filter(|c| with_data.contains(c))
                .collect(),
            indicators: self
                .indicators
                .iter()
                .filter(|i| indicators_with_data.contains(&i.id))
                .map(|i| IndicatorSpec {
                    indicator: i.id,
                    kind: i.kind,
                    scale: i.scale,
                })
                .collect(),
        };
        let all = CellSet::new(&cells.categories, &cells.indicators, &cells.responses);
        let derived_weights = none_form_weights(&derived_importance(&all, &spec));

        let mut accounts: HashMap<i64, AccountCells> = HashMap::new();
        for cell in cells.categories {
            accounts
                .entry(cell.account)
                .or_default()
                .categories
                .push(cell);
        }
        for cell in cells.indicators {
            accounts
                .entry(cell.account)
                .or_default()
                .indicators
                .push(cell);
        }
        for cell in cells.responses {
            accounts
                .entry(cell.account)
                .or_default()
                .responses
                .push(cell);
        }
        Ok(CycleView {
            spec,
            derived_weights,
            accounts,
        })
    }
}

/// The organization's settings, parsed.
///
/// Not validated again: the API validates settings before storing them, and a validation rule
/// added later must not stop every import of an organization whose stored settings predate
/// it. The domain's functions are total over any settings that parse (bad values give odd
/// numbers, never a panic).
fn parse_settings(org_id: i64, text: &str) -> Result<Settings, StoreError> {
    serde_json::from_str(text).map_err(|e| {
        let message = format!("stored settings of organization {org_id}: {e}");
        StoreError::Database(diesel::result::Error::DeserializationError(message.into()))
    })
}
