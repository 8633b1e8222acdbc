//! The seeded synthetic organization: the product must find exactly the planted cases, and
//! not the noise. The generator plants them by construction and checks them with its own
//! re-implementation of the method; here the real pipeline (import, storage, domain, API)
//! has to agree.

use std::collections::{BTreeMap, BTreeSet};

use gapscope_e2e::{TestApp, Who, both_backends};
use serde_json::Value;

const LAST: &str = "2026-Q4";

async fn external_ids(app: &TestApp) -> BTreeMap<i64, String> {
    let (_, accounts) = app.get(&format!("/api/v1/accounts?cycle={LAST}")).await;
    let mut ids: BTreeMap<i64, String> = BTreeMap::new();
    for cycle in ["2026-Q1", LAST] {
        let (_, accounts) = app.get(&format!("/api/v1/accounts?cycle={cycle}")).await;
        for a in accounts["items"].as_array().expect("accounts") {
            ids.insert(
                a["id"].as_i64().expect("id"),
                a["external_id"].as_str().expect("ext").into(),
            );
        }
    }
    assert!(accounts["items"].is_array());
    ids
}

async fn am_id(app: &TestApp, external: &str) -> i64 {
    let (_, ams) = app.get("/api/v1/account-managers").await;
    let am = ams["items"]
        .as_array()
        .expect("AMs")
        .iter()
        .find(|am| am["external_id"] == external);
    am.and_then(|am| am["id"].as_i64()).expect("the AM exists")
}

both_backends!(hidden_risk_is_exactly_the_planted_accounts, |backend| {
    let (app, synthetic) = TestApp::with_synthetic(backend);
    let ids = external_ids(&app).await;
    let (status, body) = app.get(&format!("/api/v1/hidden-risk?cycle={LAST}")).await;
    assert_eq!(status, 200, "{body}");
    let found: BTreeSet<String> = body["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(|r| ids[&r["account"].as_i64().expect("id")].clone())
        .collect();
    let planted: BTreeSet<String> = synthetic
        .truth
        .hidden_risk_last_cycle
        .iter()
        .cloned()
        .collect();
    assert_eq!(found, planted);

    // The account list carries the LTR mean beside the score, so a client sees the same
    // accounts as safe on NPS yet at high or extreme risk without asking each account.
    let (status, list) = app
        .get(&format!("/api/v1/accounts?cycle={LAST}&limit=1000"))
        .await;
    assert_eq!(status, 200, "{list}");
    let safe_but_at_risk: BTreeSet<String> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|a| {
            a["ltr_mean"].as_f64().is_some_and(|m| m >= 7.0)
                && matches!(a["cohort"].as_str(), Some("high" | "extreme"))
        })
        .map(|a| a["external_id"].as_str().expect("external id").to_owned())
        .collect();
    assert_eq!(safe_but_at_risk, planted);
});

both_backends!(
    the_declining_am_shows_in_the_trend_while_nps_stays_high,
    |backend| {
        let (app, synthetic) = TestApp::with_synthetic(backend);
        let am = am_id(&app, &synthetic.truth.declining_am).await;
        let (status, trend) = app
            .get(&format!("/api/v1/account-managers/{am}/trend"))
            .await;
        assert_eq!(status, 200, "{trend}");
        let points = trend.as_array().expect("points");
        assert_eq!(points.len(), 4);
        let service: Vec<f64> = points
            .iter()
            .map(|p| {
                let category = p["categories"].as_array().expect("categories").iter();
                let service = category
                    .clone()
                    .find(|c| c["key"] == synthetic.truth.declining_category.as_str());
                service
                    .and_then(|c| c["mean_performance"].as_f64())
                    .expect("service mean")
            })
            .collect();
        for pair in service.windows(2) {
            assert!(
                pair[1] <= pair[0] - 2.0,
                "service falls by 2 points or more each cycle: {service:?}"
            );
        }
        for p in points {
            let nps = p["nps"]["nps"].as_f64().expect("NPS");
            assert!(nps >= 99.0, "every answer is a promoter: {p}");
        }
    }
);

