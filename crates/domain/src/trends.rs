//! Views across cycles and across the cohort table: how accounts move between risk cohorts
//! from one cycle to the next, and which accounts recommend the company while their score
//! says they are at risk (hidden risk).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::account::AccountResult;
use crate::settings::Cohort;

/// A risk cohort, or `unscored` for an account with no score in the cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CohortBucket {
    /// Cohort `none`.
    None,
    /// Cohort `low`.
    Low,
    /// Cohort `medium`.
    Medium,
    /// Cohort `high`.
    High,
    /// Cohort `extreme`.
    Extreme,
    /// No score.
    Unscored,
}

impl CohortBucket {
    /// Every bucket, from the safest cohort to `unscored`.
    pub const ALL: [Self; 6] = [
        Self::None,
        Self::Low,
        Self::Medium,
        Self::High,
        Self::Extreme,
        Self::Unscored,
    ];

    /// The bucket of an account's cohort (`unscored` for `None`).
    pub fn of(cohort: Option<Cohort>) -> Self {
        match cohort {
            Some(Cohort::None) => Self::None,
            Some(Cohort::Low) => Self::Low,
            Some(Cohort::Medium) => Self::Medium,
            Some(Cohort::High) => Self::High,
            Some(Cohort::Extreme) => Self::Extreme,
            None => Self::Unscored,
        }
    }
}

/// How many of a cycle's accounts fall in one bucket.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BucketCount {
    /// The bucket.
    pub bucket: CohortBucket,
    /// Accounts in it.
    pub count: usize,
    /// `count` over the cycle's accounts; `None` when the cycle has none.
    pub share: Option<f64>,
}

/// The cohort make-up of one cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CycleCohorts {
    /// The cycle's label.
    pub cycle: String,
    /// Accounts in the cycle, scored or not.
    pub accounts: usize,
    /// One entry per bucket, in [`CohortBucket::ALL`] order (zero counts included).
    pub buckets: Vec<BucketCount>,
}

/// Accounts that moved from one bucket to another (or stayed) between two cycles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Transition {
    /// Bucket in the earlier cycle.
    pub from: CohortBucket,
    /// Bucket in the later cycle.
    pub to: CohortBucket,
    /// Accounts that made the move.
    pub count: usize,
}

/// Movements between two consecutive cycles, over the accounts present in both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CycleTransitions {
    /// The earlier cycle's label.
    pub from_cycle: String,
    /// The later cycle's label.
    pub to_cycle: String,
    /// Accounts present in both cycles (the sum of the transition counts).
    pub accounts: usize,
    /// Accounts of the later cycle absent from the earlier one.
    pub entered: usize,
    /// Accounts of the earlier cycle absent from the later one.
    pub left: usize,
    /// Non-zero transitions, ordered by (from, to) in [`CohortBucket::ALL`] order; `from ==
    /// to` entries count the accounts that stayed.
    pub transitions: Vec<Transition>,
}

/// Cohort make-up per cycle and movements per consecutive pair of cycles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CohortMigration {
    /// One entry per cycle, in the order given.
    pub cycles: Vec<CycleCohorts>,
    /// One entry per consecutive pair of cycles (`cycles.len() - 1` of them).
    pub pairs: Vec<CycleTransitions>,
}

/// Cohort migration over `cycles`, given in chronological order as (label, cohort per
/// account); an account listed with `None` is in the cycle but unscored.
pub fn cohort_migration(cycles: &[(String, BTreeMap<i64, Option<Cohort>>)]) -> CohortMigration {
    CohortMigration {
        cycles: cycles
            .iter()
            .map(|(label, accounts)| cycle_cohorts(label, accounts))
            .collect(),
        pairs: cycles
            .windows(2)
            .filter_map(|pair| match pair {
                [earlier, later] => Some(transitions(earlier, later)),
                _ => None,
            })
            .collect(),
    }
}

fn cycle_cohorts(label: &str, accounts: &BTreeMap<i64, Option<Cohort>>) -> CycleCohorts {
    let total = accounts.len();
    let buckets = CohortBucket::ALL
        .iter()
        .map(|&bucket| {
            let count = accounts
                .values()
                .filter(|c| CohortBucket::of(**c) == bucket)
                .count();
            BucketCount {
                bucket,
                count,
                share: (total > 0).then(|| count as f64 / total as f64),
            }
        })
        .collect();
    CycleCohorts {
        cycle: label.to_owned(),
        accounts: total,
        buckets,
    }
}

type Cycle = (String, BTreeMap<i64, Option<Cohort>>);

