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

/// utoipa names a schema by its type's bare name, and two types of one name silently share one
/// schema (the last registered wins), so a client would get the wrong type. Every type that
/// derives `ToSchema` must have a name of its own.
#[test]
fn every_schema_type_has_a_name_of_its_own() {
    let mut seen: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    let mut clashes = Vec::new();
    for krate in ["domain", "api", "store", "import"] {
        let dir = repo_root().join("crates").join(krate).join("src");
        for file in rust_files(&dir) {
            let text = std::fs::read_to_string(&file).expect("read a source file");
            let mut derives_schema = false;
            for line in text.lines().map(str::trim) {
                if line.starts_with("#[") && line.contains("ToSchema") {
                    derives_schema = true;
                    continue;
                }
                if line.starts_with("#[") || line.starts_with("///") {
                    continue;
                }
                if derives_schema {
                    let name = line
                        .split_whitespace()
                        .skip_while(|w| !matches!(*w, "struct" | "enum"))
                        .nth(1)
                        .map(|n| {
                            n.trim_end_matches(['{', '(', ';'])
                                .split('<')
                                .next()
                                .unwrap_or(n)
                                .to_owned()
                        });
                    if let Some(name) = name {
                        let place = file.display().to_string();
                        if let Some(first) = seen.insert(name.clone(), place.clone()) {
                            clashes.push(format!("{name}: {first} and {place}"));
                        }
                    }
                }
                derives_schema = false;
            }
        }
    }
    assert!(
        seen.len() > 50,
        "the scan found the schema types: {}",
        seen.len()
    );
    assert!(clashes.is_empty(), "schema names used twice: {clashes:#?}");
}

fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read a source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}
