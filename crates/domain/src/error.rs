//! The one error type of the domain crate: every variant names the field it is about.

use thiserror::Error;

/// A value or setting the method cannot accept.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DomainError {
    /// A rating lies outside its scale.
    #[error("{field}: {value} is outside the scale {min}-{max}")]
    OutOfScale {
        /// The field that holds the rating.
        field: String,
        /// The rejected value.
        value: i64,
        /// Lowest valid rating.
        min: i32,
        /// Highest valid rating.
        max: i32,
    },
    /// A scale does not span at least two points.
    #[error("{field}: a scale needs min < max, got {min}-{max}")]
    InvalidScale {
        /// The field that holds the scale.
        field: String,
        /// Its lowest rating.
        min: i32,
        /// Its highest rating.
        max: i32,
    },
    /// A respondent picked more categories than the pick form allows.
    #[error("{field}: {picked} categories picked, at most {k} allowed")]
    TooManyPicks {
        /// The field that holds the picks.
        field: String,
        /// Number of distinct picks.
        picked: usize,
        /// The most picks allowed.
        k: u32,
    },
    /// A setting breaks its rule.
    #[error("{field}: {reason}")]
    InvalidSetting {
        /// The setting, as a dotted path (e.g. `score_weights.f`).
        field: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl DomainError {
    /// An [`DomainError::InvalidSetting`] for `field`.
    pub(crate) fn setting(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::InvalidSetting {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

impl DomainError {
    /// What is wrong, without the field's name in front.
    pub fn reason(&self) -> String {
        let text = self.to_string();
        let prefix = format!("{}: ", self.field());
        text.strip_prefix(&prefix)
            .map_or_else(|| text.clone(), str::to_owned)
    }

    /// The field the error is about.
    pub fn field(&self) -> &str {
        match self {
            Self::OutOfScale { field, .. }
            | Self::InvalidScale { field, .. }
            | Self::TooManyPicks { field, .. }
            | Self::InvalidSetting { field, .. } => field,
        }
    }
}
