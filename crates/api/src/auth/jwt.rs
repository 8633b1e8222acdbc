//! Issuing and checking the session JWTs of users.

use jsonwebtoken::{Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

use super::AuthConfig;

/// The claims of a Gapscope session token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user's storage id, as text.
    pub sub: String,
    /// The user's organization.
    pub org: i64,
    /// The user's role when the token was issued (informational: every request re-reads the
    /// user, so a changed role or a disabled account takes effect at once).
    pub role: String,
    /// Issued at, seconds since the Unix epoch.
    pub iat: i64,
    /// Issued at in milliseconds, compared with the user's "tokens valid after" mark, so a
    /// token issued in the same second but before a password change is still refused.
    pub iat_ms: i64,
    /// Not valid before, seconds since the Unix epoch.
    pub nbf: i64,
    /// Expires at, seconds since the Unix epoch.
    pub exp: i64,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
}

/// Why a presented token is refused; the client only ever sees a plain 401.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// Signature, algorithm, expiry, not-before, issuer, audience or shape failed.
    #[error("invalid token: {0}")]
    Invalid(#[from] jsonwebtoken::errors::Error),
    /// The token could not be signed.
    #[error("cannot sign a token: {0}")]
    Signing(String),
}

/// A signed token for a user, valid from `now_ms` (Unix milliseconds) for the configured
/// lifetime.
pub fn issue(
    config: &AuthConfig,
    user_id: i64,
    org: i64,
    role: &str,
    now_ms: i64,
) -> Result<String, TokenError> {
    let now = now_ms.div_euclid(1000);
    let claims = Claims {
        sub: user_id.to_string(),
        org,
        role: role.to_owned(),
        iat: now,
        iat_ms: now_ms,
        nbf: now,
        exp: now + i64::try_from(config.ttl.as_secs()).unwrap_or(i64::MAX / 2),
        iss: config.issuer.clone(),
        aud: config.audience.clone(),
    };
    encode(
        &Header::new(config.algorithm),
        &claims,
        &config.encoding_key,
    )
    .map_err(|e| TokenError::Signing(e.to_string()))
}

/// The claims of `token` when its signature, algorithm, time window, issuer and audience hold.
pub fn verify(config: &AuthConfig, token: &str) -> Result<Claims, TokenError> {
    // Exactly one algorithm: a token that names another (including `none`) is refused.
    let mut validation = Validation::new(config.algorithm);
    validation.set_issuer(&[&config.issuer]);
    validation.set_audience(&[&config.audience]);
    validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
    validation.validate_nbf = true;
    validation.leeway = 30;
    Ok(decode::<Claims>(token, &config.decoding_key, &validation)?.claims)
}
