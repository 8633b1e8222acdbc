//! `POST /api/v1/imports` on both backends: dry run, commit, re-import, every error kind.

use actix_web::test::TestRequest;
use gapscope_e2e::{TestApp, Who, both_backends, demo_dir};
use serde_json::Value;

const BOUNDARY: &str = "gapscope-test-boundary";

/// A multipart body with the given (name, file name, bytes) parts.
fn multipart(parts: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        body.extend_from_slice(
            format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(b"Content-Type: application/octet-stream\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn import_request(query: &str, mapping: &[u8], csv: &[u8]) -> TestRequest {
    TestRequest::post()
        .uri(&format!("/api/v1/imports{query}"))
        .insert_header((
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        ))
        .set_payload(multipart(&[
            ("mapping", "mapping.toml", mapping),
            ("file", "survey.csv", csv),
        ]))
}

/// A small rating-form survey: two AMs, three accounts, LTR and satisfaction.
const MAPPING: &str = r#"
cycle = { constant = "2026-Q3" }
account = { key = "company" }
account_manager = { column = "am" }
contact = { id = "email" }

[performance]
scale = { min = 1, max = 10 }

[importance]
form = "rating"
scale = { min = 1, max = 10 }

[[categories]]
key = "communication"
name = "Communication"
performance = "comm_perf"
importance = "comm_imp"
[[categories]]
key = "service"
name = "Service"
performance = "serv_perf"
importance = "serv_imp"
[[indicators]]
key = "ltr"
name = "Likelihood to recommend"
kind = "ltr"
column = "ltr"
"#;

const CSV: &str = "company,am,email,comm_imp,comm_perf,serv_imp,serv_perf,ltr
Acme,alice,a1@acme.test,9,6,5,8,9
Acme,alice,a2@acme.test,8,7,6,7,7
Beta,bob,b1@beta.test,10,4,7,9,3
Gamma,bob,g1@gamma.test,6,9,8,8,10
";

async fn response_count(app: &TestApp) -> Value {
    let (_, cycles) = app.get("/api/v1/cycles").await;
    cycles["items"][0]["responses"].clone()
}

both_backends!(a_dry_run_reports_and_writes_nothing, |backend| {
    let app = TestApp::new(backend);
    let (status, body) = app
        .call_as(
            Who::Admin,
            import_request("?dry_run=true", MAPPING.as_bytes(), CSV.as_bytes()),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["dry_run"], true);
    assert_eq!(body["responses_inserted"], 4);
    assert_eq!(body["accounts_created"], 3);
    let (_, cycles) = app.get("/api/v1/cycles").await;
    assert_eq!(
        (&cycles["items"], &cycles["total"]),
        (&Value::Array(vec![]), &Value::from(0)),
        "a dry run leaves no cycle behind: {cycles}"
    );
});

both_backends!(
    an_import_commits_and_a_reimport_changes_nothing,
    |backend| {
        let app = TestApp::new(backend);
        let (status, first) = app
            .call_as(
                Who::Admin,
                import_request("", MAPPING.as_bytes(), CSV.as_bytes()),
            )
            .await;
        assert_eq!(status, 201, "{first}");
        assert_eq!(first["responses_inserted"], 4);
        let (_, before) = app.get("/api/v1/accounts").await;

        let (status, again) = app
            .call_as(
                Who::Admin,
                import_request("", MAPPING.as_bytes(), CSV.as_bytes()),
            )
            .await;
        assert_eq!(status, 201, "{again}");
        assert_eq!(again["responses_inserted"], 0);
        assert_eq!(again["responses_updated"], 0);
        assert_eq!(again["responses_unchanged"], 4);
        assert_eq!(again["assignments_changed"], 0);
        let (_, after) = app.get("/api/v1/accounts").await;
        assert_eq!(before, after);
    }
);

both_backends!(
    row_errors_are_all_reported_and_nothing_is_written,
    |backend| {
        let app = TestApp::new(backend);
        let (status, _) = app
            .call_as(
                Who::Admin,
                import_request("", MAPPING.as_bytes(), CSV.as_bytes()),
            )
            .await;
        assert_eq!(status, 201);

        // Line 2: performance 11 is off the 1-10 scale; line 3: LTR is not a number.
        let bad = "company,am,email,comm_imp,comm_perf,serv_imp,serv_perf,ltr
Acme,alice,a1@acme.test,9,11,5,8,9
Delta,dora,d1@delta.test,8,7,6,7,seven
";
        let (status, body) = app
            .call_as(
                Who::Admin,
                import_request("", MAPPING.as_bytes(), bad.as_bytes()),
            )
            .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["code"], "import_invalid");
        let errors = body["errors"].as_array().expect("row errors");
        assert_eq!(errors.len(), 2, "{body}");
        assert_eq!(errors[0]["row"], 2);
        assert_eq!(errors[0]["column"], "comm_perf");
        assert_eq!(errors[1]["row"], 3);
        assert_eq!(errors[1]["column"], "ltr");

        assert_eq!(
            response_count(&app).await,
            4,
            "the valid stored data is untouched"
        );
        let (_, ams) = app.get("/api/v1/account-managers").await;
        assert_eq!(
            ams["items"].as_array().map(Vec::len),
            Some(2),
            "no AM from the rejected file"
        );
    }
);

both_backends!(non_utf8_input_without_an_encoding_is_refused, |backend| {
    let app = TestApp::new(backend);
    let mut csv = CSV.as_bytes().to_vec();
    csv.extend_from_slice(b"Caf\xe9,alice,c1@cafe.test,9,6,5,8,9\n");
    let (status, body) = app
        .call_as(Who::Admin, import_request("", MAPPING.as_bytes(), &csv))
        .await;
    assert_eq!(status, 422, "{body}");
    let text = body.to_string();
    assert!(
        text.contains("UTF-8") && text.contains("encoding"),
        "{text}"
    );
    assert_eq!(response_count(&app).await, Value::Null, "nothing written");
});

both_backends!(a_malformed_mapping_is_a_400_naming_it, |backend| {
    let app = TestApp::new(backend);
    let (status, body) = app
        .call_as(
            Who::Admin,
            import_request("", b"header_rows = [", CSV.as_bytes()),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["field"], "mapping");
});

both_backends!(a_body_over_the_limit_is_a_413, |backend| {
    let mut app = TestApp::new(backend);
    app.state.limits.max_body_bytes = 1024;
    let csv = std::fs::read(demo_dir().join("resident_survey_weighted_datasd.csv")).expect("CSV");
    let (status, body) = app
        .call_as(Who::Admin, import_request("", MAPPING.as_bytes(), &csv))
        .await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["code"], "payload_too_large");
});

