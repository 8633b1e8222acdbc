//! Section 5 of the method: category results, importance-performance quadrants and derived
//! importance for any scope (organization, team, AM book, account). Every response counts once
//! here: role weights apply to account means (section 3) only.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::cells::{CategoryCell, CellSet};
use crate::settings::CrossHairMode;
use crate::survey::{ImportanceForm, SurveySpec};

/// The none form's importance per category: [`none_form_weights`] of the organization's
/// derived importances for the cycle. A category missing from the map weighs 0.
pub type DerivedWeights = BTreeMap<i64, f64>;

/// Pearson correlations need at least this many responses with both values.
pub const MIN_PAIRS: i64 = 10;

/// Section 5 results of one scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScopeResults {
    /// Number of responses in the scope.
    pub respondents: i64,
    /// Per category, in the survey's category order.
    pub categories: Vec<CategoryResult>,
    /// The quadrant cross-hairs; `None` when no category has both means.
    pub cross_hair: Option<CrossHair>,
}

/// One category's results in a scope.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryResult {
    /// Storage id of the category.
    pub category: i64,
    /// Number of performance answers (`null` excluded).
    pub n: i64,
    /// Mean importance: on the importance scale (rating), the share of all the scope's
    /// respondents who picked it (pick), or the derived weight (none).
    pub mean_importance: Option<f64>,
    /// Mean performance.
    pub mean_performance: Option<f64>,
    /// Share of performance answers in the top two points of the scale.
    pub top_box_share: Option<f64>,
    /// Share of performance answers in the bottom two points of the scale.
    pub bottom_box_share: Option<f64>,
    /// Expected level minus mean performance.
    pub gap: Option<f64>,
    /// `importance_norm * (1 - top_box_share)`.
    pub priority: Option<f64>,
    /// IPA quadrant, against the scope's cross-hairs.
    pub quadrant: Option<Quadrant>,
}

/// Where the IPA cross-hairs sit, in the units of `mean_importance` and `mean_performance`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CrossHair {
    /// How they were placed.
    pub mode: CrossHairMode,
    /// Importance cross-hair.
    pub importance: f64,
    /// Performance cross-hair.
    pub performance: f64,
}

/// An IPA quadrant; a point on a cross-hair belongs to the higher side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// Important, performing below the cross-hair.
    ConcentrateHere,
    /// Important, performing at or above the cross-hair.
    KeepUpTheGoodWork,
    /// Less important, performing below the cross-hair.
    LowPriority,
    /// Less important, performing at or above the cross-hair.
    PossibleOverkill,
}

impl Quadrant {
    /// The quadrant of a point (mean importance, mean performance).
    pub fn of(importance: f64, performance: f64, cross_hair: &CrossHair) -> Self {
        let important = importance >= cross_hair.importance;
        let performing = performance >= cross_hair.performance;
        match (important, performing) {
            (true, false) => Self::ConcentrateHere,
            (true, true) => Self::KeepUpTheGoodWork,
            (false, false) => Self::LowPriority,
            (false, true) => Self::PossibleOverkill,
        }
    }
}

/// Section 5 category results and quadrants for the scope `cells`.
///
/// `derived_weights` are read in the none form only ([`none_form_weights`] of the
/// organization's cycle). `mode` places the cross-hairs.
pub fn category_results(
    cells: &CellSet<'_>,
    survey: &SurveySpec,
    derived_weights: &DerivedWeights,
    mode: CrossHairMode,
) -> ScopeResults {
    let respondents = cells.respondents();
    let mut categories: Vec<CategoryResult> = survey
        .categories
        .iter()
        .map(|&category| {
            let sums = CategorySums::of(cells, category);
            category_result(&sums, survey, derived_weights, respondents)
        })
        .collect();
    let cross_hair = cross_hair(&categories, survey, derived_weights, mode);
    if let Some(cross_hair) = &cross_hair {
        for result in &mut categories {
            result.quadrant = point(result).map(|(i, p)| Quadrant::of(i, p, cross_hair));
        }
    }
    ScopeResults {
        respondents,
        categories,
        cross_hair,
    }
}

