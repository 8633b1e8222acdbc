//! Real survey-tool exports (`shared/data/survey-tool-export-samples/`) with the mappings in
//! `tests/fixtures/samples/`: each imports, or fails with the right message.
//!
//! Every expected count was taken independently with Python's csv module from the files
//! themselves, not from this crate's output. A missing data folder fails the tests: it is part
//! of the project's shared data, so its absence is a broken checkout, not a reason to skip.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use gapscope_import::{Batch, ImportReport, Mapping, parse};

fn data_file(name: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/survey-tool-export-samples");
    let path = dir.join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("sample {} is missing: {e}", path.display()))
}

fn fixture(name: &str) -> Mapping {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/samples")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("mapping {} is missing: {e}", path.display()));
    Mapping::from_toml(&text).unwrap_or_else(|e| panic!("mapping {name}: {e}"))
}

fn import(mapping: &Mapping, file: &str) -> Batch {
    parse(mapping, &data_file(file)).unwrap_or_else(|report| panic!("{file}:\n{report}"))
}

fn fail(mapping: &Mapping, file: &str) -> ImportReport {
    match parse(mapping, &data_file(file)) {
        Ok(_) => panic!("{file}: expected errors"),
        Err(report) => report,
    }
}

fn time(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<chrono::NaiveDateTime> {
    NaiveDate::from_ymd_opt(y, mo, d).and_then(|d| d.and_hms_opt(h, mi, s))
}

#[test]
fn qualtrics_three_header_rows() {
    let batch = import(
        &fixture("qualtrics_sample_3header.toml"),
        "qualtrics_sample_3header.csv",
    );
    assert_eq!(batch.responses.len(), 1);
    let r = &batch.responses[0];
    assert_eq!((r.row, r.external_id.as_str()), (4, "R_2YPOQ602ER1jkf1"));
    assert_eq!(r.submitted_at, time(2017, 7, 18, 8, 28, 48));
    assert_eq!(r.performance, [Some(2)]);
    assert_eq!(r.comment.as_deref(), Some("Hello World!"));
    assert_eq!(batch.account_managers[0].external_id, "qualtrics-sample");
}

#[test]
fn qualtrics_read_with_one_header_row_fails_on_the_label_rows() {
    let mut mapping = fixture("qualtrics_sample_3header.toml");
    mapping.header_rows = 1;
    let report = fail(&mapping, "qualtrics_sample_3header.csv");
    let found: Vec<(Option<usize>, &str, &str)> = (report.errors.iter())
        .map(|e| (e.row, e.column.as_deref().unwrap_or(""), e.code.as_str()))
        .collect();
    let expected = [
        (Some(2), "RecordedDate", "bad_datetime"),
        (Some(2), "Q1", "not_an_integer"),
        (Some(3), "RecordedDate", "bad_datetime"),
        (Some(3), "Q1", "not_an_integer"),
    ];
    assert_eq!(found, expected, "{report}");
    assert!(
        report.errors[1]
            .message
            .contains("\"This is a multiple choice question.\"")
    );
}

#[test]
fn qualtrics_legacy_with_bom_and_trailing_commas() {
    let mapping = fixture("qualtrics_sample_legacy_2header.toml");
    let batch = import(&mapping, "qualtrics_sample_legacy_2header.csv");
    assert_eq!(batch.responses.len(), 1);
    let r = &batch.responses[0];
    assert_eq!((r.row, r.contact.as_str()), (3, "R_2YPOQ602ER1jkf1"));
    assert_eq!(r.submitted_at, time(2017, 7, 18, 8, 28, 9));
    assert_eq!(r.performance, [Some(2)]);
    assert_eq!(r.account_manager.as_deref(), Some("qualtrics-sample"));
}

#[test]
fn surveymonkey_star_wars_in_windows_1252() {
    let mapping = fixture("surveymonkey_starwars_2header.toml");
    let batch = import(&mapping, "surveymonkey_starwars_2header.csv");
    assert_eq!(batch.responses.len(), 1186);
    assert_eq!(batch.accounts.len(), 1186);
    assert_eq!(batch.account_managers[0].name, "FiveThirtyEight panel");
    assert_eq!(batch.responses[0].contact, "3292879998");
    assert_eq!(batch.responses[0].row, 3);

    // (answers, sum) per character on 1-5, "Unfamiliar (N/A)" and blanks left out.
    let expected = [
        (814, 3803),
        (825, 3779),
        (823, 3749),
        (771, 2911),
        (808, 3743),
        (658, 2021),
        (816, 2839),
        (672, 2444),
        (680, 2283),
        (812, 3576),
        (820, 3747),
        (712, 1980),
        (650, 2343),
        (816, 3778),
    ];
    for (i, want) in expected.iter().enumerate() {
        let values: Vec<i32> = batch
            .responses
            .iter()
            .filter_map(|r| r.performance[i])
            .collect();
        assert_eq!(
            (values.len(), values.iter().sum::<i32>()),
            *want,
            "{}",
            batch.categories[i].key
        );
    }
    let fans: Vec<i32> = batch
        .responses
        .iter()
        .filter_map(|r| r.indicators[0])
        .collect();
    assert_eq!((fans.len(), fans.iter().sum::<i32>()), (836, 552));
}

#[test]
fn surveymonkey_star_wars_without_encoding_names_the_bad_byte() {
    let mut mapping = fixture("surveymonkey_starwars_2header.toml");
    mapping.encoding = None;
    let report = fail(&mapping, "surveymonkey_starwars_2header.csv");
    assert_eq!(report.errors.len(), 1, "{report}");
    let error = &report.errors[0];
    assert_eq!((error.row, error.code.as_str()), (Some(1), "invalid_utf8"));
    assert!(
        error
            .message
            .contains("byte 0x8C at line 1, column 642 (byte offset 641 in the file)"),
        "{error}"
    );
    assert!(
        error.message.contains("encoding = \"windows-1252\""),
        "{error}"
    );
}

#[test]
fn surveymonkey_steak_with_yes_no_labels() {
    let mapping = fixture("surveymonkey_steak_risk_2header.toml");
    let batch = import(&mapping, "surveymonkey_steak_risk_2header.csv");
    assert_eq!(batch.responses.len(), 550);
    assert_eq!(batch.responses[0].contact, "3237565956");
    assert_eq!(batch.responses[549].contact, "3234760413");
    // (answers, yes) per question.
    let expected = [
        (537, 84),
        (541, 416),
        (537, 257),
        (538, 36),
        (539, 480),
        (539, 92),
    ];
    for (i, want) in expected.iter().enumerate() {
        let values: Vec<i32> = batch
            .responses
            .iter()
            .filter_map(|r| r.performance[i])
            .collect();
        assert_eq!(
            (values.len(), values.iter().sum::<i32>()),
            *want,
            "{}",
            batch.categories[i].key
        );
    }
    let steak: Vec<i32> = batch
        .responses
        .iter()
        .filter_map(|r| r.indicators[0])
        .collect();
    assert_eq!((steak.len(), steak.iter().sum::<i32>()), (539, 430));
    assert_eq!(
        batch
            .responses
            .iter()
            .filter(|r| r.comment.is_some())
            .count(),
        432
    );
}

#[test]
fn surveymonkey_steak_without_labels_reports_every_text_answer_capped() {
    let mut mapping = fixture("surveymonkey_steak_risk_2header.toml");
    mapping.labels.clear();
    let report = fail(&mapping, "surveymonkey_steak_risk_2header.csv");
    // 3,770 non-blank yes/no cells in the seven mapped columns: 1,000 listed, 2,770 counted.
    assert_eq!(report.errors.len(), 1001);
    let first = &report.errors[0];
    assert_eq!(first.row, Some(4));
    assert_eq!(
        first.column.as_deref(),
        Some("Do you ever smoke cigarettes?")
    );
    assert_eq!(first.code, "not_an_integer");
    assert!(
        report.errors[1000]
            .message
            .starts_with("and 2770 more errors"),
        "{report}"
    );
}

#[test]
fn google_forms_with_multi_line_cells() {
    let mapping = fixture("googleforms_pkm_bima_redacted.toml");
    let batch = import(&mapping, "googleforms_pkm_bima_redacted.csv");
    assert_eq!(batch.responses.len(), 12);
    let rows: Vec<usize> = batch.responses.iter().map(|r| r.row).collect();
    assert_eq!(rows, [2, 3, 5, 12, 13, 16, 17, 18, 19, 20, 21, 22]);
    assert_eq!(
        batch.responses[4].submitted_at,
        time(2025, 10, 22, 1, 54, 32)
    );
    let sums: Vec<i32> = (0..9)
        .map(|i| {
            batch
                .responses
                .iter()
                .filter_map(|r| r.performance[i])
                .sum()
        })
        .collect();
    assert_eq!(sums, [48, 48, 51, 43, 49, 54, 54, 56, 52]);
    let overall: i32 = batch.responses.iter().filter_map(|r| r.indicators[0]).sum();
    assert_eq!(overall, 54);
    let comment = batch.responses[0].comment.as_deref();
    assert_eq!(comment, Some("Memberikan pengalaman selama perkuliahan"));
}

#[test]
fn google_forms_keyed_on_the_redacted_student_id_repeats_one_contact() {
    let mut mapping = fixture("googleforms_pkm_bima_redacted.toml");
    mapping.contact.id = "NIM".to_owned();
    mapping.account.key = vec!["NIM".to_owned()];
    let report = fail(&mapping, "googleforms_pkm_bima_redacted.csv");
    let rows: Vec<Option<usize>> = report.errors.iter().map(|e| e.row).collect();
    assert_eq!(
        rows,
        [3, 5, 12, 13, 16, 17, 18, 19, 20, 21, 22].map(Some),
        "{report}"
    );
    assert!(
        report
            .errors
            .iter()
            .all(|e| e.code == "duplicate_contact_in_cycle")
    );
    assert!(
        report.errors[0]
            .message
            .contains("\"REDACTED\" already answered cycle \"2025-10\" on line 2")
    );
}
