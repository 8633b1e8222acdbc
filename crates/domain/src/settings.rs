//! Organization settings the method reads: role weights, score weights, cohort thresholds and
//! the IPA cross-hair mode. Every field has the default METHOD.md gives, so `{}` is a valid
//! settings document.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// Tolerance for "the score weights sum to 1".
const WEIGHT_SUM_TOLERANCE: f64 = 1e-9;

/// All settings of one organization that change a number.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Settings {
    /// Weight of each contact role in account means (section 3).
    pub role_weights: RoleWeights,
    /// Weights of the retention score's parts.
    pub score_weights: ScoreWeights,
    /// Lowest score of each risk cohort.
    pub cohort_thresholds: CohortThresholds,
    /// Where the IPA cross-hairs sit.
    pub cross_hair: CrossHairMode,
}

impl Settings {
    /// Checks every rule; the error names the first field that breaks one.
    pub fn validate(&self) -> Result<(), DomainError> {
        self.role_weights.validate()?;
        self.score_weights.validate()?;
        self.cohort_thresholds.validate()
    }
}

/// Weight per contact role; a role not listed weighs 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct RoleWeights(pub BTreeMap<String, f64>);

impl Default for RoleWeights {
    fn default() -> Self {
        let roles = ["decision_maker", "influencer", "user", "unspecified"];
        Self(roles.iter().map(|role| ((*role).to_owned(), 1.0)).collect())
    }
}

impl RoleWeights {
    /// The weight of `role`: its setting, or 1 when it has none.
    pub fn weight(&self, role: &str) -> f64 {
        self.0.get(role).copied().unwrap_or(1.0)
    }

    /// Checks that every weight is finite and not negative.
    pub fn validate(&self) -> Result<(), DomainError> {
        for (role, weight) in &self.0 {
            if !(weight.is_finite() && *weight >= 0.0) {
                let field = format!("role_weights.{role}");
                return Err(DomainError::setting(field, "must be a number >= 0"));
            }
        }
        Ok(())
    }
}

/// Weights of the retention score's parts; they must sum to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ScoreWeights {
    /// Weight of fulfilment `F`.
    pub f: f64,
    /// Weight of overall satisfaction.
    pub os: f64,
    /// Weight of ease of doing business.
    pub edb: f64,
    /// Weight of likelihood to recommend.
    pub ltr: f64,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        Self {
            f: 0.55,
            os: 0.15,
            edb: 0.15,
            ltr: 0.15,
        }
    }
}

impl ScoreWeights {
    /// Checks that each weight is finite and `>= 0` and that they sum to 1 (within 1e-9).
    pub fn validate(&self) -> Result<(), DomainError> {
        let named = [
            ("f", self.f),
            ("os", self.os),
            ("edb", self.edb),
            ("ltr", self.ltr),
        ];
        for (name, weight) in named {
            if !(weight.is_finite() && weight >= 0.0) {
                let field = format!("score_weights.{name}");
                return Err(DomainError::setting(field, "must be a number >= 0"));
            }
        }
        let sum: f64 = named.iter().map(|(_, weight)| weight).sum();
        if (sum - 1.0).abs() > WEIGHT_SUM_TOLERANCE {
            let reason = format!("must sum to 1, got {sum}");
            return Err(DomainError::setting("score_weights", reason));
        }
        Ok(())
    }
}

/// The lowest score of each cohort; a score below `high` is `extreme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CohortThresholds {
    /// Lowest score of cohort `none` (default 80).
    pub none: u32,
    /// Lowest score of cohort `low` (default 70).
    pub low: u32,
    /// Lowest score of cohort `medium` (default 60).
    pub medium: u32,
    /// Lowest score of cohort `high` (default 50).
    pub high: u32,
}

impl Default for CohortThresholds {
    fn default() -> Self {
        Self {
            none: 80,
            low: 70,
            medium: 60,
            high: 50,
        }
    }
}

impl CohortThresholds {
    /// Checks that the thresholds lie in 1-100 and strictly descend from `none` to `high`.
    pub fn validate(&self) -> Result<(), DomainError> {
        let named = [
            ("none", self.none),
            ("low", self.low),
            ("medium", self.medium),
            ("high", self.high),
        ];
        for (name, threshold) in named {
            if !(1..=100).contains(&threshold) {
                let field = format!("cohort_thresholds.{name}");
                return Err(DomainError::setting(field, "must lie in 1-100"));
            }
        }
        for pair in named.windows(2) {
            let [(upper, above), (name, below)] = pair else {
                continue;
            };
            if below >= above {
                let field = format!("cohort_thresholds.{name}");
                let reason = format!("must be below cohort_thresholds.{upper} ({above})");
                return Err(DomainError::setting(field, reason));
            }
        }
        Ok(())
    }

