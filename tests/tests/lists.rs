//! The one convention of every list: the `{items, total, limit, offset}` envelope, `limit` and
//! `offset`, `sort` with `-` for descending and ties broken by id, filters named after their
//! field, and 400 naming the parameter for anything else; on both backends, over the synthetic
//! organization.

use std::cmp::Ordering;

use actix_web::test::TestRequest;
use gapscope_e2e::{TestApp, Who, both_backends};
use serde_json::{Value, json};

/// Every list endpoint.
const LISTS: [&str; 10] = [
    "/api/v1/account-managers",
    "/api/v1/accounts",
    "/api/v1/alerts",
    "/api/v1/audit",
    "/api/v1/users",
    "/api/v1/tokens",
    "/api/v1/outcomes",
    "/api/v1/pairings/proposals",
    "/api/v1/cycles",
    "/api/v1/categories",
];

/// The synthetic organization with three pairing proposals, so every list has a few items.
async fn app_with_lists(backend: gapscope_e2e::Backend) -> TestApp {
    let (app, _) = TestApp::with_synthetic(backend);
    for penalty in [0.25, 0.5, 1.0] {
        let req = TestRequest::post()
            .uri("/api/v1/pairings/proposals")
            .set_json(json!({"change_penalty": penalty}));
        let (status, body) = app.call_as(Who::Admin, req).await;
        assert_eq!(status, 201, "{body}");
    }
    app
}

fn with(path: &str, query: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}{query}")
}

/// GET `uri` as the admin; must answer 200 with a page.
async fn page(app: &TestApp, uri: &str) -> Value {
    let (status, body) = app.get(uri).await;
    assert_eq!(status, 200, "{uri}: {body}");
    body
}

fn items(page: &Value) -> &Vec<Value> {
    page["items"].as_array().expect("items")
}

/// The value a sort key compares, as the API documents it.
fn sort_value(item: &Value, field: &str) -> Value {
    let rank = |ranks: &[&str]| {
        item[field]
            .as_str()
            .and_then(|s| ranks.iter().position(|r| *r == s))
            .map_or(Value::Null, Value::from)
    };
    match field {
        "nps" => item["nps"]["nps"].clone(),
        "severity" => rank(&["low", "medium", "high"]),
        "status" if item.get("rule").is_some() => rank(&["open", "acknowledged", "resolved"]),
        "status" => rank(&["proposed", "partially_applied", "applied"]),
        _ => item[field].clone(),
    }
}

