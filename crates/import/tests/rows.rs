//! Data rows: values, nulls and every row-level error, each checked for its line, column and code.

pub mod common;

use chrono::NaiveDate;
use common::{FULL_MAPPING, HEADER, assert_at, good_line, import_err, import_ok, only};
use gapscope_domain::survey::{ImportanceForm, Scale};

#[test]
fn a_full_row_becomes_a_response() {
    let line = good_line(1);
    let batch = import_ok(FULL_MAPPING, HEADER, &[&line]);
    assert_eq!(
        batch.importance_form,
        ImportanceForm::Rating {
            scale: Scale { min: 1, max: 10 }
        }
    );
    assert_eq!(batch.indicators[0].scale, Scale { min: 0, max: 10 });
    assert_eq!(batch.categories[1].name, "service");
    assert_eq!(batch.cycles, ["2026-Q1"]);
    assert_eq!(batch.accounts[0].name, "Acme Inc");
    assert_eq!(batch.accounts[0].annual_value, Some(120000.0));
    assert_eq!(batch.account_managers[0].team.as_deref(), Some("East"));

    let r = &batch.responses[0];
    assert_eq!(
        (r.row, r.external_id.as_str(), r.contact.as_str()),
        (2, "r1", "c1")
    );
    assert_eq!(r.contact_role, "decision_maker");
    let at = NaiveDate::from_ymd_opt(2026, 3, 1).and_then(|d| d.and_hms_opt(9, 30, 0));
    assert_eq!(r.submitted_at, at);
    assert_eq!(r.importance, [Some(9), Some(8)]);
    assert_eq!(r.performance, [Some(7), Some(6)]);
    assert_eq!(r.indicators, [Some(10)]);
    assert_eq!(r.comment.as_deref(), Some("fine"));
}

#[test]
fn blank_and_dont_know_cells_are_null_and_ltr_zero_is_a_rating() {
    let line = "2026-Q1,acme,,,ann,,c1,,r1,,, ,99,,7,0";
    let batch = import_ok(FULL_MAPPING, HEADER, &[line]);
    let r = &batch.responses[0];
    assert_eq!(r.importance, [None, None]);
    assert_eq!(r.performance, [None, Some(7)]);
    assert_eq!(r.indicators, [Some(0)]);
    assert_eq!((r.submitted_at, r.comment.as_deref()), (None, None));
    assert_eq!(r.contact_role, "unspecified");
    assert_eq!(batch.accounts[0].name, "acme");
    assert_eq!(batch.accounts[0].annual_value, None);
}

#[test]
fn unmapped_role_values_are_unspecified_and_role_keys_pass_through() {
    let a = good_line(1).replace(",DM,", ",Boss,");
    let b = good_line(2).replace(",DM,", ",user,");
    let batch = import_ok(FULL_MAPPING, HEADER, &[&a, &b]);
    assert_eq!(batch.responses[0].contact_role, "unspecified");
    assert_eq!(batch.responses[1].contact_role, "user");
}

#[test]
fn a_non_integer_rating_is_an_error() {
    let line = good_line(1).replace(",9,7,8,6,", ",9,seven,8,6,");
    let report = import_err(FULL_MAPPING, HEADER, &[&line]);
    let error = only(&report);
    assert_at(error, Some(2), Some("P_comm"), "not_an_integer");
    assert_eq!(error.field, "categories[0].performance");
    assert!(
        error.message.contains("\"seven\" is not an integer"),
        "{error}"
    );
}

#[test]
fn a_decimal_rating_is_not_an_integer() {
    let line = good_line(1).replace(",9,7,8,6,", ",9,7.0,8,6,");
    let report = import_err(FULL_MAPPING, HEADER, &[&line]);
    assert_at(only(&report), Some(2), Some("P_comm"), "not_an_integer");
}

