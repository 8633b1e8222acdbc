//! Shared test helpers: batch builders, raw-table readers and the both-backends macro.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::sql_types::{BigInt, Integer, Nullable, Text};
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl, SqliteConnection};
use gapscope_domain::cells::{CategoryCell, IndicatorCell, ResponseCell};
use gapscope_domain::survey::{ImportanceForm, IndicatorKind, Scale};
use gapscope_import::batch::{
    AccountDef, AccountManagerDef, Batch, CategoryDef, IndicatorDef, ResponseRow,
};
use gapscope_store::testing::TestDb;
use gapscope_store::{Backend, CycleCells, Store};

/// For each named `fn name(db: &TestDb)`, a module `name` with two tests, `sqlite` and
/// `postgres`, each running the function on a fresh database of that backend.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[test]
                fn sqlite() {
                    super::$name(&gapscope_store::testing::TestDb::sqlite());
                }

                #[test]
                fn postgres() {
                    super::$name(&gapscope_store::testing::TestDb::postgres());
                }
            }
        )*
    };
}

/// The three categories of the small test survey.
pub const CATEGORIES: [&str; 3] = ["communication", "service", "responsiveness"];

/// A timestamp on a day at noon.
pub fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .expect("valid date")
}

/// One row of the small test survey (importance and performance per category, LTR, satisfaction).
#[derive(Clone)]
pub struct Row {
    pub line: usize,
    pub cycle: &'static str,
    pub account: &'static str,
    pub am: Option<&'static str>,
    pub contact: &'static str,
    pub role: &'static str,
    pub submitted_at: Option<NaiveDateTime>,
    pub importance: [Option<i32>; 3],
    pub performance: [Option<i32>; 3],
    pub ltr: Option<i32>,
    pub satisfaction: Option<i32>,
    pub comment: Option<&'static str>,
}

/// A row with typical answers; adjust fields with struct update syntax.
pub fn row(
    line: usize,
    cycle: &'static str,
    account: &'static str,
    am: &'static str,
    contact: &'static str,
) -> Row {
    Row {
        line,
        cycle,
        account,
        am: Some(am),
        contact,
        role: "decision_maker",
        submitted_at: None,
        importance: [Some(9), Some(7), Some(8)],
        performance: [Some(6), Some(8), Some(5)],
        ltr: Some(8),
        satisfaction: Some(7),
        comment: None,
    }
}

/// The small test survey (rating form 1-10, LTR 0-10, satisfaction 1-10) over `rows`.
pub fn batch(rows: &[Row]) -> Batch {
    let mut b = Batch {
        performance_scale: Scale { min: 1, max: 10 },
        importance_form: ImportanceForm::Rating {
            scale: Scale { min: 1, max: 10 },
        },
        categories: CATEGORIES
            .iter()
            .map(|k| CategoryDef {
                key: (*k).to_owned(),
                name: capitalise(k),
            })
            .collect(),
        indicators: vec![
            indicator("ltr", IndicatorKind::Ltr, 0, 10),
            indicator("satisfaction", IndicatorKind::Satisfaction, 1, 10),
        ],
        cycles: Vec::new(),
        account_managers: Vec::new(),
        accounts: Vec::new(),
        responses: Vec::new(),
    };
    for r in rows {
        b.responses.push(ResponseRow {
            row: r.line,
            external_id: format!("{}/{}", r.cycle, r.contact),
            cycle: r.cycle.to_owned(),
            account: r.account.to_owned(),
            account_manager: r.am.map(str::to_owned),
            contact: r.contact.to_owned(),
            contact_role: r.role.to_owned(),
            submitted_at: r.submitted_at,
            importance: r.importance.to_vec(),
            performance: r.performance.to_vec(),
            indicators: vec![r.ltr, r.satisfaction],
            comment: r.comment.map(str::to_owned),
        });
    }
    fill_definitions(&mut b);
    b
}

