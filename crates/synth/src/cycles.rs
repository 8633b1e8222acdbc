//! Turns the roster and answers into one [`Batch`] per cycle, as an import of one survey export
//! would give it, and records the renewal outcomes.

use chrono::{Days, Months, NaiveDate, NaiveDateTime, NaiveTime};
use gapscope_domain::survey::{ImportanceForm, IndicatorKind, Scale};
use gapscope_import::{
    AccountDef, AccountManagerDef, Batch, CategoryDef, IndicatorDef, ResponseRow,
};

use crate::Outcome;
use crate::answers::{CATEGORIES, answers};
use crate::rng::Rng;
use crate::roster::{Kind, Roster};

/// Stream tag for submission times.
const TAG_SUBMITTED: u64 = 4;
/// Stream tag for outcome dates.
const TAG_OUTCOME: u64 = 5;
/// The first cycle is 2026-Q1.
const FIRST_YEAR: i32 = 2026;

/// The key of cycle `cycle` (0-based): `2026-Q1`, `2026-Q2`, ..., then `2027-Q1`.
pub(crate) fn cycle_key(cycle: usize) -> String {
    let year = FIRST_YEAR + i32::try_from(cycle / 4).unwrap_or(0);
    format!("{year}-Q{}", cycle % 4 + 1)
}

/// The first day of cycle `cycle`'s quarter.
fn quarter_start(cycle: usize) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).expect("1 January is a valid date");
    let months = u32::try_from(cycle * 3).expect("cycle count fits a u32");
    start
        .checked_add_months(Months::new(months))
        .expect("the quarter lies within chrono's date range")
}

/// The batch of cycle `cycle`: every contact's response, except the silent account's in the
/// last cycle.
pub(crate) fn batch(seed: u64, roster: &Roster, cycle: usize, last: usize) -> Batch {
    let key = cycle_key(cycle);
    let mut responses = Vec::new();
    for account in &roster.accounts {
        if account.kind == Kind::Silent && cycle == last {
            continue;
        }
        let am = &roster.ams[account.am];
        for (number, contact) in account.contacts.iter().enumerate() {
            let given = answers(seed, account, cycle, last, number);
            let path = [
                TAG_SUBMITTED,
                account.index as u64,
                cycle as u64,
                number as u64,
            ];
            responses.push(ResponseRow {
                // Line 1 of the equivalent export is its header.
                row: responses.len() + 2,
                external_id: format!("{key}/{}", contact.external_id),
                cycle: key.clone(),
                account: account.external_id.clone(),
                account_manager: Some(am.external_id.clone()),
                contact: contact.external_id.clone(),
                contact_role: contact.role.to_owned(),
                submitted_at: Some(submitted_at(&mut Rng::derive(seed, &path), cycle)),
                importance: given.importance,
                performance: given.performance,
                indicators: given.indicators,
                comment: given.comment,
            });
        }
    }
    assemble(roster, key, responses)
}

/// A time in the first 85 days of the quarter, in office hours.
fn submitted_at(rng: &mut Rng, cycle: usize) -> NaiveDateTime {
    let day = quarter_start(cycle) + Days::new(u64::try_from(rng.range(0, 84)).unwrap_or(0));
    let [hour, minute, second] = [rng.range(8, 17), rng.range(0, 59), rng.range(0, 59)]
        .map(|part| u32::try_from(part).unwrap_or(0));
    let time = NaiveTime::from_hms_opt(hour, minute, second).expect("office hours are valid");
    day.and_time(time)
}

/// The batch around `responses`: definitions in order of first appearance, as an import lists
/// them.
fn assemble(roster: &Roster, key: String, responses: Vec<ResponseRow>) -> Batch {
    let mut account_managers: Vec<AccountManagerDef> = Vec::new();
    let mut accounts: Vec<AccountDef> = Vec::new();
    for row in &responses {
        let Some(account) = roster
            .accounts
            .iter()
            .find(|a| a.external_id == row.account)
        else {
            continue;
        };
        let am = &roster.ams[account.am];
        if !account_managers
            .iter()
            .any(|def| def.external_id == am.external_id)
        {
            account_managers.push(AccountManagerDef {
                external_id: am.external_id.clone(),
                name: am.name.clone(),
                team: Some(am.team.clone()),
            });
        }
        if !accounts
            .iter()
            .any(|def| def.external_id == account.external_id)
        {
            accounts.push(AccountDef {
                external_id: account.external_id.clone(),
                name: account.name.clone(),
                annual_value: Some(account.value),
            });
        }
    }
    Batch {
        performance_scale: Scale::new(1, 10),
        importance_form: ImportanceForm::Rating {
            scale: Scale::new(1, 10),
        },
        categories: category_defs(),
        indicators: indicator_defs(),
        cycles: vec![key],
        account_managers,
        accounts,
        responses,
    }
}

fn category_defs() -> Vec<CategoryDef> {
    CATEGORIES
        .iter()
        .map(|(key, name)| CategoryDef {
            key: (*key).to_owned(),
            name: (*name).to_owned(),
        })
        .collect()
}

fn indicator_defs() -> Vec<IndicatorDef> {
    let indicator = |key: &str, name: &str, kind, scale| IndicatorDef {
        key: key.to_owned(),
        name: name.to_owned(),
        kind,
        scale,
    };
    vec![
        indicator(
            "ltr",
            "Likelihood to recommend",
            IndicatorKind::Ltr,
            Scale::new(0, 10),
        ),
        indicator(
            "overall_satisfaction",
            "Overall satisfaction",
            IndicatorKind::Satisfaction,
            Scale::new(1, 10),
        ),
        indicator(
            "ease",
            "Ease of doing business",
            IndicatorKind::Ease,
            Scale::new(1, 10),
        ),
    ]
}

/// One outcome per account, recorded 14-74 days after the last cycle's quarter ends: the
/// declining AM's accounts and the promoter-gap accounts churn, every other account renews.
pub(crate) fn outcomes(seed: u64, roster: &Roster, last: usize) -> Vec<Outcome> {
    let after_cycle = cycle_key(last);
    let next_quarter = quarter_start(last + 1);
    roster
        .accounts
        .iter()
        .map(|account| {
            let mut rng = Rng::derive(seed, &[TAG_OUTCOME, account.index as u64]);
            let days = u64::try_from(rng.range(14, 74)).unwrap_or(14);
            Outcome {
                account: account.external_id.clone(),
                renewed: matches!(account.kind, Kind::Ordinary | Kind::Silent),
                date: next_quarter + Days::new(days),
                after_cycle: after_cycle.clone(),
            }
        })
        .collect()
}
