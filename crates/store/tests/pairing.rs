//! Pairing proposals: saving, reading and applying them to the assignment history, every test
//! run on SQLite and on PostgreSQL.

#[expect(
    dead_code,
    reason = "this binary uses the builders and table counts, not every cell check"
)]
mod common;

use common::*;
use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};
use gapscope_domain::pairing::{AmLoad, Move, Pairing};
use gapscope_store::testing::TestDb;
use gapscope_store::{
    Actor, AppliedProposal, AuditFilter, Backend, ImportOptions, NewProposal, Proposal,
    ProposalStatus, Store, StoreError,
};
use serde_json::json;

both_backends!(
    proposals_are_saved_listed_and_audited,
    bad_proposals_are_rejected_and_write_nothing,
    applying_all_moves_rewrites_the_history,
    moves_apply_in_parts_and_never_twice,
    an_owner_change_since_the_proposal_conflicts_and_writes_nothing,
    chosen_accounts_must_be_among_the_moves,
    an_account_without_owner_gets_its_first,
    a_proposal_without_moves_is_accepted_once,
    concurrent_applications_apply_once,
    organizations_do_not_see_each_others_proposals,
);

fn opts() -> ImportOptions {
    ImportOptions {
        dry_run: false,
        file_name: None,
        actor: Actor::cli(),
    }
}

fn ann_actor() -> Actor {
    Actor {
        user_id: None,
        token_id: None,
        label: "ann@example.com".to_owned(),
        client_addr: None,
    }
}

/// The ids the tests use: an organization with AMs ann, bob, carl and accounts a1 (ann),
/// a2 (ann), a3 (bob).
struct Fixture {
    org: i64,
    ann: i64,
    bob: i64,
    carl: i64,
    a1: i64,
    a2: i64,
    a3: i64,
}

fn setup(store: &Store, name: &str) -> Fixture {
    let org = store.ensure_organization(name).expect("org").id;
    let rows = [
        Row {
            submitted_at: Some(at(2015, 3, 1)),
            ..row(2, "2015", "a1", "ann", "c1")
        },
        Row {
            submitted_at: Some(at(2015, 3, 2)),
            ..row(3, "2015", "a2", "ann", "c2")
        },
        Row {
            submitted_at: Some(at(2015, 3, 3)),
            ..row(4, "2015", "a3", "bob", "c3")
        },
        Row {
            submitted_at: Some(at(2015, 3, 4)),
            ..row(5, "2015", "a3", "carl", "c4")
        },
    ];
    store.import(org, &batch(&rows), &opts()).expect("import");
    // The last row moved a3 to carl; move it back to bob with a later response.
    let back = [Row {
        submitted_at: Some(at(2015, 3, 5)),
        ..row(6, "2015", "a3", "bob", "c5")
    }];
    store.import(org, &batch(&back), &opts()).expect("import");
    let am = |external: &str| {
        store
            .account_manager_by_external_id(org, external)
            .expect("am")
            .expect("am exists")
            .id
    };
    let account = |external: &str| {
        store
            .accounts(org)
            .expect("accounts")
            .into_iter()
            .find(|a| a.external_id == external)
            .expect("account exists")
            .id
    };
    Fixture {
        org,
        ann: am("ann"),
        bob: am("bob"),
        carl: am("carl"),
        a1: account("a1"),
        a2: account("a2"),
        a3: account("a3"),
    }
}

fn mv(account: i64, from: Option<i64>, to: i64, gain: f64) -> Move {
    Move {
        account,
        from,
        to,
        gain,
    }
}

fn load(am: i64, fit_after: f64) -> AmLoad {
    AmLoad {
        account_manager: am,
        capacity: 2,
        load_before: 1,
        load_after: 1,
        fit_before: 0.5,
        fit_after,
    }
}

/// A proposal moving a1 ann -> bob, a2 ann -> carl and a3 bob -> ann.
fn three_moves(f: &Fixture) -> Pairing {
    Pairing {
        objective_before: Some(1.5),
        objective_after: 2.25,
        moves: vec![
            mv(f.a1, Some(f.ann), f.bob, 0.5),
            mv(f.a2, Some(f.ann), f.carl, 0.25),
            mv(f.a3, Some(f.bob), f.ann, -0.1),
        ],
        per_am: vec![load(f.ann, 0.75), load(f.bob, 0.8), load(f.carl, 0.7)],
    }
}

