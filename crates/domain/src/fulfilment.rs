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
        ImportanceForm::Pick { .. } | ImportanceForm::None => f64::from(survey.performance_scale.max),
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
            derived_weights.get(&answer.category).copied().unwrap_or(0.0),
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
