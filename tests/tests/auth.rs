//! Authentication: login, and every way a presented token must be refused, on both backends.

use actix_web::test::TestRequest;
use gapscope_api::auth::jwt::Claims;
use gapscope_e2e::{TEST_PASSWORD, TEST_SECRET, TestApp, Who, both_backends};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};

const PROTECTED: &str = "/api/v1/cycles";

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Claims for `user` that the server would accept, to be spoiled one field at a time.
fn good_claims(app: &TestApp, who: Who) -> Claims {
    let user = &app.org.users[&who];
    let now = now();
    Claims {
        sub: user.id.to_string(),
        org: user.org_id,
        role: user.role.as_str().into(),
        iat: now,
        iat_ms: chrono::Utc::now().timestamp_millis(),
        nbf: now,
        exp: now + 600,
        iss: "gapscope".into(),
        aud: "gapscope-api".into(),
    }
}

fn sign(claims: &Claims, alg: Algorithm, secret: &[u8]) -> String {
    let key = EncodingKey::from_secret(secret).expect("key");
    encode(&Header::new(alg), claims, &key).expect("sign")
}

async fn status_with(app: &TestApp, token: &str) -> (u16, Value) {
    let req = TestRequest::get()
        .uri(PROTECTED)
        .insert_header(("authorization", format!("Bearer {token}")));
    app.call(req).await
}

async fn assert_refused(app: &TestApp, token: &str, case: &str) {
    let (status, body) = status_with(app, token).await;
    assert_eq!(status, 401, "{case}: {body}");
    assert_eq!(body["code"], "unauthorized", "{case}");
    assert_eq!(
        body.as_object().map(|o| o.len()),
        Some(2),
        "{case}: no detail leaks: {body}"
    );
}

both_backends!(a_valid_token_is_accepted, |backend| {
    let app = TestApp::new(backend);
    let token = sign(
        &good_claims(&app, Who::Admin),
        Algorithm::HS256,
        TEST_SECRET,
    );
    assert_eq!(status_with(&app, &token).await.0, 200);
});

both_backends!(a_missing_or_malformed_header_is_refused, |backend| {
    let app = TestApp::new(backend);
    let (status, _) = app.call(TestRequest::get().uri(PROTECTED)).await;
    assert_eq!(status, 401, "no header");
    for value in ["Basic abc", "Bearer", "Bearer    ", "token"] {
        let req = TestRequest::get()
            .uri(PROTECTED)
            .insert_header(("authorization", value));
        assert_eq!(app.call(req).await.0, 401, "{value}");
    }
});

both_backends!(a_bad_signature_is_refused, |backend| {
    let app = TestApp::new(backend);
    let token = sign(
        &good_claims(&app, Who::Admin),
        Algorithm::HS256,
        b"another-secret-of-32-bytes-or-more!!",
    );
    assert_refused(&app, &token, "bad signature").await;
});

both_backends!(alg_none_and_other_algorithms_are_refused, |backend| {
    let app = TestApp::new(backend);
    let claims = good_claims(&app, Who::Admin);
    // alg none: header {"alg":"none"} and an empty signature.
    let b64 = |v: &Value| {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let none = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&json!(claims))
    );
    assert_refused(&app, &none, "alg none").await;
    for alg in [Algorithm::HS384, Algorithm::HS512] {
        assert_refused(&app, &sign(&claims, alg, TEST_SECRET), &format!("{alg:?}")).await;
    }
});

both_backends!(expired_and_not_yet_valid_tokens_are_refused, |backend| {
    let app = TestApp::new(backend);
    let mut expired = good_claims(&app, Who::Admin);
    (expired.iat, expired.nbf, expired.exp) = (now() - 7200, now() - 7200, now() - 3600);
    assert_refused(
        &app,
        &sign(&expired, Algorithm::HS256, TEST_SECRET),
        "expired",
    )
    .await;
    let mut early = good_claims(&app, Who::Admin);
    early.nbf = now() + 3600;
    assert_refused(
        &app,
        &sign(&early, Algorithm::HS256, TEST_SECRET),
        "not yet valid",
    )
    .await;
});

both_backends!(a_wrong_issuer_or_audience_is_refused, |backend| {
    let app = TestApp::new(backend);
    let mut issuer = good_claims(&app, Who::Admin);
    issuer.iss = "someone-else".into();
    assert_refused(
        &app,
        &sign(&issuer, Algorithm::HS256, TEST_SECRET),
        "issuer",
    )
    .await;
    let mut audience = good_claims(&app, Who::Admin);
    audience.aud = "another-api".into();
    assert_refused(
        &app,
        &sign(&audience, Algorithm::HS256, TEST_SECRET),
        "audience",
    )
    .await;
});

