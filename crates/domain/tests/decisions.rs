//! Property tests for sections 8 to 10: pairing against brute force, training focus and the
//! compensation index.

use std::collections::BTreeMap;

use gapscope_domain::account::{AccountCategory, AccountResult, ScoreParts};
use gapscope_domain::compensation::{CompInput, bonus_split, compensation};
use gapscope_domain::pairing::{PairAccount, PairAm, Pairing, PairingProblem, optimise};
use gapscope_domain::settings::CompensationSettings;
use gapscope_domain::training::{remeasure, team_focus};
use proptest::prelude::*;

const EPSILON: f64 = 1e-9;
/// An owner id that is none of the AMs paired.
const STRAY_AM: i64 = 99;

fn am_id(index: usize) -> i64 {
    10 * (index as i64 + 1)
}

/// Up to 6 accounts and 3 AMs; owners may be missing or outside the pairing, locks name a
/// paired AM, weights may be empty (never scored).
fn problems() -> impl Strategy<Value = PairingProblem> {
    (1..=3_usize, 0..=6_usize)
        .prop_flat_map(|(ams, accounts)| {
            let am = (0..=4_usize, prop::collection::vec(-2.0..2.0_f64, 2));
            let account = (
                prop::option::of(0.0..100.0_f64),
                prop::collection::vec(0.0..1.0_f64, 0..=2),
                prop::option::of(0..=ams),
                prop::option::weighted(0.2, 0..ams),
            );
            (
                prop::collection::vec(am, ams),
                prop::collection::vec(account, accounts),
                prop_oneof![Just(0.0), 0.0..1.0_f64],
            )
        })
        .prop_map(|(ams, accounts, change_penalty)| {
            let ams = ams
                .into_iter()
                .enumerate()
                .map(|(i, (capacity, strengths))| PairAm {
                    account_manager: am_id(i),
                    capacity,
                    strengths: (1..).zip(strengths).collect(),
                })
                .collect::<Vec<_>>();
            let count = ams.len();
            let accounts = accounts
                .into_iter()
                .enumerate()
                .map(|(i, (value, weights, current, locked))| PairAccount {
                    account: i as i64 + 1,
                    value,
                    weights: (1..).zip(weights).collect(),
                    current: current.map(|m| if m == count { STRAY_AM } else { am_id(m) }),
                    locked_to: locked.map(am_id),
                })
                .collect();
            PairingProblem {
                accounts,
                ams,
                change_penalty,
            }
        })
}

/// The objective of `owners` (AM positions), computed straight from METHOD.md section 8.
fn objective(problem: &PairingProblem, owners: &[usize]) -> f64 {
    let known: Vec<f64> = problem.accounts.iter().filter_map(|a| a.value).collect();
    let average = known.iter().sum::<f64>() / known.len().max(1) as f64;
    problem
        .accounts
        .iter()
        .zip(owners)
        .map(|(account, &m)| {
            let am = &problem.ams[m];
            let v = match account.value {
                Some(value) if average > 0.0 => value / average,
                _ => 1.0,
            };
            let fit: f64 = account
                .weights
                .iter()
                .map(|(c, w)| w * am.strengths.get(c).copied().unwrap_or(0.0))
                .sum();
            let changed = account.current != Some(am.account_manager);
            v * fit - if changed { problem.change_penalty } else { 0.0 }
        })
        .sum()
}

fn feasible(problem: &PairingProblem, owners: &[usize]) -> bool {
    let within_capacity = problem
        .ams
        .iter()
        .enumerate()
        .all(|(m, am)| owners.iter().filter(|&&o| o == m).count() <= am.capacity);
    let locks_hold = problem.accounts.iter().zip(owners).all(|(a, &m)| {
        a.locked_to
            .is_none_or(|l| l == problem.ams[m].account_manager)
    });
    within_capacity && locks_hold
}

/// The best objective over every feasible assignment, by enumeration.
fn brute_force(problem: &PairingProblem) -> Option<f64> {
    let (n, m) = (problem.accounts.len(), problem.ams.len());
    let mut best: Option<f64> = None;
    for code in 0..m.pow(n as u32) {
        let owners: Vec<usize> = (0..n).map(|i| code / m.pow(i as u32) % m).collect();
        if feasible(problem, &owners) {
            let value = objective(problem, &owners);
            best = Some(best.map_or(value, |b: f64| b.max(value)));
        }
    }
    best
}

