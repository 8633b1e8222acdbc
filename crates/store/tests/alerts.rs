//! Alerts, cycle closing, renewal outcomes and complete cases, every test run on SQLite and on
//! PostgreSQL.

#[expect(
    dead_code,
    reason = "this binary uses the builders and table counts, not every cell check"
)]
mod common;

use chrono::NaiveDate;
use common::*;
use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};
use gapscope_domain::alerts::{Rule, Severity};
use gapscope_store::testing::TestDb;
use gapscope_store::{
    Actor, Alert, AlertEvaluation, AlertEventKind, AlertFilter, AlertStatus, AuditFilter, Backend,
    ImportOptions, NewOutcome, OutcomeRow, StatusCounts, Store, StoreError,
};
use serde_json::json;

both_backends!(
    min_value_is_aggregated,
    min_value_backfill_matches_the_recompute,
    detractor_alert_lists_its_responses_and_is_not_duplicated,
    resolved_alerts_reopen_only_when_worse,
    open_alerts_escalate,
    findings_that_disappear_clear_their_alerts_once,
    cleared_alerts_reopen_when_they_fire_again,
    a_lower_severity_writes_deescalated,
    corrected_imports_clear_stale_alerts_of_later_cycles,
    lifecycle_allows_only_forward_moves_and_keeps_every_event,
    alert_events_are_append_only,
    alerts_are_listed_filtered_and_paged,
    overview_counts_per_am_severity_and_status,
    unassessed_fires_after_close_for_the_owner_at_close,
    closing_twice_conflicts,
    history_rules_compare_with_earlier_cycles_whatever_the_import_order,
    failed_and_dry_imports_leave_no_alert,
    evaluation_of_another_orgs_cycle_is_not_found,
    outcomes_are_all_or_nothing,
    outcomes_are_idempotent_and_corrections_audited,
    complete_cases_need_every_category_and_the_outcome,
);

fn opts() -> ImportOptions {
    ImportOptions {
        dry_run: false,
        file_name: None,
        actor: Actor::cli(),
    }
}

fn org(store: &Store) -> i64 {
    store.ensure_organization("Acme Corp").expect("org").id
}

/// A row that fires no rule: everything performs at 9 and recommends 9.
fn calm(
    line: usize,
    cycle: &'static str,
    account: &'static str,
    am: &'static str,
    contact: &'static str,
) -> Row {
    Row {
        importance: [Some(5), Some(5), Some(5)],
        performance: [Some(9), Some(9), Some(9)],
        ltr: Some(9),
        satisfaction: Some(9),
        submitted_at: Some(at(2015 + i32::from(cycle == "2016"), 3, line as u32)),
        ..row(line, cycle, account, am, contact)
    }
}

fn import(store: &Store, org: i64, rows: &[Row]) {
    store.import(org, &batch(rows), &opts()).expect("import");
}

/// Every alert of the organization, oldest first.
fn all_alerts(store: &Store, org: i64) -> Vec<Alert> {
    let filter = AlertFilter {
        limit: 1_000,
        ..AlertFilter::default()
    };
    let mut items = store.alerts(org, &filter).expect("alerts").items;
    items.reverse();
    items
}

/// (rule, category present, severity, status) of each alert, oldest first.
fn summary(store: &Store, org: i64) -> Vec<(Rule, bool, Severity, AlertStatus)> {
    all_alerts(store, org)
        .into_iter()
        .map(|a| (a.rule, a.category.is_some(), a.severity, a.status))
        .collect()
}

fn only_alert(store: &Store, org: i64, rule: Rule) -> Alert {
    let mut found: Vec<Alert> = all_alerts(store, org)
        .into_iter()
        .filter(|a| a.rule == rule)
        .collect();
    assert_eq!(found.len(), 1, "{rule:?}: {found:?}");
    found.remove(0)
}

