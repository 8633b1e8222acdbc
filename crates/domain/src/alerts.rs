//! Section 7 of the method: the six alert rules for one account in one cycle.
//!
//! [`evaluate`] is a pure function of [`AccountFacts`]: storage gathers the facts (the
//! account's merged result, its lowest LTR, its previous scored cycle, ...) and keeps the
//! alerts unique per (account, rule, category, cycle). Re-evaluating unchanged facts returns
//! the same findings in the same order, so it changes nothing; [`is_worse`] tells storage
//! whether a new finding should reopen a resolved alert.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::account::{AccountCategory, AccountResult};
use crate::settings::{AlertSettings, Cohort};
use crate::survey::{IndicatorKind, SurveySpec};

/// Slack for threshold comparisons, so that `2/9 * 9` (2.0000000000000004) still counts as
/// a gap of 2 points.
const EPSILON: f64 = 1e-9;

/// An alert rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A response of the account has an LTR at or below the detractor threshold.
    Detractor,
    /// One of the account's most important categories falls well short of its expected level.
    CriticalGap,
    /// The account recommends (LTR mean high) but its score puts it at high or extreme risk.
    HiddenRisk,
    /// The score fell since the account's previous scored cycle.
    ScoreDrop,
    /// A category's mean performance fell since the account's previous cycle with an answer.
    CategoryDecline,
    /// A valued account assigned when the cycle closed has no response in it.
    Unassessed,
}

impl Rule {
    /// The snake_case key, as serialised (for storage columns).
    pub fn key(self) -> &'static str {
        match self {
            Self::Detractor => "detractor",
            Self::CriticalGap => "critical_gap",
            Self::HiddenRisk => "hidden_risk",
            Self::ScoreDrop => "score_drop",
            Self::CategoryDecline => "category_decline",
            Self::Unassessed => "unassessed",
        }
    }
}

/// How urgent an alert is; ordered `Low < Medium < High`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth a look.
    Low,
    /// Act this cycle.
    Medium,
    /// Act now.
    High,
}

impl Severity {
    /// The snake_case key, as serialised (for storage columns).
    pub fn key(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

/// One rule firing for one account (and category, for the per-category rules).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    /// The rule that fired.
    pub rule: Rule,
    /// The category, for `critical_gap` and `category_decline`.
    pub category: Option<i64>,
    /// How urgent it is.
    pub severity: Severity,
    /// How bad it is, larger = worse, comparable between two evaluations of the same alert:
    /// `detractor` LTR max - lowest LTR, `critical_gap` the gap in points, `hidden_risk`
    /// 100 - score, `score_drop` the points lost, `category_decline` the fall in points,
    /// `unassessed` the annual value.
    pub magnitude: f64,
    /// A readable sentence with the numbers.
    pub detail: String,
}

/// What [`evaluate`] needs to know about one account in one cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountFacts {
    /// Storage id of the account.
    pub account: i64,
    /// The account's merged result for the cycle
    /// ([`account_results_merged`](crate::account::account_results_merged)); `None` when it
    /// has no response in the cycle.
    pub current: Option<AccountResult>,
    /// The lowest LTR answer of the account's responses in the cycle.
    pub lowest_ltr: Option<i64>,
    /// The account's score in its previous scored cycle.
    pub previous_score: Option<u32>,
    /// Per category, its mean performance in the account's previous cycle with an answer for
    /// it (role-weighted, as in section 3).
    pub previous_category_means: BTreeMap<i64, f64>,
    /// The account's annual value, when known.
    pub annual_value: Option<f64>,
    /// The cycle is closed and the account was assigned to an AM when it closed.
    pub assigned_at_close: bool,
}

/// Every rule of section 7 for one account and cycle, in rule order, then category order (the
/// survey's). Deterministic: the same facts give the same findings.
pub fn evaluate(
    facts: &AccountFacts,
    survey: &SurveySpec,
    settings: &AlertSettings,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    findings.extend(detractor(facts, survey, settings));
    if let Some(current) = &facts.current {
        findings.extend(critical_gaps(current, survey, settings));
        findings.extend(hidden_risk(current, survey, settings));
        findings.extend(score_drop(current, facts.previous_score, settings));
        findings.extend(category_declines(
            current,
            &facts.previous_category_means,
            survey,
            settings,
        ));
    }
    findings.extend(unassessed(facts, settings));
    findings
}

