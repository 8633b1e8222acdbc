//! The committed spec is the contract: it must equal what the code registers and serves.

use gapscope_e2e::{Backend, TestApp, repo_root};

fn committed() -> String {
    let path = repo_root().join("openapi/openapi.json");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn committed_spec_matches_the_code() {
    assert!(
        committed() == gapscope_api::spec_json(),
        "openapi/openapi.json is stale: run `make openapi` and review the diff"
    );
}

#[actix_web::test]
async fn served_spec_matches_the_committed_one() {
    let app = TestApp::new(Backend::Sqlite);
    let (status, served) = app.get(gapscope_api::SPEC_PATH).await;
    assert_eq!(status, 200);
    let committed: serde_json::Value = serde_json::from_str(&committed()).expect("valid JSON");
    // Not assert_eq: a mismatch would print two whole specs.
    assert!(
        served == committed,
        "the served spec differs from openapi/openapi.json"
    );
}

#[test]
fn every_operation_documents_its_errors_with_the_shared_body() {
    let spec: serde_json::Value = serde_json::from_str(&gapscope_api::spec_json()).expect("JSON");
    let paths = spec["paths"].as_object().expect("paths");
    assert!(
        paths.len() >= 9,
        "every route is in the spec: {:?}",
        paths.keys()
    );
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("path item") {
            let responses = op["responses"].as_object().expect("responses");
            let errors: Vec<_> = responses.keys().filter(|s| !s.starts_with('2')).collect();
            assert!(
                !errors.is_empty(),
                "{method} {path} documents no error response"
            );
            for status in errors {
                let schema = &responses[status]["content"]["application/json"]["schema"]["$ref"];
                assert_eq!(
                    schema, "#/components/schemas/ErrorBody",
                    "{method} {path} {status}"
                );
            }
        }
    }
}