/// Unweighted sums of one category over a scope.
#[derive(Debug, Clone, Copy, Default)]
struct CategorySums {
    category: i64,
    importance_n: i64,
    importance_sum: i64,
    performance_n: i64,
    performance_sum: i64,
    top_box_n: i64,
    bottom_box_n: i64,
}

impl CategorySums {
    fn of(cells: &CellSet<'_>, category: i64) -> Self {
        let start = Self {
            category,
            ..Self::default()
        };
        cells
            .categories
            .iter()
            .filter(|c| c.category == category)
            .fold(start, |sums, c| Self {
                importance_n: sums.importance_n + c.importance_n,
                importance_sum: sums.importance_sum + c.importance_sum,
                performance_n: sums.performance_n + c.performance_n,
                performance_sum: sums.performance_sum + c.performance_sum,
                top_box_n: sums.top_box_n + c.top_box_n,
                bottom_box_n: sums.bottom_box_n + c.bottom_box_n,
                ..sums
            })
    }
}

fn ratio(numerator: i64, denominator: i64) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

fn category_result(
    sums: &CategorySums,
    survey: &SurveySpec,
    derived_weights: &DerivedWeights,
    respondents: i64,
) -> CategoryResult {
    let scale = survey.performance_scale;
    let mean_performance = ratio(sums.performance_sum, sums.performance_n);
    let top_box_share = ratio(sums.top_box_n, sums.performance_n);
    let derived = || derived_weights.get(&sums.category).copied().unwrap_or(0.0);
    let (mean_importance, expected, importance_norm) = match survey.importance_form {
        ImportanceForm::Rating {
            scale: importance_scale,
        } => {
            let mean = ratio(sums.importance_sum, sums.importance_n);
            let expected = mean.map(|m| importance_scale.map_onto(scale, m));
            (mean, expected, mean.map(|m| importance_scale.normalise(m)))
        }
        ImportanceForm::Pick { .. } => {
            let share = ratio(sums.importance_sum, respondents);
            (share, Some(f64::from(scale.max)), share)
        }
        ImportanceForm::None => {
            let largest = derived_weights.values().copied().fold(0.0, f64::max);
            let norm = (largest > 0.0).then(|| derived() / largest);
            (Some(derived()), Some(f64::from(scale.max)), norm)
        }
    };
    CategoryResult {
        category: sums.category,
        n: sums.performance_n,
        mean_importance,
        mean_performance,
        top_box_share,
        bottom_box_share: ratio(sums.bottom_box_n, sums.performance_n),
        gap: expected.zip(mean_performance).map(|(e, p)| e - p),
        priority: importance_norm
            .zip(top_box_share)
            .map(|(i, top)| i * (1.0 - top)),
        quadrant: None,
    }
}

/// The IPA point of a category: both means, when it has them.
fn point(result: &CategoryResult) -> Option<(f64, f64)> {
    result.mean_importance.zip(result.mean_performance)
}

fn cross_hair(
    categories: &[CategoryResult],
    survey: &SurveySpec,
    derived_weights: &DerivedWeights,
    mode: CrossHairMode,
) -> Option<CrossHair> {
    let points: Vec<(f64, f64)> = categories.iter().filter_map(point).collect();
    if points.is_empty() {
        return None;
    }
    let (importance, performance) = match mode {
        CrossHairMode::DataMean => {
            let count = points.len() as f64;
            let importance = points.iter().map(|(i, _)| i).sum::<f64>() / count;
            let performance = points.iter().map(|(_, p)| p).sum::<f64>() / count;
            (importance, performance)
        }
        CrossHairMode::ScaleMidpoint => (
            importance_midpoint(survey, derived_weights),
            survey.performance_scale.midpoint(),
        ),
    };
    Some(CrossHair {
        mode,
        importance,
        performance,
    })
}

