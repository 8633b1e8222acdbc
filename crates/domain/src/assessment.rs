//! Section 6 of the method: each AM against their peers, per category and per whole-book
//! measure (IWP, F, retention score). Welch's interval and p-value, Benjamini-Hochberg q-values
//! over the cycle, empirical-Bayes shrunk means and strengths.
//!
//! The inputs are account-unit values `x_a` (section 3): [`cycle_measures`] builds them from
//! [`AccountResult`]s, and each unit counts once whatever its number of responses.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::account::AccountResult;
use crate::survey::SurveySpec;

/// Confidence level of the Welch interval.
const CONFIDENCE: f64 = 0.95;

/// What an assessment measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "measure", rename_all = "snake_case")]
pub enum Measure {
    /// A category's account mean performance.
    Category {
        /// Storage id of the category.
        category: i64,
    },
    /// The account's importance-weighted performance.
    Iwp,
    /// The account's fulfilment.
    F,
    /// The account's retention score.
    Score,
}

/// Account-unit values of one measure, per AM.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeasureValues {
    /// The measure.
    pub measure: Measure,
    /// Per AM id, the values `x_a` of the AM's account units.
    pub values: BTreeMap<i64, Vec<f64>>,
}

/// Where an AM stands against their peers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// The whole interval is above 0.
    Above,
    /// The whole interval is below 0.
    Below,
    /// The interval contains 0.
    OnPar,
    /// Fewer than two units on a side, or no variance on either side: no interval.
    Insufficient,
}

impl Standing {
    /// The standing a Welch test gives (`Insufficient` without one).
    pub fn of(test: Option<&WelchTest>) -> Self {
        match test {
            None => Self::Insufficient,
            Some(test) if test.interval.low > 0.0 => Self::Above,
            Some(test) if test.interval.high < 0.0 => Self::Below,
            Some(_) => Self::OnPar,
        }
    }
}

/// A closed interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Interval {
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

/// Welch's two-sample t test of `mean(a) - mean(b)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WelchTest {
    /// `mean(a) - mean(b)`.
    pub difference: f64,
    /// Standard error of the difference.
    pub standard_error: f64,
    /// Welch-Satterthwaite degrees of freedom (fractional).
    pub df: f64,
    /// The 95% interval for the difference.
    pub interval: Interval,
    /// Two-sided p-value of "no difference".
    pub p_value: f64,
}

/// Welch's test of `mean(a) - mean(b)`, or `None` when `|a| < 2`, `|b| < 2` or both sample
/// variances are zero.
pub fn welch(a: &[f64], b: &[f64]) -> Option<WelchTest> {
    let (mean_a, var_a) = (mean(a)?, sample_variance(a)?);
    let (mean_b, var_b) = (mean(b)?, sample_variance(b)?);
    if var_a == 0.0 && var_b == 0.0 {
        return None;
    }
    let (n_a, n_b) = (a.len() as f64, b.len() as f64);
    let (se2_a, se2_b) = (var_a / n_a, var_b / n_b);
    let standard_error = (se2_a + se2_b).sqrt();
    // With one variance zero the formula reduces to the other group's n - 1; taking it
    // directly keeps the df exact.
    let df = if var_a == 0.0 {
        n_b - 1.0
    } else if var_b == 0.0 {
        n_a - 1.0
    } else {
        (se2_a + se2_b).powi(2) / (se2_a.powi(2) / (n_a - 1.0) + se2_b.powi(2) / (n_b - 1.0))
    };
    let t = StudentsT::new(0.0, 1.0, df).ok()?;
    let difference = mean_a - mean_b;
    let half_width = t.inverse_cdf(1.0 - (1.0 - CONFIDENCE) / 2.0) * standard_error;
    Some(WelchTest {
        difference,
        standard_error,
        df,
        interval: Interval {
            low: difference - half_width,
            high: difference + half_width,
        },
        p_value: (2.0 * t.sf((difference / standard_error).abs())).min(1.0),
    })
}

