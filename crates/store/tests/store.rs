//! Store behaviour, every test run on SQLite and on PostgreSQL.

mod common;

use common::*;
use gapscope_domain::survey::{ImportanceForm, IndicatorKind, Scale};
use gapscope_store::testing::TestDb;
use gapscope_store::{Actor, Backend, ImportOptions, ImportSummary, Store, StoreError};

fn opts() -> ImportOptions {
    ImportOptions {
        dry_run: false,
        file_name: Some("survey.csv".to_owned()),
        actor: Actor::cli(),
    }
}

fn dry() -> ImportOptions {
    ImportOptions {
        dry_run: true,
        file_name: None,
        actor: Actor::cli(),
    }
}

/// Two cycles, three accounts, two AMs, five contacts.
fn base_rows() -> Vec<Row> {
    vec![
        Row {
            submitted_at: Some(at(2015, 3, 1)),
            ..row(2, "2015", "acme", "ann", "c1")
        },
        Row {
            role: "user",
            submitted_at: Some(at(2015, 3, 2)),
            performance: [Some(10), None, Some(1)],
            ltr: Some(10),
            ..row(3, "2015", "acme", "ann", "c2")
        },
        Row {
            submitted_at: Some(at(2015, 3, 3)),
            importance: [None, Some(5), Some(5)],
            ltr: None,
            comment: Some("slow replies"),
            ..row(4, "2015", "globex", "bob", "c3")
        },
        Row {
            submitted_at: Some(at(2016, 3, 1)),
            performance: [Some(9), Some(9), Some(2)],
            ltr: Some(3),
            ..row(5, "2016", "acme", "ann", "c1")
        },
        Row {
            role: "influencer",
            submitted_at: Some(at(2016, 3, 2)),
            ..row(6, "2016", "initech", "bob", "c4")
        },
    ]
}

fn org(store: &Store) -> i64 {
    store.ensure_organization("Acme Corp").expect("org").id
}

fn field_of(e: StoreError) -> String {
    match e {
        StoreError::Conflict { field, .. } | StoreError::Invalid { field, .. } => field,
        other => panic!("expected a conflict or invalid error, got {other}"),
    }
}

fn message_of(e: StoreError) -> String {
    match e {
        StoreError::Conflict { message, .. } | StoreError::Invalid { message, .. } => message,
        other => panic!("expected a conflict or invalid error, got {other}"),
    }
}

/// The (line, field, code) of each row error, in order.
fn rows_of(e: StoreError) -> Vec<(usize, String, String)> {
    match e {
        StoreError::Rows(errors) => errors
            .into_iter()
            .map(|e| (e.row.expect("a row"), e.field, e.code))
            .collect(),
        other => panic!("expected row errors, got {other}"),
    }
}

both_backends!(
    migrations_on_fresh_db,
    organizations,
    import_counts,
    reimport_changes_nothing,
    changed_rows_are_updated,
    role_change_rebuilds_cells,
    indicator_conflict_leaves_db_unchanged,
    cycle_conflicts_leave_db_unchanged,
    invalid_contacts_are_rejected,
    unknown_organization_is_not_found,
    dry_run_writes_nothing,
    history_follows_the_rows_and_freezes_the_am_of_record,
    concurrent_imports_of_one_batch,
    none_form_without_outcome_indicator,
    latest_cycle_is_the_greatest_key,
    organizations_are_isolated,
    san_diego_sized_import,
    an_older_cycle_keeps_its_am_of_record_but_not_the_account,
    an_older_response_with_a_time_keeps_the_current_owner,
    a_newer_cycle_moves_the_owner_even_with_an_earlier_time,
    row_conflicts_are_all_reported_in_file_order,
    row_conflicts_are_capped_like_the_import_report,
    conflict_messages_read_in_plain_words,
);

fn migrations_on_fresh_db(db: &TestDb) {
    let store = db.store();
    assert!(store.is_empty().expect("is_empty"));
    let org = org(store);
    assert!(store.cycles(org).expect("cycles").is_empty());
    assert!(store.latest_cycle(org).expect("latest").is_none());
    assert!(store.categories(org).expect("categories").is_empty());
    // A second open of the same database finds nothing to migrate and sees the same data.
    let again = Store::open(Some(db.url())).expect("reopen");
    assert_eq!(again.backend(), store.backend());
    assert_eq!(
        again.organization("Acme Corp").expect("org").map(|o| o.id),
        Some(org)
    );
    assert_eq!(table_counts(db)["organizations"], 1);
}

