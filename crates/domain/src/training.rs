//! Section 9 of the method: where training pays. The team's focus ranks categories by the
//! value-weighted shortfall on what customers find important; an AM's focus ranks the
//! categories where they stand below their peers by how much of their book the category
//! weighs; [`remeasure`] tells whether a measure moved after training.
//!
//! The value weights `v_a` come in with the accounts ([`crate::pairing::value_weights`] gives
//! them as section 8 defines them).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::account::AccountResult;
use crate::assessment::{AmAssessment, Interval, Measure, Standing, welch};

/// One category of the team's focus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamFocus {
    /// Storage id of the category.
    pub category: i64,
    /// `sum_a v_a * w_ac * max(0, gap_ac)`.
    pub shortfall: f64,
    /// The accounts with a positive share of the shortfall, largest first.
    pub accounts: Vec<Driver>,
}

/// One account's share of a category's shortfall.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Driver {
    /// Storage id of the account.
    pub account: i64,
    /// `v_a * w_ac * max(0, gap_ac)`.
    pub contribution: f64,
}

/// The team's focus: every category with a weight and a gap in some account, by shortfall,
/// largest first (ties by category id).
///
/// `accounts` pairs each account's result with its value weight `v_a`. Pass one result per
/// account ([`crate::account::account_results_merged`]): a result per AM of record would count
/// an account answered under two AMs twice.
pub fn team_focus(accounts: &[(AccountResult, f64)]) -> Vec<TeamFocus> {
    let mut drivers: BTreeMap<i64, Vec<Driver>> = BTreeMap::new();
    for (result, v) in accounts {
        for category in &result.categories {
            let (Some(weight), Some(gap)) = (category.weight, category.gap) else {
                continue;
            };
            let of_category = drivers.entry(category.category).or_default();
            let contribution = v * weight * gap.max(0.0);
            if contribution > 0.0 {
                let account = result.account;
                of_category.push(Driver {
                    account,
                    contribution,
                });
            }
        }
    }
    let mut focus: Vec<TeamFocus> = drivers
        .into_iter()
        .map(|(category, mut accounts)| {
            accounts.sort_by(|x, y| {
                let larger = y.contribution.total_cmp(&x.contribution);
                larger.then(x.account.cmp(&y.account))
            });
            TeamFocus {
                category,
                shortfall: accounts.iter().map(|d| d.contribution).sum(),
                accounts,
            }
        })
        .collect();
    focus.sort_by(|x, y| {
        y.shortfall
            .total_cmp(&x.shortfall)
            .then(x.category.cmp(&y.category))
    });
    focus
}

/// One AM's training focus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AmFocus {
    /// Storage id of the AM.
    pub account_manager: i64,
    /// The categories where the AM stands below their peers, largest score first; empty when
    /// there are none.
    pub categories: Vec<FocusItem>,
}

/// One category an AM should train on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FocusItem {
    /// Storage id of the category.
    pub category: i64,
    /// `exposure * -difference`.
    pub score: f64,
    /// `sum over the AM's accounts of v_a * w_ac`: how much the category weighs in the book.
    pub exposure: f64,
    /// The AM's mean minus the peers' mean (negative, as the AM stands below).
    pub difference: f64,
    /// The standing's Benjamini-Hochberg q-value; above 0.10 the standing may be chance.
    pub q_value: Option<f64>,
    /// The peers standing above on the category, strongest first.
    pub mentors: Vec<i64>,
}

/// Each AM's focus, in AM id order: every AM with an assessment row or a book.
///
/// `assessments` are the rows of one cycle ([`crate::assessment::assess_cycle`]); only category
/// rows count. `book` gives, per AM, the AM's account units with their value weights `v_a`; an
/// AM without a book has exposure 0 and so score 0 on every category.
pub fn individual_focus(
    assessments: &[AmAssessment],
    book: &BTreeMap<i64, Vec<(AccountResult, f64)>>,
) -> Vec<AmFocus> {
    let ams: BTreeSet<i64> = assessments
        .iter()
        .map(|row| row.account_manager)
        .chain(book.keys().copied())
        .collect();
    ams.into_iter()
        .map(|account_manager| {
            let accounts = book.get(&account_manager).map_or(&[][..], Vec::as_slice);
            AmFocus {
                account_manager,
                categories: focus_items(assessments, account_manager, accounts),
            }
        })
        .collect()
}

