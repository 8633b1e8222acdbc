//! A small, independent implementation of METHOD.md sections 2, 3 and 7 (rating form, default
//! settings), written from the method text alone, so the generator's planted truths are checked
//! without `gapscope-domain`.

use std::collections::{BTreeMap, BTreeSet};

use gapscope_domain::survey::{ImportanceForm, IndicatorKind};
use gapscope_import::{Batch, ResponseRow};
use gapscope_synth::Synthetic;

/// Comparisons against thresholds allow for float error in `2/9 * 9` and the like.
pub const EPS: f64 = 1e-9;

/// One alert as the truth lists it: (account, rule, category).
pub type Alert = (String, String, Option<String>);

/// An account's section 3 results in one cycle.
#[derive(Debug, Clone)]
pub struct AccountCycle {
    pub account: String,
    pub am: String,
    /// Mean importance per category, mapped onto the performance scale.
    pub importance: Vec<Option<f64>>,
    /// Mean performance per category.
    pub performance: Vec<Option<f64>>,
    pub ltr: Option<f64>,
    pub satisfaction: Option<f64>,
    pub ease: Option<f64>,
    /// Lowest LTR of a single response.
    pub lowest_ltr: Option<i32>,
    pub f: Option<f64>,
    pub score: Option<i64>,
}

impl AccountCycle {
    /// Gap `E - P` of category `c` (rating form: `E = I`).
    pub fn gap(&self, c: usize) -> Option<f64> {
        Some(self.importance[c]? - self.performance[c]?)
    }

    /// Categories with both means and importance above zero whose importance reaches the
    /// third-highest such importance (ties included).
    pub fn top_three(&self) -> Vec<usize> {
        let with_data: Vec<(usize, f64)> = (0..self.importance.len())
            .filter_map(|c| Some((c, self.importance[c]?, self.performance[c]?)))
            .filter(|(_, importance, _)| *importance > 0.0)
            .map(|(c, importance, _)| (c, importance))
            .collect();
        let mut sorted: Vec<f64> = with_data.iter().map(|(_, i)| *i).collect();
        sorted.sort_by(|a, b| b.total_cmp(a));
        let Some(third) = sorted.get(2).or(sorted.last()).copied() else {
            return Vec::new();
        };
        with_data
            .into_iter()
            .filter(|(_, importance)| *importance >= third - EPS)
            .map(|(c, _)| c)
            .collect()
    }

    pub fn cohort(&self) -> Option<&'static str> {
        self.score.map(cohort)
    }
}

/// Cohort of a score with the default thresholds.
pub fn cohort(score: i64) -> &'static str {
    match score {
        80.. => "none",
        70..=79 => "low",
        60..=69 => "medium",
        50..=59 => "high",
        _ => "extreme",
    }
}

/// Plain mean of the present values (every role weighs 1 by default).
fn mean(values: impl Iterator<Item = Option<i32>>) -> Option<f64> {
    let present: Vec<f64> = values.flatten().map(f64::from).collect();
    (!present.is_empty()).then(|| present.iter().sum::<f64>() / present.len() as f64)
}

/// Section 2 on account means: `F = 1 - IWS / (Pmax - Pmin)`.
pub fn fulfilment(
    importance: &[Option<f64>],
    performance: &[Option<f64>],
    range: f64,
) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = importance
        .iter()
        .zip(performance)
        .filter_map(|(i, p)| Some(((*i)?, (*p)?)))
        .collect();
    let total: f64 = pairs.iter().map(|(i, _)| i).sum();
    if pairs.is_empty() || total <= 0.0 {
        return None;
    }
    let iws: f64 = pairs
        .iter()
        .map(|(i, p)| i / total * (i - p).max(0.0))
        .sum();
    Some(1.0 - iws / range)
}

