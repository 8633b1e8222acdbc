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
    /// The lowest answer in the cell; `None` when the cell has no answer or storage did not
    /// fill it. Merging cells takes the lowest of the values present.
    #[serde(default)]
    pub min: Option<i64>,
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

    /// The lowest answer of `indicator` in the scope, over the cells that carry one.
    pub fn lowest(&self, indicator: i64) -> Option<i64> {
        self.indicators
            .iter()
            .filter(|cell| cell.indicator == indicator)
            .filter_map(|cell| cell.min)
            .min()
    }
}

/// The account manager of record of merged cells: storage ids start at 1, so 0 names no AM.
pub const MERGED_ACCOUNT_MANAGER: i64 = 0;

/// Owned cells, typically an account's units merged across its AMs of record.
///
/// Section 3 reads "one account in one cycle" over all its responses, while section 6 keeps
/// one unit per (account, AM of record). [`OwnedCells::merged_by_account`] turns the second
/// into the first: it sums every cell of an (account, role, category or indicator) across
/// AMs, so each account becomes a single unit under [`MERGED_ACCOUNT_MANAGER`]. The sums are
/// integers, so merging is exact.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnedCells {
    /// Category cells.
    pub categories: Vec<CategoryCell>,
    /// Indicator cells.
    pub indicators: Vec<IndicatorCell>,
    /// Response cells.
    pub responses: Vec<ResponseCell>,
}

impl OwnedCells {
    /// The cells of `cells` with every account's units merged into one, under
    /// [`MERGED_ACCOUNT_MANAGER`]; cells come out sorted by (account, role, category or
    /// indicator).
    pub fn merged_by_account(cells: &CellSet<'_>) -> Self {
        let mut categories: BTreeMap<(i64, &str, i64), CategoryCell> = BTreeMap::new();
        for cell in &cells.categories {
            let key = (cell.account, cell.role.as_str(), cell.category);
            categories
                .entry(key)
                .and_modify(|merged| add_category(merged, cell))
                .or_insert_with(|| merged_copy(cell, |c| &mut c.account_manager));
        }
        let mut indicators: BTreeMap<(i64, &str, i64), IndicatorCell> = BTreeMap::new();
        for cell in &cells.indicators {
            let key = (cell.account, cell.role.as_str(), cell.indicator);
            indicators
                .entry(key)
                .and_modify(|merged| add_indicator(merged, cell))
                .or_insert_with(|| merged_copy(cell, |c| &mut c.account_manager));
        }
        let mut responses: BTreeMap<(i64, &str), ResponseCell> = BTreeMap::new();
        for cell in &cells.responses {
            responses
                .entry((cell.account, cell.role.as_str()))
                .and_modify(|merged| merged.responses += cell.responses)
                .or_insert_with(|| merged_copy(cell, |c| &mut c.account_manager));
        }
        Self {
            categories: categories.into_values().collect(),
            indicators: indicators.into_values().collect(),
            responses: responses.into_values().collect(),
        }
    }

    /// A borrowed view of every cell.
    pub fn cells(&self) -> CellSet<'_> {
        CellSet::new(&self.categories, &self.indicators, &self.responses)
    }
}

/// A copy of `cell` with its AM of record set to [`MERGED_ACCOUNT_MANAGER`].
fn merged_copy<T: Clone>(cell: &T, account_manager: impl Fn(&mut T) -> &mut i64) -> T {
    let mut copy = cell.clone();
    *account_manager(&mut copy) = MERGED_ACCOUNT_MANAGER;
    copy
}

fn add_category(merged: &mut CategoryCell, cell: &CategoryCell) {
    merged.importance_n += cell.importance_n;
    merged.importance_sum += cell.importance_sum;
    merged.performance_n += cell.performance_n;
    merged.performance_sum += cell.performance_sum;
    merged.top_box_n += cell.top_box_n;
    merged.bottom_box_n += cell.bottom_box_n;
    merged.pair_n += cell.pair_n;
    merged.sum_x += cell.sum_x;
    merged.sum_y += cell.sum_y;
    merged.sum_xx += cell.sum_xx;
    merged.sum_yy += cell.sum_yy;
    merged.sum_xy += cell.sum_xy;
}

