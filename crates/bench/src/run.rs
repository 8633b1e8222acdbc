//! One backend's run: load the organization cycle by cycle, time the API in-process, re-import
//! an unchanged cycle, and read the memory peak.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test;
use gapscope_api::AppState;
use gapscope_api::auth::{AuthConfig, jwt, secrets};
use gapscope_store::{Actor, Backend, ImportOptions, NewOutcome, NewUser, Role, Store, User};
use gapscope_synth::Synthetic;

use crate::db::BenchDb;
use crate::measure::{self, Samples};
use crate::report::{Bound, Row};
use crate::targets::{Budget, Targets};
use crate::{Endpoint, Progress};

/// Timed requests per endpoint, after one untimed warm-up request. Twenty makes the p95 the
/// second slowest, so one hiccup of the machine does not decide it.
const REQUESTS: usize = 20;

/// Timed re-imports of the unchanged last cycle, after one untimed one; as many as requests,
/// since each finds every row unchanged and writes only its import and audit rows.
const REIMPORTS: usize = REQUESTS;

/// The signing secret of the benchmark's tokens (only ever used in-process).
const SECRET: &[u8] = b"gapscope-bench-secret-0123456789abcdef";

/// Measures `backend` on a fresh database holding `synthetic`, against `targets`.
pub fn backend(
    backend: Backend,
    admin_url: &str,
    synthetic: &Synthetic,
    targets: &Targets,
    progress: &Progress,
) -> Result<Vec<Row>, String> {
    let peak_reset = measure::reset_peak_rss();
    let db = BenchDb::create(backend, admin_url)?;
    progress.say(backend, &format!("loading into {}", db.describe()));
    let store = db.store()?;
    let org = store
        .ensure_organization("bench")
        .map_err(err("create the org"))?;

    let mut rows = load(store, org.id, synthetic, targets, backend, progress)?;
    progress.say(backend, "timing the API");
    rows.extend(api(store.clone(), org.id, targets, backend, progress)?);
    progress.say(backend, "re-importing the unchanged last cycle");
    rows.extend(reimport_rows(store, org.id, synthetic, targets, backend)?);

    let what = if peak_reset {
        "peak resident memory (VmHWM)"
    } else {
        "peak resident memory (VmHWM, whole process)"
    };
    rows.push(Row {
        backend,
        what: what.into(),
        value: measure::peak_rss_mib()?,
        unit: "MiB",
        target: Bound::AtMost(targets.peak_rss_mib),
    });
    Ok(rows)
}

/// Imports every cycle, timing each, then closes the cycles and records the outcomes as
/// `gapscope_synth::load` does (untimed), so alerts and back-test inputs exist.
fn load(
    store: &Store,
    org_id: i64,
    synthetic: &Synthetic,
    targets: &Targets,
    backend: Backend,
    progress: &Progress,
) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for (batch, key) in synthetic.cycles.iter().zip(&synthetic.closed_cycles) {
        let start = Instant::now();
        let summary = store
            .import(org_id, batch, &options())
            .map_err(err(&format!("import {key}")))?;
        let secs = start.elapsed().as_secs_f64();
        progress.say(
            backend,
            &format!("imported {key}: {} responses in {secs:.2} s", summary.rows),
        );
        rows.push(Row {
            backend,
            what: format!("import {key} ({} responses)", summary.rows),
            value: summary.rows as f64 / secs,
            unit: "resp/s",
            target: Bound::AtLeast(targets.import_per_s),
        });
    }
    for key in &synthetic.closed_cycles {
        let cycle = store
            .cycle_by_key(org_id, key)
            .map_err(err("look up a cycle"))?
            .ok_or_else(|| format!("cycle {key} was not imported"))?;
        store
            .close_cycle(org_id, cycle.id, &Actor::cli())
            .map_err(err(&format!("close {key}")))?;
    }
    let outcomes: Vec<NewOutcome> = synthetic
        .outcomes
        .iter()
        .map(|o| NewOutcome {
            account_external_id: o.account.clone(),
            renewed: o.renewed,
            decided_on: o.date,
        })
        .collect();
    store
        .record_outcomes(org_id, &outcomes, &Actor::cli())
        .map_err(err("record outcomes"))?;
    Ok(rows)
}

