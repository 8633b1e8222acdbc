//! Users, integration tokens and the audit log, every test run on SQLite and on PostgreSQL.

#[expect(
    dead_code,
    reason = "this binary uses the builders, not the cell checks"
)]
mod common;

use std::thread::sleep;
use std::time::Duration;

use chrono::NaiveDateTime;
use common::*;
use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};
use gapscope_store::testing::TestDb;
use gapscope_store::{
    Actor, ApiToken, AuditFilter, Backend, ImportOptions, NewApiToken, NewAudit, NewUser, Role,
    Store, StoreError, TokenScope, User, UserChanges,
};
use serde_json::json;

const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
const DIGEST: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

both_backends!(
    users_are_found_by_email_case_insensitively,
    duplicate_email_conflicts_and_leaves_no_audit_row,
    account_manager_links_are_validated,
    changes_bump_tokens_valid_after,
    deleting_a_user_keeps_their_tokens_and_history,
    tokens_are_created_listed_touched_and_revoked,
    imports_are_audited_in_their_transaction,
    logins_are_recorded,
    settings_and_teams_are_audited,
    audit_log_filters_and_pages,
    audit_log_is_append_only,
    organizations_cannot_touch_each_other,
    concurrent_user_writes_all_succeed,
);

/// Two organizations, each with the AMs `ann` and `bob` from the small test survey.
fn two_orgs(store: &Store) -> (i64, i64) {
    let a = store.ensure_organization("A").expect("org a").id;
    let b = store.ensure_organization("B").expect("org b").id;
    let rows = vec![
        row(2, "2015", "acme", "ann", "c1"),
        row(3, "2015", "globex", "bob", "c2"),
    ];
    for org in [a, b] {
        store
            .import(org, &batch(&rows), &import_opts(false))
            .expect("import");
    }
    (a, b)
}

fn import_opts(dry_run: bool) -> ImportOptions {
    ImportOptions {
        dry_run,
        file_name: None,
        actor: Actor::cli(),
    }
}

fn am_id(store: &Store, org: i64, external_id: &str) -> i64 {
    store
        .account_manager_by_external_id(org, external_id)
        .expect("lookup")
        .expect("am exists")
        .id
}

fn new_user(org_id: i64, email: &str, role: Role) -> NewUser {
    NewUser {
        org_id,
        email: email.to_owned(),
        password_hash: HASH.to_owned(),
        role,
        account_manager_id: None,
        team: None,
    }
}

fn analyst(store: &Store, org: i64, email: &str) -> User {
    store
        .create_user(&new_user(org, email, Role::Analyst), &Actor::cli())
        .expect("create user")
}

fn new_token(org_id: i64, name: &str) -> NewApiToken {
    NewApiToken {
        org_id,
        name: name.to_owned(),
        scope: TokenScope::Import,
        secret_digest: DIGEST.to_owned(),
        expires_at: None,
    }
}

/// Every audit row of the organization, newest first.
fn log(store: &Store, org: i64) -> Vec<gapscope_store::AuditEntry> {
    let all = AuditFilter {
        limit: 1_000,
        ..AuditFilter::default()
    };
    store.audit_log(org, &all).expect("audit log")
}

fn actions(store: &Store, org: i64) -> Vec<String> {
    log(store, org).into_iter().map(|e| e.action).collect()
}

/// Makes sure the next `now()` is later than the last one.
fn tick() {
    sleep(Duration::from_millis(5));
}

fn field_of(e: StoreError) -> String {
    match e {
        StoreError::Conflict { field, .. } | StoreError::Invalid { field, .. } => field,
        other => panic!("expected a conflict or invalid error, got {other}"),
    }
}