fn save(store: &Store, f: &Fixture, result: &Pairing) -> Proposal {
    let new = NewProposal {
        scope: json!({"team": "north"}),
        parameters: json!({"change_penalty": 0.25, "capacities": {"default": 2}}),
        result,
    };
    store
        .save_proposal(f.org, &new, &ann_actor())
        .expect("save proposal")
}

fn apply(
    store: &Store,
    f: &Fixture,
    id: i64,
    accounts: Option<&[i64]>,
) -> Result<AppliedProposal, StoreError> {
    store.apply_proposal(f.org, id, accounts, "rebalance Q3", &Actor::cli())
}

fn owner(store: &Store, org: i64, account: i64) -> Option<i64> {
    store
        .account(org, account)
        .expect("account")
        .expect("account exists")
        .current_account_manager
}

fn owners(store: &Store, f: &Fixture) -> [Option<i64>; 3] {
    [f.a1, f.a2, f.a3].map(|a| owner(store, f.org, a))
}

fn conflict(e: StoreError) -> (String, String) {
    match e {
        StoreError::Conflict { field, message } => (field, message),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn invalid(e: StoreError) -> (String, String) {
    match e {
        StoreError::Invalid { field, message } => (field, message),
        other => panic!("expected invalid, got {other:?}"),
    }
}

fn audits(store: &Store, org: i64, action: &str) -> Vec<gapscope_store::AuditEntry> {
    let filter = AuditFilter {
        action: Some(action.to_owned()),
        ..AuditFilter::default()
    };
    store.audit_log(org, &filter).expect("audit")
}

/// Runs one statement outside the store (test setup the store has no call for).
fn execute(db: &TestDb, sql: &str) {
    match db.store().backend() {
        Backend::Postgres => {
            let mut c = PgConnection::establish(db.url()).expect("raw pg connection");
            diesel::sql_query(sql).execute(&mut c).expect("raw pg");
        }
        Backend::Sqlite => {
            let mut c = SqliteConnection::establish(db.url()).expect("raw sqlite connection");
            diesel::sql_query(sql).execute(&mut c).expect("raw sqlite");
        }
    }
}

fn proposals_are_saved_listed_and_audited(db: &TestDb) {
    let store = db.store();
    let f = setup(store, "Acme Corp");
    let result = three_moves(&f);
    let first = save(store, &f, &result);
    assert_eq!(first.created_by, "ann@example.com");
    assert_eq!(first.scope, json!({"team": "north"}));
    assert_eq!(first.parameters["change_penalty"], json!(0.25));
    assert_eq!(first.result, result);
    assert_eq!(first.status, ProposalStatus::Proposed);
    assert_eq!(first.applied_at, None);
    assert!(first.applied_accounts.is_empty());
    // Saving moves nobody.
    assert_eq!(owners(store, &f), [Some(f.ann), Some(f.ann), Some(f.bob)]);

    let empty = Pairing {
        objective_before: None,
        objective_after: 0.0,
        moves: Vec::new(),
        per_am: Vec::new(),
    };
    let second = store
        .save_proposal(
            f.org,
            &NewProposal {
                scope: json!({}),
                parameters: json!({}),
                result: &empty,
            },
            &Actor::cli(),
        )
        .expect("save");
    assert_eq!(second.created_by, "cli");
    assert_eq!(second.result, empty);

    let listed: Vec<i64> = store
        .proposals(f.org)
        .expect("proposals")
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(listed, [second.id, first.id], "newest first");
    assert_eq!(
        store.proposal(f.org, first.id).expect("proposal"),
        Some(first.clone())
    );
    assert_eq!(store.proposal(f.org, second.id + 100).expect("none"), None);

    // Serializes with the status as a name and the result as the domain's JSON.
    let value = serde_json::to_value(&first).expect("json");
    assert_eq!(value["status"], json!("proposed"));
    assert_eq!(value["result"]["moves"][0]["account"], json!(f.a1));

    let audit = audits(store, f.org, "pairing.propose");
    assert_eq!(audit.len(), 2);
    let oldest = &audit[1];
    assert_eq!(oldest.actor, "ann@example.com");
    assert_eq!(oldest.target_type.as_deref(), Some("pairing_proposal"));
    assert_eq!(
        oldest.target_id.as_deref(),
        Some(first.id.to_string().as_str())
    );
    let after = oldest.after.as_ref().expect("after");
    assert_eq!(after["moves"], json!(3));
    assert_eq!(after["scope"], json!({"team": "north"}));
    assert_eq!(after["objective_after"], json!(2.25));
}

fn bad_proposals_are_rejected_and_write_nothing(db: &TestDb) {
    let store = db.store();
    let f = setup(store, "Acme Corp");
    let other = setup(store, "Other Corp");
    let counts = table_counts(db);
    let good = three_moves(&f);
    let attempt = |scope: serde_json::Value, parameters: serde_json::Value, result: &Pairing| {
        let new = NewProposal {
            scope,
            parameters,
            result,
        };
        invalid(
            store
                .save_proposal(f.org, &new, &Actor::cli())
                .expect_err("rejected"),
        )
    };

    assert_eq!(attempt(json!("north"), json!({}), &good).0, "scope");
    assert_eq!(attempt(json!({}), json!(null), &good).0, "parameters");

    let mut nan = good.clone();
    nan.moves[1].gain = f64::NAN;
    assert_eq!(
        attempt(json!({}), json!({}), &nan).0,
        "result.moves[1].gain"
    );
    let mut infinite = good.clone();
    infinite.objective_after = f64::INFINITY;
    assert_eq!(
        attempt(json!({}), json!({}), &infinite).0,
        "result.objective_after"
    );

    let mut twice = good.clone();
    twice.moves[2].account = f.a1;
    let (field, message) = attempt(json!({}), json!({}), &twice);
    assert_eq!(field, "result.moves[2].account");
    assert!(message.contains("twice"), "{message}");

    let mut nowhere = good.clone();
    nowhere.moves[0].to = f.ann;
    assert_eq!(
        attempt(json!({}), json!({}), &nowhere).0,
        "result.moves[0].to"
    );

    let mut foreign_account = good.clone();
    foreign_account.moves[1].account = other.a2;
    let (field, message) = attempt(json!({}), json!({}), &foreign_account);
    assert_eq!(field, "result.moves[1].account");
    assert!(message.contains("no account"), "{message}");

    let mut foreign_am = good.clone();
    foreign_am.moves[2].to = other.carl;
    assert_eq!(
        attempt(json!({}), json!({}), &foreign_am).0,
        "result.moves[2].to"
    );
    let mut foreign_from = good.clone();
    foreign_from.moves[0].from = Some(other.ann);
    assert_eq!(
        attempt(json!({}), json!({}), &foreign_from).0,
        "result.moves[0].from"
    );

    let unknown_org = store.save_proposal(
        other.org + 100,
        &NewProposal {
            scope: json!({}),
            parameters: json!({}),
            result: &good,
        },
        &Actor::cli(),
    );
    assert!(matches!(unknown_org, Err(StoreError::NotFound(_))));

    assert_eq!(table_counts(db), counts);
}

fn applying_all_moves_rewrites_the_history(db: &TestDb) {
    let store = db.store();
    let f = setup(store, "Acme Corp");
    let proposal = save(store, &f, &three_moves(&f));
    let history_before = store.assignments(f.org, f.a1).expect("history");
    assert_eq!(history_before.len(), 1);

    let applied = apply(store, &f, proposal.id, None).expect("apply");
    assert_eq!(applied.moved, proposal.result.moves);
    assert_eq!(applied.proposal.status, ProposalStatus::Applied);
    let applied_at = applied.proposal.applied_at.expect("applied_at");
    let mut all = vec![f.a1, f.a2, f.a3];
    all.sort_unstable();
    assert_eq!(applied.proposal.applied_accounts, all);
    assert_eq!(
        store.proposal(f.org, proposal.id).expect("read"),
        Some(applied.proposal.clone())
    );
    assert_eq!(owners(store, &f), [Some(f.bob), Some(f.carl), Some(f.ann)]);

    // The old period is closed at the instant the new one opens, with the reason given.
    let history = store.assignments(f.org, f.a1).expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].id, history_before[0].id);
    assert_eq!(history[0].account_manager_id, f.ann);
    assert_eq!(history[0].valid_to, Some(applied_at));
    assert_eq!(history[1].account_manager_id, f.bob);
    assert_eq!(history[1].valid_from, applied_at);
    assert_eq!(history[1].valid_to, None);
    assert_eq!(
        history[1].reason,
        format!("pairing {}: rebalance Q3", proposal.id)
    );

    let audit = audits(store, f.org, "pairing.apply");
    assert_eq!(audit.len(), 1);
    let entry = &audit[0];
    assert_eq!(entry.actor, "cli");
    assert_eq!(
        entry.target_id.as_deref(),
        Some(proposal.id.to_string().as_str())
    );
    let before = entry.before.as_ref().expect("before");
    let after = entry.after.as_ref().expect("after");
    assert_eq!(before["status"], json!("proposed"));
    assert_eq!(after["status"], json!("applied"));
    assert_eq!(
        after["reason"],
        json!(format!("pairing {}: rebalance Q3", proposal.id))
    );
    assert_eq!(
        before["owners"],
        json!([
            {"account": f.a1, "account_manager": f.ann},
            {"account": f.a2, "account_manager": f.ann},
            {"account": f.a3, "account_manager": f.bob},
        ])
    );
    assert_eq!(
        after["owners"],
        json!([
            {"account": f.a1, "account_manager": f.bob},
            {"account": f.a2, "account_manager": f.carl},
            {"account": f.a3, "account_manager": f.ann},
        ])
    );

    // Later imports see the new owner: a row without AM is credited to it.
    let later = [Row {
        am: None,
        submitted_at: None,
        ..row(2, "2016", "a1", "ann", "c1")
    }];
    store
        .import(f.org, &batch(&later), &opts())
        .expect("import");
    assert_eq!(owner(store, f.org, f.a1), Some(f.bob));
}