fn focus_items(
    assessments: &[AmAssessment],
    account_manager: i64,
    accounts: &[(AccountResult, f64)],
) -> Vec<FocusItem> {
    let mut items: Vec<FocusItem> = assessments
        .iter()
        .filter(|row| row.account_manager == account_manager && row.standing == Standing::Below)
        .filter_map(|row| {
            let Measure::Category { category } = row.measure else {
                return None;
            };
            let difference = row.difference?;
            let exposure = exposure(accounts, category);
            Some(FocusItem {
                category,
                score: exposure * -difference,
                exposure,
                difference,
                q_value: row.q_value,
                mentors: mentors(assessments, row.measure),
            })
        })
        .collect();
    items.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.category.cmp(&y.category))
    });
    items
}

/// `sum_a v_a * w_ac`, a missing weight counting as 0.
fn exposure(accounts: &[(AccountResult, f64)], category: i64) -> f64 {
    accounts
        .iter()
        .map(|(result, v)| {
            let of_category = result.categories.iter().find(|c| c.category == category);
            v * of_category.and_then(|c| c.weight).unwrap_or(0.0)
        })
        .sum()
}

/// The AMs standing above on `measure`, by strength (ties by id).
fn mentors(assessments: &[AmAssessment], measure: Measure) -> Vec<i64> {
    let mut above: Vec<&AmAssessment> = assessments
        .iter()
        .filter(|row| row.measure == measure && row.standing == Standing::Above)
        .collect();
    above.sort_by(|x, y| {
        let stronger = y.strength.total_cmp(&x.strength);
        stronger.then(x.account_manager.cmp(&y.account_manager))
    });
    above.into_iter().map(|row| row.account_manager).collect()
}

/// How a measure moved between two measurements.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// `mean(after) - mean(before)`.
    pub difference: f64,
    /// Welch's 95% interval for the difference.
    pub interval: Interval,
    /// Two-sided p-value of "no change".
    pub p_value: f64,
}

