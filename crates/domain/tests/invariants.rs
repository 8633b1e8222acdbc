//! Property tests for the invariants METHOD.md lists that sections 1 to 6 touch.

use std::collections::BTreeMap;

use gapscope_domain::account::{AccountResult, ScoreParts, account_result, retention_score};
use gapscope_domain::assessment::{benjamini_hochberg, shrinkage, welch};
use gapscope_domain::cells::{CategoryCell, CellSet, IndicatorCell, ResponseCell, Unit};
use gapscope_domain::fulfilment::{GapInput, RawAnswer, fulfilment, response_inputs};
use gapscope_domain::ipa::DerivedWeights;
use gapscope_domain::nps::nps;
use gapscope_domain::settings::{ScoreWeights, Settings};
use gapscope_domain::survey::{ImportanceForm, IndicatorKind, IndicatorSpec, Scale, SurveySpec};
use proptest::prelude::*;

const PERFORMANCE: Scale = Scale::new(1, 10);
const EPSILON: f64 = 1e-9;
const CATEGORIES: [i64; 3] = [1, 2, 3];
const ROLES: [&str; 3] = ["decision_maker", "influencer", "user"];
const UNIT: Unit = Unit {
    account: 1,
    account_manager: 1,
};

fn survey(form: ImportanceForm) -> SurveySpec {
    let indicator = |indicator, kind, scale| IndicatorSpec {
        indicator,
        kind,
        scale,
    };
    SurveySpec {
        performance_scale: PERFORMANCE,
        importance_form: form,
        categories: CATEGORIES.to_vec(),
        indicators: vec![
            indicator(1, IndicatorKind::Ltr, Scale::new(0, 10)),
            indicator(2, IndicatorKind::Satisfaction, Scale::new(1, 10)),
            indicator(3, IndicatorKind::Ease, Scale::new(1, 5)),
        ],
    }
}

fn forms() -> impl Strategy<Value = ImportanceForm> {
    prop_oneof![
        Just(ImportanceForm::Rating {
            scale: Scale::new(1, 5)
        }),
        Just(ImportanceForm::Pick { k: 3 }),
        Just(ImportanceForm::None),
    ]
}

/// Section 2 inputs: (importance, performance) on the performance scale, at least one
/// importance positive.
fn section2_values() -> impl Strategy<Value = Vec<(f64, f64)>> {
    prop::collection::vec((0.0..=10.0_f64, 1.0..=10.0_f64), 1..6)
        .prop_filter("some importance", |v| v.iter().any(|(i, _)| *i > 0.01))
}

