//! How a survey is set up: rating scales, the importance form and indicator kinds.

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// An inclusive integer rating scale, e.g. 1-10 or 0-10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scale {
    /// Lowest valid rating.
    pub min: i32,
    /// Highest valid rating.
    pub max: i32,
}

impl Scale {
    /// A scale from `min` to `max`; [`Scale::validate`] checks that `min < max`.
    pub const fn new(min: i32, max: i32) -> Self {
        Self { min, max }
    }

    /// Checks that the scale spans at least two points; `field` names it in the error.
    pub fn validate(&self, field: &str) -> Result<(), DomainError> {
        if self.min < self.max {
            Ok(())
        } else {
            Err(DomainError::InvalidScale {
                field: field.to_owned(),
                min: self.min,
                max: self.max,
            })
        }
    }

    /// `max - min`, as a float: the denominator of every normalisation.
    pub fn range(&self) -> f64 {
        f64::from(self.max) - f64::from(self.min)
    }

    /// The middle of the scale, e.g. 5.5 on 1-10.
    pub fn midpoint(&self) -> f64 {
        (f64::from(self.min) + f64::from(self.max)) / 2.0
    }

    /// Whether `value` is a rating on this scale (ends included).
    pub fn contains(&self, value: i32) -> bool {
        (self.min..=self.max).contains(&value)
    }

    /// Checks that `value` is on this scale; `field` names it in the error.
    pub fn check(&self, field: &str, value: i32) -> Result<i32, DomainError> {
        if self.contains(value) {
            Ok(value)
        } else {
            Err(DomainError::OutOfScale {
                field: field.to_owned(),
                value: i64::from(value),
                min: self.min,
                max: self.max,
            })
        }
    }

    /// Maps a value of this scale onto [0, 1]: `min` to 0, `max` to 1.
    pub fn normalise(&self, value: f64) -> f64 {
        (value - f64::from(self.min)) / self.range()
    }

    /// Maps a value of this scale linearly onto `target`, end point onto end point.
    pub fn map_onto(&self, target: Scale, value: f64) -> f64 {
        f64::from(target.min) + self.normalise(value) * target.range()
    }

    /// Whether `value` is in the top two points of the scale (top box).
    pub fn is_top_box(&self, value: i32) -> bool {
        self.contains(value) && value >= self.max - 1
    }

    /// Whether `value` is in the bottom two points of the scale (bottom box).
    pub fn is_bottom_box(&self, value: i32) -> bool {
        self.contains(value) && value <= self.min + 1
    }
}

/// How a survey asks for stated importance (METHOD.md section 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum ImportanceForm {
    /// A rating per category on its own scale.
    Rating {
        /// The importance scale.
        scale: Scale,
    },
    /// Up to `k` categories picked as most important.
    Pick {
        /// The most categories one respondent may pick.
        k: u32,
    },
    /// No stated importance: derived importance is used.
    None,
}

/// What a key indicator measures, which decides its part in the retention score and NPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// Likelihood to recommend, 0-10: NPS and the score's LTR part.
    Ltr,
    /// Overall satisfaction: the score's OS part.
    Satisfaction,
    /// Ease of doing business: the score's EDB part.
    Ease,
    /// Any other indicator: reported, not scored.
    Other,
}

/// A key indicator as the method reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorSpec {
    /// Storage id of the indicator, as in [`IndicatorCell::indicator`](crate::cells::IndicatorCell).
    pub indicator: i64,
    /// What it measures.
    pub kind: IndicatorKind,
    /// Its rating scale.
    pub scale: Scale,
}

/// The parts of a survey's setup that every computation of one cycle needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveySpec {
    /// The performance scale shared by every category.
    pub performance_scale: Scale,
    /// How importance was asked.
    pub importance_form: ImportanceForm,
    /// Storage ids of the categories, in display order; results follow this order.
    pub categories: Vec<i64>,
    /// The key indicators.
    pub indicators: Vec<IndicatorSpec>,
}

impl SurveySpec {
    /// Checks every scale (and `k >= 1` in the pick form), naming the offending field.
    pub fn validate(&self) -> Result<(), DomainError> {
        self.performance_scale.validate("performance_scale")?;
        match self.importance_form {
            ImportanceForm::Rating { scale } => scale.validate("importance_form.scale")?,
            ImportanceForm::Pick { k: 0 } => {
                return Err(DomainError::setting(
                    "importance_form.k",
                    "must be at least 1",
                ));
            }
            ImportanceForm::Pick { .. } | ImportanceForm::None => {}
        }
        for spec in &self.indicators {
            spec.scale
                .validate(&format!("indicators.{}.scale", spec.indicator))?;
        }
        Ok(())
    }

