//! Section 5's stronger derived importance: the LMG (Lindeman, Merenda and Gold) or Shapley
//! decomposition of R-squared over the categories, plus the ranks and hidden drivers that
//! compare it with stated importance.
//!
//! A category's LMG value is the R-squared it adds to the regression of the outcome on the
//! categories, averaged over every order in which the categories can enter. The values sum to
//! the full model's R-squared, so they stay meaningful when categories correlate with each
//! other, where Pearson correlations double-count shared variance.
//!
//! Every subset's R-squared is `r_yS' R_SS^-1 r_yS`, from the correlation matrix of the
//! complete cases, solved by a small Cholesky factorisation (the workspace has no linear
//! algebra crate, and 15 x 15 systems need none).

use serde::{Deserialize, Serialize};

/// LMG needs one regression per subset of categories (`2^p`): above this many it is `None`.
pub const MAX_LMG_CATEGORIES: usize = 15;

/// Hidden drivers rank by LMG only with at least this many complete cases; below, by Pearson.
pub const MIN_LMG_CASES: usize = 30;

/// A pivot of the (unit-diagonal) correlation matrix at or below this is a variable already
/// explained by the ones before it: collinear, so it adds nothing to R-squared.
const PIVOT_TOLERANCE: f64 = 1e-10;

/// One category's LMG value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LmgValue {
    /// Its average R-squared increase over all orderings, in [0, R-squared].
    pub value: f64,
    /// `value / r_squared`; `None` when R-squared is 0.
    pub share: Option<f64>,
}

/// The LMG decomposition of one scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lmg {
    /// Number of complete cases it was computed on.
    pub complete_cases: usize,
    /// R-squared of the outcome regressed on every category.
    pub r_squared: f64,
    /// Per category, in the order of the input's performance vectors.
    pub categories: Vec<LmgValue>,
}

/// The LMG decomposition of `cases`: complete cases, each the performance of every category
/// (same order and length in every case) and the outcome.
///
/// `None` when there are no categories or more than [`MAX_LMG_CATEGORIES`], when there are
/// not more than `p + 1` cases (a regression on `p` categories needs at least one residual
/// degree of freedom), when the rows differ in length or hold a non-finite value, or when the
/// outcome has zero variance. A category with zero variance, or one that is a linear
/// combination of others, is handled rather than refused: it adds no R-squared in any subset
/// where it is redundant (see `subset_r_squared`).
pub fn lmg(cases: &[(Vec<f64>, f64)]) -> Option<Lmg> {
    let p = cases.first()?.0.len();
    let well_formed = cases
        .iter()
        .all(|(x, y)| x.len() == p && y.is_finite() && x.iter().all(|v| v.is_finite()));
    if p == 0 || p > MAX_LMG_CATEGORIES || cases.len() < p + 2 || !well_formed {
        return None;
    }
    let (correlations, with_outcome) = correlations(cases, p)?;
    // R-squared of every subset, indexed by its bit mask (bit j = category j).
    let r2: Vec<f64> = (0..1usize << p)
        .map(|mask| subset_r_squared(&correlations, &with_outcome, mask))
        .collect();
    let full = r2[(1 << p) - 1];
    let weights = order_weights(p);
    let categories = (0..p)
        .map(|j| {
            let value = shapley_value(&r2, &weights, p, j);
            LmgValue {
                value,
                share: (full > 0.0).then(|| value / full),
            }
        })
        .collect();
    Some(Lmg {
        complete_cases: cases.len(),
        r_squared: full,
        categories,
    })
}