/// Builds inputs with `E = I` (rating form) or `E = Pmax` (pick and none forms).
fn inputs(values: &[(f64, f64)], expected_is_top: bool) -> Vec<GapInput> {
    values
        .iter()
        .zip(1..)
        .map(|(&(importance, performance), category)| GapInput {
            category,
            importance,
            expected: if expected_is_top { 10.0 } else { importance },
            performance,
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= EPSILON * (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #[test]
    fn scaling_importance_keeps_weights_and_iwp(
        values in section2_values(),
        factor in 0.01..100.0_f64,
        expected_is_top: bool,
    ) {
        let base = fulfilment(&inputs(&values, expected_is_top), PERFORMANCE).unwrap();
        let scaled_values: Vec<(f64, f64)> = values.iter().map(|(i, p)| (i * factor, *p)).collect();
        let scaled = fulfilment(&inputs(&scaled_values, expected_is_top), PERFORMANCE).unwrap();
        prop_assert!(close(base.iwp, scaled.iwp));
        for (a, b) in base.categories.iter().zip(&scaled.categories) {
            prop_assert!(close(a.weight, b.weight));
        }
        // With E = Pmax the gaps do not move either, so IWS and F stay too.
        if expected_is_top {
            prop_assert!(close(base.iws, scaled.iws));
            prop_assert!(close(base.f, scaled.f));
        }
    }

    #[test]
    fn raising_a_performance_never_hurts(
        values in section2_values(),
        index in any::<prop::sample::Index>(),
        raise in 0.0..9.0_f64,
        expected_is_top: bool,
    ) {
        let base = fulfilment(&inputs(&values, expected_is_top), PERFORMANCE).unwrap();
        let mut raised_values = values.clone();
        let j = index.index(raised_values.len());
        raised_values[j].1 = (raised_values[j].1 + raise).min(10.0);
        let raised = fulfilment(&inputs(&raised_values, expected_is_top), PERFORMANCE).unwrap();
        prop_assert!(raised.iwp >= base.iwp - EPSILON);
        prop_assert!(raised.f >= base.f - EPSILON);
        prop_assert!(raised.iws <= base.iws + EPSILON);
    }

    #[test]
    fn f_and_weights_stay_in_the_unit_interval(
        values in section2_values(),
        expected_is_top: bool,
    ) {
        let result = fulfilment(&inputs(&values, expected_is_top), PERFORMANCE).unwrap();
        prop_assert!((0.0..=1.0).contains(&result.f));
        prop_assert!(result.categories.iter().all(|c| (0.0..=1.0).contains(&c.weight)));
        let total: f64 = result.categories.iter().map(|c| c.weight).sum();
        prop_assert!(close(total, 1.0));
    }

    #[test]
    fn pick_and_none_forms_have_f_equal_to_iwp_rescaled(values in section2_values()) {
        let result = fulfilment(&inputs(&values, true), PERFORMANCE).unwrap();
        prop_assert!(close(result.f, PERFORMANCE.normalise(result.iwp)));
    }
}

/// One response of unit `UNIT`: role index, per category (importance, performance), and the
/// indicators (LTR 0-10, satisfaction 1-10, ease 1-5).
#[derive(Debug, Clone)]
struct Response {
    role: usize,
    answers: Vec<(Option<i32>, Option<i32>)>,
    indicators: [Option<i32>; 3],
}

fn responses(form: ImportanceForm) -> impl Strategy<Value = Vec<Response>> {
    let importance = match form {
        ImportanceForm::Rating { .. } => prop::option::of(1..=5_i32).boxed(),
        ImportanceForm::Pick { .. } => (0..=1_i32).prop_map(Some).boxed(),
        ImportanceForm::None => Just(None).boxed(),
    };
    let answer = (importance, prop::option::of(1..=10_i32));
    let response = (
        0..ROLES.len(),
        prop::collection::vec(answer, CATEGORIES.len()),
        [
            prop::option::of(0..=10_i32),
            prop::option::of(1..=10_i32),
            prop::option::of(1..=5_i32),
        ],
    )
        .prop_map(|(role, answers, indicators)| Response {
            role,
            answers,
            indicators,
        });
    prop::collection::vec(response, 1..8)
}

/// What storage would keep for these responses: their cells.
fn cells_of(responses: &[Response]) -> (Vec<CategoryCell>, Vec<IndicatorCell>, Vec<ResponseCell>) {
    let mut categories: BTreeMap<(usize, i64), CategoryCell> = BTreeMap::new();
    let mut indicators: BTreeMap<(usize, i64), IndicatorCell> = BTreeMap::new();
    let mut counts: BTreeMap<usize, ResponseCell> = BTreeMap::new();
    for response in responses {
        let role = ROLES[response.role].to_owned();
        let count = counts.entry(response.role).or_insert_with(|| ResponseCell {
            account: UNIT.account,
            account_manager: UNIT.account_manager,
            role: role.clone(),
            responses: 0,
        });
        count.responses += 1;
        for (&category, &(importance, performance)) in CATEGORIES.iter().zip(&response.answers) {
            let cell = categories
                .entry((response.role, category))
                .or_insert_with(|| CategoryCell {
                    account: UNIT.account,
                    account_manager: UNIT.account_manager,
                    role: role.clone(),
                    category,
                    ..CategoryCell::default()
                });
            if let Some(value) = importance {
                cell.importance_n += 1;
                cell.importance_sum += i64::from(value);
            }
            if let Some(value) = performance {
                cell.performance_n += 1;
                cell.performance_sum += i64::from(value);
            }
        }
        for (indicator, value) in (1..).zip(response.indicators) {
            let cell = indicators
                .entry((response.role, indicator))
                .or_insert_with(|| IndicatorCell {
                    account: UNIT.account,
                    account_manager: UNIT.account_manager,
                    role: role.clone(),
                    indicator,
                    ..IndicatorCell::default()
                });
            if let Some(value) = value {
                cell.n += 1;
                cell.sum += i64::from(value);
            }
        }
    }
    (
        categories.into_values().collect(),
        indicators.into_values().collect(),
        counts.into_values().collect(),
    )
}

fn account_of(
    form: ImportanceForm,
    responses: &[Response],
    role_weights: &[f64; 3],
) -> AccountResult {
    let (categories, indicators, counts) = cells_of(responses);
    let cells = CellSet::new(&categories, &indicators, &counts);
    let mut settings = Settings::default();
    for (role, weight) in ROLES.iter().zip(role_weights) {
        settings.role_weights.0.insert((*role).to_owned(), *weight);
    }
    let derived: DerivedWeights = [(1, 0.5), (2, 0.3), (3, 0.2)].into_iter().collect();
    account_result(UNIT, &cells, &survey(form), &settings, &derived)
}

fn in_unit(value: Option<f64>) -> bool {
    value.is_none_or(|v| (0.0..=1.0).contains(&v))
}

proptest! {
    #[test]
    fn account_parts_weights_and_score_stay_in_range(
        (form, responses) in forms().prop_flat_map(|form| (Just(form), responses(form))),
        role_weights in [0.0..3.0_f64, 0.0..3.0_f64, 0.0..3.0_f64],
    ) {
        let result = account_of(form, &responses, &role_weights);
        let parts = result.score_parts;
        prop_assert!(in_unit(result.f));
        prop_assert!(in_unit(parts.os) && in_unit(parts.edb) && in_unit(parts.ltr));
        prop_assert!(result.categories.iter().all(|c| in_unit(c.weight)));
        prop_assert!(result.score.is_none_or(|s| (1..=100).contains(&s)));
        prop_assert_eq!(result.score.is_some(), result.f.is_some());
    }

    #[test]
    fn raising_one_answer_never_lowers_an_accounts_f(
        (form, responses) in forms().prop_flat_map(|form| (Just(form), responses(form))),
        role_weights in [0.1..3.0_f64, 0.1..3.0_f64, 0.1..3.0_f64],
        which in any::<(prop::sample::Index, prop::sample::Index)>(),
    ) {
        let base = account_of(form, &responses, &role_weights);
        let mut raised = responses.clone();
        let response = which.0.index(raised.len());
        let category = which.1.index(CATEGORIES.len());
        let performance = &mut raised[response].answers[category].1;
        *performance = performance.map(|p| (p + 1).min(10));
        let after = account_of(form, &raised, &role_weights);
        if let (Some(before), Some(after)) = (base.f, after.f) {
            prop_assert!(after >= before - EPSILON);
        }
        if let (Some(before), Some(after)) = (base.iwp, after.iwp) {
            prop_assert!(after >= before - EPSILON);
        }
        if let (Some(before), Some(after)) = (base.iws, after.iws) {
            prop_assert!(after <= before + EPSILON);
        }
    }

    #[test]
    fn raising_one_raw_answer_never_lowers_a_responses_f(
        form in forms(),
        answers in prop::collection::vec((1..=5_i32, 0..=1_i32, 1..=10_i32), 3),
        which in any::<prop::sample::Index>(),
    ) {
        let raw = |raise: Option<usize>| -> Vec<RawAnswer> {
            answers
                .iter()
                .zip(CATEGORIES)
                .enumerate()
                .map(|(i, (&(rating, pick, performance), category))| RawAnswer {
                    category,
                    importance: Some(if matches!(form, ImportanceForm::Pick { .. }) { pick } else { rating }),
                    performance: Some(if raise == Some(i) { (performance + 1).min(10) } else { performance }),
                })
                .collect()
        };
        let spec = survey(form);
        let weights: DerivedWeights = [(1, 0.2), (2, 0.3), (3, 0.5)].into_iter().collect();
        let base = response_inputs(&spec, &raw(None), &weights).unwrap();
        let raised = response_inputs(&spec, &raw(Some(which.index(3))), &weights).unwrap();
        if let (Some(before), Some(after)) = (fulfilment(&base, PERFORMANCE), fulfilment(&raised, PERFORMANCE)) {
            prop_assert!(after.f >= before.f - EPSILON);
            prop_assert!(after.iwp >= before.iwp - EPSILON);
            prop_assert!(after.iws <= before.iws + EPSILON);
        }
    }

    #[test]
    fn scores_stay_between_one_and_a_hundred(
        parts in prop::array::uniform4(prop::option::of(0.0..=1.0_f64)),
        raw_weights in prop::array::uniform4(0.0..1.0_f64),
    ) {
        let total: f64 = raw_weights.iter().sum();
        prop_assume!(total > 0.0);
        let weights = ScoreWeights {
            f: raw_weights[0] / total,
            os: raw_weights[1] / total,
            edb: raw_weights[2] / total,
            ltr: raw_weights[3] / total,
        };
        let parts = ScoreParts { f: parts[0], os: parts[1], edb: parts[2], ltr: parts[3] };
        let score = retention_score(&parts, &weights);
        prop_assert!(score.is_none_or(|s| (1..=100).contains(&s)));
        if parts.f.is_none() {
            prop_assert_eq!(score, None);
        }
    }

    #[test]
    fn nps_stays_in_range(promoters in 0..200_i64, passives in 0..200_i64, detractors in 0..200_i64) {
        let n = promoters + passives + detractors;
        let result = nps(promoters, detractors, n);
        if n == 0 {
            prop_assert_eq!(result.nps, None);
        } else {
            let value = result.nps.unwrap();
            prop_assert!((-100.0..=100.0).contains(&value));
            prop_assert!(result.margin_of_error.is_some_and(|m| m.is_finite() && m >= 0.0));
        }
    }

    #[test]
    fn unanimous_answers_have_zero_margin(n in 1..500_i64, kind in 0..3_usize) {
        let (promoters, detractors) = [(n, 0), (0, 0), (0, n)][kind];
        prop_assert_eq!(nps(promoters, detractors, n).margin_of_error, Some(0.0));
    }

    #[test]
    fn shrunk_means_lie_between_the_raw_and_the_grand_mean(
        groups in prop::collection::btree_map(0..20_i64, prop::collection::vec(0.0..100.0_f64, 1..7), 1..7),
    ) {
        let result = shrinkage(&groups).unwrap();
        for (am, values) in &groups {
            let raw = values.iter().sum::<f64>() / values.len() as f64;
            let (low, high) = (raw.min(result.grand_mean), raw.max(result.grand_mean));
            let shrunk = result.shrunk_means[am];
            prop_assert!(shrunk >= low - EPSILON && shrunk <= high + EPSILON, "{shrunk} not in [{low}, {high}]");
        }
    }

    #[test]
    fn q_values_are_at_least_p_at_most_one_and_keep_the_order(
        p_values in prop::collection::vec(0.0..=1.0_f64, 0..30),
    ) {
        let q = benjamini_hochberg(&p_values);
        for (i, (&p_i, &q_i)) in p_values.iter().zip(&q).enumerate() {
            prop_assert!(q_i >= p_i - EPSILON && q_i <= 1.0);
            for (&p_j, &q_j) in p_values.iter().zip(&q).skip(i + 1) {
                if p_i <= p_j {
                    prop_assert!(q_i <= q_j + EPSILON);
                }
            }
        }
    }

    #[test]
    fn the_welch_interval_surrounds_the_difference(
        a in prop::collection::vec(0.0..10.0_f64, 2..8),
        b in prop::collection::vec(0.0..10.0_f64, 2..8),
    ) {
        if let Some(test) = welch(&a, &b) {
            prop_assert!(test.interval.low <= test.difference && test.difference <= test.interval.high);
            prop_assert!((0.0..=1.0).contains(&test.p_value));
            prop_assert!(test.df >= 1.0 - EPSILON);
            // p < 0.05 exactly when the 95% interval excludes 0.
            let excludes_zero = test.interval.low > 0.0 || test.interval.high < 0.0;
            if (test.p_value - 0.05).abs() > 1e-6 {
                prop_assert_eq!(excludes_zero, test.p_value < 0.05);
            }
        }
    }
}
