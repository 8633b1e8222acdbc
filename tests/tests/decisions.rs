//! Training focus and compensation on the synthetic organization, on both backends.

use gapscope_e2e::{TestApp, Who, both_backends};

both_backends!(
    the_declining_am_needs_training_on_service_and_sees_no_mentors,
    |backend| {
        let (app, synthetic) = TestApp::with_synthetic(backend);
        let (_, ams) = app.get("/api/v1/account-managers").await;
        let am = ams["items"]
            .as_array()
            .expect("AMs")
            .iter()
            .find(|a| a["external_id"] == synthetic.truth.declining_am.as_str());
        let am = am.and_then(|a| a["id"].as_i64()).expect("the declining AM");
        let (_, categories) = app.get("/api/v1/categories").await;
        let service = categories["items"]
            .as_array()
            .expect("categories")
            .iter()
            .find(|c| c["key"] == "service");
        let service = service.and_then(|c| c["id"].as_i64()).expect("service");

        let (status, focus) = app
            .get(&format!("/api/v1/training/account-managers/{am}"))
            .await;
        assert_eq!(status, 200, "{focus}");
        let first = &focus["focus"]["categories"][0];
        assert_eq!(first["category"], service, "service comes first: {focus}");
        assert!(
            !first["mentors"].as_array().expect("mentors").is_empty(),
            "peers above can mentor"
        );

        let (_, team) = app.get("/api/v1/training/team").await;
        let top: Vec<i64> = team["categories"]
            .as_array()
            .expect("team")
            .iter()
            .take(3)
            .filter_map(|c| c["category"].as_i64())
            .collect();
        assert!(
            top.contains(&service),
            "service is among the team's top shortfalls: {team}"
        );
    }
);

both_backends!(
    compensation_marks_small_books_and_splits_the_pool,
    |backend| {
        let (app, _) = TestApp::with_synthetic(backend);
        let (status, body) = app.get("/api/v1/compensation?pool=60000").await;
        assert_eq!(status, 200, "{body}");
        let rows = body["rows"].as_array().expect("rows");
        assert_eq!(rows.len(), 6);
        let total: f64 = rows.iter().filter_map(|r| r["bonus"].as_f64()).sum();
        assert!(
            (total - 60000.0).abs() < 1e-6,
            "the pool is split whole: {total}"
        );
        for r in rows {
            let index = r["index"].as_f64().expect("index");
            assert!((0.0..=100.0).contains(&index), "{r}");
            let parts = r["parts"].as_array().expect("parts");
            assert_eq!(
                parts.len(),
                3,
                "score, IWS improvement and renewal, each shown"
            );
            let book = r["parts"][0]["reliability"].as_u64();
            // Ten accounts per AM; the silent account's AM has nine answered in the last cycle.
            assert!(
                matches!(book, Some(9 | 10)),
                "accounts behind each part: {r}"
            );
            assert!(
                parts.iter().all(|p| p["reliability"].as_u64() == book),
                "{r}"
            );
        }
        let (status, csv) = app.get_as(Who::Admin, "/api/v1/compensation/export").await;
        assert_eq!(status, 200);
        assert!(csv.is_null(), "CSV, not JSON");
    }
);

both_backends!(
    a_pairing_proposal_is_optimal_stored_and_applied,
    |backend| {
        let (app, _) = TestApp::with_synthetic(backend);
        let post = |body: serde_json::Value| {
            actix_web::test::TestRequest::post()
                .uri("/api/v1/pairings/proposals")
                .set_json(body)
        };
        let (status, proposal) = app
            .call_as(
                Who::Admin,
                post(serde_json::json!({"change_penalty": 0.25})),
            )
            .await;
        assert_eq!(status, 201, "{proposal}");
        let before = proposal["result"]["objective_before"]
            .as_f64()
            .expect("current assignment is feasible");
        let after = proposal["result"]["objective_after"]
            .as_f64()
            .expect("objective");
        assert!(
            after >= before - 1e-9,
            "never worse than today: {before} -> {after}"
        );

        let (status, body) = app
            .call_as(Who::Admin, post(serde_json::json!({"capacity": 1})))
            .await;
        assert_eq!(
            status, 422,
            "6 AMs of capacity 1 cannot hold 60 accounts: {body}"
        );
        assert_eq!(body["field"], "capacity");

        let moves = proposal["result"]["moves"]
            .as_array()
            .expect("moves")
            .clone();
        let id = proposal["id"].as_i64().expect("id");
        let apply = actix_web::test::TestRequest::post()
            .uri(&format!("/api/v1/pairings/proposals/{id}/apply"))
            .set_json(serde_json::json!({"reason": "quarterly review"}));
        let (status, applied) = app.call_as(Who::Admin, apply).await;
        assert_eq!(status, 200, "{applied}");
        assert_eq!(applied["status"], "applied");
        for m in &moves {
            let (_, trend) = app
                .get(&format!("/api/v1/accounts/{}/assessment", m["account"]))
                .await;
            assert_eq!(trend["account"]["current_account_manager"], m["to"], "{m}");
        }
        let (_, audit) = app.get("/api/v1/audit?action=pairing.apply").await;
        assert_eq!(audit["items"].as_array().map(Vec::len), Some(1), "{audit}");
    }
);

