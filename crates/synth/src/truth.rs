//! The planted truths, stated from the scenario's construction (not computed from the data; the
//! crate's tests recompute them independently from the batches).

use crate::Truth;
use crate::answers::{CATEGORIES, PROMOTER_GAP_PROFILES, SERVICE};
use crate::roster::{Kind, Roster};

/// The truths of `roster`.
pub(crate) fn truth(roster: &Roster) -> Truth {
    let declining_am = roster.ams[roster.declining_am].external_id.clone();
    let promoters = roster.ids_where(|kind| matches!(kind, Kind::PromoterGap { .. }));
    let silent = roster.ids_where(|kind| kind == Kind::Silent);
    let [first, second] = <[String; 2]>::try_from(promoters.clone())
        .expect("the roster plants exactly two promoter-gap accounts");

    Truth {
        declining_am,
        declining_category: CATEGORIES[SERVICE].0.to_owned(),
        promoter_gap_accounts: [first, second],
        silent_account: silent
            .into_iter()
            .next()
            .expect("the roster plants a silent account"),
        expected_alerts_last_cycle: expected_alerts(roster),
        hidden_risk_last_cycle: promoters,
    }
}

/// Every alert of the last cycle, in roster order:
///
/// - each declining account: `critical_gap` on service (importance 10, performance 1: gap 9,
///   and service is its most important category) and `category_decline` on service (4 to 1).
///   Its score, 71-73, stays in cohort `low`, and it fell 4-8 points: nothing else;
/// - each promoter-gap account: `critical_gap` on its three most important categories (gaps 6,
///   5 and 4) and `hidden_risk` (LTR 9-10, score 55-57);
/// - the silent account: `unassessed` (for any value threshold up to its 2.4 million; with no
///   response it has no score, gap or decline to alert on).
fn expected_alerts(roster: &Roster) -> Vec<(String, String, Option<String>)> {
    let service = CATEGORIES[SERVICE].0;
    let mut alerts = Vec::new();
    for account in &roster.accounts {
        let id = &account.external_id;
        let mut add = |rule: &str, category: Option<&str>| {
            alerts.push((id.clone(), rule.to_owned(), category.map(str::to_owned)));
        };
        match account.kind {
            Kind::Ordinary => {}
            Kind::Declining { .. } => {
                add("critical_gap", Some(service));
                add("category_decline", Some(service));
            }
            Kind::PromoterGap { variant } => {
                for category in top_three(&PROMOTER_GAP_PROFILES[variant]) {
                    add("critical_gap", Some(CATEGORIES[category].0));
                }
                add("hidden_risk", None);
            }
            Kind::Silent => add("unassessed", None),
        }
    }
    alerts
}

/// Positions of the three most important categories of a profile, in survey order (the
/// profiles have no tie at third place).
fn top_three(profile: &[(i32, i32); 5]) -> Vec<usize> {
    let mut importances: Vec<i32> = profile.iter().map(|(importance, _)| *importance).collect();
    importances.sort_unstable_by(|a, b| b.cmp(a));
    let third = importances[2];
    (0..profile.len())
        .filter(|category| profile[*category].0 >= third)
        .collect()
}