fn moves_apply_in_parts_and_never_twice(db: &TestDb) {
    let store = db.store();
    let f = setup(store, "Acme Corp");
    let proposal = save(store, &f, &three_moves(&f));

    let first = apply(store, &f, proposal.id, Some(&[f.a3, f.a1])).expect("apply");
    // In the proposal's order, whatever the order chosen.
    assert_eq!(
        first.moved,
        [proposal.result.moves[0], proposal.result.moves[2]]
    );
    assert_eq!(first.proposal.status, ProposalStatus::PartiallyApplied);
    let mut done = vec![f.a1, f.a3];
    done.sort_unstable();
    assert_eq!(first.proposal.applied_accounts, done);
    assert_eq!(owners(store, &f), [Some(f.bob), Some(f.ann), Some(f.ann)]);

    // The same move again, alone or within "all", conflicts and writes nothing.
    let counts = table_counts(db);
    let (field, message) =
        conflict(apply(store, &f, proposal.id, Some(&[f.a1])).expect_err("again"));
    assert_eq!(field, format!("moves[{}]", f.a1));
    assert!(message.contains("already moved"), "{message}");
    let (field, _) = conflict(apply(store, &f, proposal.id, None).expect_err("all again"));
    assert_eq!(field, format!("moves[{}]", f.a1));
    let (field, _) =
        conflict(apply(store, &f, proposal.id, Some(&[f.a2, f.a3])).expect_err("a3 again"));
    assert_eq!(field, format!("moves[{}]", f.a3));
    assert_eq!(table_counts(db), counts);
    assert_eq!(owner(store, f.org, f.a2), Some(f.ann));

    // The rest completes the proposal.
    let second = apply(store, &f, proposal.id, Some(&[f.a2])).expect("rest");
    assert_eq!(second.moved, [proposal.result.moves[1]]);
    assert_eq!(second.proposal.status, ProposalStatus::Applied);
    assert_eq!(second.proposal.applied_accounts.len(), 3);
    assert!(second.proposal.applied_at >= first.proposal.applied_at);
    assert_eq!(owners(store, &f), [Some(f.bob), Some(f.carl), Some(f.ann)]);

    let (field, _) = conflict(apply(store, &f, proposal.id, None).expect_err("applied"));
    assert_eq!(field, format!("moves[{}]", f.a1));
    assert_eq!(audits(store, f.org, "pairing.apply").len(), 2);
    assert_eq!(store.assignments(f.org, f.a1).expect("history").len(), 2);
}

