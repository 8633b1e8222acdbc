//! Section 8 of the method: pairing AMs with accounts.
//!
//! The fit of AM `m` for account `a` is `sum_c w_ac * strength_mc`; an assignment is worth
//! `sum_a v_a * fit(m(a), a) - change_penalty * changed(a)`. [`optimise`] finds an assignment of
//! the highest worth in which every account has one AM, no AM holds more than its capacity
//! and every locked account stays with the AM it is locked to.
//!
//! # The solver
//!
//! This is a min-cost flow: source -> each account (capacity 1) -> each AM it may go to
//! (capacity 1, cost `-contribution(a, m)`) -> sink (capacity `capacity_m`). A locked account
//! has one edge only, so it is placed first and its AM's capacity shrinks by one. Successive
//! shortest paths then places the free accounts one at a time, each along a shortest path of
//! the residual network: after every step the flow is the cheapest of its size, so after the
//! last one the assignment is optimal.
//!
//! A residual path starts at an unplaced account, enters an AM, and then either ends at the
//! sink (the AM has room) or hands one of that AM's accounts on to another AM, and so on. The
//! search therefore runs on the `M` AMs alone: entering AM `m` costs the cheapest unplaced
//! account's cost there, and the edge `m1 -> m2` costs the cheapest
//! `cost(a, m2) - cost(a, m1)` over the free accounts `a` placed with `m1`. Bellman-Ford on
//! these nodes (costs are `f64` and may be negative) takes `O(N M + M^3)` per account, so
//! `O(N^2 M + N M^3)` in all: well under a second for thousands of accounts and dozens of AMs.
//!
//! Exact arithmetic never leaves a negative cycle in the residual network; should rounding
//! ever leave one, the search finds it (Bellman-Ford does not settle, or its path revisits an
//! AM) and rotates the accounts around it, which strictly raises the objective, before going on.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::assessment::mean;

/// Default cost of moving an account, in units of an average account's fit.
pub const DEFAULT_CHANGE_PENALTY: f64 = 0.25;

fn default_change_penalty() -> f64 {
    DEFAULT_CHANGE_PENALTY
}

/// The accounts to pair, the AMs who may take them and the cost of a change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PairingProblem {
    /// Every account being paired.
    pub accounts: Vec<PairAccount>,
    /// Every AM who may hold them; an AM not listed takes no account.
    pub ams: Vec<PairAm>,
    /// Cost of giving an account a new AM, in units of an average account's fit (default 0.25).
    #[serde(default = "default_change_penalty")]
    pub change_penalty: f64,
}

/// One account to pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PairAccount {
    /// Storage id of the account.
    pub account: i64,
    /// Annual value; `None` when unknown (then it counts as the mean value).
    #[serde(default)]
    pub value: Option<f64>,
    /// Per category id, the weight `w_ac` from the account's latest scored cycle; empty for an
    /// account never scored (its fit is 0 with every AM).
    #[serde(default)]
    pub weights: BTreeMap<i64, f64>,
    /// Storage id of today's AM; `None` when the account has none.
    #[serde(default)]
    pub current: Option<i64>,
    /// Storage id of the AM the account must stay with or go to.
    #[serde(default)]
    pub locked_to: Option<i64>,
}

/// One AM who may take accounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PairAm {
    /// Storage id of the AM.
    pub account_manager: i64,
    /// The most accounts the AM may hold.
    pub capacity: usize,
    /// Per category id, the AM's strength from the latest cycle; 0 where missing.
    #[serde(default)]
    pub strengths: BTreeMap<i64, f64>,
}

/// The optimal assignment, as changes from today's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pairing {
    /// The objective of today's assignment; `None` when some account has no AM among those
    /// paired, or today's assignment breaks a capacity or a lock.
    pub objective_before: Option<f64>,
    /// The objective of the optimal assignment.
    pub objective_after: f64,
    /// Every account whose AM changes (or that gets its first), largest gain first.
    pub moves: Vec<Move>,
    /// One row per AM, in input order.
    pub per_am: Vec<AmLoad>,
}

/// One account's change of AM.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Move {
    /// Storage id of the account.
    pub account: i64,
    /// Today's AM, if any.
    pub from: Option<i64>,
    /// The new AM.
    pub to: i64,
    /// The account's change in the objective, penalty included: `v_a * fit(to) - penalty -
    /// v_a * fit(from)`, with `fit(from) = 0` when `from` is none or not among the AMs paired.
    /// Negative when capacity or a lock forces the move.
    pub gain: f64,
}