/// The middle of the importance axis: the scale's midpoint (rating), 0.5 (pick shares), or
/// the equal weight `1 / p` over the derived weights (none), since those sum to 1.
fn importance_midpoint(survey: &SurveySpec, derived_weights: &DerivedWeights) -> f64 {
    match survey.importance_form {
        ImportanceForm::Rating { scale } => scale.midpoint(),
        ImportanceForm::Pick { .. } => 0.5,
        ImportanceForm::None if derived_weights.is_empty() => 0.0,
        ImportanceForm::None => 1.0 / derived_weights.len() as f64,
    }
}

/// Derived importance of one category in a scope.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DerivedImportance {
    /// Storage id of the category.
    pub category: i64,
    /// Responses with both the category's performance and the outcome indicator.
    pub pair_n: i64,
    /// Pearson correlation of performance with the outcome; `None` when `pair_n < 10` or
    /// either variance is zero.
    pub pearson: Option<f64>,
}

// TODO(LMG input): the LMG decomposition, ranks and hidden drivers live in `crate::lmg`, but it
// needs per-response complete cases (every category's performance and the outcome), which the
// cells do not keep: storage must read them from the raw responses of the scope. Until a caller
// supplies them, `lmg::hidden_drivers` falls back to Pearson, as METHOD.md prescribes.

/// Pearson derived importance of every survey category over the scope `cells`.
pub fn derived_importance(cells: &CellSet<'_>, survey: &SurveySpec) -> Vec<DerivedImportance> {
    survey
        .categories
        .iter()
        .map(|&category| {
            let of_category: Vec<&CategoryCell> = cells
                .categories
                .iter()
                .copied()
                .filter(|c| c.category == category)
                .collect();
            let pairs = PairSums::of(&of_category);
            DerivedImportance {
                category,
                pair_n: pairs.n,
                pearson: pairs.pearson(),
            }
        })
        .collect()
}

/// Exact pair sums of performance `x` and outcome `y`, pooled over cells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PairSums {
    /// Number of pairs.
    pub n: i64,
    /// Sum of `x`.
    pub sum_x: i64,
    /// Sum of `y`.
    pub sum_y: i64,
    /// Sum of `x * x`.
    pub sum_xx: i64,
    /// Sum of `y * y`.
    pub sum_yy: i64,
    /// Sum of `x * y`.
    pub sum_xy: i64,
}

impl PairSums {
    /// The pooled pair sums of `cells`.
    pub fn of(cells: &[&CategoryCell]) -> Self {
        cells.iter().fold(Self::default(), |s, c| Self {
            n: s.n + c.pair_n,
            sum_x: s.sum_x + c.sum_x,
            sum_y: s.sum_y + c.sum_y,
            sum_xx: s.sum_xx + c.sum_xx,
            sum_yy: s.sum_yy + c.sum_yy,
            sum_xy: s.sum_xy + c.sum_xy,
        })
    }

    /// Pearson's r; `None` when fewer than [`MIN_PAIRS`] pairs or either variance is zero.
    pub fn pearson(&self) -> Option<f64> {
        if self.n < MIN_PAIRS {
            return None;
        }
        // n * sum(xy) - sum(x) * sum(y) and the like, in i128: exact, so a zero variance is
        // detected exactly rather than as a rounding residue.
        let n = i128::from(self.n);
        let (sx, sy) = (i128::from(self.sum_x), i128::from(self.sum_y));
        let covariance = n * i128::from(self.sum_xy) - sx * sy;
        let variance_x = n * i128::from(self.sum_xx) - sx * sx;
        let variance_y = n * i128::from(self.sum_yy) - sy * sy;
        if variance_x <= 0 || variance_y <= 0 {
            return None;
        }
        let r = covariance as f64 / ((variance_x as f64).sqrt() * (variance_y as f64).sqrt());
        Some(r.clamp(-1.0, 1.0))
    }
}