both_backends!(
    the_declining_am_is_the_only_funnel_outlier_on_service,
    |backend| {
        let (app, synthetic) = TestApp::with_synthetic(backend);
        let am = am_id(&app, &synthetic.truth.declining_am).await;
        let (status, body) = app
            .get(&format!("/api/v1/funnel?cycle={LAST}&measure=service"))
            .await;
        assert_eq!(status, 200, "{body}");
        let outliers: Vec<i64> = body["funnel"]["points"]
            .as_array()
            .expect("points")
            .iter()
            .filter(|p| p["outside"] == "outside998")
            .map(|p| p["account_manager"].as_i64().expect("id"))
            .collect();
        assert_eq!(outliers, vec![am]);
        let point = body["funnel"]["points"]
            .as_array()
            .expect("points")
            .iter()
            .find(|p| p["account_manager"] == am);
        let point: &Value = point.expect("the AM's point");
        assert!(
            point["value"].as_f64() < point["limits998"]["low"].as_f64(),
            "below the band: {point}"
        );
    }
);

both_backends!(
    an_account_manager_sees_only_their_own_funnel_point,
    |backend| {
        let app = TestApp::with_demo(backend);
        let (_, body) = app.get_as(Who::AccountManager, "/api/v1/funnel").await;
        let points = body["funnel"]["points"].as_array().expect("points");
        let own = app.org.users[&Who::AccountManager]
            .account_manager_id
            .expect("linked");
        assert_eq!(points.len(), 1);
        assert_eq!(points[0]["account_manager"], own);
    }
);