fn users_are_found_by_email_case_insensitively(db: &TestDb) {
    let store = db.store();
    let (a, _) = two_orgs(store);
    let created = store
        .create_user(
            &new_user(a, "  Ann@Example.COM ", Role::Admin),
            &Actor::cli(),
        )
        .expect("create");
    assert_eq!(created.email, "ann@example.com");
    assert_eq!((created.role, created.disabled), (Role::Admin, false));
    assert_eq!(created.password_changed_at, created.tokens_valid_after);
    assert_eq!(created.last_login_at, None);

    let found = store.user_by_email(" ANN@example.com").expect("by email");
    assert_eq!(found.as_ref(), Some(&created));
    assert_eq!(
        store.user(created.id).expect("by id"),
        Some(created.clone())
    );
    assert_eq!(store.users(a).expect("list"), vec![created.clone()]);
    assert_eq!(
        store.user_by_email("nobody@example.com").expect("none"),
        None
    );
    assert!(matches!(
        store.create_user(&new_user(a, "not-an-email", Role::Admin), &Actor::cli()),
        Err(StoreError::Invalid { field, .. }) if field == "email"
    ));

    // The hash never leaves through Serialize or Debug, nor into the audit log.
    let serialized = serde_json::to_string(&created).expect("json");
    assert!(!serialized.contains("argon2"), "{serialized}");
    assert!(!format!("{created:?}").contains("argon2"));
    let entries = log(store, a);
    let create = entries
        .iter()
        .find(|e| e.action == "user.create")
        .expect("row");
    assert_eq!(create.actor, "cli");
    assert_eq!(create.target_type.as_deref(), Some("user"));
    assert_eq!(create.target_id, Some(created.id.to_string()));
    assert_eq!(create.before, None);
    let after = create.after.as_ref().expect("after");
    assert_eq!(after["email"], "ann@example.com");
    assert_eq!(after["role"], "admin");
    assert!(after.get("password_hash").is_none());
}

fn duplicate_email_conflicts_and_leaves_no_audit_row(db: &TestDb) {
    let store = db.store();
    let (a, b) = two_orgs(store);
    analyst(store, a, "ann@example.com");
    let before = table_counts(db);
    for (org, email) in [(a, "ann@example.com"), (b, " ANN@example.com ")] {
        let e = store
            .create_user(&new_user(org, email, Role::Analyst), &Actor::cli())
            .expect_err("taken");
        assert!(matches!(e, StoreError::Conflict { .. }), "{e}");
        assert_eq!(field_of(e), "email");
    }
    assert_eq!(table_counts(db), before);
    assert!(!actions(store, b).contains(&"user.create".to_owned()));
}

fn account_manager_links_are_validated(db: &TestDb) {
    let store = db.store();
    let (a, b) = two_orgs(store);
    let before = table_counts(db);
    let mut am = new_user(a, "am@example.com", Role::AccountManager);
    let refused = |u: &NewUser| {
        field_of(
            store
                .create_user(u, &Actor::cli())
                .expect_err("link refused"),
        )
    };
    assert_eq!(refused(&am), "account_manager_id");
    am.account_manager_id = Some(am_id(store, b, "ann"));
    assert_eq!(refused(&am), "account_manager_id");
    am.account_manager_id = Some(am_id(store, a, "ann") + 1_000);
    assert_eq!(refused(&am), "account_manager_id");
    let mut linked_analyst = new_user(a, "x@example.com", Role::Analyst);
    linked_analyst.account_manager_id = Some(am_id(store, a, "ann"));
    assert_eq!(refused(&linked_analyst), "account_manager_id");
    let mut admin_with_team = new_user(a, "y@example.com", Role::Admin);
    admin_with_team.team = Some("north".to_owned());
    assert_eq!(refused(&admin_with_team), "team");
    assert_eq!(table_counts(db), before);

    am.account_manager_id = Some(am_id(store, a, "ann"));
    let user = store.create_user(&am, &Actor::cli()).expect("linked");
    assert_eq!(user.account_manager_id, Some(am_id(store, a, "ann")));
    let mut supervisor = new_user(a, "sup@example.com", Role::Supervisor);
    supervisor.team = Some(" north ".to_owned());
    let sup = store.create_user(&supervisor, &Actor::cli()).expect("sup");
    assert_eq!(sup.team.as_deref(), Some("north"));

    // Re-linking to another org's AM is refused too.
    let relink = UserChanges {
        account_manager_id: Some(Some(am_id(store, b, "bob"))),
        ..UserChanges::default()
    };
    let e = store
        .update_user(a, user.id, &relink, &Actor::cli())
        .expect_err("other org");
    assert_eq!(field_of(e), "account_manager_id");
}

