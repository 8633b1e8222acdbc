//! What the browser relies on: the cookie session and its CSRF header, the dashboard's routes
//! next to the API's, the docs UI, and the one error body on every operation of the spec.

use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header;
use actix_web::test::{self, TestRequest};
use gapscope_e2e::{TEST_PASSWORD, TestApp, Who, both_backends};
use serde_json::{Value, json};

/// Status, headers and body of one request to a fresh service.
async fn send(app: &TestApp, req: TestRequest) -> (u16, header::HeaderMap, Vec<u8>) {
    let service = test::init_service(gapscope_api::app(app.state.clone())).await;
    let res: ServiceResponse<_> = service.call(req.to_request()).await.expect("service call");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = test::read_body(res).await.to_vec();
    (status, headers, body)
}

fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap_or(Value::Null)
}

fn header_text<'a>(headers: &'a header::HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// Logs the demo admin in with a cookie session and returns the cookie's value.
async fn cookie_login(app: &TestApp) -> String {
    let email = app.org.users[&Who::Admin].email.clone();
    let (status, headers, body) = send(
        app,
        TestRequest::post()
            .uri("/api/v1/auth/login")
            .set_json(json!({
                "email": email, "password": TEST_PASSWORD, "session": "cookie"
            })),
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let body = json_of(&body);
    assert!(body.get("token").is_none(), "no token in the body: {body}");
    assert_eq!(body["user"]["role"], "admin");
    let cookie = header_text(&headers, "set-cookie").to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=3600"] {
        assert!(
            cookie.contains(attribute),
            "{attribute} missing in {cookie}"
        );
    }
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP gets no Secure flag: {cookie}"
    );
    let value = cookie
        .strip_prefix("gapscope_session=")
        .and_then(|rest| rest.split(';').next())
        .expect("the session cookie");
    value.to_owned()
}

fn with_cookie(req: TestRequest, value: &str) -> TestRequest {
    req.insert_header((header::COOKIE, format!("gapscope_session={value}")))
}

both_backends!(
    a_cookie_session_reads_and_changes_only_with_the_csrf_header,
    |backend| {
        let app = TestApp::new(backend);
        let session = cookie_login(&app).await;

        let (status, _, body) = send(
            &app,
            with_cookie(TestRequest::get().uri("/api/v1/auth/me"), &session),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(json_of(&body)["role"], "admin");

        // A change without the header is refused, and the refusal names the header.
        let evaluate = || {
            TestRequest::patch()
                .uri("/api/v1/settings")
                .set_json(json!({"anonymity_threshold": 4}))
        };
        let (status, _, body) = send(&app, with_cookie(evaluate(), &session)).await;
        assert_eq!(status, 403);
        let body = json_of(&body);
        assert_eq!(body["code"], "forbidden");
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|m| m.contains("X-Gapscope-Csrf")),
            "{body}"
        );
        let (status, _, body) = send(
            &app,
            with_cookie(evaluate(), &session).insert_header(("X-Gapscope-Csrf", "1")),
        )
        .await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));

        // Bearer tokens need no such header: another site cannot make a browser send them.
        let bearer = app.bearer(&app.org, Who::Admin).expect("bearer");
        let (status, _, _) = send(
            &app,
            evaluate().insert_header(("authorization", bearer.as_str())),
        )
        .await;
        assert_eq!(status, 200);
    }
);

both_backends!(a_cookie_carries_only_session_tokens, |backend| {
    let app = TestApp::new(backend);
    let integration = app.org.tokens[&Who::AdminToken].clone();
    for value in [integration.as_str(), "", "not-a-jwt"] {
        let (status, _, body) = send(
            &app,
            with_cookie(TestRequest::get().uri("/api/v1/cycles"), value),
        )
        .await;
        assert_eq!(
            status,
            401,
            "cookie {value:?}: {}",
            String::from_utf8_lossy(&body)
        );
    }
});