/// Null last whichever the direction; numbers, text (by code point) and booleans compare.
fn compare(a: &Value, b: &Value, descending: bool) -> Ordering {
    match (a.is_null(), b.is_null()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => {
            let order = match (a, b) {
                (Value::Number(x), Value::Number(y)) => {
                    let (x, y) = (x.as_f64().expect("x"), y.as_f64().expect("y"));
                    x.partial_cmp(&y).expect("comparable numbers")
                }
                (Value::String(x), Value::String(y)) => x.cmp(y),
                (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
                _ => panic!("cannot compare {a} with {b}"),
            };
            if descending { order.reverse() } else { order }
        }
    }
}

/// Parses a `sort` value into (field, descending) pairs.
fn keys(sort: &str) -> Vec<(String, bool)> {
    sort.split(',')
        .map(|k| match k.strip_prefix('-') {
            Some(field) => (field.to_owned(), true),
            None => (k.to_owned(), false),
        })
        .collect()
}

/// Asserts that `items` are in the order of `sort`, ties broken by id ascending (for outcomes,
/// which have no id, by account, then day).
fn assert_sorted(uri: &str, items: &[Value], sort: &str) {
    let mut keys = keys(sort);
    if items.first().is_some_and(|i| i.get("id").is_some()) {
        keys.push(("id".into(), false));
    } else {
        keys.push(("account".into(), false));
        keys.push(("decided_on".into(), false));
    }
    for pair in items.windows(2) {
        let order = keys
            .iter()
            .map(|(field, descending)| {
                compare(
                    &sort_value(&pair[0], field),
                    &sort_value(&pair[1], field),
                    *descending,
                )
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal);
        assert_eq!(
            order,
            Ordering::Less,
            "{uri}: out of order or tied:\n{}\n{}",
            pair[0],
            pair[1]
        );
    }
}

both_backends!(every_list_answers_one_envelope_by_default, |backend| {
    let app = app_with_lists(backend).await;
    for path in LISTS {
        let body = page(&app, path).await;
        let mut fields: Vec<&str> = body
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        fields.sort_unstable();
        assert_eq!(fields, ["items", "limit", "offset", "total"], "{path}");
        assert_eq!((&body["limit"], &body["offset"]), (&json!(100), &json!(0)));
        let total = body["total"].as_u64().expect("total");
        assert!(total >= 3, "{path}: the test needs a few items: {body}");
        assert_eq!(items(&body).len() as u64, total.min(100), "{path}");
    }
});

both_backends!(
    bad_paging_and_sorting_are_refused_naming_the_parameter,
    |backend| {
        let app = app_with_lists(backend).await;
        for path in LISTS {
            for (query, field) in [
                ("limit=0", "limit"),
                ("limit=1001", "limit"),
                ("limit=ten", "limit"),
                ("offset=-1", "offset"),
                ("offset=x", "offset"),
                ("sort=bogus_field", "sort"),
                ("sort=", "sort"),
                ("sort=-", "sort"),
            ] {
                let uri = with(path, query);
                let (status, body) = app.get(&uri).await;
                assert_eq!(status, 400, "{uri}: {body}");
                assert_eq!(body["code"], "invalid_parameter", "{uri}: {body}");
                assert_eq!(body["field"], field, "{uri}: {body}");
            }
            let uri = with(path, "sort=bogus_field");
            let (_, body) = app.get(&uri).await;
            let message = body["message"].as_str().expect("message");
            assert!(
                message.contains("`bogus_field`") && message.contains("sorts by:"),
                "{uri}: the message names the field and the allowed ones: {message}"
            );
            let uri = with(path, "bogus_param=1");
            let (status, body) = app.get(&uri).await;
            assert_eq!(status, 400, "{uri}: {body}");
            let message = body["message"].as_str().expect("message");
            assert!(message.contains("bogus_param"), "{uri}: {message}");
            assert_eq!(body["field"], "bogus_param", "{uri}: the field names it");
            let (status, body) = app.get(&with(path, "limit=1000")).await;
            assert_eq!(status, 200, "{path}: the largest page is allowed: {body}");
        }
    }
);

both_backends!(
    limit_and_offset_slice_one_order_and_total_counts_all,
    |backend| {
        let app = app_with_lists(backend).await;
        for path in LISTS {
            let full = page(&app, &with(path, "limit=1000")).await;
            let all = items(&full);
            let total = full["total"].as_u64().expect("total");
            assert_eq!(all.len() as u64, total, "{path}: everything fits one page");

            let uri = with(path, "limit=2&offset=1");
            let slice = page(&app, &uri).await;
            assert_eq!(items(&slice)[..], all[1..3], "{uri}");
            assert_eq!(
                (&slice["total"], &slice["limit"], &slice["offset"]),
                (&full["total"], &json!(2), &json!(1)),
                "{uri}"
            );

            let uri = with(path, &format!("offset={total}"));
            let beyond = page(&app, &uri).await;
            assert!(items(&beyond).is_empty(), "{uri}: {beyond}");
            assert_eq!(beyond["total"], full["total"], "{uri}");
        }
    }
);

both_backends!(sort_orders_by_the_keys_asked_for_then_by_id, |backend| {
    let app = app_with_lists(backend).await;
    // Every list in its documented default order, and the same when asked for explicitly.
    for (path, default) in [
        ("/api/v1/account-managers", "name"),
        ("/api/v1/accounts", "name"),
        ("/api/v1/alerts", "-created_at,-id"),
        ("/api/v1/audit", "-at,-id"),
        ("/api/v1/users", "email"),
        ("/api/v1/tokens", "id"),
        ("/api/v1/outcomes", "account,decided_on"),
        ("/api/v1/pairings/proposals", "-created_at,-id"),
        ("/api/v1/cycles", "key"),
        ("/api/v1/categories", "position"),
    ] {
        let implicit = page(&app, &with(path, "limit=1000")).await;
        assert_sorted(path, items(&implicit), default);
        let explicit = page(&app, &with(path, &format!("limit=1000&sort={default}"))).await;
        assert_eq!(implicit, explicit, "{path}: the default is `{default}`");
    }
    // Ascending, descending and several keys.
    for (path, sort) in [
        ("/api/v1/account-managers", "team,-mean_score"),
        ("/api/v1/account-managers", "-nps"),
        ("/api/v1/account-managers", "-responses,external_id"),
        ("/api/v1/accounts", "-score,name"),
        ("/api/v1/accounts", "score"),
        ("/api/v1/accounts", "responses,-iws"),
        ("/api/v1/alerts", "-severity,-magnitude"),
        ("/api/v1/alerts", "rule,severity,created_at"),
        ("/api/v1/alerts", "status,-updated_at"),
        ("/api/v1/audit", "action,-at"),
        ("/api/v1/audit", "actor,id"),
        ("/api/v1/users", "-email"),
        ("/api/v1/users", "role,-created_at"),
        ("/api/v1/tokens", "-name"),
        ("/api/v1/tokens", "-last_used_at,created_at"),
        ("/api/v1/outcomes", "-decided_on"),
        ("/api/v1/outcomes", "renewed,-account"),
        ("/api/v1/pairings/proposals", "status,created_at"),
        ("/api/v1/pairings/proposals", "id"),
        ("/api/v1/cycles", "-key"),
        ("/api/v1/cycles", "-responses,closed_at"),
        ("/api/v1/categories", "name"),
        ("/api/v1/categories", "-position"),
    ] {
        let uri = with(path, &format!("limit=1000&sort={sort}"));
        let body = page(&app, &uri).await;
        assert_sorted(&uri, items(&body), sort);
    }
    // Without ties, descending is ascending reversed.
    let asc = page(&app, "/api/v1/accounts?sort=id").await;
    let desc = page(&app, "/api/v1/accounts?sort=-id").await;
    let mut reversed = items(&asc).clone();
    reversed.reverse();
    assert_eq!(&reversed, items(&desc));
    // The database-paged lists page the sorted order.
    for path in ["/api/v1/alerts", "/api/v1/audit"] {
        let sort = if path.ends_with("alerts") {
            "-severity,-magnitude"
        } else {
            "action,-at"
        };
        let full = page(&app, &with(path, &format!("limit=1000&sort={sort}"))).await;
        let part = page(&app, &with(path, &format!("limit=2&offset=1&sort={sort}"))).await;
        assert_eq!(items(&part)[..], items(&full)[1..3], "{path}?sort={sort}");
    }
});

both_backends!(filters_are_parameters_named_after_their_field, |backend| {
    let app = app_with_lists(backend).await;
    // Each filter keeps exactly the items whose field has the value, and counts them all.
    let ams = page(&app, "/api/v1/account-managers").await;
    let team = items(&ams)
        .iter()
        .find_map(|am| am["team"].as_str())
        .expect("an AM with a team")
        .to_owned();
    let accounts = page(&app, "/api/v1/accounts").await;
    let cohort = items(&accounts)
        .iter()
        .find_map(|a| a["cohort"].as_str())
        .expect("a scored account")
        .to_owned();
    let outcomes = page(&app, "/api/v1/outcomes?limit=1000").await;
    let account = items(&outcomes)[0]["account"]
        .as_str()
        .expect("account")
        .to_owned();
    for (path, field, value) in [
        ("/api/v1/account-managers", "team", json!(team)),
        ("/api/v1/accounts", "cohort", json!(cohort)),
        ("/api/v1/alerts", "rule", json!("critical_gap")),
        ("/api/v1/alerts", "severity", json!("high")),
        ("/api/v1/audit", "action", json!("import")),
        ("/api/v1/users", "role", json!("admin")),
        ("/api/v1/users", "disabled", json!(false)),
        ("/api/v1/tokens", "scope", json!("read")),
        ("/api/v1/outcomes", "renewed", json!(false)),
        ("/api/v1/outcomes", "account", json!(account)),
        ("/api/v1/pairings/proposals", "status", json!("proposed")),
    ] {
        let all = page(&app, &with(path, "limit=1000")).await;
        let expected: Vec<&Value> = items(&all).iter().filter(|i| i[field] == value).collect();
        assert!(
            !expected.is_empty(),
            "{path}: no item with {field} = {value}"
        );
        let text = value
            .as_str()
            .map_or_else(|| value.to_string(), str::to_owned);
        let uri = with(path, &format!("limit=1000&{field}={text}"));
        let filtered = page(&app, &uri).await;
        assert_eq!(
            items(&filtered).iter().collect::<Vec<_>>(),
            expected,
            "{uri}"
        );
        assert_eq!(filtered["total"], expected.len(), "{uri}");
    }
    let (status, body) = app.get("/api/v1/pairings/proposals?status=done").await;
    assert_eq!(status, 400, "an unknown status is refused: {body}");

    // `total` counts only what the caller may see.
    let north = items(&ams)
        .iter()
        .filter(|am| am["team"] == "north")
        .count();
    let (status, seen) = app
        .get_as(Who::Supervisor, "/api/v1/account-managers")
        .await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!(seen["total"], north, "{seen}");
    let (_, first) = app
        .get_as(Who::Supervisor, "/api/v1/account-managers?limit=1")
        .await;
    assert_eq!((items(&first).len(), &first["total"]), (1, &json!(north)));
});
