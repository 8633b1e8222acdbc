//! A test harness: a real API over a fresh database of either backend, driven in-process.

use std::path::PathBuf;
use std::sync::Arc;

use actix_web::dev::{Service, ServiceResponse};
use actix_web::test;
use gapscope_api::{AppState, Limits};
use gapscope_store::testing::TestDb;
use serde_json::Value;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy)]
pub enum Backend {
    /// A fresh temporary SQLite file.
    Sqlite,
    /// A fresh PostgreSQL database on the local server, dropped afterwards.
    Postgres,
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The shipped San Diego demo folder.
pub fn demo_dir() -> PathBuf {
    repo_root().join("demo/san-diego-2015")
}

/// A fresh database of `backend` with the `demo` organization, and the API state over it.
pub struct TestApp {
    /// Keeps the database alive (and drops it at the end).
    pub db: TestDb,
    /// The API state handlers see.
    pub state: AppState,
}

impl TestApp {
    /// A new, empty app on `backend`.
    pub fn new(backend: Backend) -> Self {
        let db = match backend {
            Backend::Sqlite => TestDb::sqlite(),
            Backend::Postgres => TestDb::postgres(),
        };
        let store = db.store().clone();
        let org = store
            .ensure_organization("demo")
            .expect("create the demo organization");
        let state = AppState {
            store: Arc::new(store),
            org_id: org.id,
            limits: Limits::default(),
        };
        Self { db, state }
    }

    /// The same app with the San Diego demo survey imported through the store.
    pub fn with_demo(backend: Backend) -> Self {
        let app = Self::new(backend);
        let dir = demo_dir();
        let mapping = std::fs::read_to_string(dir.join("mapping.toml")).expect("read mapping");
        let mapping = gapscope_import::Mapping::from_toml(&mapping).expect("valid mapping");
        let bytes =
            std::fs::read(dir.join("resident_survey_weighted_datasd.csv")).expect("read CSV");
        let batch = gapscope_import::parse(&mapping, &bytes).expect("the demo parses");
        let opts = gapscope_store::ImportOptions {
            dry_run: false,
            file_name: None,
        };
        app.state
            .store
            .import(app.state.org_id, &batch, &opts)
            .expect("the demo imports");
        app
    }

    /// Sends `req` to a fresh in-process service and returns status and JSON body.
    pub async fn call(&self, req: test::TestRequest) -> (u16, Value) {
        let service = test::init_service(gapscope_api::app(self.state.clone())).await;
        let res: ServiceResponse<_> = service.call(req.to_request()).await.expect("service call");
        let status = res.status().as_u16();
        let body = test::read_body(res).await;
        let json = serde_json::from_slice(&body).unwrap_or(Value::Null);
        (status, json)
    }

    /// GET `path`, returning status and JSON body.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.call(test::TestRequest::get().uri(path)).await
    }
}

/// Runs an async test body once per backend, as two `#[actix_web::test]` functions.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, |$backend:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[actix_web::test]
            async fn sqlite() {
                let $backend = $crate::Backend::Sqlite;
                $body
            }

            #[actix_web::test]
            async fn postgres() {
                let $backend = $crate::Backend::Postgres;
                $body
            }
        }
    };
}
