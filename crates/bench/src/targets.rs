//! What the numbers must meet, per backend, at the default scale (40 AMs x 50 accounts x 4
//! cycles, about 24,000 responses).
//!
//! Every target is about twice what this benchmark measured on the reference machine (2 vCPU
//! AMD EPYC, 23 GiB RAM, local PostgreSQL 15, SQLite on local disk; see the README for the
//! numbers and date): loose enough that noise on a shared 2-core box does not fail the run,
//! tight enough that a 2x regression does. Time and memory budgets grow linearly with
//! `--scale` (see [`Targets::scaled`]); throughput floors do not.

use crate::Endpoint;

/// A budget for a repeated operation, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    /// Highest acceptable median.
    pub median_ms: f64,
    /// Highest acceptable 95th percentile.
    pub p95_ms: f64,
}

/// The targets of one backend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Targets {
    /// Lowest acceptable import throughput of any one cycle, responses per second.
    pub import_per_s: f64,
    /// GET /api/v1/category-results.
    pub category_results: Budget,
    /// GET /api/v1/account-managers.
    pub account_managers: Budget,
    /// GET /api/v1/account-managers/{id}/assessment.
    pub assessment: Budget,
    /// GET /api/v1/accounts.
    pub accounts: Budget,
    /// GET /api/v1/alerts?limit=50.
    pub alerts: Budget,
    /// GET /api/v1/cohort-migration.
    pub cohort_migration: Budget,
    /// Re-importing the last cycle unchanged (`Store::import`, every row found unchanged).
    pub reimport: Budget,
    /// Highest acceptable peak resident memory of the process during the backend's run, MiB.
    pub peak_rss_mib: f64,
}

impl Targets {
    /// The budget of `endpoint`.
    pub fn endpoint(&self, endpoint: Endpoint) -> Budget {
        match endpoint {
            Endpoint::CategoryResults => self.category_results,
            Endpoint::AccountManagers => self.account_managers,
            Endpoint::Assessment => self.assessment,
            Endpoint::Accounts => self.accounts,
            Endpoint::Alerts => self.alerts,
            Endpoint::CohortMigration => self.cohort_migration,
        }
    }

    /// The targets for `scale` times the default data: time and memory budgets times `scale`
    /// (the work of every measured operation is at most linear in the data, so a super-linear
    /// slowdown fails), throughput floors unchanged.
    pub fn scaled(&self, scale: u32) -> Targets {
        let k = f64::from(scale);
        let b = |budget: Budget| Budget {
            median_ms: budget.median_ms * k,
            p95_ms: budget.p95_ms * k,
        };
        Targets {
            import_per_s: self.import_per_s,
            category_results: b(self.category_results),
            account_managers: b(self.account_managers),
            assessment: b(self.assessment),
            accounts: b(self.accounts),
            alerts: b(self.alerts),
            cohort_migration: b(self.cohort_migration),
            reimport: b(self.reimport),
            peak_rss_mib: self.peak_rss_mib * k,
        }
    }
}

const fn budget(median_ms: f64, p95_ms: f64) -> Budget {
    Budget { median_ms, p95_ms }
}

/// SQLite (a temporary file, WAL). Each comment: the range measured over three runs on
/// 2026-12-04 (median, p95), then the target: twice the worst, rounded up.
pub const SQLITE: Targets = Targets {
    // Slowest cycle 13,850-14,913 responses/s (the last cycle, with three stored before it).
    import_per_s: 7_000.0,
    // 38.9-39.2 / 39.7-43.0 ms.
    category_results: budget(80.0, 90.0),
    // 44.1-46.0 / 45.6-70.6 ms.
    account_managers: budget(95.0, 145.0),
    // 45.5-48.2 / 45.9-55.0 ms.
    assessment: budget(100.0, 110.0),
    // 57.1-60.9 / 60.8-73.2 ms.
    accounts: budget(125.0, 150.0),
    // 4.3-4.7 / 4.8-7.0 ms.
    alerts: budget(10.0, 15.0),
    // 212-221 / 215-250 ms: every cycle's cohorts, so about four times a single-cycle read.
    cohort_migration: budget(450.0, 500.0),
    // 36.2-41.0 / 38.2-55.2 ms for 6,011 unchanged rows.
    reimport: budget(85.0, 115.0),
    // 107-154 MiB, including the generated data (kept for the whole run).
    peak_rss_mib: 310.0,
};

/// PostgreSQL 15 on the same machine over loopback, measured after SQLite in the same process
/// as `make bench` runs it. Each comment: the range over four runs, then twice the worst.
pub const POSTGRES: Targets = Targets {
    // Slowest cycle 2,075-2,299 responses/s: a round trip per batch of rows, over loopback.
    import_per_s: 1_000.0,
    // 84.1-94.0 / 123-133 ms.
    category_results: budget(190.0, 270.0),
    // 87.5-125 / 122-148 ms.
    account_managers: budget(250.0, 300.0),
    // 86.3-132 / 92.5-154 ms.
    assessment: budget(265.0, 310.0),
    // 99.4-143 / 107-165 ms.
    accounts: budget(290.0, 330.0),
    // 10.6-15.2 / 11.8-16.2 ms.
    alerts: budget(31.0, 33.0),
    // 377-460 / 404-499 ms.
    cohort_migration: budget(920.0, 1_000.0),
    // 70.0-82.8 / 80.7-99.0 ms.
    reimport: budget(170.0, 200.0),
    // 228-254 MiB after the SQLite run, whose freed memory the allocator keeps resident
    // (130 MiB when PostgreSQL runs alone).
    peak_rss_mib: 510.0,
};
