//! A test harness: a real API over a fresh database of either backend, driven in-process, with
//! one user per role and one integration token per scope in each organization.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use actix_web::dev::{Service, ServiceResponse};
use actix_web::test;
use gapscope_api::AppState;
use gapscope_api::auth::{AuthConfig, jwt, secrets};
use gapscope_store::testing::TestDb;
use gapscope_store::{Actor, NewApiToken, NewUser, Role, Store, TokenScope, User};
use serde_json::Value;

/// The HS256 secret of test apps (long enough for the 32-byte rule).
pub const TEST_SECRET: &[u8] = b"gapscope-test-secret-0123456789abcdef";

/// The password of every harness user.
pub const TEST_PASSWORD: &str = "correct horse battery staple";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy)]
pub enum Backend {
    /// A fresh temporary SQLite file.
    Sqlite,
    /// A fresh PostgreSQL database on the local server, dropped afterwards.
    Postgres,
}

/// Who sends a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Who {
    /// No credentials.
    Anonymous,
    /// A user of role admin.
    Admin,
    /// A user of role supervisor, team `north` (districts 1-4 in the demo).
    Supervisor,
    /// A user of role account_manager, linked to the demo's district 1.
    AccountManager,
    /// A user of role analyst.
    Analyst,
    /// An integration token of scope read.
    ReadToken,
    /// An integration token of scope import.
    ImportToken,
    /// An integration token of scope admin.
    AdminToken,
}

impl Who {
    /// Every kind of caller.
    pub const ALL: [Who; 8] = [
        Who::Anonymous,
        Who::Admin,
        Who::Supervisor,
        Who::AccountManager,
        Who::Analyst,
        Who::ReadToken,
        Who::ImportToken,
        Who::AdminToken,
    ];
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The shipped San Diego demo folder.
pub fn demo_dir() -> PathBuf {
    repo_root().join("demo/san-diego-2015")
}

/// One organization of a test app with its callers.
#[derive(Debug, Default)]
pub struct TestOrg {
    /// Storage id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// The users, by role.
    pub users: BTreeMap<Who, User>,
    /// Integration token bearer values, by scope.
    pub tokens: BTreeMap<Who, String>,
}

/// A fresh database of `backend` with the `demo` organization, and the API state over it.
pub struct TestApp {
    /// Keeps the database alive (and drops it at the end).
    pub db: TestDb,
    /// The API state handlers see.
    pub state: AppState,
    /// The `demo` organization.
    pub org: TestOrg,
}

fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| secrets::hash_password(TEST_PASSWORD).expect("hash the test password"))
}

impl TestApp {
    /// A new app on `backend` with an empty `demo` organization, an admin, an analyst and a
    /// supervisor of team `north`, and one token per scope.
    pub fn new(backend: Backend) -> Self {
        let db = match backend {
            Backend::Sqlite => TestDb::sqlite(),
            Backend::Postgres => TestDb::postgres(),
        };
        let auth = AuthConfig::hs256(TEST_SECRET).expect("test secret");
        let state = AppState::new(db.store().clone(), auth);
        let org = new_org(&state.store, "demo");
        Self { db, state, org }
    }

    /// The same app with the San Diego demo imported into `demo`, districts 1-4 in team
    /// `north`, and an account-manager user for district 1.
    pub fn with_demo(backend: Backend) -> Self {
        let mut app = Self::new(backend);
        load_demo(&app.state.store, &mut app.org);
        app
    }

    /// The same app with the seeded synthetic organization (see `gapscope-synth`) imported
    /// into `demo`, cycle by cycle; returns what was planted.
    pub fn with_synthetic(backend: Backend) -> (Self, gapscope_synth::Synthetic) {
        let app = Self::new(backend);
        let synthetic = gapscope_synth::generate(&gapscope_synth::Config::default());
        gapscope_synth::load(&app.state.store, app.org.id, &synthetic, &Actor::cli())
            .expect("the synthetic organization loads");
        (app, synthetic)
    }

    /// A second organization with the same demo data and callers, to check isolation.
    pub fn foreign_org(&self) -> TestOrg {
        let mut org = new_org(&self.state.store, "other");
        load_demo(&self.state.store, &mut org);
        org
    }

