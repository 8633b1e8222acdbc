//! One contact's answers in one cycle, by the account's part in the scenario.
//!
//! The bounds below are what keep ordinary accounts clear of every alert rule of METHOD.md
//! section 7 with its default thresholds (1-10 performance scale, so 2 and 3 points are 2/9
//! and 3/9 of the range). Per account and category, ordinary answers are
//!
//! - importance `I = base + u`, `base` in 5..=8, `u` in -1..=1 (so 4..=9);
//! - performance `P = base + d + v`, `v` in 0..=1, `d = 1` except for one category with `d = 0`.
//!
//! Hence every gap `I - P` is at most 1 (only on the `d = 0` category; the others at most 0), and
//! so is any account mean of them: no `critical_gap`. Performance stays within `[L, L + 1]` for
//! a fixed level `L`, so an account mean cannot fall 2 points: no `category_decline`. The `d = 0`
//! category weighs at most `9 / (9 + 4 * 4) = 0.36`, so `IWS <= 0.36` and `F` lies in
//! `[0.96, 1]`. With satisfaction and ease in `[level, level + 1]` (levels 6..=8) and LTR in
//! 8..=10, the score before rounding moves by at most `55 * 0.04 + 15/9 + 15/9 + 15 * 0.2 =
//! 8.53` between cycles, so the rounded score falls at most 9: no `score_drop`. Its floor is
//! `55 * 0.96 + 2 * 15 * 5/9 + 15 * 0.8 = 81.5`, cohort `none`: no `hidden_risk`. LTR >= 8: no
//! `detractor`. Everyone answers every cycle: no `unassessed`.

use crate::rng::Rng;
use crate::roster::{AccountPlan, Kind};

/// Stream tag for an account's stable levels.
const TAG_LEVELS: u64 = 2;
/// Stream tag for one contact's answers in one cycle.
const TAG_ANSWERS: u64 = 3;

/// Category keys and names, in survey order.
pub(crate) const CATEGORIES: [(&str, &str); 5] = [
    ("communication", "Communication"),
    ("consultation", "Consultation"),
    ("service", "Service"),
    ("responsiveness", "Responsiveness"),
    ("product_knowledge", "Product knowledge"),
];

/// Position of `service` in [`CATEGORIES`].
pub(crate) const SERVICE: usize = 2;

/// The two promoter-gap profiles: (importance, performance) per category in survey order.
/// Profile 0 hurts service, responsiveness and consultation; profile 1 consultation, product
/// knowledge and communication. Gaps on the top three are 6, 5 and 4 points (all `high`),
/// `IWS = (10*6 + 10*5 + 9*4 + 6*1 + 5*0) / 40 = 3.8`, `F = 0.578`, and with satisfaction 4,
/// ease 4 and LTR 9-10 the score is 55-57: cohort `high` although every answer is a promoter's.
pub(crate) const PROMOTER_GAP_PROFILES: [[(i32, i32); 5]; 2] = [
    [(6, 5), (9, 5), (10, 4), (10, 5), (5, 5)],
    [(9, 5), (10, 4), (6, 5), (5, 5), (10, 5)],
];

/// Importances of the declining AM's accounts on the four categories other than service
/// (rotated per account); service itself is 10. They sum to 22, so service weighs
/// `10 / 32 = 0.3125`.
const DECLINING_OTHER_IMPORTANCE: [i32; 4] = [6, 5, 6, 5];

/// What one contact answered: raw values as an export would hold them.
#[derive(Debug, Clone)]
pub(crate) struct Answers {
    /// Importance per category (1-10).
    pub(crate) importance: Vec<Option<i32>>,
    /// Performance per category (1-10), `None` for "don't know".
    pub(crate) performance: Vec<Option<i32>>,
    /// LTR (0-10), overall satisfaction (1-10), ease (1-10).
    pub(crate) indicators: Vec<Option<i32>>,
    /// Optional free text.
    pub(crate) comment: Option<String>,
}

/// The stable levels of an ordinary (or silent) account.
struct Levels {
    importance: [i32; 5],
    small_gap: usize,
    satisfaction: i32,
    ease: i32,
}

impl Levels {
    fn draw(seed: u64, account: &AccountPlan) -> Self {
        let mut rng = Rng::derive(seed, &[TAG_LEVELS, account.index as u64]);
        let importance = [(); 5].map(|()| rng.range(5, 8));
        Self {
            importance,
            small_gap: rng.index(CATEGORIES.len()),
            satisfaction: rng.range(6, 8),
            ease: rng.range(6, 8),
        }
    }
}