fn changes_bump_tokens_valid_after(db: &TestDb) {
    let store = db.store();
    let (a, _) = two_orgs(store);
    let ann = am_id(store, a, "ann");
    let mut new = new_user(a, "am@example.com", Role::AccountManager);
    new.account_manager_id = Some(ann);
    let user = store.create_user(&new, &Actor::cli()).expect("create");

    // A role change narrows or widens what the user sees: old sessions die, the link goes.
    tick();
    let to_supervisor = UserChanges {
        role: Some(Role::Supervisor),
        team: Some(Some("north".to_owned())),
        ..UserChanges::default()
    };
    let sup = store
        .update_user(a, user.id, &to_supervisor, &Actor::cli())
        .expect("to supervisor");
    assert_eq!(sup.role, Role::Supervisor);
    assert_eq!(sup.account_manager_id, None);
    assert_eq!(sup.team.as_deref(), Some("north"));
    assert!(sup.tokens_valid_after > user.tokens_valid_after);
    let update = &log(store, a)[0];
    assert_eq!(update.action, "user.update");
    assert_eq!(
        update.before.as_ref().map(|b| &b["role"]),
        Some(&json!("account_manager"))
    );
    assert_eq!(
        update.after.as_ref().map(|b| &b["role"]),
        Some(&json!("supervisor"))
    );

    // Changing nothing writes nothing.
    let rows = log(store, a).len();
    let same = store
        .update_user(a, user.id, &to_supervisor, &Actor::cli())
        .expect("no-op");
    assert_eq!(same, sup);
    assert_eq!(log(store, a).len(), rows);

    tick();
    let disable = UserChanges {
        disabled: Some(true),
        ..UserChanges::default()
    };
    let disabled = store
        .update_user(a, user.id, &disable, &Actor::cli())
        .expect("disable");
    assert!(disabled.disabled);
    assert!(disabled.tokens_valid_after > sup.tokens_valid_after);
    tick();
    let enable = UserChanges {
        disabled: Some(false),
        ..UserChanges::default()
    };
    let enabled = store
        .update_user(a, user.id, &enable, &Actor::cli())
        .expect("enable");
    assert!(!enabled.disabled);
    assert_eq!(enabled.tokens_valid_after, disabled.tokens_valid_after);

    tick();
    let new_hash = HASH.replace("aGFzaGhh", "bmV3bmV3");
    let changed = store
        .set_password(a, user.id, &new_hash, &Actor::cli())
        .expect("password");
    assert_eq!(changed.password_hash, new_hash);
    assert!(changed.password_changed_at > enabled.password_changed_at);
    assert_eq!(changed.tokens_valid_after, changed.password_changed_at);
    let row = &log(store, a)[0];
    assert_eq!(row.action, "user.password");
    let text = serde_json::to_string(row).expect("json");
    assert!(!text.contains("argon2"), "hash in the audit log: {text}");
    assert!(matches!(
        store.set_password(a, user.id, " ", &Actor::cli()),
        Err(StoreError::Invalid { .. })
    ));

    tick();
    let out = store
        .logout_everywhere(a, user.id, &Actor::cli())
        .expect("logout");
    assert!(out.tokens_valid_after > changed.tokens_valid_after);
    assert_eq!(log(store, a)[0].action, "user.logout_all");

    // Leaving the supervisor role clears the team; an AM role needs a link again.
    let to_am = UserChanges {
        role: Some(Role::AccountManager),
        ..UserChanges::default()
    };
    let e = store
        .update_user(a, user.id, &to_am, &Actor::cli())
        .expect_err("needs a link");
    assert_eq!(field_of(e), "account_manager_id");
    let to_am = UserChanges {
        account_manager_id: Some(Some(ann)),
        ..to_am
    };
    let back = store
        .update_user(a, user.id, &to_am, &Actor::cli())
        .expect("back to am");
    assert_eq!((back.account_manager_id, back.team), (Some(ann), None));
}

fn deleting_a_user_keeps_their_tokens_and_history(db: &TestDb) {
    let store = db.store();
    let (a, _) = two_orgs(store);
    let user = analyst(store, a, "gone@example.com");
    let actor = Actor::user(&user, Some("127.0.0.1".to_owned()));
    let token = store
        .create_api_token(&new_token(a, "nightly"), &actor)
        .expect("token");
    assert_eq!(token.created_by_user_id, Some(user.id));

    store
        .delete_user(a, user.id, &Actor::cli())
        .expect("delete");
    assert_eq!(store.user(user.id).expect("lookup"), None);
    assert_eq!(
        store
            .api_token(token.id)
            .expect("token")
            .map(|t| t.created_by_user_id),
        Some(None)
    );
    let entries = log(store, a);
    assert_eq!(entries[0].action, "user.delete");
    assert_eq!(
        entries[0].before.as_ref().map(|b| &b["email"]),
        Some(&json!("gone@example.com"))
    );
    let by_user = entries
        .iter()
        .find(|e| e.action == "token.create")
        .expect("row");
    assert_eq!(by_user.actor_user_id, Some(user.id));
    assert_eq!(by_user.actor, "gone@example.com");
    assert_eq!(by_user.client_addr.as_deref(), Some("127.0.0.1"));
    assert!(matches!(
        store.delete_user(a, user.id, &Actor::cli()),
        Err(StoreError::NotFound(_))
    ));
}