fn organizations(db: &TestDb) {
    let store = db.store();
    let a = store.ensure_organization("Acme Corp").expect("create");
    let b = store.ensure_organization(" Acme Corp ").expect("again");
    assert_eq!(a, b);
    assert_eq!(a.settings, "{}");
    assert!(store.organization("Nobody").expect("lookup").is_none());
    let updated = store
        .set_organization_settings(a.id, r#"{"role_weights":{}}"#, &Actor::cli())
        .expect("settings");
    assert_eq!(updated.settings, r#"{"role_weights":{}}"#);
    assert!(matches!(
        store.ensure_organization("  "),
        Err(StoreError::Invalid { .. })
    ));
    assert!(matches!(
        store.set_organization_settings(a.id + 100, "{}", &Actor::cli()),
        Err(StoreError::NotFound(_))
    ));
}

fn import_counts(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let s = store
        .import(org, &batch(&base_rows()), &opts())
        .expect("import");
    assert!(s.import_id.as_deref().is_some_and(|id| id.len() == 36));
    assert_eq!(
        s,
        ImportSummary {
            import_id: s.import_id.clone(),
            dry_run: false,
            rows: 5,
            responses_inserted: 5,
            responses_updated: 0,
            responses_unchanged: 0,
            cycles_created: 2,
            categories_created: 3,
            indicators_created: 2,
            account_managers_created: 2,
            accounts_created: 3,
            contacts_created: 4,
            assignments_changed: 3,
        }
    );
    assert!(!store.is_empty().expect("is_empty"));

    let cycles = store.cycles(org).expect("cycles");
    let keys: Vec<_> = cycles
        .iter()
        .map(|c| (c.key.as_str(), c.responses))
        .collect();
    assert_eq!(keys, [("2015", 3), ("2016", 2)]);
    assert_eq!(cycles[0].performance_scale, Scale { min: 1, max: 10 });
    assert_eq!(
        cycles[0].importance_form,
        ImportanceForm::Rating {
            scale: Scale { min: 1, max: 10 }
        }
    );

    let cats: Vec<_> = store
        .categories(org)
        .expect("categories")
        .into_iter()
        .map(|c| (c.key, c.position))
        .collect();
    assert_eq!(
        cats,
        [
            ("communication".to_owned(), 0),
            ("service".to_owned(), 1),
            ("responsiveness".to_owned(), 2),
        ]
    );
    let inds = store.indicators(org).expect("indicators");
    assert_eq!(inds[0].kind, IndicatorKind::Ltr);
    assert_eq!(inds[0].scale, Scale { min: 0, max: 10 });
    // The LTR indicator is the cycles' outcome.
    assert_eq!(cycles[0].outcome_indicator_id, Some(inds[0].id));

    let ams = store.account_managers(org).expect("ams");
    assert_eq!(ams.len(), 2);
    let ann = ams.iter().find(|a| a.external_id == "ann").expect("ann");
    assert_eq!(
        store.account_manager(org, ann.id).expect("am").as_ref(),
        Some(ann)
    );
    let accounts = store.accounts(org).expect("accounts");
    assert_eq!(accounts.len(), 3);
    let acme = accounts
        .iter()
        .find(|a| a.external_id == "acme")
        .expect("acme");
    assert_eq!(acme.current_account_manager, Some(ann.id));
    assert_eq!(acme.annual_value, Some(1000.0));
    assert_eq!(
        store.account(org, acme.id).expect("account").as_ref(),
        Some(acme)
    );
    assert!(
        store
            .account(org + 1, acme.id)
            .expect("other org")
            .is_none()
    );
    assert_cells_match(db, org);
}

fn reimport_changes_nothing(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let b = batch(&base_rows());
    store.import(org, &b, &opts()).expect("first");
    let counts = table_counts(db);
    let cells: Vec<_> = store
        .cycles(org)
        .expect("cycles")
        .iter()
        .map(|c| stored_cells(store, org, c.id))
        .collect();

    let s = store.import(org, &b, &opts()).expect("second");
    assert_eq!(
        (
            s.responses_inserted,
            s.responses_updated,
            s.responses_unchanged
        ),
        (0, 0, 5)
    );
    assert_eq!(
        (
            s.cycles_created,
            s.categories_created,
            s.indicators_created,
            s.account_managers_created,
            s.accounts_created,
            s.contacts_created,
            s.assignments_changed
        ),
        (0, 0, 0, 0, 0, 0, 0)
    );
    let mut after = table_counts(db);
    // Only the import log and the audit log grow.
    assert_eq!(after.remove("imports"), Some(counts["imports"] + 1));
    assert_eq!(after.remove("audit_log"), Some(counts["audit_log"] + 1));
    let mut before = counts.clone();
    before.remove("imports");
    before.remove("audit_log");
    assert_eq!(after, before);
    let cells_after: Vec<_> = store
        .cycles(org)
        .expect("cycles")
        .iter()
        .map(|c| stored_cells(store, org, c.id))
        .collect();
    assert_eq!(cells_after, cells);
}

fn changed_rows_are_updated(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    store
        .import(org, &batch(&base_rows()), &opts())
        .expect("first");
    let mut rows = base_rows();
    rows[1].performance = [Some(2), Some(3), None];
    rows[1].comment = Some("changed my mind");
    rows[2].ltr = Some(0);
    rows.push(Row {
        submitted_at: Some(at(2016, 4, 1)),
        ..row(7, "2016", "globex", "bob", "c5")
    });
    let s = store.import(org, &batch(&rows), &opts()).expect("second");
    assert_eq!(
        (
            s.responses_inserted,
            s.responses_updated,
            s.responses_unchanged
        ),
        (1, 2, 3)
    );
    assert_eq!(s.contacts_created, 1);
    assert_eq!(table_counts(db)["responses"], 6);
    assert_cells_match(db, org);
    // And importing that again is a no-op.
    let s = store.import(org, &batch(&rows), &opts()).expect("third");
    assert_eq!(
        (
            s.responses_inserted,
            s.responses_updated,
            s.responses_unchanged
        ),
        (0, 0, 6)
    );
}

fn role_change_rebuilds_cells(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    store
        .import(org, &batch(&base_rows()), &opts())
        .expect("first");
    let mut rows = base_rows();
    for r in rows.iter_mut().filter(|r| r.contact == "c1") {
        r.role = "influencer";
    }
    let s = store.import(org, &batch(&rows), &opts()).expect("second");
    // The responses themselves are the same; the contact's role moved their cells.
    assert_eq!(s.responses_unchanged, 5);
    assert_cells_match(db, org);
    let cycle = store
        .cycle_by_key(org, "2015")
        .expect("cycle")
        .expect("2015");
    let acme = store
        .accounts(org)
        .expect("accounts")
        .into_iter()
        .find(|a| a.external_id == "acme")
        .expect("acme");
    let mut roles: Vec<_> = store
        .cycle_cells(org, cycle.id)
        .expect("cells")
        .responses
        .into_iter()
        .filter(|c| c.account == acme.id)
        .map(|c| c.role)
        .collect();
    roles.sort();
    assert_eq!(roles, ["influencer", "user"]);
}

fn indicator_conflict_leaves_db_unchanged(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    store
        .import(org, &batch(&base_rows()), &opts())
        .expect("first");
    let before = table_counts(db);
    let mut rows = base_rows();
    rows.push(row(7, "2017", "hooli", "cat", "c9"));
    let mut b = batch(&rows);
    b.indicators[0].scale = Scale { min: 1, max: 10 };
    let e = store.import(org, &b, &opts()).expect_err("conflict");
    assert!(matches!(e, StoreError::Conflict { .. }), "{e}");
    assert_eq!(field_of(e), "indicators[ltr].scale");
    let mut b = batch(&rows);
    b.indicators[1].kind = IndicatorKind::Ease;
    assert_eq!(
        field_of(store.import(org, &b, &opts()).expect_err("kind")),
        "indicators[satisfaction].kind"
    );
    assert_eq!(table_counts(db), before);
}

fn cycle_conflicts_leave_db_unchanged(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    store
        .import(org, &batch(&base_rows()), &opts())
        .expect("first");
    let before = table_counts(db);

    let mut b = batch(&base_rows());
    b.importance_form = ImportanceForm::Pick { k: 3 };
    let e = store.import(org, &b, &opts()).expect_err("form");
    assert_eq!(field_of(e), "cycles[2015].importance_form");

    let mut b = batch(&base_rows());
    b.performance_scale = Scale { min: 0, max: 10 };
    let e = store.import(org, &b, &opts()).expect_err("scale");
    assert_eq!(field_of(e), "cycles[2015].performance_scale");
    assert_eq!(table_counts(db), before);
}

fn invalid_contacts_are_rejected(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    store
        .import(org, &batch(&base_rows()), &opts())
        .expect("first");
    let before = table_counts(db);

    // c3 is globex's contact; here it answers for acme.
    let moved = vec![row(9, "2017", "acme", "ann", "c3")];
    let e = store
        .import(org, &batch(&moved), &opts())
        .expect_err("moved");
    assert!(matches!(e, StoreError::Rows(_)), "{e}");
    assert_eq!(
        rows_of(e),
        [(9, "contact.id".into(), "contact_in_another_account".into())]
    );

    // The same contact twice in one cycle, in one file.
    let twice = vec![
        row(2, "2017", "acme", "ann", "c1"),
        Row {
            ..row(3, "2017", "acme", "ann", "c1")
        },
    ];
    let mut b = batch(&twice);
    b.responses[1].external_id = "other-id".to_owned();
    assert_eq!(
        rows_of(store.import(org, &b, &opts()).expect_err("twice")),
        [(3, "contact.id".into(), "duplicate_contact_in_cycle".into())]
    );

    // The same contact answering a stored cycle again under another response id.
    let mut b = batch(&[row(4, "2015", "acme", "ann", "c1")]);
    b.responses[0].external_id = "second-answer".to_owned();
    let e = store.import(org, &b, &opts()).expect_err("stored");
    assert_eq!(
        rows_of(e),
        [(4, "contact.id".into(), "contact_answered_twice".into())]
    );

    // A contact under two accounts within one file.
    let split = vec![
        row(2, "2017", "acme", "ann", "c7"),
        row(3, "2018", "globex", "bob", "c7"),
    ];
    assert_eq!(
        rows_of(
            store
                .import(org, &batch(&split), &opts())
                .expect_err("split")
        ),
        [(3, "contact.id".into(), "contact_in_two_accounts".into())]
    );
    assert_eq!(table_counts(db), before);
}

fn unknown_organization_is_not_found(db: &TestDb) {
    let e = db
        .store()
        .import(4242, &batch(&base_rows()), &opts())
        .expect_err("no org");
    assert!(matches!(e, StoreError::NotFound(_)), "{e}");
}

fn dry_run_writes_nothing(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let before = table_counts(db);
    let b = batch(&base_rows());
    let d = store.import(org, &b, &dry()).expect("dry run");
    assert_eq!(d.import_id, None);
    assert!(d.dry_run);
    assert_eq!(table_counts(db), before);
    assert!(store.is_empty().expect("empty"));
    let real = store.import(org, &b, &opts()).expect("real");
    assert_eq!(
        ImportSummary {
            import_id: None,
            dry_run: true,
            ..real
        },
        d
    );
    // A dry re-import reports no change.
    let d = store.import(org, &b, &dry()).expect("dry again");
    assert_eq!(d.responses_unchanged, 5);
}

fn history_follows_the_rows_and_freezes_the_am_of_record(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let y2015 = vec![
        Row {
            submitted_at: Some(at(2015, 3, 1)),
            ..row(2, "2015", "acme", "ann", "c1")
        },
        Row {
            submitted_at: Some(at(2015, 3, 5)),
            ..row(3, "2015", "acme", "ann", "c2")
        },
    ];
    store.import(org, &batch(&y2015), &opts()).expect("2015");
    // acme moves to bob for 2016; c3 answers without an AM column value.
    let y2016 = vec![
        Row {
            submitted_at: Some(at(2016, 3, 1)),
            ..row(2, "2016", "acme", "bob", "c1")
        },
        Row {
            am: None,
            submitted_at: Some(at(2016, 5, 1)),
            ..row(3, "2016", "acme", "bob", "c3")
        },
    ];
    let s = store.import(org, &batch(&y2016), &opts()).expect("2016");
    assert_eq!(s.assignments_changed, 1);

    let acme = store
        .accounts(org)
        .expect("accounts")
        .into_iter()
        .find(|a| a.external_id == "acme")
        .expect("acme");
    let ams = store.account_managers(org).expect("ams");
    let id = |x: &str| ams.iter().find(|a| a.external_id == x).expect("am").id;
    let (ann, bob) = (id("ann"), id("bob"));
    assert_eq!(acme.current_account_manager, Some(bob));

    let history = store.assignments(org, acme.id).expect("history");
    let periods: Vec<_> = history
        .iter()
        .map(|a| (a.account_manager_id, a.valid_from, a.valid_to))
        .collect();
    assert_eq!(
        periods,
        [
            (ann, at(2015, 3, 1), Some(at(2016, 3, 1))),
            (bob, at(2016, 3, 1), None),
        ]
    );
    assert!(history[1].reason.starts_with("import "));

    let cells_of = |key: &str| {
        let cycle = store
            .cycle_by_key(org, key)
            .expect("cycle")
            .expect("exists");
        store.cycle_cells(org, cycle.id).expect("cells").responses
    };
    assert!(cells_of("2015").iter().all(|c| c.account_manager == ann));
    let c2016 = cells_of("2016");
    assert_eq!(c2016.iter().map(|c| c.responses).sum::<i64>(), 2);
    assert!(c2016.iter().all(|c| c.account_manager == bob));

    // A late 2015 response without AM gets ann, the owner when it was submitted.
    let late = vec![Row {
        am: None,
        submitted_at: Some(at(2015, 6, 1)),
        ..row(2, "2015", "acme", "ann", "c4")
    }];
    let s = store.import(org, &batch(&late), &opts()).expect("late");
    assert_eq!(s.assignments_changed, 0);
    assert!(cells_of("2015").iter().all(|c| c.account_manager == ann));
    assert_eq!(store.assignments(org, acme.id).expect("history").len(), 2);

    // Re-importing 2016 changes no history.
    let s = store.import(org, &batch(&y2016), &opts()).expect("again");
    assert_eq!((s.responses_unchanged, s.assignments_changed), (2, 0));

    // No AM and no owner at all: the row is named.
    let orphan = vec![Row {
        am: None,
        ..row(7, "2016", "umbrella", "ann", "c8")
    }];
    assert_eq!(
        rows_of(
            store
                .import(org, &batch(&orphan), &opts())
                .expect_err("orphan")
        ),
        [(7, "account_manager".into(), "no_account_manager".into())]
    );
    assert_cells_match(db, org);
}

fn concurrent_imports_of_one_batch(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let b = large_batch(300, "2015");
    let summaries: Vec<ImportSummary> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..2)
            .map(|_| scope.spawn(|| store.import(org, &b, &opts())))
            .collect();
        runs.into_iter()
            .map(|r| r.join().expect("thread").expect("import"))
            .collect()
    });
    let mut inserted: Vec<_> = summaries.iter().map(|s| s.responses_inserted).collect();
    inserted.sort();
    assert_eq!(inserted, [0, 300]);
    assert_eq!(table_counts(db)["responses"], 300);
    assert_cells_match(db, org);
}

