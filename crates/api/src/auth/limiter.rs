//! Login rate limiting, per account and per client address.
//!
//! Attempts are counted (and given back when they succeed) in fixed windows, in this process's memory: with several server
//! processes each keeps its own counts, so the effective limit is multiplied by their number.
//! A shared store (the database or a cache) would lift that; one process is the supported
//! deployment today.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Limits on failed logins.
#[derive(Debug, Clone, Copy)]
pub struct LoginLimits {
    /// Failures allowed per account (email) in a window.
    pub per_account: u32,
    /// Failures allowed per client address in a window.
    pub per_address: u32,
    /// The window.
    pub window: Duration,
}

impl Default for LoginLimits {
    fn default() -> Self {
        Self {
            per_account: 5,
            per_address: 20,
            window: Duration::from_secs(15 * 60),
        }
    }
}

/// Counts failed logins and says when to refuse further attempts.
#[derive(Debug, Default)]
pub struct LoginLimiter {
    limits: LoginLimits,
    failures: Mutex<HashMap<String, (Instant, u32)>>,
}

impl LoginLimiter {
    /// A limiter with the given limits.
    pub fn new(limits: LoginLimits) -> Self {
        Self {
            limits,
            failures: Mutex::default(),
        }
    }

    /// Reserves one attempt for the account and the address, or `Some(seconds to wait)` when
    /// either has used up its allowance.
    ///
    /// The attempt counts as a failure from the start, under the same lock as the check, so
    /// requests sent in parallel cannot all pass the check before the first one fails;
    /// [`LoginLimiter::succeeded`] gives a successful attempt back.
    pub fn begin(&self, email: &str, address: &str, now: Instant) -> Option<u64> {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.retain(|_, (start, _)| now.saturating_duration_since(*start) < self.limits.window);
        let keys = [
            (account_key(email), self.limits.per_account),
            (address_key(address), self.limits.per_address),
        ];
        let wait = keys
            .iter()
            .filter_map(|(key, limit)| {
                let &(start, count) = failures.get(key)?;
                (count >= *limit).then(|| {
                    (self.limits.window - now.saturating_duration_since(start))
                        .as_secs()
                        .max(1)
                })
            })
            .max();
        if wait.is_none() {
            for (key, _) in keys {
                failures.entry(key).or_insert((now, 0)).1 += 1;
            }
        }
        wait
    }

    /// Gives back a successful attempt: clears the account's count and returns the address's.
    pub fn succeeded(&self, email: &str, address: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.remove(&account_key(email));
        if let Some(entry) = failures.get_mut(&address_key(address)) {
            entry.1 = entry.1.saturating_sub(1);
        }
    }
}

fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("address:{address}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter() -> LoginLimiter {
        LoginLimiter::new(LoginLimits {
            per_account: 2,
            per_address: 3,
            window: Duration::from_secs(60),
        })
    }

    #[test]
    fn an_account_is_blocked_after_its_attempts_until_the_window_ends() {
        let (l, t0) = (limiter(), Instant::now());
        assert_eq!(l.begin("A@x.test", "1.1.1.1", t0), None);
        assert_eq!(l.begin("a@x.test ", "2.2.2.2", t0), None);
        assert_eq!(l.begin("a@x.test", "3.3.3.3", t0), Some(60));
        assert_eq!(
            l.begin("a@x.test", "3.3.3.3", t0 + Duration::from_secs(61)),
            None
        );
    }

    #[test]
    fn parallel_attempts_cannot_pass_the_check_together() {
        // Every begin counts at once: the third of three simultaneous attempts is refused
        // even though none has finished (and failed) yet.
        let (l, t0) = (limiter(), Instant::now());
        let results: Vec<_> = (0..3).map(|_| l.begin("a@x", "9.9.9.9", t0)).collect();
        assert_eq!(results, vec![None, None, Some(60)]);
    }

    #[test]
    fn an_address_is_blocked_across_accounts() {
        let (l, t0) = (limiter(), Instant::now());
        for email in ["a@x", "b@x", "c@x"] {
            assert_eq!(l.begin(email, "9.9.9.9", t0), None);
        }
        assert!(l.begin("d@x", "9.9.9.9", t0).is_some());
        assert_eq!(l.begin("d@x", "8.8.8.8", t0), None);
    }

    #[test]
    fn success_gives_the_attempt_back() {
        let (l, t0) = (limiter(), Instant::now());
        for _ in 0..2 {
            assert_eq!(l.begin("a@x", "9.9.9.9", t0), None);
            l.succeeded("a@x", "9.9.9.9");
        }
        assert_eq!(l.begin("a@x", "9.9.9.9", t0), None);
        assert_eq!(l.begin("b@x", "9.9.9.9", t0), None);
        assert_eq!(l.begin("c@x", "9.9.9.9", t0), None);
        assert!(
            l.begin("d@x", "9.9.9.9", t0).is_some(),
            "three attempts outstanding"
        );
    }
}
