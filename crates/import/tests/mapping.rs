//! The mapping file: both syntaxes, the checks on its own, and the checks against a header.

pub mod common;

use std::path::Path;

use common::{FULL_MAPPING, HEADER, assert_at, good_line, import_err, mapping, only};
use gapscope_import::{ImportReport, Mapping, MappingFormat};

/// The errors of validating `toml` on its own.
fn invalid(toml: &str) -> ImportReport {
    match mapping(toml).validate() {
        Ok(()) => panic!("expected the mapping to be invalid"),
        Err(report) => report,
    }
}

fn fields_and_codes(report: &ImportReport) -> Vec<(&str, &str)> {
    report
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect()
}

const MINIMAL: &str = r#"
cycle = { constant = "2026-Q1" }
account = { key = "Account" }
contact = { id = "Contact" }
[[categories]]
key = "communication"
performance = "P_comm"
"#;

#[test]
fn the_full_mapping_and_a_minimal_one_are_valid() {
    assert_eq!(mapping(FULL_MAPPING).validate(), Ok(()));
    let minimal = mapping(MINIMAL);
    assert_eq!(minimal.validate(), Ok(()));
    assert_eq!(minimal.header_rows, 1);
}

#[test]
fn json_and_toml_read_into_the_same_mapping() {
    let json = r#"{
        "cycle": {"constant": "2026-Q1"},
        "account": {"key": ["Account"]},
        "contact": {"id": "Contact"},
        "categories": [{"key": "communication", "performance": "P_comm"}]
    }"#;
    let from_json = Mapping::parse(json, MappingFormat::Json).expect("valid JSON mapping");
    let from_toml = Mapping::parse(MINIMAL, MappingFormat::Toml).expect("valid TOML mapping");
    assert_eq!(from_json, from_toml);
}

#[test]
fn the_format_follows_the_file_extension() {
    assert_eq!(
        MappingFormat::from_path(Path::new("a/m.toml")),
        Some(MappingFormat::Toml)
    );
    assert_eq!(
        MappingFormat::from_path(Path::new("m.JSON")),
        Some(MappingFormat::Json)
    );
    assert_eq!(MappingFormat::from_path(Path::new("m.yaml")), None);
}

#[test]
fn unknown_keys_and_wrong_types_fail_to_read() {
    let typo = MINIMAL.replace("[[categories]]", "[[categories]]\nperfomance_scale = 5");
    let error = Mapping::from_toml(&typo).expect_err("unknown key");
    assert!(
        error
            .to_string()
            .contains("unknown field `perfomance_scale`"),
        "{error}"
    );

    let number = MINIMAL.replace("id = \"Contact\"", "id = 3");
    assert!(Mapping::from_toml(&number).is_err());
}

#[test]
fn a_column_missing_from_the_header_is_named_with_its_field() {
    let toml = MINIMAL.replace("performance = \"P_comm\"", "performance = \"P_comm\"\n")
        + "\n[[categories]]\nkey = \"b\"\nperformance = \"P_serv\"\n[[categories]]\nkey = \"c\"\n\
           performance = \"I_serv\"\n[[categories]]\nkey = \"d\"\nperformance = \"Q3_4x\"\n";
    let report = import_err(&toml, HEADER, &[&good_line(1)]);
    let error = only(&report);
    assert_at(error, None, None, "column_not_found");
    assert_eq!(
        error.to_string(),
        "categories[3].performance: column \"Q3_4x\" not found in header row 1 [column_not_found]"
    );
}

#[test]
fn header_lookups_report_every_bad_column_at_once() {
    let toml = FULL_MAPPING
        .replace("key = \"Account\"", "key = [\"Account\", \"account\"]")
        .replace("column = \"LTR\"", "column = \"#17\"")
        .replace("id = \"Contact\"", "id = \"Dup\"");
    let header = HEADER
        .replace(",Comment,", ",Dup,")
        .replace(",Team,", ",Dup,");
    let report = import_err(&toml, &header, &[&good_line(1)]);
    let found = fields_and_codes(&report);
    assert!(
        found.contains(&("account.key[1]", "column_not_found")),
        "{report}"
    );
    assert!(
        found.contains(&("contact.id", "ambiguous_column")),
        "{report}"
    );
    assert!(
        found.contains(&("indicators[0].column", "column_not_found")),
        "{report}"
    );
    assert!(
        report.to_string().contains("did you mean \"Account\""),
        "{report}"
    );
    assert!(report.to_string().contains("columns #6, #11"), "{report}");
}

