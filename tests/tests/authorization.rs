//! The authorization matrix, generated from the OpenAPI spec: every operation, every kind of
//! caller, from the resource's own organization and from another one, gets the status the
//! access rules give. An operation without a rule here fails the test, so no route can be
//! added without deciding who may call it.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::test::TestRequest;
use gapscope_e2e::{TEST_PASSWORD, TestApp, TestOrg, Who, add_user, both_backends};
use gapscope_store::{Actor, NewApiToken, Role, TokenScope};
use serde_json::json;

/// Where the caller comes from, relative to the resources the request names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum From {
    Own,
    Foreign,
}

/// The ids a request may name, all in the `demo` organization.
struct Ids {
    /// District 1: team north, and the account-manager user's own book.
    am_north: i64,
    /// District 9: team south.
    am_south: i64,
    account_north: i64,
    account_south: i64,
}

struct Sample {
    label: &'static str,
    request: fn(&TestApp, &Ids) -> TestRequest,
    expect: fn(Who, From) -> u16,
}

fn everyone(ok: u16) -> impl Fn(Who) -> u16 {
    move |who| if who == Who::Anonymous { 401 } else { ok }
}

fn admins(who: Who, ok: u16) -> u16 {
    match who {
        Who::Anonymous => 401,
        Who::Admin | Who::AdminToken => ok,
        _ => 403,
    }
}

/// An admin-only operation on a resource id: foreign admins find nothing (404), everyone
/// else is refused by role first (403).
fn admins_on_id(who: Who, from: From, ok: u16) -> u16 {
    match (admins(who, ok), from) {
        (status, From::Foreign) if status == ok => 404,
        (status, _) => status,
    }
}

/// A read of one AM's or account's data in team north (district 1).
fn north(who: Who, from: From) -> u16 {
    match (who, from) {
        (Who::Anonymous, _) => 401,
        (_, From::Foreign) => 404,
        _ => 200,
    }
}