/// One AM's book before and after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AmLoad {
    /// Storage id of the AM.
    pub account_manager: i64,
    /// The most accounts the AM may hold.
    pub capacity: usize,
    /// Accounts the AM holds today (among those paired).
    pub load_before: usize,
    /// Accounts the AM holds after the pairing.
    pub load_after: usize,
    /// `sum v_a * fit` over today's accounts.
    pub fit_before: f64,
    /// `sum v_a * fit` over the accounts after the pairing.
    pub fit_after: f64,
}

/// Why a pairing problem has no answer; every variant names the field at fault.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PairingError {
    /// The AMs cannot hold every account.
    #[error("capacity: the AMs hold {capacity} accounts in all, {accounts} need an AM")]
    Capacity {
        /// Sum of the AMs' capacities.
        capacity: usize,
        /// Number of accounts.
        accounts: usize,
    },
    /// A lock names an AM who is not among those paired (unknown, or left out).
    #[error(
        "locks[{index}]: account {account} is locked to AM {account_manager}, who is not among the AMs paired"
    )]
    UnknownLockTarget {
        /// Position of the lock among the locked accounts, in account order.
        index: usize,
        /// Storage id of the locked account.
        account: i64,
        /// The AM it is locked to.
        account_manager: i64,
    },
    /// More accounts are locked to an AM than the AM may hold.
    #[error(
        "locks: {locks} accounts are locked to AM {account_manager}, whose capacity is {capacity}"
    )]
    OverLocked {
        /// Storage id of the AM.
        account_manager: i64,
        /// Accounts locked to the AM.
        locks: usize,
        /// The AM's capacity.
        capacity: usize,
    },
    /// A number or id the method cannot take.
    #[error("{field}: {reason}")]
    Invalid {
        /// The field, as a path (e.g. `accounts[2].value`).
        field: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl PairingError {
    /// The field the error is about: `capacity`, `locks[i]`, `locks` or a path into the problem.
    pub fn field(&self) -> String {
        match self {
            Self::Capacity { .. } => "capacity".to_owned(),
            Self::UnknownLockTarget { index, .. } => format!("locks[{index}]"),
            Self::OverLocked { .. } => "locks".to_owned(),
            Self::Invalid { field, .. } => field.clone(),
        }
    }

    fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// The value weights `v_a = value_a / mean(value)` over the accounts given: an unknown value
/// counts as the mean (weight 1), and every weight is 1 when no value is known or no known
/// value is above 0 (nothing then tells the accounts apart).
pub fn value_weights(values: &[Option<f64>]) -> Vec<f64> {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    match mean(&known) {
        Some(average) if average > 0.0 => values
            .iter()
            .map(|value| value.map_or(1.0, |v| v / average))
            .collect(),
        _ => vec![1.0; values.len()],
    }
}

/// `sum_c w_ac * strength_mc`, a missing strength counting as 0.
pub fn fit(weights: &BTreeMap<i64, f64>, strengths: &BTreeMap<i64, f64>) -> f64 {
    weights
        .iter()
        .map(|(category, weight)| weight * strengths.get(category).copied().unwrap_or(0.0))
        .sum()
}

/// The assignment of the highest objective under the capacities and locks.
///
/// Errors, in this order: a negative or non-finite penalty, value, weight or strength, or an
/// account or AM listed twice (the field's path); a lock to an AM not in `ams` (`locks[i]`);
/// more locks on an AM than its capacity (`locks`); less capacity than accounts (`capacity`).
/// Past these checks a feasible assignment always exists.
pub fn optimise(problem: &PairingProblem) -> Result<Pairing, PairingError> {
    validate(problem)?;
    let scores = Scores::of(problem);
    let capacity: Vec<usize> = problem.ams.iter().map(|am| am.capacity).collect();
    let ams = problem.ams.len();
    let cost: Vec<Vec<f64>> = (0..problem.accounts.len())
        .map(|a| (0..ams).map(|m| -scores.contribution(a, m)).collect())
        .collect();
    let owners =
        Flow::new(&cost, &capacity, &scores.locked)
            .solve()
            .ok_or(PairingError::Capacity {
                capacity: capacity.iter().sum(),
                accounts: problem.accounts.len(),
            })?;
    Ok(scores.report(problem, &owners))
}

fn validate(problem: &PairingProblem) -> Result<(), PairingError> {
    let penalty = problem.change_penalty;
    if !(penalty.is_finite() && penalty >= 0.0) {
        return Err(PairingError::invalid(
            "change_penalty",
            "must be a number >= 0",
        ));
    }
    validate_accounts(&problem.accounts)?;
    validate_ams(&problem.ams)?;
    validate_locks(problem)?;
    let capacity = problem
        .ams
        .iter()
        .fold(0_usize, |sum, am| sum.saturating_add(am.capacity));
    if capacity < problem.accounts.len() {
        return Err(PairingError::Capacity {
            capacity,
            accounts: problem.accounts.len(),
        });
    }
    Ok(())
}

fn validate_accounts(accounts: &[PairAccount]) -> Result<(), PairingError> {
    let mut seen = BTreeSet::new();
    for (i, account) in accounts.iter().enumerate() {
        if !seen.insert(account.account) {
            let reason = format!("account {} is listed twice", account.account);
            return Err(PairingError::invalid(
                format!("accounts[{i}].account"),
                reason,
            ));
        }
        if account.value.is_some_and(|v| !(v.is_finite() && v >= 0.0)) {
            let field = format!("accounts[{i}].value");
            return Err(PairingError::invalid(field, "must be a number >= 0"));
        }
        if account.weights.values().any(|w| !w.is_finite()) {
            let field = format!("accounts[{i}].weights");
            return Err(PairingError::invalid(field, "must be finite numbers"));
        }
    }
    Ok(())
}

fn validate_ams(ams: &[PairAm]) -> Result<(), PairingError> {
    let mut seen = BTreeSet::new();
    for (i, am) in ams.iter().enumerate() {
        if !seen.insert(am.account_manager) {
            let reason = format!("AM {} is listed twice", am.account_manager);
            return Err(PairingError::invalid(
                format!("ams[{i}].account_manager"),
                reason,
            ));
        }
        if am.strengths.values().any(|s| !s.is_finite()) {
            let field = format!("ams[{i}].strengths");
            return Err(PairingError::invalid(field, "must be finite numbers"));
        }
    }
    Ok(())
}

fn validate_locks(problem: &PairingProblem) -> Result<(), PairingError> {
    let mut locks: BTreeMap<i64, usize> = BTreeMap::new();
    let locked = problem
        .accounts
        .iter()
        .filter_map(|a| Some((a.account, a.locked_to?)));
    for (index, (account, account_manager)) in locked.enumerate() {
        if !problem
            .ams
            .iter()
            .any(|am| am.account_manager == account_manager)
        {
            return Err(PairingError::UnknownLockTarget {
                index,
                account,
                account_manager,
            });
        }
        *locks.entry(account_manager).or_default() += 1;
    }
    for am in &problem.ams {
        let count = locks.get(&am.account_manager).copied().unwrap_or(0);
        if count > am.capacity {
            return Err(PairingError::OverLocked {
                account_manager: am.account_manager,
                locks: count,
                capacity: am.capacity,
            });
        }
    }
    Ok(())
}

/// The problem in positions: `weighted_fit[a][m] = v_a * fit(m, a)`, today's AM and the lock
/// of each account as an index into `ams`.
struct Scores {
    weighted_fit: Vec<Vec<f64>>,
    current: Vec<Option<usize>>,
    locked: Vec<Option<usize>>,
    penalty: f64,
}

impl Scores {
    fn of(problem: &PairingProblem) -> Self {
        let position = |id: Option<i64>| {
            id.and_then(|id| problem.ams.iter().position(|am| am.account_manager == id))
        };
        let values: Vec<Option<f64>> = problem.accounts.iter().map(|a| a.value).collect();
        let weighted_fit = problem
            .accounts
            .iter()
            .zip(value_weights(&values))
            .map(|(account, v)| {
                let strengths = problem.ams.iter().map(|am| &am.strengths);
                strengths.map(|s| v * fit(&account.weights, s)).collect()
            })
            .collect();
        Self {
            weighted_fit,
            current: problem
                .accounts
                .iter()
                .map(|a| position(a.current))
                .collect(),
            locked: problem
                .accounts
                .iter()
                .map(|a| position(a.locked_to))
                .collect(),
            penalty: problem.change_penalty,
        }
    }

    /// Account `a`'s term of the objective with AM `m`.
    fn contribution(&self, a: usize, m: usize) -> f64 {
        let changed = self.current[a] != Some(m);
        self.weighted_fit[a][m] - if changed { self.penalty } else { 0.0 }
    }

    /// Account `a`'s term today: its `v_a * fit` with today's AM, 0 without one among the AMs.
    fn contribution_before(&self, a: usize) -> f64 {
        self.current[a].map_or(0.0, |m| self.weighted_fit[a][m])
    }

    /// Today's objective, when today's assignment is complete and within capacities and locks.
    fn objective_before(&self, ams: &[PairAm]) -> Option<f64> {
        let owners: Vec<usize> = self.current.iter().copied().collect::<Option<_>>()?;
        let within_capacity = ams
            .iter()
            .enumerate()
            .all(|(m, am)| owners.iter().filter(|&&o| o == m).count() <= am.capacity);
        let locks_hold = self
            .locked
            .iter()
            .zip(&owners)
            .all(|(lock, owner)| lock.is_none_or(|l| l == *owner));
        (within_capacity && locks_hold)
            .then(|| (0..owners.len()).map(|a| self.contribution_before(a)).sum())
    }

    fn report(&self, problem: &PairingProblem, owners: &[usize]) -> Pairing {
        let mut moves: Vec<Move> = problem
            .accounts
            .iter()
            .zip(owners)
            .enumerate()
            .filter(|&(a, (_, &owner))| self.current[a] != Some(owner))
            .map(|(a, (account, &owner))| Move {
                account: account.account,
                from: account.current,
                to: problem.ams[owner].account_manager,
                gain: self.contribution(a, owner) - self.contribution_before(a),
            })
            .collect();
        moves.sort_by(|x, y| y.gain.total_cmp(&x.gain).then(x.account.cmp(&y.account)));
        Pairing {
            objective_before: self.objective_before(&problem.ams),
            objective_after: owners
                .iter()
                .enumerate()
                .map(|(a, &m)| self.contribution(a, m))
                .sum(),
            moves,
            per_am: self.loads(&problem.ams, owners),
        }
    }

    fn loads(&self, ams: &[PairAm], owners: &[usize]) -> Vec<AmLoad> {
        let book = |m: usize, holder: &dyn Fn(usize) -> bool| {
            let accounts: Vec<usize> = (0..owners.len()).filter(|&a| holder(a)).collect();
            let fit: f64 = accounts.iter().map(|&a| self.weighted_fit[a][m]).sum();
            (accounts.len(), fit)
        };
        ams.iter()
            .enumerate()
            .map(|(m, am)| {
                let (load_before, fit_before) = book(m, &|a| self.current[a] == Some(m));
                let (load_after, fit_after) = book(m, &|a| owners[a] == m);
                AmLoad {
                    account_manager: am.account_manager,
                    capacity: am.capacity,
                    load_before,
                    load_after,
                    fit_before,
                    fit_after,
                }
            })
            .collect()
    }
}

/// How the shortest-path search reached an AM.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Reached {
    /// An unplaced account enters the AM.
    Enter(usize),
    /// `account`, placed with AM `from`, is handed on to the AM.
    Handover { account: usize, from: usize },
}

/// A walk back along [`Reached`] steps, as `(account, new AM)` moves.
#[derive(Debug, PartialEq)]
enum Trace {
    /// From an unplaced account to the AM the walk started at: places one more account.
    Path(Vec<(usize, usize)>),
    /// Around a cycle of AMs: every AM on it gives one account and takes one.
    Cycle(Vec<(usize, usize)>),
}

/// Successive shortest paths over the residual network, searched on AMs (see the module doc).
#[derive(Debug)]
struct Flow<'a> {
    /// `cost[a][m]`: minus account `a`'s contribution with AM `m`.
    cost: &'a [Vec<f64>],
    /// Whether each account may be handed on (it is not locked).
    movable: Vec<bool>,
    /// Each account's AM so far.
    owner: Vec<Option<usize>>,
    /// Each AM's capacity left.
    room: Vec<usize>,
    /// Smallest improvement a relaxation must bring, so that rounding cannot cycle.
    epsilon: f64,
}

