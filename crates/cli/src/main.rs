//! `gapscope`: serve the API, import survey exports, load the demo data.
//!
//! `DATABASE_URL` selects the database for every command: unset or a file path means SQLite
//! (`gapscope.db` in the working directory by default), `postgres://...` means PostgreSQL.
//! Writes made here are audited as the actor `cli`.

use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use gapscope_api::auth::AuthConfig;
use gapscope_api::auth::secrets::{hash_password, random_token};
use gapscope_api::{AppState, Limits};
use gapscope_import::{ImportReport, Mapping};
use gapscope_store::{Actor, ImportOptions, NewOutcome, NewUser, Role, Store, StoreError};

/// Prints a line to stdout, ignoring a closed pipe (`gapscope ... | head` must not panic).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Prints to stdout without a newline, ignoring a closed pipe.
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

/// Gapscope: assess account managers from what their customers say.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Database: a SQLite file path (default `gapscope.db`) or a `postgres://` URL.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    database_url: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the REST API.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "GAPSCOPE_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Ignored: every user and token belongs to its own organization. Still accepted so
        /// that old scripts keep working.
        #[arg(long, env = "GAPSCOPE_ORG", hide = true)]
        org: Option<String>,
        /// Largest accepted request body, in bytes.
        #[arg(long, env = "GAPSCOPE_MAX_BODY_BYTES", default_value_t = Limits::default().max_body_bytes)]
        max_body_bytes: usize,
        /// Origins allowed to call the API from a browser (comma-separated); none by default.
        #[arg(long, env = "GAPSCOPE_CORS_ORIGINS", value_delimiter = ',')]
        cors_origins: Vec<String>,
    },
    /// Manage the users who log in to the API.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Import a survey export (CSV) with its mapping file; all or nothing.
    Import {
        /// Organization to import into (created when missing).
        #[arg(long, default_value = "demo")]
        org: String,
        /// Mapping file, TOML or JSON.
        #[arg(long)]
        mapping: PathBuf,
        /// Validate everything and report what would be written, without writing.
        #[arg(long)]
        dry_run: bool,
        /// The survey export.
        data: PathBuf,
    },
    /// Load the shipped demo data into the `demo` organization when the database is empty.
    Demo {
        /// The demo folder of the repository.
        #[arg(long, default_value = "demo")]
        dir: PathBuf,
    },
    /// Record renewal outcomes from a CSV with the columns `account` (external id), `outcome`
    /// (`renewed` or `churned`) and `decided_on` (YYYY-MM-DD); all or nothing.
    Outcomes {
        /// The organization of the accounts.
        #[arg(long, default_value = "demo")]
        org: String,
        /// The CSV file.
        file: PathBuf,
    },
    /// Print the OpenAPI document.
    Openapi,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user. The password is read from stdin (one line), or generated and printed
    /// once with `--generate-password`.
    Create {
        /// The user's organization (created when missing).
        #[arg(long)]
        org: String,
        /// admin, supervisor, account_manager or analyst.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Login name, unique across all organizations (stored lower-cased).
        #[arg(long)]
        email: String,
        /// For `--role account_manager`: the external id of the account manager whose data
        /// the user sees.
        #[arg(long, value_name = "EXTERNAL_ID")]
        account_manager: Option<String>,
        /// For `--role supervisor`: the team the user oversees.
        #[arg(long, value_name = "NAME")]
        team: Option<String>,
        /// Generate a random password and print it once instead of reading stdin.
        #[arg(long)]
        generate_password: bool,
    },
}