fn an_owner_change_since_the_proposal_conflicts_and_writes_nothing(db: &TestDb) {
    let store = db.store();
    let f = setup(store, "Acme Corp");
    let proposal = save(store, &f, &three_moves(&f));
    // A newer response moves a2 to bob after the proposal was made.
    let newer = [Row {
        submitted_at: Some(at(2016, 3, 1)),
        ..row(2, "2016", "a2", "bob", "c2")
    }];
    store
        .import(f.org, &batch(&newer), &opts())
        .expect("import");
    assert_eq!(owner(store, f.org, f.a2), Some(f.bob));

    let counts = table_counts(db);
    let (field, message) = conflict(apply(store, &f, proposal.id, None).expect_err("stale"));
    assert_eq!(field, format!("moves[{}]", f.a2));
    assert!(
        message.contains("changed owner since the proposal"),
        "{message}"
    );
    assert!(
        message.contains("Account a2"),
        "names the account: {message}"
    );
    assert!(message.contains("AM ann"), "names the AM then: {message}");
    assert!(message.contains("AM bob"), "names the AM now: {message}");
    // Nothing was written, not even the moves before the stale one.
    assert_eq!(table_counts(db), counts);
    assert_eq!(owners(store, &f), [Some(f.ann), Some(f.bob), Some(f.bob)]);
    let unchanged = store.proposal(f.org, proposal.id).expect("read");
    assert_eq!(unchanged, Some(proposal.clone()));

    // The moves still valid can be applied on their own.
    let applied = apply(store, &f, proposal.id, Some(&[f.a1, f.a3])).expect("apply");
    assert_eq!(applied.proposal.status, ProposalStatus::PartiallyApplied);
    assert_eq!(owners(store, &f), [Some(f.bob), Some(f.bob), Some(f.ann)]);
}