/// Benjamini-Hochberg adjusted p-values (step-up, monotone, capped at 1), in input order.
pub fn benjamini_hochberg(p_values: &[f64]) -> Vec<f64> {
    let m = p_values.len() as f64;
    let mut order: Vec<usize> = (0..p_values.len()).collect();
    order.sort_by(|&i, &j| p_values[i].total_cmp(&p_values[j]));
    let mut q_values = vec![1.0; p_values.len()];
    let mut running_min: f64 = 1.0;
    for (rank, &index) in order.iter().enumerate().rev() {
        running_min = running_min.min(p_values[index] * m / (rank as f64 + 1.0));
        q_values[index] = running_min;
    }
    q_values
}

/// Empirical-Bayes shrinkage of group means toward the grand mean (one-way ANOVA).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shrinkage {
    /// Mean over every value of every group.
    pub grand_mean: f64,
    /// Sample standard deviation of every value (0 with fewer than two values).
    pub s_total: f64,
    /// `s_within^2 / s_between^2`; `None` when the data give no evidence that groups differ
    /// (every shrunk mean is then the grand mean).
    pub k: Option<f64>,
    /// Per group, the shrunk mean.
    pub shrunk_means: BTreeMap<i64, f64>,
}

/// Shrinks each group's mean toward the grand mean by `n / (n + k)`, `k = MSW / s_between^2`,
/// `s_between^2 = (MSB - MSW) / n0` and `n0 = (N - sum(n_g^2) / N) / (G - 1)`. Empty groups
/// are ignored; `None` when there are no values at all.
pub fn shrinkage(groups: &BTreeMap<i64, Vec<f64>>) -> Option<Shrinkage> {
    let groups: BTreeMap<i64, &Vec<f64>> = groups
        .iter()
        .filter(|(_, values)| !values.is_empty())
        .map(|(&id, values)| (id, values))
        .collect();
    let all: Vec<f64> = groups
        .values()
        .flat_map(|values| values.iter().copied())
        .collect();
    let grand_mean = mean(&all)?;
    let k = shrinkage_k(&groups, grand_mean, all.len());
    let shrunk_means = groups
        .iter()
        .map(|(&id, values)| {
            let group_mean = mean(values).unwrap_or(grand_mean);
            let n = values.len() as f64;
            let shrunk = match k {
                Some(k) => grand_mean + (group_mean - grand_mean) * n / (n + k),
                None => grand_mean,
            };
            (id, shrunk)
        })
        .collect();
    Some(Shrinkage {
        grand_mean,
        s_total: sample_variance(&all).map_or(0.0, f64::sqrt),
        k,
        shrunk_means,
    })
}

/// `k` of the one-way ANOVA; `None` when there are fewer than two groups, MSW is undefined
/// (`N = G`) or `s_between^2 <= 0`.
fn shrinkage_k(groups: &BTreeMap<i64, &Vec<f64>>, grand_mean: f64, total: usize) -> Option<f64> {
    let g = groups.len();
    if g < 2 || total <= g {
        return None;
    }
    let (ss_within, ss_between) = groups
        .values()
        .fold((0.0, 0.0), |(within, between), values| {
            let group_mean = mean(values).unwrap_or(grand_mean);
            let squares = sum_of_squares(values, group_mean);
            let spread = values.len() as f64 * (group_mean - grand_mean).powi(2);
            (within + squares, between + spread)
        });
    let big_n = total as f64;
    let msw = ss_within / (big_n - g as f64);
    let msb = ss_between / (g as f64 - 1.0);
    let sum_n_squared: f64 = groups.values().map(|v| (v.len() as f64).powi(2)).sum();
    let n0 = (big_n - sum_n_squared / big_n) / (g as f64 - 1.0);
    let s_between2 = (msb - msw) / n0;
    if s_between2 <= 0.0 {
        return None;
    }
    Some(if msw == 0.0 { 0.0 } else { msw / s_between2 })
}

