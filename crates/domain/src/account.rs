//! Section 3 of the method: one account unit in one cycle, from its cells. Role-weighted means
//! of importance, performance and indicators; section 2 on those means; the retention score
//! and its risk cohort.

use serde::{Deserialize, Serialize};

use crate::cells::{CellSet, OwnedCells, Unit};
use crate::fulfilment::{Fulfilment, GapInput, fulfilment};
use crate::ipa::DerivedWeights;
use crate::settings::{Cohort, RoleWeights, ScoreWeights, Settings};
use crate::survey::{ImportanceForm, IndicatorKind, SurveySpec};

/// Section 3 results of one account unit (one account under one AM of record) in a cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
        .map(|(unit, unit_cells)| {
            account_result(unit, &unit_cells, survey, settings, derived_weights)
        })
        .collect()
}

/// Section 3 for every account of `cells` over all its responses: the account's units under
/// different AMs of record are merged ([`OwnedCells::merged_by_account`]) first, so each
/// account has one result, with `account_manager` 0, in account order.
///
/// This is "one account in one cycle" (alerts, cohorts, trends); [`account_results`] keeps one
/// result per AM of record for the AM assessment.
pub fn account_results_merged(
    cells: &CellSet<'_>,
    survey: &SurveySpec,
    settings: &Settings,
    derived_weights: &DerivedWeights,
) -> Vec<AccountResult> {
    let merged = OwnedCells::merged_by_account(cells);
    account_results(&merged.cells(), survey, settings, derived_weights)
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
        categories: means
            .iter()
            .map(|m| account_category(m, section2.as_ref()))
            .collect(),
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
    let of_category = || {
        cells
            .categories
            .iter()
            .filter(move |c| c.category == category)
    };
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
            let of_indicator = || {
                cells
                    .indicators
                    .iter()
                    .filter(|c| c.indicator == spec.indicator)
            };
            IndicatorMean {
                indicator: spec.indicator,
                kind: spec.kind,
                n: of_indicator().map(|c| c.n).sum(),
                mean: role_weighted_mean(
                    of_indicator().map(|c| (roles.weight(&c.role), c.sum, c.n)),
                ),
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
        let mean = indicators
            .iter()
            .find(|m| m.indicator == spec.indicator)?
            .mean?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::{CategoryCell, IndicatorCell, ResponseCell};
    use crate::survey::{IndicatorSpec, Scale};

    const UNIT: Unit = Unit {
        account: 1,
        account_manager: 10,
    };
    const LTR: i64 = 1;
    const SATISFACTION: i64 = 2;
    const EASE: i64 = 3;

    fn survey(form: ImportanceForm) -> SurveySpec {
        let indicator = |indicator, kind, scale| IndicatorSpec {
            indicator,
            kind,
            scale,
        };
        SurveySpec {
            performance_scale: Scale::new(1, 10),
            importance_form: form,
            categories: vec![100, 200],
            indicators: vec![
                indicator(LTR, IndicatorKind::Ltr, Scale::new(0, 10)),
                indicator(SATISFACTION, IndicatorKind::Satisfaction, Scale::new(1, 10)),
                indicator(EASE, IndicatorKind::Ease, Scale::new(1, 10)),
            ],
        }
    }

    /// A category cell of `UNIT`: (importance n, sum), (performance n, sum).
    fn category(
        role: &str,
        category: i64,
        importance: (i64, i64),
        performance: (i64, i64),
    ) -> CategoryCell {
        CategoryCell {
            account: UNIT.account,
            account_manager: UNIT.account_manager,
            role: role.into(),
            category,
            importance_n: importance.0,
            importance_sum: importance.1,
            performance_n: performance.0,
            performance_sum: performance.1,
            ..CategoryCell::default()
        }
    }

    fn indicator(role: &str, indicator: i64, n: i64, sum: i64) -> IndicatorCell {
        IndicatorCell {
            account: UNIT.account,
            account_manager: UNIT.account_manager,
            role: role.into(),
            indicator,
            n,
            sum,
            ..IndicatorCell::default()
        }
    }

    fn responses(role: &str, responses: i64) -> ResponseCell {
        ResponseCell {
            account: UNIT.account,
            account_manager: UNIT.account_manager,
            role: role.into(),
            responses,
        }
    }

    /// Decision makers weigh 2, users 1.
    fn settings() -> Settings {
        let mut settings = Settings::default();
        settings.role_weights.0.insert("decision_maker".into(), 2.0);
        settings
    }

    fn assert_close(actual: Option<f64>, expected: f64) {
        let actual = actual.unwrap_or(f64::NAN);
        assert!((actual - expected).abs() < 1e-12, "{actual} != {expected}");
    }

    #[test]
    fn rating_form_account_from_role_weighted_means() {
        // One decision maker (weight 2) and two users (weight 1); importance 1-5, performance 1-10.
        let categories = [
            category("decision_maker", 100, (1, 5), (1, 6)),
            category("user", 100, (2, 6), (2, 16)),
            category("decision_maker", 200, (1, 2), (1, 9)),
            category("user", 200, (2, 4), (0, 0)),
        ];
        let indicators = [
            indicator("decision_maker", LTR, 1, 9),
            indicator("user", LTR, 2, 10),
            indicator("decision_maker", SATISFACTION, 1, 7),
        ];
        let response_cells = [responses("decision_maker", 1), responses("user", 2)];
        let cells = CellSet::new(&categories, &indicators, &response_cells);
        let form = ImportanceForm::Rating {
            scale: Scale::new(1, 5),
        };
        let result = account_result(
            UNIT,
            &cells,
            &survey(form),
            &settings(),
            &DerivedWeights::new(),
        );

        // Category 100: I = (2*5 + 6) / (2*1 + 2) = 4, P = (2*6 + 16) / 4 = 7.
        // Category 200: I = (2*2 + 4) / 4 = 2, P = (2*9) / 2 = 9 (users gave no performance).
        let [c100, c200] = [result.categories[0], result.categories[1]];
        assert_close(c100.mean_importance, 4.0);
        assert_close(c100.mean_performance, 7.0);
        assert_close(c200.mean_importance, 2.0);
        assert_close(c200.mean_performance, 9.0);
        // On 1-10: 4 -> 7.75, 2 -> 3.25 (the expected levels); sum = 11
        // w = (7.75/11, 3.25/11); gaps = (0.75, -5.75)
        assert_close(c100.expected, 7.75);
        assert_close(c100.weight, 7.75 / 11.0);
        assert_close(c200.weight, 3.25 / 11.0);
        assert_close(c100.gap, 0.75);
        assert_close(c200.gap, -5.75);
        // IWP = (7.75*7 + 3.25*9) / 11 = 83.5 / 11; IWS = 0.75 * 7.75 / 11 = 5.8125 / 11
        // F = 1 - (5.8125 / 11) / 9
        assert_close(result.iwp, 83.5 / 11.0);
        assert_close(result.iws, 5.8125 / 11.0);
        assert_close(result.f, 1.0 - 5.8125 / 99.0);
        // LTR = (2*9 + 10) / (2 + 2) = 7 -> 0.7 on 0-10; OS = 7 -> 6/9 on 1-10; no EDB.
        assert_close(result.indicators[0].mean, 7.0);
        assert_eq!(result.indicators[0].n, 3);
        assert_eq!(result.indicators[2].mean, None);
        assert_close(result.score_parts.ltr, 0.7);
        assert_close(result.score_parts.os, 6.0 / 9.0);
        assert_eq!(result.score_parts.edb, None);
        // (0.55 * 0.941288 + 0.15 * 0.666667 + 0.15 * 0.7) / 0.85 = 0.850245 -> 85
        assert_eq!(result.score, Some(85));
        assert_eq!(result.cohort, Some(Cohort::None));
        assert_eq!(result.responses, 3);
    }

    #[test]
    fn pick_form_importance_is_the_role_weighted_share_of_picks() {
        // DM (weight 2) picked 100; of two users one picked 100 and both picked 200.
        let categories = [
            category("decision_maker", 100, (1, 1), (1, 8)),
            category("user", 100, (2, 1), (2, 13)),
            category("decision_maker", 200, (1, 0), (1, 10)),
            category("user", 200, (2, 2), (2, 18)),
        ];
        let response_cells = [responses("decision_maker", 1), responses("user", 2)];
        let cells = CellSet::new(&categories, &[], &response_cells);
        let spec = survey(ImportanceForm::Pick { k: 2 });
        let result = account_result(UNIT, &cells, &spec, &settings(), &DerivedWeights::new());

        // Shares: 100 -> (2*1 + 1) / (2 + 2) = 0.75; 200 -> (0 + 2) / 4 = 0.5.
        // P: 100 -> (2*8 + 13) / 4 = 7.25; 200 -> (2*10 + 18) / 4 = 9.5.
        assert_close(result.categories[0].mean_importance, 0.75);
        assert_close(result.categories[1].mean_importance, 0.5);
        assert_close(result.categories[0].mean_performance, 7.25);
        // w = (0.6, 0.4); IWP = 4.35 + 3.8 = 8.15; gaps vs 10 = (2.75, 0.5)
        // IWS = 0.6 * 2.75 + 0.4 * 0.5 = 1.85; F = 1 - 1.85 / 9 = (8.15 - 1) / 9
        assert_close(result.categories[0].weight, 0.6);
        assert_close(result.categories[1].gap, 0.5);
        assert_close(result.iwp, 8.15);
        assert_close(result.iws, 1.85);
        assert_close(result.f, 7.15 / 9.0);
        // Only F has data: the score is 100 * F = 79.44 -> 79, cohort low.
        assert_eq!(result.score, Some(79));
        assert_eq!(result.cohort, Some(Cohort::Low));
    }

    #[test]
    fn none_form_uses_the_derived_weights() {
        let categories = [
            category("user", 100, (0, 0), (1, 7)),
            category("user", 200, (0, 0), (1, 9)),
        ];
        let response_cells = [responses("user", 1)];
        let cells = CellSet::new(&categories, &[], &response_cells);
        let weights: DerivedWeights = [(100, 0.75), (200, 0.25)].into_iter().collect();
        let result = account_result(
            UNIT,
            &cells,
            &survey(ImportanceForm::None),
            &settings(),
            &weights,
        );
        // IWP = 0.75 * 7 + 0.25 * 9 = 7.5; IWS = 0.75 * 3 + 0.25 * 1 = 2.5; F = 1 - 2.5/9 = 6.5/9
        assert_close(result.iwp, 7.5);
        assert_close(result.iws, 2.5);
        assert_close(result.f, 6.5 / 9.0);
        assert_close(result.categories[0].mean_importance, 0.75);
    }

    #[test]
    fn zero_role_weights_leave_means_null_and_no_score() {
        let categories = [category("user", 100, (1, 1), (1, 7))];
        let indicators = [indicator("user", LTR, 1, 9)];
        let response_cells = [responses("user", 1)];
        let cells = CellSet::new(&categories, &indicators, &response_cells);
        let mut settings = settings();
        settings.role_weights.0.insert("user".into(), 0.0);
        let spec = survey(ImportanceForm::Pick { k: 1 });
        let result = account_result(UNIT, &cells, &spec, &settings, &DerivedWeights::new());
        assert_eq!(result.categories[0].mean_performance, None);
        assert_eq!(result.categories[0].mean_importance, None);
        assert_eq!(result.indicators[0].mean, None);
        assert_eq!((result.f, result.score, result.cohort), (None, None, None));
    }

    #[test]
    fn other_units_are_ignored_and_every_unit_is_listed() {
        let mut other = category("user", 100, (1, 0), (1, 1));
        other.account_manager = 11;
        let categories = [category("user", 100, (1, 1), (1, 7)), other];
        let cells = CellSet::new(&categories, &[], &[]);
        let spec = survey(ImportanceForm::Rating {
            scale: Scale::new(1, 5),
        });
        let results = account_results(&cells, &spec, &settings(), &DerivedWeights::new());
        assert_eq!(results.len(), 2);
        assert_eq!(
            (results[0].account_manager, results[1].account_manager),
            (10, 11)
        );
        assert_close(results[0].categories[0].mean_performance, 7.0);
        assert_close(results[1].categories[0].mean_performance, 1.0);
    }

    #[test]
    fn merged_results_pool_an_account_across_its_ams() {
        // The same account answered by one user under AM 10 (P = 7, LTR 9) and two users under
        // AM 11 (P = 4 and 7, sum 11; LTR 3 and 6, sum 9). Rating form, importance 1-5.
        let mut second = category("user", 100, (2, 8), (2, 11));
        second.account_manager = 11;
        let categories = [category("user", 100, (1, 4), (1, 7)), second];
        let mut ltr_second = indicator("user", LTR, 2, 9);
        ltr_second.account_manager = 11;
        let indicators = [indicator("user", LTR, 1, 9), ltr_second];
        let mut responses_second = responses("user", 2);
        responses_second.account_manager = 11;
        let response_cells = [responses("user", 1), responses_second];
        let cells = CellSet::new(&categories, &indicators, &response_cells);
        let spec = survey(ImportanceForm::Rating {
            scale: Scale::new(1, 5),
        });

        let per_am = account_results(&cells, &spec, &settings(), &DerivedWeights::new());
        assert_eq!(per_am.len(), 2);
        let merged = account_results_merged(&cells, &spec, &settings(), &DerivedWeights::new());
        assert_eq!(merged.len(), 1);
        let account = &merged[0];
        assert_eq!((account.account, account.account_manager), (1, 0));
        assert_eq!(account.responses, 3);
        // P = (7 + 11) / 3 = 6; I = (4 + 8) / 3 = 4 on 1-5, i.e. 1 + 0.75 * 9 = 7.75 on 1-10.
        assert_close(account.categories[0].mean_performance, 6.0);
        assert_close(account.categories[0].expected, 7.75);
        // LTR = (9 + 9) / 3 = 6.
        assert_close(account.indicators[0].mean, 6.0);
    }

    fn parts(f: Option<f64>, os: Option<f64>, edb: Option<f64>, ltr: Option<f64>) -> ScoreParts {
        ScoreParts { f, os, edb, ltr }
    }

    #[test]
    fn missing_parts_drop_out_and_weights_rescale() {
        let weights = ScoreWeights::default();
        // All parts: 100 * (0.55 * 0.8 + 0.15 * (0.6 + 0.4 + 1.0)) = 44 + 30 = 74
        let all = parts(Some(0.8), Some(0.6), Some(0.4), Some(1.0));
        assert_eq!(retention_score(&all, &weights), Some(74));
        // F and OS only: (0.55 * 0.5 + 0.15 * 1) / 0.7 = 0.425 / 0.7 = 0.607143 -> 61
        let two = parts(Some(0.5), Some(1.0), None, None);
        assert_eq!(retention_score(&two, &weights), Some(61));
        // No F, no score, whatever the rest.
        let no_f = parts(None, Some(1.0), Some(1.0), Some(1.0));
        assert_eq!(retention_score(&no_f, &weights), None);
    }

    #[test]
    fn scores_clamp_to_one_and_hundred() {
        let weights = ScoreWeights::default();
        assert_eq!(
            retention_score(&parts(Some(0.0), Some(0.0), None, None), &weights),
            Some(1)
        );
        assert_eq!(
            retention_score(&parts(Some(1.0), None, None, None), &weights),
            Some(100)
        );
    }

    #[test]
    fn rounding_goes_to_nine_decimals_then_half_away_from_zero() {
        assert_eq!(round_score(49.5), 50);
        // 49.4999999999 is 49.500000000 at 9 decimals, so 50.
        assert_eq!(round_score(49.4999999999), 50);
        // 49.499999999 has 9 decimals already and stays below the half.
        assert_eq!(round_score(49.499999999), 49);
        assert_eq!(round_score(50.5), 51);
        assert_eq!(round_score(0.2), 1);
        assert_eq!(round_score(123.0), 100);
    }

    #[test]
    fn a_score_of_exactly_49_5_is_not_lost_to_floating_point() {
        // Every part 0.495: the exact score is 49.5, the float sum 49.49999999999999.
        let value = Some(0.495);
        let score = retention_score(&parts(value, value, value, value), &ScoreWeights::default());
        assert_eq!(score, Some(50));
    }
}