/// Times every [`Endpoint`] as an admin with a freshly minted JWT, in-process.
fn api(
    store: Store,
    org_id: i64,
    targets: &Targets,
    backend: Backend,
    progress: &Progress,
) -> Result<Vec<Row>, String> {
    let auth = AuthConfig::hs256(SECRET).map_err(|e| format!("bench secret: {e}"))?;
    let state = AppState::new(store, auth);
    let admin = admin_user(&state.store, org_id)?;
    let now_ms = chrono::Utc::now().timestamp_millis();
    let token = jwt::issue(&state.auth, admin.id, org_id, admin.role.as_str(), now_ms)
        .map_err(|e| format!("issue a token: {e}"))?;
    let bearer = format!("Bearer {token}");
    let am = state
        .store
        .account_manager_by_external_id(org_id, "am-01")
        .map_err(err("look up am-01"))?
        .ok_or("the synthetic organization has no am-01")?;

    let samples = actix_web::rt::System::new().block_on(async move {
        let service = test::init_service(gapscope_api::app(state)).await;
        let mut all = Vec::new();
        for endpoint in Endpoint::ALL {
            let uri = endpoint.uri(am.id);
            let request = || {
                test::TestRequest::get()
                    .uri(&uri)
                    .insert_header(("authorization", bearer.as_str()))
                    .to_request()
            };
            let samples = time_get(&service, request, &uri).await?;
            let median = samples.median_ms();
            progress.say(
                backend,
                &format!("{}: median {median:.1} ms", endpoint.label()),
            );
            all.push((endpoint, samples));
        }
        Ok::<_, String>(all)
    })?;

    let mut rows = Vec::new();
    for (endpoint, samples) in samples {
        let name = format!("GET {}", endpoint.label());
        rows.extend(budget_rows(
            backend,
            &name,
            &samples,
            targets.endpoint(endpoint),
        ));
    }
    Ok(rows)
}

/// One warm-up request, then [`REQUESTS`] timed ones; each must answer 200.
async fn time_get<S, R, B>(
    service: &S,
    request: impl Fn() -> R,
    uri: &str,
) -> Result<Samples, String>
where
    S: Service<R, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    send(service, request(), uri).await?;
    let mut samples = Samples::default();
    for _ in 0..REQUESTS {
        let start = Instant::now();
        send(service, request(), uri).await?;
        samples.push(start.elapsed());
    }
    Ok(samples)
}

/// Sends one request and reads the whole body, failing unless the answer is 2xx.
async fn send<S, R, B>(service: &S, request: R, uri: &str) -> Result<(), String>
where
    S: Service<R, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let res = service
        .call(request)
        .await
        .map_err(|e| format!("GET {uri}: {e}"))?;
    let status = res.status();
    let body = test::read_body(res).await;
    if !status.is_success() {
        let text = String::from_utf8_lossy(&body);
        return Err(format!("GET {uri} answered {status}: {text}"));
    }
    Ok(())
}

/// Re-imports the last cycle [`REIMPORTS`] times; every row must come back unchanged.
fn reimport_rows(
    store: &Store,
    org_id: i64,
    synthetic: &Synthetic,
    targets: &Targets,
    backend: Backend,
) -> Result<[Row; 2], String> {
    let batch = synthetic.cycles.last().ok_or("no cycles were generated")?;
    let mut samples = Samples::default();
    for round in 0..=REIMPORTS {
        let start = Instant::now();
        let summary = store
            .import(org_id, batch, &options())
            .map_err(err("re-import the last cycle"))?;
        if round > 0 {
            samples.push(start.elapsed());
        }
        if summary.responses_unchanged != summary.rows {
            return Err(format!(
                "re-importing the last cycle changed {} of {} responses",
                summary.rows - summary.responses_unchanged,
                summary.rows
            ));
        }
    }
    Ok(budget_rows(
        backend,
        "re-import last cycle, unchanged",
        &samples,
        targets.reimport,
    ))
}

/// The median and p95 rows of `samples` against `budget`.
fn budget_rows(backend: Backend, name: &str, samples: &Samples, budget: Budget) -> [Row; 2] {
    [
        Row {
            backend,
            what: format!("{name} median"),
            value: samples.median_ms(),
            unit: "ms",
            target: Bound::AtMost(budget.median_ms),
        },
        Row {
            backend,
            what: format!("{name} p95"),
            value: samples.p95_ms(),
            unit: "ms",
            target: Bound::AtMost(budget.p95_ms),
        },
    ]
}

/// The admin whose token the requests carry.
fn admin_user(store: &Store, org_id: i64) -> Result<User, String> {
    let hash = secrets::hash_password("bench password, never used to log in")
        .map_err(|e| format!("hash a password: {e}"))?;
    let new = NewUser {
        org_id,
        email: "admin@bench.test".into(),
        password_hash: hash,
        role: Role::Admin,
        account_manager_id: None,
        team: None,
    };
    store
        .create_user(&new, &Actor::cli())
        .map_err(err("create the admin"))
}

fn options() -> ImportOptions {
    ImportOptions {
        dry_run: false,
        file_name: None,
        actor: Actor::cli(),
    }
}

/// Maps a store error to a message saying what was being done.
fn err(doing: &str) -> impl Fn(gapscope_store::StoreError) -> String + '_ {
    move |e| format!("cannot {doing}: {e}")
}