fn tokens_are_created_listed_touched_and_revoked(db: &TestDb) {
    let store = db.store();
    let (a, _) = two_orgs(store);
    let bad =
        |t: NewApiToken| field_of(store.create_api_token(&t, &Actor::cli()).expect_err("bad"));
    assert_eq!(bad(new_token(a, "  ")), "name");
    assert_eq!(
        bad(NewApiToken {
            secret_digest: "secret".to_owned(),
            ..new_token(a, "x")
        }),
        "secret_digest"
    );
    assert_eq!(
        bad(NewApiToken {
            expires_at: Some(at(2020, 1, 1)),
            ..new_token(a, "x")
        }),
        "expires_at"
    );
    assert!(matches!(
        store.create_api_token(&new_token(a + 100, "x"), &Actor::cli()),
        Err(StoreError::NotFound(_))
    ));

    let later = at(2999, 1, 1);
    let token = store
        .create_api_token(
            &NewApiToken {
                expires_at: Some(later),
                ..new_token(a, " nightly ")
            },
            &Actor::cli(),
        )
        .expect("create");
    let other = store
        .create_api_token(&new_token(a, "reports"), &Actor::cli())
        .expect("second");
    assert_eq!(
        (token.name.as_str(), token.scope),
        ("nightly", TokenScope::Import)
    );
    assert_eq!(token.secret_digest, DIGEST);
    assert_eq!((token.created_by_user_id, token.last_used_at), (None, None));
    assert!(token.is_active(at(2998, 1, 1)));
    assert!(!token.is_active(later));
    let serialized = serde_json::to_string(&token).expect("json");
    assert!(!serialized.contains(DIGEST), "{serialized}");
    assert!(!format!("{token:?}").contains(DIGEST));
    assert_eq!(
        store.api_tokens(a).expect("list"),
        vec![token.clone(), other.clone()]
    );
    assert_eq!(store.api_token(token.id).expect("get"), Some(token.clone()));

    store.touch_api_token(token.id).expect("touch");
    let touched = store.api_token(token.id).expect("get").expect("some");
    assert!(touched.last_used_at.is_some());
    assert!(matches!(
        store.touch_api_token(token.id + 100),
        Err(StoreError::NotFound(_))
    ));

    let revoked = store
        .revoke_api_token(a, token.id, &Actor::cli())
        .expect("revoke");
    assert!(revoked.revoked_at.is_some());
    assert!(!revoked.is_active(at(2998, 1, 1)));
    let rows = log(store, a).len();
    let again = store
        .revoke_api_token(a, token.id, &Actor::cli())
        .expect("revoke again");
    assert_eq!(again, revoked);
    assert_eq!(log(store, a).len(), rows);
    let entry = &log(store, a)[0];
    assert_eq!(entry.action, "token.revoke");
    assert_eq!(entry.target_id, Some(token.id.to_string()));
    assert!(!serde_json::to_string(entry).expect("json").contains(DIGEST));
    assert_eq!(
        actions(store, a)
            .iter()
            .filter(|a| a.as_str() == "token.create")
            .count(),
        2
    );
}

fn imports_are_audited_in_their_transaction(db: &TestDb) {
    let store = db.store();
    let org = store.ensure_organization("A").expect("org").id;
    let rows = vec![row(2, "2015", "acme", "ann", "c1")];
    store
        .import(org, &batch(&rows), &import_opts(true))
        .expect("dry run");
    assert!(log(store, org).is_empty());

    let summary = store
        .import(org, &batch(&rows), &import_opts(false))
        .expect("import");
    let entries = log(store, org);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "import");
    assert_eq!(entries[0].actor, "cli");
    assert_eq!(entries[0].target_type.as_deref(), Some("import"));
    assert_eq!(entries[0].target_id, summary.import_id);
    assert_eq!(
        entries[0].after.as_ref().map(|a| &a["responses_inserted"]),
        Some(&json!(1))
    );

    // A failing import (contact answering the cycle twice) leaves no audit row.
    let twice = vec![
        row(2, "2016", "acme", "ann", "c7"),
        row(3, "2016", "acme", "ann", "c7"),
    ];
    let mut b = batch(&twice);
    b.responses[1].external_id = "other".to_owned();
    store
        .import(org, &b, &import_opts(false))
        .expect_err("invalid");
    assert_eq!(log(store, org).len(), 1);
}

