//! Funnel plots: each AM's book value against the target, with control limits that narrow as
//! the book grows. A book outside its limits differs from the target by more than its size
//! explains; a small book far from the target may be inside them.
//!
//! Limits are `target ± z * sd / sqrt(n)`, the normal approximation for a mean of `n`
//! account-level values with standard deviation `sd`.

use serde::{Deserialize, Serialize};

use crate::assessment::Interval;

/// Two-sided 95% normal quantile.
pub const Z95: f64 = 1.959964;

/// Two-sided 99.8% normal quantile.
pub const Z998: f64 = 3.090232;

/// Where a point lies against its limits; a point on a limit is inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outside {
    /// Within the 95% limits.
    None,
    /// Outside the 95% limits, within the 99.8% ones.
    Outside95,
    /// Outside the 99.8% limits.
    Outside998,
}

/// One AM on the funnel.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelPoint {
    /// Storage id of the AM.
    pub account_manager: i64,
    /// The AM's value (e.g. mean book score).
    pub value: f64,
    /// Accounts in the AM's book.
    pub n: usize,
    /// `target ± 1.959964 * sd / sqrt(n)`.
    pub limits95: Interval,
    /// `target ± 3.090232 * sd / sqrt(n)`.
    pub limits998: Interval,
    /// Where `value` lies against the limits.
    pub outside: Outside,
}

/// The limits at one book size, for drawing the funnel.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelLimits {
    /// Book size.
    pub n: usize,
    /// 95% limits.
    pub limits95: Interval,
    /// 99.8% limits.
    pub limits998: Interval,
}

/// A funnel plot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Funnel {
    /// The n-weighted mean of the AMs' values: the mean over all their accounts.
    pub target: f64,
    /// The standard deviation of account-level values the limits use.
    pub sd: f64,
    /// One point per AM with at least one account, in input order.
    pub points: Vec<FunnelPoint>,
    /// Limits at every book size from 1 to the largest `n`.
    pub curve: Vec<FunnelLimits>,
}

/// The funnel of `points` (AM, value, accounts in the book) with account-level standard
/// deviation `sd`.
///
/// Points with `n = 0` or a non-finite value are left out (they have no limits). `None` when
/// no point is left or `sd` is negative or not finite. With `sd = 0` the limits collapse onto
/// the target and any other value is outside both.
pub fn funnel(points: &[(i64, f64, usize)], sd: f64) -> Option<Funnel> {
    let kept: Vec<(i64, f64, usize)> = points
        .iter()
        .copied()
        .filter(|(_, value, n)| *n > 0 && value.is_finite())
        .collect();
    let total: usize = kept.iter().map(|(_, _, n)| n).sum();
    if total == 0 || !(sd.is_finite() && sd >= 0.0) {
        return None;
    }
    let target = kept.iter().map(|(_, v, n)| v * *n as f64).sum::<f64>() / total as f64;
    let largest = kept.iter().map(|(_, _, n)| *n).max().unwrap_or(0);
    Some(Funnel {
        target,
        sd,
        points: kept
            .iter()
            .map(|&(account_manager, value, n)| point(account_manager, value, n, target, sd))
            .collect(),
        curve: (1..=largest)
            .map(|n| FunnelLimits {
                n,
                limits95: limits(target, Z95, sd, n),
                limits998: limits(target, Z998, sd, n),
            })
            .collect(),
    })
}

fn limits(target: f64, z: f64, sd: f64, n: usize) -> Interval {
    let half_width = z * sd / (n as f64).sqrt();
    Interval {
        low: target - half_width,
        high: target + half_width,
    }
}