/// One AM's assessment on one measure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AmAssessment {
    /// Storage id of the AM.
    pub account_manager: i64,
    /// What is assessed.
    #[serde(flatten)]
    pub measure: Measure,
    /// Number of the AM's account units with a value.
    pub n: usize,
    /// Mean over the AM's units.
    pub mean: f64,
    /// Number of peer units (every other AM's).
    pub peer_n: usize,
    /// Mean over the peer units.
    pub peer_mean: Option<f64>,
    /// `mean - peer_mean`.
    pub difference: Option<f64>,
    /// Welch's 95% interval for the difference.
    pub interval: Option<Interval>,
    /// Welch-Satterthwaite degrees of freedom.
    pub df: Option<f64>,
    /// Two-sided p-value.
    pub p_value: Option<f64>,
    /// Benjamini-Hochberg adjusted p-value over the cycle's tests.
    pub q_value: Option<f64>,
    /// Where the AM stands.
    pub standing: Standing,
    /// Empirical-Bayes shrunk mean.
    pub shrunk_mean: f64,
    /// `(shrunk_mean - grand_mean) / s_total`, 0 when `s_total` is 0.
    pub strength: f64,
}

/// Scope-wide figures of one measure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeasureSummary {
    /// The measure.
    #[serde(flatten)]
    pub measure: Measure,
    /// Number of account units with a value.
    pub units: usize,
    /// Mean over every unit.
    pub grand_mean: f64,
    /// Sample standard deviation over every unit.
    pub s_total: f64,
    /// The shrinkage constant `k`, `None` when every shrunk mean is the grand mean.
    pub k: Option<f64>,
}

/// Every AM on every measure of one cycle.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CycleAssessment {
    /// One summary per measure that has a value.
    pub measures: Vec<MeasureSummary>,
    /// One row per (measure, AM with a value), q-values filled in.
    pub results: Vec<AmAssessment>,
}

/// Assesses every AM on one measure; `q_value` stays `None` (see [`assess_cycle`]).
pub fn assess_measure(values: &MeasureValues) -> Option<(MeasureSummary, Vec<AmAssessment>)> {
    let shrinkage = shrinkage(&values.values)?;
    let rows = shrinkage
        .shrunk_means
        .iter()
        .filter_map(|(&am, &shrunk_mean)| {
            let own = values.values.get(&am)?;
            Some(assess_one(values, am, own, shrunk_mean, &shrinkage))
        })
        .collect();
    let summary = MeasureSummary {
        measure: values.measure,
        units: values.values.values().map(Vec::len).sum(),
        grand_mean: shrinkage.grand_mean,
        s_total: shrinkage.s_total,
        k: shrinkage.k,
    };
    Some((summary, rows))
}

fn assess_one(
    values: &MeasureValues,
    am: i64,
    own: &[f64],
    shrunk_mean: f64,
    shrinkage: &Shrinkage,
) -> AmAssessment {
    let peers: Vec<f64> = values
        .values
        .iter()
        .filter(|(other, _)| **other != am)
        .flat_map(|(_, v)| v.iter().copied())
        .collect();
    let own_mean = mean(own).unwrap_or(shrinkage.grand_mean);
    let peer_mean = mean(&peers);
    let test = welch(own, &peers);
    let strength = if shrinkage.s_total > 0.0 {
        (shrunk_mean - shrinkage.grand_mean) / shrinkage.s_total
    } else {
        0.0
    };
    AmAssessment {
        account_manager: am,
        measure: values.measure,
        n: own.len(),
        mean: own_mean,
        peer_n: peers.len(),
        peer_mean,
        difference: peer_mean.map(|peer| own_mean - peer),
        interval: test.map(|t| t.interval),
        df: test.map(|t| t.df),
        p_value: test.map(|t| t.p_value),
        q_value: None,
        standing: Standing::of(test.as_ref()),
        shrunk_mean,
        strength,
    }
}