    /// The `Authorization` header value for `who` in `org`, minted now; `None` for anonymous.
    pub fn bearer(&self, org: &TestOrg, who: Who) -> Option<String> {
        if let Some(token) = org.tokens.get(&who) {
            return Some(format!("Bearer {token}"));
        }
        let user = org.users.get(&who)?;
        let now = chrono::Utc::now().timestamp_millis();
        let token = jwt::issue(
            &self.state.auth,
            user.id,
            user.org_id,
            user.role.as_str(),
            now,
        )
        .expect("issue a token");
        Some(format!("Bearer {token}"))
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

    /// Sends `req` as `who` of the `demo` organization.
    pub async fn call_as(&self, who: Who, req: test::TestRequest) -> (u16, Value) {
        self.call_in(&self.org, who, req).await
    }

    /// Sends `req` as `who` of `org`.
    pub async fn call_in(&self, org: &TestOrg, who: Who, req: test::TestRequest) -> (u16, Value) {
        let req = match self.bearer(org, who) {
            Some(value) => req.insert_header(("authorization", value)),
            None => req,
        };
        self.call(req).await
    }

    /// GET `path` as the demo admin.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.get_as(Who::Admin, path).await
    }

    /// GET `path` as `who` of the demo organization.
    pub async fn get_as(&self, who: Who, path: &str) -> (u16, Value) {
        self.call_as(who, test::TestRequest::get().uri(path)).await
    }
}

fn new_org(store: &Store, name: &str) -> TestOrg {
    let org = store
        .ensure_organization(name)
        .expect("create the organization");
    let mut test_org = TestOrg {
        id: org.id,
        name: name.into(),
        ..TestOrg::default()
    };
    for (who, role, team) in [
        (Who::Admin, Role::Admin, None),
        (Who::Analyst, Role::Analyst, None),
        (Who::Supervisor, Role::Supervisor, Some("north")),
    ] {
        let user = add_user(
            store,
            org.id,
            &format!("{who:?}@{name}.test"),
            role,
            None,
            team,
        );
        test_org.users.insert(who, user);
    }
    for (who, scope) in [
        (Who::ReadToken, TokenScope::Read),
        (Who::ImportToken, TokenScope::Import),
        (Who::AdminToken, TokenScope::Admin),
    ] {
        let secret = secrets::random_token(32).expect("random secret");
        let new = NewApiToken {
            org_id: org.id,
            name: format!("{who:?}"),
            scope,
            secret_digest: secrets::digest(&secret),
            expires_at: None,
        };
        let token = store
            .create_api_token(&new, &Actor::cli())
            .expect("create a token");
        test_org
            .tokens
            .insert(who, format!("gsk_{}_{secret}", token.id));
    }
    test_org
}

/// Creates a user with the harness password.
pub fn add_user(
    store: &Store,
    org_id: i64,
    email: &str,
    role: Role,
    account_manager_id: Option<i64>,
    team: Option<&str>,
) -> User {
    let new = NewUser {
        org_id,
        email: email.to_lowercase(),
        password_hash: password_hash().to_owned(),
        role,
        account_manager_id,
        team: team.map(str::to_owned),
    };
    store
        .create_user(&new, &Actor::cli())
        .expect("create a user")
}

fn load_demo(store: &Store, org: &mut TestOrg) {
    let dir = demo_dir();
    let mapping = std::fs::read_to_string(dir.join("mapping.toml")).expect("read mapping");
    let mapping = gapscope_import::Mapping::from_toml(&mapping).expect("valid mapping");
    let bytes = std::fs::read(dir.join("resident_survey_weighted_datasd.csv")).expect("read CSV");
    let batch = gapscope_import::parse(&mapping, &bytes).expect("the demo parses");
    let opts = gapscope_store::ImportOptions {
        dry_run: false,
        file_name: None,
        actor: Actor::cli(),
    };
    store
        .import(org.id, &batch, &opts)
        .expect("the demo imports");

    for district in 1..=4 {
        let am = store
            .account_manager_by_external_id(org.id, &district.to_string())
            .expect("look up a district")
            .expect("the district exists");
        store
            .set_account_manager_team(org.id, am.id, Some("north"), &Actor::cli())
            .expect("team");
    }
    let first = store
        .account_manager_by_external_id(org.id, "1")
        .expect("look up district 1")
        .expect("district 1 exists");
    let email = format!("accountmanager@{}.test", org.name);
    let user = add_user(
        store,
        org.id,
        &email,
        Role::AccountManager,
        Some(first.id),
        None,
    );
    org.users.insert(Who::AccountManager, user);
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