fn logins_are_recorded(db: &TestDb) {
    let store = db.store();
    let (a, _) = two_orgs(store);
    let user = analyst(store, a, "ann@example.com");
    let from = Actor::anonymous(Some("10.0.0.7".to_owned()));

    store
        .record_login(Some(&user), "Ann@Example.com", false, &from)
        .expect("failed login");
    store
        .record_login(None, "nobody@example.com", false, &from)
        .expect("unknown email");
    store
        .record_login(Some(&user), "ann@example.com", true, &from)
        .expect("login");
    assert!(matches!(
        store.record_login(None, "x@example.com", true, &from),
        Err(StoreError::Invalid { .. })
    ));

    let after = store.user(user.id).expect("get").expect("some");
    assert!(after.last_login_at.is_some());
    let entries = log(store, a);
    let ok = entries
        .iter()
        .find(|e| e.action == "login")
        .expect("login row");
    assert_eq!(
        (ok.actor.as_str(), ok.actor_user_id),
        ("ann@example.com", Some(user.id))
    );
    assert_eq!(ok.client_addr.as_deref(), Some("10.0.0.7"));
    let failed = entries
        .iter()
        .find(|e| e.action == "login.failed")
        .expect("failed row");
    assert_eq!(failed.actor, "anonymous");
    assert_eq!(failed.target_type.as_deref(), Some("email"));
    assert_eq!(failed.target_id.as_deref(), Some("ann@example.com"));
    // The unknown email's row belongs to no organization.
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.action == "login.failed")
            .count(),
        1
    );
    assert_eq!(
        table_counts(db)["audit_log"],
        // A's rows, the unknown email's row and B's import.
        i64::try_from(entries.len()).expect("fits") + 2
    );
}

