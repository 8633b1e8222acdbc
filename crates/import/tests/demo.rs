//! The San Diego 2015 resident survey in `demo/` imports whole, with zero errors.
//!
//! Expected numbers were counted independently with Python's csv module, not read off this code.

use std::path::PathBuf;

use gapscope_domain::survey::{ImportanceForm, Scale};
use gapscope_import::{Batch, Mapping, parse};

fn demo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo/san-diego-2015")
}

fn import() -> Batch {
    let dir = demo_dir();
    let mapping = std::fs::read_to_string(dir.join("mapping.toml")).expect("demo mapping");
    let mapping = Mapping::from_toml(&mapping).expect("mapping parses");
    let bytes = std::fs::read(dir.join("resident_survey_weighted_datasd.csv")).expect("demo data");
    match parse(&mapping, &bytes) {
        Ok(batch) => batch,
        Err(report) => panic!("demo import failed:\n{report}"),
    }
}

#[test]
fn the_whole_file_imports_without_errors() {
    let batch = import();
    assert_eq!(batch.responses.len(), 2477);
    assert_eq!(batch.cycles, ["2015"]);
    assert_eq!(batch.performance_scale, Scale { min: 1, max: 5 });
    assert_eq!(batch.importance_form, ImportanceForm::Pick { k: 4 });
    assert_eq!(batch.categories.len(), 15);
    assert_eq!(batch.categories[1].name, "Communication with the public");
    assert_eq!(batch.indicators[0].key, "overall_satisfaction");
}

#[test]
fn districts_are_account_managers_and_zips_within_them_accounts() {
    let batch = import();
    let ids: Vec<&str> = batch
        .account_managers
        .iter()
        .map(|am| am.external_id.as_str())
        .collect();
    assert_eq!(ids, ["7", "9", "8", "4", "3", "5", "6", "1", "2"]);
    assert_eq!(batch.account_managers[0].name, "District 7");
    assert_eq!(batch.accounts.len(), 70);
    assert_eq!(batch.accounts[0].external_id, "7/92124");
    assert_eq!(batch.accounts[0].name, "District 7, ZIP 92124");
}

#[test]
fn dont_know_is_null_and_picks_are_counted() {
    let batch = import();
    let nulls = |i: usize| {
        batch
            .responses
            .iter()
            .filter(|r| r.performance[i].is_none())
            .count()
    };
    assert_eq!(nulls(0), 441);
    assert_eq!(nulls(14), 122);
    let overall_nulls = batch
        .responses
        .iter()
        .filter(|r| r.indicators[0].is_none())
        .count();
    assert_eq!(overall_nulls, 42);

    let police: Vec<i32> = batch
        .responses
        .iter()
        .filter_map(|r| r.performance[10])
        .collect();
    assert_eq!((police.len(), police.iter().sum::<i32>()), (2320, 8098));

    let picked: Vec<usize> = (0..15)
        .map(|i| {
            batch
                .responses
                .iter()
                .filter(|r| r.importance[i] == Some(1))
                .count()
        })
        .collect();
    let expected = [
        327, 427, 327, 1044, 1266, 456, 110, 1435, 461, 394, 1663, 349, 202, 484, 574,
    ];
    assert_eq!(picked, expected);
    let picked_none = batch
        .responses
        .iter()
        .filter(|r| r.importance.iter().all(|i| *i == Some(0)));
    assert_eq!(picked_none.count(), 68);
}

#[test]
fn first_row_keeps_its_line_and_ids() {
    let batch = import();
    let first = &batch.responses[0];
    assert_eq!(first.row, 2);
    assert_eq!(first.external_id, "2015/1");
    assert_eq!(first.contact, "1");
    assert_eq!(first.contact_role, "unspecified");
    assert_eq!(first.account, "7/92124");
    assert_eq!(first.account_manager.as_deref(), Some("7"));
    assert_eq!(batch.responses[2476].row, 2478);
}

#[test]
fn importing_twice_gives_an_equal_batch() {
    assert_eq!(import(), import());
}
