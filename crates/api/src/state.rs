//! What every handler shares: the store, the organization served, and the limits.

use std::sync::Arc;

use gapscope_store::Store;

/// Server settings that handlers read.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest accepted request body in bytes; larger ones get 413.
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 32 * 1024 * 1024,
        }
    }
}

/// Shared state of the running API.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Arc<Store>,
    /// Storage id of the organization this server answers for.
    //
    // Until access control lands (issue 3), one server serves one organization, chosen at start
    // (`gapscope serve --org`). With tokens, the organization comes from the caller's claims and
    // this field goes away.
    pub org_id: i64,
    /// Request limits.
    pub limits: Limits,
}
