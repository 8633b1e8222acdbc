//! What each role sees of the same demo data, and the anonymity threshold, on both backends.

use gapscope_e2e::{TestApp, Who, both_backends};

both_backends!(each_role_sees_its_share_of_account_managers, |backend| {
    let app = TestApp::with_demo(backend);
    let count = |body: serde_json::Value| body["items"].as_array().map(Vec::len);
    for (who, expected) in [
        (Who::Admin, 9),
        (Who::Analyst, 9),
        (Who::ReadToken, 9),
        (Who::Supervisor, 4),
        (Who::AccountManager, 1),
    ] {
        let (status, body) = app.get_as(who, "/api/v1/account-managers").await;
        assert_eq!(status, 200, "{who:?}");
        assert_eq!(count(body), Some(expected), "{who:?}");
    }
    let (_, own) = app
        .get_as(Who::AccountManager, "/api/v1/account-managers")
        .await;
    assert_eq!(
        own["items"][0]["external_id"], "1",
        "an AM sees only themself"
    );
});

both_backends!(
    an_account_manager_sees_only_their_book_and_small_accounts_withheld,
    |backend| {
        let app = TestApp::with_demo(backend);
        let (_, all) = app.get_as(Who::Analyst, "/api/v1/accounts").await;
        let am = app.org.users[&Who::AccountManager]
            .account_manager_id
            .expect("linked AM");
        let book: Vec<_> = all["items"]
            .as_array()
            .expect("accounts")
            .iter()
            .filter(|a| {
                a["account_managers"]
                    .as_array()
                    .is_some_and(|ams| ams.contains(&am.into()))
            })
            .collect();

        let (status, mine) = app.get_as(Who::AccountManager, "/api/v1/accounts").await;
        assert_eq!(status, 200);
        let mine = mine["items"].as_array().expect("accounts");
        assert_eq!(mine.len(), book.len(), "exactly the AM's book");
        for (seen, full) in mine.iter().zip(&book) {
            assert_eq!(seen["id"], full["id"]);
            let small = full["responses"].as_i64().expect("responses") < 3;
            assert_eq!(seen["withheld"], small, "{seen}");
            if small {
                assert!(seen["score"].is_null() && seen["f"].is_null(), "{seen}");
            } else {
                assert_eq!(seen["score"], full["score"]);
            }
        }
        assert!(
            book.iter().any(|a| a["responses"].as_i64() < Some(3)),
            "the demo has a small account to test"
        );
    }
);

both_backends!(the_anonymity_threshold_is_an_org_setting, |backend| {
    let app = TestApp::with_demo(backend);
    let am = app.org.users[&Who::AccountManager]
        .account_manager_id
        .expect("linked AM");
    let uri = format!("/api/v1/account-managers/{am}/assessment");
    let (_, before) = app.get_as(Who::AccountManager, &uri).await;
    assert_eq!(
        before["withheld"], false,
        "273 responses are above the default of 3"
    );

    let put = actix_web::test::TestRequest::put()
        .uri("/api/v1/settings")
        .set_json(serde_json::json!({"anonymity_threshold": 1000}));
    let (status, body) = app.call_as(Who::Admin, put).await;
    assert_eq!(status, 200, "{body}");
    let (_, after) = app.get_as(Who::AccountManager, &uri).await;
    assert_eq!(after["withheld"], true);
    assert_eq!(after["categories"].as_array().map(Vec::len), Some(0));
    let (_, analyst) = app.get_as(Who::Analyst, &uri).await;
    assert_eq!(
        analyst["withheld"], false,
        "the threshold protects customers from AMs only"
    );

    let (_, audit) = app
        .get_as(Who::Admin, "/api/v1/audit?action=settings.update")
        .await;
    assert_eq!(
        audit["items"][0]["after"]["anonymity_threshold"], 1000,
        "{audit}"
    );
});

both_backends!(invalid_settings_are_refused_naming_the_field, |backend| {
    let app = TestApp::new(backend);
    let put = actix_web::test::TestRequest::put()
        .uri("/api/v1/settings")
        .set_json(
            serde_json::json!({"score_weights": {"f": 0.9, "os": 0.15, "edb": 0.15, "ltr": 0.15}}),
        );
    let (status, body) = app.call_as(Who::Admin, put).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field"], "score_weights");
});