/// The declining AM's service performance in `cycle`: 10, 7, 4, 1 over the last four cycles
/// (10 before them), so every account mean falls 3 points a cycle.
pub(crate) fn declining_service(cycle: usize, last: usize) -> i32 {
    let steps = i32::try_from(last - cycle).unwrap_or(3).min(3);
    1 + 3 * steps
}

/// The answers of contact `contact` of `account` in cycle `cycle` (of `last + 1` cycles).
pub(crate) fn answers(
    seed: u64,
    account: &AccountPlan,
    cycle: usize,
    last: usize,
    contact: usize,
) -> Answers {
    let path = [
        TAG_ANSWERS,
        account.index as u64,
        cycle as u64,
        contact as u64,
    ];
    let mut rng = Rng::derive(seed, &path);
    match account.kind {
        Kind::Ordinary | Kind::Silent => ordinary(&Levels::draw(seed, account), contact, &mut rng),
        Kind::Declining { slot } => declining(slot, declining_service(cycle, last), &mut rng),
        Kind::PromoterGap { variant } => promoter_gap(variant, &mut rng),
    }
}

fn ordinary(levels: &Levels, contact: usize, rng: &mut Rng) -> Answers {
    let mut importance = Vec::with_capacity(CATEGORIES.len());
    let mut performance = Vec::with_capacity(CATEGORIES.len());
    for (category, base) in levels.importance.iter().enumerate() {
        importance.push(Some(base + rng.range(-1, 1)));
        let offset = i32::from(category != levels.small_gap);
        let value = base + offset + rng.range(0, 1);
        // The decision maker (contact 0) answers everything, so every category keeps data.
        let dont_know = contact > 0 && rng.chance(5);
        performance.push((!dont_know).then_some(value));
    }
    let indicators = vec![
        Some(rng.range(8, 10)),
        Some(levels.satisfaction + rng.range(0, 1)),
        Some(levels.ease + rng.range(0, 1)),
    ];
    let comment = rng.chance(15).then(|| pick(rng, &ORDINARY_COMMENTS));
    Answers {
        importance,
        performance,
        indicators,
        comment,
    }
}

fn declining(slot: usize, service: i32, rng: &mut Rng) -> Answers {
    let mut others = DECLINING_OTHER_IMPORTANCE;
    others.rotate_left(slot % DECLINING_OTHER_IMPORTANCE.len());
    let mut others = others.into_iter();

    let mut importance = Vec::with_capacity(CATEGORIES.len());
    let mut performance = Vec::with_capacity(CATEGORIES.len());
    for category in 0..CATEGORIES.len() {
        if category == SERVICE {
            importance.push(Some(10));
            performance.push(Some(service));
        } else {
            let level = others.next().unwrap_or(5);
            importance.push(Some(level));
            performance.push(Some(level + rng.range(0, 1)));
        }
    }
    let indicators = vec![Some(rng.range(9, 10)), Some(7), Some(7)];
    let comment = (service < 10 && rng.chance(40)).then(|| pick(rng, &DECLINING_COMMENTS));
    Answers {
        importance,
        performance,
        indicators,
        comment,
    }
}

fn promoter_gap(variant: usize, rng: &mut Rng) -> Answers {
    let profile = PROMOTER_GAP_PROFILES[variant];
    let comment = rng.chance(30).then(|| pick(rng, &PROMOTER_GAP_COMMENTS));
    Answers {
        importance: profile
            .iter()
            .map(|(importance, _)| Some(*importance))
            .collect(),
        performance: profile
            .iter()
            .map(|(_, performance)| Some(*performance))
            .collect(),
        indicators: vec![Some(rng.range(9, 10)), Some(4), Some(4)],
        comment,
    }
}

fn pick(rng: &mut Rng, texts: &[&str]) -> String {
    texts[rng.index(texts.len())].to_owned()
}

const ORDINARY_COMMENTS: [&str; 4] = [
    "(synthetic) Solid quarter, no complaints.",
    "(synthetic) Our AM knows the product well.",
    "(synthetic) Quick answers when we need them.",
    "(synthetic) Would like a roadmap session next quarter.",
];

const DECLINING_COMMENTS: [&str; 3] = [
    "(synthetic) Support tickets take longer every month.",
    "(synthetic) Service used to be great; lately we chase every request.",
    "(synthetic) Love the team, but escalations go nowhere.",
];

const PROMOTER_GAP_COMMENTS: [&str; 3] = [
    "(synthetic) Great people, but the basics keep slipping.",
    "(synthetic) We recommend you to peers, yet our own needs go unmet.",
    "(synthetic) Friendly AM; delivery falls short of what we need most.",
];