/// Assesses every AM on every measure and fills in the Benjamini-Hochberg q-values over every
/// test of the cycle (every row with a p-value).
pub fn assess_cycle(measures: &[MeasureValues]) -> CycleAssessment {
    let mut assessment = CycleAssessment::default();
    for values in measures {
        if let Some((summary, rows)) = assess_measure(values) {
            assessment.measures.push(summary);
            assessment.results.extend(rows);
        }
    }
    let p_values: Vec<f64> = assessment
        .results
        .iter()
        .filter_map(|r| r.p_value)
        .collect();
    let mut q_values = benjamini_hochberg(&p_values).into_iter();
    for row in &mut assessment.results {
        if row.p_value.is_some() {
            row.q_value = q_values.next();
        }
    }
    assessment
}

/// The account-unit values of a cycle, per measure: each survey category's mean performance,
/// then IWP, F and the retention score. A unit without a value for a measure is left out of it.
pub fn cycle_measures(accounts: &[AccountResult], survey: &SurveySpec) -> Vec<MeasureValues> {
    let category_measures = survey.categories.iter().map(|&category| {
        collect_measure(accounts, Measure::Category { category }, |account| {
            account
                .categories
                .iter()
                .find(|c| c.category == category)
                .and_then(|c| c.mean_performance)
        })
    });
    let book_measures = [
        collect_measure(accounts, Measure::Iwp, |a| a.iwp),
        collect_measure(accounts, Measure::F, |a| a.f),
        collect_measure(accounts, Measure::Score, |a| a.score.map(f64::from)),
    ];
    category_measures.chain(book_measures).collect()
}

fn collect_measure(
    accounts: &[AccountResult],
    measure: Measure,
    value: impl Fn(&AccountResult) -> Option<f64>,
) -> MeasureValues {
    let mut values: BTreeMap<i64, Vec<f64>> = BTreeMap::new();
    for account in accounts {
        if let Some(x) = value(account) {
            values.entry(account.account_manager).or_default().push(x);
        }
    }
    MeasureValues { measure, values }
}

/// Arithmetic mean; `None` for no values.
pub(crate) fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Sample variance (divisor `n - 1`); `None` for fewer than two values, exactly 0 when every
/// value is equal (so that "no variance" is not lost to rounding).
pub(crate) fn sample_variance(values: &[f64]) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let m = mean(values)?;
    Some(sum_of_squares(values, m) / (values.len() as f64 - 1.0))
}