    /// The cohort of a retention score.
    pub fn cohort(&self, score: u32) -> Cohort {
        if score >= self.none {
            Cohort::None
        } else if score >= self.low {
            Cohort::Low
        } else if score >= self.medium {
            Cohort::Medium
        } else if score >= self.high {
            Cohort::High
        } else {
            Cohort::Extreme
        }
    }
}

/// Risk cohort of an account, from its retention score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Cohort {
    /// No particular risk.
    None,
    /// Low risk.
    Low,
    /// Medium risk.
    Medium,
    /// High risk.
    High,
    /// Extreme risk.
    Extreme,
}

/// Where the IPA cross-hairs sit (section 5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CrossHairMode {
    /// The mean over the scope's categories of the category means.
    #[default]
    DataMean,
    /// The middle of each axis's scale (0.5 for pick shares).
    ScaleMidpoint,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(error: DomainError) -> String {
        match error {
            DomainError::InvalidSetting { field, .. } => field,
            other => panic!("expected InvalidSetting, got {other:?}"),
        }
    }

    #[test]
    fn defaults_are_the_documented_ones_and_valid() {
        let settings = Settings::default();
        assert_eq!(settings.score_weights.f, 0.55);
        assert_eq!(settings.score_weights.ltr, 0.15);
        assert_eq!(settings.cohort_thresholds.none, 80);
        assert_eq!(settings.cohort_thresholds.high, 50);
        assert_eq!(settings.cross_hair, CrossHairMode::DataMean);
        assert!(settings.validate().is_ok());
    }

    #[test]
    fn an_empty_document_deserialises_to_the_defaults() {
        let parsed: Settings = serde_json::from_str("{}").unwrap();
        assert_eq!(parsed, Settings::default());
        let partial: Settings =
            serde_json::from_str(r#"{"cross_hair":"scale_midpoint","role_weights":{"user":0.5}}"#)
                .unwrap();
        assert_eq!(partial.cross_hair, CrossHairMode::ScaleMidpoint);
        assert_eq!(partial.role_weights.weight("user"), 0.5);
        assert_eq!(partial.score_weights, ScoreWeights::default());
    }

    #[test]
    fn every_role_weighs_one_unless_set() {
        let mut weights = RoleWeights::default();
        assert_eq!(weights.weight("decision_maker"), 1.0);
        assert_eq!(weights.weight("procurement"), 1.0);
        weights.0.insert("user".into(), 0.25);
        assert_eq!(weights.weight("user"), 0.25);
    }

    #[test]
    fn a_negative_role_weight_is_rejected_by_name() {
        let mut settings = Settings::default();
        settings.role_weights.0.insert("user".into(), -1.0);
        assert_eq!(
            field_of(settings.validate().unwrap_err()),
            "role_weights.user"
        );
    }

    #[test]
    fn score_weights_must_sum_to_one() {
        // 0.65 + 3 * 0.15 = 1.1
        let mut weights = ScoreWeights {
            f: 0.65,
            ..ScoreWeights::default()
        };
        assert_eq!(field_of(weights.validate().unwrap_err()), "score_weights");
        weights.f = 0.55 + 5e-10; // within 1e-9 of 1
        assert!(weights.validate().is_ok());
        weights.f = 0.55 + 2e-9;
        assert!(weights.validate().is_err());
    }

    #[test]
    fn a_negative_score_weight_is_named() {
        let weights = ScoreWeights {
            f: 0.85,
            os: -0.15,
            edb: 0.15,
            ltr: 0.15,
        };
        assert_eq!(
            field_of(weights.validate().unwrap_err()),
            "score_weights.os"
        );
    }

    #[test]
    fn cohorts_start_at_their_thresholds() {
        let thresholds = CohortThresholds::default();
        let cases = [
            (100, Cohort::None),
            (80, Cohort::None),
            (79, Cohort::Low),
            (70, Cohort::Low),
            (69, Cohort::Medium),
            (60, Cohort::Medium),
            (59, Cohort::High),
            (50, Cohort::High),
            (49, Cohort::Extreme),
            (1, Cohort::Extreme),
        ];
        for (score, cohort) in cases {
            assert_eq!(thresholds.cohort(score), cohort, "score {score}");
        }
    }

    #[test]
    fn thresholds_must_descend() {
        // medium equal to low
        let mut thresholds = CohortThresholds {
            medium: 70,
            ..CohortThresholds::default()
        };
        assert_eq!(
            field_of(thresholds.validate().unwrap_err()),
            "cohort_thresholds.medium"
        );
        thresholds = CohortThresholds {
            high: 101,
            ..CohortThresholds::default()
        };
        assert_eq!(
            field_of(thresholds.validate().unwrap_err()),
            "cohort_thresholds.high"
        );
    }
}
