//! Section 2 of the method: gaps, weights, IWP, IWS and fulfilment `F` for one set of
//! per-category values (one response, or an account's means in section 3).

use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::ipa::DerivedWeights;
use crate::survey::{ImportanceForm, Scale, SurveySpec};

/// One category answered with both an importance and a performance.
///
/// All three values are on the performance scale: a rating-form importance must already be
/// mapped onto it (see [`response_inputs`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GapInput {
    /// Storage id of the category.
    pub category: i64,
    /// Importance `I_c` (`>= 0`).
    pub importance: f64,
    /// Expected level `E_c`: `I_c` in the rating form, `Pmax` in the pick and none forms.
    pub expected: f64,
    /// Performance `P_c`.
    pub performance: f64,
}

/// Gap and weight of one category.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryGap {
    /// Storage id of the category.
    pub category: i64,
    /// `E_c - P_c`: positive when the customer gets less than they need.
    pub gap: f64,
    /// `I_c / sum(I)`, in [0, 1].
    pub weight: f64,
}

/// The section 2 numbers of one set of values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fulfilment {
    /// Gap and weight per category, in input order.
    pub categories: Vec<CategoryGap>,
    /// Importance-weighted performance, on the performance scale.
    pub iwp: f64,
    /// Importance-weighted shortfall, in performance points.
    pub iws: f64,
    /// Fulfilment `1 - IWS / (Pmax - Pmin)`, in [0, 1].
    pub f: f64,
}

/// Applies section 2 to `inputs` (every one a category answered with both values).
///
/// `None` when there is no input, or the importances sum to zero (or any is negative or not
/// finite, which no valid survey produces).
pub fn fulfilment(inputs: &[GapInput], performance_scale: Scale) -> Option<Fulfilment> {
    let valid = |input: &GapInput| input.importance.is_finite() && input.importance >= 0.0;
    if !inputs.iter().all(valid) {
        return None;
    }
    let total: f64 = inputs.iter().map(|input| input.importance).sum();
    if total <= 0.0 {
        return None;
    }

    let categories: Vec<CategoryGap> = inputs
        .iter()
        .map(|input| CategoryGap {
            category: input.category,
            gap: input.expected - input.performance,
            weight: input.importance / total,
        })
        .collect();
    let iwp = weighted_sum(inputs, &categories, |input, _| input.performance);
    let iws = weighted_sum(inputs, &categories, |_, gap| gap.gap.max(0.0));
    // Inputs on the scale keep F in [0, 1]; the clamp only absorbs floating-point error.
    let f = (1.0 - iws / performance_scale.range()).clamp(0.0, 1.0);
    Some(Fulfilment {
        categories,
        iwp,
        iws,
        f,
    })
}

fn weighted_sum(
    inputs: &[GapInput],
    gaps: &[CategoryGap],
    value: impl Fn(&GapInput, &CategoryGap) -> f64,
) -> f64 {
    inputs
        .iter()
        .zip(gaps)
        .map(|(input, gap)| gap.weight * value(input, gap))
        .sum()
}

/// One raw answer of a response for one category, as imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RawAnswer {
    /// Storage id of the category.
    pub category: i64,
    /// Importance: a rating on the importance scale (rating form), 1/0 for picked/not picked
    /// (pick form, where `None` also means not picked), ignored in the none form.
    pub importance: Option<i32>,
    /// Performance rating, `None` when not answered.
    pub performance: Option<i32>,
}

/// Builds the section 2 inputs of one response in the survey's importance form.
///
/// - rating: `I_c` is the rating mapped onto the performance scale, and `E_c = I_c`;
/// - pick: `I_c` is 1 when picked, else 0, and `E_c = Pmax`;
/// - none: `I_c` is the category's derived weight (0 when absent), and `E_c = Pmax`.
///
/// Categories without both values are left out. Ratings off their scale, pick values other
/// than 0/1 and more than `k` picks are errors naming the field (`performance.<category>`).
pub fn response_inputs(
    survey: &SurveySpec,
    answers: &[RawAnswer],
    derived_weights: &DerivedWeights,
) -> Result<Vec<GapInput>, DomainError> {
    let scale = survey.performance_scale;
    if let ImportanceForm::Pick { k } = survey.importance_form {
        check_picks(answers, k)?;
    }
    let mut inputs = Vec::new();
    for answer in answers {
        let importance = importance_of(survey, answer, derived_weights)?;
        let performance = answer
            .performance
            .map(|value| scale.check(&format!("performance.{}", answer.category), value))
            .transpose()?;
        if let (Some(importance), Some(performance)) = (importance, performance) {
            inputs.push(GapInput {
                category: answer.category,
                importance,
                expected: expected_level(survey, importance),
                performance: f64::from(performance),
            });
        }
    }
    Ok(inputs)
}

