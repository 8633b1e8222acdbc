//! Organization settings the method reads: role weights, score weights, cohort thresholds,
//! the IPA cross-hair mode, alert thresholds and the decision settings (pairing penalty,
//! compensation). Every field has the default METHOD.md gives (or, where it gives none, one
//! documented on the field), so `{}` is a valid settings document.

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
    /// Thresholds of the alert rules (section 7).
    #[serde(default)]
    pub alerts: AlertSettings,
    /// Settings of the decisions built on the assessment: pairing and compensation (sections
    /// 8 and 10).
    #[serde(default)]
    pub decision: DecisionSettings,
}

impl Settings {
    /// Checks every rule; the error names the first field that breaks one.
    pub fn validate(&self) -> Result<(), DomainError> {
        self.role_weights.validate()?;
        self.score_weights.validate()?;
        self.cohort_thresholds.validate()?;
        self.alerts.validate()?;
        self.decision.validate()
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

    /// The contact roles a weight may be set for.
    pub const ROLES: [&str; 4] = ["decision_maker", "influencer", "user", "unspecified"];

    /// Checks that every role is known, every weight finite and not negative, and that some
    /// role keeps a positive weight (with all at zero no account would have a mean).
    pub fn validate(&self) -> Result<(), DomainError> {
        for (role, weight) in &self.0 {
            let field = format!("role_weights.{role}");
            if !Self::ROLES.contains(&role.as_str()) {
                let known = Self::ROLES.join(", ");
                return Err(DomainError::setting(
                    field,
                    format!("is no role; roles are {known}"),
                ));
            }
            if !(weight.is_finite() && *weight >= 0.0) {
                return Err(DomainError::setting(field, "must be a number >= 0"));
            }
        }
        if Self::ROLES.iter().all(|role| self.weight(role) == 0.0) {
            return Err(DomainError::setting(
                "role_weights",
                "at least one role needs a weight above 0",
            ));
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

/// Thresholds of the alert rules (METHOD.md section 7). Shares are fractions of the
/// performance scale's range, so they mean the same on 1-10 and on 1-5.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AlertSettings {
    /// `detractor` fires on an LTR answer at or below this (default 6).
    pub detractor_max_ltr: i64,
    /// A detractor alert is high when the lowest LTR is at or below this (default 4).
    pub detractor_high_max_ltr: i64,
    /// `critical_gap` fires on a gap of at least this share of the range (default 2/9).
    pub critical_gap_share: f64,
    /// A critical gap is high from this share of the range (default 3/9).
    pub critical_gap_high_share: f64,
    /// How many of the most important categories `critical_gap` watches, ties included
    /// (default 3).
    pub critical_top_n: u32,
    /// `hidden_risk` fires when the LTR mean is at least this and the cohort is high or
    /// extreme (default 7).
    pub hidden_risk_min_ltr: f64,
    /// `score_drop` fires on a fall of at least this many points (default 10).
    pub score_drop_medium: u32,
    /// A score drop is high from this many points (default 20).
    pub score_drop_high: u32,
    /// `category_decline` fires on a fall of the mean performance of at least this share of
    /// the range (default 2/9).
    pub category_decline_share: f64,
    /// `unassessed` watches accounts whose annual value is at least this (default 0: every
    /// account with a known value). An account with unknown value never fires it, since
    /// nothing says it is worth chasing.
    pub unassessed_min_value: f64,
}

impl Default for AlertSettings {
    fn default() -> Self {
        Self {
            detractor_max_ltr: 6,
            detractor_high_max_ltr: 4,
            critical_gap_share: 2.0 / 9.0,
            critical_gap_high_share: 3.0 / 9.0,
            critical_top_n: 3,
            hidden_risk_min_ltr: 7.0,
            score_drop_medium: 10,
            score_drop_high: 20,
            category_decline_share: 2.0 / 9.0,
            unassessed_min_value: 0.0,
        }
    }
}

impl AlertSettings {
    /// Checks every threshold; the error names the first offending field (`alerts.<name>`).
    pub fn validate(&self) -> Result<(), DomainError> {
        let fail =
            |name: &str, reason: &str| Err(DomainError::setting(format!("alerts.{name}"), reason));
        if self.detractor_max_ltr < 0 {
            return fail("detractor_max_ltr", "must be >= 0");
        }
        if !(0..=self.detractor_max_ltr).contains(&self.detractor_high_max_ltr) {
            return fail("detractor_high_max_ltr", "must lie in 0-detractor_max_ltr");
        }
        if !is_share(self.critical_gap_share) {
            return fail("critical_gap_share", "must lie in (0, 1]");
        }
        if !(is_share(self.critical_gap_high_share)
            && self.critical_gap_high_share >= self.critical_gap_share)
        {
            return fail(
                "critical_gap_high_share",
                "must lie in [critical_gap_share, 1]",
            );
        }
        if self.critical_top_n == 0 {
            return fail("critical_top_n", "must be at least 1");
        }
        if !(self.hidden_risk_min_ltr.is_finite() && self.hidden_risk_min_ltr >= 0.0) {
            return fail("hidden_risk_min_ltr", "must be a number >= 0");
        }
        if !(1..=99).contains(&self.score_drop_medium) {
            return fail("score_drop_medium", "must lie in 1-99");
        }
        if !(self.score_drop_medium..=99).contains(&self.score_drop_high) {
            return fail("score_drop_high", "must lie in score_drop_medium-99");
        }
        if !is_share(self.category_decline_share) {
            return fail("category_decline_share", "must lie in (0, 1]");
        }
        if !(self.unassessed_min_value.is_finite() && self.unassessed_min_value >= 0.0) {
            return fail("unassessed_min_value", "must be a number >= 0");
        }
        Ok(())
    }
}

/// A share of a scale's range: finite, above 0, at most 1.
fn is_share(value: f64) -> bool {
    value.is_finite() && value > 0.0 && value <= 1.0
}

/// Settings of pairing (section 8) and compensation (section 10).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DecisionSettings {
    /// Cost of giving an account a new AM in pairing, in units of an average account's fit
    /// (default 0.25).
    pub change_penalty: f64,
    /// The compensation index and bonus split.
    pub compensation: CompensationSettings,
}

impl Default for DecisionSettings {
    fn default() -> Self {
        Self {
            change_penalty: crate::pairing::DEFAULT_CHANGE_PENALTY,
            compensation: CompensationSettings::default(),
        }
    }
}

impl DecisionSettings {
    /// Checks every rule; the error names the first offending field (`decision.<name>`).
    pub fn validate(&self) -> Result<(), DomainError> {
        if !(self.change_penalty.is_finite() && self.change_penalty >= 0.0) {
            return Err(DomainError::setting(
                "decision.change_penalty",
                "must be a number >= 0",
            ));
        }
        self.compensation.validate()
    }
}

/// Weights of the compensation index's parts, the bonus floor and the smallest book that is
/// ranked (section 10).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CompensationSettings {
    /// Weight of the percentile of the mean book score (default 0.5).
    pub weight_score: f64,
    /// Weight of the percentile of the IWS improvement (default 0.3).
    pub weight_iws_improvement: f64,
    /// Weight of the renewal rate (default 0.2).
    pub weight_renewal: f64,
    /// The bonus pool is split among AMs whose index is above this, in proportion to the
    /// excess (default 50: the index of an AM in the middle of their peers on both percentile
    /// parts with half their renewals won, so the bonus rewards being above the middle).
    pub floor: f64,
    /// A book with fewer accounts is marked insufficient evidence rather than ranked
    /// (default 5).
    pub min_book: usize,
}

impl Default for CompensationSettings {
    fn default() -> Self {
        Self {
            weight_score: 0.5,
            weight_iws_improvement: 0.3,
            weight_renewal: 0.2,
            floor: 50.0,
            min_book: 5,
        }
    }
}

impl CompensationSettings {
    /// Checks that each weight is finite and `>= 0`, that they sum to 1 (within 1e-9) and that
    /// the floor lies in 0-100; the error names `decision.compensation.<name>`.
    pub fn validate(&self) -> Result<(), DomainError> {
        let named = [
            ("weight_score", self.weight_score),
            ("weight_iws_improvement", self.weight_iws_improvement),
            ("weight_renewal", self.weight_renewal),
        ];
        for (name, weight) in named {
            if !(weight.is_finite() && weight >= 0.0) {
                let field = format!("decision.compensation.{name}");
                return Err(DomainError::setting(field, "must be a number >= 0"));
            }
        }
        let sum: f64 = named.iter().map(|(_, weight)| weight).sum();
        if (sum - 1.0).abs() > WEIGHT_SUM_TOLERANCE {
            let reason = format!("the weights must sum to 1, got {sum}");
            return Err(DomainError::setting("decision.compensation", reason));
        }
        if !(self.floor.is_finite() && (0.0..=100.0).contains(&self.floor)) {
            return Err(DomainError::setting(
                "decision.compensation.floor",
                "must lie in 0-100",
            ));
        }
        Ok(())
    }
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
    fn alert_defaults_follow_method_and_validate() {
        let alerts = AlertSettings::default();
        // 2/9 and 3/9 of the 1-10 range (9) are 2 and 3 points.
        assert!((alerts.critical_gap_share * 9.0 - 2.0).abs() < 1e-12);
        assert!((alerts.critical_gap_high_share * 9.0 - 3.0).abs() < 1e-12);
        assert_eq!(
            (alerts.detractor_max_ltr, alerts.detractor_high_max_ltr),
            (6, 4)
        );
        assert_eq!((alerts.score_drop_medium, alerts.score_drop_high), (10, 20));
        assert!(alerts.validate().is_ok());
        let parsed: Settings =
            serde_json::from_str(r#"{"alerts":{"score_drop_high":30}}"#).unwrap();
        assert_eq!(parsed.alerts.score_drop_high, 30);
        assert_eq!(parsed.alerts.score_drop_medium, 10);
    }

    /// Breaks one alert threshold.
    type Breaker = fn(&mut AlertSettings);

    #[test]
    fn bad_alert_thresholds_are_named() {
        let cases: [(Breaker, &str); 6] = [
            (|a| a.critical_gap_share = 0.0, "alerts.critical_gap_share"),
            (
                |a| a.critical_gap_high_share = 0.1,
                "alerts.critical_gap_high_share",
            ),
            (
                |a| a.detractor_high_max_ltr = 7,
                "alerts.detractor_high_max_ltr",
            ),
            (|a| a.score_drop_high = 5, "alerts.score_drop_high"),
            (|a| a.critical_top_n = 0, "alerts.critical_top_n"),
            (
                |a| a.unassessed_min_value = f64::NAN,
                "alerts.unassessed_min_value",
            ),
        ];
        for (break_it, field) in cases {
            let mut settings = Settings::default();
            break_it(&mut settings.alerts);
            assert_eq!(field_of(settings.validate().unwrap_err()), field);
        }
    }

    #[test]
    fn decision_defaults_follow_method_and_parse_partially() {
        let decision = DecisionSettings::default();
        assert_eq!(decision.change_penalty, 0.25);
        let compensation = decision.compensation;
        assert_eq!(
            (
                compensation.weight_score,
                compensation.weight_iws_improvement,
                compensation.weight_renewal
            ),
            (0.5, 0.3, 0.2)
        );
        assert_eq!((compensation.floor, compensation.min_book), (50.0, 5));
        assert!(decision.validate().is_ok());
        let parsed: Settings =
            serde_json::from_str(r#"{"decision":{"compensation":{"min_book":3}}}"#).unwrap();
        assert_eq!(parsed.decision.compensation.min_book, 3);
        assert_eq!(parsed.decision.compensation.weight_score, 0.5);
        assert_eq!(parsed.decision.change_penalty, 0.25);
    }

    /// Breaks one decision setting.
    type DecisionBreaker = fn(&mut DecisionSettings);

    #[test]
    fn bad_decision_settings_are_named() {
        let cases: [(DecisionBreaker, &str); 5] = [
            (|d| d.change_penalty = -1.0, "decision.change_penalty"),
            (
                |d| d.compensation.weight_renewal = -0.2,
                "decision.compensation.weight_renewal",
            ),
            // 0.5 + 0.3 + 0.3 = 1.1
            (
                |d| d.compensation.weight_renewal = 0.3,
                "decision.compensation",
            ),
            (
                |d| d.compensation.floor = 101.0,
                "decision.compensation.floor",
            ),
            (
                |d| d.compensation.floor = f64::NAN,
                "decision.compensation.floor",
            ),
        ];
        for (break_it, field) in cases {
            let mut settings = Settings::default();
            break_it(&mut settings.decision);
            assert_eq!(field_of(settings.validate().unwrap_err()), field);
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
