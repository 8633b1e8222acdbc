//! Timing statistics and the process's peak resident memory.

use std::time::Duration;

/// Wall-clock durations of repeated runs of one operation.
#[derive(Debug, Clone, Default)]
pub struct Samples(Vec<Duration>);

impl Samples {
    /// Records one run.
    pub fn push(&mut self, took: Duration) {
        self.0.push(took);
    }

    /// The median, by nearest rank (the lower middle of an even count), in milliseconds.
    pub fn median_ms(&self) -> f64 {
        self.percentile_ms(50)
    }

    /// The 95th percentile by nearest rank, in milliseconds: the 19th of 20 samples.
    pub fn p95_ms(&self) -> f64 {
        self.percentile_ms(95)
    }

    fn percentile_ms(&self, percent: usize) -> f64 {
        let mut sorted = self.0.clone();
        sorted.sort();
        // Nearest rank: the smallest sample with at least `percent`% of samples at or below it.
        let rank = (sorted.len() * percent).div_ceil(100).max(1);
        sorted
            .get(rank - 1)
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    }
}

/// Peak resident set size of this process so far (`VmHWM` in `/proc/self/status`), in MiB.
pub fn peak_rss_mib() -> Result<f64, String> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| format!("cannot read /proc/self/status: {e}"))?;
    let kib = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .ok_or("/proc/self/status has no readable VmHWM line")?;
    Ok(kib / 1024.0)
}

/// Resets the peak to the current resident size (Linux 4.0+: `5` into `clear_refs`), so that
/// each backend's run gets its own peak; returns whether the kernel accepted it.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(ms: impl IntoIterator<Item = u64>) -> Samples {
        let mut s = Samples::default();
        ms.into_iter()
            .for_each(|m| s.push(Duration::from_millis(m)));
        s
    }

    #[test]
    fn nearest_rank_of_twenty_samples() {
        let s = samples((1..=20).rev());
        assert_eq!(s.median_ms(), 10.0);
        assert_eq!(s.p95_ms(), 19.0);
    }

    #[test]
    fn a_single_sample_is_every_percentile() {
        let s = samples([7]);
        assert_eq!(s.median_ms(), 7.0);
        assert_eq!(s.p95_ms(), 7.0);
    }

    #[test]
    fn the_peak_is_readable_here() {
        assert!(peak_rss_mib().is_ok_and(|mib| mib > 0.0));
    }
}
