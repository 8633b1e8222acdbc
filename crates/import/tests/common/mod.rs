//! Shared fixtures of the integration tests: a rating-form mapping that uses every key, and
//! helpers to run it on a few CSV lines.

use gapscope_import::{Batch, ImportReport, Mapping, RowError, parse};

/// The header of [`FULL_MAPPING`]'s file.
pub const HEADER: &str = "Cycle,Account,Account name,ARR,AM,Team,Contact,Role,Response,Submitted,\
                          Comment,I_comm,P_comm,I_serv,P_serv,LTR";

/// A rating-form mapping that uses every optional column.
pub const FULL_MAPPING: &str = r#"
dont_know = [99]
cycle = { column = "Cycle" }

[account]
key = "Account"
name = "Account name"
annual_value = "ARR"

[account_manager]
column = "AM"
team = "Team"

[contact]
id = "Contact"
role = "Role"
roles = { DM = "decision_maker", Inf = "influencer", U = "user" }

[response]
id = "Response"
submitted_at = "Submitted"
submitted_at_format = "%Y-%m-%d %H:%M"
comment = "Comment"

[importance]
form = "rating"

[[categories]]
key = "communication"
name = "Communication"
importance = "I_comm"
performance = "P_comm"

[[categories]]
key = "service"
importance = "I_serv"
performance = "P_serv"

[[indicators]]
key = "ltr"
name = "Likelihood to recommend"
kind = "ltr"
column = "LTR"
"#;

/// A valid data line of [`FULL_MAPPING`]'s file, with contact and response id `n`.
pub fn good_line(n: usize) -> String {
    format!("2026-Q1,acme,Acme Inc,120000,ann,East,c{n},DM,r{n},2026-03-01 09:30,fine,9,7,8,6,10")
}

/// Parses a TOML mapping, panicking on syntax errors.
pub fn mapping(toml: &str) -> Mapping {
    match Mapping::from_toml(toml) {
        Ok(mapping) => mapping,
        Err(error) => panic!("test mapping does not parse: {error}"),
    }
}

/// Runs `mapping` on the header plus `lines`, expecting success.
pub fn import_ok(mapping_toml: &str, header: &str, lines: &[&str]) -> Batch {
    match run(mapping_toml, header, lines) {
        Ok(batch) => batch,
        Err(report) => panic!("expected a batch, got:\n{report}"),
    }
}

/// Runs `mapping` on the header plus `lines`, expecting a report.
pub fn import_err(mapping_toml: &str, header: &str, lines: &[&str]) -> ImportReport {
    match run(mapping_toml, header, lines) {
        Ok(batch) => panic!(
            "expected errors, got a batch of {} responses",
            batch.responses.len()
        ),
        Err(report) => report,
    }
}

fn run(mapping_toml: &str, header: &str, lines: &[&str]) -> Result<Batch, ImportReport> {
    let mut text = format!("{header}\n");
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    parse(&mapping(mapping_toml), text.as_bytes())
}

/// The one error of the report, which must have exactly one.
pub fn only(report: &ImportReport) -> &RowError {
    assert_eq!(report.errors.len(), 1, "expected one error, got:\n{report}");
    &report.errors[0]
}

/// Asserts an error's row, column and code.
pub fn assert_at(error: &RowError, row: Option<usize>, column: Option<&str>, code: &str) {
    assert_eq!(
        (error.row, error.column.as_deref(), error.code.as_str()),
        (row, column, code),
        "unexpected error: {error}"
    );
}
