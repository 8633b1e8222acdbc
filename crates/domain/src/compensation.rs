//! Section 10 of the method: the compensation index of each AM in a cycle, its parts, the
//! AMs' ranks and the split of a bonus pool.
//!
//! The index is `weight_score * percentile of the mean book score + weight_iws_improvement *
//! percentile of the IWS improvement + weight_renewal * 100 * renewal rate`, in [0, 100]. The
//! renewal rate enters as it is (times 100), not as a percentile: an AM whose every renewal
//! was won scores 100 on it whatever their peers did. A part without data drops out and the
//! other weights rescale to sum to 1.
//!
//! An AM whose book is smaller than `min_book` is marked insufficient evidence: their raw
//! values are shown but they get no percentile, index, rank or bonus, and they are left out of
//! the percentile populations too, so that a handful of accounts cannot push everyone else's
//! percentiles around.

use serde::{Deserialize, Serialize};

use crate::settings::CompensationSettings;

/// One AM's figures for a cycle, as storage gathers them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompInput {
    /// Storage id of the AM.
    pub account_manager: i64,
    /// Accounts in the AM's book in the cycle.
    pub book_size: usize,
    /// Mean retention score over the book's scored accounts.
    pub mean_score: Option<f64>,
    /// The book's IWS this cycle: the mean of its accounts' IWS.
    pub iws_now: Option<f64>,
    /// The book's IWS in the previous cycle.
    pub iws_before: Option<f64>,
    /// Renewals recorded for the book in the cycle.
    pub renewed: usize,
    /// Churns recorded for the book in the cycle.
    pub churned: usize,
}

/// The parts of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartName {
    /// Mean book score, as a percentile among the AMs.
    Score,
    /// Previous IWS minus current IWS (a fall in shortfall is good), as a percentile.
    IwsImprovement,
    /// Renewed / (renewed + churned), times 100.
    Renewal,
}

/// One part of an AM's index.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Part {
    /// Which part.
    pub name: PartName,
    /// The raw value: mean score, IWS before minus now, or renewal rate in [0, 1].
    pub value: Option<f64>,
    /// What enters the index, in [0, 100]: the mid-rank percentile of `value` among the ranked
    /// AMs with this part, or for `renewal` the rate times 100 (not a percentile). `None`
    /// without a value or for an AM with insufficient evidence.
    pub percentile: Option<f64>,
    /// The part's weight after rescaling over the parts with data; 0 for a part without.
    pub weight: f64,
    /// Accounts behind the value: the book's size for `score` and `iws_improvement` (the input
    /// carries no count of scored accounts, so this is an upper bound), renewals plus churns
    /// for `renewal`.
    pub reliability: usize,
}

/// One AM's index with its parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompRow {
    /// Storage id of the AM.
    pub account_manager: i64,
    /// `score`, `iws_improvement` and `renewal`, in that order.
    pub parts: Vec<Part>,
    /// `sum weight * percentile` over the parts, in [0, 100]; `None` with insufficient evidence
    /// or when no part with a positive weight has data.
    pub index: Option<f64>,
    /// The book has fewer accounts than `min_book`: shown, not ranked.
    pub insufficient_evidence: bool,
    /// 1 for the highest index; equal indexes share a rank and the next rank skips (1, 2, 2,
    /// 4). `None` without an index.
    pub rank: Option<usize>,
}

const PARTS: [PartName; 3] = [PartName::Score, PartName::IwsImprovement, PartName::Renewal];

/// The mid-rank percentile of `value` in `population` (which should hold it):
/// `100 * (below + ties / 2) / count`, `ties` counting `value` itself, so 50 for a lone value.
/// `None` for an empty population.
pub fn mid_rank_percentile(value: f64, population: &[f64]) -> Option<f64> {
    if population.is_empty() {
        return None;
    }
    let below = population.iter().filter(|&&x| x < value).count();
    let ties = population.iter().filter(|&&x| x == value).count();
    Some(100.0 * (below as f64 + ties as f64 / 2.0) / population.len() as f64)
}

/// Every AM's index, in input order, under validated `settings`
/// ([`CompensationSettings::validate`]). Non-finite scores or IWS count as missing.
pub fn compensation(inputs: &[CompInput], settings: &CompensationSettings) -> Vec<CompRow> {
    let raw: Vec<[Option<f64>; 3]> = inputs.iter().map(raw_values).collect();
    let ranked: Vec<bool> = inputs
        .iter()
        .map(|input| input.book_size >= settings.min_book)
        .collect();
    let populations: [Vec<f64>; 3] = [0, 1, 2].map(|k| {
        let with_part = raw.iter().zip(&ranked).filter(|(_, ranked)| **ranked);
        with_part.filter_map(|(values, _)| values[k]).collect()
    });
    let weights = [
        settings.weight_score,
        settings.weight_iws_improvement,
        settings.weight_renewal,
    ];
    let mut rows: Vec<CompRow> = inputs
        .iter()
        .zip(&raw)
        .zip(&ranked)
        .map(|((input, values), &ranked)| {
            let points = ranked.then(|| points(values, &populations));
            row(input, values, points, &weights)
        })
        .collect();
    let indexes: Vec<f64> = rows.iter().filter_map(|row| row.index).collect();
    for row in &mut rows {
        row.rank = row
            .index
            .map(|index| 1 + indexes.iter().filter(|&&other| other > index).count());
    }
    rows
}