/// Each account's AM position after `pairing`: its move's target, else today's owner.
fn owners_after(problem: &PairingProblem, pairing: &Pairing) -> Option<Vec<usize>> {
    let targets: BTreeMap<i64, i64> = pairing.moves.iter().map(|m| (m.account, m.to)).collect();
    problem
        .accounts
        .iter()
        .map(|a| {
            let id = targets.get(&a.account).copied().or(a.current)?;
            problem.ams.iter().position(|am| am.account_manager == id)
        })
        .collect()
}

/// Today's owners as positions, when every account has a paired AM.
fn owners_today(problem: &PairingProblem) -> Option<Vec<usize>> {
    problem
        .accounts
        .iter()
        .map(|a| {
            let id = a.current?;
            problem.ams.iter().position(|am| am.account_manager == id)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn pairing_is_optimal_and_feasible(problem in problems()) {
        let best = brute_force(&problem);
        let Ok(pairing) = optimise(&problem) else {
            prop_assert!(best.is_none(), "an error although {best:?} is reachable");
            return Ok(());
        };
        let best = best.expect("optimise found an assignment brute force did not");
        prop_assert!((pairing.objective_after - best).abs() < EPSILON,
            "{} vs brute force {best}", pairing.objective_after);

        let owners = owners_after(&problem, &pairing).expect("every account placed");
        prop_assert!(feasible(&problem, &owners), "capacity or lock broken: {owners:?}");
        prop_assert!((objective(&problem, &owners) - pairing.objective_after).abs() < EPSILON);
        for (load, m) in pairing.per_am.iter().zip(0..) {
            prop_assert_eq!(load.load_after, owners.iter().filter(|&&o| o == m).count());
        }
    }

    #[test]
    fn pairing_never_loses_to_a_feasible_current_assignment(problem in problems()) {
        let Ok(pairing) = optimise(&problem) else { return Ok(()) };
        let today = owners_today(&problem).filter(|owners| feasible(&problem, owners));
        prop_assert_eq!(pairing.objective_before.is_some(), today.is_some());
        if let (Some(before), Some(today)) = (pairing.objective_before, today) {
            prop_assert!((before - objective(&problem, &today)).abs() < EPSILON);
            prop_assert!(pairing.objective_after >= before - EPSILON);
            // The gains account for the whole improvement.
            let gains: f64 = pairing.moves.iter().map(|m| m.gain).sum();
            prop_assert!((pairing.objective_after - before - gains).abs() < EPSILON);
        }
    }
}

fn comp_inputs() -> impl Strategy<Value = Vec<CompInput>> {
    let one = (
        0..10_usize,
        prop::option::of(1.0..100.0_f64),
        prop::option::of((0.0..5.0_f64, 0.0..5.0_f64)),
        (0..5_usize, 0..5_usize),
    );
    prop::collection::vec(one, 0..8).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(
                |(i, (book_size, mean_score, iws, (renewed, churned)))| CompInput {
                    account_manager: i as i64 + 1,
                    book_size,
                    // Round scores so that ties occur.
                    mean_score: mean_score.map(|s| (s / 10.0).round() * 10.0),
                    iws_before: iws.map(|(before, _)| before),
                    iws_now: iws.map(|(_, now)| now),
                    renewed,
                    churned,
                },
            )
            .collect()
    })
}

