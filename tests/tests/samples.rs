//! Every real survey-tool export sample imports into a database with its fixture mapping, on
//! both backends (the import crate's own tests only parse them).

use gapscope_e2e::{Backend, TestApp, both_backends, repo_root};
use gapscope_store::{Actor, ImportOptions};

/// (sample file, responses it holds, counted independently when the fixtures were written).
const SAMPLES: &[(&str, usize)] = &[
    ("googleforms_pkm_bima_redacted", 12),
    ("qualtrics_sample_3header", 1),
    ("qualtrics_sample_legacy_2header", 1),
    ("surveymonkey_starwars_2header", 1186),
    ("surveymonkey_steak_risk_2header", 550),
];

fn import_all(backend: Backend) {
    let app = TestApp::new(backend);
    let data = repo_root().join("../shared/data/survey-tool-export-samples");
    for (i, (name, responses)) in SAMPLES.iter().enumerate() {
        let mapping_path = repo_root().join(format!("tests/fixtures/samples/{name}.toml"));
        let text = std::fs::read_to_string(&mapping_path).expect("read the mapping");
        let mapping = gapscope_import::Mapping::from_toml(&text).expect("a valid mapping");
        let bytes = std::fs::read(data.join(format!("{name}.csv"))).expect("the shared sample");
        let batch =
            gapscope_import::parse(&mapping, &bytes).unwrap_or_else(|r| panic!("{name}: {r}"));

        let org = app
            .state
            .store
            .ensure_organization(&format!("samples-{i}"))
            .expect("org");
        let opts = ImportOptions {
            dry_run: false,
            file_name: None,
            actor: Actor::cli(),
        };
        let summary = app
            .state
            .store
            .import(org.id, &batch, &opts)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(summary.responses_inserted, *responses, "{name}");
    }
}

both_backends!(every_export_sample_imports, |backend| {
    import_all(backend);
});
