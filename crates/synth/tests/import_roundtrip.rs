//! Each generated batch is exactly what `gapscope-import` makes of the equivalent CSV export, so
//! storage sees synthetic data the way it sees a real import.

use gapscope_import::{Batch, Mapping, MappingFormat, parse};
use gapscope_synth::{Config, generate};

const TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// The mapping of the export [`to_csv`] writes.
fn mapping(batch: &Batch) -> Mapping {
    let mut text = format!(
        r#"
        cycle = {{ column = "Cycle" }}
        account = {{ key = "Account", name = "Company", annual_value = "ARR" }}
        account_manager = {{ column = "AM", name = "AM name", team = "Team" }}
        contact = {{ id = "Contact", role = "Role" }}
        response = {{ id = "ResponseId", submitted_at = "Submitted", submitted_at_format = "{TIME_FORMAT}", comment = "Comment" }}
        importance = {{ form = "rating", scale = {{ min = 1, max = 10 }} }}
        "#
    );
    for category in &batch.categories {
        text += &format!(
            "[[categories]]\nkey = \"{0}\"\nname = \"{1}\"\nimportance = \"I {0}\"\nperformance = \"P {0}\"\n",
            category.key, category.name
        );
    }
    for indicator in &batch.indicators {
        let kind = serde_json::to_value(indicator.kind).expect("kinds serialise");
        text += &format!(
            "[[indicators]]\nkey = \"{0}\"\nname = \"{1}\"\nkind = {kind}\ncolumn = \"{0}\"\nscale = {{ min = {2}, max = {3} }}\n",
            indicator.key, indicator.name, indicator.scale.min, indicator.scale.max
        );
    }
    Mapping::parse(&text, MappingFormat::Toml).expect("the mapping is valid")
}

/// The batch as a survey tool's CSV export.
fn to_csv(batch: &Batch) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "ResponseId",
        "Cycle",
        "Account",
        "Company",
        "ARR",
        "AM",
        "AM name",
        "Team",
        "Contact",
        "Role",
        "Submitted",
        "Comment",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(batch.categories.iter().map(|c| format!("I {}", c.key)));
    header.extend(batch.categories.iter().map(|c| format!("P {}", c.key)));
    header.extend(batch.indicators.iter().map(|i| i.key.clone()));
    writer.write_record(&header).expect("in-memory write");

    let cell = |value: &Option<i32>| value.map(|v| v.to_string()).unwrap_or_default();
    for row in &batch.responses {
        let account = batch
            .accounts
            .iter()
            .find(|a| a.external_id == row.account)
            .expect("the batch defines every account it answers for");
        let am_id = row.account_manager.as_deref().unwrap_or_default();
        let am = batch
            .account_managers
            .iter()
            .find(|m| m.external_id == am_id)
            .expect("the batch defines every AM it names");
        let mut record = vec![
            row.external_id.clone(),
            row.cycle.clone(),
            row.account.clone(),
            account.name.clone(),
            account
                .annual_value
                .map(|v| v.to_string())
                .unwrap_or_default(),
            am.external_id.clone(),
            am.name.clone(),
            am.team.clone().unwrap_or_default(),
            row.contact.clone(),
            row.contact_role.clone(),
            row.submitted_at
                .map(|at| at.format(TIME_FORMAT).to_string())
                .unwrap_or_default(),
            row.comment.clone().unwrap_or_default(),
        ];
        record.extend(row.importance.iter().map(cell));
        record.extend(row.performance.iter().map(cell));
        record.extend(row.indicators.iter().map(cell));
        writer.write_record(&record).expect("in-memory write");
    }
    writer.into_inner().expect("in-memory write")
}

#[test]
fn every_batch_equals_the_import_of_its_csv_export() {
    for seed in [3, 2026] {
        for config in [
            Config {
                seed,
                ..Config::default()
            },
            Config {
                seed,
                cycles: 5,
                account_managers: 3,
                accounts_per_am: 4,
            },
        ] {
            for batch in generate(&config).cycles {
                let imported = parse(&mapping(&batch), &to_csv(&batch));
                assert_eq!(
                    imported.as_ref(),
                    Ok(&batch),
                    "{config:?}, {:?}",
                    batch.cycles
                );
            }
        }
    }
}
