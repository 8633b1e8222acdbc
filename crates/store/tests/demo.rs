//! The real San Diego 2015 file (`demo/san-diego-2015`, 2,477 rows), parsed by the import crate
//! and stored on both backends: timed, idempotent, and with cells equal to a recomputation.

#[expect(
    dead_code,
    reason = "this binary uses only the macro and the cell check"
)]
mod common;

use std::path::PathBuf;
use std::time::Instant;

use common::*;
use gapscope_import::{Batch, Mapping, parse};
use gapscope_store::testing::TestDb;
use gapscope_store::{Actor, ImportOptions};

fn demo_batch() -> Batch {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo/san-diego-2015");
    let mapping = std::fs::read_to_string(dir.join("mapping.toml")).expect("demo mapping");
    let mapping = Mapping::from_toml(&mapping).expect("mapping parses");
    let bytes = std::fs::read(dir.join("resident_survey_weighted_datasd.csv")).expect("demo data");
    match parse(&mapping, &bytes) {
        Ok(batch) => batch,
        Err(report) => panic!("demo parse failed:\n{report}"),
    }
}

both_backends!(san_diego_demo_imports_in_seconds,);

fn san_diego_demo_imports_in_seconds(db: &TestDb) {
    let batch = demo_batch();
    let store = db.store();
    let org = store
        .ensure_organization("City of San Diego")
        .expect("org")
        .id;
    let opts = ImportOptions {
        dry_run: false,
        file_name: Some("san-diego.csv".to_owned()),
        actor: Actor::cli(),
    };

    let started = Instant::now();
    let first = store.import(org, &batch, &opts).expect("import");
    let took = started.elapsed();
    let started = Instant::now();
    let again = store.import(org, &batch, &opts).expect("re-import");
    let took_again = started.elapsed();
    println!(
        "{:?}: San Diego demo {} rows: import {} ms, unchanged re-import {} ms",
        store.backend(),
        first.rows,
        took.as_millis(),
        took_again.as_millis()
    );

    assert_eq!(first.responses_inserted, 2_477);
    assert_eq!(again.responses_unchanged, 2_477);
    assert_eq!(again.assignments_changed, 0);
    assert!(took.as_secs() < 30, "import took {took:?}");
    let cycle = store.latest_cycle(org).expect("latest").expect("cycle");
    assert_eq!((cycle.key.as_str(), cycle.responses), ("2015", 2_477));
    assert_cells_match(db, org);
}
