//! Pre-aggregated sums, the domain's input for every account-level and scope-level number.
//!
//! Storage keeps one [`CategoryCell`] per (cycle, account, AM of record, contact role, category),
//! one [`IndicatorCell`] per (cycle, account, AM of record, role, indicator) and one
//! [`ResponseCell`] per (cycle, account, AM of record, role), updated in the same transaction that
//! writes responses. Every sum is of integer ratings, so it is exact; the domain turns them into
//! means. Keying by role lets role weights (an org setting) change without rewriting the sums.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The sums of one category's answers within one (account, AM of record, role) unit of a cycle.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryCell {
    /// Storage id of the account.
    pub account: i64,
    /// Storage id of the account manager of record (frozen at submission).
    pub account_manager: i64,
    /// Contact role key (`decision_maker`, `influencer`, `user`, or `unspecified`).
    pub role: String,
    /// Storage id of the category.
    pub category: i64,
    /// Number of responses with an importance value (in the pick form: every response).
    pub importance_n: i64,
    /// Sum of raw importance values: ratings on the importance scale, or picks (0/1).
    pub importance_sum: i64,
    /// Number of responses with a performance value (`null` excluded).
    pub performance_n: i64,
    /// Sum of performance ratings.
    pub performance_sum: i64,
    /// Performance answers in the top two points of the performance scale.
    pub top_box_n: i64,
    /// Performance answers in the bottom two points of the performance scale.
    pub bottom_box_n: i64,
    /// Responses with both this category's performance `x` and the cycle's outcome indicator `y`.
    pub pair_n: i64,
    /// Sum of `x` over those pairs.
    pub sum_x: i64,
    /// Sum of `y` over those pairs.
    pub sum_y: i64,
    /// Sum of `x * x` over those pairs.
    pub sum_xx: i64,
    /// Sum of `y * y` over those pairs.
    pub sum_yy: i64,
    /// Sum of `x * y` over those pairs.
    pub sum_xy: i64,
}

/// The sums of one indicator's answers within one (account, AM of record, role) unit of a cycle.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorCell {
    /// Storage id of the account.
    pub account: i64,
    /// Storage id of the account manager of record.
    pub account_manager: i64,
    /// Contact role key.
    pub role: String,
    /// Storage id of the indicator.
    pub indicator: i64,
    /// Number of answers (`null` excluded).
    pub n: i64,
    /// Sum of the answers.
    pub sum: i64,
    /// Answers of 9 or 10 (meaningful for a 0-10 likelihood-to-recommend indicator).
    pub promoters: i64,
    /// Answers of 0 to 6 (meaningful for a 0-10 likelihood-to-recommend indicator).
    pub detractors: i64,
}

/// The number of responses within one (account, AM of record, role) unit of a cycle.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseCell {
    /// Storage id of the account.
    pub account: i64,
    /// Storage id of the account manager of record.
    pub account_manager: i64,
    /// Contact role key.
    pub role: String,
    /// Number of responses.
    pub responses: i64,
}

/// One account as answered under one account manager of record in a cycle: the unit of
/// section 3 and of the AM assessment (an account answered under two AMs is two units).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    /// Storage id of the account.
    pub account: i64,
    /// Storage id of the account manager of record.
    pub account_manager: i64,
}

/// Borrowed cells of a scope: a whole cycle, one AM's book, one account or any other subset.
///
/// Every aggregate of the crate reads a `CellSet`; narrow it with [`CellSet::filter`] and its
/// shorthands, which keep whole cells, so sums stay exact.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellSet<'a> {
    /// Category cells of the scope.
    pub categories: Vec<&'a CategoryCell>,
    /// Indicator cells of the scope.
    pub indicators: Vec<&'a IndicatorCell>,
    /// Response cells of the scope.
    pub responses: Vec<&'a ResponseCell>,
}

impl<'a> CellSet<'a> {
    /// Every cell of the given slices.
    pub fn new(
        categories: &'a [CategoryCell],
        indicators: &'a [IndicatorCell],
        responses: &'a [ResponseCell],
    ) -> Self {
        Self {
            categories: categories.iter().collect(),
            indicators: indicators.iter().collect(),
            responses: responses.iter().collect(),
        }
    }

    /// The cells whose unit satisfies `keep`.
    pub fn filter(&self, keep: impl Fn(Unit) -> bool) -> Self {
        Self {
            categories: keep_cells(&self.categories, &keep, |c| {
                unit(c.account, c.account_manager)
            }),
            indicators: keep_cells(&self.indicators, &keep, |c| {
                unit(c.account, c.account_manager)
            }),
            responses: keep_cells(&self.responses, &keep, |c| {
                unit(c.account, c.account_manager)
            }),
        }
    }

    /// The cells of one account, under whichever AM of record.
    pub fn for_account(&self, account: i64) -> Self {
        self.filter(|u| u.account == account)
    }

    /// The cells of one AM's book (accounts answered while the AM held them).
    pub fn for_account_manager(&self, account_manager: i64) -> Self {
        self.filter(|u| u.account_manager == account_manager)
    }

    /// The cells of one unit.
    pub fn for_unit(&self, wanted: Unit) -> Self {
        self.filter(|u| u == wanted)
    }

    /// The scope's cells grouped by unit, in unit order.
    pub fn units(&self) -> BTreeMap<Unit, CellSet<'a>> {
        let mut groups: BTreeMap<Unit, CellSet<'a>> = BTreeMap::new();
        for cell in &self.categories {
            let key = unit(cell.account, cell.account_manager);
            groups.entry(key).or_default().categories.push(cell);
        }
        for cell in &self.indicators {
            let key = unit(cell.account, cell.account_manager);
            groups.entry(key).or_default().indicators.push(cell);
        }
        for cell in &self.responses {
            let key = unit(cell.account, cell.account_manager);
            groups.entry(key).or_default().responses.push(cell);
        }
        groups
    }

    /// Number of responses in the scope (every respondent once, whatever their role).
    pub fn respondents(&self) -> i64 {
        self.responses.iter().map(|cell| cell.responses).sum()
    }
}

fn unit(account: i64, account_manager: i64) -> Unit {
    Unit {
        account,
        account_manager,
    }
}

fn keep_cells<'a, T>(
    cells: &[&'a T],
    keep: &impl Fn(Unit) -> bool,
    unit_of: impl Fn(&T) -> Unit,
) -> Vec<&'a T> {
    cells
        .iter()
        .copied()
        .filter(|cell| keep(unit_of(cell)))
        .collect()
}