/// Whether `new` is worse than an earlier finding of the same alert: a higher severity, or
/// the same severity and a magnitude larger by more than 1e-9. Storage reopens a resolved
/// alert only then.
pub fn is_worse(new: &Finding, old_severity: Severity, old_magnitude: f64) -> bool {
    match new.severity.cmp(&old_severity) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => new.magnitude > old_magnitude + EPSILON,
        std::cmp::Ordering::Less => false,
    }
}

/// One finding per account and cycle, from the lowest LTR.
fn detractor(
    facts: &AccountFacts,
    survey: &SurveySpec,
    settings: &AlertSettings,
) -> Option<Finding> {
    let lowest = facts.lowest_ltr?;
    if lowest > settings.detractor_max_ltr {
        return None;
    }
    let top = survey
        .indicator_of_kind(IndicatorKind::Ltr)
        .map_or(10, |spec| i64::from(spec.scale.max));
    let severity = if lowest <= settings.detractor_high_max_ltr {
        Severity::High
    } else {
        Severity::Medium
    };
    Some(Finding {
        rule: Rule::Detractor,
        category: None,
        severity,
        magnitude: (top - lowest) as f64,
        detail: format!(
            "A contact answered {lowest} to likelihood to recommend (detractor at {} or below).",
            settings.detractor_max_ltr
        ),
    })
}

/// The categories `critical_gap` watches: the `top_n` largest mean importances above zero
/// over the categories with data (both means), every category tied with the last one kept.
fn most_important(categories: &[AccountCategory], top_n: u32) -> Vec<&AccountCategory> {
    let with_data: Vec<(&AccountCategory, f64)> = categories
        .iter()
        .filter(|c| c.mean_performance.is_some())
        .filter_map(|c| c.mean_importance.filter(|i| *i > 0.0).map(|i| (c, i)))
        .collect();
    let mut importances: Vec<f64> = with_data.iter().map(|(_, i)| *i).collect();
    importances.sort_by(|a, b| b.total_cmp(a));
    // The n-th largest importance (or the smallest, with fewer categories) is the cut-off.
    let nth = (top_n as usize).checked_sub(1);
    let Some(cutoff) = nth.and_then(|n| importances.get(n).or(importances.last()).copied()) else {
        return Vec::new();
    };
    with_data
        .into_iter()
        .filter(|(_, importance)| *importance >= cutoff)
        .map(|(category, _)| category)
        .collect()
}

fn critical_gaps(
    current: &AccountResult,
    survey: &SurveySpec,
    settings: &AlertSettings,
) -> Vec<Finding> {
    let range = survey.performance_scale.range();
    let medium = settings.critical_gap_share * range;
    let high = settings.critical_gap_high_share * range;
    most_important(&current.categories, settings.critical_top_n)
        .into_iter()
        .filter_map(|c| {
            // E_c - mean P: the mapped importance (rating) or Pmax (pick, none).
            let gap = c.expected? - c.mean_performance?;
            (gap >= medium - EPSILON).then(|| Finding {
                rule: Rule::CriticalGap,
                category: Some(c.category),
                severity: at_least(gap, high, Severity::High, Severity::Medium),
                magnitude: gap,
                detail: format!(
                    "A top-{} category performs {:.2} against an expected {:.2}: a gap of \
                     {gap:.2} points (alert from {medium:.2}).",
                    settings.critical_top_n,
                    c.mean_performance.unwrap_or_default(),
                    c.expected.unwrap_or_default(),
                ),
            })
        })
        .collect()
}

/// `above` when `value` reaches `threshold` (within [`EPSILON`]), else `below`.
fn at_least(value: f64, threshold: f64, above: Severity, below: Severity) -> Severity {
    if value >= threshold - EPSILON {
        above
    } else {
        below
    }
}

/// The account's role-weighted LTR mean, when the survey has an LTR indicator.
pub fn ltr_mean(current: &AccountResult, survey: &SurveySpec) -> Option<f64> {
    let spec = survey.indicator_of_kind(IndicatorKind::Ltr)?;
    current
        .indicators
        .iter()
        .find(|m| m.indicator == spec.indicator)?
        .mean
}