/// Every alert of every cycle as (cycle, account external id, rule, category key).
async fn all_alerts(app: &TestApp) -> Vec<(String, String, String, Option<String>)> {
    let (status, page) = app.get("/api/v1/alerts?limit=500").await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page["total"].as_i64() < Some(500),
        "one page holds them all"
    );
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|a| {
            (
                a["cycle"].as_str().expect("cycle").to_owned(),
                a["account_external_id"]
                    .as_str()
                    .expect("account")
                    .to_owned(),
                a["rule"].as_str().expect("rule").to_owned(),
                a["category"]["key"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

both_backends!(
    the_last_cycles_alerts_are_exactly_the_planted_ones,
    |backend| {
        let (app, synthetic) = TestApp::with_synthetic(backend);
        let found: BTreeSet<(String, String, Option<String>)> = all_alerts(&app)
            .await
            .into_iter()
            .filter(|(cycle, ..)| cycle == LAST)
            .map(|(_, account, rule, category)| (account, rule, category))
            .collect();
        let planted: BTreeSet<(String, String, Option<String>)> = synthetic
            .truth
            .expected_alerts_last_cycle
            .iter()
            .cloned()
            .collect();
        assert_eq!(found, planted);
    }
);

both_backends!(no_alert_in_any_cycle_belongs_to_the_noise, |backend| {
    let (app, synthetic) = TestApp::with_synthetic(backend);
    let truth = &synthetic.truth;
    let (_, declining) = app.get(&format!("/api/v1/accounts?cycle={LAST}")).await;
    let am = am_id(&app, &truth.declining_am).await;
    let mut planted: BTreeSet<String> = declining["items"]
        .as_array()
        .expect("accounts")
        .iter()
        .filter(|a| {
            a["account_managers"]
                .as_array()
                .is_some_and(|ams| ams.contains(&am.into()))
        })
        .map(|a| a["external_id"].as_str().expect("ext").to_owned())
        .collect();
    planted.extend(truth.promoter_gap_accounts.iter().cloned());
    planted.insert(truth.silent_account.clone());
    for (cycle, account, rule, _) in all_alerts(&app).await {
        assert!(
            planted.contains(&account),
            "noise raised {rule} for {account} in {cycle}"
        );
    }
});

both_backends!(re_evaluating_unchanged_data_changes_nothing, |backend| {
    let (app, _) = TestApp::with_synthetic(backend);
    let before = all_alerts(&app).await;
    let req =
        actix_web::test::TestRequest::post().uri(&format!("/api/v1/alerts/evaluate?cycle={LAST}"));
    let (status, body) = app.call_as(Who::Admin, req).await;
    assert_eq!(status, 200, "{body}");
    for count in ["raised", "escalated", "reopened", "updated"] {
        assert_eq!(body[count], 0, "{count}: {body}");
    }
    assert_eq!(all_alerts(&app).await, before);
});

both_backends!(the_score_predicts_churn_better_than_nps, |backend| {
    let (app, _) = TestApp::with_synthetic(backend);
    let (status, body) = app.get("/api/v1/backtest").await;
    assert_eq!(status, 200, "{body}");
    let score = body["score"]["auc"].as_f64().expect("score AUC");
    let nps = body["nps"]["auc"].as_f64().expect("NPS AUC");
    assert!(score > 0.9 && score > nps, "score {score} vs NPS {nps}");
    assert_eq!(body["score"]["n"], 60, "every account has an outcome");
});

both_backends!(
    an_alert_moves_forward_with_its_history_and_stays_resolved,
    |backend| {
        let (app, _) = TestApp::with_synthetic(backend);
        let (_, page) = app
            .get(&format!(
                "/api/v1/alerts?cycle={LAST}&rule=category_decline&limit=1"
            ))
            .await;
        let alert = &page["items"][0];
        let (id, am) = (
            alert["id"].as_i64().expect("id"),
            alert["account_manager"].as_i64().expect("am"),
        );
        let patch = |status: &str, note: &str| {
            actix_web::test::TestRequest::patch()
                .uri(&format!("/api/v1/alerts/{id}"))
                .set_json(serde_json::json!({"status": status, "note": note}))
        };
        assert_eq!(
            app.call_as(Who::Admin, patch("acknowledged", "calling them"))
                .await
                .0,
            200
        );
        let (status, body) = app
            .call_as(Who::Admin, patch("acknowledged", "again"))
            .await;
        assert_eq!(status, 409, "only forward moves: {body}");
        assert_eq!(
            app.call_as(Who::Admin, patch("resolved", "service plan agreed"))
                .await
                .0,
            200
        );
        assert_eq!(app.call_as(Who::Admin, patch("open", "")).await.0, 409);

        let (_, detail) = app.get(&format!("/api/v1/alerts/{id}")).await;
        let kinds: Vec<&str> = detail["events"]
            .as_array()
            .expect("events")
            .iter()
            .filter_map(|e| e["kind"].as_str())
            .collect();
        assert_eq!(kinds, ["raised", "acknowledged", "resolved"], "{detail}");
        assert_eq!(detail["events"][1]["note"], "calling them");
        assert!(
            detail["events"][2]["actor"]
                .as_str()
                .is_some_and(|a| a.starts_with("admin@"))
        );

        let evaluate = actix_web::test::TestRequest::post()
            .uri(&format!("/api/v1/alerts/evaluate?cycle={LAST}"));
        assert_eq!(app.call_as(Who::Admin, evaluate).await.0, 200);
        let (_, after) = app.get(&format!("/api/v1/alerts/{id}")).await;
        assert_eq!(
            after["status"], "resolved",
            "unchanged facts do not reopen it"
        );

        let (_, overview) = app
            .get(&format!("/api/v1/alerts/overview?cycle={LAST}"))
            .await;
        let row = overview
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["account_manager"]["id"] == am)
            .cloned();
        let row = row.expect("the AM's row");
        assert_eq!(row["medium"]["resolved"], 1, "{row}");
    }
);
