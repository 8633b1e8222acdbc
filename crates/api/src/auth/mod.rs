//! Who is calling: passwords, JWTs, integration tokens, the caller extractor and what each
//! role may see.
//!
//! Every route but login, health and the spec takes a [`Caller`]; the caller's organization
//! scopes every read, and [`Caller`]'s checks answer 403 for resources of the caller's own
//! organization outside their role (resources of other organizations are simply not found).
//!
//! Credentials come as `Authorization: Bearer` (session JWTs and integration tokens) or, for the
//! dashboard, as the HttpOnly session cookie, which scripts in the page cannot read. A request
//! authenticated by the cookie that changes anything must carry [`CSRF_HEADER`]: another site
//! cannot add that header without a CORS preflight, which the API refuses.

pub mod caller;
pub mod config;
pub mod jwt;
pub mod limiter;
pub mod secrets;

pub use caller::{CSRF_HEADER, Caller, Principal, SESSION_COOKIE};
pub use config::{AuthConfig, ConfigError};