both_backends!(unknown_resources_are_404_with_the_error_body, |backend| {
    let app = TestApp::with_demo(backend);
    for path in [
        "/api/v1/account-managers/999999/assessment",
        "/api/v1/accounts/999999/assessment",
        "/api/v1/category-results?cycle=1999",
        "/api/v1/category-results?account=999999",
        "/api/v1/no-such-route",
    ] {
        let (status, body) = app.get(path).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_eq!(body["code"], "not_found", "{path}");
    }
    let (status, body) = app.get("/api/v1/accounts/abc/assessment").await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = app.get("/api/v1/category-results?account_manager=x").await;
    assert_eq!(status, 400, "{body}");
});

/// The mapping above with another constant cycle.
fn mapping_for(cycle: &str) -> String {
    MAPPING.replace("2026-Q3", cycle)
}

both_backends!(
    an_older_cycle_does_not_change_the_current_owner,
    |backend| {
        let app = TestApp::new(backend);
        let header = "company,am,email,comm_imp,comm_perf,serv_imp,serv_perf,ltr\n";
        // The trial's order: Q3 under alice, Q4 under bob, then the older Q2 under carol.
        for (cycle, row) in [
            ("2026-Q3", "Acme,alice,a1@acme.test,9,6,5,8,9\n"),
            ("2026-Q4", "Acme,bob,a2@acme.test,8,7,6,7,7\n"),
            ("2026-Q2", "Acme,carol,a3@acme.test,7,7,7,7,7\n"),
        ] {
            let csv = format!("{header}{row}");
            let (status, body) = app
                .call_as(
                    Who::Admin,
                    import_request("", mapping_for(cycle).as_bytes(), csv.as_bytes()),
                )
                .await;
            assert_eq!(status, 201, "{cycle}: {body}");
            if cycle == "2026-Q2" {
                assert_eq!(body["assignments_changed"], 0, "{body}");
            }
        }
        let ams = app.state.store.account_managers(app.org.id).expect("AMs");
        let id = |x: &str| ams.iter().find(|a| a.external_id == x).expect("AM").id;

        let (status, accounts) = app.get("/api/v1/accounts?cycle=2026-Q2").await;
        assert_eq!(status, 200, "{accounts}");
        let acme = &accounts["items"][0];
        assert_eq!(acme["external_id"], "Acme");
        assert_eq!(acme["current_account_manager"], id("bob"), "{acme}");
        assert_eq!(acme["account_managers"], serde_json::json!([id("carol")]));
    }
);

both_backends!(
    rows_conflicting_with_stored_data_are_all_reported,
    |backend| {
        let app = TestApp::new(backend);
        let (status, _) = app
            .call_as(
                Who::Admin,
                import_request("", MAPPING.as_bytes(), CSV.as_bytes()),
            )
            .await;
        assert_eq!(status, 201);

        // Each row is valid on its own, but lines 3 and 4 move stored contacts to another
        // account; another cycle, so no row merely updates a stored response.
        let moved = "company,am,email,comm_imp,comm_perf,serv_imp,serv_perf,ltr
Acme,alice,a9@acme.test,9,6,5,8,9
Beta,bob,a1@acme.test,8,7,6,7,7
Acme,alice,g1@gamma.test,10,4,7,9,3
";
        let (status, body) = app
            .call_as(
                Who::Admin,
                import_request("", mapping_for("2026-Q4").as_bytes(), moved.as_bytes()),
            )
            .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["code"], "import_invalid");
        let errors = body["errors"].as_array().expect("row errors");
        let found: Vec<_> = errors
            .iter()
            .map(|e| (e["row"].clone(), e["field"].clone(), e["code"].clone()))
            .collect();
        let contact = |row: u64| {
            (
                Value::from(row),
                Value::from("contact.id"),
                Value::from("contact_in_another_account"),
            )
        };
        assert_eq!(found, [contact(3), contact(4)], "{body}");
        let message = errors[0]["message"].as_str().expect("message");
        assert!(message.contains("\"Acme\""), "{message}");

        assert_eq!(
            response_count(&app).await,
            4,
            "the valid stored data is untouched"
        );
        let (_, cycles) = app.get("/api/v1/cycles").await;
        assert_eq!(cycles["total"], 1, "no cycle written: {cycles}");
    }
);