impl<'a> Flow<'a> {
    /// Places the locked accounts; the locks must fit the capacities.
    fn new(cost: &'a [Vec<f64>], capacity: &[usize], locked: &[Option<usize>]) -> Self {
        let mut room = capacity.to_vec();
        for &m in locked.iter().flatten() {
            room[m] = room[m].saturating_sub(1);
        }
        let largest = cost
            .iter()
            .flatten()
            .fold(0.0_f64, |max, c| max.max(c.abs()));
        Self {
            cost,
            movable: locked.iter().map(Option::is_none).collect(),
            owner: locked.to_vec(),
            room,
            epsilon: 1e-12 * (1.0 + largest),
        }
    }

    /// Every account's AM, or `None` when the capacities cannot hold them all.
    fn solve(mut self) -> Option<Vec<usize>> {
        while self.owner.iter().any(Option::is_none) {
            if !self.step() {
                return None;
            }
        }
        self.owner.into_iter().collect()
    }

    /// Places one account along a shortest path, or cancels a negative cycle; `false` when no
    /// AM has room left.
    fn step(&mut self) -> bool {
        let (distance, reached, unsettled) = self.shortest_paths();
        if let Some(node) = unsettled
            && let Trace::Cycle(moves) = trace(&reached, node)
        {
            self.apply(&moves);
            return true;
        }
        let target = (0..self.room.len())
            .filter(|&m| self.room[m] > 0 && distance[m].is_finite())
            .min_by(|&x, &y| distance[x].total_cmp(&distance[y]));
        let Some(target) = target else {
            return false;
        };
        match trace(&reached, target) {
            Trace::Cycle(moves) => self.apply(&moves),
            Trace::Path(moves) => {
                self.apply(&moves);
                self.room[target] -= 1;
            }
        }
        true
    }