/// Raw score, IWS improvement and renewal rate.
fn raw_values(input: &CompInput) -> [Option<f64>; 3] {
    let finite = |x: Option<f64>| x.filter(|v| v.is_finite());
    let improvement = finite(input.iws_before)
        .zip(finite(input.iws_now))
        .map(|(before, now)| before - now);
    let outcomes = input.renewed + input.churned;
    let renewal = (outcomes > 0).then(|| input.renewed as f64 / outcomes as f64);
    [finite(input.mean_score), improvement, renewal]
}

/// What each part puts into the index: two percentiles and the renewal rate times 100.
fn points(values: &[Option<f64>; 3], populations: &[Vec<f64>; 3]) -> [Option<f64>; 3] {
    let percentile = |k: usize| values[k].and_then(|v| mid_rank_percentile(v, &populations[k]));
    [
        percentile(0),
        percentile(1),
        values[2].map(|rate| 100.0 * rate),
    ]
}

fn row(
    input: &CompInput,
    values: &[Option<f64>; 3],
    points: Option<[Option<f64>; 3]>,
    weights: &[f64; 3],
) -> CompRow {
    let insufficient_evidence = points.is_none();
    let points = points.unwrap_or([None; 3]);
    let total: f64 = (0..3)
        .filter(|&k| points[k].is_some())
        .map(|k| weights[k])
        .sum();
    let rescaled = |k: usize| match points[k] {
        Some(_) if total > 0.0 => weights[k] / total,
        _ => 0.0,
    };
    let reliability = [
        input.book_size,
        input.book_size,
        input.renewed + input.churned,
    ];
    let parts: Vec<Part> = (0..3)
        .map(|k| Part {
            name: PARTS[k],
            value: values[k],
            percentile: points[k],
            weight: rescaled(k),
            reliability: reliability[k],
        })
        .collect();
    let index = (total > 0.0).then(|| {
        let sum: f64 = parts
            .iter()
            .map(|p| p.weight * p.percentile.unwrap_or(0.0))
            .sum();
        sum.clamp(0.0, 100.0)
    });
    CompRow {
        account_manager: input.account_manager,
        parts,
        index,
        insufficient_evidence,
        rank: None,
    }
}