fn none_form_without_outcome_indicator(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let rows: Vec<Row> = base_rows()
        .into_iter()
        .map(|r| Row {
            importance: [None; 3],
            ..r
        })
        .collect();
    let mut b = batch(&rows);
    b.importance_form = ImportanceForm::None;
    b.indicators[0].kind = IndicatorKind::Other;
    b.indicators[1].kind = IndicatorKind::Ease;
    store.import(org, &b, &opts()).expect("import");
    let cycle = store.latest_cycle(org).expect("latest").expect("cycle");
    assert_eq!(cycle.importance_form, ImportanceForm::None);
    assert_eq!(cycle.outcome_indicator_id, None);
    let cells = store.cycle_cells(org, cycle.id).expect("cells");
    assert!(!cells.categories.is_empty());
    assert!(
        cells
            .categories
            .iter()
            .all(|c| c.pair_n == 0 && c.importance_n == 0)
    );
    assert_cells_match(db, org);
}

fn latest_cycle_is_the_greatest_key(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let rows = vec![
        row(2, "2015-Q4", "acme", "ann", "c1"),
        row(3, "2016-Q1", "acme", "ann", "c2"),
        row(4, "2014-Q2", "acme", "ann", "c3"),
    ];
    store.import(org, &batch(&rows), &opts()).expect("import");
    let keys: Vec<_> = store
        .cycles(org)
        .expect("cycles")
        .into_iter()
        .map(|c| c.key)
        .collect();
    assert_eq!(keys, ["2014-Q2", "2015-Q4", "2016-Q1"]);
    let latest = store.latest_cycle(org).expect("latest").expect("some");
    assert_eq!((latest.key.as_str(), latest.responses), ("2016-Q1", 1));
    let by_key = store.cycle_by_key(org, "2015-Q4").expect("by key");
    assert_eq!(by_key.map(|c| c.responses), Some(1));
    assert!(store.cycle_by_key(org, "1999").expect("by key").is_none());
}