    fn apply(&mut self, moves: &[(usize, usize)]) {
        for &(account, am) in moves {
            self.owner[account] = Some(am);
        }
    }

    /// Bellman-Ford from the unplaced accounts over the AMs: each AM's distance, how it was
    /// reached, and an AM still improving after every round (a negative cycle) if any.
    fn shortest_paths(&self) -> (Vec<f64>, Vec<Option<Reached>>, Option<usize>) {
        let ams = self.room.len();
        let mut distance = vec![f64::INFINITY; ams];
        let mut reached = vec![None; ams];
        for (account, costs) in self.cost.iter().enumerate() {
            if self.owner[account].is_some() {
                continue;
            }
            for (m, &cost) in costs.iter().enumerate() {
                if cost < distance[m] - self.epsilon {
                    distance[m] = cost;
                    reached[m] = Some(Reached::Enter(account));
                }
            }
        }
        let handovers = self.handovers();
        // A shortest path visits each AM once: ams - 1 rounds settle it, one more detects a
        // negative cycle.
        let mut unsettled = None;
        for _ in 0..=ams {
            unsettled = None;
            for (from, row) in handovers.iter().enumerate() {
                for (to, edge) in row.iter().enumerate() {
                    let Some((weight, account)) = *edge else {
                        continue;
                    };
                    let candidate = distance[from] + weight;
                    if candidate < distance[to] - self.epsilon {
                        distance[to] = candidate;
                        reached[to] = Some(Reached::Handover { account, from });
                        unsettled = Some(to);
                    }
                }
            }
            if unsettled.is_none() {
                break;
            }
        }
        (distance, reached, unsettled)
    }

