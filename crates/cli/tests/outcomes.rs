//! `gapscope outcomes`: renewal outcomes from a CSV, all or nothing.

use std::process::Command;

fn gapscope(db: &std::path::Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gapscope"))
        .args(args)
        .env("DATABASE_URL", db)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gapscope");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn outcomes_are_recorded_and_bad_rows_are_all_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("g.db");
    let mapping = dir.path().join("m.toml");
    std::fs::write(
        &mapping,
        "cycle = { constant = \"2026-Q1\" }\naccount = { key = \"company\" }\n\
         account_manager = { column = \"am\" }\ncontact = { id = \"email\" }\n\
         [[categories]]\nkey = \"service\"\nperformance = \"perf\"\n",
    )
    .expect("mapping");
    let data = dir.path().join("s.csv");
    std::fs::write(&data, "company,am,email,perf\nAcme,alice,a@acme.test,7\n").expect("csv");
    let path = |p: &std::path::Path| p.to_string_lossy().into_owned();
    let (ok, text) = gapscope(
        &db,
        &[
            "import",
            "--org",
            "acme",
            "--mapping",
            &path(&mapping),
            &path(&data),
        ],
    );
    assert!(ok, "{text}");

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "account,outcome,decided_on\nAcme,maybe,2026-13-01\nNope,renewed,2026-05-01\n",
    )
    .expect("bad");
    let (ok, text) = gapscope(&db, &["outcomes", "--org", "acme", &path(&bad)]);
    assert!(!ok);
    assert!(
        text.contains("line 2, column outcome") && text.contains("line 2, column decided_on"),
        "{text}"
    );

    let unknown = dir.path().join("unknown.csv");
    std::fs::write(
        &unknown,
        "account,outcome,decided_on\nAcme,renewed,2026-05-01\nNope,churned,2026-05-01\n",
    )
    .expect("unknown");
    let (ok, text) = gapscope(&db, &["outcomes", "--org", "acme", &path(&unknown)]);
    assert!(!ok && text.contains("unknown_account"), "{text}");

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "account,outcome,decided_on\nAcme,churned,2026-05-01\n",
    )
    .expect("good");
    let (ok, text) = gapscope(&db, &["outcomes", "--org", "acme", &path(&good)]);
    assert!(ok && text.contains("1 outcome(s) recorded"), "{text}");
}