both_backends!(a_focus_is_remeasured_in_the_next_cycle, |backend| {
    let (app, synthetic) = TestApp::with_synthetic(backend);
    let (_, ams) = app.get("/api/v1/account-managers").await;
    let am = ams["items"]
        .as_array()
        .expect("AMs")
        .iter()
        .find(|a| a["external_id"] == synthetic.truth.declining_am.as_str());
    let am = am.and_then(|a| a["id"].as_i64()).expect("the declining AM");
    let (status, body) = app
        .get(&format!(
            "/api/v1/training/account-managers/{am}?cycle=2026-Q3"
        ))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["next_cycle"], "2026-Q4");
    let first = &body["remeasured"][0];
    assert_eq!(
        first["category"],
        body["focus"]["categories"][0]["category"]
    );
    let change = first["difference"].as_f64().expect("a change");
    assert!(change <= -2.0, "service kept falling (4 -> 1): {body}");
    // Every account of the planted AM rates service 4 then 1 exactly: no spread, so no
    // interval, and the difference is exact.
    assert!(first["change"].is_null(), "{first}");
    let (_, last) = app
        .get(&format!("/api/v1/training/account-managers/{am}"))
        .await;
    assert!(last["next_cycle"].is_null());
});

both_backends!(pairing_refuses_bad_scopes_and_applies_the_rest, |backend| {
    let (app, _) = TestApp::with_synthetic(backend);
    let post = |body: serde_json::Value| {
        actix_web::test::TestRequest::post()
            .uri("/api/v1/pairings/proposals")
            .set_json(body)
    };
    let (_, ams) = app.get("/api/v1/account-managers").await;
    let south = ams["items"]
        .as_array()
        .expect("AMs")
        .iter()
        .find(|a| a["team"] == "south")
        .and_then(|a| a["id"].as_i64());
    for (body, field) in [
        (serde_json::json!({"team": "nope"}), "team"),
        (
            serde_json::json!({"team": "north", "excluded": [south.expect("a south AM")]}),
            "excluded",
        ),
        (
            serde_json::json!({"capacities": {"999999": 3}}),
            "capacities",
        ),
        (
            serde_json::json!({"locks": [{"account": 1, "account_manager": 1}, {"account": 1, "account_manager": 2}]}),
            "locks[1]",
        ),
    ] {
        let (status, answer) = app.call_as(Who::Admin, post(body.clone())).await;
        assert_eq!(
            (status, answer["field"].as_str()),
            (422, Some(field)),
            "{body}: {answer}"
        );
    }

    let (_, proposal) = app.call_as(Who::Admin, post(serde_json::json!({}))).await;
    let id = proposal["id"].as_i64().expect("id");
    let moves: Vec<i64> = proposal["result"]["moves"]
        .as_array()
        .expect("moves")
        .iter()
        .filter_map(|m| m["account"].as_i64())
        .collect();
    assert!(
        moves.len() >= 2,
        "the synthetic organization gains from moves: {proposal}"
    );
    let apply = |body: serde_json::Value| {
        actix_web::test::TestRequest::post()
            .uri(&format!("/api/v1/pairings/proposals/{id}/apply"))
            .set_json(body)
    };
    let (status, part) = app
        .call_as(
            Who::Admin,
            apply(serde_json::json!({"accounts": [moves[0]], "reason": "first"})),
        )
        .await;
    assert_eq!(
        (status, part["status"].as_str()),
        (200, Some("partially_applied")),
        "{part}"
    );
    let (status, rest) = app
        .call_as(Who::Admin, apply(serde_json::json!({"reason": "the rest"})))
        .await;
    assert_eq!(
        (status, rest["status"].as_str()),
        (200, Some("applied")),
        "{rest}"
    );
});
