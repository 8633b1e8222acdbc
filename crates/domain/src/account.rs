//! Section 3 of the method: one account unit in one cycle, from its cells. Role-weighted means
//! of importance, performance and indicators; section 2 on those means; the retention score
//! and its risk cohort.

use serde::{Deserialize, Serialize};

use crate::cells::{CellSet, Unit};
use crate::fulfilment::{Fulfilment, GapInput, fulfilment};
use crate::ipa::DerivedWeights;
use crate::settings::{Cohort, RoleWeights, ScoreWeights, Settings};
use crate::survey::{ImportanceForm, IndicatorKind, SurveySpec};

/// Section 3 results of one account unit (one account under one AM of record) in a cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountResult {
    /// Storage id of the account.
    pub account: i64,
    /// Storage id of the account manager of record.
    pub account_manager: i64,
    /// Number of responses (unweighted).
    pub responses: i64,
    /// Per category, in the survey's category order.
    pub categories: Vec<AccountCategory>,
    /// Role-weighted indicator means, in the survey's indicator order.
    pub indicators: Vec<IndicatorMean>,
    /// Importance-weighted performance of the means.
    pub iwp: Option<f64>,
    /// Importance-weighted shortfall of the means.
    pub iws: Option<f64>,
    /// Fulfilment of the means, in [0, 1].
    pub f: Option<f64>,
    /// The score's parts, each normalised to [0, 1].
    pub score_parts: ScoreParts,
    /// Retention score, 1-100; `None` without `F`.
    pub score: Option<u32>,
    /// Risk cohort of the score.
    pub cohort: Option<Cohort>,
}

/// One category of an account unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AccountCategory {
    /// Storage id of the category.
    pub category: i64,
    /// Role-weighted mean importance in the form's own units: on the importance scale (rating),
    /// the share of responses that picked it (pick), or the derived weight (none).
    pub mean_importance: Option<f64>,
    /// Expected level `E_c` on the performance scale.
    pub expected: Option<f64>,
    /// Role-weighted mean performance.
    pub mean_performance: Option<f64>,
    /// `expected - mean_performance`, when both exist and the account has an F.
    pub gap: Option<f64>,
    /// Weight of the category in the account's IWP, IWS and F.
    pub weight: Option<f64>,
}

/// A role-weighted indicator mean.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IndicatorMean {
    /// Storage id of the indicator.
    pub indicator: i64,
    /// What it measures.
    pub kind: IndicatorKind,
    /// Number of answers (unweighted).
    pub n: i64,
    /// Role-weighted mean, on the indicator's scale.
    pub mean: Option<f64>,
}

/// The parts of the retention score, each normalised to [0, 1]; `None` when it has no data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreParts {
    /// Fulfilment.
    pub f: Option<f64>,
    /// Overall satisfaction.
    pub os: Option<f64>,
    /// Ease of doing business.
    pub edb: Option<f64>,
    /// Likelihood to recommend.
    pub ltr: Option<f64>,
}

/// Section 3 for every unit of `cells` (typically a whole cycle), in unit order.
///
/// `derived_weights` are the organization's none-form weights for the cycle
/// ([`crate::ipa::none_form_weights`]); the rating and pick forms ignore them.
pub fn account_results(
    cells: &CellSet<'_>,
    survey: &SurveySpec,
    settings: &Settings,
    derived_weights: &DerivedWeights,
) -> Vec<AccountResult> {
    cells
        .units()
        .into_iter()
        .map(|(unit, unit_cells)| account_result(unit, &unit_cells, survey, settings, derived_weights))
        .collect()
}

/// Section 3 for one unit; cells of other units in `cells` are ignored.
pub fn account_result(
    unit: Unit,
    cells: &CellSet<'_>,
    survey: &SurveySpec,
    settings: &Settings,
    derived_weights: &DerivedWeights,
) -> AccountResult {
    let cells = cells.for_unit(unit);
    let roles = &settings.role_weights;
    let means: Vec<Means> = survey
        .categories
        .iter()
        .map(|&category| category_means(&cells, survey, roles, derived_weights, category))
        .collect();
    let section2 = fulfilment(&gap_inputs(&means), survey.performance_scale);
    let indicators = indicator_means(&cells, survey, roles);
    let score_parts = score_parts(section2.as_ref(), &indicators, survey);
    let score = retention_score(&score_parts, &settings.score_weights);

    AccountResult {
        account: unit.account,
        account_manager: unit.account_manager,
        responses: cells.respondents(),
        categories: means.iter().map(|m| account_category(m, section2.as_ref())).collect(),
        indicators,
        iwp: section2.as_ref().map(|s| s.iwp),
        iws: section2.as_ref().map(|s| s.iws),
        f: section2.as_ref().map(|s| s.f),
        score_parts,
        score,
        cohort: score.map(|score| settings.cohort_thresholds.cohort(score)),
    }
}

/// `sum(w_r * sum_r) / sum(w_r * n_r)` over role cells; `None` when the denominator is 0.
fn role_weighted_mean(parts: impl Iterator<Item = (f64, i64, i64)>) -> Option<f64> {
    let (numerator, denominator) = parts.fold((0.0, 0.0), |(num, den), (weight, sum, n)| {
        (num + weight * sum as f64, den + weight * n as f64)
    });
    (denominator > 0.0).then(|| numerator / denominator)
}

