//! The pick form: codes to 1/0 importance, "no answer" codes, and its two errors.

pub mod common;

use common::{assert_at, import_err, import_ok, only};

const PICK: &str = r#"
cycle = { constant = "2015" }
account = { key = "Acc" }
contact = { id = "Id" }
performance = { scale = { min = 1, max = 5 } }

[importance]
form = "pick"
columns = ["Top1", "Top2", "Top3"]
k = 2
no_answer = [99, "none"]

[[categories]]
key = "a"
performance = "A"
pick_code = 1

[[categories]]
key = "b"
performance = "B"
pick_code = "B"

[[categories]]
key = "c"
performance = "C"
pick_code = 3
"#;

const HEADER: &str = "Acc,Id,A,B,C,Top1,Top2,Top3";

#[test]
fn picks_become_one_and_the_rest_zero() {
    let batch = import_ok(
        PICK,
        HEADER,
        &["x,1,5,4,3,3,B,", "x,2,5,4,3,03,99,3", "x,3,1,2,3,,none,"],
    );
    let importance: Vec<&Vec<Option<i32>>> =
        batch.responses.iter().map(|r| &r.importance).collect();
    assert_eq!(importance[0], &[Some(0), Some(1), Some(1)]);
    // "03" is code 3, and a repeated pick counts once.
    assert_eq!(importance[1], &[Some(0), Some(0), Some(1)]);
    // A respondent who picked nothing has zero everywhere, not null.
    assert_eq!(importance[2], &[Some(0), Some(0), Some(0)]);
}

#[test]
fn a_code_that_names_no_category_is_an_error() {
    let report = import_err(PICK, HEADER, &["x,1,5,4,3,1,7,"]);
    let error = only(&report);
    assert_at(error, Some(2), Some("Top2"), "unknown_pick_code");
    assert_eq!(error.field, "importance.columns[1]");
}

#[test]
fn more_than_k_distinct_picks_is_an_error() {
    let report = import_err(PICK, HEADER, &["x,1,5,4,3,1,1,B", "x,2,5,4,3,1,B,3"]);
    let error = only(&report);
    assert_at(error, Some(3), Some("Top3"), "too_many_picks");
    assert!(error.message.contains("k = 2"), "{error}");
}
