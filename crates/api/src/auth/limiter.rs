//! Login rate limiting, per account and per client address.
//!
//! Failed logins are counted in fixed windows, in this process's memory: with several server
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

    /// `Some(seconds to wait)` when the account or the address has used up its failures.
    pub fn check(&self, email: &str, address: &str, now: Instant) -> Option<u64> {
        let failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let blocked = |key: &str, limit: u32| {
            failures.get(key).and_then(|&(start, count)| {
                let elapsed = now.saturating_duration_since(start);
                (elapsed < self.limits.window && count >= limit)
                    .then(|| (self.limits.window - elapsed).as_secs().max(1))
            })
        };
        blocked(&account_key(email), self.limits.per_account)
            .max(blocked(&address_key(address), self.limits.per_address))
    }

    /// Records a failed login for both the account and the address.
    pub fn failed(&self, email: &str, address: &str, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.retain(|_, (start, _)| now.saturating_duration_since(*start) < self.limits.window);
        for key in [account_key(email), address_key(address)] {
            let entry = failures.entry(key).or_insert((now, 0));
            entry.1 += 1;
        }
    }

    /// Clears the account's failures after a successful login.
    pub fn succeeded(&self, email: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.remove(&account_key(email));
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
    fn an_account_is_blocked_after_its_failures_until_the_window_ends() {
        let (l, t0) = (limiter(), Instant::now());
        l.failed("A@x.test", "1.1.1.1", t0);
        assert_eq!(l.check("a@x.test", "2.2.2.2", t0), None);
        l.failed("a@x.test ", "2.2.2.2", t0);
        assert_eq!(l.check("a@x.test", "3.3.3.3", t0), Some(60));
        assert_eq!(
            l.check("a@x.test", "3.3.3.3", t0 + Duration::from_secs(61)),
            None
        );
    }

    #[test]
    fn an_address_is_blocked_across_accounts() {
        let (l, t0) = (limiter(), Instant::now());
        for email in ["a@x", "b@x", "c@x"] {
            l.failed(email, "9.9.9.9", t0);
        }
        assert!(l.check("d@x", "9.9.9.9", t0).is_some());
        assert_eq!(l.check("d@x", "8.8.8.8", t0), None);
    }

    #[test]
    fn success_clears_the_account_but_not_the_address() {
        let (l, t0) = (limiter(), Instant::now());
        l.failed("a@x", "9.9.9.9", t0);
        l.failed("a@x", "9.9.9.9", t0);
        l.succeeded("a@x");
        assert_eq!(l.check("a@x", "8.8.8.8", t0), None);
        l.failed("b@x", "9.9.9.9", t0);
        assert!(l.check("c@x", "9.9.9.9", t0).is_some());
    }
}