fn transitions(earlier: &Cycle, later: &Cycle) -> CycleTransitions {
    let (before, after) = (&earlier.1, &later.1);
    let mut counts: BTreeMap<(CohortBucket, CohortBucket), usize> = BTreeMap::new();
    for (account, cohort) in after {
        if let Some(previous) = before.get(account) {
            let key = (CohortBucket::of(*previous), CohortBucket::of(*cohort));
            *counts.entry(key).or_default() += 1;
        }
    }
    let both: usize = counts.values().sum();
    CycleTransitions {
        from_cycle: earlier.0.clone(),
        to_cycle: later.0.clone(),
        accounts: both,
        entered: after.len() - both,
        left: before.len() - both,
        transitions: counts
            .into_iter()
            .map(|((from, to), count)| Transition { from, to, count })
            .collect(),
    }
}

/// NPS class of an LTR answer or mean (section 4 thresholds on the 0-10 scale).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NpsClass {
    /// 9 or more.
    Promoter,
    /// 7 up to 9.
    Passive,
    /// Below 7.
    Detractor,
}

impl NpsClass {
    /// The class of an LTR value: promoter from 9, passive from 7, detractor below. A mean
    /// such as 8.5 is passive: the classes are closed at their lower bound.
    pub fn of(ltr: f64) -> Self {
        if ltr >= 9.0 {
            Self::Promoter
        } else if ltr >= 7.0 {
            Self::Passive
        } else {
            Self::Detractor
        }
    }
}

/// An account that recommends the company (LTR mean passive or promoter) while its retention
/// score puts it in the high or extreme cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HiddenRisk {
    /// Storage id of the account.
    pub account: i64,
    /// Storage id of the AM of record (0 for merged results).
    pub account_manager: i64,
    /// The account's role-weighted LTR mean.
    pub ltr_mean: f64,
    /// Its retention score.
    pub score: u32,
    /// Its risk cohort (high or extreme).
    pub cohort: Cohort,
    /// NPS class of the LTR mean (promoter or passive).
    pub nps_class: NpsClass,
}

/// The hidden risks among `results`, lowest score first (then by account and AM).
/// `ltr_indicator` is the survey's LTR indicator; without one there is nothing to report.
pub fn hidden_risk(results: &[AccountResult], ltr_indicator: Option<i64>) -> Vec<HiddenRisk> {
    let Some(indicator) = ltr_indicator else {
        return Vec::new();
    };
    let mut found: Vec<HiddenRisk> = results
        .iter()
        .filter_map(|result| hidden(result, indicator))
        .collect();
    found.sort_by_key(|h| (h.score, h.account, h.account_manager));
    found
}