#[test]
fn a_rating_outside_its_scale_is_an_error() {
    let performance = good_line(1).replace(",9,7,8,6,", ",9,11,8,6,");
    let report = import_err(FULL_MAPPING, HEADER, &[&performance]);
    let error = only(&report);
    assert_at(error, Some(2), Some("P_comm"), "out_of_scale");
    assert!(
        error.message.contains("11 is outside the scale 1-10"),
        "{error}"
    );
    assert!(
        error.message.contains("\"don't know\" code (99)"),
        "{error}"
    );

    let importance = good_line(1).replace(",9,7,8,6,", ",0,7,8,6,");
    let report = import_err(FULL_MAPPING, HEADER, &[&importance]);
    assert_at(only(&report), Some(2), Some("I_comm"), "out_of_scale");

    let ltr = good_line(1).replace(",6,10", ",6,-1");
    let report = import_err(FULL_MAPPING, HEADER, &[&ltr]);
    assert_at(only(&report), Some(2), Some("LTR"), "out_of_scale");
    assert_eq!(report.errors[0].field, "indicators[0].column");
}

#[test]
fn missing_keys_are_errors() {
    let cases = [
        (
            good_line(1).replace("acme,Acme Inc", ",Acme Inc"),
            "Account",
            "missing_account_key",
        ),
        (
            good_line(1).replace(",c1,", ",,"),
            "Contact",
            "missing_contact_id",
        ),
        (
            good_line(1).replace(",ann,", ", ,"),
            "AM",
            "missing_account_manager",
        ),
        (
            good_line(1).replace("2026-Q1,", ","),
            "Cycle",
            "missing_cycle",
        ),
        (
            good_line(1).replace(",r1,", ",,"),
            "Response",
            "missing_response_id",
        ),
    ];
    for (line, column, code) in cases {
        let report = import_err(FULL_MAPPING, HEADER, &[&good_line(7), &line]);
        assert_at(only(&report), Some(3), Some(column), code);
    }
}

#[test]
fn a_bad_submission_time_or_annual_value_is_an_error() {
    let time = good_line(1).replace("2026-03-01 09:30", "01/03/2026");
    let report = import_err(FULL_MAPPING, HEADER, &[&time]);
    assert_at(only(&report), Some(2), Some("Submitted"), "bad_datetime");

    let value = good_line(1).replace(",120000,", ",12k,");
    let report = import_err(FULL_MAPPING, HEADER, &[&value]);
    assert_at(only(&report), Some(2), Some("ARR"), "bad_number");

    let negative = good_line(1).replace(",120000,", ",-5,");
    let report = import_err(FULL_MAPPING, HEADER, &[&negative]);
    assert_at(only(&report), Some(2), Some("ARR"), "bad_number");
}

#[test]
fn a_duplicate_response_id_is_an_error() {
    let second = good_line(2).replace(",r2,", ",r1,");
    let report = import_err(FULL_MAPPING, HEADER, &[&good_line(1), &second]);
    let error = only(&report);
    assert_at(error, Some(3), Some("Response"), "duplicate_response_id");
    assert!(error.message.contains("already used on line 2"), "{error}");
}

#[test]
fn a_contact_answering_twice_in_a_cycle_is_an_error() {
    let again = good_line(1).replace(",r1,", ",r2,");
    let report = import_err(
        FULL_MAPPING,
        HEADER,
        &[&good_line(1), &good_line(5), &again],
    );
    let error = only(&report);
    assert_at(
        error,
        Some(4),
        Some("Contact"),
        "duplicate_contact_in_cycle",
    );
    assert!(error.message.contains("on line 2"), "{error}");
}

#[test]
fn without_a_response_id_column_a_repeat_is_reported_once() {
    let mapping = FULL_MAPPING.replace("id = \"Response\"\n", "");
    let report = import_err(&mapping, HEADER, &[&good_line(1), &good_line(1)]);
    assert_at(
        only(&report),
        Some(3),
        Some("Contact"),
        "duplicate_contact_in_cycle",
    );
}

#[test]
fn the_same_contact_in_another_cycle_is_fine_and_ids_default_to_cycle_slash_contact() {
    let mapping = FULL_MAPPING.replace("id = \"Response\"\n", "");
    let later = good_line(1).replace("2026-Q1", "2026-Q2");
    let batch = import_ok(&mapping, HEADER, &[&good_line(1), &later]);
    assert_eq!(batch.cycles, ["2026-Q1", "2026-Q2"]);
    let ids: Vec<&str> = batch
        .responses
        .iter()
        .map(|r| r.external_id.as_str())
        .collect();
    assert_eq!(ids, ["2026-Q1/c1", "2026-Q2/c1"]);
}