fn organizations_are_isolated(db: &TestDb) {
    let store = db.store();
    let a = store.ensure_organization("A").expect("a").id;
    let b = store.ensure_organization("B").expect("b").id;
    store
        .import(a, &batch(&base_rows()), &opts())
        .expect("a import");
    let s = store
        .import(b, &batch(&base_rows()), &opts())
        .expect("b import");
    assert_eq!(s.responses_inserted, 5);
    assert_eq!(s.contacts_created, 4);
    let cycle_a = store.latest_cycle(a).expect("latest").expect("a");
    assert!(matches!(
        store.cycle_cells(b, cycle_a.id),
        Err(StoreError::NotFound(_))
    ));
    assert_cells_match(db, a);
    assert_cells_match(db, b);
}

fn san_diego_sized_import(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let b = large_batch(2_477, "2015");
    let started = std::time::Instant::now();
    let s = store.import(org, &b, &opts()).expect("import");
    let first = started.elapsed();
    assert_eq!(s.responses_inserted, 2_477);
    assert_eq!((s.account_managers_created, s.accounts_created), (9, 45));
    assert_eq!(s.assignments_changed, 45);
    let started = std::time::Instant::now();
    let again = store.import(org, &b, &opts()).expect("re-import");
    let second = started.elapsed();
    assert_eq!(again.responses_unchanged, 2_477);
    println!(
        "{:?}: 2,477-row import {} ms, unchanged re-import {} ms",
        store.backend(),
        first.as_millis(),
        second.as_millis()
    );
    assert!(first.as_secs() < 30, "import took {first:?}");
    assert_cells_match(db, org);
    let latest = store.latest_cycle(org).expect("latest").expect("cycle");
    assert_eq!(latest.responses, 2_477);
    assert_eq!(
        latest.outcome_indicator_id,
        Some(store.indicators(org).expect("ind")[0].id)
    );
}

