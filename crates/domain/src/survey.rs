//! How a survey is set up: rating scales, the importance form and indicator kinds.

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// An inclusive integer rating scale, e.g. 1-10 or 0-10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
                return Err(DomainError::setting("importance_form.k", "must be at least 1"));
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
