//! The path the API crate takes through one cycle: cells, account units, AM assessment; and the
//! JSON names the views rely on.

use gapscope_domain::account::account_results;
use gapscope_domain::assessment::{Measure, Standing, assess_cycle, cycle_measures};
use gapscope_domain::cells::{CategoryCell, CellSet, ResponseCell};
use gapscope_domain::ipa::{DerivedWeights, category_results};
use gapscope_domain::settings::{CrossHairMode, Settings};
use gapscope_domain::survey::{ImportanceForm, Scale, SurveySpec};

fn survey() -> SurveySpec {
    SurveySpec {
        performance_scale: Scale::new(1, 10),
        importance_form: ImportanceForm::Rating {
            scale: Scale::new(1, 5),
        },
        categories: vec![1],
        indicators: vec![],
    }
}

/// One user response per account: importance 5 (10 on 1-10) and the given performance.
fn account(account: i64, account_manager: i64, performance: i64) -> (CategoryCell, ResponseCell) {
    let category = CategoryCell {
        account,
        account_manager,
        role: "user".into(),
        category: 1,
        importance_n: 1,
        importance_sum: 5,
        performance_n: 1,
        performance_sum: performance,
        top_box_n: i64::from(performance >= 9),
        ..CategoryCell::default()
    };
    let responses = ResponseCell {
        account,
        account_manager,
        role: "user".into(),
        responses: 1,
    };
    (category, responses)
}

fn cycle_cells() -> (Vec<CategoryCell>, Vec<ResponseCell>) {
    // AM 10 holds accounts 1 and 2 (performance 8, 9); AM 20 holds 3 and 4 (4, 5).
    [(1, 10, 8), (2, 10, 9), (3, 20, 4), (4, 20, 5)]
        .into_iter()
        .map(|(a, m, p)| account(a, m, p))
        .unzip()
}

#[test]
fn a_cycle_from_cells_to_standings() {
    let (categories, responses) = cycle_cells();
    let cells = CellSet::new(&categories, &[], &responses);
    let accounts = account_results(
        &cells,
        &survey(),
        &Settings::default(),
        &DerivedWeights::new(),
    );
    assert_eq!(accounts.len(), 4);
    // One category with E = 10: F = 1 - (10 - P) / 9, e.g. 7/9 for P = 8; score = round(100 F).
    let f = accounts[0].f.unwrap();
    assert!((f - 7.0 / 9.0).abs() < 1e-12);
    assert_eq!(accounts[0].score, Some(78));

    let measures = cycle_measures(&accounts, &survey());
    let kinds: Vec<Measure> = measures.iter().map(|m| m.measure).collect();
    let expected = [
        Measure::Category { category: 1 },
        Measure::Iwp,
        Measure::F,
        Measure::Score,
    ];
    assert_eq!(kinds, expected);
    assert_eq!(measures[0].values[&10], vec![8.0, 9.0]);

    // Category 1, AM 10: [8, 9] vs [4, 5]: difference 4, se = sqrt(0.5/2 + 0.5/2) = 0.707107,
    // df = 2 (equal sizes and variances: 2n - 2), t(0.975, 2) = 4.302653:
    // interval = 4 -/+ 3.042435 = [0.957565, 7.042435], above.
    let cycle = assess_cycle(&measures);
    let row = cycle
        .results
        .iter()
        .find(|r| r.account_manager == 10 && r.measure == Measure::Category { category: 1 })
        .unwrap();
    assert_eq!(row.difference, Some(4.0));
    assert_eq!(row.standing, Standing::Above);
    let interval = row.interval.unwrap();
    assert!((interval.low - 0.957_565).abs() < 1e-5, "{interval:?}");
    assert!(row.q_value.is_some());
    // Every row of the cycle with a p-value has a q-value.
    assert!(
        cycle
            .results
            .iter()
            .all(|r| r.p_value.is_some() == r.q_value.is_some())
    );
}

#[test]
fn results_serialise_with_the_documented_snake_case_names() {
    let (categories, responses) = cycle_cells();
    let cells = CellSet::new(&categories, &[], &responses);
    let accounts = account_results(
        &cells,
        &survey(),
        &Settings::default(),
        &DerivedWeights::new(),
    );
    let account = serde_json::to_value(&accounts[0]).unwrap();
    for key in [
        "iwp",
        "iws",
        "f",
        "score",
        "cohort",
        "score_parts",
        "categories",
    ] {
        assert!(account.get(key).is_some(), "account lacks {key}");
    }
    assert_eq!(account["cohort"], "low");
    for key in ["mean_importance", "mean_performance", "gap", "weight"] {
        assert!(
            account["categories"][0].get(key).is_some(),
            "account category lacks {key}"
        );
    }

    let scope = category_results(
        &cells,
        &survey(),
        &DerivedWeights::new(),
        CrossHairMode::DataMean,
    );
    let category = serde_json::to_value(scope.categories[0]).unwrap();
    let keys = [
        "n",
        "mean_importance",
        "mean_performance",
        "top_box_share",
        "bottom_box_share",
        "gap",
        "priority",
        "quadrant",
    ];
    for key in keys {
        assert!(category.get(key).is_some(), "category result lacks {key}");
    }
    assert_eq!(category["quadrant"], "keep_up_the_good_work");
    assert_eq!(
        serde_json::to_value(scope.cross_hair).unwrap()["mode"],
        "data_mean"
    );
}
