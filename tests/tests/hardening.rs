//! Findings of an attacker's trial of access control, each pinned by a test on both backends.

use actix_web::test::TestRequest;
use gapscope_e2e::{TestApp, Who, add_user, both_backends};
use gapscope_store::{Actor, Role};
use serde_json::json;

both_backends!(settings_refuse_unknown_keys_and_name_the_field, |backend| {
    let app = TestApp::new(backend);
    for (body, field) in [
        (json!({"evil": 1}), "evil"),
        (
            json!({"score_weights": {"f": 0.55, "os": 0.15, "edb": 0.15, "ltr": 0.15, "x": 1}}),
            "score_weights.x",
        ),
        (json!({"role_weights": {"ceo": 2.0}}), "role_weights.ceo"),
        (
            json!({"role_weights": {"decision_maker": 0, "influencer": 0, "user": 0, "unspecified": 0}}),
            "role_weights",
        ),
    ] {
        let req = TestRequest::put().uri("/api/v1/settings").set_json(&body);
        let (status, answer) = app.call_as(Who::Admin, req).await;
        assert_eq!(status, 422, "{body}: {answer}");
        assert_eq!(answer["field"], field, "{body}");
        let message = answer["message"].as_str().unwrap_or_default();
        assert!(
            !message.contains(&format!("{field}: {field}")),
            "no repeated field: {message}"
        );
    }
});

both_backends!(a_json_body_over_the_limit_is_a_413, |backend| {
    let mut app = TestApp::new(backend);
    app.state.limits.max_body_bytes = 1000;
    let req = TestRequest::post()
        .uri("/api/v1/auth/login")
        .set_json(json!({"email": "a".repeat(2000), "password": "x"}));
    let (status, body) = app.call(req).await;
    assert_eq!(status, 413, "{body}");
});

both_backends!(
    a_huge_login_email_is_refused_before_anything_is_stored,
    |backend| {
        let app = TestApp::new(backend);
        let email = format!("{}@x.test", "a".repeat(100_000));
        let req = TestRequest::post()
            .uri("/api/v1/auth/login")
            .set_json(json!({"email": email, "password": "x"}));
        assert_eq!(app.call(req).await.0, 401);
        let entries = app
            .state
            .store
            .audit_log(app.org.id, &Default::default())
            .expect("audit");
        assert!(
            entries.iter().all(|e| e.actor.len() < 300),
            "nothing huge was logged"
        );
    }
);

both_backends!(
    the_last_admin_cannot_be_disabled_demoted_or_deleted,
    |backend| {
        let app = TestApp::new(backend);
        let admin = app.org.users[&Who::Admin].id;
        for req in [
            TestRequest::patch()
                .uri(&format!("/api/v1/users/{admin}"))
                .set_json(json!({"disabled": true})),
            TestRequest::patch()
                .uri(&format!("/api/v1/users/{admin}"))
                .set_json(json!({"role": "analyst"})),
            TestRequest::delete().uri(&format!("/api/v1/users/{admin}")),
        ] {
            let (status, body) = app.call_as(Who::AdminToken, req).await;
            assert_eq!(status, 422, "{body}");
        }
        let second = add_user(
            &app.state.store,
            app.org.id,
            "second@demo.test",
            Role::Admin,
            None,
            None,
        );
        let req = TestRequest::patch()
            .uri(&format!("/api/v1/users/{admin}"))
            .set_json(json!({"disabled": true}));
        assert_eq!(
            app.call_as(Who::AdminToken, req).await.0,
            200,
            "with another admin it works"
        );
        assert!(second.id > 0);
    }
);

both_backends!(
    guessing_the_current_password_is_rate_limited_and_audited,
    |backend| {
        let app = TestApp::new(backend);
        let id = app.org.users[&Who::Analyst].id;
        let guess = |n: usize| {
            TestRequest::put()
            .uri(&format!("/api/v1/users/{id}/password"))
            .set_json(json!({"password": "a brand new password", "current_password": format!("guess {n}")}))
        };
        for n in 0..5 {
            assert_eq!(app.call_as(Who::Analyst, guess(n)).await.0, 422);
        }
        assert_eq!(app.call_as(Who::Analyst, guess(5)).await.0, 429);
        let (_, audit) = app
            .get_as(Who::Admin, "/api/v1/audit?action=login.failed")
            .await;
        assert_eq!(audit["items"].as_array().map(Vec::len), Some(5), "{audit}");
    }
);