/// A category's means before section 2; `importance` is `I_c` on the performance scale.
struct Means {
    category: i64,
    mean_importance: Option<f64>,
    importance: Option<f64>,
    expected: Option<f64>,
    mean_performance: Option<f64>,
}

fn category_means(
    cells: &CellSet<'_>,
    survey: &SurveySpec,
    roles: &RoleWeights,
    derived_weights: &DerivedWeights,
    category: i64,
) -> Means {
    let of_category = || cells.categories.iter().filter(move |c| c.category == category);
    let mean_performance = role_weighted_mean(
        of_category().map(|c| (roles.weight(&c.role), c.performance_sum, c.performance_n)),
    );
    let top = Some(f64::from(survey.performance_scale.max));
    let (mean_importance, importance, expected) = match survey.importance_form {
        ImportanceForm::Rating { scale } => {
            let mean = role_weighted_mean(
                of_category().map(|c| (roles.weight(&c.role), c.importance_sum, c.importance_n)),
            );
            let mapped = mean.map(|m| scale.map_onto(survey.performance_scale, m));
            (mean, mapped, mapped)
        }
        ImportanceForm::Pick { .. } => {
            let share = pick_share(cells, roles, category);
            (share, share, top)
        }
        ImportanceForm::None => {
            let weight = Some(derived_weights.get(&category).copied().unwrap_or(0.0));
            (weight, weight, top)
        }
    };
    Means {
        category,
        mean_importance,
        importance,
        expected,
        mean_performance,
    }
}

/// Role-weighted share of the unit's responses that picked `category`.
fn pick_share(cells: &CellSet<'_>, roles: &RoleWeights, category: i64) -> Option<f64> {
    let picked: f64 = cells
        .categories
        .iter()
        .filter(|c| c.category == category)
        .map(|c| roles.weight(&c.role) * c.importance_sum as f64)
        .sum();
    let respondents: f64 = cells
        .responses
        .iter()
        .map(|c| roles.weight(&c.role) * c.responses as f64)
        .sum();
    (respondents > 0.0).then(|| picked / respondents)
}

fn gap_inputs(means: &[Means]) -> Vec<GapInput> {
    means
        .iter()
        .filter_map(|m| {
            Some(GapInput {
                category: m.category,
                importance: m.importance?,
                expected: m.expected?,
                performance: m.mean_performance?,
            })
        })
        .collect()
}

fn account_category(means: &Means, section2: Option<&Fulfilment>) -> AccountCategory {
    let found = section2.and_then(|s| s.categories.iter().find(|g| g.category == means.category));
    AccountCategory {
        category: means.category,
        mean_importance: means.mean_importance,
        expected: means.expected,
        mean_performance: means.mean_performance,
        gap: found.map(|g| g.gap),
        weight: found.map(|g| g.weight),
    }
}

fn indicator_means(
    cells: &CellSet<'_>,
    survey: &SurveySpec,
    roles: &RoleWeights,
) -> Vec<IndicatorMean> {
    survey
        .indicators
        .iter()
        .map(|spec| {
            let of_indicator = || cells.indicators.iter().filter(|c| c.indicator == spec.indicator);
            IndicatorMean {
                indicator: spec.indicator,
                kind: spec.kind,
                n: of_indicator().map(|c| c.n).sum(),
                mean: role_weighted_mean(of_indicator().map(|c| (roles.weight(&c.role), c.sum, c.n))),
            }
        })
        .collect()
}

fn score_parts(
    section2: Option<&Fulfilment>,
    indicators: &[IndicatorMean],
    survey: &SurveySpec,
) -> ScoreParts {
    let part = |kind: IndicatorKind| {
        let spec = survey.indicator_of_kind(kind)?;
        let mean = indicators.iter().find(|m| m.indicator == spec.indicator)?.mean?;
        Some(spec.scale.normalise(mean).clamp(0.0, 1.0))
    };
    ScoreParts {
        f: section2.map(|s| s.f),
        os: part(IndicatorKind::Satisfaction),
        edb: part(IndicatorKind::Ease),
        ltr: part(IndicatorKind::Ltr),
    }
}

/// The retention score of normalised parts: parts without data drop out and the remaining
/// weights are rescaled to sum to 1. `None` without `F`, or when the remaining weights are all 0.
pub fn retention_score(parts: &ScoreParts, weights: &ScoreWeights) -> Option<u32> {
    parts.f?;
    let weighted = [
        (parts.f, weights.f),
        (parts.os, weights.os),
        (parts.edb, weights.edb),
        (parts.ltr, weights.ltr),
    ];
    let (sum, total) = weighted
        .iter()
        .filter_map(|(part, weight)| part.map(|value| (value, *weight)))
        .fold((0.0, 0.0), |(sum, total), (value, weight)| {
            (sum + weight * value, total + weight)
        });
    (total > 0.0).then(|| round_score(100.0 * sum / total))
}

/// `round(clamp(1, 100, value))`: first to 9 decimals, so that floating-point error cannot
/// turn 49.5 into 49.4999..., then half away from zero.
pub fn round_score(value: f64) -> u32 {
    let clamped = value.clamp(1.0, 100.0);
    let nine_decimals = (clamped * 1e9).round() / 1e9;
    // In [1, 100] after the clamp, so the cast is exact.
    nine_decimals.round() as u32
}