/// Sum of squared deviations from `center`; exactly 0 when every value equals `center`'s
/// source (all values equal), where the mean itself may carry a rounding residue.
fn sum_of_squares(values: &[f64], center: f64) -> f64 {
    match values.first() {
        Some(&first) if values.iter().all(|&x| x == first) => 0.0,
        _ => values.iter().map(|x| (x - center).powi(2)).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
        (actual - expected).abs() < tolerance
    }

    #[test]
    fn welch_with_fractional_degrees_of_freedom() {
        // a = [1, 2, 3]: mean 2, var 1; b = [4, 6]: mean 5, var 2.
        // se^2 = 1/3 + 2/2 = 4/3; df = (4/3)^2 / ((1/3)^2 / 2 + 1^2 / 1) = (16/9) / (19/18) = 32/19
        // t(0.975, 32/19) = 5.176232 (numerical integration of the t density);
        // half width = 5.176232 * sqrt(4/3) = 5.976997; interval = -3 -/+ that.
        // t = -3 / sqrt(4/3) = -2.598076, two-sided p = 0.144366.
        let test = welch(&[1.0, 2.0, 3.0], &[4.0, 6.0]).unwrap();
        assert_eq!(test.difference, -3.0);
        assert!(close(test.df, 32.0 / 19.0, 1e-12));
        assert!(
            close(test.interval.low, -8.976_997, 1e-5),
            "{:?}",
            test.interval
        );
        assert!(
            close(test.interval.high, 2.976_997, 1e-5),
            "{:?}",
            test.interval
        );
        assert!(close(test.p_value, 0.144_366, 1e-5), "{}", test.p_value);
        assert_eq!(Standing::of(Some(&test)), Standing::OnPar);
    }

    #[test]
    fn welch_with_equal_sizes_and_variances_has_df_2n_minus_2() {
        // a = [1, 2, 3, 4], b = [3, 4, 5, 6]: both var 5/3, se^2 = 2 * (5/3) / 4 = 5/6
        // df = (5/6)^2 / (2 * (5/12)^2 / 3) = 6; t(0.975, 6) = 2.446912
        // interval = -2 -/+ 2.446912 * 0.912871 = [-4.233713, 0.233713]
        // t^2 = 4 / (5/6) = 4.8, x = t / sqrt(6 + t^2) = 2/3; for df 6 the two-sided p is
        // 1 - x (1 + (1 - x^2)/2 + 3 (1 - x^2)^2 / 8) = 1 - (2/3)(903/648) = 138/1944.
        let test = welch(&[1.0, 2.0, 3.0, 4.0], &[3.0, 4.0, 5.0, 6.0]).unwrap();
        assert!(close(test.df, 6.0, 1e-12));
        assert!(close(test.interval.low, -4.233_713, 1e-5));
        assert!(close(test.interval.high, 0.233_713, 1e-5));
        assert!(
            close(test.p_value, 138.0 / 1944.0, 1e-9),
            "{}",
            test.p_value
        );
    }

    #[test]
    fn welch_with_one_zero_variance_takes_the_other_n_minus_one() {
        // a = [5, 5, 5] (var 0), b = [1, 2, 3] (var 1): df = 3 - 1 = 2, se = sqrt(1/3)
        // t(0.975, 2) = 4.302653; interval = 3 -/+ 4.302653 * 0.577350 = [0.515862, 5.484138]
        // t^2 = 27; for df 2 the two-sided p is 1 - t / sqrt(t^2 + 2) = 1 - sqrt(27/29).
        let test = welch(&[5.0, 5.0, 5.0], &[1.0, 2.0, 3.0]).unwrap();
        assert_eq!(test.df, 2.0);
        assert!(close(test.interval.low, 0.515_862, 1e-5));
        assert!(close(test.interval.high, 5.484_138, 1e-5));
        assert!(close(test.p_value, 1.0 - (27.0_f64 / 29.0).sqrt(), 1e-9));
        assert_eq!(Standing::of(Some(&test)), Standing::Above);
        let mirrored = welch(&[1.0, 2.0, 3.0], &[5.0, 5.0, 5.0]).unwrap();
        assert_eq!(Standing::of(Some(&mirrored)), Standing::Below);
    }

    #[test]
    fn welch_is_insufficient_without_two_units_a_side_or_any_variance() {
        assert!(welch(&[1.0], &[1.0, 2.0, 3.0]).is_none());
        assert!(welch(&[1.0, 2.0], &[3.0]).is_none());
        assert!(welch(&[2.0, 2.0], &[3.0, 3.0, 3.0]).is_none());
        assert_eq!(Standing::of(None), Standing::Insufficient);
    }

    #[test]
    fn benjamini_hochberg_by_hand() {
        // Sorted: 0.01 (1), 0.03 (2), 0.04 (3), 0.20 (4); p * 4 / rank = 0.04, 0.06, 0.0533, 0.20
        // Step-up minimum from the top: 0.20, 0.0533, 0.0533, 0.04.
        let q = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.20]);
        let expected = [0.04, 0.16 / 3.0, 0.16 / 3.0, 0.20];
        for (actual, wanted) in q.iter().zip(expected) {
            assert!(close(*actual, wanted, 1e-12), "{q:?}");
        }
        assert!(benjamini_hochberg(&[]).is_empty());
        assert_eq!(benjamini_hochberg(&[0.3]), vec![0.3]);
    }

    fn groups(values: &[(i64, &[f64])]) -> BTreeMap<i64, Vec<f64>> {
        values.iter().map(|(id, v)| (*id, v.to_vec())).collect()
    }

    #[test]
    fn shrinkage_by_one_way_anova_on_three_groups() {
        // A = [1, 3] (mean 2), B = [4, 6] (mean 5), C = [5, 7, 9] (mean 7); N = 7, grand = 35/7 = 5
        // SSW = 2 + 2 + 8 = 12, MSW = 12 / (7 - 3) = 3
        // SSB = 2*9 + 0 + 3*4 = 30, MSB = 30 / 2 = 15
        // n0 = (7 - (4 + 4 + 9)/7) / 2 = 16/7; s_between^2 = (15 - 3) / (16/7) = 5.25
        // k = 3 / 5.25 = 4/7
        // A: 5 + (2 - 5) * 2 / (2 + 4/7) = 5 - 7/3 = 8/3; B: 5; C: 5 + 2 * 3 / (3 + 4/7) = 6.68
        // s_total = sqrt((12 + 30) / 6) = sqrt(7)
        let data = groups(&[(1, &[1.0, 3.0]), (2, &[4.0, 6.0]), (3, &[5.0, 7.0, 9.0])]);
        let result = shrinkage(&data).unwrap();
        assert!(close(result.grand_mean, 5.0, 1e-12));
        assert!(close(result.k.unwrap(), 4.0 / 7.0, 1e-12));
        assert!(close(result.shrunk_means[&1], 8.0 / 3.0, 1e-12));
        assert!(close(result.shrunk_means[&2], 5.0, 1e-12));
        assert!(close(result.shrunk_means[&3], 6.68, 1e-12));
        assert!(close(result.s_total, 7.0_f64.sqrt(), 1e-12));
    }

    #[test]
    fn shrinkage_falls_back_to_the_grand_mean_without_evidence() {
        // Equal group means: MSB = 0 < MSW, so s_between^2 < 0.
        let same_means = shrinkage(&groups(&[(1, &[1.0, 3.0]), (2, &[0.0, 4.0])])).unwrap();
        assert_eq!(same_means.k, None);
        assert!(same_means.shrunk_means.values().all(|m| *m == 2.0));
        // One unit per AM: MSW has no degrees of freedom.
        let singletons = shrinkage(&groups(&[(1, &[1.0]), (2, &[5.0])])).unwrap();
        assert_eq!(singletons.k, None);
        assert!(singletons.shrunk_means.values().all(|m| *m == 3.0));
        // A lone AM.
        let lone = shrinkage(&groups(&[(1, &[1.0, 5.0])])).unwrap();
        assert_eq!(lone.shrunk_means[&1], 3.0);
        assert_eq!(shrinkage(&groups(&[(1, &[])])), None);
    }

    #[test]
    fn no_within_variance_means_no_shrinkage() {
        // MSW = 0, MSB > 0: k = 0 and every shrunk mean is the raw mean.
        let result = shrinkage(&groups(&[(1, &[1.0, 1.0]), (2, &[3.0, 3.0])])).unwrap();
        assert_eq!(result.k, Some(0.0));
        assert_eq!(
            (result.shrunk_means[&1], result.shrunk_means[&2]),
            (1.0, 3.0)
        );
    }

    fn measure(category: i64, values: &[(i64, &[f64])]) -> MeasureValues {
        MeasureValues {
            measure: Measure::Category { category },
            values: groups(values),
        }
    }

    #[test]
    fn a_cycle_fills_q_values_over_every_test() {
        // Category 1: AM 1 [5, 5, 5] vs AM 2 [1, 2, 3]: p = 1 - sqrt(27/29) = 0.035099 both ways.
        // Category 2: AM 1 [1, 2, 3, 4] vs AM 2 [3, 4, 5, 6]: p = 138/1944 = 0.070988 both ways.
        // Category 3: AM 1 has one unit: insufficient, no test.
        // BH over the 4 p-values: ranks 1-4 give 0.1404, 0.0702, 0.0947, 0.0710; step-up:
        // q = 0.0702 (= 2 p1) for category 1, 0.0710 (= p2) for category 2.
        let measures = [
            measure(1, &[(1, &[5.0, 5.0, 5.0]), (2, &[1.0, 2.0, 3.0])]),
            measure(2, &[(1, &[1.0, 2.0, 3.0, 4.0]), (2, &[3.0, 4.0, 5.0, 6.0])]),
            measure(3, &[(1, &[4.0]), (2, &[3.0, 4.0, 5.0])]),
        ];
        let cycle = assess_cycle(&measures);
        assert_eq!(cycle.results.len(), 6);
        assert_eq!(cycle.measures.len(), 3);
        let p1 = 1.0 - (27.0_f64 / 29.0).sqrt();
        let p2 = 138.0 / 1944.0;
        let q: Vec<Option<f64>> = cycle.results.iter().map(|r| r.q_value).collect();
        for (actual, wanted) in q[..4].iter().zip([2.0 * p1, 2.0 * p1, p2, p2]) {
            assert!(close(actual.unwrap(), wanted, 1e-9), "{q:?}");
        }
        assert_eq!(&q[4..], &[None, None]);
        assert_eq!(cycle.results[4].standing, Standing::Insufficient);
    }

    #[test]
    fn an_am_row_by_hand() {
        // AM 1 [5, 5, 5] vs AM 2 [1, 2, 3]: grand = 21/6 = 3.5
        // SSW = 0 + 2, MSW = 2/4 = 0.5; SSB = 3 * 1.5^2 * 2 = 13.5 = MSB; n0 = (6 - 18/6) / 1 = 3
        // s_between^2 = (13.5 - 0.5) / 3 = 13/3; k = 0.5 / (13/3) = 3/26
        // shrunk AM 1 = 3.5 + 1.5 * 3 / (3 + 3/26) = 3.5 + 1.5 * 26/27 = 3.5 + 13/9
        // s_total = sqrt(15.5 / 5) = sqrt(3.1); strength = (13/9) / sqrt(3.1)
        let values = measure(1, &[(1, &[5.0, 5.0, 5.0]), (2, &[1.0, 2.0, 3.0])]);
        let (summary, rows) = assess_measure(&values).unwrap();
        assert!(close(summary.k.unwrap(), 3.0 / 26.0, 1e-12));
        let row = rows[0];
        assert_eq!((row.account_manager, row.n, row.peer_n), (1, 3, 3));
        assert_eq!(
            (row.mean, row.peer_mean, row.difference),
            (5.0, Some(2.0), Some(3.0))
        );
        assert_eq!(row.standing, Standing::Above);
        assert!(close(row.shrunk_mean, 3.5 + 13.0 / 9.0, 1e-12));
        assert!(close(row.strength, (13.0 / 9.0) / 3.1_f64.sqrt(), 1e-12));
        assert_eq!(row.q_value, None);
    }

    #[test]
    fn strength_is_zero_when_every_unit_is_equal() {
        let values = measure(1, &[(1, &[4.0, 4.0]), (2, &[4.0])]);
        let (summary, rows) = assess_measure(&values).unwrap();
        assert_eq!(summary.s_total, 0.0);
        assert!(
            rows.iter()
                .all(|r| r.strength == 0.0 && r.standing == Standing::Insufficient)
        );
    }

    #[test]
    fn rows_serialise_with_the_measure_flattened() {
        let values = measure(7, &[(1, &[4.0, 5.0]), (2, &[4.0, 6.0])]);
        let (_, rows) = assess_measure(&values).unwrap();
        let json = serde_json::to_value(rows[0]).unwrap();
        assert_eq!(json["measure"], "category");
        assert_eq!(json["category"], 7);
        assert_eq!(json["standing"], "on_par");
        assert!(json["interval"]["low"].is_number());
        let score = serde_json::to_value(Measure::Score).unwrap();
        assert_eq!(score, serde_json::json!({"measure": "score"}));
    }
}