#[test]
fn a_contact_under_two_accounts_is_an_error() {
    let moved = good_line(1)
        .replace("acme,Acme Inc", "globex,Globex")
        .replace("2026-Q1", "2026-Q2")
        .replace(",r1,", ",r2,");
    let report = import_err(FULL_MAPPING, HEADER, &[&good_line(1), &moved]);
    let error = only(&report);
    assert_at(error, Some(3), Some("Contact"), "contact_in_two_accounts");
    assert!(error.message.contains("\"acme\" on line 2"), "{error}");
}

#[test]
fn an_account_under_two_account_managers_is_allowed() {
    let other_am = good_line(2).replace(",ann,East,", ",bob,West,");
    let batch = import_ok(FULL_MAPPING, HEADER, &[&good_line(1), &other_am]);
    assert_eq!(batch.accounts.len(), 1);
    let ams: Vec<&str> = batch
        .account_managers
        .iter()
        .map(|a| a.external_id.as_str())
        .collect();
    assert_eq!(ams, ["ann", "bob"]);
    assert_eq!(batch.responses[1].account_manager.as_deref(), Some("bob"));
}

#[test]
fn a_ragged_row_is_an_error_naming_its_line() {
    let short = "2026-Q1,acme,Acme Inc";
    let long = format!("{},extra", good_line(3));
    let report = import_err(FULL_MAPPING, HEADER, &[&good_line(1), short, &long]);
    assert_eq!(report.errors.len(), 2, "{report}");
    assert_at(&report.errors[0], Some(3), None, "ragged_row");
    assert!(
        report.errors[0]
            .message
            .contains("3 columns, the header has 16")
    );
    assert_at(&report.errors[1], Some(4), None, "ragged_row");
}

#[test]
fn every_error_of_every_row_is_reported_in_file_order() {
    let a = good_line(1).replace(",9,7,8,6,10", ",x,7,8,66,10");
    let b = good_line(2).replace(",c2,", ",,").replace(",6,10", ",6,12");
    let report = import_err(FULL_MAPPING, HEADER, &[&a, &good_line(3), &b]);
    let found: Vec<(Option<usize>, &str, &str)> = (report.errors.iter())
        .map(|e| (e.row, e.column.as_deref().unwrap_or(""), e.code.as_str()))
        .collect();
    let expected = [
        (Some(2), "I_comm", "not_an_integer"),
        (Some(2), "P_serv", "out_of_scale"),
        (Some(4), "Contact", "missing_contact_id"),
        (Some(4), "LTR", "out_of_scale"),
    ];
    assert_eq!(found, expected, "{report}");
}

#[test]
fn the_report_prints_one_error_per_line() {
    let a = good_line(1).replace(",9,7,8,6,10", ",x,7,8,66,10");
    let report = import_err(FULL_MAPPING, HEADER, &[&a]);
    let text = report.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0],
        "line 2, column \"I_comm\", categories[0].importance: \"x\" is not an integer; \
         map answer texts to numbers with `labels` [not_an_integer]"
    );
}

#[test]
fn the_report_is_capped() {
    let bad = good_line(1).replace(",9,7,8,6,10", ",x,x,x,x,x");
    let lines: Vec<String> = (0..400)
        .map(|n| {
            bad.replace(",c1,", &format!(",c{n},"))
                .replace(",r1,", &format!(",r{n},"))
        })
        .collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let report = import_err(FULL_MAPPING, HEADER, &refs);
    assert_eq!(report.errors.len(), gapscope_import::MAX_ERRORS + 1);
    let last = &report.errors[gapscope_import::MAX_ERRORS];
    assert_eq!(last.code, "too_many_errors");
    assert!(
        last.message.starts_with("and 1000 more errors"),
        "{}",
        last.message
    );
}

#[test]
fn all_blank_rows_are_skipped() {
    let batch = import_ok(
        FULL_MAPPING,
        HEADER,
        &[&good_line(1), ",,,,,,,,,,,,,,,", "", &good_line(2)],
    );
    assert_eq!(batch.responses.len(), 2);
    assert_eq!(batch.responses[1].row, 5);
}

