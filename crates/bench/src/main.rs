//! `gapscope-bench`: Gapscope's speed and memory checks (`make bench`).
//!
//! Generates a scaled-up SYNTHETIC organization (`gapscope-synth`), imports it cycle by cycle
//! into a fresh database of each chosen backend, times the API in-process as an admin, re-imports
//! an unchanged cycle, reads the peak resident memory, prints a table and exits non-zero
//! naming every number that missed its target (`targets`). See the crate's README.md.

mod db;
mod measure;
mod report;
mod run;
mod targets;

use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, ValueEnum};
use gapscope_store::Backend;

use crate::report::backend_name;

/// Account managers in the benchmark organization.
const ACCOUNT_MANAGERS: usize = 40;
/// Accounts per account manager at `--scale 1`; `--scale` multiplies it.
const ACCOUNTS_PER_AM: usize = 50;
/// Survey cycles: a year of quarters, which the planted cases need at least.
const CYCLES: usize = 4;
/// The synthetic data's seed; fixed, so every run measures the same data.
const SEED: u64 = 2026;

/// Gapscope's speed and memory checks over a scaled-up SYNTHETIC organization.
#[derive(Debug, Parser)]
#[command(name = "gapscope-bench", version)]
struct Args {
    /// Which database(s) to measure.
    #[arg(long, value_enum, default_value_t = Which::Sqlite)]
    backend: Which,
    /// Multiplies the accounts per account manager (50 at scale 1: about 24,000 responses);
    /// time and memory targets grow by the same factor.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    scale: u32,
    /// Maintenance database of the PostgreSQL server (no query string); the benchmark creates
    /// `gapscope_bench_<random>` there and drops it at the end.
    #[arg(
        long,
        env = "GAPSCOPE_BENCH_PG_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    pg_url: String,
}

/// The `--backend` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Which {
    Sqlite,
    Postgres,
    Both,
}

impl Which {
    fn backends(self) -> &'static [Backend] {
        match self {
            Which::Sqlite => &[Backend::Sqlite],
            Which::Postgres => &[Backend::Postgres],
            Which::Both => &[Backend::Sqlite, Backend::Postgres],
        }
    }
}

/// The API reads that are timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// Category results of the latest cycle.
    CategoryResults,
    /// Every AM's book in the latest cycle.
    AccountManagers,
    /// One AM's assessment (`am-01`).
    Assessment,
    /// Every account of the latest cycle.
    Accounts,
    /// The first page of alerts.
    Alerts,
    /// Risk cohorts across all cycles.
    CohortMigration,
}

impl Endpoint {
    /// Every timed endpoint, in table order.
    pub const ALL: [Endpoint; 6] = [
        Endpoint::CategoryResults,
        Endpoint::AccountManagers,
        Endpoint::Assessment,
        Endpoint::Accounts,
        Endpoint::Alerts,
        Endpoint::CohortMigration,
    ];

    /// The request path, with `am_id` as the assessed account manager.
    pub fn uri(self, am_id: i64) -> String {
        match self {
            Endpoint::Assessment => format!("/api/v1/account-managers/{am_id}/assessment"),
            other => other.label().to_owned(),
        }
    }

    /// The path as the table shows it.
    pub fn label(self) -> &'static str {
        match self {
            Endpoint::CategoryResults => "/api/v1/category-results",
            Endpoint::AccountManagers => "/api/v1/account-managers",
            Endpoint::Assessment => "/api/v1/account-managers/{id}/assessment",
            Endpoint::Accounts => "/api/v1/accounts",
            Endpoint::Alerts => "/api/v1/alerts?limit=50",
            Endpoint::CohortMigration => "/api/v1/cohort-migration",
        }
    }
}

/// Progress lines on stderr, with the time since the start.
pub struct Progress(Instant);

impl Progress {
    /// Prints `message` for `backend`.
    pub fn say(&self, backend: Backend, message: &str) {
        let secs = self.0.elapsed().as_secs_f64();
        eprintln!("[{secs:6.1} s] {}: {message}", backend_name(backend));
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match bench(&args) {
        Ok(missed) if missed.is_empty() => {
            println!("\nevery target met");
            ExitCode::SUCCESS
        }
        Ok(missed) => {
            eprintln!("\n{} target(s) missed:", missed.len());
            missed.iter().for_each(|m| eprintln!("  {m}"));
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("gapscope-bench: {e}");
            ExitCode::from(2)
        }
    }
}

/// Runs every chosen backend, prints the table, returns the missed targets.
fn bench(args: &Args) -> Result<Vec<String>, String> {
    if args.pg_url.contains('?') {
        return Err("--pg-url must not have a query string".into());
    }
    let progress = Progress(Instant::now());
    let config = gapscope_synth::Config {
        seed: SEED,
        cycles: CYCLES,
        account_managers: ACCOUNT_MANAGERS,
        accounts_per_am: ACCOUNTS_PER_AM * args.scale as usize,
    };
    let start = Instant::now();
    let synthetic = gapscope_synth::generate(&config);
    let responses: usize = synthetic.cycles.iter().map(|b| b.responses.len()).sum();
    eprintln!(
        "generated {responses} SYNTHETIC responses ({} AMs x {} accounts x {} cycles, scale {}) \
         in {:.1} s",
        config.account_managers,
        config.accounts_per_am,
        config.cycles,
        args.scale,
        start.elapsed().as_secs_f64()
    );

    let mut rows = Vec::new();
    for &backend in args.backend.backends() {
        let targets = match backend {
            Backend::Sqlite => targets::SQLITE,
            Backend::Postgres => targets::POSTGRES,
        }
        .scaled(args.scale);
        rows.extend(run::backend(
            backend,
            &args.pg_url,
            &synthetic,
            &targets,
            &progress,
        )?);
    }

    println!(
        "\ngapscope-bench: {responses} responses, scale {}, {}",
        args.scale,
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC")
    );
    println!("{}", report::table(&rows));
    Ok(report::misses(&rows))
}