/// A read of one AM's or account's data in team south (district 9).
fn south(who: Who, from: From) -> u16 {
    match (who, from) {
        (Who::Anonymous, _) => 401,
        (_, From::Foreign) => 404,
        (Who::Supervisor | Who::AccountManager, _) => 403,
        _ => 200,
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn unique(prefix: &str) -> String {
    format!("{prefix}{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

fn throwaway_user(app: &TestApp) -> i64 {
    let email = format!("{}@demo.test", unique("throwaway"));
    add_user(
        &app.state.store,
        app.org.id,
        &email,
        Role::Analyst,
        None,
        None,
    )
    .id
}

fn throwaway_token(app: &TestApp) -> i64 {
    let new = NewApiToken {
        org_id: app.org.id,
        name: unique("throwaway"),
        scope: TokenScope::Read,
        secret_digest: "0".repeat(64),
        expires_at: None,
    };
    app.state
        .store
        .create_api_token(&new, &Actor::cli())
        .expect("token")
        .id
}

/// The first open alert of the AM in the demo organization (the demo raises plenty).
fn alert_of(app: &TestApp, account_manager: i64) -> i64 {
    let filter = gapscope_store::AlertFilter {
        account_manager: Some(account_manager),
        status: Some(gapscope_store::AlertStatus::Open),
        limit: 1,
        ..Default::default()
    };
    let page = app.state.store.alerts(app.org.id, &filter).expect("alerts");
    page.items.first().expect("an open alert").id
}

/// A stored proposal moving one account of district 2 to district 3 (both team north).
fn north_proposal(app: &TestApp) -> i64 {
    let store = &app.state.store;
    let am = |ext: &str| {
        store
            .account_manager_by_external_id(app.org.id, ext)
            .expect("lookup")
            .expect("AM")
            .id
    };
    let (from, to) = (am("2"), am("3"));
    let account = store
        .accounts(app.org.id)
        .expect("accounts")
        .into_iter()
        .find(|a| a.current_account_manager == Some(from))
        .expect("an account of district 2")
        .id;
    let result = gapscope_domain::pairing::Pairing {
        objective_before: Some(0.0),
        objective_after: 0.0,
        moves: vec![gapscope_domain::pairing::Move {
            account,
            from: Some(from),
            to,
            gain: 0.0,
        }],
        per_am: Vec::new(),
    };
    let new = gapscope_store::NewProposal {
        scope: json!({"team": "north"}),
        parameters: json!({}),
        result: &result,
    };
    store
        .save_proposal(app.org.id, &new, &Actor::cli())
        .expect("save")
        .id
}

/// A one-response cycle keyed before the demo's 2015, so "latest" stays 2015; returns its key.
fn fresh_cycle(app: &TestApp) -> String {
    let key = format!("2000-{:04}", COUNTER.fetch_add(1, Ordering::Relaxed));
    let mapping = format!(
        "cycle = {{ constant = \"{key}\" }}\naccount = {{ key = \"company\" }}\n\
         account_manager = {{ column = \"am\" }}\ncontact = {{ id = \"email\" }}\n\
         [[categories]]\nkey = \"communication\"\nperformance = \"perf\"\n"
    );
    let mapping = gapscope_import::Mapping::from_toml(&mapping).expect("mapping");
    let csv = format!("company,am,email,perf\nMatrix,matrix-am,{key}@matrix.test,7\n");
    let batch = gapscope_import::parse(&mapping, csv.as_bytes()).expect("parse");
    let opts = gapscope_store::ImportOptions {
        dry_run: false,
        file_name: None,
        actor: Actor::cli(),
    };
    app.state
        .store
        .import(app.org.id, &batch, &opts)
        .expect("import");
    key
}

const MAPPING: &str = r#"
cycle = { constant = "2026-Q3" }
account = { key = "company" }
account_manager = { column = "am" }
contact = { id = "email" }
[[categories]]
key = "communication"
performance = "perf"
"#;

fn import_request() -> TestRequest {
    let boundary = "matrix-boundary";
    let mut body = String::new();
    for (name, content) in [
        ("mapping", MAPPING),
        ("file", "company,am,email,perf\nAcme,alice,a@x,7\n"),
    ] {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}\"\r\n\r\n{content}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    TestRequest::post()
        .uri("/api/v1/imports?dry_run=true")
        .insert_header((
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        ))
        .set_payload(body)
}

/// The rule of every operation, by operation id.
fn samples(operation: &str) -> Vec<Sample> {
    let get = |uri: &str| TestRequest::get().uri(uri);
    match operation {
        "healthz" => vec![Sample {
            label: "health",
            request: |_, _| TestRequest::get().uri("/healthz"),
            expect: |_, _| 200,
        }],
        "login" => vec![Sample {
            label: "a valid login, whatever header comes with it",
            request: |app, _| {
                let email = app.org.users[&Who::Admin].email.clone();
                TestRequest::post()
                    .uri("/api/v1/auth/login")
                    .set_json(json!({"email": email, "password": TEST_PASSWORD}))
            },
            expect: |_, _| 200,
        }],
        "logout" => vec![Sample {
            label: "end the browser session, signed in or not",
            request: |_, _| TestRequest::post().uri("/api/v1/auth/logout"),
            expect: |_, _| 204,
        }],
        "logout_all" => vec![Sample {
            label: "log out everywhere",
            request: |_, _| TestRequest::post().uri("/api/v1/auth/logout-all"),
            expect: |who, _| match who {
                Who::Anonymous => 401,
                Who::ReadToken | Who::ImportToken | Who::AdminToken => 403,
                _ => 204,
            },
        }],
        "me" => vec![Sample {
            label: "me",
            request: |_, _| TestRequest::get().uri("/api/v1/auth/me"),
            expect: |who, _| match who {
                Who::Anonymous => 401,
                Who::ReadToken | Who::ImportToken | Who::AdminToken => 403,
                _ => 200,
            },
        }],
        "list_cycles"
        | "list_categories"
        | "list_account_managers"
        | "list_accounts"
        | "get_settings" => {
            let _ = get;
            vec![Sample {
                label: "organization-wide list",
                request: match operation {
                    "list_cycles" => |_, _| TestRequest::get().uri("/api/v1/cycles"),
                    "list_categories" => |_, _| TestRequest::get().uri("/api/v1/categories"),
                    "list_account_managers" => {
                        |_, _| TestRequest::get().uri("/api/v1/account-managers")
                    }
                    "list_accounts" => |_, _| TestRequest::get().uri("/api/v1/accounts"),
                    _ => |_, _| TestRequest::get().uri("/api/v1/settings"),
                },
                expect: |who, _| everyone(200)(who),
            }]
        }
        "get_category_results" => vec![
            Sample {
                label: "organization scope",
                request: |_, _| TestRequest::get().uri("/api/v1/category-results"),
                expect: |who, _| everyone(200)(who),
            },
            Sample {
                label: "a north book",
                request: |_, ids| {
                    TestRequest::get().uri(&format!(
                        "/api/v1/category-results?account_manager={}",
                        ids.am_north
                    ))
                },
                expect: north,
            },
            Sample {
                label: "a south book",
                request: |_, ids| {
                    TestRequest::get().uri(&format!(
                        "/api/v1/category-results?account_manager={}",
                        ids.am_south
                    ))
                },
                expect: south,
            },
            Sample {
                label: "a south account",
                request: |_, ids| {
                    TestRequest::get().uri(&format!(
                        "/api/v1/category-results?account={}",
                        ids.account_south
                    ))
                },
                expect: south,
            },
        ],
        "get_account_manager_assessment" => vec![
            Sample {
                label: "north AM",
                request: |_, ids| {
                    TestRequest::get().uri(&format!(
                        "/api/v1/account-managers/{}/assessment",
                        ids.am_north
                    ))
                },
                expect: north,
            },
            Sample {
                label: "south AM",
                request: |_, ids| {
                    TestRequest::get().uri(&format!(
                        "/api/v1/account-managers/{}/assessment",
                        ids.am_south
                    ))
                },
                expect: south,
            },
        ],
        "get_account_assessment" => vec![
            Sample {
                label: "north account",
                request: |_, ids| {
                    TestRequest::get().uri(&format!(
                        "/api/v1/accounts/{}/assessment",
                        ids.account_north
                    ))
                },
                expect: north,
            },
            Sample {
                label: "south account",
                request: |_, ids| {
                    TestRequest::get().uri(&format!(
                        "/api/v1/accounts/{}/assessment",
                        ids.account_south
                    ))
                },
                expect: south,
            },
        ],
        "get_account_trend" => vec![
            Sample {
                label: "north account trend",
                request: |_, ids| {
                    TestRequest::get().uri(&format!("/api/v1/accounts/{}/trend", ids.account_north))
                },
                expect: north,
            },
            Sample {
                label: "south account trend",
                request: |_, ids| {
                    TestRequest::get().uri(&format!("/api/v1/accounts/{}/trend", ids.account_south))
                },
                expect: south,
            },
        ],
        "get_account_manager_trend" => vec![
            Sample {
                label: "north AM trend",
                request: |_, ids| {
                    TestRequest::get()
                        .uri(&format!("/api/v1/account-managers/{}/trend", ids.am_north))
                },
                expect: north,
            },
            Sample {
                label: "south AM trend",
                request: |_, ids| {
                    TestRequest::get()
                        .uri(&format!("/api/v1/account-managers/{}/trend", ids.am_south))
                },
                expect: south,
            },
        ],
        "get_cohort_migration" | "get_hidden_risk" | "get_funnel" => vec![Sample {
            label: "organization-wide view, filtered to what the caller may see",
            request: match operation {
                "get_cohort_migration" => |_, _| TestRequest::get().uri("/api/v1/cohort-migration"),
                "get_hidden_risk" => |_, _| TestRequest::get().uri("/api/v1/hidden-risk"),
                _ => |_, _| TestRequest::get().uri("/api/v1/funnel?measure=customer_service"),
            },
            expect: |who, _| everyone(200)(who),
        }],
        "list_alerts" | "get_alert_overview" | "get_derived_importance" | "list_outcomes" => {
            vec![Sample {
                label: "organization-wide, filtered to what the caller may see",
                request: match operation {
                    "list_alerts" => |_, _| TestRequest::get().uri("/api/v1/alerts"),
                    "get_alert_overview" => {
                        |_, _| TestRequest::get().uri("/api/v1/alerts/overview")
                    }
                    "get_derived_importance" => {
                        |_, _| TestRequest::get().uri("/api/v1/derived-importance")
                    }
                    _ => |_, _| TestRequest::get().uri("/api/v1/outcomes"),
                },
                expect: |who, _| everyone(200)(who),
            }]
        }
        "get_alert" => vec![
            Sample {
                label: "a north alert",
                request: |app, ids| {
                    TestRequest::get()
                        .uri(&format!("/api/v1/alerts/{}", alert_of(app, ids.am_north)))
                },
                expect: north,
            },
            Sample {
                label: "a south alert",
                request: |app, ids| {
                    TestRequest::get()
                        .uri(&format!("/api/v1/alerts/{}", alert_of(app, ids.am_south)))
                },
                expect: south,
            },
        ],
        "update_alert" => vec![
            Sample {
                label: "acknowledge an open alert of district 1",
                request: |app, ids| {
                    TestRequest::patch()
                        .uri(&format!("/api/v1/alerts/{}", alert_of(app, ids.am_north)))
                        .set_json(json!({"status": "acknowledged", "note": "on it"}))
                },
                expect: |who, from| match (who, from) {
                    (Who::Anonymous, _) => 401,
                    (_, From::Foreign) => 404,
                    (Who::Admin | Who::AdminToken | Who::Supervisor | Who::AccountManager, _) => {
                        200
                    }
                    _ => 403,
                },
            },
            Sample {
                label: "acknowledge an open alert of district 9",
                request: |app, ids| {
                    TestRequest::patch()
                        .uri(&format!("/api/v1/alerts/{}", alert_of(app, ids.am_south)))
                        .set_json(json!({"status": "acknowledged"}))
                },
                expect: |who, from| match (who, from) {
                    (Who::Anonymous, _) => 401,
                    (_, From::Foreign) => 404,
                    (Who::Admin | Who::AdminToken, _) => 200,
                    _ => 403,
                },
            },
        ],
        "evaluate_alerts" => vec![Sample {
            label: "re-evaluate the latest cycle",
            request: |_, _| TestRequest::post().uri("/api/v1/alerts/evaluate"),
            expect: |who, _| admins(who, 200),
        }],
        "close_cycle" => vec![Sample {
            label: "close a fresh cycle",
            request: |app, _| {
                let key = fresh_cycle(app);
                TestRequest::post().uri(&format!("/api/v1/cycles/{key}/close"))
            },
            expect: |who, from| admins_on_id(who, from, 200),
        }],
        "record_outcomes" => vec![Sample {
            label: "record no outcomes",
            request: |_, _| {
                TestRequest::post()
                    .uri("/api/v1/outcomes")
                    .set_json(json!([]))
            },
            expect: |who, _| match who {
                Who::Anonymous => 401,
                Who::Admin | Who::ImportToken | Who::AdminToken => 200,
                _ => 403,
            },
        }],
        "get_backtest" => vec![Sample {
            label: "the organization's back-test",
            request: |_, _| TestRequest::get().uri("/api/v1/backtest"),
            expect: |who, _| match who {
                Who::Anonymous => 401,
                Who::Supervisor | Who::AccountManager => 403,
                _ => 200,
            },
        }],
        "get_team_focus" | "get_compensation" | "export_compensation" => vec![Sample {
            label: "organization-wide, filtered to what the caller may see",
            request: match operation {
                "get_team_focus" => |_, _| TestRequest::get().uri("/api/v1/training/team"),
                "get_compensation" => {
                    |_, _| TestRequest::get().uri("/api/v1/compensation?pool=1000")
                }
                _ => |_, _| TestRequest::get().uri("/api/v1/compensation/export"),
            },
            expect: |who, _| everyone(200)(who),
        }],
        "get_am_focus" => vec![
            Sample {
                label: "north AM focus",
                request: |_, ids| {
                    TestRequest::get().uri(&format!(
                        "/api/v1/training/account-managers/{}",
                        ids.am_north
                    ))
                },
                expect: north,
            },
            Sample {
                label: "south AM focus",
                request: |_, ids| {
                    TestRequest::get().uri(&format!(
                        "/api/v1/training/account-managers/{}",
                        ids.am_south
                    ))
                },
                expect: south,
            },
        ],
        "create_pairing_proposal" => vec![Sample {
            label: "propose a pairing for team north",
            request: |_, _| {
                TestRequest::post()
                    .uri("/api/v1/pairings/proposals")
                    .set_json(json!({"team": "north"}))
            },
            expect: |who, _| match who {
                Who::Anonymous => 401,
                Who::Admin | Who::AdminToken | Who::Supervisor => 201,
                _ => 403,
            },
        }],
        "list_pairing_proposals" => vec![Sample {
            label: "list proposals",
            request: |_, _| TestRequest::get().uri("/api/v1/pairings/proposals"),
            expect: |who, _| match who {
                Who::Anonymous => 401,
                Who::AccountManager => 403,
                _ => 200,
            },
        }],
        "apply_pairing_proposal" => vec![Sample {
            label: "apply a north move",
            request: |app, _| {
                let id = north_proposal(app);
                TestRequest::post()
                    .uri(&format!("/api/v1/pairings/proposals/{id}/apply"))
                    .set_json(json!({"reason": "matrix"}))
            },
            expect: |who, from| match (who, from) {
                (Who::Anonymous, _) => 401,
                (Who::Admin | Who::AdminToken | Who::Supervisor, From::Own) => 200,
                (Who::Admin | Who::AdminToken | Who::Supervisor, From::Foreign) => 404,
                _ => 403,
            },
        }],
        "update_account_manager" => vec![Sample {
            label: "set a team (to the one it has)",
            request: |_, ids| {
                TestRequest::patch()
                    .uri(&format!("/api/v1/account-managers/{}", ids.am_north))
                    .set_json(json!({"team": "north"}))
            },
            expect: |who, from| admins_on_id(who, from, 200),
        }],
        "create_import" => vec![Sample {
            label: "dry-run import",
            request: |_, _| import_request(),
            expect: |who, _| match who {
                Who::Anonymous => 401,
                Who::Admin | Who::ImportToken | Who::AdminToken => 200,
                _ => 403,
            },
        }],
        "list_users" | "list_tokens" | "list_audit" => vec![Sample {
            label: "admin list",
            request: match operation {
                "list_users" => |_, _| TestRequest::get().uri("/api/v1/users"),
                "list_tokens" => |_, _| TestRequest::get().uri("/api/v1/tokens"),
                _ => |_, _| TestRequest::get().uri("/api/v1/audit"),
            },
            expect: |who, _| admins(who, 200),
        }],
        "create_user" => vec![Sample {
            label: "create a user",
            request: |_, _| {
                let email = format!("{}@matrix.test", unique("new"));
                TestRequest::post()
                    .uri("/api/v1/users")
                    .set_json(json!({"email": email, "role": "analyst"}))
            },
            expect: |who, _| admins(who, 201),
        }],
        "update_user" => vec![Sample {
            label: "update a user",
            request: |app, _| {
                let id = throwaway_user(app);
                TestRequest::patch()
                    .uri(&format!("/api/v1/users/{id}"))
                    .set_json(json!({"disabled": false}))
            },
            expect: |who, from| admins_on_id(who, from, 200),
        }],
        "set_password" => vec![Sample {
            label: "set another user's password",
            request: |app, _| {
                let id = throwaway_user(app);
                TestRequest::put()
                    .uri(&format!("/api/v1/users/{id}/password"))
                    .set_json(json!({"password": "another long password"}))
            },
            expect: |who, from| admins_on_id(who, from, 204),
        }],
        "delete_user" => vec![Sample {
            label: "delete a user",
            request: |app, _| {
                TestRequest::delete().uri(&format!("/api/v1/users/{}", throwaway_user(app)))
            },
            expect: |who, from| admins_on_id(who, from, 204),
        }],
        "create_token" => vec![Sample {
            label: "create a token",
            request: |_, _| {
                TestRequest::post()
                    .uri("/api/v1/tokens")
                    .set_json(json!({"name": unique("t"), "scope": "read"}))
            },
            expect: |who, _| admins(who, 201),
        }],
        "revoke_token" => vec![Sample {
            label: "revoke a token",
            request: |app, _| {
                TestRequest::delete().uri(&format!("/api/v1/tokens/{}", throwaway_token(app)))
            },
            expect: |who, from| admins_on_id(who, from, 200),
        }],
        "patch_settings" => vec![Sample {
            label: "change one setting",
            request: |_, _| {
                TestRequest::patch()
                    .uri("/api/v1/settings")
                    .set_json(json!({"anonymity_threshold": 3}))
            },
            expect: |who, _| admins(who, 200),
        }],
        "put_settings" => vec![Sample {
            label: "store the default settings",
            request: |_, _| {
                TestRequest::put()
                    .uri("/api/v1/settings")
                    .set_json(json!({"anonymity_threshold": 3}))
            },
            expect: |who, _| admins(who, 200),
        }],
        _ => Vec::new(),
    }
}

fn operations() -> BTreeSet<String> {
    let spec: serde_json::Value = serde_json::from_str(&gapscope_api::spec_json()).expect("spec");
    let mut ids = BTreeSet::new();
    for item in spec["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values() {
            ids.insert(op["operationId"].as_str().expect("operation id").to_owned());
        }
    }
    ids
}

#[test]
fn every_operation_has_a_rule() {
    let missing: Vec<String> = operations()
        .into_iter()
        .filter(|op| samples(op).is_empty())
        .collect();
    assert!(
        missing.is_empty(),
        "operations without an authorization rule: {missing:?}"
    );
}

async fn ids(app: &TestApp) -> Ids {
    let store = &app.state.store;
    let am = |ext: &str| {
        store
            .account_manager_by_external_id(app.org.id, ext)
            .expect("lookup")
            .expect("AM")
            .id
    };
    let (am_north, am_south) = (am("1"), am("9"));
    let accounts = store.accounts(app.org.id).expect("accounts");
    let owned = |am: i64| {
        accounts
            .iter()
            .find(|a| a.current_account_manager == Some(am))
            .expect("account")
            .id
    };
    Ids {
        am_north,
        am_south,
        account_north: owned(am_north),
        account_south: owned(am_south),
    }
}

async fn run_matrix(app: &TestApp, foreign: &TestOrg) {
    let ids = ids(app).await;
    let mut failures = Vec::new();
    for operation in operations() {
        for sample in samples(&operation) {
            for who in Who::ALL {
                for (from, org) in [(From::Own, &app.org), (From::Foreign, foreign)] {
                    let (status, body) = app.call_in(org, who, (sample.request)(app, &ids)).await;
                    let expected = (sample.expect)(who, from);
                    if status != expected {
                        failures.push(format!(
                            "{operation} ({}) as {who:?} from {from:?}: {status}, expected {expected}: {body}",
                            sample.label
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

both_backends!(the_matrix_holds, |backend| {
    let app = TestApp::with_demo(backend);
    let foreign = app.foreign_org();
    run_matrix(&app, &foreign).await;
});