/// The none form's weights: Pearson derived importances with negative or `None` ones set to 0,
/// normalised to sum to 1; equal weights when none is positive.
pub fn none_form_weights(derived: &[DerivedImportance]) -> DerivedWeights {
    let positive = |d: &DerivedImportance| d.pearson.filter(|r| *r > 0.0).unwrap_or(0.0);
    let total: f64 = derived.iter().map(positive).sum();
    let equal = 1.0 / derived.len() as f64;
    derived
        .iter()
        .map(|d| {
            let weight = if total > 0.0 {
                positive(d) / total
            } else {
                equal
            };
            (d.category, weight)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::ResponseCell;
    use crate::survey::Scale;

    fn survey(form: ImportanceForm) -> SurveySpec {
        SurveySpec {
            performance_scale: Scale::new(1, 10),
            importance_form: form,
            categories: vec![1, 2, 3, 4],
            indicators: vec![],
        }
    }

    fn rating() -> ImportanceForm {
        ImportanceForm::Rating {
            scale: Scale::new(1, 5),
        }
    }

    /// Sums of one category: (importance n, sum), (performance n, sum), (top n, bottom n).
    fn cell(
        category: i64,
        importance: (i64, i64),
        performance: (i64, i64),
        boxes: (i64, i64),
    ) -> CategoryCell {
        CategoryCell {
            category,
            importance_n: importance.0,
            importance_sum: importance.1,
            performance_n: performance.0,
            performance_sum: performance.1,
            top_box_n: boxes.0,
            bottom_box_n: boxes.1,
            ..CategoryCell::default()
        }
    }

    /// Means (I, P): 1 -> (4, 7), 2 -> (2, 9), 3 -> (3, 4), 4 -> (2, 6); category 1 is split
    /// over two cells to check pooling.
    fn rating_cells() -> Vec<CategoryCell> {
        vec![
            cell(1, (1, 4), (2, 14), (0, 0)),
            cell(1, (3, 12), (3, 21), (1, 0)),
            cell(2, (4, 8), (4, 36), (3, 0)),
            cell(3, (4, 12), (2, 8), (0, 1)),
            cell(4, (2, 4), (2, 12), (0, 0)),
        ]
    }

    fn close(actual: Option<f64>, expected: f64) -> bool {
        actual.is_some_and(|a| (a - expected).abs() < 1e-12)
    }

    #[test]
    fn rating_form_category_results_by_hand() {
        let cells = rating_cells();
        let set = CellSet::new(&cells, &[], &[]);
        let none = DerivedWeights::new();
        let results = category_results(&set, &survey(rating()), &none, CrossHairMode::DataMean);
        let [c1, c2, c3, _] = [0, 1, 2, 3].map(|i| results.categories[i]);
        assert_eq!(c1.n, 5);
        assert!(close(c1.mean_importance, 4.0) && close(c1.mean_performance, 7.0));
        // Top box 1/5, bottom box 1/2 (category 3).
        assert!(close(c1.top_box_share, 0.2) && close(c3.bottom_box_share, 0.5));
        // Gaps: 4 on 1-5 is 7.75 on 1-10, 7.75 - 7 = 0.75; 2 -> 3.25 - 9 = -5.75; 3 -> 5.5 - 4 = 1.5
        assert!(close(c1.gap, 0.75) && close(c2.gap, -5.75) && close(c3.gap, 1.5));
        // Priority: (4-1)/4 * (1 - 0.2) = 0.6; (2-1)/4 * (1 - 0.75) = 0.0625; (3-1)/4 * 1 = 0.5
        assert!(close(c1.priority, 0.6) && close(c2.priority, 0.0625) && close(c3.priority, 0.5));
    }

    #[test]
    fn quadrants_against_the_data_means() {
        let cells = rating_cells();
        let set = CellSet::new(&cells, &[], &[]);
        let none = DerivedWeights::new();
        let results = category_results(&set, &survey(rating()), &none, CrossHairMode::DataMean);
        // Cross-hairs: I = (4 + 2 + 3 + 2) / 4 = 2.75, P = (7 + 9 + 4 + 6) / 4 = 6.5
        let cross = results.cross_hair.unwrap();
        assert_eq!((cross.importance, cross.performance), (2.75, 6.5));
        let quadrants: Vec<Option<Quadrant>> =
            results.categories.iter().map(|c| c.quadrant).collect();
        let expected = [
            Quadrant::KeepUpTheGoodWork, // (4, 7)
            Quadrant::PossibleOverkill,  // (2, 9)
            Quadrant::ConcentrateHere,   // (3, 4)
            Quadrant::LowPriority,       // (2, 6)
        ];
        assert_eq!(quadrants, expected.map(Some));
    }

    #[test]
    fn quadrants_against_the_scale_midpoints_with_ties_going_up() {
        let cells = rating_cells();
        let set = CellSet::new(&cells, &[], &[]);
        let none = DerivedWeights::new();
        let mode = CrossHairMode::ScaleMidpoint;
        let results = category_results(&set, &survey(rating()), &none, mode);
        // Midpoints: importance 3 on 1-5, performance 5.5 on 1-10.
        let cross = results.cross_hair.unwrap();
        assert_eq!((cross.importance, cross.performance), (3.0, 5.5));
        // Category 3 sits on the importance cross-hair (3): it counts as important.
        assert_eq!(
            results.categories[2].quadrant,
            Some(Quadrant::ConcentrateHere)
        );
        // Category 4 (2, 6) is above the performance midpoint here, unlike the data-mean mode.
        assert_eq!(
            results.categories[3].quadrant,
            Some(Quadrant::PossibleOverkill)
        );
        let on_both = Quadrant::of(3.0, 5.5, &cross);
        assert_eq!(on_both, Quadrant::KeepUpTheGoodWork);
    }

    #[test]
    fn pick_form_share_is_over_all_respondents() {
        let cells = [
            cell(1, (8, 6), (5, 40), (2, 0)),
            cell(2, (8, 2), (8, 48), (0, 1)),
        ];
        let respondents = [
            ResponseCell {
                responses: 3,
                ..ResponseCell::default()
            },
            ResponseCell {
                responses: 5,
                ..ResponseCell::default()
            },
        ];
        let set = CellSet::new(&cells, &[], &respondents);
        let spec = survey(ImportanceForm::Pick { k: 2 });
        let none = DerivedWeights::new();
        let results = category_results(&set, &spec, &none, CrossHairMode::ScaleMidpoint);
        assert_eq!(results.respondents, 8);
        let [c1, c2] = [results.categories[0], results.categories[1]];
        // Shares 6/8 and 2/8; gaps 10 - 8 = 2 and 10 - 6 = 4
        assert!(close(c1.mean_importance, 0.75) && close(c2.mean_importance, 0.25));
        assert!(close(c1.gap, 2.0) && close(c2.gap, 4.0));
        // Priority: 0.75 * (1 - 2/5) = 0.45; 0.25 * (1 - 0) = 0.25
        assert!(close(c1.priority, 0.45) && close(c2.priority, 0.25));
        // Cross-hair 0.5 for shares: (0.75, 8) keep up, (0.25, 6) possible overkill.
        assert_eq!(results.cross_hair.map(|c| c.importance), Some(0.5));
        assert_eq!(c1.quadrant, Some(Quadrant::KeepUpTheGoodWork));
        assert_eq!(c2.quadrant, Some(Quadrant::PossibleOverkill));
        // Categories 3 and 4 have no data: no point, no quadrant.
        assert_eq!(results.categories[2].quadrant, None);
        assert_eq!(results.categories[2].mean_performance, None);
    }

    #[test]
    fn none_form_priority_uses_the_weight_over_the_largest() {
        let cells = [
            cell(1, (0, 0), (4, 28), (1, 0)),
            cell(2, (0, 0), (2, 10), (0, 0)),
        ];
        let set = CellSet::new(&cells, &[], &[]);
        let weights: DerivedWeights = [(1, 0.5), (2, 0.25), (3, 0.25)].into_iter().collect();
        let results = category_results(
            &set,
            &survey(ImportanceForm::None),
            &weights,
            CrossHairMode::ScaleMidpoint,
        );
        let [c1, c2] = [results.categories[0], results.categories[1]];
        // Norms 0.5/0.5 = 1 and 0.25/0.5 = 0.5; priority 1 * (1 - 1/4) = 0.75, 0.5 * 1 = 0.5
        assert!(close(c1.priority, 0.75) && close(c2.priority, 0.5));
        // Gaps vs Pmax = 10: 10 - 7 = 3, 10 - 5 = 5
        assert!(close(c1.gap, 3.0) && close(c2.gap, 5.0));
        // Midpoint: equal weight 1/3 over three weights.
        assert!(close(results.cross_hair.map(|c| c.importance), 1.0 / 3.0));
    }

    /// Pairs (1,2),(2,1),(3,4),(4,3),...,(9,10),(10,9) split over two cells.
    fn paired_cells(category: i64) -> [CategoryCell; 2] {
        // First five pairs: sum x = 15, sum y = 16, xx = 55, yy = 1+4+9+16+36 = 66,
        //   xy = 2+2+12+12+30 = 58.
        // Last five: sum x = 40, sum y = 39, xx = 330, yy = 25+64+49+100+81 = 319,
        //   xy = 30+56+56+90+90 = 322.
        let first = CategoryCell {
            category,
            pair_n: 5,
            sum_x: 15,
            sum_y: 16,
            sum_xx: 55,
            sum_yy: 66,
            sum_xy: 58,
            ..CategoryCell::default()
        };
        let second = CategoryCell {
            category,
            pair_n: 5,
            sum_x: 40,
            sum_y: 39,
            sum_xx: 330,
            sum_yy: 319,
            sum_xy: 322,
            ..CategoryCell::default()
        };
        [first, second]
    }

    #[test]
    fn pearson_from_pooled_pair_sums() {
        let cells = paired_cells(1);
        let set = CellSet::new(&cells, &[], &[]);
        let derived = derived_importance(&set, &survey(rating()));
        // n = 10, Sx = Sy = 55, Sxx = Syy = 385, Sxy = 380
        // r = (10*380 - 55^2) / (10*385 - 55^2) = 775 / 825 = 31/33
        assert_eq!(derived[0].pair_n, 10);
        assert!(close(derived[0].pearson, 31.0 / 33.0));
        assert_eq!(derived[1].pearson, None);
    }

    #[test]
    fn pearson_needs_ten_pairs_and_variance() {
        let [first, second] = paired_cells(1);
        let nine = PairSums {
            n: 9,
            ..PairSums::of(&[&first, &second])
        };
        assert_eq!(nine.pearson(), None);
        // Ten answers of x = 5: n * Sxx - Sx^2 = 10 * 250 - 50^2 = 0
        let flat = PairSums {
            n: 10,
            sum_x: 50,
            sum_xx: 250,
            sum_y: 55,
            sum_yy: 385,
            sum_xy: 275,
        };
        assert_eq!(flat.pearson(), None);
    }

    #[test]
    fn none_form_weights_drop_negative_and_null_then_normalise() {
        let derived = |pearson: [Option<f64>; 4]| -> Vec<DerivedImportance> {
            (0..4)
                .map(|i| DerivedImportance {
                    category: i + 1,
                    pair_n: 30,
                    pearson: pearson[i as usize],
                })
                .collect()
        };
        let weights = none_form_weights(&derived([Some(0.6), Some(-0.2), None, Some(0.2)]));
        // 0.6 / 0.8 = 0.75, 0.2 / 0.8 = 0.25
        let expected = [0.75, 0.0, 0.0, 0.25];
        for (category, weight) in (1..=4).zip(expected) {
            assert!(
                close(weights.get(&category).copied(), weight),
                "category {category}"
            );
        }
        let equal = none_form_weights(&derived([Some(-0.1), None, Some(0.0), None]));
        assert!(equal.values().all(|w| *w == 0.25));
    }
}