proptest! {
    #[test]
    fn the_index_stays_in_range_and_ranks_follow_it(inputs in comp_inputs()) {
        let settings = CompensationSettings::default();
        let rows = compensation(&inputs, &settings);
        prop_assert_eq!(rows.len(), inputs.len());
        for row in &rows {
            if row.insufficient_evidence {
                prop_assert!(row.index.is_none() && row.rank.is_none());
            }
            let Some(index) = row.index else { continue };
            prop_assert!((0.0..=100.0).contains(&index));
            let weights: f64 = row.parts.iter().map(|p| p.weight).sum();
            prop_assert!((weights - 1.0).abs() < EPSILON);
            for part in &row.parts {
                prop_assert!(part.percentile.is_none_or(|p| (0.0..=100.0).contains(&p)));
                prop_assert!(part.percentile.is_some() || part.weight == 0.0);
            }
            for other in rows.iter().filter(|o| o.index.is_some_and(|i| i > index)) {
                prop_assert!(other.rank < row.rank);
            }
        }
    }

    #[test]
    fn the_bonus_sums_to_the_pool_among_qualifiers(
        inputs in comp_inputs(),
        pool in 0.0..10_000.0_f64,
        floor in 0.0..100.0_f64,
    ) {
        let rows = compensation(&inputs, &CompensationSettings::default());
        let split = bonus_split(&rows, pool, floor);
        let qualifies = |i: usize| !rows[i].insufficient_evidence && rows[i].index.is_some_and(|x| x > floor);
        let total: f64 = split.iter().map(|s| s.1).sum();
        if (0..rows.len()).any(qualifies) {
            prop_assert!((total - pool).abs() < 1e-6 * (1.0 + pool));
        } else {
            prop_assert_eq!(total, 0.0);
        }
        for (i, (am, share)) in split.iter().enumerate() {
            prop_assert_eq!(*am, rows[i].account_manager);
            prop_assert!(*share >= 0.0);
            prop_assert!(qualifies(i) || *share == 0.0);
        }
    }
}

/// An account unit with `(weight, gap)` for categories 1, 2, ...
fn account(account: i64, categories: &[(f64, f64)]) -> AccountResult {
    AccountResult {
        account,
        account_manager: 0,
        responses: 1,
        categories: (1..)
            .zip(categories)
            .map(|(category, &(weight, gap))| AccountCategory {
                category,
                mean_importance: None,
                expected: None,
                mean_performance: None,
                gap: Some(gap),
                weight: Some(weight),
            })
            .collect(),
        indicators: vec![],
        iwp: None,
        iws: None,
        f: None,
        score_parts: ScoreParts::default(),
        score: None,
        cohort: None,
    }
}

proptest! {
    #[test]
    fn team_shortfall_is_its_drivers_and_ranks_descending(
        accounts in prop::collection::vec(
            (prop::collection::vec((0.0..1.0_f64, -5.0..5.0_f64), 1..4), 0.0..3.0_f64),
            0..6,
        ),
    ) {
        let accounts: Vec<(AccountResult, f64)> = accounts
            .iter()
            .enumerate()
            .map(|(i, (categories, v))| (account(i as i64, categories), *v))
            .collect();
        let focus = team_focus(&accounts);
        let everything: f64 = accounts
            .iter()
            .flat_map(|(a, v)| a.categories.iter().map(move |c| {
                v * c.weight.unwrap_or(0.0) * c.gap.unwrap_or(0.0).max(0.0)
            }))
            .sum();
        let total: f64 = focus.iter().map(|f| f.shortfall).sum();
        prop_assert!((total - everything).abs() < EPSILON);
        for pair in focus.windows(2) {
            prop_assert!(pair[0].shortfall >= pair[1].shortfall);
        }
        for category in &focus {
            let drivers: f64 = category.accounts.iter().map(|d| d.contribution).sum();
            prop_assert!((drivers - category.shortfall).abs() < EPSILON);
            prop_assert!(category.accounts.iter().all(|d| d.contribution > 0.0));
        }
    }

    #[test]
    fn remeasure_is_antisymmetric(
        before in prop::collection::vec(1.0..10.0_f64, 0..6),
        after in prop::collection::vec(1.0..10.0_f64, 0..6),
    ) {
        let forward = remeasure(&before, &after);
        let backward = remeasure(&after, &before);
        prop_assert_eq!(forward.is_some(), backward.is_some());
        if let (Some(forward), Some(backward)) = (forward, backward) {
            prop_assert!((forward.difference + backward.difference).abs() < EPSILON);
            prop_assert!((forward.p_value - backward.p_value).abs() < EPSILON);
            prop_assert!(forward.interval.low <= forward.difference);
            prop_assert!(forward.difference <= forward.interval.high);
        }
    }
}