    /// `handovers[m1][m2]`: the cheapest `(cost(a, m2) - cost(a, m1), a)` over the movable
    /// accounts `a` placed with `m1`.
    fn handovers(&self) -> Vec<Vec<Option<(f64, usize)>>> {
        let ams = self.room.len();
        let mut best: Vec<Vec<Option<(f64, usize)>>> = vec![vec![None; ams]; ams];
        for (account, owner) in self.owner.iter().enumerate() {
            let Some(from) = *owner else { continue };
            if !self.movable[account] {
                continue;
            }
            let costs = &self.cost[account];
            for (to, edge) in best[from].iter_mut().enumerate() {
                let weight = costs[to] - costs[from];
                if to != from && edge.is_none_or(|(cheapest, _)| weight < cheapest) {
                    *edge = Some((weight, account));
                }
            }
        }
        best
    }
}

/// Walks back from `end` to the unplaced account that starts its path, or stops at the first
/// AM met twice and returns that cycle. Every AM with a finite distance has been reached.
fn trace(reached: &[Option<Reached>], end: usize) -> Trace {
    // nodes[i] is the AM that moves[i] arrives at.
    let mut nodes = vec![end];
    let mut moves = Vec::new();
    let mut at = end;
    while let Some(step) = reached[at] {
        match step {
            Reached::Enter(account) => {
                moves.push((account, at));
                break;
            }
            Reached::Handover { account, from } => {
                moves.push((account, at));
                if let Some(start) = nodes.iter().position(|&node| node == from) {
                    return Trace::Cycle(moves.split_off(start));
                }
                nodes.push(from);
                at = from;
            }
        }
    }
    Trace::Path(moves)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 1e-12
    }

    fn map(pairs: &[(i64, f64)]) -> BTreeMap<i64, f64> {
        pairs.iter().copied().collect()
    }

    fn account(account: i64, value: Option<f64>, weights: &[(i64, f64)]) -> PairAccount {
        PairAccount {
            account,
            value,
            weights: map(weights),
            current: None,
            locked_to: None,
        }
    }

    fn am(account_manager: i64, capacity: usize, strengths: &[(i64, f64)]) -> PairAm {
        PairAm {
            account_manager,
            capacity,
            strengths: map(strengths),
        }
    }

    /// Two categories; AM 10 is strong on 1, AM 20 on 2.
    fn two_specialists(capacity: usize) -> Vec<PairAm> {
        vec![
            am(10, capacity, &[(1, 1.0), (2, -0.5)]),
            am(20, capacity, &[(1, 0.0), (2, 1.0)]),
        ]
    }

    #[test]
    fn value_weights_divide_by_the_mean_of_known_values() {
        // Known values 100 and 300: mean 200; the unknown one counts as the mean.
        assert_eq!(
            value_weights(&[Some(100.0), None, Some(300.0)]),
            vec![0.5, 1.0, 1.5]
        );
        assert_eq!(value_weights(&[None, None]), vec![1.0, 1.0]);
        assert_eq!(value_weights(&[Some(0.0), None]), vec![1.0, 1.0]);
        assert!(value_weights(&[]).is_empty());
    }

    #[test]
    fn fit_sums_weight_times_strength() {
        // 0.6 * 1 + 0.4 * -0.5 = 0.4; category 3 has no strength (0).
        let weights = map(&[(1, 0.6), (2, 0.4), (3, 0.5)]);
        assert!(close(fit(&weights, &map(&[(1, 1.0), (2, -0.5)])), 0.4));
        assert_eq!(fit(&BTreeMap::new(), &map(&[(1, 1.0)])), 0.0);
    }

    #[test]
    fn accounts_go_to_the_specialist_they_need() {
        // Account 1 needs category 1 (w = 0.8 / 0.2), account 2 category 2 (0.1 / 0.9);
        // values 100 and 300: v = 0.5 and 1.5. Both start with AM 20.
        // fit(10, 1) = 0.8 - 0.1 = 0.7; fit(20, 1) = 0.2
        // fit(10, 2) = 0.1 - 0.45 = -0.35; fit(20, 2) = 0.9
        // Before: 0.5 * 0.2 + 1.5 * 0.9 = 0.1 + 1.35 = 1.45
        // Penalty 0.2: account 1 to AM 10 is worth 0.5 * 0.7 - 0.2 = 0.15 > 0.1, gain 0.05,
        // objective 0.15 + 1.35 = 1.5. Account 2 to AM 10 (1.5 * -0.35 - 0.2) never pays.
        let mut accounts = vec![
            account(1, Some(100.0), &[(1, 0.8), (2, 0.2)]),
            account(2, Some(300.0), &[(1, 0.1), (2, 0.9)]),
        ];
        for a in &mut accounts {
            a.current = Some(20);
        }
        let mut problem = PairingProblem {
            accounts,
            ams: two_specialists(2),
            change_penalty: 0.2,
        };
        let pairing = optimise(&problem).unwrap();
        assert!(close(pairing.objective_before.unwrap(), 1.45));
        assert!(close(pairing.objective_after, 1.5));
        assert_eq!(pairing.moves.len(), 1);
        let only = pairing.moves[0];
        assert_eq!((only.account, only.from, only.to), (1, Some(20), 10));
        assert!(close(only.gain, 0.05));
        let loads: Vec<(usize, usize)> = pairing
            .per_am
            .iter()
            .map(|l| (l.load_before, l.load_after))
            .collect();
        assert_eq!(loads, vec![(0, 1), (2, 1)]);
        // AM 10 after: 0.5 * 0.7 = 0.35; AM 20 before: 0.1 + 1.35, after 1.35.
        assert!(close(pairing.per_am[0].fit_after, 0.35));
        assert!(close(pairing.per_am[1].fit_before, 1.45));
        assert!(close(pairing.per_am[1].fit_after, 1.35));

        problem.change_penalty = 0.3; // 0.35 - 0.3 = 0.05 < 0.1: stay
        let pairing = optimise(&problem).unwrap();
        assert!(pairing.moves.is_empty());
        assert!(close(pairing.objective_after, 1.45));
    }

    #[test]
    fn capacity_can_force_a_move_with_a_negative_gain() {
        // Both accounts sit with AM 20, who may now hold one; values unknown (v = 1), penalty
        // 0.25. Account 1 (w_2 = 1): fit(20) = 1, fit(10) = -0.5. Account 2 (w 0.5 / 0.5):
        // fit(20) = 0.5, fit(10) = 0.5 - 0.25 = 0.25.
        // Moving account 1: -0.5 - 0.25 - 1 = -1.75; moving account 2: 0.25 - 0.25 - 0.5 = -0.5.
        // So account 2 moves with gain -0.5; objective 1 + 0 = 1. Today's is infeasible.
        let mut accounts = vec![
            account(1, None, &[(2, 1.0)]),
            account(2, None, &[(1, 0.5), (2, 0.5)]),
        ];
        for a in &mut accounts {
            a.current = Some(20);
        }
        let mut ams = two_specialists(2);
        ams[1].capacity = 1;
        let problem = PairingProblem {
            accounts,
            ams,
            change_penalty: DEFAULT_CHANGE_PENALTY,
        };
        let pairing = optimise(&problem).unwrap();
        assert_eq!(pairing.objective_before, None);
        assert!(close(pairing.objective_after, 1.0));
        assert_eq!(pairing.moves.len(), 1);
        assert_eq!((pairing.moves[0].account, pairing.moves[0].to), (2, 10));
        assert!(close(pairing.moves[0].gain, -0.5));
    }

    #[test]
    fn locks_hold_even_against_fit_and_unowned_accounts_always_change() {
        // Account 1 needs category 1 but is locked to AM 20: fit 0, changed (no owner): -0.25.
        // Account 2 (no owner, needs 2) goes to AM 20: 1 - 0.25 = 0.75. Objective 0.5.
        let mut locked = account(1, None, &[(1, 1.0)]);
        locked.locked_to = Some(20);
        let problem = PairingProblem {
            accounts: vec![locked, account(2, None, &[(2, 1.0)])],
            ams: two_specialists(2),
            change_penalty: DEFAULT_CHANGE_PENALTY,
        };
        let pairing = optimise(&problem).unwrap();
        assert_eq!(pairing.objective_before, None);
        assert!(close(pairing.objective_after, 0.5));
        let targets: Vec<(i64, Option<i64>, i64)> = pairing
            .moves
            .iter()
            .map(|m| (m.account, m.from, m.to))
            .collect();
        assert_eq!(targets, vec![(2, None, 20), (1, None, 20)]);
        assert!(close(pairing.moves[0].gain, 0.75));
        assert!(close(pairing.moves[1].gain, -0.25));
    }

    #[test]
    fn an_owner_outside_the_pairing_counts_as_no_owner() {
        // AM 99 is not paired: today's assignment is infeasible and the move's gain is
        // 1 * fit(10) - 0.25 = 0.75 against a "before" of 0.
        let mut stray = account(1, None, &[(1, 1.0)]);
        stray.current = Some(99);
        let problem = PairingProblem {
            accounts: vec![stray],
            ams: two_specialists(1),
            change_penalty: DEFAULT_CHANGE_PENALTY,
        };
        let pairing = optimise(&problem).unwrap();
        assert_eq!(pairing.objective_before, None);
        assert_eq!(pairing.moves[0].from, Some(99));
        assert!(close(pairing.moves[0].gain, 0.75));
    }

    #[test]
    fn a_handover_chain_beats_a_greedy_placement() {
        // Capacity 1 each. Account 1: fit 3 with AM 10, 2 with AM 20. Account 2: fit 3 with AM
        // 10, 0 with AM 20. No owners, penalty 0 (both always change anyway).
        // Greedy (account 1 first to AM 10) gives 3 + 0 = 3; the optimum hands account 1 to
        // AM 20 so account 2 takes AM 10: 2 + 3 = 5.
        let problem = PairingProblem {
            accounts: vec![
                account(1, None, &[(1, 1.0), (2, 1.0)]),
                account(2, None, &[(1, 1.0)]),
            ],
            ams: vec![am(10, 1, &[(1, 3.0)]), am(20, 1, &[(2, 2.0)])],
            change_penalty: 0.0,
        };
        let pairing = optimise(&problem).unwrap();
        assert!(close(pairing.objective_after, 5.0));
        let to: BTreeMap<i64, i64> = pairing.moves.iter().map(|m| (m.account, m.to)).collect();
        assert_eq!(to, BTreeMap::from([(1, 20), (2, 10)]));
    }

    #[test]
    fn a_negative_cycle_left_by_rounding_is_cancelled() {
        // A state no exact run reaches: accounts 0 and 1 sit with the AM they like less (cost 0
        // instead of -1). Placing account 2 finds the cycle 0 -> 1 -> 0 of weight -2, swaps
        // them, then places account 2 with AM 1, the one with room.
        let cost = vec![vec![0.0, -1.0], vec![-1.0, 0.0], vec![0.0, 0.0]];
        let mut flow = Flow::new(&cost, &[1, 2], &[None, None, None]);
        flow.owner = vec![Some(0), Some(1), None];
        flow.room = vec![0, 1];
        assert!(flow.step());
        assert_eq!(flow.owner, vec![Some(1), Some(0), None]);
        assert_eq!(flow.solve(), Some(vec![1, 0, 1]));
    }

    #[test]
    fn trace_returns_the_cycle_it_meets() {
        // AM 0 reached from AM 1 (account 5), AM 1 from AM 2 (account 6), AM 2 from AM 1
        // (account 7): walking back from 0 meets AM 1 twice; the cycle is 1 <- 2 <- 1.
        let reached = vec![
            Some(Reached::Handover {
                account: 5,
                from: 1,
            }),
            Some(Reached::Handover {
                account: 6,
                from: 2,
            }),
            Some(Reached::Handover {
                account: 7,
                from: 1,
            }),
        ];
        assert_eq!(trace(&reached, 0), Trace::Cycle(vec![(6, 1), (7, 2)]));
        let path = vec![
            Some(Reached::Enter(3)),
            Some(Reached::Handover {
                account: 4,
                from: 0,
            }),
        ];
        assert_eq!(trace(&path, 1), Trace::Path(vec![(4, 1), (3, 0)]));
    }

    fn field_of(problem: &PairingProblem) -> String {
        optimise(problem).unwrap_err().field()
    }

    fn base_problem() -> PairingProblem {
        PairingProblem {
            accounts: vec![account(1, Some(10.0), &[]), account(2, None, &[])],
            ams: two_specialists(1),
            change_penalty: DEFAULT_CHANGE_PENALTY,
        }
    }

    #[test]
    fn each_error_names_its_field() {
        let mut problem = base_problem();
        problem.ams[0].capacity = 0;
        assert_eq!(
            optimise(&problem).unwrap_err(),
            PairingError::Capacity {
                capacity: 1,
                accounts: 2
            }
        );

        let mut problem = base_problem();
        problem.accounts[0].locked_to = Some(10);
        problem.accounts[1].locked_to = Some(30);
        assert_eq!(field_of(&problem), "locks[1]");

        let mut problem = base_problem();
        problem.accounts[0].locked_to = Some(10);
        problem.accounts[1].locked_to = Some(10);
        assert_eq!(field_of(&problem), "locks");

        let mut problem = base_problem();
        problem.change_penalty = -0.1;
        assert_eq!(field_of(&problem), "change_penalty");
        problem.change_penalty = f64::NAN;
        assert_eq!(field_of(&problem), "change_penalty");

        let mut problem = base_problem();
        problem.accounts[1].value = Some(-1.0);
        assert_eq!(field_of(&problem), "accounts[1].value");
        problem.accounts[1].value = Some(f64::INFINITY);
        assert_eq!(field_of(&problem), "accounts[1].value");

        let mut problem = base_problem();
        problem.accounts[1].account = 1;
        assert_eq!(field_of(&problem), "accounts[1].account");

        let mut problem = base_problem();
        problem.ams[1].strengths.insert(1, f64::NAN);
        assert_eq!(field_of(&problem), "ams[1].strengths");
    }

    #[test]
    fn nothing_to_pair_is_no_error() {
        let problem = PairingProblem {
            accounts: vec![],
            ams: vec![],
            change_penalty: DEFAULT_CHANGE_PENALTY,
        };
        let pairing = optimise(&problem).unwrap();
        assert_eq!(pairing.objective_before, Some(0.0));
        assert_eq!(pairing.objective_after, 0.0);
    }

    #[test]
    fn the_penalty_defaults_and_json_is_snake_case() {
        let problem: PairingProblem = serde_json::from_str(
            r#"{"accounts":[{"account":1,"weights":{"1":1.0},"current":10}],
                "ams":[{"account_manager":10,"capacity":1,"strengths":{"1":0.5}}]}"#,
        )
        .unwrap();
        assert_eq!(problem.change_penalty, 0.25);
        let json = serde_json::to_value(optimise(&problem).unwrap()).unwrap();
        assert_eq!(json["objective_before"], 0.5);
        assert_eq!(json["per_am"][0]["load_after"], 1);
        assert!(json["moves"].as_array().unwrap().is_empty());
    }
}
