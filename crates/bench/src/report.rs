//! The measured numbers, each with its target, as a table and a list of misses.

use std::fmt::Write as _;

use gapscope_store::Backend;

/// Which side of its target a number must stay on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// At least this much (throughput).
    AtLeast(f64),
    /// At most this much (time, memory).
    AtMost(f64),
}

/// One measured number and its target.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The backend it was measured on.
    pub backend: Backend,
    /// What was measured, e.g. `GET /api/v1/accounts p95`.
    pub what: String,
    /// The number.
    pub value: f64,
    /// Its unit, e.g. `ms`.
    pub unit: &'static str,
    /// What it must meet.
    pub target: Bound,
}

impl Row {
    /// Whether the number meets its target (a NaN never does).
    pub fn met(&self) -> bool {
        match self.target {
            Bound::AtLeast(min) => self.value >= min,
            Bound::AtMost(max) => self.value <= max,
        }
    }

    fn target_text(&self) -> String {
        match self.target {
            Bound::AtLeast(min) => format!(">= {} {}", number(min), self.unit),
            Bound::AtMost(max) => format!("<= {} {}", number(max), self.unit),
        }
    }
}

/// The rows as an aligned text table.
pub fn table(rows: &[Row]) -> String {
    let what = rows.iter().map(|r| r.what.len()).max().unwrap_or(0).max(11);
    let mut out = format!(
        "{:<8}  {:<what$}  {:>16}  {:>18}  result\n",
        "backend", "measurement", "measured", "target"
    );
    for row in rows {
        let measured = format!("{} {}", number(row.value), row.unit);
        let result = if row.met() { "ok" } else { "MISSED" };
        let _ = writeln!(
            out,
            "{:<8}  {:<what$}  {:>16}  {:>18}  {result}",
            backend_name(row.backend),
            row.what,
            measured,
            row.target_text(),
        );
    }
    out
}

/// One line per missed target, naming it.
pub fn misses(rows: &[Row]) -> Vec<String> {
    rows.iter()
        .filter(|r| !r.met())
        .map(|r| {
            format!(
                "{} {}: measured {} {}, target {}",
                backend_name(r.backend),
                r.what,
                number(r.value),
                r.unit,
                r.target_text()
            )
        })
        .collect()
}

/// The backend's name as `--backend` spells it.
pub fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// A number with precision that suits its size: `0.42`, `3.1`, `1,250`.
fn number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    if value.abs() >= 100.0 {
        return thousands(value.round());
    }
    if value.abs() >= 10.0 {
        return format!("{value:.1}");
    }
    format!("{value:.2}")
}

fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0.0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(value: f64, target: Bound) -> Row {
        Row {
            backend: Backend::Sqlite,
            what: "x".into(),
            value,
            unit: "ms",
            target,
        }
    }

    #[test]
    fn bounds_are_inclusive_and_nan_misses() {
        assert!(row(5.0, Bound::AtMost(5.0)).met());
        assert!(!row(5.1, Bound::AtMost(5.0)).met());
        assert!(row(5.0, Bound::AtLeast(5.0)).met());
        assert!(!row(f64::NAN, Bound::AtLeast(0.0)).met());
        assert!(!row(f64::NAN, Bound::AtMost(1e9)).met());
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(0.4213), "0.42");
        assert_eq!(number(31.26), "31.3");
        assert_eq!(number(1_234_567.0), "1,234,567");
        assert_eq!(number(100.0), "100");
    }

    #[test]
    fn misses_name_the_measurement() {
        let rows = [row(9.0, Bound::AtMost(5.0)), row(1.0, Bound::AtMost(5.0))];
        assert_eq!(
            misses(&rows),
            ["sqlite x: measured 9.00 ms, target <= 5.00 ms"]
        );
    }
}
