//! `gapscope`: serve the API, import survey exports, load the demo data.
//!
//! `DATABASE_URL` selects the database for every command: unset or a file path means SQLite
//! (`gapscope.db` in the working directory by default), `postgres://...` means PostgreSQL.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use gapscope_api::{AppState, Limits};
use gapscope_import::Mapping;
use gapscope_store::{ImportOptions, Store};

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
        /// Organization this server answers for (created when missing).
        #[arg(long, env = "GAPSCOPE_ORG", default_value = "demo")]
        org: String,
        /// Largest accepted request body, in bytes.
        #[arg(long, env = "GAPSCOPE_MAX_BODY_BYTES", default_value_t = Limits::default().max_body_bytes)]
        max_body_bytes: usize,
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
    /// Print the OpenAPI document.
    Openapi,
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
        print!("{}", gapscope_api::spec_json());
        return Ok(());
    }
    let store = Store::open(cli.database_url.as_deref()).map_err(|e| e.to_string())?;
    match cli.command {
        Command::Serve {
            bind,
            org,
            max_body_bytes,
        } => serve(store, &bind, &org, max_body_bytes),
        Command::Import {
            org,
            mapping,
            dry_run,
            data,
        } => import(&store, &org, &mapping, &data, dry_run).map(|_| ()),
        Command::Demo { dir } => demo(&store, &dir),
        Command::Openapi => Ok(()),
    }
}

fn serve(store: Store, bind: &str, org: &str, max_body_bytes: usize) -> Result<(), String> {
    let org = store.ensure_organization(org).map_err(|e| e.to_string())?;
    let state = AppState {
        store: Arc::new(store),
        org_id: org.id,
        limits: Limits { max_body_bytes },
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

    let org = store.ensure_organization(org).map_err(|e| e.to_string())?;
    let file_name = data.file_name().map(|n| n.to_string_lossy().into_owned());
    let summary = store
        .import(org.id, &batch, &ImportOptions { dry_run, file_name })
        .map_err(|e| format!("{}: nothing was written: {e}", data.display()))?;

    let verb = if dry_run { "would import" } else { "imported" };
    println!("{}: {verb}", data.display());
    println!(
        "{}",
        serde_json::to_string_pretty(&summary).unwrap_or_default()
    );
    Ok(())
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
        println!("the database already holds responses; demo data not loaded");
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
    Ok(())
}
