//! `gapscope user create` and `gapscope demo`, run as a process against a temporary SQLite file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use gapscope_api::auth::secrets::verify_password;
use gapscope_store::{AuditFilter, Role, Store};

/// Runs the binary with `args` on the database `db`, feeding `stdin`.
fn gapscope(db: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gapscope"))
        .args(args)
        .env("DATABASE_URL", db)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn gapscope");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait for gapscope")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("gapscope.db");
    (dir, path)
}

#[test]
fn user_create_reads_the_password_from_stdin() {
    let (_dir, db) = temp_db();
    let out = gapscope(
        &db,
        &[
            "user",
            "create",
            "--org",
            "acme",
            "--role",
            "admin",
            "--email",
            "Ann@Example.com",
        ],
        "correct horse battery staple\n",
    );
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stdout).contains("created user ann@example.com (admin)"));

    let store = Store::open(db.to_str()).expect("open");
    let user = store
        .user_by_email("ann@example.com")
        .expect("lookup")
        .expect("created");
    assert_eq!(user.role, Role::Admin);
    assert!(user.password_hash.starts_with("$argon2id$"));
    assert!(verify_password(
        "correct horse battery staple",
        &user.password_hash
    ));
    let org = store.organization("acme").expect("org").expect("created");
    let log = store
        .audit_log(org.id, &AuditFilter::default())
        .expect("audit");
    assert_eq!(
        (log[0].action.as_str(), log[0].actor.as_str()),
        ("user.create", "cli")
    );
}

#[test]
fn user_create_refuses_short_and_empty_passwords() {
    let (_dir, db) = temp_db();
    let args = [
        "user",
        "create",
        "--org",
        "acme",
        "--role",
        "analyst",
        "--email",
        "a@example.com",
    ];
    let out = gapscope(&db, &args, "short\n");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("the password must have at least 12 characters"),
        "stderr: {}",
        text(&out.stderr)
    );
    let out = gapscope(&db, &args, "");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("no password on stdin"),
        "stderr: {}",
        text(&out.stderr)
    );
    let store = Store::open(db.to_str()).expect("open");
    assert_eq!(store.user_by_email("a@example.com").expect("lookup"), None);
    assert_eq!(store.organization("acme").expect("org"), None);
}

#[test]
fn user_create_checks_roles_and_generates_passwords() {
    let (_dir, db) = temp_db();
    let out = gapscope(
        &db,
        &[
            "user",
            "create",
            "--org",
            "acme",
            "--role",
            "owner",
            "--email",
            "a@example.com",
        ],
        "",
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("admin, supervisor, account_manager, analyst"));

    let out = gapscope(
        &db,
        &[
            "user",
            "create",
            "--org",
            "acme",
            "--role",
            "account_manager",
            "--email",
            "a@example.com",
        ],
        "",
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("needs --account-manager"));

    let out = gapscope(
        &db,
        &[
            "user",
            "create",
            "--org",
            "acme",
            "--role",
            "supervisor",
            "--team",
            "north",
            "--email",
            "sup@example.com",
            "--generate-password",
        ],
        "",
    );
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let password = stdout
        .lines()
        .find_map(|l| l.strip_prefix("password (shown only now): "))
        .expect("password printed");
    assert_eq!(password.len(), 24);
    let store = Store::open(db.to_str()).expect("open");
    let user = store
        .user_by_email("sup@example.com")
        .expect("lookup")
        .expect("created");
    assert_eq!(user.team.as_deref(), Some("north"));
    assert!(verify_password(password, &user.password_hash));
}

#[test]
fn demo_loads_teams_and_one_user_per_role() {
    let (_dir, db) = temp_db();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let demo = demo.to_str().expect("utf-8 path");
    let out = gapscope(&db, &["demo", "--dir", demo], "");
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("demo overlay"), "{stdout}");
    assert!(stdout.contains("DEMO CREDENTIALS"), "{stdout}");

    let store = Store::open(db.to_str()).expect("open");
    let org = store.organization("demo").expect("org").expect("demo");
    let users = store.users(org.id).expect("users");
    assert_eq!(users.len(), 4);
    for user in &users {
        let password = format!("demo-password-{}", user.role);
        assert!(
            verify_password(&password, &user.password_hash),
            "{}",
            user.email
        );
    }
    let am = store
        .user_by_email("am@demo.test")
        .expect("lookup")
        .expect("am user");
    let district_1 = store
        .account_manager_by_external_id(org.id, "1")
        .expect("lookup")
        .expect("district 1");
    assert_eq!(am.account_manager_id, Some(district_1.id));
    assert_eq!(district_1.team.as_deref(), Some("north"));
    let district_9 = store
        .account_manager_by_external_id(org.id, "9")
        .expect("lookup")
        .expect("district 9");
    assert_eq!(district_9.team.as_deref(), Some("south"));

    // A second run leaves the loaded database alone.
    let again = gapscope(&db, &["demo", "--dir", demo], "");
    assert!(again.status.success());
    assert!(text(&again.stdout).contains("demo data not loaded"));
    assert_eq!(store.users(org.id).expect("users").len(), 4);
}
