//! Who exists in the synthetic organization: account managers, accounts, contacts, and which
//! accounts carry a planted case.
//!
//! Ids, names and the planted placements depend on the [`Config`] sizes only, never on the
//! seed, so that every seed plants the same truths; the seed decides levels, contacts' number
//! and roles, annual values of ordinary accounts, and every answer's noise.

use crate::Config;
use crate::rng::Rng;

/// Stream tag for an account's contacts and value.
const TAG_ACCOUNT: u64 = 1;

/// Annual value of the promoter-gap accounts: far above any ordinary account.
pub(crate) const PROMOTER_GAP_VALUES: [f64; 2] = [850_000.0, 950_000.0];
/// Annual value of the silent account: above every other account.
pub(crate) const SILENT_VALUE: f64 = 2_400_000.0;
/// Range of ordinary annual values, in thousands.
const ORDINARY_VALUE_THOUSANDS: (i32, i32) = (20, 400);

/// Made-up company stems; every account name also carries the word "Synthetic".
const COMPANY_STEMS: [&str; 25] = [
    "Acme",
    "Birchwood",
    "Cobalt",
    "Dunmore",
    "Evergale",
    "Fernhollow",
    "Granite Bay",
    "Harborlight",
    "Ironvale",
    "Juniper",
    "Kestrel",
    "Larkspur",
    "Meadowbrook",
    "Northwind",
    "Oakridge",
    "Pinecrest",
    "Quarry Lane",
    "Redfern",
    "Silverleaf",
    "Thistle",
    "Umberfield",
    "Valewood",
    "Willowmere",
    "Yarrow",
    "Zephyr",
];

/// Company suffixes, cycled.
const COMPANY_SUFFIXES: [&str; 5] = ["Ltd", "Inc", "GmbH", "Co", "Group"];

/// Made-up account manager names.
const AM_NAMES: [&str; 12] = [
    "Avery Quillon",
    "Blake Marrow",
    "Casey Thorne",
    "Devon Ashby",
    "Emery Vance",
    "Finley Rook",
    "Harper Lind",
    "Jordan Pike",
    "Kai Morrow",
    "Logan Reyes",
    "Morgan Hale",
    "Rowan Steele",
];

/// What an account is in the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Stable levels plus bounded noise; trips no alert rule.
    Ordinary,
    /// Owned by the declining AM: service falls every cycle, LTR stays 9-10. `slot` rotates
    /// the other categories' importances so the accounts are not identical.
    Declining {
        /// The account's position in its AM's book.
        slot: usize,
    },
    /// LTR 9-10 with critical gaps on its top categories; `variant` 0 or 1 picks which ones.
    PromoterGap {
        /// Which of the two planted profiles.
        variant: usize,
    },
    /// Ordinary answers, but no response at all in the last cycle.
    Silent,
}

/// One account manager.
#[derive(Debug, Clone)]
pub(crate) struct AmPlan {
    /// Stable external id, `am-01`, ...
    pub(crate) external_id: String,
    /// Made-up display name.
    pub(crate) name: String,
    /// `north` (first half) or `south`.
    pub(crate) team: String,
}

/// One contact of an account.
#[derive(Debug, Clone)]
pub(crate) struct ContactPlan {
    /// Stable external id, `<account>-c1`, ...
    pub(crate) external_id: String,
    /// `decision_maker`, `influencer` or `user`.
    pub(crate) role: &'static str,
}

/// One account and its planted role.
#[derive(Debug, Clone)]
pub(crate) struct AccountPlan {
    /// Position in the roster, the key of its noise streams.
    pub(crate) index: usize,
    /// Stable external id, `acc-0203` for AM 2's third account.
    pub(crate) external_id: String,
    /// Made-up display name containing "Synthetic".
    pub(crate) name: String,
    /// Index of its AM in [`Roster::ams`]; accounts never move.
    pub(crate) am: usize,
    /// Annual value.
    pub(crate) value: f64,
    /// Its part in the scenario.
    pub(crate) kind: Kind,
    /// Two to four contacts; the first is always the decision maker.
    pub(crate) contacts: Vec<ContactPlan>,
}

/// The whole organization.
#[derive(Debug, Clone)]
pub(crate) struct Roster {
    /// Account managers, in id order.
    pub(crate) ams: Vec<AmPlan>,
    /// Accounts, AM by AM.
    pub(crate) accounts: Vec<AccountPlan>,
    /// Index of the declining AM.
    pub(crate) declining_am: usize,
}

