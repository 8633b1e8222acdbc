//! `parse` returns a batch or a report for any input, and never panics.

pub mod common;

use common::{FULL_MAPPING, HEADER, mapping};
use gapscope_import::parse;
use proptest::prelude::*;

/// CSV-like text: the header, then lines of cells drawn from values that reach every check.
fn csv_like() -> impl Strategy<Value = String> {
    let cell = prop::sample::select(vec![
        "",
        " ",
        "0",
        "1",
        "7",
        "10",
        "11",
        "99",
        "-3",
        "x",
        "\"q,\"",
        "DM",
        "c1",
        "r1",
        "acme",
        "2026-Q1",
        "2026-03-01 09:30",
        "é",
        "\u{feff}",
        "\"a\nb\"",
        "1e3",
        "99999999999999999999",
    ]);
    let line = prop::collection::vec(cell, 0..20).prop_map(|cells| cells.join(","));
    prop::collection::vec(line, 0..12).prop_map(|lines| format!("{HEADER}\n{}", lines.join("\n")))
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let mapping = mapping(FULL_MAPPING);
        let _ = parse(&mapping, &bytes);
    }

    #[test]
    fn arbitrary_rows_under_the_header_never_panic(text in csv_like()) {
        let mapping = mapping(FULL_MAPPING);
        match parse(&mapping, text.as_bytes()) {
            Ok(batch) => prop_assert!(!batch.responses.is_empty()),
            Err(report) => prop_assert!(!report.errors.is_empty()),
        }
    }

    #[test]
    fn parsing_is_deterministic(text in csv_like()) {
        let mapping = mapping(FULL_MAPPING);
        prop_assert_eq!(parse(&mapping, text.as_bytes()), parse(&mapping, text.as_bytes()));
    }
}