fn point(account_manager: i64, value: f64, n: usize, target: f64, sd: f64) -> FunnelPoint {
    let limits95 = limits(target, Z95, sd, n);
    let limits998 = limits(target, Z998, sd, n);
    let beyond = |limits: &Interval| value < limits.low || value > limits.high;
    let outside = if beyond(&limits998) {
        Outside::Outside998
    } else if beyond(&limits95) {
        Outside::Outside95
    } else {
        Outside::None
    };
    FunnelPoint {
        account_manager,
        value,
        n,
        limits95,
        limits998,
        outside,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 1e-9
    }

    #[test]
    fn limits_narrow_with_the_square_root_of_n() {
        // Target (60 * 4 + 80 * 16 + 70 * 0) / 20 = (240 + 1280) / 20 = 76; the n = 0 AM is
        // left out. sd 10: at n = 4 the 95% half-width is 1.959964 * 10 / 2 = 9.79982, the 99.8%
        // one 3.090232 * 5 = 15.45116; at n = 16, 4.89991 and 7.72558.
        let funnel = funnel(&[(1, 60.0, 4), (2, 80.0, 16), (3, 70.0, 0)], 10.0).unwrap();
        assert!(close(funnel.target, 76.0));
        assert_eq!(funnel.points.len(), 2);
        let small = funnel.points[0];
        assert!(close(small.limits95.low, 76.0 - 9.79982));
        assert!(close(small.limits998.low, 76.0 - 15.45116));
        // 60 < 60.54884 (99.8% low): outside both.
        assert_eq!(small.outside, Outside::Outside998);
        let large = funnel.points[1];
        assert!(close(large.limits95.high, 76.0 + 4.89991));
        // 80 lies within 76 ± 4.89991: inside the 95% limits.
        assert_eq!(large.outside, Outside::None);
        // The curve runs n = 1..=16; at n = 1 the 95% half-width is 19.59964.
        assert_eq!(funnel.curve.len(), 16);
        assert!(close(funnel.curve[0].limits95.high, 76.0 + 19.59964));
        assert_eq!(funnel.curve[3].limits95, small.limits95);
    }

    #[test]
    fn between_the_two_limits_is_outside95() {
        // Target (45 * 25 + 55 * 25) / 50 = 50, sd 10, n = 25: the 95% half-width is
        // 1.959964 * 10 / 5 = 3.919928, the 99.8% one 6.180464. Each value is 5 away.
        let funnel = funnel(&[(1, 45.0, 25), (2, 55.0, 25)], 10.0).unwrap();
        assert!(close(funnel.target, 50.0));
        assert_eq!(funnel.points[0].outside, Outside::Outside95);
        assert_eq!(funnel.points[1].outside, Outside::Outside95);
    }

    #[test]
    fn nothing_to_plot_is_none() {
        assert!(funnel(&[], 1.0).is_none());
        assert!(funnel(&[(1, 5.0, 0)], 1.0).is_none());
        assert!(funnel(&[(1, 5.0, 3)], -1.0).is_none());
        assert!(funnel(&[(1, 5.0, 3)], f64::NAN).is_none());
    }

    #[test]
    fn outside_serialises_as_documented() {
        let names: Vec<_> = [Outside::None, Outside::Outside95, Outside::Outside998]
            .iter()
            .map(|o| serde_json::to_value(o).unwrap())
            .collect();
        assert_eq!(names, ["none", "outside95", "outside998"]);
    }

    proptest! {
        #[test]
        fn limits_nest_and_the_target_is_inside_them(
            points in prop::collection::vec((0i64..50, 1.0f64..100.0, 1usize..60), 1..10),
            sd in 0.0f64..30.0,
        ) {
            let funnel = funnel(&points, sd).unwrap();
            let (low, high) = points
                .iter()
                .fold((f64::MAX, f64::MIN), |(l, h), (_, v, _)| (l.min(*v), h.max(*v)));
            prop_assert!(funnel.target >= low - 1e-9 && funnel.target <= high + 1e-9);
            for point in &funnel.points {
                prop_assert!(point.limits998.low <= point.limits95.low);
                prop_assert!(point.limits95.high <= point.limits998.high);
                prop_assert!(point.limits95.low <= funnel.target);
            }
            for pair in funnel.curve.windows(2) {
                prop_assert!(pair[1].limits95.high <= pair[0].limits95.high);
            }
        }
    }
}