/// The correlation matrix of the categories and their correlations with the outcome. A
/// zero-variance category gets a zero row and column (diagonal included), so it is always
/// dropped as redundant. `None` when the outcome has zero variance.
fn correlations(cases: &[(Vec<f64>, f64)], p: usize) -> Option<(Vec<Vec<f64>>, Vec<f64>)> {
    let n = cases.len() as f64;
    let x_mean: Vec<f64> = (0..p)
        .map(|j| cases.iter().map(|(x, _)| x[j]).sum::<f64>() / n)
        .collect();
    let y_mean = cases.iter().map(|(_, y)| y).sum::<f64>() / n;
    // Centred columns, the outcome last.
    let columns: Vec<Vec<f64>> = (0..p)
        .map(|j| cases.iter().map(|(x, _)| x[j] - x_mean[j]).collect())
        .chain(std::iter::once(
            cases.iter().map(|(_, y)| y - y_mean).collect(),
        ))
        .collect();
    let norms: Vec<f64> = columns.iter().map(|c| dot(c, c).sqrt()).collect();
    if norms[p] <= 0.0 {
        return None;
    }
    let correlation = |a: usize, b: usize| {
        if norms[a] > 0.0 && norms[b] > 0.0 {
            (dot(&columns[a], &columns[b]) / (norms[a] * norms[b])).clamp(-1.0, 1.0)
        } else {
            0.0
        }
    };
    let matrix = (0..p)
        .map(|a| (0..p).map(|b| correlation(a, b)).collect())
        .collect();
    let with_outcome = (0..p).map(|a| correlation(a, p)).collect();
    Some((matrix, with_outcome))
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `r_yS' R_SS^-1 r_yS` for the categories of `mask`, clamped to [0, 1].
///
/// Solved by Cholesky, `R_SS = L L'`, then `L z = r_yS` by forward substitution, so that
/// R-squared is `z'z`. Variables enter in index order; one whose pivot (its variance left
/// unexplained by the variables kept before it) is at most [`PIVOT_TOLERANCE`] is dropped.
/// That is exact for a singular subset: a redundant variable does not change the span of the
/// regressors, so the subset's R-squared is that of its independent part.
fn subset_r_squared(correlations: &[Vec<f64>], with_outcome: &[f64], mask: usize) -> f64 {
    // Rows of L for the kept variables (index into `correlations`, row) and the matching z.
    let mut kept: Vec<(usize, Vec<f64>)> = Vec::new();
    let mut z: Vec<f64> = Vec::new();
    for j in (0..correlations.len()).filter(|j| mask & (1 << j) != 0) {
        // L[j][k] = (R[j][i_k] - sum_{m<k} L[j][m] L[k][m]) / L[k][k] over kept i_k.
        let mut row: Vec<f64> = Vec::with_capacity(kept.len() + 1);
        for (k, (i, earlier)) in kept.iter().enumerate() {
            let partial = correlations[j][*i] - dot(&row, &earlier[..k]);
            row.push(partial / earlier[k]);
        }
        let pivot = correlations[j][j] - dot(&row, &row);
        if pivot <= PIVOT_TOLERANCE {
            continue;
        }
        let diagonal = pivot.sqrt();
        // Forward substitution for this row: z_j = (r_yj - sum_k L[j][k] z_k) / L[j][j].
        z.push((with_outcome[j] - dot(&row, &z)) / diagonal);
        row.push(diagonal);
        kept.push((j, row));
    }
    dot(&z, &z).clamp(0.0, 1.0)
}

/// The Shapley weight of a subset of `s` other categories: the share of the `p!` orderings in
/// which exactly those `s` enter before a given category, `s! (p - s - 1)! / p!`.
fn order_weights(p: usize) -> Vec<f64> {
    let factorial = |k: usize| (1..=k).map(|i| i as f64).product::<f64>();
    (0..p)
        .map(|s| factorial(s) * factorial(p - s - 1) / factorial(p))
        .collect()
}

/// `sum over S without j of weight(|S|) * (R2(S + j) - R2(S))`.
fn shapley_value(r2: &[f64], weights: &[f64], p: usize, j: usize) -> f64 {
    let bit = 1usize << j;
    (0..1usize << p)
        .filter(|mask| mask & bit == 0)
        .map(|mask| weights[mask.count_ones() as usize] * (r2[mask | bit] - r2[mask]))
        .sum()
}

/// Ranks of `values`, 1 for the largest; tied values share the better rank (1, 2, 2, 4) and a
/// category without a value (or with a NaN) has none. Ties are exact equality.
pub fn ranks(values: &[(i64, Option<f64>)]) -> Vec<(i64, Option<usize>)> {
    let present: Vec<f64> = values
        .iter()
        .filter_map(|(_, v)| v.filter(|v| !v.is_nan()))
        .collect();
    values
        .iter()
        .map(|&(category, value)| {
            let rank = value
                .filter(|v| !v.is_nan())
                .map(|v| 1 + present.iter().filter(|other| **other > v).count());
            (category, rank)
        })
        .collect()
}

/// The hidden drivers of a scope, in the order of `stated`: categories whose stated-importance
/// rank is in the bottom half (`rank > n/2`, `n` the categories with a stated value) and whose
/// derived rank is in the top half (`rank <= m/2`, `m` the categories with a derived value).
///
/// The derived ranking is LMG's when at least one category has an LMG value and there are at
/// least [`MIN_LMG_CASES`] complete cases; Pearson's otherwise. The choice is made for the
/// whole scope, never per category, so that all derived ranks come from one measure.
pub fn hidden_drivers(
    stated: &[(i64, Option<f64>)],
    lmg: &[(i64, Option<f64>)],
    pearson: &[(i64, Option<f64>)],
    complete_cases: usize,
) -> Vec<i64> {
    let lmg_usable = complete_cases >= MIN_LMG_CASES && lmg.iter().any(|(_, v)| v.is_some());
    let derived = if lmg_usable { lmg } else { pearson };
    let stated_ranks = ranks(stated);
    let derived_ranks = ranks(derived);
    let n_stated = stated_ranks.iter().filter(|(_, r)| r.is_some()).count();
    let n_derived = derived_ranks.iter().filter(|(_, r)| r.is_some()).count();
    stated_ranks
        .iter()
        .filter_map(|&(category, rank)| {
            let stated_rank = rank?;
            let derived_rank = derived_ranks
                .iter()
                .find(|(c, _)| *c == category)
                .and_then(|(_, r)| *r)?;
            // rank > n/2 and rank <= m/2, in integers: 2 * rank > n and 2 * rank <= m.
            (2 * stated_rank > n_stated && 2 * derived_rank <= n_derived).then_some(category)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 1e-12
    }

    /// x1 = 1..5, x2 = (2, 1, 4, 3, 5), y = (1, 3, 2, 5, 4): every mean is 3.
    fn two_variable_cases() -> Vec<(Vec<f64>, f64)> {
        let x1 = [1.0, 2.0, 3.0, 4.0, 5.0];
        let x2 = [2.0, 1.0, 4.0, 3.0, 5.0];
        let y = [1.0, 3.0, 2.0, 5.0, 4.0];
        (0..5).map(|i| (vec![x1[i], x2[i]], y[i])).collect()
    }

    #[test]
    fn two_variables_by_hand() {
        // Deviations: x1 (-2, -1, 0, 1, 2), x2 (-1, -2, 1, 0, 2), y (-2, 0, -1, 2, 1); each has
        // a sum of squares of 10. Cross products: x1.x2 = 8, x1.y = 8, x2.y = 3, so
        // r12 = 0.8, r1 = 0.8, r2 = 0.3.
        // R2({1}) = 0.64, R2({2}) = 0.09,
        // R2({1,2}) = (r1^2 + r2^2 - 2 r1 r2 r12) / (1 - r12^2) = (0.73 - 0.384) / 0.36 = 173/180.
        // LMG_1 = (R2({1}) + R2({1,2}) - R2({2})) / 2 = (99/180 + 173/180) / 2 = 136/180 = 34/45;
        // LMG_2 = (R2({2}) + R2({1,2}) - R2({1})) / 2 = (173/180 - 99/180) / 2 = 37/180.
        let result = lmg(&two_variable_cases()).unwrap();
        assert_eq!(result.complete_cases, 5);
        assert!(
            close(result.r_squared, 173.0 / 180.0),
            "{}",
            result.r_squared
        );
        assert!(close(result.categories[0].value, 34.0 / 45.0));
        assert!(close(result.categories[1].value, 37.0 / 180.0));
        // Shares: 136/173 and 37/173.
        assert!(close(result.categories[0].share.unwrap(), 136.0 / 173.0));
        assert!(close(result.categories[1].share.unwrap(), 37.0 / 173.0));
    }

    #[test]
    fn orthogonal_categories_get_their_squared_correlation() {
        // x1 and x2 centred and orthogonal (dot product 0), y = (3, 1, 2, 0, 2, 4) - mean 2.
        // x1 (1, -1, 1, -1, 0, 0): x1.y = 1 + 1 + 0 - 2 = ... computed below by hand:
        // y deviations (1, -1, 0, -2, 0, 2); x1.y = 1 + 1 + 0 + 2 = 4, |x1|^2 = 4, |y|^2 = 10,
        // so r1^2 = 16 / 40 = 0.4. x2 (1, 1, -1, -1, 0, 0): x2.y = 1 - 1 - 0 + 2 = 2,
        // r2^2 = 4 / 40 = 0.1. With R = I, LMG_j = r_j^2 and R2 = 0.5.
        let x1 = [1.0, -1.0, 1.0, -1.0, 0.0, 0.0];
        let x2 = [1.0, 1.0, -1.0, -1.0, 0.0, 0.0];
        let y = [3.0, 1.0, 2.0, 0.0, 2.0, 4.0];
        let cases: Vec<_> = (0..6).map(|i| (vec![x1[i], x2[i]], y[i])).collect();
        let result = lmg(&cases).unwrap();
        assert!(close(result.categories[0].value, 0.4));
        assert!(close(result.categories[1].value, 0.1));
        assert!(close(result.r_squared, 0.5));
    }

    #[test]
    fn a_duplicated_category_splits_its_share_equally() {
        // x2 = 2 * x1 is redundant: R2({1,2}) = R2({1}) = R2({2}) = 0.64 (r1 = 0.8 above),
        // so LMG_1 = LMG_2 = (0.64 + 0.64 - 0.64) / 2 = 0.32.
        let cases: Vec<_> = two_variable_cases()
            .into_iter()
            .map(|(x, y)| (vec![x[0], 2.0 * x[0]], y))
            .collect();
        let result = lmg(&cases).unwrap();
        assert!(close(result.r_squared, 0.64));
        assert!(close(result.categories[0].value, 0.32));
        assert!(close(result.categories[1].value, 0.32));
    }

    #[test]
    fn a_constant_category_gets_nothing() {
        let cases: Vec<_> = two_variable_cases()
            .into_iter()
            .map(|(x, y)| (vec![x[0], 7.0], y))
            .collect();
        let result = lmg(&cases).unwrap();
        assert!(close(result.categories[0].value, 0.64));
        assert_eq!(result.categories[1].value, 0.0);
    }

    #[test]
    fn lmg_refuses_what_it_cannot_compute() {
        assert!(lmg(&[]).is_none());
        // p = 2 needs n > 3: four cases pass, three do not.
        let cases = two_variable_cases();
        assert!(lmg(&cases[..4]).is_some());
        assert!(lmg(&cases[..3]).is_none());
        // A constant outcome, a ragged row, a NaN.
        let flat: Vec<_> = cases.iter().map(|(x, _)| (x.clone(), 5.0)).collect();
        assert!(lmg(&flat).is_none());
        let mut ragged = cases.clone();
        ragged[0].0.push(1.0);
        assert!(lmg(&ragged).is_none());
        let mut nan = cases;
        nan[1].1 = f64::NAN;
        assert!(lmg(&nan).is_none());
        // Sixteen categories: above the limit.
        let wide: Vec<_> = (0..40)
            .map(|i| {
                (
                    (0..16).map(|j| f64::from((i * j) % 7)).collect(),
                    f64::from(i),
                )
            })
            .collect();
        assert!(lmg(&wide).is_none());
    }

    #[test]
    fn fifteen_categories_still_decompose() {
        // 2^15 subsets: the largest case LMG accepts. Deterministic pseudo-random ratings.
        let rating = |i: u32, j: u32| f64::from((i * 7 + j * 13 + i * j) % 10 + 1);
        let cases: Vec<_> = (0..60)
            .map(|i| {
                let x: Vec<f64> = (0..15).map(|j| rating(i, j)).collect();
                let y = x.iter().take(5).sum::<f64>() / 5.0 + f64::from(i % 3);
                (x, y)
            })
            .collect();
        let result = lmg(&cases).unwrap();
        let sum: f64 = result.categories.iter().map(|c| c.value).sum();
        assert_eq!(result.categories.len(), 15);
        assert!((sum - result.r_squared).abs() < 1e-9);
    }

    #[test]
    fn shapley_weights_sum_to_one_per_category() {
        // p = 3: a category sees 1 empty set (2!/3! = 1/3), 2 singletons (1/6 each) and one
        // pair (2!/3! = 1/3): 1/3 + 2/6 + 1/3 = 1.
        let w = order_weights(3);
        assert!(close(w[0], 1.0 / 3.0) && close(w[1], 1.0 / 6.0) && close(w[2], 1.0 / 3.0));
    }

    #[test]
    fn ranks_share_the_better_rank_on_ties() {
        let values = [
            (1, Some(0.5)),
            (2, Some(0.9)),
            (3, Some(0.5)),
            (4, None),
            (5, Some(0.1)),
        ];
        assert_eq!(
            ranks(&values),
            vec![
                (1, Some(2)),
                (2, Some(1)),
                (3, Some(2)),
                (4, None),
                (5, Some(4))
            ]
        );
    }

    #[test]
    fn hidden_drivers_rank_by_lmg_with_enough_cases_else_by_pearson() {
        // Stated 9, 8, 5, 4: ranks 1-4 of n = 4, bottom half (rank > 2) is 3 and 4.
        let stated = [
            (1, Some(9.0)),
            (2, Some(8.0)),
            (3, Some(5.0)),
            (4, Some(4.0)),
        ];
        // LMG ranks: 3 first, 1 second; top half (rank <= 2) is 3 and 1. Hidden: 3.
        let lmg = [
            (1, Some(0.05)),
            (2, Some(0.02)),
            (3, Some(0.30)),
            (4, Some(0.01)),
        ];
        // Pearson ranks: 1, 4, 2, 3; top half is 1 and 4. Hidden: 4.
        let pearson = [
            (1, Some(0.6)),
            (2, Some(0.5)),
            (3, Some(0.1)),
            (4, Some(0.55)),
        ];
        assert_eq!(hidden_drivers(&stated, &lmg, &pearson, 30), vec![3]);
        assert_eq!(hidden_drivers(&stated, &lmg, &pearson, 29), vec![4]);
        let no_lmg = [(1, None), (2, None), (3, None), (4, None)];
        assert_eq!(hidden_drivers(&stated, &no_lmg, &pearson, 100), vec![4]);
    }

    #[test]
    fn odd_counts_halve_in_integers() {
        // n = 3: bottom half is rank > 1.5, i.e. 2 and 3; top half is rank <= 1.5, i.e. 1.
        let stated = [(1, Some(3.0)), (2, Some(2.0)), (3, Some(1.0))];
        let derived = [(1, Some(0.1)), (2, Some(0.9)), (3, Some(0.5))];
        assert_eq!(hidden_drivers(&stated, &derived, &[], 30), vec![2]);
    }

    fn arb_cases() -> impl Strategy<Value = Vec<(Vec<f64>, f64)>> {
        (1usize..=6).prop_flat_map(|p| {
            let row = (prop::collection::vec(1u8..=10, p), 0u8..=10);
            prop::collection::vec(row, p + 2..40).prop_map(|rows| {
                rows.into_iter()
                    .map(|(x, y)| (x.into_iter().map(f64::from).collect(), f64::from(y)))
                    .collect()
            })
        })
    }

    proptest! {
        #[test]
        fn values_are_non_negative_and_sum_to_r_squared(cases in arb_cases()) {
            let Some(result) = lmg(&cases) else {
                // Only a constant outcome is refused for well-formed input of this size.
                let first = cases[0].1;
                prop_assert!(cases.iter().all(|(_, y)| *y == first));
                return Ok(());
            };
            prop_assert!((0.0..=1.0).contains(&result.r_squared));
            let sum: f64 = result.categories.iter().map(|c| c.value).sum();
            prop_assert!((sum - result.r_squared).abs() < 1e-9, "{} != {}", sum, result.r_squared);
            prop_assert!(result.categories.iter().all(|c| c.value >= -1e-12));
            if result.r_squared > 0.0 {
                let shares: f64 = result.categories.iter().filter_map(|c| c.share).sum();
                prop_assert!((shares - 1.0).abs() < 1e-9);
            }
        }

        #[test]
        fn reordering_categories_reorders_the_values(cases in arb_cases()) {
            let reversed: Vec<_> = cases
                .iter()
                .map(|(x, y)| (x.iter().rev().copied().collect(), *y))
                .collect();
            let (Some(forward), Some(backward)) = (lmg(&cases), lmg(&reversed)) else {
                return Ok(());
            };
            prop_assert!((forward.r_squared - backward.r_squared).abs() < 1e-9);
            for (a, b) in forward.categories.iter().zip(backward.categories.iter().rev()) {
                prop_assert!((a.value - b.value).abs() < 1e-9);
            }
        }
    }
}
