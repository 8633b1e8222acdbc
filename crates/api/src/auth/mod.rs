//! Who is calling: passwords, JWTs, integration tokens, the caller extractor and what each
//! role may see.
//!
//! Every route but login, health and the spec takes a [`Caller`]; the caller's organization
//! scopes every read, and [`Caller`]'s checks answer 403 for resources of the caller's own
//! organization outside their role (resources of other organizations are simply not found).

pub mod caller;
pub mod config;
pub mod jwt;
pub mod limiter;
pub mod secrets;

pub use caller::{Caller, Principal};
pub use config::{AuthConfig, ConfigError};