/// The id of the AM with external id `external_id`.
fn am_id(store: &Store, org: i64, external_id: &str) -> i64 {
    store
        .account_managers(org)
        .expect("ams")
        .into_iter()
        .find(|a| a.external_id == external_id)
        .map(|a| a.id)
        .expect("am")
}

/// The account with external id `external_id`.
fn account(store: &Store, org: i64, external_id: &str) -> gapscope_store::Account {
    store
        .accounts(org)
        .expect("accounts")
        .into_iter()
        .find(|a| a.external_id == external_id)
        .expect("account")
}

/// The AMs of record of the responses of cycle `key`.
fn ams_of_record(store: &Store, org: i64, key: &str) -> Vec<i64> {
    let cycle = store
        .cycle_by_key(org, key)
        .expect("cycle")
        .expect("exists");
    let mut ams: Vec<_> = store
        .cycle_cells(org, cycle.id)
        .expect("cells")
        .responses
        .into_iter()
        .map(|c| c.account_manager)
        .collect();
    ams.dedup();
    ams
}

/// The trial's repro: 2026-Q3 under alice, 2026-Q4 under bob, then 2026-Q2 under carol, all
/// without submission times (so every row is stamped with its import time).
fn an_older_cycle_keeps_its_am_of_record_but_not_the_account(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let q3 = batch(&[row(2, "2026-Q3", "acme", "alice", "c1")]);
    let q4 = batch(&[row(2, "2026-Q4", "acme", "bob", "c2")]);
    let q2 = batch(&[row(2, "2026-Q2", "acme", "carol", "c3")]);
    store.import(org, &q3, &opts()).expect("Q3");
    store.import(org, &q4, &opts()).expect("Q4");
    let before = store
        .assignments(org, account(store, org, "acme").id)
        .expect("history");

    let s = store.import(org, &q2, &opts()).expect("Q2");
    assert_eq!((s.responses_inserted, s.assignments_changed), (1, 0));
    let (alice, bob, carol) = (
        am_id(store, org, "alice"),
        am_id(store, org, "bob"),
        am_id(store, org, "carol"),
    );
    let acme = account(store, org, "acme");
    assert_eq!(acme.current_account_manager, Some(bob));
    let history = store.assignments(org, acme.id).expect("history");
    assert_eq!(history, before, "bob's period stays open, nothing added");
    let owners: Vec<_> = history
        .iter()
        .map(|a| (a.account_manager_id, a.valid_to.is_none()))
        .collect();
    assert_eq!(owners, [(alice, false), (bob, true)]);
    // The late response keeps carol as its AM of record.
    assert_eq!(ams_of_record(store, org, "2026-Q2"), [carol]);
    assert_eq!(ams_of_record(store, org, "2026-Q4"), [bob]);

    // Re-imports change nothing, whatever their order.
    for b in [&q2, &q3, &q4, &q2] {
        let s = store.import(org, b, &opts()).expect("again");
        assert_eq!((s.responses_unchanged, s.assignments_changed), (1, 0));
    }
    assert_eq!(store.assignments(org, acme.id).expect("history"), history);
    // A changed old row still does not move the account.
    let mut changed = q3.clone();
    changed.responses[0].comment = Some("late edit".to_owned());
    let s = store.import(org, &changed, &opts()).expect("edit");
    assert_eq!((s.responses_updated, s.assignments_changed), (1, 0));
    assert_eq!(
        account(store, org, "acme").current_account_manager,
        Some(bob)
    );
    assert_cells_match(db, org);
}