fn kinds(store: &Store, org: i64, alert: i64) -> Vec<AlertEventKind> {
    store
        .alert_events(org, alert)
        .expect("events")
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

fn cycle_id(store: &Store, org: i64, key: &str) -> i64 {
    store
        .cycle_by_key(org, key)
        .expect("cycle")
        .expect("cycle exists")
        .id
}

fn am_id(store: &Store, org: i64, external_id: &str) -> i64 {
    store
        .account_manager_by_external_id(org, external_id)
        .expect("am")
        .expect("am exists")
        .id
}

fn account_id(store: &Store, org: i64, external_id: &str) -> i64 {
    store
        .accounts(org)
        .expect("accounts")
        .into_iter()
        .find(|a| a.external_id == external_id)
        .expect("account exists")
        .id
}

fn unchanged(n: usize) -> AlertEvaluation {
    AlertEvaluation {
        unchanged: n,
        ..AlertEvaluation::default()
    }
}

fn min_value_is_aggregated(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let rows = [
        Row {
            ltr: Some(7),
            ..calm(2, "2015", "acme", "ann", "c1")
        },
        Row {
            ltr: Some(3),
            ..calm(3, "2015", "acme", "ann", "c2")
        },
        Row {
            role: "user",
            ltr: None,
            ..calm(4, "2015", "acme", "ann", "c3")
        },
    ];
    import(store, org, &rows);
    assert_cells_match(db, org);
    let ltr = store.indicators(org).expect("indicators")[0].id;
    let cells = store
        .cycle_cells(org, cycle_id(store, org, "2015"))
        .expect("cells");
    let mins: Vec<_> = cells
        .indicators
        .iter()
        .filter(|c| c.indicator == ltr)
        .map(|c| (c.role.as_str(), c.n, c.min))
        .collect();
    // The user gave no LTR, so the user has no LTR cell at all.
    assert_eq!(mins, [("decision_maker", 2, Some(3))]);

    // A re-import with a better answer rebuilds the minimum.
    let better = [
        rows[0].clone(),
        Row {
            ltr: Some(8),
            ..rows[1].clone()
        },
    ];
    import(store, org, &better);
    assert_cells_match(db, org);
}

fn min_value_backfill_matches_the_recompute(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let rows = [
        Row {
            ltr: Some(4),
            ..calm(2, "2015", "acme", "ann", "c1")
        },
        calm(3, "2015", "acme", "ann", "c2"),
        Row {
            role: "user",
            satisfaction: Some(2),
            ..calm(4, "2016", "globex", "bob", "c3")
        },
    ];
    import(store, org, &rows);
    // What a database migrated before this column existed looks like, then the migration's own
    // backfill statement.
    raw_execute(db, "UPDATE agg_indicator SET min_value = NULL").expect("clear");
    let folder = match store.backend() {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let path = repo_path(&format!(
        "migrations/{folder}/2026-12-04-000003_alerts_outcomes/up.sql"
    ));
    let up = std::fs::read_to_string(&path).expect("migration");
    let start = up.find("UPDATE agg_indicator").expect("backfill statement");
    let end = start + up[start..].find(';').expect("statement end");
    raw_execute(db, &up[start..end]).expect("backfill");
    assert_cells_match(db, org);
}

/// A path relative to the workspace root.
fn repo_path(relative: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

fn detractor_alert_lists_its_responses_and_is_not_duplicated(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let rows = [
        Row {
            ltr: Some(6),
            ..calm(2, "2015", "acme", "ann", "c1")
        },
        Row {
            ltr: Some(5),
            ..calm(3, "2015", "acme", "ann", "c2")
        },
        calm(4, "2015", "acme", "ann", "c3"),
        calm(5, "2015", "globex", "bob", "c4"),
    ];
    import(store, org, &rows);
    let alert = only_alert(store, org, Rule::Detractor);
    assert_eq!(alert.severity, Severity::Medium);
    assert_eq!(alert.magnitude, 5.0);
    assert_eq!(alert.status, AlertStatus::Open);
    assert_eq!(alert.category, None);
    assert_eq!(alert.account_id, account_id(store, org, "acme"));
    assert_eq!(alert.account_manager_id, am_id(store, org, "ann"));
    assert_eq!(
        alert.evidence,
        Some(json!({ "responses": ["2015/c1", "2015/c2"] }))
    );
    assert_eq!(kinds(store, org, alert.id), [AlertEventKind::Raised]);
    assert_eq!(all_alerts(store, org).len(), 1);

    // Re-running, by hand or by re-importing, changes nothing.
    let counts = table_counts(db);
    let cycle = cycle_id(store, org, "2015");
    let again = store
        .evaluate_alerts(org, cycle, None, &Actor::cli())
        .expect("evaluate");
    assert_eq!(again, unchanged(1));
    import(store, org, &rows);
    let mut after = table_counts(db);
    // Only the import and its audit row are new.
    assert_eq!(after.remove("imports"), Some(counts["imports"] + 1));
    assert_eq!(after.remove("audit_log"), Some(counts["audit_log"] + 1));
    let mut before = counts.clone();
    before.remove("imports");
    before.remove("audit_log");
    assert_eq!(after, before);
    assert_eq!(store.alert(org, alert.id).expect("alert"), Some(alert));
}

fn resolved_alerts_reopen_only_when_worse(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let detractor = |ltr| Row {
        ltr: Some(ltr),
        ..calm(2, "2015", "acme", "ann", "c1")
    };
    import(store, org, &[detractor(5)]);
    let alert = only_alert(store, org, Rule::Detractor);
    store
        .transition_alert(org, alert.id, AlertStatus::Resolved, None, &Actor::cli())
        .expect("resolve");

    // As bad, then better: still resolved, nothing written.
    let cycle = cycle_id(store, org, "2015");
    let evaluation = store
        .evaluate_alerts(org, cycle, None, &Actor::cli())
        .expect("evaluate");
    assert_eq!(evaluation, unchanged(1));
    import(store, org, &[detractor(6)]);
    let still = only_alert(store, org, Rule::Detractor);
    assert_eq!(
        (still.status, still.magnitude),
        (AlertStatus::Resolved, 5.0)
    );
    assert_eq!(
        kinds(store, org, alert.id),
        [AlertEventKind::Raised, AlertEventKind::Resolved]
    );

    // Worse (same severity, larger magnitude): open again, with the new numbers.
    import(
        store,
        org,
        &[
            detractor(5),
            Row {
                ltr: Some(5),
                ..calm(3, "2015", "acme", "ann", "c2")
            },
        ],
    );
    import(store, org, &[detractor(4)]);
    let reopened = only_alert(store, org, Rule::Detractor);
    assert_eq!(reopened.id, alert.id);
    assert_eq!(
        (reopened.status, reopened.severity, reopened.magnitude),
        (AlertStatus::Open, Severity::High, 6.0)
    );
    assert_eq!(
        reopened.evidence,
        Some(json!({ "responses": ["2015/c1", "2015/c2"] }))
    );
    assert_eq!(
        kinds(store, org, alert.id),
        [
            AlertEventKind::Raised,
            AlertEventKind::Resolved,
            AlertEventKind::Reopened
        ]
    );
    let events = store.alert_events(org, alert.id).expect("events");
    assert_eq!(events[2].severity, Severity::High);
    assert_eq!(events[2].actor, "cli");
}

fn open_alerts_escalate(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let detractor = |ltr| Row {
        ltr: Some(ltr),
        ..calm(2, "2015", "acme", "ann", "c1")
    };
    import(store, org, &[detractor(6)]);
    let alert = only_alert(store, org, Rule::Detractor);
    store
        .transition_alert(
            org,
            alert.id,
            AlertStatus::Acknowledged,
            None,
            &Actor::cli(),
        )
        .expect("acknowledge");

    // Worse within the severity: updated quietly. Then high: escalated, still acknowledged.
    import(store, org, &[detractor(5)]);
    let updated = only_alert(store, org, Rule::Detractor);
    assert_eq!(
        (updated.severity, updated.magnitude),
        (Severity::Medium, 5.0)
    );
    import(store, org, &[detractor(2)]);
    let escalated = only_alert(store, org, Rule::Detractor);
    assert_eq!(
        (escalated.severity, escalated.magnitude, escalated.status),
        (Severity::High, 8.0, AlertStatus::Acknowledged)
    );
    // Better again: the numbers follow, and the lower severity is an event of its own (it
    // used to change silently, so the history read `raised medium, escalated high` while the
    // alert showed medium).
    import(store, org, &[detractor(6)]);
    assert_eq!(
        only_alert(store, org, Rule::Detractor).severity,
        Severity::Medium
    );
    assert_eq!(
        kinds(store, org, alert.id),
        [
            AlertEventKind::Raised,
            AlertEventKind::Acknowledged,
            AlertEventKind::Escalated,
            AlertEventKind::Deescalated
        ]
    );
    // A finding that disappears clears its alert: resolved by the evaluation, with the numbers
    // it last fired with.
    import(store, org, &[detractor(9)]);
    let cleared = only_alert(store, org, Rule::Detractor);
    assert_eq!(
        (cleared.status, cleared.severity, cleared.magnitude),
        (AlertStatus::Resolved, Severity::Medium, 4.0)
    );
    assert_eq!(
        kinds(store, org, alert.id).last(),
        Some(&AlertEventKind::Cleared)
    );
}

/// The organization's alert thresholds `alerts` (JSON fields; the others default).
fn set_alert_settings(store: &Store, org: i64, alerts: &str) {
    store
        .set_organization_settings(
            org,
            &format!(r#"{{"alerts":{alerts},"anonymity_threshold":3}}"#),
            &Actor::cli(),
        )
        .expect("settings");
}

fn evaluate(store: &Store, org: i64, accounts: Option<&[i64]>, actor: &Actor) -> AlertEvaluation {
    let cycle = cycle_id(store, org, "2015");
    store
        .evaluate_alerts(org, cycle, accounts, actor)
        .expect("evaluate")
}

fn alert_of(store: &Store, org: i64, account: &str) -> Alert {
    let account = account_id(store, org, account);
    let mut found: Vec<Alert> = all_alerts(store, org)
        .into_iter()
        .filter(|a| a.account_id == account)
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found.remove(0)
}

fn person() -> Actor {
    Actor {
        user_id: Some(7),
        token_id: None,
        label: "ann@example.com".to_owned(),
        client_addr: None,
    }
}

fn findings_that_disappear_clear_their_alerts_once(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let rows = [
        Row {
            ltr: Some(5),
            ..calm(2, "2015", "acme", "ann", "c1")
        },
        Row {
            ltr: Some(6),
            ..calm(3, "2015", "globex", "bob", "c2")
        },
        Row {
            ltr: Some(3),
            ..calm(4, "2015", "initech", "bob", "c3")
        },
    ];
    import(store, org, &rows);
    let acme = alert_of(store, org, "acme");
    let globex = alert_of(store, org, "globex");
    let initech = alert_of(store, org, "initech");
    store
        .transition_alert(org, globex.id, AlertStatus::Acknowledged, None, &person())
        .expect("acknowledge");

    // Looser thresholds: only initech's LTR of 3 still counts. Evaluating acme alone clears
    // acme's alert and nobody else's.
    set_alert_settings(store, org, r#"{"detractor_max_ltr":4}"#);
    let acme_only = [acme.account_id];
    let evaluator = Actor {
        label: "eve@example.com".to_owned(),
        user_id: Some(9),
        ..person()
    };
    let done = evaluate(store, org, Some(&acme_only), &evaluator);
    assert_eq!(
        done,
        AlertEvaluation {
            cleared: 1,
            ..AlertEvaluation::default()
        }
    );
    let cleared = alert_of(store, org, "acme");
    assert_eq!(
        cleared,
        Alert {
            status: AlertStatus::Resolved,
            updated_at: cleared.updated_at,
            ..acme.clone()
        },
        "resolved, with the numbers it last fired with"
    );
    let events = store.alert_events(org, acme.id).expect("events");
    assert_eq!(events.len(), 2);
    let event = &events[1];
    assert_eq!(
        (
            event.kind,
            event.severity,
            event.actor.as_str(),
            event.actor_user_id
        ),
        (
            AlertEventKind::Cleared,
            Severity::Medium,
            "eve@example.com",
            Some(9)
        )
    );
    assert_eq!(
        event.note.as_deref(),
        Some("no longer fires: the facts improved or the thresholds changed")
    );
    assert_eq!(
        alert_of(store, org, "globex").status,
        AlertStatus::Acknowledged,
        "globex was not evaluated"
    );

    // The whole cycle: the acknowledged globex alert is cleared too; initech still fires
    // (its detail now names the new threshold).
    let done = evaluate(store, org, None, &Actor::cli());
    assert_eq!(
        done,
        AlertEvaluation {
            cleared: 1,
            updated: 1,
            ..AlertEvaluation::default()
        }
    );
    assert_eq!(
        kinds(store, org, globex.id),
        [
            AlertEventKind::Raised,
            AlertEventKind::Acknowledged,
            AlertEventKind::Cleared
        ]
    );
    assert_eq!(alert_of(store, org, "globex").status, AlertStatus::Resolved);
    let still = alert_of(store, org, "initech");
    assert_eq!(
        (still.id, still.status, still.severity, still.magnitude),
        (initech.id, AlertStatus::Open, Severity::High, 7.0)
    );
    assert_eq!(kinds(store, org, initech.id), [AlertEventKind::Raised]);

    // Re-running changes nothing, and evaluations audit nothing (as raising and reopening).
    let counts = table_counts(db);
    assert_eq!(evaluate(store, org, None, &Actor::cli()), unchanged(1));
    assert_eq!(table_counts(db), counts);
    let status_audit = store
        .audit_log(
            org,
            &AuditFilter {
                action: Some("alert.status".to_owned()),
                ..AuditFilter::default()
            },
        )
        .expect("audit");
    assert_eq!(status_audit.len(), 1, "only the acknowledgement");
}

fn cleared_alerts_reopen_when_they_fire_again(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let rows = [
        Row {
            ltr: Some(5),
            ..calm(2, "2015", "acme", "ann", "c1")
        },
        Row {
            ltr: Some(5),
            ..calm(3, "2015", "globex", "bob", "c2")
        },
    ];
    import(store, org, &rows);
    let acme = alert_of(store, org, "acme");
    let globex = alert_of(store, org, "globex");
    // A person resolves globex's alert; acme's is cleared by the looser threshold.
    store
        .transition_alert(org, globex.id, AlertStatus::Resolved, None, &person())
        .expect("resolve");
    set_alert_settings(store, org, r#"{"detractor_max_ltr":4}"#);
    let done = evaluate(store, org, None, &Actor::cli());
    assert_eq!(
        done,
        AlertEvaluation {
            cleared: 1,
            ..AlertEvaluation::default()
        }
    );
    assert_eq!(
        kinds(store, org, globex.id),
        [AlertEventKind::Raised, AlertEventKind::Resolved],
        "a resolved alert whose finding disappeared is left alone"
    );

    // The threshold back: both fire again, no worse than before. The cleared one reopens (no
    // person resolved it); the one a person resolved stays resolved.
    set_alert_settings(store, org, r#"{"detractor_max_ltr":6}"#);
    let done = evaluate(store, org, None, &Actor::cli());
    assert_eq!(
        done,
        AlertEvaluation {
            reopened: 1,
            unchanged: 1,
            ..AlertEvaluation::default()
        }
    );
    let reopened = alert_of(store, org, "acme");
    assert_eq!(
        (reopened.status, reopened.severity, reopened.magnitude),
        (AlertStatus::Open, Severity::Medium, 5.0)
    );
    assert_eq!(reopened.created_at, acme.created_at);
    assert_eq!(
        kinds(store, org, acme.id),
        [
            AlertEventKind::Raised,
            AlertEventKind::Cleared,
            AlertEventKind::Reopened
        ]
    );
    assert_eq!(alert_of(store, org, "globex").status, AlertStatus::Resolved);
    assert_eq!(evaluate(store, org, None, &Actor::cli()), unchanged(2));

    // Once a person resolves the reopened alert, today's rule holds again: only worse reopens.
    store
        .transition_alert(org, acme.id, AlertStatus::Resolved, None, &person())
        .expect("resolve");
    assert_eq!(evaluate(store, org, None, &Actor::cli()), unchanged(2));
    assert_eq!(alert_of(store, org, "acme").status, AlertStatus::Resolved);
    import(
        store,
        org,
        &[Row {
            ltr: Some(3),
            ..rows[0].clone()
        }],
    );
    let worse = alert_of(store, org, "acme");
    assert_eq!(
        (worse.status, worse.severity),
        (AlertStatus::Open, Severity::High)
    );
    assert_eq!(
        kinds(store, org, acme.id).last(),
        Some(&AlertEventKind::Reopened)
    );
    assert_eq!(alert_of(store, org, "globex").status, AlertStatus::Resolved);
}

fn a_lower_severity_writes_deescalated(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    import(
        store,
        org,
        &[Row {
            ltr: Some(3),
            ..calm(2, "2015", "acme", "ann", "c1")
        }],
    );
    let alert = only_alert(store, org, Rule::Detractor);
    assert_eq!(alert.severity, Severity::High);

    // High now needs an LTR of 2 or less: medium, with an event saying so.
    set_alert_settings(store, org, r#"{"detractor_high_max_ltr":2}"#);
    let done = evaluate(store, org, None, &person());
    assert_eq!(
        done,
        AlertEvaluation {
            deescalated: 1,
            ..AlertEvaluation::default()
        }
    );
    let lower = only_alert(store, org, Rule::Detractor);
    assert_eq!(
        (lower.status, lower.severity, lower.magnitude),
        (AlertStatus::Open, Severity::Medium, 7.0)
    );
    let events = store.alert_events(org, alert.id).expect("events");
    let summary: Vec<_> = events
        .iter()
        .map(|e| (e.kind, e.severity, e.actor.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (AlertEventKind::Raised, Severity::High, "cli"),
            (
                AlertEventKind::Deescalated,
                Severity::Medium,
                "ann@example.com"
            ),
        ]
    );
    assert_eq!(evaluate(store, org, None, &Actor::cli()), unchanged(1));

    // And back up: escalated, as before.
    set_alert_settings(store, org, r#"{"detractor_high_max_ltr":4}"#);
    let done = evaluate(store, org, None, &Actor::cli());
    assert_eq!(
        done,
        AlertEvaluation {
            escalated: 1,
            ..AlertEvaluation::default()
        }
    );
    assert_eq!(
        kinds(store, org, alert.id),
        [
            AlertEventKind::Raised,
            AlertEventKind::Deescalated,
            AlertEventKind::Escalated
        ]
    );
}

fn corrected_imports_clear_stale_alerts_of_later_cycles(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let (before, after) = decline_rows();
    let globex = [
        calm(4, "2015", "globex", "bob", "c2"),
        Row {
            ltr: Some(3),
            ..calm(5, "2016", "globex", "bob", "c2")
        },
    ];
    import(
        store,
        org,
        &[before.clone(), after, globex[0].clone(), globex[1].clone()],
    );
    let later = cycle_id(store, org, "2016");
    let acme = account_id(store, org, "acme");
    let stale: Vec<Alert> = all_alerts(store, org)
        .into_iter()
        .filter(|a| a.account_id == acme && a.cycle_id == later)
        .collect();
    assert_eq!(
        stale.iter().map(|a| a.rule).collect::<Vec<_>>(),
        [
            Rule::ScoreDrop,
            Rule::CategoryDecline,
            Rule::CategoryDecline
        ]
    );
    store
        .transition_alert(org, stale[0].id, AlertStatus::Acknowledged, None, &person())
        .expect("acknowledge");
    let of_globex = || -> Vec<Alert> {
        let globex = account_id(store, org, "globex");
        all_alerts(store, org)
            .into_iter()
            .filter(|a| a.account_id == globex)
            .collect()
    };
    let globex_alerts = of_globex();
    assert_eq!(
        globex_alerts.iter().map(|a| a.rule).collect::<Vec<_>>(),
        [Rule::Detractor, Rule::ScoreDrop]
    );
    // A threshold under which globex's LTR of 3 no longer counts, not evaluated yet.
    set_alert_settings(store, org, r#"{"detractor_max_ltr":2}"#);

    // Acme's 2015 answers were wrong: they were as in 2016. The import evaluates acme in 2015
    // and 2016, where nothing dropped any more.
    let corrected = Row {
        performance: [Some(4), Some(4), Some(9)],
        satisfaction: Some(3),
        ltr: Some(7),
        ..before
    };
    import(store, org, &[corrected]);
    for alert in &stale {
        let now = store
            .alert(org, alert.id)
            .expect("alert")
            .expect("still there");
        assert_eq!(now.status, AlertStatus::Resolved, "{:?}", alert.rule);
        assert_eq!(now.magnitude, alert.magnitude);
        assert_eq!(
            kinds(store, org, alert.id).last(),
            Some(&AlertEventKind::Cleared)
        );
    }
    assert_eq!(
        kinds(store, org, stale[0].id),
        [
            AlertEventKind::Raised,
            AlertEventKind::Acknowledged,
            AlertEventKind::Cleared
        ]
    );
    // Globex was not part of the import: its alerts stay as they were until it is evaluated,
    // and then only the detractor alert clears.
    assert_eq!(of_globex(), globex_alerts);
    let done = store
        .evaluate_alerts(org, later, None, &Actor::cli())
        .expect("evaluate");
    assert_eq!(done.cleared, 1);
    let statuses: Vec<_> = of_globex().iter().map(|a| (a.rule, a.status)).collect();
    assert_eq!(
        statuses,
        [
            (Rule::Detractor, AlertStatus::Resolved),
            (Rule::ScoreDrop, AlertStatus::Open)
        ]
    );
}

fn lifecycle_allows_only_forward_moves_and_keeps_every_event(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let rows = [
        Row {
            ltr: Some(3),
            ..calm(2, "2015", "acme", "ann", "c1")
        },
        Row {
            ltr: Some(6),
            ..calm(3, "2015", "globex", "bob", "c2")
        },
    ];
    import(store, org, &rows);
    let alerts = all_alerts(store, org);
    let (first, second) = (alerts[0].id, alerts[1].id);
    let user = Actor {
        user_id: Some(7),
        token_id: None,
        label: "ann@example.com".to_owned(),
        client_addr: None,
    };

    let acked = store
        .transition_alert(
            org,
            first,
            AlertStatus::Acknowledged,
            Some(" on it "),
            &user,
        )
        .expect("acknowledge");
    assert_eq!(acked.status, AlertStatus::Acknowledged);
    assert!(acked.updated_at >= acked.created_at);
    store
        .transition_alert(
            org,
            first,
            AlertStatus::Resolved,
            Some("called them"),
            &user,
        )
        .expect("resolve");
    store
        .transition_alert(
            org,
            second,
            AlertStatus::Resolved,
            Some("  "),
            &Actor::cli(),
        )
        .expect("resolve directly");

    let conflict = |id, to| match store.transition_alert(org, id, to, None, &user) {
        Err(StoreError::Conflict { field, message }) => {
            assert_eq!(field, "status");
            message
        }
        other => panic!("expected a conflict, got {other:?}"),
    };
    assert_eq!(
        conflict(first, AlertStatus::Acknowledged),
        "a resolved alert cannot be acknowledged"
    );
    assert_eq!(
        conflict(first, AlertStatus::Resolved),
        "the alert is already resolved"
    );
    assert!(conflict(first, AlertStatus::Open).contains("cannot be set back to open"));
    assert!(matches!(
        store.transition_alert(org + 1, second, AlertStatus::Resolved, None, &user),
        Err(StoreError::NotFound(_))
    ));

    let events = store.alert_events(org, first).expect("events");
    let seen: Vec<_> = events
        .iter()
        .map(|e| (e.kind, e.actor.as_str(), e.actor_user_id, e.note.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (AlertEventKind::Raised, "cli", None, None),
            (
                AlertEventKind::Acknowledged,
                "ann@example.com",
                Some(7),
                Some("on it")
            ),
            (
                AlertEventKind::Resolved,
                "ann@example.com",
                Some(7),
                Some("called them")
            ),
        ]
    );
    assert!(events.windows(2).all(|w| w[0].at <= w[1].at));
    let blank_note = store.alert_events(org, second).expect("events");
    assert_eq!(blank_note[1].note, None);
    assert!(matches!(
        store.alert_events(org + 1, first),
        Err(StoreError::NotFound(_))
    ));

    // Every move is audited with the alert before and after; refused ones are not.
    let filter = AuditFilter {
        action: Some("alert.status".to_owned()),
        ..AuditFilter::default()
    };
    let audit = store.audit_log(org, &filter).expect("audit");
    assert_eq!(audit.len(), 3);
    let oldest = &audit[2];
    assert_eq!(
        oldest.target_id.as_deref(),
        Some(first.to_string().as_str())
    );
    assert_eq!(oldest.actor, "ann@example.com");
    let status = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v["status"].clone());
    assert_eq!(status(&oldest.before), Some(json!("open")));
    assert_eq!(status(&oldest.after), Some(json!("acknowledged")));
}

fn alert_events_are_append_only(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    import(
        store,
        org,
        &[Row {
            ltr: Some(3),
            ..calm(2, "2015", "acme", "ann", "c1")
        }],
    );
    for sql in [
        "UPDATE alert_events SET note = 'rewritten'",
        "DELETE FROM alert_events",
    ] {
        let e = raw_execute(db, sql).expect_err("refused");
        assert!(e.contains("append-only"), "{sql}: {e}");
    }
    let alert = only_alert(store, org, Rule::Detractor);
    assert_eq!(kinds(store, org, alert.id), [AlertEventKind::Raised]);
}

fn alerts_are_listed_filtered_and_paged(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let rows = [
        Row {
            ltr: Some(3),
            ..calm(2, "2015", "acme", "ann", "c1")
        },
        Row {
            ltr: Some(6),
            ..calm(3, "2015", "globex", "bob", "c2")
        },
        Row {
            ltr: Some(5),
            ..calm(4, "2015", "initech", "bob", "c3")
        },
    ];
    import(store, org, &rows);
    let (ann, bob) = (am_id(store, org, "ann"), am_id(store, org, "bob"));
    let page = |filter: AlertFilter| store.alerts(org, &filter).expect("alerts");

    let all = page(AlertFilter::default());
    assert_eq!(all.total, 3);
    // Newest first, then by id: one import stamps them alike, so by id, descending.
    let ids: Vec<i64> = all.items.iter().map(|a| a.id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ids, sorted);

    let second = page(AlertFilter {
        limit: 1,
        offset: 1,
        ..AlertFilter::default()
    });
    assert_eq!((second.total, second.items.len()), (3, 1));
    assert_eq!(second.items[0].id, ids[1]);

    let bobs = page(AlertFilter {
        account_manager: Some(bob),
        ..AlertFilter::default()
    });
    assert_eq!(bobs.total, 2);
    let visible = page(AlertFilter {
        account_managers_in: Some(vec![ann]),
        ..AlertFilter::default()
    });
    assert_eq!(visible.total, 1);
    assert_eq!(visible.items[0].account_manager_id, ann);
    let nobody = page(AlertFilter {
        account_managers_in: Some(Vec::new()),
        ..AlertFilter::default()
    });
    assert_eq!((nobody.total, nobody.items.len()), (0, 0));
    let high = page(AlertFilter {
        severity: Some(Severity::High),
        rule: Some(Rule::Detractor),
        ..AlertFilter::default()
    });
    assert_eq!(high.total, 1);
    let globex = account_id(store, org, "globex");
    let of_globex = page(AlertFilter {
        account: Some(globex),
        status: Some(AlertStatus::Open),
        cycle_id: Some(cycle_id(store, org, "2015")),
        ..AlertFilter::default()
    });
    assert_eq!(of_globex.total, 1);
    assert_eq!(of_globex.items[0].account_id, globex);
    let elsewhere = page(AlertFilter {
        cycle_id: Some(-1),
        ..AlertFilter::default()
    });
    assert_eq!(elsewhere.total, 0);
    assert_eq!(
        store
            .alerts(org + 1, &AlertFilter::default())
            .expect("other org")
            .total,
        0
    );
    assert_eq!(store.alert(org + 1, ids[0]).expect("other org"), None);
}

fn overview_counts_per_am_severity_and_status(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let rows = [
        Row {
            ltr: Some(3),
            ..calm(2, "2015", "acme", "ann", "c1")
        },
        Row {
            ltr: Some(6),
            ..calm(3, "2015", "globex", "bob", "c2")
        },
        Row {
            ltr: Some(5),
            ..calm(4, "2015", "initech", "bob", "c3")
        },
        Row {
            ltr: Some(1),
            ..calm(5, "2016", "initech", "bob", "c3")
        },
    ];
    import(store, org, &rows);
    let globex = account_id(store, org, "globex");
    let globex_alert = all_alerts(store, org)
        .into_iter()
        .find(|a| a.account_id == globex)
        .expect("globex alert");
    store
        .transition_alert(
            org,
            globex_alert.id,
            AlertStatus::Acknowledged,
            None,
            &Actor::cli(),
        )
        .expect("acknowledge");
    let (ann, bob) = (am_id(store, org, "ann"), am_id(store, org, "bob"));

    let counts = |n: (i64, i64, i64)| StatusCounts {
        open: n.0,
        acknowledged: n.1,
        resolved: n.2,
    };
    let cycle = cycle_id(store, org, "2015");
    let overview = store.alert_overview(org, Some(cycle)).expect("overview");
    let mut ams: Vec<i64> = vec![ann, bob];
    ams.sort_unstable();
    assert_eq!(
        overview
            .iter()
            .map(|c| c.account_manager)
            .collect::<Vec<_>>(),
        ams
    );
    let of = |am| {
        overview
            .iter()
            .find(|c| c.account_manager == am)
            .expect("am listed")
            .by_severity_and_status
    };
    assert_eq!(of(ann).high, counts((1, 0, 0)));
    assert_eq!(of(ann).medium, counts((0, 0, 0)));
    assert_eq!(of(bob).medium, counts((1, 1, 0)));
    assert_eq!(
        (of(bob).high, of(bob).low),
        (counts((0, 0, 0)), counts((0, 0, 0)))
    );

    let everything = store.alert_overview(org, None).expect("overview");
    let bob_all = everything
        .iter()
        .find(|c| c.account_manager == bob)
        .expect("bob")
        .by_severity_and_status;
    assert_eq!(bob_all.high, counts((1, 0, 0)));
    assert!(
        store
            .alert_overview(org + 1, None)
            .expect("other")
            .is_empty()
    );
}

fn unassessed_fires_after_close_for_the_owner_at_close(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let mut b = batch(&[
        calm(2, "2015", "acme", "ann", "c1"),
        calm(3, "2015", "globex", "bob", "c2"),
        calm(4, "2015", "initech", "bob", "c3"),
        calm(5, "2016", "acme", "ann", "c1"),
    ]);
    // globex is worth watching, initech is below the threshold.
    for account in &mut b.accounts {
        account.annual_value = Some(if account.external_id == "globex" {
            9000.0
        } else {
            100.0
        });
        if account.external_id == "acme" {
            account.annual_value = Some(50_000.0);
        }
    }
    store.import(org, &b, &opts()).expect("import");
    store
        .set_organization_settings(
            org,
            r#"{"alerts":{"unassessed_min_value":1000},"anonymity_threshold":3}"#,
            &Actor::cli(),
        )
        .expect("settings");
    assert!(all_alerts(store, org).is_empty());

    let cycle = cycle_id(store, org, "2016");
    let closed = store.close_cycle(org, cycle, &Actor::cli()).expect("close");
    let closed_at = closed.closed_at.expect("closed_at set");
    assert_eq!((closed.key.as_str(), closed.responses), ("2016", 1));
    let listed = store
        .cycle_by_key(org, "2016")
        .expect("cycle")
        .expect("exists");
    assert_eq!(listed.closed_at, Some(closed_at));
    assert_eq!(
        store
            .cycle_by_key(org, "2015")
            .expect("c")
            .expect("e")
            .closed_at,
        None
    );

    let alert = only_alert(store, org, Rule::Unassessed);
    assert_eq!(alert.account_id, account_id(store, org, "globex"));
    assert_eq!(alert.account_manager_id, am_id(store, org, "bob"));
    assert_eq!((alert.severity, alert.magnitude), (Severity::Low, 9000.0));
    assert_eq!(alert.cycle_id, cycle);
    assert_eq!(all_alerts(store, org).len(), 1);

    let audit = store
        .audit_log(
            org,
            &AuditFilter {
                action: Some("cycle.close".to_owned()),
                ..AuditFilter::default()
            },
        )
        .expect("audit");
    assert_eq!(audit.len(), 1);
    assert_eq!(
        audit[0].before.as_ref().map(|c| c["closed_at"].clone()),
        Some(json!(null))
    );
    assert!(
        audit[0]
            .after
            .as_ref()
            .is_some_and(|c| !c["closed_at"].is_null())
    );

    // A late response means the account was assessed after all: the import clears the
    // alert (resolved, numbers kept), and re-evaluation keeps it as it is.
    import(store, org, &[calm(6, "2016", "globex", "bob", "c2")]);
    let cleared = only_alert(store, org, Rule::Unassessed);
    assert_eq!(
        cleared,
        Alert {
            status: AlertStatus::Resolved,
            updated_at: cleared.updated_at,
            ..alert.clone()
        }
    );
    assert_eq!(
        kinds(store, org, alert.id),
        [AlertEventKind::Raised, AlertEventKind::Cleared]
    );
    let again = store
        .evaluate_alerts(org, cycle, None, &Actor::cli())
        .expect("evaluate");
    assert_eq!(again, AlertEvaluation::default());
    assert_eq!(only_alert(store, org, Rule::Unassessed), cleared);
}

fn closing_twice_conflicts(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    import(store, org, &[calm(2, "2015", "acme", "ann", "c1")]);
    let cycle = cycle_id(store, org, "2015");
    let first = store.close_cycle(org, cycle, &Actor::cli()).expect("close");
    match store.close_cycle(org, cycle, &Actor::cli()) {
        Err(StoreError::Conflict { field, message }) => {
            assert_eq!(field, "closed_at");
            assert!(
                message.starts_with("cycle 2015 was already closed at "),
                "{message}"
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        store
            .cycle_by_key(org, "2015")
            .expect("c")
            .expect("e")
            .closed_at,
        first.closed_at
    );
    assert!(matches!(
        store.close_cycle(org + 1, cycle, &Actor::cli()),
        Err(StoreError::NotFound(_))
    ));
    let closes = store
        .audit_log(
            org,
            &AuditFilter {
                action: Some("cycle.close".to_owned()),
                ..AuditFilter::default()
            },
        )
        .expect("audit");
    assert_eq!(closes.len(), 1);
}

/// Acme performs at 9 in 2015 and at 4 in 2016, with worse satisfaction and LTR.
fn decline_rows() -> (Row, Row) {
    let before = calm(2, "2015", "acme", "ann", "c1");
    let after = Row {
        performance: [Some(4), Some(4), Some(9)],
        satisfaction: Some(3),
        ltr: Some(7),
        ..calm(3, "2016", "acme", "ann", "c1")
    };
    (before, after)
}

fn history_rules_compare_with_earlier_cycles_whatever_the_import_order(db: &TestDb) {
    let store = db.store();
    let (before, after) = decline_rows();

    // In time order.
    let org = org(store);
    import(store, org, &[before.clone(), after.clone()]);
    let in_order = summary(store, org);

    // The later cycle first, then the earlier one: the later cycle is evaluated again.
    let late = store.ensure_organization("Late Corp").expect("org").id;
    import(store, late, std::slice::from_ref(&after));
    assert!(
        all_alerts(store, late)
            .iter()
            .all(|a| !matches!(a.rule, Rule::ScoreDrop | Rule::CategoryDecline)),
        "no history yet"
    );
    import(store, late, std::slice::from_ref(&before));
    assert_eq!(summary(store, late), in_order);

    use AlertStatus::Open;
    use Severity::{High, Medium};
    assert_eq!(
        in_order,
        [
            (Rule::ScoreDrop, false, High, Open),
            (Rule::CategoryDecline, true, Medium, Open),
            (Rule::CategoryDecline, true, Medium, Open),
        ]
    );
    // Scores 96 and 76: F, OS and LTR rescaled over 0.85 (no ease indicator).
    let drop = only_alert(store, org, Rule::ScoreDrop);
    assert_eq!(drop.cycle_id, cycle_id(store, org, "2016"));
    assert_eq!(drop.magnitude, 20.0);
    assert!(drop.detail.contains("from 96 to 76"), "{}", drop.detail);
    let declines: Vec<(Option<i64>, f64)> = all_alerts(store, org)
        .into_iter()
        .filter(|a| a.rule == Rule::CategoryDecline)
        .map(|a| (a.category, a.magnitude))
        .collect();
    let cats = store.categories(org).expect("categories");
    assert_eq!(declines, [(Some(cats[0].id), 5.0), (Some(cats[1].id), 5.0)]);
}

fn failed_and_dry_imports_leave_no_alert(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    import(store, org, &[calm(2, "2015", "acme", "ann", "c1")]);
    let before = table_counts(db);

    // A detractor that would alert, and a contact moved to another account: the import fails.
    let failing = [
        Row {
            ltr: Some(2),
            ..calm(2, "2016", "acme", "ann", "c9")
        },
        calm(3, "2016", "globex", "bob", "c1"),
    ];
    let e = store
        .import(org, &batch(&failing), &opts())
        .expect_err("fails");
    assert!(matches!(e, StoreError::Rows(_)), "{e}");
    assert_eq!(table_counts(db), before);

    // A dry run evaluates too, then rolls everything back.
    let dry = ImportOptions {
        dry_run: true,
        ..opts()
    };
    store
        .import(org, &batch(&failing[..1]), &dry)
        .expect("dry run");
    assert_eq!(table_counts(db), before);
    assert!(all_alerts(store, org).is_empty());

    // The same row for real does alert.
    import(store, org, &failing[..1]);
    assert_eq!(
        only_alert(store, org, Rule::Detractor).severity,
        Severity::High
    );
}

fn evaluation_of_another_orgs_cycle_is_not_found(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    import(store, org, &[calm(2, "2015", "acme", "ann", "c1")]);
    let other = store.ensure_organization("Other").expect("org").id;
    let cycle = cycle_id(store, org, "2015");
    assert!(matches!(
        store.evaluate_alerts(other, cycle, None, &Actor::cli()),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.evaluate_alerts(other + 100, cycle, None, &Actor::cli()),
        Err(StoreError::NotFound(_))
    ));
    let only_acme = [account_id(store, org, "acme")];
    assert_eq!(
        store
            .evaluate_alerts(org, cycle, Some(&only_acme), &Actor::cli())
            .expect("evaluate"),
        AlertEvaluation::default()
    );
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn outcome(account: &str, renewed: bool, decided_on: NaiveDate) -> NewOutcome {
    NewOutcome {
        account_external_id: account.to_owned(),
        renewed,
        decided_on,
    }
}

fn outcomes_are_all_or_nothing(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    import(
        store,
        org,
        &[
            calm(2, "2015", "acme", "ann", "c1"),
            calm(3, "2015", "globex", "bob", "c2"),
        ],
    );
    let before = table_counts(db);
    let entries = [
        outcome("acme", true, day(2016, 1, 31)),
        outcome("nobody", false, day(2016, 1, 31)),
        outcome("globex", false, day(2016, 2, 1)),
        outcome(" acme ", false, day(2016, 1, 31)),
    ];
    let e = store
        .record_outcomes(org, &entries, &Actor::cli())
        .expect_err("refused");
    let StoreError::Rows(errors) = e else {
        panic!("expected row errors, got {e}");
    };
    let found: Vec<_> = errors
        .iter()
        .map(|e| (e.row, e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (None, "outcomes[1].account_external_id", "unknown_account"),
            (None, "outcomes[3].decided_on", "duplicate_outcome"),
        ]
    );
    assert_eq!(
        errors[1].message,
        "account `acme` already has an outcome for 2016-01-31 at entry 0"
    );
    assert_eq!(table_counts(db), before);
    assert!(store.outcomes(org).expect("outcomes").is_empty());
    assert!(matches!(
        store.record_outcomes(org + 100, &entries[..1], &Actor::cli()),
        Err(StoreError::NotFound(_))
    ));
}

fn outcomes_are_idempotent_and_corrections_audited(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    import(
        store,
        org,
        &[
            calm(2, "2015", "acme", "ann", "c1"),
            calm(3, "2015", "globex", "bob", "c2"),
        ],
    );
    let (acme, globex) = (
        account_id(store, org, "acme"),
        account_id(store, org, "globex"),
    );
    let entries = [
        outcome("globex", false, day(2016, 2, 1)),
        outcome("acme", true, day(2016, 1, 31)),
        outcome("acme", true, day(2017, 1, 31)),
    ];
    assert_eq!(
        store
            .record_outcomes(org, &entries, &Actor::cli())
            .expect("record"),
        3
    );
    let stored = store.outcomes(org).expect("outcomes");
    let mut expected = vec![
        OutcomeRow {
            account_id: acme,
            renewed: true,
            decided_on: day(2016, 1, 31),
        },
        OutcomeRow {
            account_id: acme,
            renewed: true,
            decided_on: day(2017, 1, 31),
        },
        OutcomeRow {
            account_id: globex,
            renewed: false,
            decided_on: day(2016, 2, 1),
        },
    ];
    expected.sort_by_key(|o| (o.account_id, o.decided_on));
    assert_eq!(stored, expected);

    // The same again: nothing written, nothing audited.
    let counts = table_counts(db);
    assert_eq!(
        store
            .record_outcomes(org, &entries, &Actor::cli())
            .expect("again"),
        0
    );
    assert_eq!(table_counts(db), counts);

    // A correction is written and audited with the answer it replaced.
    let fix = [outcome("globex", true, day(2016, 2, 1))];
    assert_eq!(
        store
            .record_outcomes(org, &fix, &Actor::cli())
            .expect("fix"),
        1
    );
    assert_eq!(table_counts(db)["outcomes"], 3);
    let audit = store
        .audit_log(
            org,
            &AuditFilter {
                action: Some("outcome.record".to_owned()),
                ..AuditFilter::default()
            },
        )
        .expect("audit");
    assert_eq!(audit.len(), 2);
    assert_eq!(
        audit[0].before,
        Some(json!([{ "account_id": globex, "renewed": false, "decided_on": "2016-02-01" }]))
    );
    assert_eq!(
        audit[0].after,
        Some(json!([{ "account_id": globex, "renewed": true, "decided_on": "2016-02-01" }]))
    );
    assert!(
        store
            .outcomes(org)
            .expect("outcomes")
            .iter()
            .any(|o| o.account_id == globex && o.renewed)
    );
}

fn complete_cases_need_every_category_and_the_outcome(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let rows = [
        Row {
            performance: [Some(6), Some(8), Some(5)],
            ltr: Some(8),
            ..calm(2, "2015", "acme", "ann", "c1")
        },
        // A missing performance, then a missing outcome: both incomplete.
        Row {
            performance: [Some(10), None, Some(1)],
            ..calm(3, "2015", "acme", "ann", "c2")
        },
        Row {
            ltr: None,
            ..calm(4, "2015", "globex", "bob", "c3")
        },
        Row {
            performance: [Some(2), Some(3), Some(4)],
            ltr: Some(1),
            ..calm(5, "2015", "globex", "bob", "c4")
        },
    ];
    import(store, org, &rows);
    let cycle = cycle_id(store, org, "2015");
    let categories: Vec<i64> = store
        .categories(org)
        .expect("categories")
        .iter()
        .map(|c| c.id)
        .collect();

    let all = store.complete_cases(org, cycle, None).expect("cases");
    assert_eq!(all.categories, categories);
    assert_eq!(
        all.cases,
        [(vec![6.0, 8.0, 5.0], 8.0), (vec![2.0, 3.0, 4.0], 1.0),]
    );
    let globex = [account_id(store, org, "globex")];
    let some = store
        .complete_cases(org, cycle, Some(&globex))
        .expect("cases");
    assert_eq!(some.cases, [(vec![2.0, 3.0, 4.0], 1.0)]);
    let none = store
        .complete_cases(org, cycle, Some(&[][..]))
        .expect("cases");
    assert_eq!((none.categories.len(), none.cases.len()), (3, 0));
    assert!(matches!(
        store.complete_cases(org + 1, cycle, None),
        Err(StoreError::NotFound(_))
    ));
}

/// Runs raw SQL on a connection of its own, returning the error text.
fn raw_execute(db: &TestDb, sql: &str) -> Result<usize, String> {
    let query = diesel::sql_query(sql);
    match db.store().backend() {
        Backend::Postgres => {
            let mut c = PgConnection::establish(db.url()).expect("pg");
            query.execute(&mut c)
        }
        Backend::Sqlite => {
            let mut c = SqliteConnection::establish(db.url()).expect("sqlite");
            query.execute(&mut c)
        }
    }
    .map_err(|e| e.to_string())
}