#[test]
fn names_come_from_templates_or_later_name_cells() {
    let mapping = FULL_MAPPING
        .replace(
            "name = \"Account name\"\n",
            "name_template = \"Account {id}\"\n",
        )
        .replace("team = \"Team\"\n", "team = \"Team\"\nname = \"Team\"\n");
    let first = good_line(1).replace(",East,", ",,");
    let batch = import_ok(&mapping, HEADER, &[&first, &good_line(2)]);
    assert_eq!(batch.accounts[0].name, "Account acme");
    assert_eq!(batch.account_managers[0].name, "East");
    assert_eq!(batch.account_managers[0].team.as_deref(), Some("East"));
}

#[test]
fn a_constant_account_manager_and_multi_column_account_keys() {
    let mapping = FULL_MAPPING
        .replace("key = \"Account\"", "key = [\"Account\", \"Team\"]")
        .replace(
            "column = \"AM\"\nteam = \"Team\"",
            "constant = \"Jane\"\nname_template = \"AM {id}\"",
        );
    let batch = import_ok(&mapping, HEADER, &[&good_line(1)]);
    assert_eq!(batch.accounts[0].external_id, "acme/East");
    assert_eq!(batch.account_managers[0].external_id, "Jane");
    assert_eq!(batch.account_managers[0].name, "AM Jane");
    assert_eq!(batch.responses[0].account_manager.as_deref(), Some("Jane"));
}

#[test]
fn without_an_account_manager_section_responses_have_none() {
    let mapping = FULL_MAPPING.replace("[account_manager]\ncolumn = \"AM\"\nteam = \"Team\"\n", "");
    let batch = import_ok(&mapping, HEADER, &[&good_line(1)]);
    assert!(batch.account_managers.is_empty());
    assert_eq!(batch.responses[0].account_manager, None);
}

#[test]
fn labels_and_per_column_dont_know_codes() {
    let mapping = FULL_MAPPING.replace(
        "dont_know = [99]\n",
        "dont_know = [99]\nlabels = { \"Great\" = 10, \"N/A\" = 98 }\n\
         dont_know_by_column = { \"#16\" = [11, \"n/a\"], P_serv = [\"N/A\"] }\n",
    );
    let line = good_line(1).replace(",9,7,8,6,10", ",Great,99,8,N/A,n/a");
    let batch = import_ok(&mapping, HEADER, &[&line]);
    let r = &batch.responses[0];
    assert_eq!((r.importance[0], r.performance[0]), (Some(10), None));
    assert_eq!((r.performance[1], r.indicators[0]), (None, None));

    // 99 is "don't know" everywhere but in LTR, whose own list replaces the global one.
    let ltr = good_line(1).replace(",6,10", ",6,99");
    let report = import_err(&mapping, HEADER, &[&ltr]);
    assert_at(only(&report), Some(2), Some("LTR"), "out_of_scale");
}

#[test]
fn columns_by_position_and_a_names_row_below_the_first_header_row() {
    let mapping = r##"
header_rows = 3
names_row = 2
cycle = { constant = "2026-Q1" }
account = { key = "#1" }
contact = { id = "Who" }
[[categories]]
key = "speed"
performance = "#3"
"##;
    let header = "Account,Contact,Speed\n,Who,Speed?\n(ignored),x,y";
    let batch = import_ok(mapping, header, &["acme,c1,4", "acme,c2,5"]);
    assert_eq!(batch.responses[0].row, 4);
    assert_eq!(batch.responses[1].performance, [Some(5)]);

    let report = import_err(mapping, header, &["acme,c1,4", "acme,c2,abc"]);
    assert_at(only(&report), Some(5), Some("Speed?"), "not_an_integer");
}

#[test]
fn header_rows_zero_reads_every_row_as_data() {
    let mapping = r##"
header_rows = 0
cycle = { constant = "1" }
account = { key = "#1" }
contact = { id = "#2" }
[[categories]]
key = "speed"
performance = "#3"
"##;
    let batch = import_ok(mapping, "acme,c0,1", &["acme,c1,2"]);
    assert_eq!(batch.responses.len(), 2);
    assert_eq!(batch.responses[0].row, 1);
    let report = import_err(mapping, "acme,c0,1", &["acme,c1,x"]);
    assert_at(only(&report), Some(2), Some("#3"), "not_an_integer");
}