/// With submission times, an older response (even in the same cycle) does not take the
/// account back; a newer one does.
fn an_older_response_with_a_time_keeps_the_current_owner(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let timed = |line, cycle, am, contact, when| Row {
        submitted_at: Some(when),
        ..row(line, cycle, "acme", am, contact)
    };
    let imports = [
        vec![timed(2, "2026-Q3", "alice", "c1", at(2026, 8, 1))],
        vec![timed(2, "2026-Q4", "bob", "c2", at(2026, 11, 1))],
        vec![timed(2, "2026-Q2", "carol", "c3", at(2026, 5, 1))],
        vec![timed(2, "2026-Q4", "dave", "c4", at(2026, 10, 15))],
    ];
    for rows in &imports {
        store.import(org, &batch(rows), &opts()).expect("import");
    }
    let acme = account(store, org, "acme");
    let bob = am_id(store, org, "bob");
    assert_eq!(acme.current_account_manager, Some(bob));
    let periods: Vec<_> = store
        .assignments(org, acme.id)
        .expect("history")
        .iter()
        .map(|a| (a.account_manager_id, a.valid_from, a.valid_to))
        .collect();
    assert_eq!(
        periods,
        [
            (
                am_id(store, org, "alice"),
                at(2026, 8, 1),
                Some(at(2026, 11, 1))
            ),
            (bob, at(2026, 11, 1), None),
        ]
    );
    assert_eq!(
        ams_of_record(store, org, "2026-Q2"),
        [am_id(store, org, "carol")]
    );

    // A later answer in the latest cycle moves the account.
    let late = vec![timed(2, "2026-Q4", "erin", "c5", at(2026, 11, 20))];
    let s = store.import(org, &batch(&late), &opts()).expect("late");
    assert_eq!(s.assignments_changed, 1);
    assert_eq!(
        account(store, org, "acme").current_account_manager,
        Some(am_id(store, org, "erin"))
    );
    assert_cells_match(db, org);
}