fn add_indicator(merged: &mut IndicatorCell, cell: &IndicatorCell) {
    merged.n += cell.n;
    merged.sum += cell.sum;
    merged.promoters += cell.promoters;
    merged.detractors += cell.detractors;
    merged.min = match (merged.min, cell.min) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn category(account: i64, am: i64, role: &str, performance: (i64, i64)) -> CategoryCell {
        CategoryCell {
            account,
            account_manager: am,
            role: role.into(),
            category: 100,
            importance_n: performance.0,
            importance_sum: 2 * performance.1,
            performance_n: performance.0,
            performance_sum: performance.1,
            pair_n: 1,
            sum_xy: 3,
            ..CategoryCell::default()
        }
    }

    fn indicator(account: i64, am: i64, n: i64, sum: i64, min: Option<i64>) -> IndicatorCell {
        IndicatorCell {
            account,
            account_manager: am,
            role: "user".into(),
            indicator: 7,
            n,
            sum,
            min,
            ..IndicatorCell::default()
        }
    }

    fn responses(account: i64, am: i64, responses: i64) -> ResponseCell {
        ResponseCell {
            account,
            account_manager: am,
            role: "user".into(),
            responses,
        }
    }

    #[test]
    fn an_account_answered_under_two_ams_becomes_one_unit() {
        // Account 1 under AMs 10 and 11 (same role), account 2 under AM 10 only.
        let categories = [
            category(1, 10, "user", (2, 15)),
            category(1, 11, "user", (1, 4)),
            category(1, 11, "decision_maker", (1, 9)),
            category(2, 10, "user", (1, 8)),
        ];
        let indicators = [
            indicator(1, 10, 2, 14, Some(6)),
            indicator(1, 11, 1, 3, Some(3)),
            indicator(2, 10, 1, 9, None),
        ];
        let response_cells = [
            responses(1, 10, 2),
            responses(1, 11, 2),
            responses(2, 10, 1),
        ];
        let cells = CellSet::new(&categories, &indicators, &response_cells);
        assert_eq!(cells.units().len(), 3);

        let merged = OwnedCells::merged_by_account(&cells);
        let view = merged.cells();
        let units: Vec<Unit> = view.units().into_keys().collect();
        assert_eq!(units, vec![unit(1, 0), unit(2, 0)]);

        // Account 1, user: performance (2 + 1, 15 + 4) = (3, 19), importance sums 30 + 8 = 38,
        // pair sums 1 + 1 and 3 + 3; decision makers stay a cell of their own.
        let user = &merged.categories[1];
        assert_eq!((user.account, user.role.as_str()), (1, "user"));
        assert_eq!((user.performance_n, user.performance_sum), (3, 19));
        assert_eq!((user.importance_sum, user.pair_n, user.sum_xy), (38, 2, 6));
        assert_eq!(merged.categories.len(), 3);

        // LTR: n 2 + 1 = 3, sum 14 + 3 = 17, lowest min(6, 3) = 3.
        assert_eq!((merged.indicators[0].n, merged.indicators[0].sum), (3, 17));
        assert_eq!(merged.indicators[0].min, Some(3));
        assert_eq!(view.for_account(1).lowest(7), Some(3));
        assert_eq!(view.for_account(2).lowest(7), None);
        assert_eq!(view.for_account(1).respondents(), 4);
    }

    #[test]
    fn a_missing_min_does_not_hide_a_present_one() {
        let indicators = [
            indicator(1, 10, 1, 9, None),
            indicator(1, 11, 1, 5, Some(5)),
        ];
        let merged = OwnedCells::merged_by_account(&CellSet::new(&[], &indicators, &[]));
        assert_eq!(merged.indicators[0].min, Some(5));
    }

    #[test]
    fn min_defaults_to_none_when_absent_from_json() {
        let json = r#"{"account":1,"account_manager":2,"role":"user","indicator":3,
            "n":1,"sum":9,"promoters":1,"detractors":0}"#;
        let cell: IndicatorCell = serde_json::from_str(json).unwrap();
        assert_eq!(cell.min, None);
    }

    proptest! {
        #[test]
        fn merging_keeps_every_total_and_leaves_one_unit_per_account(
            raw in prop::collection::vec((1i64..4, 1i64..4, 0i64..5, 0i64..50, 0i64..11), 0..20)
        ) {
            let categories: Vec<CategoryCell> = raw
                .iter()
                .map(|&(account, am, n, sum, _)| category(account, am, "user", (n, sum)))
                .collect();
            let indicators: Vec<IndicatorCell> = raw
                .iter()
                .map(|&(account, am, n, sum, low)| indicator(account, am, n, sum, Some(low)))
                .collect();
            let response_cells: Vec<ResponseCell> = raw
                .iter()
                .map(|&(account, am, n, _, _)| responses(account, am, n))
                .collect();
            let cells = CellSet::new(&categories, &indicators, &response_cells);
            let merged = OwnedCells::merged_by_account(&cells);
            let view = merged.cells();

            let accounts: std::collections::BTreeSet<i64> =
                raw.iter().map(|r| r.0).collect();
            prop_assert_eq!(view.units().len(), accounts.len());
            prop_assert!(view.units().keys().all(|u| u.account_manager == 0));
            prop_assert_eq!(view.respondents(), cells.respondents());
            for account in accounts {
                let before = cells.for_account(account);
                let after = view.for_account(account);
                let perf = |set: &CellSet<'_>| -> i64 {
                    set.categories.iter().map(|c| c.performance_sum).sum()
                };
                prop_assert_eq!(perf(&before), perf(&after));
                prop_assert_eq!(before.lowest(7), after.lowest(7));
            }
        }
    }
}