fn chosen_accounts_must_be_among_the_moves(db: &TestDb) {
    let store = db.store();
    let f = setup(store, "Acme Corp");
    let mut result = three_moves(&f);
    result.moves.pop(); // a3 stays with bob
    let proposal = save(store, &f, &result);
    let counts = table_counts(db);

    let (field, message) =
        invalid(apply(store, &f, proposal.id, Some(&[f.a1, f.a3])).expect_err("a3"));
    assert_eq!(field, "accounts[1]");
    assert!(message.contains(&f.a3.to_string()), "{message}");
    let (field, _) = invalid(apply(store, &f, proposal.id, Some(&[f.a1, f.a1])).expect_err("dup"));
    assert_eq!(field, "accounts[1]");
    let (field, _) = invalid(apply(store, &f, proposal.id, Some(&[])).expect_err("empty"));
    assert_eq!(field, "accounts");
    let blank = store.apply_proposal(f.org, proposal.id, None, "  ", &Actor::cli());
    assert_eq!(invalid(blank.expect_err("blank")).0, "reason");

    let unknown = apply(store, &f, proposal.id + 100, None);
    assert!(
        matches!(unknown, Err(StoreError::NotFound(_))),
        "{unknown:?}"
    );
    let unknown_org = store.apply_proposal(f.org + 100, proposal.id, None, "x", &Actor::cli());
    assert!(matches!(unknown_org, Err(StoreError::NotFound(_))));

    assert_eq!(table_counts(db), counts);
}