#[test]
fn duplicate_keys_columns_and_pick_codes() {
    let toml = r#"
cycle = { constant = "1" }
account = { key = "A" }
contact = { id = "C" }
[importance]
form = "pick"
columns = ["P1", "P1"]
k = 2
[[categories]]
key = "a"
performance = "X"
pick_code = 1
[[categories]]
key = "a"
performance = "Y"
pick_code = "1"
[[indicators]]
key = "ltr"
kind = "ltr"
column = "Z"
[[indicators]]
key = "ltr"
kind = "ease"
column = "W"
"#;
    let report = invalid(toml);
    let expected = [
        ("categories[1].key", "duplicate_key"),
        ("categories[1].pick_code", "duplicate_pick_code"),
        ("indicators[1].key", "duplicate_key"),
    ];
    assert_eq!(fields_and_codes(&report), expected, "{report}");

    // Column checks need the header, so they run once the mapping is otherwise valid.
    let toml = toml.replace(
        "key = \"a\"\nperformance = \"Y\"\npick_code = \"1\"",
        "key = \"b\"\nperformance = \"Y\"\npick_code = \"2\"",
    );
    let toml = toml.replace(
        "key = \"ltr\"\nkind = \"ease\"",
        "key = \"ease\"\nkind = \"ease\"",
    );
    let report = import_err(&toml, "A,C,X,Y,Z,W,P1", &["a,c,1,1,1,1,1"]);
    assert_eq!(
        fields_and_codes(&report),
        [("importance.columns[1]", "duplicate_column")]
    );
}

#[test]
fn two_categories_on_one_column_are_a_mistake() {
    let toml = MINIMAL.to_owned() + "[[categories]]\nkey = \"b\"\nperformance = \"#3\"\n";
    let report = import_err(&toml, "Account,Contact,P_comm", &["a,c,1"]);
    assert_at(only(&report), None, None, "duplicate_column");
    assert_eq!(report.errors[0].field, "categories[1].performance");
}

#[test]
fn bad_scales_k_and_encoding() {
    let toml = MINIMAL
        .replace("cycle =", "encoding = \"klingon\"\ncycle =")
        .replace("[[categories]]", "[performance]\nscale = { min = 5, max = 5 }\n[importance]\nform = \"pick\"\ncolumns = [\"P\"]\nk = 0\n[[categories]]\npick_code = 1")
        + "[[indicators]]\nkey = \"x\"\nkind = \"other\"\ncolumn = \"X\"\nscale = { min = 7, max = 1 }\n";
    let report = invalid(&toml);
    let expected = [
        ("encoding", "unknown_encoding"),
        ("performance.scale", "bad_scale"),
        ("importance.k", "bad_k"),
        ("indicators[0].scale", "bad_scale"),
    ];
    assert_eq!(fields_and_codes(&report), expected, "{report}");
    assert!(report.errors[0].message.contains("\"klingon\""));
}

#[test]
fn header_rows_and_names_row_must_fit() {
    let toml = MINIMAL.replace("cycle =", "header_rows = 2\nnames_row = 3\ncycle =");
    let report = invalid(&toml);
    assert_eq!(
        fields_and_codes(&report),
        [("names_row", "bad_header_rows")]
    );

    let toml = MINIMAL.replace("cycle =", "header_rows = 0\ncycle =");
    let report = invalid(&toml);
    assert!(
        report.errors.iter().all(|e| e.code == "column_not_found"),
        "{report}"
    );
    assert!(
        report.errors[0].message.contains("no names row"),
        "{report}"
    );
}