/// A newer cycle moves the owner even when its time is before the open period's start (which a
/// time-less import stamped with the import time); the periods never run backwards.
fn a_newer_cycle_moves_the_owner_even_with_an_earlier_time(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let q3 = batch(&[row(2, "2020-Q3", "acme", "alice", "c1")]);
    store.import(org, &q3, &opts()).expect("Q3");
    let q4 = batch(&[Row {
        submitted_at: Some(at(2020, 11, 1)),
        ..row(2, "2020-Q4", "acme", "bob", "c2")
    }]);
    let s = store.import(org, &q4, &opts()).expect("Q4");
    assert_eq!(s.assignments_changed, 1);
    let acme = account(store, org, "acme");
    assert_eq!(acme.current_account_manager, Some(am_id(store, org, "bob")));
    let history = store.assignments(org, acme.id).expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].valid_to, Some(history[1].valid_from));
    assert!(history[0].valid_from <= history[1].valid_from);
    let s = store.import(org, &q4, &opts()).expect("again");
    assert_eq!((s.responses_unchanged, s.assignments_changed), (1, 0));
}

/// Every row that contradicts stored data is reported, in file order, the same on both
/// backends, and nothing is written.
fn row_conflicts_are_all_reported_in_file_order(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    store
        .import(org, &batch(&base_rows()), &opts())
        .expect("first");
    let before = table_counts(db);

    let mut rows = vec![
        row(2, "2017", "acme", "ann", "c1"),
        // c3 is stored under globex.
        row(3, "2017", "acme", "ann", "c3"),
        // c1 answered 2015 as `2015/c1`.
        row(4, "2015", "acme", "ann", "c1"),
        // umbrella is new and the row names no AM.
        Row {
            am: None,
            ..row(5, "2017", "umbrella", "ann", "c8")
        },
        // c4 is stored under initech.
        row(6, "2017", "globex", "bob", "c4"),
        // c2 is stored under acme, and the row names no AM for a new account.
        Row {
            am: None,
            ..row(7, "2017", "hooli", "ann", "c2")
        },
        row(8, "2017", "globex", "bob", "c5"),
    ];
    rows.reverse(); // File order is the line order, not the order of the rows in the batch.
    let mut b = batch(&rows);
    for r in &mut b.responses {
        if r.row == 4 {
            r.external_id = "second-answer".to_owned();
        }
    }
    let e = store.import(org, &b, &opts()).expect_err("conflicts");
    let StoreError::Rows(errors) = e else {
        panic!("expected row errors, got {e}");
    };
    let found: Vec<_> = errors
        .iter()
        .map(|e| {
            (
                e.row,
                e.column.as_deref(),
                e.field.as_str(),
                e.code.as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (Some(3), None, "contact.id", "contact_in_another_account"),
            (Some(4), None, "contact.id", "contact_answered_twice"),
            (Some(5), None, "account_manager", "no_account_manager"),
            (Some(6), None, "contact.id", "contact_in_another_account"),
            (Some(7), None, "contact.id", "contact_in_another_account"),
            (Some(7), None, "account_manager", "no_account_manager"),
        ]
    );
    let messages: Vec<_> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages[0],
        "contact \"c3\" is stored under account \"globex\", not under \"acme\"; a contact \
         belongs to one account"
    );
    assert!(
        messages[1].contains("stored response \"2015/c1\""),
        "{}",
        messages[1]
    );
    assert!(
        messages[2].contains("\"umbrella\" has no owner yet"),
        "{}",
        messages[2]
    );
    assert!(messages[3].contains("\"initech\""), "{}", messages[3]);
    assert_eq!(table_counts(db), before, "nothing written");

    // A dry run reports the same.
    let e = store.import(org, &b, &dry()).expect_err("dry run");
    assert_eq!(rows_of(e).len(), 6);
}

