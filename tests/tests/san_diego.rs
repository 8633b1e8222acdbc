//! The shipped San Diego 2015 survey, end to end: import, storage, API, on both backends.
//!
//! Expected values are computed here straight from the CSV by a separate, simple path (no
//! mapping, no aggregates), so a bug in the import, the aggregates or the domain math shows.

use std::collections::{BTreeMap, HashSet};

use gapscope_e2e::{TestApp, both_backends, demo_dir};
use serde_json::Value;

/// Per category (Q3_1..Q3_15): answers 1-5, top-box (4-5), bottom-box (1-2), picks in Q4_*.
#[derive(Default, Debug)]
struct Expected {
    n: u32,
    top: u32,
    bottom: u32,
    sum: u32,
    picks: u32,
}

fn expected_from_csv(district: Option<&str>) -> (u32, Vec<Expected>) {
    let path = demo_dir().join("resident_survey_weighted_datasd.csv");
    let mut reader = csv::Reader::from_path(path).expect("open the demo CSV");
    let headers = reader.headers().expect("header row").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let mut respondents = 0;
    let mut per: Vec<Expected> = (0..15).map(|_| Expected::default()).collect();
    for record in reader.records() {
        let record = record.expect("a CSV record");
        if district.is_some_and(|d| &record[col("Q28")] != d) {
            continue;
        }
        respondents += 1;
        let picks: HashSet<&str> = (1..=4).map(|i| &record[col(&format!("Q4_{i}"))]).collect();
        for (k, e) in per.iter_mut().enumerate() {
            let value = &record[col(&format!("Q3_{}", k + 1))];
            if let Ok(v @ 1..=5) = value.parse::<u32>() {
                e.n += 1;
                e.sum += v;
                e.top += u32::from(v >= 4);
                e.bottom += u32::from(v <= 2);
            }
            e.picks += u32::from(picks.contains((k + 1).to_string().as_str()));
        }
    }
    (respondents, per)
}

fn close(actual: &Value, expected: f64, what: &str) {
    let actual = actual
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: not a number: {actual}"));
    assert!(
        (actual - expected).abs() < 1e-9,
        "{what}: {actual} != {expected}"
    );
}

fn check_categories(body: &Value, respondents: u32, expected: &[Expected]) {
    let rows = body["categories"].as_array().expect("categories array");
    assert_eq!(rows.len(), 15, "one row per Q3 category");
    for (k, (row, e)) in rows.iter().zip(expected).enumerate() {
        let what = format!("Q3_{}", k + 1);
        assert_eq!(row["n"], u64::from(e.n), "{what} n");
        close(
            &row["top_box_share"],
            f64::from(e.top) / f64::from(e.n),
            &format!("{what} top box"),
        );
        close(
            &row["bottom_box_share"],
            f64::from(e.bottom) / f64::from(e.n),
            &format!("{what} bottom"),
        );
        close(
            &row["mean_performance"],
            f64::from(e.sum) / f64::from(e.n),
            &format!("{what} mean"),
        );
        let share = f64::from(e.picks) / f64::from(respondents);
        close(
            &row["mean_importance"],
            share,
            &format!("{what} pick share"),
        );
        close(
            &row["gap"],
            5.0 - f64::from(e.sum) / f64::from(e.n),
            &format!("{what} gap"),
        );
        let priority = share * (1.0 - f64::from(e.top) / f64::from(e.n));
        close(&row["priority"], priority, &format!("{what} priority"));
    }
}

both_backends!(organization_category_results_match_the_csv, |backend| {
    let app = TestApp::with_demo(backend);
    let (status, body) = app.get("/api/v1/category-results").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["cycle"], "2015");

    let (respondents, expected) = expected_from_csv(None);
    assert_eq!(respondents, 2477);
    check_categories(&body, respondents, &expected);
});

both_backends!(a_districts_book_matches_the_csv, |backend| {
    let app = TestApp::with_demo(backend);
    let (_, ams) = app.get("/api/v1/account-managers").await;
    let ams = ams["items"].as_array().expect("AM list");
    assert_eq!(ams.len(), 9, "nine council districts");
    let district = ams
        .iter()
        .find(|am| am["external_id"] == "3")
        .expect("district 3");

    let uri = format!(
        "/api/v1/category-results?account_manager={}",
        district["id"]
    );
    let (status, body) = app.get(&uri).await;
    assert_eq!(status, 200, "{body}");
    let (respondents, expected) = expected_from_csv(Some("3"));
    assert_eq!(respondents, 281);
    assert_eq!(district["responses"], 281);
    check_categories(&body, respondents, &expected);
});

both_backends!(every_account_is_a_zip_within_one_district, |backend| {
    let app = TestApp::with_demo(backend);
    let (status, accounts) = app.get("/api/v1/accounts").await;
    assert_eq!(status, 200, "{accounts}");
    let accounts = accounts["items"].as_array().expect("account list");

    let path = demo_dir().join("resident_survey_weighted_datasd.csv");
    let mut reader = csv::Reader::from_path(path).expect("open the demo CSV");
    let headers = reader.headers().expect("header row").clone();
    let district_col = headers.iter().position(|h| h == "Q28").expect("Q28");
    let zip_col = headers.iter().position(|h| h == "ZIP").expect("ZIP");
    let mut per_unit: BTreeMap<(String, String), u32> = BTreeMap::new();
    for record in reader.records() {
        let record = record.expect("a CSV record");
        let key = (record[district_col].to_owned(), record[zip_col].to_owned());
        *per_unit.entry(key).or_default() += 1;
    }
    assert_eq!(accounts.len(), per_unit.len());
    for account in accounts {
        let total: u64 = account["responses"].as_u64().expect("responses");
        let key = account["external_id"].as_str().expect("external id");
        let (district, zip) = key.split_once('/').expect("district/zip key");
        assert_eq!(
            total,
            u64::from(per_unit[&(district.to_owned(), zip.to_owned())]),
            "{key}"
        );
    }
});