fn settings_and_teams_are_audited(db: &TestDb) {
    let store = db.store();
    let (a, _) = two_orgs(store);
    let org = store
        .set_organization_settings(a, r#"{"top_box":2}"#, &Actor::cli())
        .expect("settings");
    assert_eq!(org.settings, r#"{"top_box":2}"#);
    let entry = &log(store, a)[0];
    assert_eq!(entry.action, "settings.update");
    assert_eq!(entry.before, Some(json!({})));
    assert_eq!(entry.after, Some(json!({ "top_box": 2 })));

    let ann = am_id(store, a, "ann");
    let am = store
        .set_account_manager_team(a, ann, Some(" north "), &Actor::cli())
        .expect("team");
    assert_eq!(am.team.as_deref(), Some("north"));
    let entry = &log(store, a)[0];
    assert_eq!(entry.action, "account_manager.update");
    assert_eq!(
        entry.after.as_ref().map(|v| &v["team"]),
        Some(&json!("north"))
    );
    let rows = log(store, a).len();
    store
        .set_account_manager_team(a, ann, Some("north"), &Actor::cli())
        .expect("same team");
    assert_eq!(log(store, a).len(), rows);
    let cleared = store
        .set_account_manager_team(a, ann, None, &Actor::cli())
        .expect("clear");
    assert_eq!(cleared.team, None);
    assert_eq!(
        store
            .account_manager_by_external_id(a, "nobody")
            .expect("lookup"),
        None
    );
}

fn audit_log_filters_and_pages(db: &TestDb) {
    let store = db.store();
    let org = store.ensure_organization("A").expect("org").id;
    let other = store.ensure_organization("B").expect("org").id;
    let mut times: Vec<NaiveDateTime> = Vec::new();
    for i in 0..6 {
        tick();
        let actor = Actor {
            label: if i % 2 == 0 { "cli" } else { "token:nightly" }.to_owned(),
            ..Actor::cli()
        };
        let entry = NewAudit {
            org_id: Some(org),
            action: if i < 3 { "export" } else { "report" }.to_owned(),
            target_type: Some("thing".to_owned()),
            target_id: Some(i.to_string()),
            before: None,
            after: Some(json!({ "i": i })),
        };
        store.audit(&entry, &actor).expect("append");
        times.push(log(store, org)[0].at);
    }
    let elsewhere = NewAudit {
        org_id: Some(other),
        action: "export".to_owned(),
        ..NewAudit::default()
    };
    store.audit(&elsewhere, &Actor::cli()).expect("other org");
    assert!(matches!(
        store.audit(&NewAudit::default(), &Actor::cli()),
        Err(StoreError::Invalid { .. })
    ));

    let ids = |f: AuditFilter| -> Vec<String> {
        store
            .audit_log(org, &f)
            .expect("log")
            .into_iter()
            .filter_map(|e| e.target_id)
            .collect()
    };
    assert_eq!(ids(AuditFilter::default()), ["5", "4", "3", "2", "1", "0"]);
    let exports = AuditFilter {
        action: Some("export".to_owned()),
        ..AuditFilter::default()
    };
    assert_eq!(ids(exports), ["2", "1", "0"]);
    let by_token = AuditFilter {
        actor: Some("token:nightly".to_owned()),
        ..AuditFilter::default()
    };
    assert_eq!(ids(by_token), ["5", "3", "1"]);
    let window = AuditFilter {
        since: Some(times[1]),
        until: Some(times[4]),
        ..AuditFilter::default()
    };
    assert_eq!(ids(window), ["3", "2", "1"]);
    let page = |limit, offset| AuditFilter {
        limit,
        offset,
        ..AuditFilter::default()
    };
    assert_eq!(ids(page(2, 0)), ["5", "4"]);
    assert_eq!(ids(page(2, 2)), ["3", "2"]);
    assert_eq!(ids(page(2, 6)), Vec::<String>::new());
    assert_eq!(ids(page(0, -3)), ["5"]);
    let first = &store.audit_log(org, &page(1, 0)).expect("log")[0];
    assert_eq!(first.after, Some(json!({ "i": 5 })));
    assert_eq!(first.actor, "token:nightly");
    assert_eq!(
        store
            .audit_log(other, &AuditFilter::default())
            .expect("b")
            .len(),
        1
    );
}

fn audit_log_is_append_only(db: &TestDb) {
    let store = db.store();
    let org = store.ensure_organization("A").expect("org").id;
    store
        .audit(
            &NewAudit {
                org_id: Some(org),
                action: "export".to_owned(),
                ..NewAudit::default()
            },
            &Actor::cli(),
        )
        .expect("append");
    for sql in [
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
    ] {
        let result = raw_execute(db, sql);
        let e = result.expect_err("refused");
        assert!(e.contains("append-only"), "{sql}: {e}");
    }
    assert_eq!(log(store, org).len(), 1);
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

fn organizations_cannot_touch_each_other(db: &TestDb) {
    let store = db.store();
    let (a, b) = two_orgs(store);
    let user = analyst(store, a, "ann@example.com");
    let token: ApiToken = store
        .create_api_token(&new_token(a, "nightly"), &Actor::cli())
        .expect("token");
    let before = table_counts(db);
    let not_found = |r: Result<(), StoreError>| {
        assert!(matches!(r, Err(StoreError::NotFound(_))), "{r:?}");
    };
    let any = UserChanges {
        disabled: Some(true),
        ..UserChanges::default()
    };
    not_found(store.update_user(b, user.id, &any, &Actor::cli()).map(drop));
    not_found(
        store
            .set_password(b, user.id, HASH, &Actor::cli())
            .map(drop),
    );
    not_found(store.logout_everywhere(b, user.id, &Actor::cli()).map(drop));
    not_found(store.delete_user(b, user.id, &Actor::cli()));
    not_found(store.revoke_api_token(b, token.id, &Actor::cli()).map(drop));
    let ann = am_id(store, a, "ann");
    not_found(
        store
            .set_account_manager_team(b, ann, Some("x"), &Actor::cli())
            .map(drop),
    );
    assert_eq!(table_counts(db), before);
    assert!(store.users(b).expect("b users").is_empty());
    assert!(store.api_tokens(b).expect("b tokens").is_empty());
    assert_eq!(store.user(user.id).expect("a user"), Some(user));
}

fn concurrent_user_writes_all_succeed(db: &TestDb) {
    let store = db.store();
    let (a, _) = two_orgs(store);
    let users: Vec<User> = (0..6)
        .map(|i| analyst(store, a, &format!("u{i}@example.com")))
        .collect();
    // Each write reads the user, then writes it and its audit row: on SQLite a deferred
    // transaction would fail with "database is locked" here; an immediate one waits.
    std::thread::scope(|s| {
        for user in &users {
            s.spawn(move || {
                for _ in 0..10 {
                    store
                        .logout_everywhere(a, user.id, &Actor::cli())
                        .expect("concurrent write");
                }
            });
        }
    });
    let logouts = AuditFilter {
        action: Some("user.logout_all".to_owned()),
        limit: 1_000,
        ..AuditFilter::default()
    };
    assert_eq!(store.audit_log(a, &logouts).expect("log").len(), 60);
}