impl Roster {
    /// Builds the roster for `config`; see [`crate::generate`] for the size limits.
    pub(crate) fn new(config: &Config) -> Self {
        let ams = (0..config.account_managers)
            .map(|index| am_plan(index, config.account_managers))
            .collect();
        let declining_am = 1;
        let planted = planted_slots(config.account_managers, declining_am);

        let mut accounts = Vec::new();
        for am in 0..config.account_managers {
            for slot in 0..config.accounts_per_am {
                let kind = if am == declining_am {
                    Kind::Declining { slot }
                } else {
                    match planted.iter().position(|place| *place == (am, slot)) {
                        Some(0) => Kind::PromoterGap { variant: 0 },
                        Some(1) => Kind::PromoterGap { variant: 1 },
                        Some(_) => Kind::Silent,
                        None => Kind::Ordinary,
                    }
                };
                accounts.push(account_plan(config.seed, accounts.len(), am, slot, kind));
            }
        }
        Self {
            ams,
            accounts,
            declining_am,
        }
    }

    /// The accounts of one kind matching `pick`, in roster order.
    pub(crate) fn ids_where(&self, pick: impl Fn(Kind) -> bool) -> Vec<String> {
        self.accounts
            .iter()
            .filter(|account| pick(account.kind))
            .map(|account| account.external_id.clone())
            .collect()
    }
}

/// `(am, slot)` of promoter-gap account 0, promoter-gap account 1 and the silent account: spread
/// over the AMs other than the declining one, and over slots when there are few of them.
fn planted_slots(account_managers: usize, declining_am: usize) -> [(usize, usize); 3] {
    let others: Vec<usize> = (0..account_managers)
        .filter(|am| *am != declining_am)
        .collect();
    let place = |k: usize| {
        let position = (k + 1) % others.len();
        (others[position], k / others.len())
    };
    [place(0), place(1), place(2)]
}

fn am_plan(index: usize, count: usize) -> AmPlan {
    let stem = AM_NAMES[index % AM_NAMES.len()];
    let name = match index / AM_NAMES.len() {
        0 => stem.to_owned(),
        round => format!("{stem} {}", round + 1),
    };
    let team = if index < count.div_ceil(2) {
        "north"
    } else {
        "south"
    };
    AmPlan {
        external_id: format!("am-{:02}", index + 1),
        name,
        team: team.to_owned(),
    }
}

fn account_plan(seed: u64, index: usize, am: usize, slot: usize, kind: Kind) -> AccountPlan {
    let external_id = format!("acc-{:02}{:02}", am + 1, slot + 1);
    let mut rng = Rng::derive(seed, &[TAG_ACCOUNT, index as u64]);

    let ordinary_value =
        f64::from(rng.range(ORDINARY_VALUE_THOUSANDS.0, ORDINARY_VALUE_THOUSANDS.1));
    let value = match kind {
        Kind::PromoterGap { variant } => PROMOTER_GAP_VALUES[variant],
        Kind::Silent => SILENT_VALUE,
        Kind::Ordinary | Kind::Declining { .. } => ordinary_value * 1000.0,
    };

    let count = usize::try_from(rng.range(2, 4)).unwrap_or(2);
    let contacts = (0..count)
        .map(|number| ContactPlan {
            external_id: format!("{external_id}-c{}", number + 1),
            role: match number {
                0 => "decision_maker",
                _ if rng.chance(50) => "influencer",
                _ => "user",
            },
        })
        .collect();

    AccountPlan {
        index,
        name: company_name(index),
        external_id,
        am,
        value,
        kind,
        contacts,
    }
}

/// "Acme Synthetic Ltd", "Birchwood Synthetic Inc", ...; a number is added after the stems run
/// out so names stay unique.
fn company_name(index: usize) -> String {
    let stem = COMPANY_STEMS[index % COMPANY_STEMS.len()];
    let suffix = COMPANY_SUFFIXES[index % COMPANY_SUFFIXES.len()];
    match index / COMPANY_STEMS.len() {
        0 => format!("{stem} Synthetic {suffix}"),
        round => format!("{stem} Synthetic {suffix} {}", round + 1),
    }
}