/// Past 1,000 row errors the list ends with one `too_many_errors` entry.
fn row_conflicts_are_capped_like_the_import_report(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    let n = gapscope_import::MAX_ERRORS + 5;
    let mut b = batch(&[]);
    let template = batch(&[row(2, "2017", "acme", "ann", "c1")]).responses[0].clone();
    for i in 0..n {
        let mut r = template.clone();
        r.row = i + 2;
        r.account = format!("account{i}");
        r.account_manager = None;
        r.contact = format!("contact{i}");
        r.external_id = format!("2017/contact{i}");
        b.responses.push(r);
    }
    fill_definitions(&mut b);
    let StoreError::Rows(errors) = store.import(org, &b, &opts()).expect_err("orphans") else {
        panic!("expected row errors");
    };
    assert_eq!(errors.len(), gapscope_import::MAX_ERRORS + 1);
    assert_eq!(errors[0].row, Some(2));
    let last = errors.last().expect("last");
    assert_eq!((last.row, last.code.as_str()), (None, "too_many_errors"));
    assert!(
        last.message.starts_with("and 5 more errors"),
        "{}",
        last.message
    );
    assert!(store.is_empty().expect("empty"));
}

/// Conflict messages say what differs in words, never in Rust's debug notation.
fn conflict_messages_read_in_plain_words(db: &TestDb) {
    let store = db.store();
    let org = org(store);
    store
        .import(org, &batch(&base_rows()), &opts())
        .expect("first");
    let conflict = |change: &dyn Fn(&mut gapscope_import::Batch)| {
        let mut b = batch(&base_rows());
        change(&mut b);
        message_of(store.import(org, &b, &opts()).expect_err("conflict"))
    };
    let messages = [
        conflict(&|b| b.importance_form = ImportanceForm::None),
        conflict(&|b| b.importance_form = ImportanceForm::Pick { k: 3 }),
        conflict(&|b| {
            b.importance_form = ImportanceForm::Rating {
                scale: Scale { min: 1, max: 5 },
            }
        }),
        conflict(&|b| b.performance_scale = Scale { min: 0, max: 10 }),
        conflict(&|b| b.indicators[0].scale = Scale { min: 1, max: 10 }),
        conflict(&|b| b.indicators[1].kind = IndicatorKind::Ease),
    ];
    assert_eq!(
        messages,
        [
            "the cycle was stored with rating importance on 1-10; the file says no stated \
             importance",
            "the cycle was stored with rating importance on 1-10; the file says pick importance \
             (up to 3 categories)",
            "the cycle was stored with rating importance on 1-10; the file says rating \
             importance on 1-5",
            "the cycle was stored with performance on 1-10; the file says 0-10",
            "the indicator was stored on 0-10; the file says 1-10",
            "the indicator was stored with kind satisfaction; the file says ease",
        ]
    );
}

#[test]
fn unknown_scheme_is_invalid() {
    let e = Store::open(Some("mysql://localhost/x")).expect_err("scheme");
    assert_eq!(field_of(e), "database_url");
    assert!(matches!(
        Store::open(Some(":memory:")),
        Err(StoreError::Invalid { .. })
    ));
}

#[test]
fn unreachable_postgres_is_unavailable_fast() {
    let started = std::time::Instant::now();
    let e = Store::open(Some("postgres://nobody:secret@127.0.0.1:1/none")).expect_err("down");
    assert!(started.elapsed().as_secs() < 10);
    let message = e.to_string();
    assert!(matches!(e, StoreError::Unavailable(_)), "{message}");
    assert!(message.contains("127.0.0.1"), "{message}");
    assert!(!message.contains("secret"), "password leaked: {message}");
}

#[test]
fn sqlite_urls_and_new_directories_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nested/deeper/g.db");
    let url = format!("sqlite://{}", path.display());
    let store = Store::open(Some(&url)).expect("open");
    assert_eq!(store.backend(), Backend::Sqlite);
    assert!(path.exists());
}