fn hidden(result: &AccountResult, indicator: i64) -> Option<HiddenRisk> {
    let ltr_mean = result
        .indicators
        .iter()
        .find(|m| m.indicator == indicator)?
        .mean?;
    let (score, cohort) = (result.score?, result.cohort?);
    let nps_class = NpsClass::of(ltr_mean);
    let risky = matches!(cohort, Cohort::High | Cohort::Extreme);
    (risky && nps_class != NpsClass::Detractor).then_some(HiddenRisk {
        account: result.account,
        account_manager: result.account_manager,
        ltr_mean,
        score,
        cohort,
        nps_class,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::account::{IndicatorMean, ScoreParts};
    use crate::settings::CohortThresholds;
    use crate::survey::IndicatorKind;

    fn cycle(label: &str, accounts: &[(i64, Option<Cohort>)]) -> Cycle {
        (label.to_owned(), accounts.iter().copied().collect())
    }

    fn count(cycle: &CycleCohorts, bucket: CohortBucket) -> (usize, Option<f64>) {
        let found = cycle.buckets.iter().find(|b| b.bucket == bucket);
        found.map_or((0, None), |b| (b.count, b.share))
    }

    #[test]
    fn counts_shares_and_moves_between_two_cycles() {
        use Cohort::{Extreme, High, Low};
        // Q1: 1 low, 2 high, 3 unscored, 4 low. Q2: 1 high, 2 high, 3 extreme, 5 low (new).
        let cycles = [
            cycle(
                "Q1",
                &[(1, Some(Low)), (2, Some(High)), (3, None), (4, Some(Low))],
            ),
            cycle(
                "Q2",
                &[
                    (1, Some(High)),
                    (2, Some(High)),
                    (3, Some(Extreme)),
                    (5, Some(Low)),
                ],
            ),
        ];
        let migration = cohort_migration(&cycles);

        let q1 = &migration.cycles[0];
        assert_eq!(q1.accounts, 4);
        assert_eq!(q1.buckets.len(), 6);
        // Low: 2 of 4 = 0.5; unscored 1 of 4 = 0.25; medium 0.
        assert_eq!(count(q1, CohortBucket::Low), (2, Some(0.5)));
        assert_eq!(count(q1, CohortBucket::Unscored), (1, Some(0.25)));
        assert_eq!(count(q1, CohortBucket::Medium), (0, Some(0.0)));

        // Present in both: 1, 2, 3. Account 5 entered, 4 left.
        let pair = &migration.pairs[0];
        assert_eq!((pair.accounts, pair.entered, pair.left), (3, 1, 1));
        let moves: Vec<_> = pair
            .transitions
            .iter()
            .map(|t| (t.from, t.to, t.count))
            .collect();
        assert_eq!(
            moves,
            vec![
                (CohortBucket::Low, CohortBucket::High, 1),
                (CohortBucket::High, CohortBucket::High, 1),
                (CohortBucket::Unscored, CohortBucket::Extreme, 1),
            ]
        );
    }

    #[test]
    fn an_empty_cycle_has_no_shares_and_one_cycle_no_pairs() {
        let migration = cohort_migration(&[cycle("Q1", &[])]);
        assert!(migration.pairs.is_empty());
        assert_eq!(count(&migration.cycles[0], CohortBucket::None), (0, None));
    }

    #[test]
    fn nps_classes_close_at_their_lower_bound() {
        assert_eq!(NpsClass::of(9.0), NpsClass::Promoter);
        assert_eq!(NpsClass::of(8.999), NpsClass::Passive);
        assert_eq!(NpsClass::of(7.0), NpsClass::Passive);
        assert_eq!(NpsClass::of(6.99), NpsClass::Detractor);
    }

    fn result(account: i64, ltr: Option<f64>, score: Option<u32>) -> AccountResult {
        AccountResult {
            account,
            account_manager: 10,
            responses: 1,
            categories: vec![],
            indicators: vec![IndicatorMean {
                indicator: 7,
                kind: IndicatorKind::Ltr,
                n: 1,
                mean: ltr,
            }],
            iwp: None,
            iws: None,
            f: None,
            score_parts: ScoreParts::default(),
            score,
            cohort: score.map(|s| CohortThresholds::default().cohort(s)),
        }
    }

    #[test]
    fn hidden_risk_lists_recommenders_in_risky_cohorts_worst_first() {
        let results = [
            result(1, Some(9.5), Some(55)), // promoter, high: hidden
            result(2, Some(7.0), Some(30)), // passive, extreme: hidden, lower score
            result(3, Some(6.0), Some(30)), // detractor: not hidden
            result(4, Some(9.0), Some(60)), // medium cohort: not hidden
            result(5, None, Some(30)),      // no LTR
            result(6, Some(9.0), None),     // no score
        ];
        let found = hidden_risk(&results, Some(7));
        let summary: Vec<_> = found
            .iter()
            .map(|h| (h.account, h.score, h.cohort, h.nps_class))
            .collect();
        assert_eq!(
            summary,
            vec![
                (2, 30, Cohort::Extreme, NpsClass::Passive),
                (1, 55, Cohort::High, NpsClass::Promoter),
            ]
        );
        assert!(hidden_risk(&results, None).is_empty());
        assert!(hidden_risk(&results, Some(8)).is_empty());
    }

    fn arb_cohort() -> impl Strategy<Value = Option<Cohort>> {
        prop::option::of(prop::sample::select(vec![
            Cohort::None,
            Cohort::Low,
            Cohort::Medium,
            Cohort::High,
            Cohort::Extreme,
        ]))
    }

    proptest! {
        #[test]
        fn counts_and_transitions_add_up(
            raw in prop::collection::vec(prop::collection::btree_map(0i64..30, arb_cohort(), 0..20), 1..5)
        ) {
            let cycles: Vec<Cycle> = raw
                .into_iter()
                .enumerate()
                .map(|(i, accounts)| (format!("C{i}"), accounts))
                .collect();
            let migration = cohort_migration(&cycles);
            prop_assert_eq!(migration.pairs.len(), cycles.len() - 1);
            for (summary, (_, accounts)) in migration.cycles.iter().zip(&cycles) {
                let total: usize = summary.buckets.iter().map(|b| b.count).sum();
                prop_assert_eq!(total, accounts.len());
                let shares: f64 = summary.buckets.iter().filter_map(|b| b.share).sum();
                prop_assert!(accounts.is_empty() || (shares - 1.0).abs() < 1e-9);
            }
            for (pair, window) in migration.pairs.iter().zip(cycles.windows(2)) {
                let moved: usize = pair.transitions.iter().map(|t| t.count).sum();
                prop_assert_eq!(moved, pair.accounts);
                prop_assert_eq!(pair.accounts + pair.entered, window[1].1.len());
                prop_assert_eq!(pair.accounts + pair.left, window[0].1.len());
            }
        }
    }
}