/// Splits `pool` among the AMs whose index is above `floor`, in proportion to `index - floor`;
/// every other AM (insufficient evidence included) gets 0. One entry per row, in row order;
/// the shares sum to `pool` when anyone qualifies. A negative or non-finite pool is split as
/// nothing: every share is 0.
pub fn bonus_split(rows: &[CompRow], pool: f64, floor: f64) -> Vec<(i64, f64)> {
    let excess = |row: &CompRow| match row.index {
        Some(index) if !row.insufficient_evidence && index > floor => index - floor,
        _ => 0.0,
    };
    let total: f64 = rows.iter().map(excess).sum();
    let splits = pool.is_finite() && pool >= 0.0 && total > 0.0;
    rows.iter()
        .map(|row| {
            let share = if splits {
                pool * excess(row) / total
            } else {
                0.0
            };
            (row.account_manager, share)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 1e-9
    }

    fn input(
        account_manager: i64,
        book_size: usize,
        mean_score: Option<f64>,
        iws: Option<(f64, f64)>,
        outcomes: (usize, usize),
    ) -> CompInput {
        CompInput {
            account_manager,
            book_size,
            mean_score,
            iws_before: iws.map(|(before, _)| before),
            iws_now: iws.map(|(_, now)| now),
            renewed: outcomes.0,
            churned: outcomes.1,
        }
    }

    /// AM 1 leads, AM 2 trails, AM 3 has only a score, AM 4's book is too small.
    fn inputs() -> Vec<CompInput> {
        vec![
            input(1, 10, Some(80.0), Some((1.5, 1.0)), (9, 1)),
            input(2, 8, Some(70.0), Some((1.0, 1.2)), (4, 0)),
            input(3, 6, Some(70.0), None, (0, 0)),
            input(4, 3, Some(95.0), Some((2.0, 0.5)), (3, 0)),
        ]
    }

    #[test]
    fn mid_rank_percentiles_by_hand() {
        // [70, 70, 80]: 80 has 2 below, 1 tie: (2 + 0.5) / 3; 70 has 0 below, 2 ties: 1 / 3.
        let population = [80.0, 70.0, 70.0];
        assert!(close(
            mid_rank_percentile(80.0, &population).unwrap(),
            250.0 / 3.0
        ));
        assert!(close(
            mid_rank_percentile(70.0, &population).unwrap(),
            100.0 / 3.0
        ));
        assert_eq!(mid_rank_percentile(3.0, &[3.0]), Some(50.0));
        assert_eq!(mid_rank_percentile(3.0, &[]), None);
    }

    #[test]
    fn the_index_by_hand() {
        // Populations leave AM 4 out (book 3 < 5).
        // Score [80, 70, 70]: AM 1 250/3, AMs 2 and 3 100/3.
        // IWS improvement [0.5, -0.2]: AM 1 (1 + 0.5) / 2 = 75, AM 2 25.
        // Renewal: AM 1 9/10 -> 90, AM 2 4/4 -> 100, AM 3 no outcomes.
        // AM 1: 0.5 * 250/3 + 0.3 * 75 + 0.2 * 90 = 41.6667 + 22.5 + 18 = 82.1667 (= 493/6)
        // AM 2: 0.5 * 100/3 + 0.3 * 25 + 0.2 * 100 = 16.6667 + 7.5 + 20 = 44.1667 (= 265/6)
        // AM 3: only the score, weight 0.5 / 0.5 = 1: 100/3.
        let rows = compensation(&inputs(), &CompensationSettings::default());
        let index: Vec<Option<f64>> = rows.iter().map(|r| r.index).collect();
        assert!(close(index[0].unwrap(), 493.0 / 6.0));
        assert!(close(index[1].unwrap(), 265.0 / 6.0));
        assert!(close(index[2].unwrap(), 100.0 / 3.0));
        assert_eq!(index[3], None);
        let ranks: Vec<Option<usize>> = rows.iter().map(|r| r.rank).collect();
        assert_eq!(ranks, vec![Some(1), Some(2), Some(3), None]);

        let am1 = &rows[0].parts;
        assert_eq!(am1[1].name, PartName::IwsImprovement);
        assert!(close(am1[1].value.unwrap(), 0.5));
        assert_eq!(am1[1].percentile, Some(75.0));
        assert!(close(am1[2].value.unwrap(), 0.9) && close(am1[2].percentile.unwrap(), 90.0));
        assert_eq!(am1[2].reliability, 10);
        let am3 = &rows[2].parts;
        assert_eq!(
            (am3[0].weight, am3[1].weight, am3[2].weight),
            (1.0, 0.0, 0.0)
        );

        let small = &rows[3];
        assert!(small.insufficient_evidence);
        assert_eq!(small.parts[0].value, Some(95.0));
        assert!(
            small
                .parts
                .iter()
                .all(|p| p.percentile.is_none() && p.weight == 0.0)
        );
    }

    #[test]
    fn equal_indexes_share_a_rank() {
        // Two AMs with the same score and nothing else: both at percentile 50, rank 1.
        let rows = compensation(
            &[
                input(1, 5, Some(60.0), None, (0, 0)),
                input(2, 5, Some(60.0), None, (0, 0)),
                input(3, 5, Some(50.0), None, (0, 0)),
            ],
            &CompensationSettings::default(),
        );
        let ranks: Vec<Option<usize>> = rows.iter().map(|r| r.rank).collect();
        assert_eq!(ranks, vec![Some(1), Some(1), Some(3)]);
    }

    #[test]
    fn no_weighted_part_with_data_means_no_index() {
        // Only renewals known, and renewal weighs 0.
        let settings = CompensationSettings {
            weight_score: 0.6,
            weight_iws_improvement: 0.4,
            weight_renewal: 0.0,
            ..CompensationSettings::default()
        };
        let rows = compensation(&[input(1, 5, None, None, (2, 2))], &settings);
        assert_eq!(rows[0].index, None);
        assert_eq!(rows[0].rank, None);
        assert_eq!(rows[0].parts[2].percentile, Some(50.0));
    }

    #[test]
    fn the_bonus_by_hand() {
        // Floor 40: excesses 493/6 - 40 = 253/6 and 265/6 - 40 = 25/6; AM 3 (100/3) is below,
        // AM 4 has insufficient evidence. Shares of 1000: 1000 * 253/278 and 1000 * 25/278.
        let rows = compensation(&inputs(), &CompensationSettings::default());
        let split = bonus_split(&rows, 1000.0, 40.0);
        assert_eq!(
            split.iter().map(|s| s.0).collect::<Vec<_>>(),
            vec![1, 2, 3, 4]
        );
        assert!(close(split[0].1, 1000.0 * 253.0 / 278.0));
        assert!(close(split[1].1, 1000.0 * 25.0 / 278.0));
        assert_eq!((split[2].1, split[3].1), (0.0, 0.0));
        // At the default floor of 50 only AM 1 qualifies and takes the pool.
        let split = bonus_split(&rows, 1000.0, 50.0);
        assert!(close(split[0].1, 1000.0));
        // Nobody above 90: nobody gets anything.
        assert!(bonus_split(&rows, 1000.0, 90.0).iter().all(|s| s.1 == 0.0));
        assert!(
            bonus_split(&rows, f64::NAN, 40.0)
                .iter()
                .all(|s| s.1 == 0.0)
        );
    }

    #[test]
    fn rows_serialise_in_snake_case() {
        let rows = compensation(&inputs(), &CompensationSettings::default());
        let json = serde_json::to_value(&rows[0]).unwrap();
        assert_eq!(json["parts"][1]["name"], "iws_improvement");
        assert_eq!(json["insufficient_evidence"], false);
        assert_eq!(json["rank"], 1);
    }
}