fn hidden_risk(
    current: &AccountResult,
    survey: &SurveySpec,
    settings: &AlertSettings,
) -> Option<Finding> {
    let ltr = ltr_mean(current, survey)?;
    let score = current.score?;
    let risky = matches!(current.cohort, Some(Cohort::High | Cohort::Extreme));
    (risky && ltr >= settings.hidden_risk_min_ltr - EPSILON).then(|| Finding {
        rule: Rule::HiddenRisk,
        category: None,
        severity: Severity::High,
        magnitude: f64::from(100 - score.min(100)),
        detail: format!(
            "Likelihood to recommend averages {ltr:.1} (at least {}), yet the retention score \
             is {score}: high or extreme risk.",
            settings.hidden_risk_min_ltr
        ),
    })
}

fn score_drop(
    current: &AccountResult,
    previous: Option<u32>,
    settings: &AlertSettings,
) -> Option<Finding> {
    let (now, before) = (current.score?, previous?);
    let drop = before.checked_sub(now)?;
    if drop < settings.score_drop_medium {
        return None;
    }
    let severity = if drop >= settings.score_drop_high {
        Severity::High
    } else {
        Severity::Medium
    };
    Some(Finding {
        rule: Rule::ScoreDrop,
        category: None,
        severity,
        magnitude: f64::from(drop),
        detail: format!(
            "The retention score fell {drop} points, from {before} to {now}, since the \
             previous scored cycle."
        ),
    })
}

fn category_declines(
    current: &AccountResult,
    previous: &BTreeMap<i64, f64>,
    survey: &SurveySpec,
    settings: &AlertSettings,
) -> Vec<Finding> {
    let threshold = settings.category_decline_share * survey.performance_scale.range();
    current
        .categories
        .iter()
        .filter_map(|c| {
            let now = c.mean_performance?;
            let before = *previous.get(&c.category)?;
            let fall = before - now;
            (fall >= threshold - EPSILON).then(|| Finding {
                rule: Rule::CategoryDecline,
                category: Some(c.category),
                severity: Severity::Medium,
                magnitude: fall,
                detail: format!(
                    "Mean performance fell {fall:.2} points, from {before:.2} to {now:.2} \
                     (alert from {threshold:.2})."
                ),
            })
        })
        .collect()
}