/// A role from its name, with the choices in the error.
fn parse_role(s: &str) -> Result<Role, String> {
    s.parse()
        .map_err(|e: gapscope_store::UnknownValue| e.to_string())
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    if let Command::Openapi = cli.command {
        say_raw!("{}", gapscope_api::spec_json());
        return Ok(());
    }
    let store = Store::open(cli.database_url.as_deref()).map_err(|e| e.to_string())?;
    match cli.command {
        Command::Serve {
            bind,
            org,
            max_body_bytes,
            cors_origins,
        } => {
            if let Some(org) = org {
                log::warn!(
                    "--org/GAPSCOPE_ORG `{org}` is ignored: users and tokens carry their own \
                     organization"
                );
            }
            let limits = Limits {
                max_body_bytes,
                cors_origins,
            };
            serve(store, &bind, limits)
        }
        Command::User {
            command:
                UserCommand::Create {
                    org,
                    role,
                    email,
                    account_manager,
                    team,
                    generate_password,
                },
        } => {
            let request = UserRequest {
                org,
                role,
                email,
                account_manager,
                team,
            };
            create_user(&store, &request, generate_password)
        }
        Command::Import {
            org,
            mapping,
            dry_run,
            data,
        } => import(&store, &org, &mapping, &data, dry_run).map(|_| ()),
        Command::Demo { dir } => demo(&store, &dir),
        Command::Outcomes { org, file } => outcomes(&store, &org, &file),
        Command::Openapi => Ok(()),
    }
}

fn serve(store: Store, bind: &str, limits: Limits) -> Result<(), String> {
    let auth = AuthConfig::from_env(|name| std::env::var(name).ok()).map_err(|e| e.to_string())?;
    if auth.dev_mode {
        log::warn!(
            "GAPSCOPE_DEV_MODE: session tokens are signed with a throw-away secret and die \
             with this process; set GAPSCOPE_JWT_SECRET outside development"
        );
    }
    let state = AppState {
        limits,
        ..AppState::new(store, auth)
    };
    actix_web::rt::System::new()
        .block_on(gapscope_api::serve(state, bind))
        .map_err(|e| format!("cannot serve on {bind}: {e}"))
}

fn import(
    store: &Store,
    org: &str,
    mapping: &Path,
    data: &Path,
    dry_run: bool,
) -> Result<(), String> {
    let mapping = read_mapping(mapping)?;
    let bytes = std::fs::read(data).map_err(|e| format!("{}: {e}", data.display()))?;
    let batch = gapscope_import::parse(&mapping, &bytes)
        .map_err(|report| format!("{}: nothing was written\n{report}", data.display()))?;

    // Known gap: even a dry run creates a missing organization (and the database file);
    // the store would need a dry-run path that opens its transaction before the org exists.
    let org = store.ensure_organization(org).map_err(|e| e.to_string())?;
    let file_name = data.file_name().map(|n| n.to_string_lossy().into_owned());
    let summary = store
        .import(
            org.id,
            &batch,
            &ImportOptions {
                dry_run,
                file_name,
                actor: Actor::cli(),
            },
        )
        .map_err(|e| match e {
            // One line per row, like the parse errors above.
            StoreError::Rows(errors) => {
                let report = ImportReport { errors };
                format!("{}: nothing was written\n{report}", data.display())
            }
            e => format!("{}: nothing was written: {e}", data.display()),
        })?;

    let verb = if dry_run { "would import" } else { "imported" };
    say!("{}: {verb}", data.display());
    say!(
        "{}",
        serde_json::to_string_pretty(&summary).unwrap_or_default()
    );
    Ok(())
}

fn outcomes(store: &Store, org: &str, file: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let entries = parse_outcomes(&text).map_err(|errors| {
        format!(
            "{}: nothing was written\n{}",
            file.display(),
            errors.join("\n")
        )
    })?;
    let org = store
        .organization(org)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no organization `{org}`"))?;
    let written = store
        .record_outcomes(org.id, &entries, &Actor::cli())
        .map_err(|e| match e {
            StoreError::Rows(errors) => {
                let report = ImportReport { errors };
                format!("{}: nothing was written\n{report}", file.display())
            }
            e => format!("{}: nothing was written: {e}", file.display()),
        })?;
    say!("{}: {written} outcome(s) recorded", file.display());
    Ok(())
}