/// Section 3 retention score with default weights, parts without data dropped.
pub fn score(f: Option<f64>, parts: [Option<f64>; 3]) -> Option<i64> {
    let f = f?;
    let mut weighted = 0.55 * f;
    let mut weights = 0.55;
    for part in parts.into_iter().flatten() {
        weighted += 0.15 * part;
        weights += 0.15;
    }
    let raw = (100.0 * weighted / weights).clamp(1.0, 100.0);
    let nine = (raw * 1e9).round() / 1e9;
    Some(nine.round() as i64)
}

/// Indices of the LTR, satisfaction and ease indicators, and their scales.
struct Indicators {
    index: [usize; 3],
    scale: [(f64, f64); 3],
}

fn indicators(batch: &Batch) -> Indicators {
    let find = |kind: IndicatorKind| {
        batch
            .indicators
            .iter()
            .position(|def| def.kind == kind)
            .expect("indicator present")
    };
    let index = [
        find(IndicatorKind::Ltr),
        find(IndicatorKind::Satisfaction),
        find(IndicatorKind::Ease),
    ];
    let scale = index.map(|i| {
        let scale = batch.indicators[i].scale;
        (f64::from(scale.min), f64::from(scale.max))
    });
    Indicators { index, scale }
}

/// Section 3 for one account's rows of one batch.
pub fn account_cycle(batch: &Batch, rows: &[&ResponseRow]) -> AccountCycle {
    let (pmin, pmax) = (
        f64::from(batch.performance_scale.min),
        f64::from(batch.performance_scale.max),
    );
    let ImportanceForm::Rating { scale } = batch.importance_form else {
        panic!("the synthetic survey uses the rating form");
    };
    let (imin, imax) = (f64::from(scale.min), f64::from(scale.max));
    let categories = batch.categories.len();

    let importance = (0..categories)
        .map(|c| {
            let raw = mean(rows.iter().map(|row| row.importance[c]))?;
            Some(pmin + (raw - imin) * (pmax - pmin) / (imax - imin))
        })
        .collect::<Vec<_>>();
    let performance = (0..categories)
        .map(|c| mean(rows.iter().map(|row| row.performance[c])))
        .collect::<Vec<_>>();

    let ind = indicators(batch);
    let values = ind
        .index
        .map(|i| mean(rows.iter().map(|row| row.indicators[i])));
    let normalised: [Option<f64>; 3] = std::array::from_fn(|k| {
        values[k].map(|v| (v - ind.scale[k].0) / (ind.scale[k].1 - ind.scale[k].0))
    });
    let f = fulfilment(&importance, &performance, pmax - pmin);
    // Score parts in METHOD order: OS, EDB, LTR.
    let score = score(f, [normalised[1], normalised[2], normalised[0]]);

    AccountCycle {
        account: rows[0].account.clone(),
        am: rows[0]
            .account_manager
            .clone()
            .expect("synthetic rows name an AM"),
        importance,
        performance,
        ltr: values[0],
        satisfaction: values[1],
        ease: values[2],
        lowest_ltr: rows
            .iter()
            .filter_map(|row| row.indicators[ind.index[0]])
            .min(),
        f,
        score,
    }
}

/// Every account of every cycle: `results[t][account]`.
pub fn results(data: &Synthetic) -> Vec<BTreeMap<String, AccountCycle>> {
    data.cycles
        .iter()
        .map(|batch| {
            let mut by_account: BTreeMap<&str, Vec<&ResponseRow>> = BTreeMap::new();
            for row in &batch.responses {
                by_account
                    .entry(row.account.as_str())
                    .or_default()
                    .push(row);
            }
            by_account
                .into_iter()
                .map(|(account, rows)| (account.to_owned(), account_cycle(batch, &rows)))
                .collect()
        })
        .collect()
}

/// Annual value per account, from any batch that defines it.
pub fn annual_values(data: &Synthetic) -> BTreeMap<String, f64> {
    let mut values = BTreeMap::new();
    for def in data.cycles.iter().flat_map(|batch| &batch.accounts) {
        if let Some(value) = def.annual_value {
            values.entry(def.external_id.clone()).or_insert(value);
        }
    }
    values
}