fn unassessed(facts: &AccountFacts, settings: &AlertSettings) -> Option<Finding> {
    let answered = facts.current.as_ref().is_some_and(|c| c.responses > 0);
    let value = facts.annual_value?;
    let fires = facts.assigned_at_close && !answered && value >= settings.unassessed_min_value;
    fires.then(|| Finding {
        rule: Rule::Unassessed,
        category: None,
        severity: Severity::Low,
        magnitude: value,
        detail: format!(
            "No response this cycle from an account worth {value:.0} a year (watched from {:.0}).",
            settings.unassessed_min_value
        ),
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::account::{IndicatorMean, ScoreParts};
    use crate::survey::{ImportanceForm, IndicatorSpec, Scale};

    const LTR: i64 = 7;

    /// Performance 1-10 (range 9), importance rated 1-10 (so `E_c = I_c`), LTR 0-10.
    fn survey(form: ImportanceForm) -> SurveySpec {
        SurveySpec {
            performance_scale: Scale::new(1, 10),
            importance_form: form,
            categories: vec![1, 2, 3, 4, 5],
            indicators: vec![IndicatorSpec {
                indicator: LTR,
                kind: IndicatorKind::Ltr,
                scale: Scale::new(0, 10),
            }],
        }
    }

    fn rating() -> SurveySpec {
        survey(ImportanceForm::Rating {
            scale: Scale::new(1, 10),
        })
    }

    /// A category with (mean importance, expected level, mean performance).
    fn category(
        category: i64,
        importance: f64,
        expected: f64,
        performance: f64,
    ) -> AccountCategory {
        AccountCategory {
            category,
            mean_importance: Some(importance),
            expected: Some(expected),
            mean_performance: Some(performance),
            gap: None,
            weight: None,
        }
    }

    fn result(
        categories: Vec<AccountCategory>,
        ltr: Option<f64>,
        score: Option<u32>,
    ) -> AccountResult {
        AccountResult {
            account: 1,
            account_manager: 0,
            responses: 2,
            categories,
            indicators: vec![IndicatorMean {
                indicator: LTR,
                kind: IndicatorKind::Ltr,
                n: 2,
                mean: ltr,
            }],
            iwp: None,
            iws: None,
            f: None,
            score_parts: ScoreParts::default(),
            score,
            cohort: score.map(|s| crate::settings::CohortThresholds::default().cohort(s)),
        }
    }

    fn facts(current: Option<AccountResult>) -> AccountFacts {
        AccountFacts {
            account: 1,
            current,
            lowest_ltr: None,
            previous_score: None,
            previous_category_means: BTreeMap::new(),
            annual_value: None,
            assigned_at_close: false,
        }
    }

    fn run(facts: &AccountFacts) -> Vec<Finding> {
        evaluate(facts, &rating(), &AlertSettings::default())
    }

    /// (rule, category, severity, magnitude) of each finding, for compact assertions.
    fn summary(findings: &[Finding]) -> Vec<(Rule, Option<i64>, Severity, f64)> {
        findings
            .iter()
            .map(|f| (f.rule, f.category, f.severity, f.magnitude))
            .collect()
    }

    #[test]
    fn detractor_severity_follows_the_lowest_ltr() {
        let mut facts = facts(None);
        let cases = [
            (Some(7), None),
            (Some(6), Some((Severity::Medium, 4.0))), // 10 - 6
            (Some(5), Some((Severity::Medium, 5.0))),
            (Some(4), Some((Severity::High, 6.0))), // at the high threshold
            (Some(0), Some((Severity::High, 10.0))),
            (None, None),
        ];
        for (lowest, expected) in cases {
            facts.lowest_ltr = lowest;
            let found: Vec<_> = run(&facts)
                .into_iter()
                .filter(|f| f.rule == Rule::Detractor)
                .map(|f| (f.severity, f.magnitude))
                .collect();
            assert_eq!(
                found,
                expected.into_iter().collect::<Vec<_>>(),
                "{lowest:?}"
            );
        }
    }

    #[test]
    fn critical_gap_watches_the_top_three_with_ties() {
        // Importances 9, 8, 7, 7, 5: the third largest is 7, so 1-4 are watched (tie kept).
        // Gaps E - P: 9-7 = 2 (medium: >= 2/9 * 9 = 2), 8-4 = 4 (high: >= 3), 7-5 = 2,
        // 7-6 = 1 (below 2), and 5-1 = 4 on an unwatched category.
        let current = result(
            vec![
                category(1, 9.0, 9.0, 7.0),
                category(2, 8.0, 8.0, 4.0),
                category(3, 7.0, 7.0, 5.0),
                category(4, 7.0, 7.0, 6.0),
                category(5, 5.0, 5.0, 1.0),
            ],
            None,
            None,
        );
        let found = summary(&run(&facts(Some(current))));
        assert_eq!(
            found,
            vec![
                (Rule::CriticalGap, Some(1), Severity::Medium, 2.0),
                (Rule::CriticalGap, Some(2), Severity::High, 4.0),
                (Rule::CriticalGap, Some(3), Severity::Medium, 2.0),
            ]
        );
    }

    #[test]
    fn pick_form_gaps_run_to_the_top_of_the_scale_and_skip_unpicked_categories() {
        // Shares 0.5, 0.25, 0, 0: only 1 and 2 are important above zero. E = Pmax = 10.
        // Category 1: 10 - 8.5 = 1.5, no alert; 2: 10 - 7 = 3, high (>= 3/9 * 9);
        // 3: 10 - 1 = 9 but never picked.
        let current = result(
            vec![
                category(1, 0.5, 10.0, 8.5),
                category(2, 0.25, 10.0, 7.0),
                category(3, 0.0, 10.0, 1.0),
                category(4, 0.0, 10.0, 2.0),
            ],
            None,
            None,
        );
        let spec = survey(ImportanceForm::Pick { k: 2 });
        let found = evaluate(&facts(Some(current)), &spec, &AlertSettings::default());
        assert_eq!(
            summary(&found),
            vec![(Rule::CriticalGap, Some(2), Severity::High, 3.0)]
        );
    }

    #[test]
    fn a_category_without_performance_does_not_take_a_top_place() {
        // Category 1 is the most important but unanswered; 2, 3, 4 are the top three with data.
        let mut unanswered = category(1, 10.0, 10.0, 0.0);
        unanswered.mean_performance = None;
        let current = result(
            vec![
                unanswered,
                category(2, 9.0, 9.0, 9.0),
                category(3, 8.0, 8.0, 8.0),
                category(4, 7.0, 7.0, 4.0), // gap 3: high
            ],
            None,
            None,
        );
        let found = summary(&run(&facts(Some(current))));
        assert_eq!(
            found,
            vec![(Rule::CriticalGap, Some(4), Severity::High, 3.0)]
        );
    }

    #[test]
    fn hidden_risk_needs_a_high_ltr_and_a_high_or_extreme_cohort() {
        // LTR 8 with score 45 (extreme): high, magnitude 100 - 45 = 55.
        let found = summary(&run(&facts(Some(result(vec![], Some(8.0), Some(45))))));
        assert_eq!(found, vec![(Rule::HiddenRisk, None, Severity::High, 55.0)]);
        // Exactly 7 with score 59 (high cohort) still fires.
        let found = summary(&run(&facts(Some(result(vec![], Some(7.0), Some(59))))));
        assert_eq!(found, vec![(Rule::HiddenRisk, None, Severity::High, 41.0)]);
        // LTR 6.5, or a medium cohort (score 60), does not.
        assert!(run(&facts(Some(result(vec![], Some(6.5), Some(45))))).is_empty());
        assert!(run(&facts(Some(result(vec![], Some(9.0), Some(60))))).is_empty());
    }

    #[test]
    fn score_drop_counts_points_since_the_previous_scored_cycle() {
        let cases = [
            (Some(70), 60, Some((Severity::Medium, 10.0))),
            (Some(75), 56, Some((Severity::Medium, 19.0))),
            (Some(75), 55, Some((Severity::High, 20.0))),
            (Some(70), 61, None),
            (Some(60), 90, None),
            (None, 60, None),
        ];
        for (previous, now, expected) in cases {
            let mut facts = facts(Some(result(vec![], None, Some(now))));
            facts.previous_score = previous;
            let found: Vec<_> = run(&facts)
                .into_iter()
                .map(|f| (f.severity, f.magnitude))
                .collect();
            assert_eq!(
                found,
                expected.into_iter().collect::<Vec<_>>(),
                "{previous:?}"
            );
        }
    }

    #[test]
    fn category_decline_compares_with_the_last_cycle_that_answered_it() {
        // Importance 1 everywhere and P at or near the top, so no critical gap interferes.
        let current = result(
            vec![
                category(1, 1.0, 1.0, 6.0),
                category(2, 1.0, 1.0, 6.5),
                category(3, 1.0, 1.0, 3.0),
            ],
            None,
            None,
        );
        let mut facts = facts(Some(current));
        // 8 -> 6 falls 2 >= 2/9 * 9: medium. 8 -> 6.5 falls 1.5. Category 3 has no history.
        facts.previous_category_means = [(1, 8.0), (2, 8.0)].into_iter().collect();
        assert_eq!(
            summary(&run(&facts)),
            vec![(Rule::CategoryDecline, Some(1), Severity::Medium, 2.0)]
        );
    }

    #[test]
    fn unassessed_needs_assignment_no_response_and_a_known_value() {
        let mut facts = facts(None);
        facts.assigned_at_close = true;
        facts.annual_value = Some(1000.0);
        assert_eq!(
            summary(&run(&facts)),
            vec![(Rule::Unassessed, None, Severity::Low, 1000.0)]
        );
        let settings = AlertSettings {
            unassessed_min_value: 5000.0,
            ..AlertSettings::default()
        };
        assert!(evaluate(&facts, &rating(), &settings).is_empty());
        facts.annual_value = None;
        assert!(run(&facts).is_empty());
        facts.annual_value = Some(1000.0);
        facts.assigned_at_close = false;
        assert!(run(&facts).is_empty());
        facts.assigned_at_close = true;
        facts.current = Some(result(vec![], None, None));
        assert!(run(&facts).is_empty());
    }

    #[test]
    fn worse_means_higher_severity_or_a_larger_magnitude() {
        let finding = |severity, magnitude| Finding {
            rule: Rule::ScoreDrop,
            category: None,
            severity,
            magnitude,
            detail: String::new(),
        };
        assert!(is_worse(
            &finding(Severity::High, 20.0),
            Severity::Medium,
            19.0
        ));
        assert!(is_worse(
            &finding(Severity::Medium, 12.0),
            Severity::Medium,
            11.0
        ));
        assert!(!is_worse(
            &finding(Severity::Medium, 11.0 + 1e-12),
            Severity::Medium,
            11.0
        ));
        assert!(!is_worse(
            &finding(Severity::Medium, 19.0),
            Severity::High,
            25.0
        ));
        assert!(Severity::Low < Severity::Medium && Severity::Medium < Severity::High);
    }

    #[test]
    fn keys_match_the_serialised_names() {
        let rules = [
            Rule::Detractor,
            Rule::CriticalGap,
            Rule::HiddenRisk,
            Rule::ScoreDrop,
            Rule::CategoryDecline,
            Rule::Unassessed,
        ];
        for rule in rules {
            assert_eq!(serde_json::to_value(rule).unwrap(), rule.key());
        }
        for severity in [Severity::Low, Severity::Medium, Severity::High] {
            assert_eq!(serde_json::to_value(severity).unwrap(), severity.key());
        }
    }

    fn arb_category(id: i64) -> impl Strategy<Value = AccountCategory> {
        (prop::option::of(0u8..=10), prop::option::of(10u16..=100)).prop_map(
            move |(importance, performance)| AccountCategory {
                category: id,
                mean_importance: importance.map(f64::from),
                expected: importance.map(|i| f64::from(i.max(1))),
                mean_performance: performance.map(|p| f64::from(p) / 10.0),
                gap: None,
                weight: None,
            },
        )
    }

    fn arb_facts() -> impl Strategy<Value = AccountFacts> {
        let categories = (1..=5).map(arb_category).collect::<Vec<_>>();
        let current = prop::option::of((
            categories,
            prop::option::of(0u8..=100),
            prop::option::of(1u32..=100),
        ));
        (
            current,
            prop::option::of(0i64..=10),
            prop::option::of(1u32..=100),
            prop::collection::btree_map(1i64..=5, 10u16..=100, 0..5),
            prop::option::of(0u32..10_000),
            any::<bool>(),
        )
            .prop_map(
                |(current, lowest, previous, means, value, assigned)| AccountFacts {
                    account: 1,
                    current: current.map(|(cats, ltr, score)| {
                        result(cats, ltr.map(|l| f64::from(l) / 10.0), score)
                    }),
                    lowest_ltr: lowest,
                    previous_score: previous,
                    previous_category_means: means
                        .into_iter()
                        .map(|(c, m)| (c, f64::from(m) / 10.0))
                        .collect(),
                    annual_value: value.map(f64::from),
                    assigned_at_close: assigned,
                },
            )
    }

    /// Whether a finding's severity and magnitude agree with the thresholds.
    fn consistent(finding: &Finding, settings: &AlertSettings) -> bool {
        let range = 9.0;
        let m = finding.magnitude;
        let high = finding.severity == Severity::High;
        match finding.rule {
            Rule::Detractor => {
                let lowest = 10.0 - m;
                lowest <= settings.detractor_max_ltr as f64
                    && high == (lowest <= settings.detractor_high_max_ltr as f64)
            }
            Rule::CriticalGap => {
                m >= settings.critical_gap_share * range - EPSILON
                    && high == (m >= settings.critical_gap_high_share * range - EPSILON)
                    && finding.severity != Severity::Low
            }
            Rule::HiddenRisk => high,
            Rule::ScoreDrop => {
                m >= f64::from(settings.score_drop_medium)
                    && high == (m >= f64::from(settings.score_drop_high))
                    && finding.severity != Severity::Low
            }
            Rule::CategoryDecline => {
                finding.severity == Severity::Medium
                    && m >= settings.category_decline_share * range - EPSILON
            }
            Rule::Unassessed => finding.severity == Severity::Low,
        }
    }

    proptest! {
        #[test]
        fn evaluation_is_deterministic_and_severities_match_thresholds(
            facts in arb_facts(),
            high_ltr in 0i64..=6,
            drop in (1u32..=30, 0u32..=30),
        ) {
            let settings = AlertSettings {
                detractor_high_max_ltr: high_ltr,
                score_drop_medium: drop.0,
                score_drop_high: drop.0 + drop.1,
                ..AlertSettings::default()
            };
            prop_assert!(settings.validate().is_ok());
            let first = evaluate(&facts, &rating(), &settings);
            prop_assert_eq!(&first, &evaluate(&facts, &rating(), &settings));
            for finding in &first {
                prop_assert!(consistent(finding, &settings), "{:?}", finding);
                prop_assert!(finding.magnitude >= 0.0);
            }
            // Unique per (rule, category): re-evaluation can never duplicate an alert.
            let mut keys: Vec<_> = first.iter().map(|f| (f.rule, f.category)).collect();
            keys.dedup();
            prop_assert_eq!(keys.len(), first.len());
        }
    }
}