/// The change from `before` to `after` (account-level values of one measure, e.g. a
/// category's mean performance over an AM's book before and after training), by Welch's test.
/// `None` when either side has fewer than two values or neither varies.
///
/// Welch treats the two sides as independent samples; when the same accounts answer both
/// times the pairing is ignored, which makes the interval wider (more cautious), not narrower.
pub fn remeasure(before: &[f64], after: &[f64]) -> Option<Change> {
    let test = welch(after, before)?;
    Some(Change {
        difference: test.difference,
        interval: test.interval,
        p_value: test.p_value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{AccountCategory, ScoreParts};

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 1e-9
    }

    /// An account unit with `(category, weight, gap)` per category.
    fn result(account: i64, account_manager: i64, categories: &[(i64, f64, f64)]) -> AccountResult {
        AccountResult {
            account,
            account_manager,
            responses: 1,
            categories: categories
                .iter()
                .map(|&(category, weight, gap)| AccountCategory {
                    category,
                    mean_importance: None,
                    expected: None,
                    mean_performance: None,
                    gap: Some(gap),
                    weight: Some(weight),
                })
                .collect(),
            indicators: vec![],
            iwp: None,
            iws: None,
            f: None,
            score_parts: ScoreParts::default(),
            score: None,
            cohort: None,
        }
    }

    #[test]
    fn team_focus_by_hand() {
        // Account 1 (v 2): category 1 w 0.6 gap 2 -> 2.4; category 2 w 0.4 gap -1 -> 0.
        // Account 2 (v 0.5): category 1 w 0.5 gap 1 -> 0.25; category 2 w 0.5 gap 3 -> 0.75.
        // Account 3 (v 1): category 2 w 1 gap 2.5 -> 2.5.
        // Category 1: 2.65 (accounts 1, 2); category 2: 3.25 (accounts 3, 2).
        let accounts = [
            (result(1, 0, &[(1, 0.6, 2.0), (2, 0.4, -1.0)]), 2.0),
            (result(2, 0, &[(1, 0.5, 1.0), (2, 0.5, 3.0)]), 0.5),
            (result(3, 0, &[(2, 1.0, 2.5)]), 1.0),
        ];
        let focus = team_focus(&accounts);
        assert_eq!(focus.len(), 2);
        assert_eq!(focus[0].category, 2);
        assert!(close(focus[0].shortfall, 3.25));
        let drivers: Vec<i64> = focus[0].accounts.iter().map(|d| d.account).collect();
        assert_eq!(drivers, vec![3, 2]);
        assert_eq!(focus[1].category, 1);
        assert!(close(focus[1].shortfall, 2.65));
        assert!(close(focus[1].accounts[0].contribution, 2.4));
    }

    #[test]
    fn a_category_without_shortfall_still_ranks_last() {
        let focus = team_focus(&[(result(1, 0, &[(1, 1.0, -2.0)]), 1.0)]);
        assert_eq!(focus.len(), 1);
        assert_eq!(focus[0].shortfall, 0.0);
        assert!(focus[0].accounts.is_empty());
        assert!(team_focus(&[]).is_empty());
    }

    fn row(
        account_manager: i64,
        category: i64,
        difference: f64,
        standing: Standing,
    ) -> AmAssessment {
        AmAssessment {
            account_manager,
            measure: Measure::Category { category },
            n: 3,
            mean: 5.0 + difference,
            peer_n: 3,
            peer_mean: Some(5.0),
            difference: Some(difference),
            interval: None,
            df: None,
            p_value: None,
            q_value: Some(0.04),
            standing,
            shrunk_mean: 5.0 + difference / 2.0,
            strength: difference / 4.0,
        }
    }

    #[test]
    fn individual_focus_by_hand() {
        // AM 1 stands below on categories 1 (difference -1) and 2 (-2), on par on 3.
        // Book of AM 1: account 10 (v 1.5, w 0.6 / 0.4), account 11 (v 0.5, w 0.2 / 0.8).
        // Exposure 1: 1.5 * 0.6 + 0.5 * 0.2 = 1.0, score 1.0 * 1 = 1.0
        // Exposure 2: 1.5 * 0.4 + 0.5 * 0.8 = 1.0, score 1.0 * 2 = 2.0 -> category 2 first.
        // Above on category 1: AM 2 (strength 0.5) and AM 3 (strength 0.75): mentors 3, 2.
        let assessments = [
            row(1, 1, -1.0, Standing::Below),
            row(1, 2, -2.0, Standing::Below),
            row(1, 3, -0.5, Standing::OnPar),
            row(2, 1, 2.0, Standing::Above),
            row(3, 1, 3.0, Standing::Above),
            row(3, 2, 0.1, Standing::OnPar),
        ];
        let book = BTreeMap::from([(
            1,
            vec![
                (result(10, 1, &[(1, 0.6, 0.0), (2, 0.4, 0.0)]), 1.5),
                (result(11, 1, &[(1, 0.2, 0.0), (2, 0.8, 0.0)]), 0.5),
            ],
        )]);
        let focus = individual_focus(&assessments, &book);
        let ams: Vec<i64> = focus.iter().map(|f| f.account_manager).collect();
        assert_eq!(ams, vec![1, 2, 3]);
        let items = &focus[0].categories;
        assert_eq!(items.len(), 2);
        assert_eq!((items[0].category, items[1].category), (2, 1));
        assert!(close(items[0].score, 2.0) && close(items[0].exposure, 1.0));
        assert!(close(items[1].score, 1.0));
        assert!(items[0].mentors.is_empty());
        assert_eq!(items[1].mentors, vec![3, 2]);
        assert_eq!(items[1].q_value, Some(0.04));
        assert!(focus[1].categories.is_empty() && focus[2].categories.is_empty());
    }

    #[test]
    fn remeasure_is_welch_of_after_against_before() {
        // The numbers of the Welch test in `assessment`: after [1, 2, 3], before [4, 6]:
        // difference -3, interval [-8.976997, 2.976997], p 0.144366.
        let change = remeasure(&[4.0, 6.0], &[1.0, 2.0, 3.0]).unwrap();
        assert_eq!(change.difference, -3.0);
        assert!((change.interval.low + 8.976_997).abs() < 1e-5);
        assert!((change.interval.high - 2.976_997).abs() < 1e-5);
        assert!((change.p_value - 0.144_366).abs() < 1e-5);
        assert_eq!(remeasure(&[1.0], &[2.0, 3.0]), None);
        assert_eq!(remeasure(&[1.0, 1.0], &[2.0, 2.0]), None);
    }
}