/// Derives the batch's cycle, AM and account lists from its rows (first appearance order).
pub fn fill_definitions(b: &mut Batch) {
    b.cycles.clear();
    b.account_managers.clear();
    b.accounts.clear();
    for r in &b.responses {
        if !b.cycles.contains(&r.cycle) {
            b.cycles.push(r.cycle.clone());
        }
        if let Some(am) = &r.account_manager
            && !b.account_managers.iter().any(|d| &d.external_id == am)
        {
            b.account_managers.push(AccountManagerDef {
                external_id: am.clone(),
                name: format!("AM {am}"),
                team: None,
            });
        }
        if !b.accounts.iter().any(|d| d.external_id == r.account) {
            b.accounts.push(AccountDef {
                external_id: r.account.clone(),
                name: format!("Account {}", r.account),
                annual_value: Some(1000.0),
            });
        }
    }
}

fn indicator(key: &str, kind: IndicatorKind, min: i32, max: i32) -> IndicatorDef {
    IndicatorDef {
        key: key.to_owned(),
        name: capitalise(key),
        kind,
        scale: Scale { min, max },
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// A San Diego-sized batch: `n` rows, 15 categories in the pick form (k = 4) on a 1-5 scale,
/// a satisfaction indicator (the outcome) and an "other" one, 9 AMs (districts) owning 5
/// accounts each. Values are deterministic, with some missing.
pub fn large_batch(n: usize, cycle: &str) -> Batch {
    let cats = 15;
    let mut b = Batch {
        performance_scale: Scale { min: 1, max: 5 },
        importance_form: ImportanceForm::Pick { k: 4 },
        categories: (0..cats)
            .map(|i| CategoryDef {
                key: format!("q3_{i}"),
                name: format!("Service {i}"),
            })
            .collect(),
        indicators: vec![
            indicator("overall", IndicatorKind::Satisfaction, 1, 5),
            indicator("trend", IndicatorKind::Other, 1, 5),
        ],
        cycles: Vec::new(),
        account_managers: Vec::new(),
        accounts: Vec::new(),
        responses: Vec::new(),
    };
    let roles = ["decision_maker", "influencer", "user", "unspecified"];
    for i in 0..n {
        let v = |salt: usize| ((i * 7 + salt * 13 + i / 5) % 6) as i32; // 0..=5, 0 = missing
        let district = i % 9;
        b.responses.push(ResponseRow {
            row: i + 2,
            external_id: format!("{cycle}/r{i}"),
            cycle: cycle.to_owned(),
            account: format!("zip{}", district * 5 + (i / 9) % 5),
            account_manager: Some(format!("district{district}")),
            contact: format!("resident{i}"),
            contact_role: roles[i % roles.len()].to_owned(),
            submitted_at: Some(at(2015, 11, 1) + chrono::Duration::minutes(i as i64)),
            importance: (0..cats)
                .map(|c| Some(i32::from((i + c) % 15 < 4)))
                .collect(),
            performance: (0..cats).map(|c| Some(v(c)).filter(|x| *x > 0)).collect(),
            indicators: vec![
                Some(v(20)).filter(|x| *x > 0),
                Some(v(21)).filter(|x| *x > 0),
            ],
            comment: (i % 10 == 0).then(|| format!("comment {i}")),
        });
    }
    fill_definitions(&mut b);
    b
}

/// One rating joined to its response, contact and outcome value: read straight from the tables.
#[derive(QueryableByName)]
struct RawRating {
    #[diesel(sql_type = BigInt)]
    cycle_id: i64,
    #[diesel(sql_type = BigInt)]
    account_id: i64,
    #[diesel(sql_type = BigInt)]
    account_manager_id: i64,
    #[diesel(sql_type = Text)]
    role: String,
    #[diesel(sql_type = BigInt)]
    category_id: i64,
    #[diesel(sql_type = Nullable<Integer>)]
    importance: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    performance: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    outcome: Option<i32>,
    #[diesel(sql_type = Integer)]
    performance_min: i32,
    #[diesel(sql_type = Integer)]
    performance_max: i32,
}

/// One indicator value joined to its response and contact.
#[derive(QueryableByName)]
struct RawValue {
    #[diesel(sql_type = BigInt)]
    cycle_id: i64,
    #[diesel(sql_type = BigInt)]
    account_id: i64,
    #[diesel(sql_type = BigInt)]
    account_manager_id: i64,
    #[diesel(sql_type = Text)]
    role: String,
    #[diesel(sql_type = BigInt)]
    indicator_id: i64,
    #[diesel(sql_type = Integer)]
    value: i32,
}

/// One response with its contact's role.
#[derive(QueryableByName)]
struct RawResponse {
    #[diesel(sql_type = BigInt)]
    cycle_id: i64,
    #[diesel(sql_type = BigInt)]
    account_id: i64,
    #[diesel(sql_type = BigInt)]
    account_manager_id: i64,
    #[diesel(sql_type = Text)]
    role: String,
}

const RAW_RATINGS: &str = "SELECT s.cycle_id, s.account_id, s.account_manager_id, c.role, \
    r.category_id, r.importance, r.performance, o.value AS outcome, \
    cy.performance_min, cy.performance_max \
    FROM ratings r JOIN responses s ON s.id = r.response_id \
    JOIN contacts c ON c.id = s.contact_id JOIN cycles cy ON cy.id = s.cycle_id \
    LEFT JOIN indicator_values o ON o.response_id = s.id \
        AND o.indicator_id = cy.outcome_indicator_id";
const RAW_VALUES: &str = "SELECT s.cycle_id, s.account_id, s.account_manager_id, c.role, \
    v.indicator_id, v.value FROM indicator_values v JOIN responses s ON s.id = v.response_id \
    JOIN contacts c ON c.id = s.contact_id";
const RAW_RESPONSES: &str = "SELECT s.cycle_id, s.account_id, s.account_manager_id, c.role \
    FROM responses s JOIN contacts c ON c.id = s.contact_id";

/// Raw rows through a concrete connection of the database's backend.
fn raw<T: QueryableByName<diesel::pg::Pg> + QueryableByName<diesel::sqlite::Sqlite> + 'static>(
    db: &TestDb,
    sql: &str,
) -> Vec<T> {
    match db.store().backend() {
        Backend::Postgres => {
            let mut c = PgConnection::establish(db.url()).expect("raw pg connection");
            diesel::sql_query(sql).load(&mut c).expect("raw pg query")
        }
        Backend::Sqlite => {
            let mut c = SqliteConnection::establish(db.url()).expect("raw sqlite connection");
            diesel::sql_query(sql)
                .load(&mut c)
                .expect("raw sqlite query")
        }
    }
}

type UnitKey = (i64, i64, String);

/// The cells of `cycle_id` recomputed with a plain loop over the raw rating, value and response
/// rows, independently of the store's aggregate SQL. Sorted like `Store::cycle_cells`.
pub fn recompute_cells(db: &TestDb, cycle_id: i64) -> CycleCells {
    let mut cats: BTreeMap<(UnitKey, i64), CategoryCell> = BTreeMap::new();
    for r in raw::<RawRating>(db, RAW_RATINGS) {
        if r.cycle_id != cycle_id {
            continue;
        }
        let key = (
            (r.account_id, r.account_manager_id, r.role.clone()),
            r.category_id,
        );
        let cell = cats.entry(key).or_insert_with(|| CategoryCell {
            account: r.account_id,
            account_manager: r.account_manager_id,
            role: r.role.clone(),
            category: r.category_id,
            ..CategoryCell::default()
        });
        if let Some(i) = r.importance {
            cell.importance_n += 1;
            cell.importance_sum += i64::from(i);
        }
        if let Some(p) = r.performance {
            cell.performance_n += 1;
            cell.performance_sum += i64::from(p);
            cell.top_box_n += i64::from(p >= r.performance_max - 1);
            cell.bottom_box_n += i64::from(p <= r.performance_min + 1);
            if let Some(y) = r.outcome {
                let (x, y) = (i64::from(p), i64::from(y));
                cell.pair_n += 1;
                cell.sum_x += x;
                cell.sum_y += y;
                cell.sum_xx += x * x;
                cell.sum_yy += y * y;
                cell.sum_xy += x * y;
            }
        }
    }
    let mut inds: BTreeMap<(UnitKey, i64), IndicatorCell> = BTreeMap::new();
    for v in raw::<RawValue>(db, RAW_VALUES) {
        if v.cycle_id != cycle_id {
            continue;
        }
        let key = (
            (v.account_id, v.account_manager_id, v.role.clone()),
            v.indicator_id,
        );
        let cell = inds.entry(key).or_insert_with(|| IndicatorCell {
            account: v.account_id,
            account_manager: v.account_manager_id,
            role: v.role.clone(),
            indicator: v.indicator_id,
            ..IndicatorCell::default()
        });
        cell.n += 1;
        cell.sum += i64::from(v.value);
        cell.promoters += i64::from(v.value >= 9);
        cell.detractors += i64::from(v.value <= 6);
        let value = i64::from(v.value);
        cell.min = Some(cell.min.map_or(value, |m| m.min(value)));
    }
    let mut resps: BTreeMap<UnitKey, ResponseCell> = BTreeMap::new();
    for s in raw::<RawResponse>(db, RAW_RESPONSES) {
        if s.cycle_id != cycle_id {
            continue;
        }
        let key = (s.account_id, s.account_manager_id, s.role.clone());
        resps
            .entry(key)
            .or_insert_with(|| ResponseCell {
                account: s.account_id,
                account_manager: s.account_manager_id,
                role: s.role.clone(),
                responses: 0,
            })
            .responses += 1;
    }
    CycleCells {
        categories: cats.into_values().collect(),
        indicators: inds.into_values().collect(),
        responses: resps.into_values().collect(),
    }
}

/// The store's cells, re-sorted in byte order of role (PostgreSQL may collate differently).
pub fn stored_cells(store: &Store, org_id: i64, cycle_id: i64) -> CycleCells {
    let mut c = store.cycle_cells(org_id, cycle_id).expect("cycle cells");
    c.categories.sort_by(|a, b| {
        (a.account, a.account_manager, &a.role, a.category).cmp(&(
            b.account,
            b.account_manager,
            &b.role,
            b.category,
        ))
    });
    c.indicators.sort_by(|a, b| {
        (a.account, a.account_manager, &a.role, a.indicator).cmp(&(
            b.account,
            b.account_manager,
            &b.role,
            b.indicator,
        ))
    });
    c.responses.sort_by(|a, b| {
        (a.account, a.account_manager, &a.role).cmp(&(b.account, b.account_manager, &b.role))
    });
    c
}

/// Asserts every cycle's stored cells equal the plain recomputation.
pub fn assert_cells_match(db: &TestDb, org_id: i64) {
    for cycle in db.store().cycles(org_id).expect("cycles") {
        let stored = stored_cells(db.store(), org_id, cycle.id);
        let expected = recompute_cells(db, cycle.id);
        assert_eq!(stored, expected, "cells of cycle {}", cycle.key);
    }
}

/// Row counts of every table, to show a failed or dry-run import wrote nothing.
pub fn table_counts(db: &TestDb) -> HashMap<&'static str, i64> {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let tables = [
        "organizations",
        "account_managers",
        "accounts",
        "assignments",
        "contacts",
        "categories",
        "indicators",
        "cycles",
        "imports",
        "responses",
        "ratings",
        "indicator_values",
        "agg_category",
        "agg_indicator",
        "agg_response",
        "users",
        "api_tokens",
        "audit_log",
        "alerts",
        "alert_events",
        "outcomes",
        "pairing_proposals",
        "pairing_applied_moves",
    ];
    tables
        .into_iter()
        .map(|t| {
            let sql = format!("SELECT COUNT(*) AS n FROM {t}");
            let n = raw::<N>(db, &sql).first().map_or(0, |r| r.n);
            (t, n)
        })
        .collect()
}