/// Every account's AM when cycle `t` closed: the AM of its latest response up to `t`.
pub fn assigned_at_close(data: &Synthetic, t: usize) -> BTreeMap<String, String> {
    let mut latest: BTreeMap<String, (chrono::NaiveDateTime, String)> = BTreeMap::new();
    for row in data.cycles[..=t].iter().flat_map(|batch| &batch.responses) {
        let at = row.submitted_at.expect("synthetic rows carry a time");
        let am = row
            .account_manager
            .clone()
            .expect("synthetic rows name an AM");
        let entry = latest
            .entry(row.account.clone())
            .or_insert((at, am.clone()));
        if at >= entry.0 {
            *entry = (at, am);
        }
    }
    latest
        .into_iter()
        .map(|(account, (_, am))| (account, am))
        .collect()
}

/// The alerts of section 7 in cycle `t`, default thresholds, `unassessed` from
/// `unassessed_min_value`.
pub fn alerts(data: &Synthetic, t: usize, unassessed_min_value: f64) -> BTreeSet<Alert> {
    let results = results(data);
    let batch = &data.cycles[t];
    let range = f64::from(batch.performance_scale.max - batch.performance_scale.min);
    let keys: Vec<String> = batch.categories.iter().map(|def| def.key.clone()).collect();
    let mut alerts = BTreeSet::new();
    let mut add = |account: &str, rule: &str, category: Option<usize>| {
        alerts.insert((
            account.to_owned(),
            rule.to_owned(),
            category.map(|c| keys[c].clone()),
        ));
    };

    for (account, now) in &results[t] {
        if now.lowest_ltr.is_some_and(|ltr| ltr <= 6) {
            add(account, "detractor", None);
        }
        for c in now.top_three() {
            if now.gap(c).is_some_and(|gap| gap >= 2.0 / 9.0 * range - EPS) {
                add(account, "critical_gap", Some(c));
            }
        }
        let hidden = now.ltr.is_some_and(|ltr| ltr >= 7.0 - EPS)
            && matches!(now.cohort(), Some("high" | "extreme"));
        if hidden {
            add(account, "hidden_risk", None);
        }
        let previous_score = results[..t]
            .iter()
            .rev()
            .find_map(|cycle| cycle.get(account)?.score);
        if let (Some(before), Some(score)) = (previous_score, now.score)
            && before - score >= 10
        {
            add(account, "score_drop", None);
        }
        for c in 0..keys.len() {
            let Some(current) = now.performance[c] else {
                continue;
            };
            let before = results[..t]
                .iter()
                .rev()
                .find_map(|cycle| cycle.get(account)?.performance[c]);
            if before.is_some_and(|before| before - current >= 2.0 / 9.0 * range - EPS) {
                add(account, "category_decline", Some(c));
            }
        }
    }

    let values = annual_values(data);
    for account in assigned_at_close(data, t).keys() {
        let answered = results[t].contains_key(account);
        let value = values.get(account).copied();
        if !answered && value.is_some_and(|value| value >= unassessed_min_value) {
            add(account, "unassessed", None);
        }
    }
    alerts
}

/// Accounts whose LTR mean is at least 7 and whose cohort is high or extreme in cycle `t`.
pub fn hidden_risk(data: &Synthetic, t: usize) -> BTreeSet<String> {
    results(data)[t]
        .values()
        .filter(|now| {
            now.ltr.is_some_and(|ltr| ltr >= 7.0)
                && matches!(now.cohort(), Some("high" | "extreme"))
        })
        .map(|now| now.account.clone())
        .collect()
}

/// The accounts a planted case names.
pub fn planted_accounts(data: &Synthetic) -> BTreeSet<String> {
    let truth = &data.truth;
    let mut planted: BTreeSet<String> = truth.promoter_gap_accounts.iter().cloned().collect();
    planted.insert(truth.silent_account.clone());
    for batch in &data.cycles {
        for row in &batch.responses {
            if row.account_manager.as_deref() == Some(truth.declining_am.as_str()) {
                planted.insert(row.account.clone());
            }
        }
    }
    planted
}

/// Sample standard deviation (n - 1).
pub fn sample_sd(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
}