both_backends!(tokens_of_deleted_or_disabled_users_are_refused, |backend| {
    let app = TestApp::new(backend);
    let analyst = sign(
        &good_claims(&app, Who::Analyst),
        Algorithm::HS256,
        TEST_SECRET,
    );
    let supervisor = sign(
        &good_claims(&app, Who::Supervisor),
        Algorithm::HS256,
        TEST_SECRET,
    );
    assert_eq!(status_with(&app, &analyst).await.0, 200);

    let id = app.org.users[&Who::Analyst].id;
    let req = TestRequest::patch()
        .uri(&format!("/api/v1/users/{id}"))
        .set_json(json!({"disabled": true}));
    assert_eq!(app.call_as(Who::Admin, req).await.0, 200);
    assert_refused(&app, &analyst, "disabled user").await;

    let id = app.org.users[&Who::Supervisor].id;
    let req = TestRequest::delete().uri(&format!("/api/v1/users/{id}"));
    assert_eq!(app.call_as(Who::Admin, req).await.0, 204);
    assert_refused(&app, &supervisor, "deleted user").await;
});

both_backends!(
    tokens_issued_before_a_password_change_or_logout_are_refused,
    |backend| {
        let app = TestApp::new(backend);
        let before = sign(
            &good_claims(&app, Who::Analyst),
            Algorithm::HS256,
            TEST_SECRET,
        );
        let id = app.org.users[&Who::Analyst].id;
        let req = TestRequest::put()
            .uri(&format!("/api/v1/users/{id}/password"))
            .set_json(json!({"password": "a brand new password"}));
        assert_eq!(app.call_as(Who::Admin, req).await.0, 204);
        assert_refused(&app, &before, "issued before the password change").await;
        let after = sign(
            &good_claims(&app, Who::Analyst),
            Algorithm::HS256,
            TEST_SECRET,
        );
        assert_eq!(status_with(&app, &after).await.0, 200, "a new token works");

        let req = TestRequest::post().uri("/api/v1/auth/logout-all");
        let req = req.insert_header(("authorization", format!("Bearer {after}")));
        assert_eq!(app.call(req).await.0, 204);
        assert_refused(&app, &after, "issued before log out everywhere").await;
    }
);

both_backends!(
    integration_tokens_work_until_revoked_or_expired,
    |backend| {
        let app = TestApp::new(backend);
        let req = TestRequest::post()
            .uri("/api/v1/tokens")
            .set_json(json!({"name": "crm sync", "scope": "read"}));
        let (status, created) = app.call_as(Who::Admin, req).await;
        assert_eq!(status, 201, "{created}");
        let secret = created["secret"]
            .as_str()
            .expect("secret shown once")
            .to_owned();
        assert!(secret.starts_with("gsk_"));
        assert_eq!(status_with(&app, &secret).await.0, 200);

        let (_, listed) = app.get_as(Who::Admin, "/api/v1/tokens").await;
        let listed = listed["items"]
            .as_array()
            .expect("tokens")
            .iter()
            .find(|t| t["name"] == "crm sync")
            .cloned();
        let listed = listed.expect("listed");
        assert!(
            listed["last_used_at"].is_string(),
            "last use recorded: {listed}"
        );
        assert!(listed.get("secret").is_none() && listed.get("secret_digest").is_none());

        let mut tampered = secret.clone();
        tampered.pop();
        tampered.push(if secret.ends_with('A') { 'B' } else { 'A' });
        assert_refused(&app, &tampered, "wrong secret").await;

        let id = created["token"]["id"].as_i64().expect("id");
        let (status, _) = app
            .call_as(
                Who::Admin,
                TestRequest::delete().uri(&format!("/api/v1/tokens/{id}")),
            )
            .await;
        assert_eq!(status, 200);
        assert_refused(&app, &secret, "revoked token").await;

        let req = TestRequest::post()
            .uri("/api/v1/tokens")
            .set_json(json!({"name": "old", "scope": "read", "expires_at": "2020-01-01T00:00:00"}));
        let (status, body) = app.call_as(Who::Admin, req).await;
        assert_eq!(
            status, 422,
            "a token that is expired already is refused: {body}"
        );

        let soon = chrono::Utc::now().naive_utc() + chrono::Duration::milliseconds(1500);
        let req = TestRequest::post()
            .uri("/api/v1/tokens")
            .set_json(json!({"name": "short-lived", "scope": "read", "expires_at": soon}));
        let (status, short) = app.call_as(Who::Admin, req).await;
        assert_eq!(status, 201, "{short}");
        let short = short["secret"].as_str().expect("secret").to_owned();
        assert_eq!(status_with(&app, &short).await.0, 200);
        std::thread::sleep(std::time::Duration::from_millis(1600));
        assert_refused(&app, &short, "expired token").await;
    }
);