#[actix_web::test]
async fn a_login_without_session_kind_returns_a_bearer_token_and_no_cookie() {
    let app = TestApp::new(gapscope_e2e::Backend::Sqlite);
    let email = app.org.users[&Who::Admin].email.clone();
    let (status, headers, body) = send(
        &app,
        TestRequest::post()
            .uri("/api/v1/auth/login")
            .set_json(json!({"email": email, "password": TEST_PASSWORD})),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        json_of(&body)["token"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    assert!(headers.get("set-cookie").is_none());

    let (status, _, body) = send(
        &app,
        TestRequest::post()
            .uri("/api/v1/auth/login")
            .set_json(json!({
                "email": email, "password": TEST_PASSWORD, "session": "jar"
            })),
    )
    .await;
    assert_eq!(status, 400);
    // The message names the value and what is allowed instead.
    let message = String::from_utf8_lossy(&body);
    assert!(
        message.contains("jar") && message.contains("cookie"),
        "{message}"
    );
}

#[actix_web::test]
async fn logout_clears_the_cookie() {
    let app = TestApp::new(gapscope_e2e::Backend::Sqlite);
    let session = cookie_login(&app).await;
    let (status, headers, _) = send(
        &app,
        with_cookie(TestRequest::post().uri("/api/v1/auth/logout"), &session),
    )
    .await;
    assert_eq!(status, 204);
    let cookie = header_text(&headers, "set-cookie");
    assert!(cookie.starts_with("gapscope_session=;"), "{cookie}");
    assert!(cookie.contains("Max-Age=0"), "{cookie}");
}

#[actix_web::test]
async fn the_dashboard_answers_its_routes_and_the_api_keeps_json_404s() {
    let app = TestApp::new(gapscope_e2e::Backend::Sqlite);
    for path in ["/", "/accounts/3", "/alerts?cycle=2015"] {
        let (status, headers, body) = send(&app, TestRequest::get().uri(path)).await;
        assert_eq!(status, 200, "{path}");
        assert!(header_text(&headers, "content-type").starts_with("text/html"));
        let policy = header_text(&headers, "content-security-policy");
        assert!(policy.contains("script-src 'self';"), "{path}: {policy}");
        assert!(String::from_utf8_lossy(&body).contains("<html"), "{path}");
    }
    for (method, path) in [
        (TestRequest::get(), "/api/v1/no-such-thing"),
        (TestRequest::get(), "/api/nothing"),
        (TestRequest::post(), "/accounts/3"),
    ] {
        let (status, headers, body) = send(&app, method.uri(path)).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(json_of(&body)["code"], "not_found", "{path}");
        if path.starts_with("/api/") {
            assert_eq!(
                header_text(&headers, "content-security-policy"),
                "default-src 'none'; frame-ancestors 'none'",
                "{path}"
            );
        }
    }
    // A missing bundle is a 404, never the app's HTML served as JavaScript.
    let (status, _, _) = send(&app, TestRequest::get().uri("/assets/gone-1234.js")).await;
    assert_eq!(status, 404);
}

#[actix_web::test]
async fn a_wrong_method_on_a_known_path_is_a_405_naming_the_allowed_ones() {
    let app = TestApp::new(gapscope_e2e::Backend::Sqlite);
    for (req, allow) in [
        (TestRequest::delete().uri("/api/v1/alerts/7"), "GET, PATCH"),
        (TestRequest::put().uri("/api/v1/cycles"), "GET"),
        (TestRequest::post().uri("/healthz"), "GET"),
        (TestRequest::get().uri("/api/v1/auth/logout"), "POST"),
    ] {
        let (status, headers, body) = send(&app, req).await;
        assert_eq!(status, 405, "{}", String::from_utf8_lossy(&body));
        assert_eq!(header_text(&headers, "allow"), allow);
        let body = json_of(&body);
        assert_eq!(body["code"], "method_not_allowed");
        assert!(
            body["message"].as_str().is_some_and(|m| m.contains(allow)),
            "{body}"
        );
    }
}

#[actix_web::test]
async fn the_docs_ui_is_served_from_the_binary_and_loads_the_served_spec() {
    let app = TestApp::new(gapscope_e2e::Backend::Sqlite);
    let (status, headers, _) = send(&app, TestRequest::get().uri("/api/docs")).await;
    assert_eq!(status, 308);
    assert_eq!(header_text(&headers, "location"), "/api/docs/");

    let (status, _, page) = send(&app, TestRequest::get().uri("/api/docs/")).await;
    assert_eq!(status, 200);
    let page = String::from_utf8_lossy(&page).into_owned();
    let (status, _, init) = send(
        &app,
        TestRequest::get().uri("/api/docs/swagger-initializer.js"),
    )
    .await;
    assert_eq!(status, 200);
    let init = String::from_utf8_lossy(&init).into_owned();
    assert!(init.contains(gapscope_api::SPEC_PATH), "{init}");
    // Every script and style the page names is served here: no outside host.
    for text in [&page, &init] {
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{text}"
        );
    }
    for asset in ["swagger-ui-bundle.js", "swagger-ui.css"] {
        let (status, _, _) =
            send(&app, TestRequest::get().uri(&format!("/api/docs/{asset}"))).await;
        assert_eq!(status, 200, "{asset}");
    }
}

#[test]
fn every_operation_declares_the_one_error_body_for_500_and_503() {
    let spec: Value = serde_json::from_str(&gapscope_api::spec_json()).expect("spec");
    let mut operations = 0;
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("operations") {
            operations += 1;
            for (status, response) in op["responses"].as_object().expect("responses") {
                if !(status.starts_with('4') || status.starts_with('5')) {
                    continue;
                }
                let schema = &response["content"]["application/json"]["schema"]["$ref"];
                assert_eq!(
                    schema, "#/components/schemas/ErrorBody",
                    "{method} {path} {status}"
                );
            }
            for status in ["500", "503"] {
                assert!(
                    op["responses"].get(status).is_some(),
                    "{method} {path} lacks {status}"
                );
            }
        }
    }
    assert!(operations > 40);
}

both_backends!(
    a_nul_character_in_text_is_the_clients_error_not_a_500,
    |backend| {
        let app = TestApp::new(backend);
        let (status, _, body) = send(
            &app,
            TestRequest::post()
                .uri("/api/v1/auth/login")
                .set_json(json!({"email": "a\u{0}b@demo.test", "password": "whatever-it-is"})),
        )
        .await;
        let body = json_of(&body);
        match backend {
            // SQLite looks the address up and finds no such user.
            gapscope_e2e::Backend::Sqlite => assert_eq!(status, 401, "{body}"),
            gapscope_e2e::Backend::Postgres => {
                assert_eq!(status, 400, "{body}");
                assert!(
                    body["message"].as_str().is_some_and(|m| m.contains("NUL")),
                    "{body}"
                );
            }
        }
    }
);
