//! Whole-file matters: empty and header-only files, encodings, byte order marks, header rows.

pub mod common;

use common::{FULL_MAPPING, HEADER, assert_at, good_line, mapping, only};
use gapscope_import::{ImportReport, parse};

fn report(mapping_toml: &str, bytes: &[u8]) -> ImportReport {
    match parse(&mapping(mapping_toml), bytes) {
        Ok(_) => panic!("expected errors"),
        Err(report) => report,
    }
}

#[test]
fn an_empty_file_is_an_error() {
    for bytes in [&b""[..], b"\xEF\xBB\xBF", b"\n\r\n  \n"] {
        let report = report(FULL_MAPPING, bytes);
        assert_at(only(&report), None, None, "empty_file");
    }
}

#[test]
fn a_header_only_file_is_an_error() {
    let report = report(FULL_MAPPING, format!("{HEADER}\n").as_bytes());
    let error = only(&report);
    assert_at(error, None, None, "no_data_rows");
    assert_eq!(
        error.message,
        "the file has its 1 header row(s) but no data rows"
    );
}

#[test]
fn fewer_rows_than_header_rows_is_an_error() {
    let toml = FULL_MAPPING.replace("dont_know = [99]", "header_rows = 3\ndont_know = [99]");
    let report = report(&toml, format!("{HEADER}\nsecond header\n").as_bytes());
    assert_at(only(&report), None, None, "missing_header_rows");
}

#[test]
fn ragged_header_rows_are_errors() {
    let toml = FULL_MAPPING.replace("dont_know = [99]", "header_rows = 2\ndont_know = [99]");
    let text = format!("{HEADER}\nonly,three,cells\n{}\n", good_line(1));
    let report = report(&toml, text.as_bytes());
    assert_at(only(&report), Some(2), None, "ragged_row");
}

#[test]
fn non_utf8_input_without_an_encoding_names_the_line_and_suggests_one() {
    let text = format!(
        "{HEADER}\n{}\n",
        good_line(1).replace("Acme Inc", "Acm\u{e9} Inc")
    );
    let latin1 = encoding_bytes(&text);
    let report = report(FULL_MAPPING, &latin1);
    let error = only(&report);
    assert_at(error, Some(2), None, "invalid_utf8");
    assert_eq!(error.field, "encoding");
    assert!(
        error.message.contains("byte 0xE9 at line 2, column 17"),
        "{error}"
    );
    assert!(
        error.message.contains("encoding = \"windows-1252\""),
        "{error}"
    );
}

#[test]
fn a_declared_encoding_decodes_without_loss() {
    let text = format!(
        "{HEADER}\n{}\n",
        good_line(1).replace("Acme Inc", "Acm\u{e9} Inc")
    );
    let toml = FULL_MAPPING.replace(
        "dont_know = [99]",
        "encoding = \"windows-1252\"\ndont_know = [99]",
    );
    let batch = parse(&mapping(&toml), &encoding_bytes(&text)).expect("windows-1252 decodes");
    assert_eq!(batch.accounts[0].name, "Acmé Inc");
}

#[test]
fn a_utf8_bom_is_dropped_before_the_first_column_name() {
    let text = format!("\u{feff}{HEADER}\r\n{}\r\n", good_line(1));
    let batch = parse(&mapping(FULL_MAPPING), text.as_bytes()).expect("BOM file parses");
    assert_eq!(batch.cycles, ["2026-Q1"]);
    assert_eq!(batch.responses[0].row, 2);
}

#[test]
fn header_names_are_trimmed() {
    let header = HEADER.replace("Contact,", "  Contact ,");
    let text = format!("{header}\n{}\n", good_line(1));
    let batch = parse(&mapping(FULL_MAPPING), text.as_bytes()).expect("trimmed names match");
    assert_eq!(batch.responses[0].contact, "c1");
}

#[test]
fn multi_line_cells_keep_line_numbers_right() {
    let first = good_line(1).replace(",fine,", ",\"two\nlines\",");
    let second = good_line(2).replace(",7,8,", ",77,8,");
    let text = format!("{HEADER}\n{first}\n{second}\n");
    let report = report(FULL_MAPPING, text.as_bytes());
    assert_at(only(&report), Some(4), Some("P_comm"), "out_of_scale");
}

/// Latin-1 bytes of a text whose characters are all below U+0100.
fn encoding_bytes(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("latin-1 text"))
        .collect()
}