/// `E_c` for an importance already on the performance scale.
fn expected_level(survey: &SurveySpec, importance: f64) -> f64 {
    match survey.importance_form {
        ImportanceForm::Rating { .. } => importance,
        ImportanceForm::Pick { .. } | ImportanceForm::None => {
            f64::from(survey.performance_scale.max)
        }
    }
}

fn importance_of(
    survey: &SurveySpec,
    answer: &RawAnswer,
    derived_weights: &DerivedWeights,
) -> Result<Option<f64>, DomainError> {
    let field = || format!("importance.{}", answer.category);
    match survey.importance_form {
        ImportanceForm::Rating { scale } => answer
            .importance
            .map(|value| {
                let value = scale.check(&field(), value)?;
                Ok(scale.map_onto(survey.performance_scale, f64::from(value)))
            })
            .transpose(),
        ImportanceForm::Pick { .. } => {
            let picked = Scale::new(0, 1).check(&field(), answer.importance.unwrap_or(0))?;
            Ok(Some(f64::from(picked)))
        }
        ImportanceForm::None => Ok(Some(
            derived_weights
                .get(&answer.category)
                .copied()
                .unwrap_or(0.0),
        )),
    }
}

fn check_picks(answers: &[RawAnswer], k: u32) -> Result<(), DomainError> {
    let picked: std::collections::BTreeSet<i64> = answers
        .iter()
        .filter(|answer| answer.importance == Some(1))
        .map(|answer| answer.category)
        .collect();
    if picked.len() > k as usize {
        return Err(DomainError::TooManyPicks {
            field: "importance".to_owned(),
            picked: picked.len(),
            k,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::{IndicatorKind, IndicatorSpec};

    const PERFORMANCE: Scale = Scale::new(1, 10);

    fn input(category: i64, importance: f64, expected: f64, performance: f64) -> GapInput {
        GapInput {
            category,
            importance,
            expected,
            performance,
        }
    }

    fn assert_close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 1e-12, "{actual} != {expected}");
    }

    #[test]
    fn rating_form_gaps_weights_iwp_iws_and_f() {
        // I = E = (9, 3, 6), P = (6, 5, 8); sum(I) = 18, w = (1/2, 1/6, 1/3)
        // gaps = (3, -2, -2); IWP = 3 + 5/6 + 8/3 = 6.5; IWS = 1/2 * 3 = 1.5
        // F = 1 - 1.5 / 9 = 5/6
        let inputs = [
            input(1, 9.0, 9.0, 6.0),
            input(2, 3.0, 3.0, 5.0),
            input(3, 6.0, 6.0, 8.0),
        ];
        let result = fulfilment(&inputs, PERFORMANCE).unwrap();
        let gaps: Vec<f64> = result.categories.iter().map(|c| c.gap).collect();
        assert_eq!(gaps, vec![3.0, -2.0, -2.0]);
        assert_close(result.categories[0].weight, 0.5);
        assert_close(result.categories[1].weight, 1.0 / 6.0);
        assert_close(result.categories[2].weight, 1.0 / 3.0);
        assert_close(result.iwp, 6.5);
        assert_close(result.iws, 1.5);
        assert_close(result.f, 5.0 / 6.0);
    }

    #[test]
    fn pick_form_f_is_iwp_rescaled() {
        // I = (1, 0, 1), E = 10, P = (6, 5, 8); w = (1/2, 0, 1/2)
        // IWP = 7; gaps = (4, 5, 2); IWS = 2 + 1 = 3; F = 1 - 3/9 = 2/3 = (7 - 1) / 9
        let inputs = [
            input(1, 1.0, 10.0, 6.0),
            input(2, 0.0, 10.0, 5.0),
            input(3, 1.0, 10.0, 8.0),
        ];
        let result = fulfilment(&inputs, PERFORMANCE).unwrap();
        assert_close(result.iwp, 7.0);
        assert_close(result.iws, 3.0);
        assert_close(result.f, 2.0 / 3.0);
        assert_close(result.f, PERFORMANCE.normalise(result.iwp));
    }

    #[test]
    fn no_category_or_zero_importance_gives_nothing() {
        assert_eq!(fulfilment(&[], PERFORMANCE), None);
        let nothing_picked = [input(1, 0.0, 10.0, 6.0), input(2, 0.0, 10.0, 9.0)];
        assert_eq!(fulfilment(&nothing_picked, PERFORMANCE), None);
        let negative = [input(1, -1.0, 10.0, 6.0), input(2, 2.0, 10.0, 9.0)];
        assert_eq!(fulfilment(&negative, PERFORMANCE), None);
    }

    fn survey(form: ImportanceForm) -> SurveySpec {
        SurveySpec {
            performance_scale: PERFORMANCE,
            importance_form: form,
            categories: vec![1, 2, 3],
            indicators: vec![IndicatorSpec {
                indicator: 1,
                kind: IndicatorKind::Ltr,
                scale: Scale::new(0, 10),
            }],
        }
    }

    fn answer(category: i64, importance: Option<i32>, performance: Option<i32>) -> RawAnswer {
        RawAnswer {
            category,
            importance,
            performance,
        }
    }

    #[test]
    fn rating_importance_is_mapped_onto_the_performance_scale() {
        let form = ImportanceForm::Rating {
            scale: Scale::new(1, 5),
        };
        let answers = [
            answer(1, Some(5), Some(7)),
            answer(2, Some(3), Some(4)),
            answer(3, None, Some(9)),
        ];
        let inputs = response_inputs(&survey(form), &answers, &DerivedWeights::new()).unwrap();
        // 5 on 1-5 -> 10 on 1-10; 3 -> 1 + 0.5 * 9 = 5.5; category 3 lacks importance.
        assert_eq!(
            inputs,
            vec![input(1, 10.0, 10.0, 7.0), input(2, 5.5, 5.5, 4.0)]
        );
    }

    #[test]
    fn off_scale_ratings_are_errors_naming_the_field() {
        let form = ImportanceForm::Rating {
            scale: Scale::new(1, 5),
        };
        let none = DerivedWeights::new();
        let bad_importance = [answer(4, Some(6), Some(7))];
        let error = response_inputs(&survey(form), &bad_importance, &none).unwrap_err();
        assert!(error.to_string().starts_with("importance.4:"), "{error}");
        let bad_performance = [answer(4, Some(2), Some(0))];
        let error = response_inputs(&survey(form), &bad_performance, &none).unwrap_err();
        assert!(error.to_string().starts_with("performance.4:"), "{error}");
    }

    #[test]
    fn pick_form_reads_picks_as_one_and_zero_with_top_expectation() {
        let answers = [
            answer(1, Some(1), Some(6)),
            answer(2, Some(0), Some(5)),
            answer(3, None, Some(8)),
        ];
        let spec = survey(ImportanceForm::Pick { k: 2 });
        let inputs = response_inputs(&spec, &answers, &DerivedWeights::new()).unwrap();
        let expected = vec![
            input(1, 1.0, 10.0, 6.0),
            input(2, 0.0, 10.0, 5.0),
            input(3, 0.0, 10.0, 8.0),
        ];
        assert_eq!(inputs, expected);
    }

    #[test]
    fn pick_form_rejects_too_many_picks_and_other_values() {
        let none = DerivedWeights::new();
        let spec = survey(ImportanceForm::Pick { k: 1 });
        let two_picks = [answer(1, Some(1), Some(6)), answer(2, Some(1), Some(5))];
        let error = response_inputs(&spec, &two_picks, &none).unwrap_err();
        assert!(matches!(
            error,
            DomainError::TooManyPicks {
                picked: 2,
                k: 1,
                ..
            }
        ));
        let not_a_pick = [answer(1, Some(2), Some(6))];
        let error = response_inputs(&spec, &not_a_pick, &none).unwrap_err();
        assert!(error.to_string().starts_with("importance.1:"), "{error}");
    }

    #[test]
    fn none_form_takes_the_derived_weights() {
        let weights: DerivedWeights = [(1, 0.75), (2, 0.25)].into_iter().collect();
        let answers = [
            answer(1, None, Some(7)),
            answer(2, None, Some(9)),
            answer(3, None, Some(2)),
        ];
        let inputs = response_inputs(&survey(ImportanceForm::None), &answers, &weights).unwrap();
        assert_eq!(
            inputs,
            vec![
                input(1, 0.75, 10.0, 7.0),
                input(2, 0.25, 10.0, 9.0),
                input(3, 0.0, 10.0, 2.0)
            ]
        );
        // IWP = 0.75 * 7 + 0.25 * 9 = 7.5; F = (7.5 - 1) / 9
        let result = fulfilment(&inputs, PERFORMANCE).unwrap();
        assert_close(result.iwp, 7.5);
        assert_close(result.f, 6.5 / 9.0);
    }
}
