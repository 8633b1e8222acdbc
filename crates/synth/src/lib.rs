//! SYNTHETIC survey data for Gapscope: a seeded generator of a made-up organization's
//! multi-cycle account-manager surveys, with planted truths that tests (and a second demo
//! organization) can check the product against.
//!
//! **Everything this crate produces is invented.** Companies are named "Acme Synthetic Ltd",
//! "Birchwood Synthetic Inc", ...; account managers, contacts, values and answers are made up
//! and describe no real organization or person. Comments start with `(synthetic)`.
//!
//! ```
//! use gapscope_synth::{Config, generate};
//!
//! let data = generate(&Config { seed: 7, ..Config::default() });
//! assert_eq!(data.cycles.len(), 4);
//! assert_eq!(data.cycles[3].cycles, vec!["2026-Q4".to_owned()]);
//! assert_eq!(data.truth.declining_category, "service");
//! ```
//!
//! # The survey
//!
//! Rating-form importance (1-10) and performance (1-10) on communication, consultation,
//! service, responsiveness and product knowledge; indicators `ltr` (0-10),
//! `overall_satisfaction` (1-10) and `ease` (1-10). Account managers `am-01`, ... split into
//! teams `north` (first half) and `south`; each owns `accounts_per_am` accounts (`acc-0101`,
//! ...) for good, each account has 2-4 contacts (the first a decision maker), and every contact
//! answers every cycle. Each cycle is one [`Batch`], exactly as importing one export would give
//! it.
//!
//! # The planted cases (METHOD.md, default settings and thresholds)
//!
//! - **Declining AM** (`am-02`, team north): every account rates service importance 10 and
//!   service performance 10, 7, 4, 1 over the last four cycles, while every LTR is 9 or 10. In
//!   the last cycle each account raises `critical_gap` and `category_decline` on service, and
//!   the AM sits far below the team on service.
//! - **Promoter-gap accounts** (two large accounts): LTR 9-10, but gaps of 6, 5 and 4 points on
//!   their three most important categories every cycle; score 55-57, so `hidden_risk` too.
//! - **Silent account** (the highest annual value): answers every cycle but the last, and stays
//!   assigned; in the last cycle it raises `unassessed` only.
//! - **Everyone else**: stable levels plus bounded noise that provably trips no rule in any
//!   cycle (the arithmetic is in the `answers` module's source).
//!
//! After the last cycle the declining AM's accounts and the promoter-gap accounts churn and
//! every other account renews, so a back-test of the score beats one of NPS.
//!
//! The seed changes only noise (levels of ordinary accounts, contact counts and roles, annual
//! values of ordinary accounts, answers within their bounds, times and dates); ids, placements
//! and every [`Truth`] stay the same. Output is a pure function of the [`Config`].

#[cfg(feature = "store")]
mod load;
#[cfg(feature = "store")]
pub use load::load;
mod answers;
mod cycles;
mod rng;
mod roster;
mod truth;

use chrono::NaiveDate;
use gapscope_import::Batch;
use serde::Serialize;

use crate::roster::Roster;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Config {
    /// Seed of all the noise; the same seed always gives the same data.
    pub seed: u64,
    /// Number of cycles (default 4: `2026-Q1` to `2026-Q4`); at least 2. The service decline
    /// spans the last four cycles; earlier cycles rate service 10.
    pub cycles: usize,
    /// Number of account managers (default 6); at least 2.
    pub account_managers: usize,
    /// Accounts per account manager (default 10); at least 3.
    pub accounts_per_am: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            seed: 2026,
            cycles: 4,
            account_managers: 6,
            accounts_per_am: 10,
        }
    }
}

/// A generated organization: its survey cycles, renewal outcomes, and the planted truths.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Synthetic {
    /// One batch per cycle, in chronological order (`2026-Q1`, `2026-Q2`, ...), each with the
    /// same categories, indicators and scales. Like a real export, a batch defines only the
    /// accounts it has rows for, so the last one lacks the silent account.
    pub cycles: Vec<Batch>,
    /// Renewal outcomes, one per account, recorded after the last cycle.
    pub outcomes: Vec<Outcome>,
    /// Cycle keys to close after import: all of them, in order.
    pub closed_cycles: Vec<String>,
    /// The planted cases, by external id.
    pub truth: Truth,
}

/// Whether an account renewed, recorded after a cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Account external id.
    pub account: String,
    /// `true` when the account renewed, `false` when it churned.
    pub renewed: bool,
    /// When the outcome was recorded: after every submission of `after_cycle`.
    pub date: NaiveDate,
    /// Key of the cycle the outcome follows.
    pub after_cycle: String,
}

/// The planted cases, all by external id, that the product must find.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Truth {
    /// The AM whose accounts' `declining_category` performance falls by 3 points every cycle
    /// (over the last four) while every LTR stays 9-10.
    pub declining_am: String,
    /// The declining category: `service`.
    pub declining_category: String,
    /// Two large accounts answering LTR 9-10 with gaps of 3 points or more (high severity) on
    /// their three most important categories, every cycle.
    pub promoter_gap_accounts: [String; 2],
    /// The account with the highest annual value (2.4 million), assigned all along, that
    /// answers every cycle but the last. It raises `unassessed` for any threshold up to its
    /// value.
    pub silent_account: String,
    /// Exactly the alerts METHOD.md section 7 raises in the last cycle with default thresholds,
    /// as (account, rule in snake_case, category key for per-category rules), in account order.
    pub expected_alerts_last_cycle: Vec<(String, String, Option<String>)>,
    /// Accounts whose last-cycle LTR mean is at least 7 but whose cohort is high or extreme.
    pub hidden_risk_last_cycle: Vec<String>,
}

/// Generates the synthetic organization described by `config`.
///
/// # Panics
///
/// When `config.cycles < 2`, `config.account_managers < 2` or `config.accounts_per_am < 3`:
/// the planted cases need a previous cycle, a peer AM, and room for three planted accounts.
pub fn generate(config: &Config) -> Synthetic {
    assert!(config.cycles >= 2, "synthetic data needs at least 2 cycles");
    assert!(
        config.account_managers >= 2,
        "synthetic data needs at least 2 account managers"
    );
    assert!(
        config.accounts_per_am >= 3,
        "synthetic data needs at least 3 accounts per AM"
    );

    let roster = Roster::new(config);
    let last = config.cycles - 1;
    let cycles: Vec<Batch> = (0..config.cycles)
        .map(|cycle| cycles::batch(config.seed, &roster, cycle, last))
        .collect();

    Synthetic {
        closed_cycles: (0..config.cycles).map(cycles::cycle_key).collect(),
        outcomes: cycles::outcomes(config.seed, &roster, last),
        truth: truth::truth(&roster),
        cycles,
    }
}