fn an_account_without_owner_gets_its_first(db: &TestDb) {
    let store = db.store();
    let f = setup(store, "Acme Corp");
    execute(
        db,
        &format!(
            "INSERT INTO accounts (org_id, external_id, name, annual_value, created_at) \
             VALUES ({}, 'a4', 'Account a4', 500.0, '2015-01-01 00:00:00')",
            f.org
        ),
    );
    let a4 = store
        .accounts(f.org)
        .expect("accounts")
        .into_iter()
        .find(|a| a.external_id == "a4")
        .expect("a4")
        .id;
    assert_eq!(owner(store, f.org, a4), None);

    let result = Pairing {
        objective_before: None,
        objective_after: 1.0,
        moves: vec![
            mv(a4, None, f.carl, 0.75),
            mv(f.a1, Some(f.ann), f.carl, 0.1),
        ],
        per_am: Vec::new(),
    };
    let proposal = save(store, &f, &result);
    let applied = apply(store, &f, proposal.id, Some(&[a4])).expect("apply");
    assert_eq!(applied.proposal.status, ProposalStatus::PartiallyApplied);
    assert_eq!(owner(store, f.org, a4), Some(f.carl));
    let history = store.assignments(f.org, a4).expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(Some(history[0].valid_from), applied.proposal.applied_at);
    let audit = audits(store, f.org, "pairing.apply");
    let before = audit[0].before.as_ref().expect("before");
    assert_eq!(
        before["owners"],
        json!([{"account": a4, "account_manager": null}])
    );

    // A move from no owner conflicts once the account has one.
    let again = save(store, &f, &result);
    let (field, message) = conflict(apply(store, &f, again.id, Some(&[a4])).expect_err("owned"));
    assert_eq!(field, format!("moves[{a4}]"));
    assert!(message.contains("it had no owner then"), "{message}");
}

fn a_proposal_without_moves_is_accepted_once(db: &TestDb) {
    let store = db.store();
    let f = setup(store, "Acme Corp");
    let nothing = Pairing {
        objective_before: Some(1.0),
        objective_after: 1.0,
        moves: Vec::new(),
        per_am: Vec::new(),
    };
    let proposal = save(store, &f, &nothing);
    let applied = apply(store, &f, proposal.id, None).expect("apply");
    assert!(applied.moved.is_empty());
    assert_eq!(applied.proposal.status, ProposalStatus::Applied);
    assert!(applied.proposal.applied_at.is_some());
    let (field, _) = conflict(apply(store, &f, proposal.id, None).expect_err("twice"));
    assert_eq!(field, "status");
    assert_eq!(owners(store, &f), [Some(f.ann), Some(f.ann), Some(f.bob)]);
}

fn concurrent_applications_apply_once(db: &TestDb) {
    let store = db.store();
    let f = setup(store, "Acme Corp");
    let proposal = save(store, &f, &three_moves(&f));
    let second_store = Store::open(Some(db.url())).expect("second store");
    let results: Vec<Result<AppliedProposal, StoreError>> = std::thread::scope(|scope| {
        let runs: Vec<_> = [store, &second_store]
            .into_iter()
            .map(|s| {
                scope.spawn(|| s.apply_proposal(f.org, proposal.id, None, "go", &Actor::cli()))
            })
            .collect();
        runs.into_iter()
            .map(|r| r.join().expect("thread"))
            .collect()
    });
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 1, "{results:?}");
    for r in results {
        if let Err(e) = r {
            conflict(e);
        }
    }
    assert_eq!(owners(store, &f), [Some(f.bob), Some(f.carl), Some(f.ann)]);
    assert_eq!(store.assignments(f.org, f.a1).expect("history").len(), 2);
    assert_eq!(table_counts(db)["pairing_applied_moves"], 3);
}

fn organizations_do_not_see_each_others_proposals(db: &TestDb) {
    let store = db.store();
    let f = setup(store, "Acme Corp");
    let other = setup(store, "Other Corp");
    let proposal = save(store, &f, &three_moves(&f));
    assert!(store.proposals(other.org).expect("list").is_empty());
    assert_eq!(store.proposal(other.org, proposal.id).expect("read"), None);
    let foreign = store.apply_proposal(other.org, proposal.id, None, "x", &Actor::cli());
    assert!(
        matches!(foreign, Err(StoreError::NotFound(_))),
        "{foreign:?}"
    );
    assert_eq!(owners(store, &f), [Some(f.ann), Some(f.ann), Some(f.bob)]);
    assert_eq!(store.proposals(f.org).expect("list").len(), 1);
}