    /// The first indicator of `kind`, if the survey has one.
    pub fn indicator_of_kind(&self, kind: IndicatorKind) -> Option<&IndicatorSpec> {
        self.indicators.iter().find(|spec| spec.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE_TO_TEN: Scale = Scale::new(1, 10);
    const ZERO_TO_TEN: Scale = Scale::new(0, 10);

    #[test]
    fn range_and_midpoint_follow_the_end_points() {
        assert_eq!(ONE_TO_TEN.range(), 9.0);
        assert_eq!(ZERO_TO_TEN.range(), 10.0);
        // (1 + 10) / 2 = 5.5
        assert_eq!(ONE_TO_TEN.midpoint(), 5.5);
    }

    #[test]
    fn contains_includes_both_ends_only() {
        assert!(ONE_TO_TEN.contains(1) && ONE_TO_TEN.contains(10));
        assert!(!ONE_TO_TEN.contains(0) && !ONE_TO_TEN.contains(11));
        assert!(ZERO_TO_TEN.contains(0));
    }

    #[test]
    fn normalise_maps_the_ends_onto_zero_and_one() {
        assert_eq!(ONE_TO_TEN.normalise(1.0), 0.0);
        assert_eq!(ONE_TO_TEN.normalise(10.0), 1.0);
        // (5.5 - 1) / 9 = 0.5; (7 - 0) / 10 = 0.7
        assert_eq!(ONE_TO_TEN.normalise(5.5), 0.5);
        assert_eq!(ZERO_TO_TEN.normalise(7.0), 0.7);
    }

    #[test]
    fn map_onto_sends_end_point_onto_end_point() {
        let one_to_five = Scale::new(1, 5);
        assert_eq!(one_to_five.map_onto(ONE_TO_TEN, 1.0), 1.0);
        assert_eq!(one_to_five.map_onto(ONE_TO_TEN, 5.0), 10.0);
        // 3 is half way on 1-5: 1 + 0.5 * 9 = 5.5. 4: 1 + 0.75 * 9 = 7.75.
        assert_eq!(one_to_five.map_onto(ONE_TO_TEN, 3.0), 5.5);
        assert_eq!(one_to_five.map_onto(ONE_TO_TEN, 4.0), 7.75);
        // 0-10 onto 1-10: 5 -> 1 + 0.5 * 9 = 5.5
        assert_eq!(ZERO_TO_TEN.map_onto(ONE_TO_TEN, 5.0), 5.5);
    }

    #[test]
    fn boxes_are_the_two_end_points_of_each_side() {
        assert!(ONE_TO_TEN.is_top_box(9) && ONE_TO_TEN.is_top_box(10));
        assert!(!ONE_TO_TEN.is_top_box(8) && !ONE_TO_TEN.is_top_box(11));
        assert!(ONE_TO_TEN.is_bottom_box(1) && ONE_TO_TEN.is_bottom_box(2));
        assert!(!ONE_TO_TEN.is_bottom_box(3) && !ONE_TO_TEN.is_bottom_box(0));
        assert!(ZERO_TO_TEN.is_bottom_box(0) && ZERO_TO_TEN.is_bottom_box(1));
        assert!(!ZERO_TO_TEN.is_bottom_box(2));
    }

    #[test]
    fn check_rejects_a_value_off_the_scale_naming_the_field() {
        assert_eq!(ONE_TO_TEN.check("performance.3", 10), Ok(10));
        let error = ONE_TO_TEN.check("performance.3", 0).unwrap_err();
        assert_eq!(
            error,
            DomainError::OutOfScale {
                field: "performance.3".into(),
                value: 0,
                min: 1,
                max: 10
            }
        );
        assert!(error.to_string().starts_with("performance.3:"));
    }

    #[test]
    fn validate_needs_at_least_two_points() {
        assert!(ONE_TO_TEN.validate("scale").is_ok());
        let error = Scale::new(5, 5)
            .validate("importance_form.scale")
            .unwrap_err();
        assert!(
            matches!(error, DomainError::InvalidScale { field, .. } if field == "importance_form.scale")
        );
    }

    fn spec(form: ImportanceForm) -> SurveySpec {
        SurveySpec {
            performance_scale: ONE_TO_TEN,
            importance_form: form,
            categories: vec![1, 2],
            indicators: vec![IndicatorSpec {
                indicator: 7,
                kind: IndicatorKind::Ltr,
                scale: ZERO_TO_TEN,
            }],
        }
    }

    #[test]
    fn survey_validation_names_the_bad_field() {
        assert!(spec(ImportanceForm::Pick { k: 3 }).validate().is_ok());
        let bad_pick = spec(ImportanceForm::Pick { k: 0 }).validate().unwrap_err();
        assert!(bad_pick.to_string().starts_with("importance_form.k:"));
        let bad_rating = ImportanceForm::Rating {
            scale: Scale::new(5, 1),
        };
        let error = spec(bad_rating).validate().unwrap_err();
        assert!(error.to_string().starts_with("importance_form.scale:"));
        let mut bad_indicator = spec(ImportanceForm::None);
        bad_indicator.indicators[0].scale = Scale::new(3, 2);
        let error = bad_indicator.validate().unwrap_err();
        assert!(error.to_string().starts_with("indicators.7.scale:"));
    }

    #[test]
    fn indicator_of_kind_finds_the_first_of_that_kind() {
        let survey = spec(ImportanceForm::None);
        assert_eq!(
            survey
                .indicator_of_kind(IndicatorKind::Ltr)
                .map(|s| s.indicator),
            Some(7)
        );
        assert!(survey.indicator_of_kind(IndicatorKind::Ease).is_none());
    }
}