/// Every row of an outcomes CSV, or one message per bad row (line numbers count the header).
fn parse_outcomes(text: &str) -> Result<Vec<NewOutcome>, Vec<String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| vec![e.to_string()])?.clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(account), Some(outcome), Some(date)) =
        (column("account"), column("outcome"), column("decided_on"))
    else {
        return Err(vec![
            "the header must name the columns account, outcome and decided_on".into(),
        ]);
    };
    let (mut entries, mut errors) = (Vec::new(), Vec::new());
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let cell = |at: usize| record.get(at).unwrap_or_default().trim();
        let renewed = match cell(outcome) {
            "renewed" => Some(true),
            "churned" => Some(false),
            other => {
                errors.push(format!(
                    "line {line}, column outcome: `{other}` is neither renewed nor churned"
                ));
                None
            }
        };
        let decided_on = chrono::NaiveDate::parse_from_str(cell(date), "%Y-%m-%d")
            .map_err(|_| {
                errors.push(format!(
                    "line {line}, column decided_on: `{}` is no YYYY-MM-DD date",
                    cell(date)
                ))
            })
            .ok();
        if let (Some(renewed), Some(decided_on)) = (renewed, decided_on) {
            entries.push(NewOutcome {
                account_external_id: cell(account).to_owned(),
                renewed,
                decided_on,
            });
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

fn read_mapping(path: &Path) -> Result<Mapping, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let parsed = match path.extension().and_then(|e| e.to_str()) {
        Some("json") => Mapping::from_json(&text),
        _ => Mapping::from_toml(&text),
    };
    parsed.map_err(|e| format!("{}: {e}", path.display()))
}

/// The demo data sets shipped in the repository: (folder, data file, organization).
const DEMOS: &[(&str, &str, &str)] = &[(
    "san-diego-2015",
    "resident_survey_weighted_datasd.csv",
    "demo",
)];

fn demo(store: &Store, dir: &Path) -> Result<(), String> {
    if !store.is_empty().map_err(|e| e.to_string())? {
        say!("the database already holds responses; demo data not loaded");
        return Ok(());
    }
    for (folder, data, org) in DEMOS {
        let folder = dir.join(folder);
        import(
            store,
            org,
            &folder.join("mapping.toml"),
            &folder.join(data),
            false,
        )?;
    }
    demo_teams(store, DEMO_ORG)?;
    demo_users(store, DEMO_ORG, "demo.test", "1")?;
    synthetic_demo(store)
}

/// The organization of the generated multi-cycle demo.
const SYNTHETIC_ORG: &str = "acme-synthetic";

/// Loads the SYNTHETIC multi-cycle organization (see crates/synth: invented data with planted
/// cases) beside the real survey, with its own demo users; its account-manager user is the
/// planted declining AM.
fn synthetic_demo(store: &Store) -> Result<(), String> {
    let synthetic = gapscope_synth::generate(&gapscope_synth::Config::default());
    let org = store
        .ensure_organization(SYNTHETIC_ORG)
        .map_err(|e| e.to_string())?;
    gapscope_synth::load(store, org.id, &synthetic, &Actor::cli()).map_err(|e| e.to_string())?;
    say!(
        "loaded `{SYNTHETIC_ORG}`: SYNTHETIC data ({} cycles, generated, not real), with planted \
         cases such as a declining AM ({}) whose NPS stays high",
        synthetic.cycles.len(),
        synthetic.truth.declining_am
    );
    demo_users(
        store,
        SYNTHETIC_ORG,
        "acme-synthetic.test",
        &synthetic.truth.declining_am,
    )
}

/// The organization of the San Diego demo, which gets the demo teams and users.
const DEMO_ORG: &str = "demo";

/// Puts the demo's account managers (council districts 1-9) into two teams, so supervisors
/// have something to oversee. The survey has no teams: this is a demo overlay, not data.
fn demo_teams(store: &Store, org: &str) -> Result<(), String> {
    let org = store.ensure_organization(org).map_err(|e| e.to_string())?;
    let ams = store.account_managers(org.id).map_err(|e| e.to_string())?;
    for am in &ams {
        let team = match am.external_id.parse::<u32>() {
            Ok(1..=4) => "north",
            Ok(5..=9) => "south",
            _ => continue,
        };
        store
            .set_account_manager_team(org.id, am.id, Some(team), &Actor::cli())
            .map_err(|e| e.to_string())?;
    }
    say!("demo overlay (not in the survey): districts 1-4 are team `north`, 5-9 team `south`");
    Ok(())
}

/// One demo user per role, with fixed, published passwords.
///
/// DEMO CREDENTIALS, FOR LOOPBACK USE ONLY: anyone who has read this file knows them. They
/// are created only together with the demo data, in an empty database.
const DEMO_USERS: &[(&str, Role, Option<&str>)] = &[
    ("admin", Role::Admin, None),
    ("supervisor", Role::Supervisor, Some("north")),
    ("am", Role::AccountManager, None),
    ("analyst", Role::Analyst, None),
];