both_backends!(
    an_account_managers_small_book_summary_is_withheld,
    |backend| {
        let app = TestApp::with_demo(backend);
        let put = TestRequest::put()
            .uri("/api/v1/settings")
            .set_json(json!({"anonymity_threshold": 1000}));
        assert_eq!(app.call_as(Who::Admin, put).await.0, 200);
        let (_, own) = app
            .get_as(Who::AccountManager, "/api/v1/account-managers")
            .await;
        assert_eq!(own["items"][0]["withheld"], true, "{own}");
        assert!(own["items"][0]["mean_score"].is_null());
        let (_, analyst) = app.get_as(Who::Analyst, "/api/v1/account-managers").await;
        assert!(analyst["items"][0]["mean_score"].is_number());
    }
);

const MAPPING: &str = r#"
cycle = { column = "cycle" }
account = { key = "company" }
account_manager = { column = "am" }
contact = { id = "email" }
[[categories]]
key = "communication"
performance = "perf"
"#;

both_backends!(
    a_new_owner_does_not_see_answers_given_to_the_previous_am,
    |backend| {
        let app = TestApp::new(backend);
        let csv = "cycle,company,am,email,perf\n\
               2026-Q1,Beta,olga,b1@beta.test,3\n2026-Q1,Beta,olga,b2@beta.test,4\n2026-Q1,Beta,olga,b3@beta.test,5\n\
               2026-Q2,Beta,pete,b1@beta.test,8\n2026-Q2,Beta,pete,b2@beta.test,9\n2026-Q2,Beta,pete,b3@beta.test,7\n";
        let mapping = gapscope_import::Mapping::from_toml(MAPPING).expect("mapping");
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
        let store = &app.state.store;
        let pete = store
            .account_manager_by_external_id(app.org.id, "pete")
            .expect("lookup")
            .expect("pete");
        let user = add_user(
            store,
            app.org.id,
            "pete@demo.test",
            Role::AccountManager,
            Some(pete.id),
            None,
        );
        let beta = store.accounts(app.org.id).expect("accounts")[0].id;

        let bearer = {
            let now = chrono::Utc::now().timestamp_millis();
            let token = gapscope_api::auth::jwt::issue(
                &app.state.auth,
                user.id,
                app.org.id,
                "account_manager",
                now,
            );
            format!("Bearer {}", token.expect("token"))
        };
        let get = |uri: String| {
            TestRequest::get()
                .uri(&uri)
                .insert_header(("authorization", bearer.clone()))
        };
        let (status, _) = app
            .call(get(format!(
                "/api/v1/accounts/{beta}/assessment?cycle=2026-Q2"
            )))
            .await;
        assert_eq!(status, 200, "pete sees his own cycle");
        let (status, body) = app
            .call(get(format!(
                "/api/v1/accounts/{beta}/assessment?cycle=2026-Q1"
            )))
            .await;
        assert_eq!(status, 403, "olga's answers stay hers: {body}");
    }
);

both_backends!(patching_settings_keeps_what_is_left_out, |backend| {
    let app = TestApp::new(backend);
    let patch =
        |body: serde_json::Value| TestRequest::patch().uri("/api/v1/settings").set_json(body);
    let (status, body) = app
        .call_as(
            Who::Admin,
            patch(json!({"alerts": {"score_drop_medium": 5}})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, body) = app
        .call_as(Who::Admin, patch(json!({"anonymity_threshold": 4})))
        .await;
    assert_eq!(body["alerts"]["score_drop_medium"], 5, "kept: {body}");
    assert_eq!(body["anonymity_threshold"], 4);
    let (_, body) = app
        .call_as(
            Who::Admin,
            patch(json!({"alerts": {"score_drop_medium": null}})),
        )
        .await;
    assert_eq!(
        body["alerts"]["score_drop_medium"], 10,
        "null restores the default"
    );
    let (status, body) = app
        .call_as(Who::Admin, patch(json!({"alerts": {"nope": 1}})))
        .await;
    assert_eq!((status, body["field"].as_str()), (422, Some("alerts.nope")));
});
