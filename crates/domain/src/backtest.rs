//! Back-testing: how well a number known before renewal (retention score, LTR mean, ...)
//! separated the accounts that later churned from those that renewed.

use serde::{Deserialize, Serialize};

/// The area under the ROC curve of a score against churn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Auc {
    /// The probability that a churned account scored lower than a renewed one, ties counting
    /// one half: 0.5 is no better than chance, 1 separates them perfectly.
    pub auc: f64,
    /// Accounts counted (churned and renewed).
    pub n: usize,
    /// Of which churned.
    pub churned: usize,
}

/// The AUC of `scores`, each (score, churned), by the Mann-Whitney statistic: over every pair
/// of a churned and a renewed account, the share where the churned one has the lower score,
/// ties counting 1/2.
///
/// The orientation is "a higher score predicts retention": a retention score or LTR that
/// works gives an AUC above 0.5, and one that points the wrong way an AUC below 0.5.
/// Non-finite scores are left out; `None` when either class is then empty.
pub fn auc(scores: &[(f64, bool)]) -> Option<Auc> {
    let mut kept: Vec<(f64, bool)> = scores
        .iter()
        .copied()
        .filter(|(score, _)| score.is_finite())
        .collect();
    let churned = kept.iter().filter(|(_, churned)| *churned).count();
    let renewed = kept.len() - churned;
    if churned == 0 || renewed == 0 {
        return None;
    }
    kept.sort_by(|a, b| a.0.total_cmp(&b.0));
    // U of the renewed accounts: their mid-rank sum (ascending) minus renewed(renewed + 1)/2
    // counts the (churned, renewed) pairs where the renewed one is higher, ties as 1/2.
    let rank_sum = renewed_rank_sum(&kept);
    let renewed_f = renewed as f64;
    let u = rank_sum - renewed_f * (renewed_f + 1.0) / 2.0;
    Some(Auc {
        auc: u / (churned as f64 * renewed_f),
        n: kept.len(),
        churned,
    })
}

/// The sum of the renewed accounts' mid-ranks (1-based) in `sorted`, ascending by score.
fn renewed_rank_sum(sorted: &[(f64, bool)]) -> f64 {
    let mut sum = 0.0;
    let mut start = 0;
    while start < sorted.len() {
        let score = sorted[start].0;
        let end = start
            + sorted[start..]
                .iter()
                .take_while(|(s, _)| *s == score)
                .count();
        // Ranks start + 1 ..= end share their mean.
        let mid_rank = (start + 1 + end) as f64 / 2.0;
        let renewed = sorted[start..end].iter().filter(|(_, c)| !c).count();
        sum += mid_rank * renewed as f64;
        start = end;
    }
    sum
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The pair count, straight from the definition.
    fn brute_force(scores: &[(f64, bool)]) -> f64 {
        let churned: Vec<f64> = scores.iter().filter(|s| s.1).map(|s| s.0).collect();
        let renewed: Vec<f64> = scores.iter().filter(|s| !s.1).map(|s| s.0).collect();
        let mut wins = 0.0;
        for c in &churned {
            for r in &renewed {
                wins += if c < r {
                    1.0
                } else if c == r {
                    0.5
                } else {
                    0.0
                };
            }
        }
        wins / (churned.len() * renewed.len()) as f64
    }

    #[test]
    fn auc_by_hand() {
        // Churned 40 and 60; renewed 50, 60, 80. Pairs (c, r): (40, *) 3 wins;
        // (60, 50) loss, (60, 60) tie 1/2, (60, 80) win. (3 + 0.5 + 1) / 6 = 0.75.
        let scores = [
            (40.0, true),
            (60.0, true),
            (50.0, false),
            (60.0, false),
            (80.0, false),
        ];
        let result = auc(&scores).unwrap();
        assert!((result.auc - 0.75).abs() < 1e-12);
        assert_eq!((result.n, result.churned), (5, 2));
    }

    #[test]
    fn perfect_inverted_and_tied_scores() {
        let perfect = [(10.0, true), (20.0, false), (30.0, false)];
        assert_eq!(auc(&perfect).unwrap().auc, 1.0);
        let inverted = [(90.0, true), (20.0, false)];
        assert_eq!(auc(&inverted).unwrap().auc, 0.0);
        let tied = [(5.0, true), (5.0, false), (5.0, false)];
        assert_eq!(auc(&tied).unwrap().auc, 0.5);
    }

    #[test]
    fn one_class_only_has_no_auc() {
        assert!(auc(&[]).is_none());
        assert!(auc(&[(1.0, true), (2.0, true)]).is_none());
        assert!(auc(&[(1.0, false), (f64::NAN, true)]).is_none());
    }

    proptest! {
        #[test]
        fn the_rank_formula_matches_the_pair_count(
            scores in prop::collection::vec((0u8..10, any::<bool>()), 0..40)
        ) {
            let scores: Vec<(f64, bool)> =
                scores.into_iter().map(|(s, c)| (f64::from(s), c)).collect();
            match auc(&scores) {
                None => prop_assert!(scores.iter().all(|s| s.1) || scores.iter().all(|s| !s.1)),
                Some(result) => {
                    prop_assert!((result.auc - brute_force(&scores)).abs() < 1e-12);
                    prop_assert!((0.0..=1.0).contains(&result.auc));
                }
            }
        }
    }
}