/// Creates [`DEMO_USERS`] in `org` as `<name>@<domain>`, the account-manager user linked to
/// the AM `account_manager`, and prints how to log in.
fn demo_users(store: &Store, org: &str, domain: &str, account_manager: &str) -> Result<(), String> {
    let mut lines = Vec::new();
    for (name, role, team) in DEMO_USERS {
        let password = format!("demo-password-{role}");
        let email = format!("{name}@{domain}");
        let request = UserRequest {
            org: org.to_owned(),
            role: *role,
            email: email.clone(),
            account_manager: (*role == Role::AccountManager).then(|| account_manager.to_owned()),
            team: team.map(str::to_owned),
        };
        insert_user(store, &request, &password)?;
        lines.push(format!("  {email:<31} {password:<30} {role}"));
    }
    say!("log in to `{org}` with (DEMO CREDENTIALS, for loopback use only; never expose them):");
    for line in lines {
        say!("{line}");
    }
    Ok(())
}

/// What `user create` was asked for.
struct UserRequest {
    org: String,
    role: Role,
    email: String,
    account_manager: Option<String>,
    team: Option<String>,
}

/// `gapscope user create`: checks the arguments, takes the password, creates the user.
fn create_user(store: &Store, request: &UserRequest, generate: bool) -> Result<(), String> {
    match (request.role, &request.account_manager) {
        (Role::AccountManager, None) => {
            return Err("--role account_manager needs --account-manager EXTERNAL_ID".into());
        }
        (Role::AccountManager, Some(_)) | (_, None) => {}
        (role, Some(_)) => {
            return Err(format!(
                "--account-manager is only for --role account_manager, not {role}"
            ));
        }
    }
    let password = if generate {
        // 18 random bytes: 24 URL-safe characters, 144 bits.
        random_token(18).map_err(|e| e.to_string())?
    } else {
        read_password()?
    };
    let user = insert_user(store, request, &password)?;
    say!(
        "created user {} ({}) in organization `{}`, id {}",
        user.email,
        user.role,
        request.org.trim(),
        user.id
    );
    if generate {
        say!("password (shown only now): {password}");
    }
    Ok(())
}

/// Hashes `password` and creates the user, creating the organization when missing (but not
/// when the user must link to an account manager, who cannot exist in a new organization).
fn insert_user(
    store: &Store,
    request: &UserRequest,
    password: &str,
) -> Result<gapscope_store::User, String> {
    let password_hash = hash_password(password).map_err(|e| e.to_string())?;
    let org = match (&request.account_manager, store.organization(&request.org)) {
        (_, Ok(Some(org))) => org,
        (Some(_), Ok(None)) => {
            return Err(format!(
                "organization `{}` does not exist, so it has no account managers",
                request.org.trim()
            ));
        }
        (None, Ok(None)) => store
            .ensure_organization(&request.org)
            .map_err(|e| e.to_string())?,
        (_, Err(e)) => return Err(e.to_string()),
    };
    let account_manager_id = match &request.account_manager {
        None => None,
        Some(external_id) => Some(
            store
                .account_manager_by_external_id(org.id, external_id)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| {
                    format!(
                        "organization `{}` has no account manager with external id `{}`",
                        org.name,
                        external_id.trim()
                    )
                })?
                .id,
        ),
    };
    let new = NewUser {
        org_id: org.id,
        email: request.email.clone(),
        password_hash,
        role: request.role,
        account_manager_id,
        team: request.team.clone(),
    };
    store
        .create_user(&new, &Actor::cli())
        .map_err(|e| e.to_string())
}

/// One line of stdin, without its line ending; an empty one is refused.
fn read_password() -> Result<String, String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        // No hidden input without another dependency: say so rather than surprise.
        eprintln!("password (one line; it is shown as you type, so prefer piping it in):");
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from stdin: {e}"))?;
    let password = line.trim_end_matches(['\n', '\r']);
    if password.is_empty() {
        return Err(
            "no password on stdin: pipe one line (e.g. `printf '%s\\n' \"$PASSWORD\" | \
             gapscope user create ...`) or pass --generate-password"
                .into(),
        );
    }
    Ok(password.to_owned())
}