#[test]
fn each_importance_form_needs_its_fields_and_no_others() {
    let rating = MINIMAL.replace(
        "[[categories]]",
        "[importance]\nform = \"rating\"\nk = 3\n[[categories]]\npick_code = 2",
    );
    let expected = [
        ("importance.k", "unused_field"),
        ("categories[0].importance", "missing_field"),
    ];
    assert_eq!(fields_and_codes(&invalid(&rating)), expected);

    let pick = MINIMAL.replace(
        "[[categories]]",
        "[importance]\nform = \"pick\"\n[[categories]]\nimportance = \"I\"",
    );
    let expected = [
        ("importance.k", "missing_field"),
        ("categories[0].importance", "unused_field"),
        ("importance.columns", "missing_field"),
        ("categories[0].pick_code", "missing_field"),
    ];
    assert_eq!(fields_and_codes(&invalid(&pick)), expected);

    let none = MINIMAL.replace(
        "[[categories]]",
        "[importance]\nscale = { min = 1, max = 5 }\n[[categories]]\npick_code = 1",
    );
    let expected = [
        ("importance.scale", "unused_field"),
        ("categories[0].pick_code", "unused_field"),
    ];
    assert_eq!(fields_and_codes(&invalid(&none)), expected);
}

#[test]
fn sources_roles_templates_and_formats() {
    let toml = MINIMAL
        .replace("cycle = { constant = \"2026-Q1\" }", "cycle = { constant = \"2026\", column = \"C\" }")
        .replace("account = { key = \"Account\" }", "account = { key = [\"A\", \"#0\"], name_template = \"{3}\" }\naccount_manager = { name = \"N\" }\nresponse = { submitted_at = \"T\", submitted_at_format = \"%Y-%Q\" }")
        .replace("contact = { id = \"Contact\" }", "contact = { id = \"Contact\", role = \"R\", roles = { Boss = \"ceo\" } }");
    let expected = [
        ("cycle", "conflicting_fields"),
        ("account.key[1]", "bad_column_reference"),
        ("account.name_template", "bad_template"),
        ("account_manager", "missing_field"),
        ("contact.roles[\"Boss\"]", "bad_role"),
        ("response.submitted_at_format", "bad_date_format"),
    ];
    assert_eq!(
        fields_and_codes(&invalid(&toml)),
        expected,
        "{}",
        invalid(&toml)
    );
}

#[test]
fn a_dont_know_code_inside_the_scale_is_refused() {
    let toml = MINIMAL.replace("cycle =", "dont_know = [9]\ncycle =");
    let report = invalid(&toml);
    assert_eq!(
        fields_and_codes(&report),
        [("categories[0].performance", "dont_know_in_scale")]
    );

    let fixed = toml.replace(
        "cycle =",
        "dont_know_by_column = { P_comm = [99] }\ncycle =",
    );
    assert_eq!(mapping(&fixed).validate(), Ok(()));
}

#[test]
fn a_mapping_without_categories_is_refused() {
    let toml = r#"
cycle = { constant = "1" }
account = { key = "A" }
contact = { id = "C" }
categories = []
"#;
    assert_eq!(
        fields_and_codes(&invalid(toml)),
        [("categories", "no_categories")]
    );
}

#[test]
fn mapping_errors_come_before_reading_the_file() {
    let toml = MINIMAL.replace("cycle =", "dont_know = [9]\ncycle =");
    let report = gapscope_import::parse(&mapping(&toml), b"").expect_err("invalid mapping");
    assert_eq!(
        fields_and_codes(&report),
        [("categories[0].performance", "dont_know_in_scale")]
    );
}

#[test]
fn blank_constants_keys_and_labels_are_refused() {
    let toml = MINIMAL
        .replace("constant = \"2026-Q1\"", "constant = \"  \"")
        .replace("key = \"communication\"", "key = \"\"")
        .replace("cycle =", "labels = { \" \" = 1 }\ncycle =");
    let expected = [
        ("labels", "empty_value"),
        ("cycle.constant", "empty_value"),
        ("categories[0].key", "empty_value"),
    ];
    assert_eq!(fields_and_codes(&invalid(&toml)), expected);
}