both_backends!(
    login_issues_a_token_and_fails_without_saying_why,
    |backend| {
        let app = TestApp::new(backend);
        let email = app.org.users[&Who::Analyst].email.to_uppercase();
        let login = |email: String, password: &str| {
            TestRequest::post()
                .uri("/api/v1/auth/login")
                .set_json(json!({"email": email, "password": password}))
        };
        let (status, body) = app.call(login(email.clone(), TEST_PASSWORD)).await;
        assert_eq!(status, 200, "{body}");
        let token = body["token"].as_str().expect("token");
        assert_eq!(status_with(&app, token).await.0, 200);

        let (wrong_password, body_a) = app.call(login(email, "not the password at all")).await;
        let (unknown_user, body_b) = app
            .call(login("nobody@nowhere.test".into(), "whatever password"))
            .await;
        assert_eq!((wrong_password, unknown_user), (401, 401));
        assert_eq!(
            body_a, body_b,
            "the same answer whether or not the user exists"
        );

        let (_, audit) = app
            .get_as(Who::Admin, "/api/v1/audit?action=login.failed")
            .await;
        // The unknown email belongs to no organization: only the analyst's failure is logged
        // in this organization.
        assert_eq!(audit["items"].as_array().map(Vec::len), Some(1), "{audit}");
        assert_eq!(audit["total"], 1, "{audit}");
        assert_eq!(
            audit["items"][0]["target_id"],
            app.org.users[&Who::Analyst].email.as_str()
        );
    }
);

both_backends!(failed_logins_are_rate_limited_per_account, |backend| {
    let app = TestApp::new(backend);
    let email = app.org.users[&Who::Analyst].email.clone();
    let login = |password: &str| {
        TestRequest::post()
            .uri("/api/v1/auth/login")
            .set_json(json!({"email": email, "password": password}))
    };
    for _ in 0..5 {
        assert_eq!(app.call(login("wrong password!!")).await.0, 401);
    }
    let (status, body) = app.call(login(TEST_PASSWORD)).await;
    assert_eq!(status, 429, "even the right password waits: {body}");
    assert_eq!(body["code"], "too_many_requests");
});

both_backends!(every_response_carries_the_security_headers, |backend| {
    let app = TestApp::new(backend);
    let service = actix_web::test::init_service(gapscope_api::app(app.state.clone())).await;
    let res =
        actix_web::test::call_service(&service, TestRequest::get().uri("/healthz").to_request())
            .await;
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("cache-control", "no-store"),
    ] {
        assert_eq!(
            res.headers().get(name).and_then(|v| v.to_str().ok()),
            Some(value),
            "{name}"
        );
    }
    let preflight = TestRequest::default()
        .method(actix_web::http::Method::OPTIONS)
        .uri(PROTECTED)
        .insert_header(("origin", "https://evil.example"))
        .insert_header(("access-control-request-method", "GET"));
    let res = actix_web::test::call_service(&service, preflight.to_request()).await;
    assert!(
        res.headers().get("access-control-allow-origin").is_none(),
        "CORS is closed by default"
    );
});

/// EdDSA with key files, for deployments that verify tokens elsewhere: tokens signed with the
/// configured private key pass, a token verified against another pair's key does not, and an
/// HS256 token is refused by an EdDSA server.
#[actix_web::test]
async fn eddsa_with_key_files_signs_and_verifies() {
    let keys = gapscope_e2e::repo_root().join("tests/fixtures/keys");
    let env = |private: &str, public: &str| {
        let (private, public) = (keys.join(private), keys.join(public));
        move |name: &str| match name {
            "GAPSCOPE_JWT_ALG" => Some("EdDSA".to_owned()),
            "GAPSCOPE_JWT_PRIVATE_KEY_FILE" => Some(private.display().to_string()),
            "GAPSCOPE_JWT_PUBLIC_KEY_FILE" => Some(public.display().to_string()),
            _ => None,
        }
    };
    let config = gapscope_api::auth::AuthConfig::from_env(env(
        "test-ed25519-private.pem",
        "test-ed25519-public.pem",
    ))
    .expect("EdDSA config");
    let token = gapscope_api::auth::jwt::issue(
        &config,
        1,
        1,
        "admin",
        chrono::Utc::now().timestamp_millis(),
    )
    .expect("sign");
    assert!(gapscope_api::auth::jwt::verify(&config, &token).is_ok());

    let other = gapscope_api::auth::AuthConfig::from_env(env(
        "test-ed25519-private.pem",
        "other-ed25519-public.pem",
    ))
    .expect("config with a foreign public key");
    assert!(
        gapscope_api::auth::jwt::verify(&other, &token).is_err(),
        "another pair's key refuses it"
    );

    let hs = sign(
        &Claims {
            ..gapscope_api::auth::jwt::verify(&config, &token).expect("claims")
        },
        Algorithm::HS256,
        TEST_SECRET,
    );
    assert!(
        gapscope_api::auth::jwt::verify(&config, &hs).is_err(),
        "an HS256 token is refused by an EdDSA server"
    );

    let missing = gapscope_api::auth::AuthConfig::from_env(|name: &str| {
        (name == "GAPSCOPE_JWT_ALG").then(|| "EdDSA".to_owned())
    });
    assert!(missing.is_err(), "EdDSA without key files refuses to start");
}
