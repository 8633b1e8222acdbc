//! What every handler shares: the store, the token settings, the login limiter and the limits.

use std::sync::Arc;

use gapscope_store::Store;

use crate::auth::AuthConfig;
use crate::auth::limiter::LoginLimiter;

/// Server settings that handlers and middleware read.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest accepted request body in bytes; larger ones get 413.
    pub max_body_bytes: usize,
    /// Origins allowed to call the API from a browser; empty means CORS stays closed.
    pub cors_origins: Vec<String>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 32 * 1024 * 1024,
            cors_origins: Vec::new(),
        }
    }
}

/// Shared state of the running API.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Arc<Store>,
    /// How session tokens are signed and checked.
    pub auth: Arc<AuthConfig>,
    /// Failed-login counts.
    pub limiter: Arc<LoginLimiter>,
    /// Request limits.
    pub limits: Limits,
}

impl AppState {
    /// State over `store` with the given token settings and default limits.
    pub fn new(store: Store, auth: AuthConfig) -> Self {
        Self {
            store: Arc::new(store),
            auth: Arc::new(auth),
            limiter: Arc::new(LoginLimiter::default()),
            limits: Limits::default(),
        }
    }
}
