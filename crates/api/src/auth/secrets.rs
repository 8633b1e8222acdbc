//! Passwords and random secrets: hashing, verification, generation.
//!
//! Passwords are hashed with Argon2id (the `argon2` crate's defaults: 19 MiB, 2 passes, 1 lane,
//! the OWASP baseline) into a self-describing PHC string. Integration-token secrets are random
//! 256-bit values, so a fast SHA-256 digest suffices to store them; comparisons of digests are
//! constant-time.

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Shortest password accepted when one is set.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Why a secret operation failed.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The password breaks the length rule.
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    /// Hashing failed (out of memory or no randomness); never the caller's fault.
    #[error("password hashing failed: {0}")]
    Hashing(String),
    /// The operating system gave no randomness.
    #[error("no randomness available: {0}")]
    Random(String),
}

/// The Argon2id PHC hash of `password`, after checking its length.
pub fn hash_password(password: &str) -> Result<String, SecretError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(SecretError::TooShort);
    }
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| SecretError::Hashing(e.to_string()))
}

/// Whether `password` matches the stored PHC `hash`; a malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash of a password nobody knows, verified against when a login names no user, so that a
/// failed login takes the same time whether or not the user exists.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        let random = random_token(32).unwrap_or_else(|_| "gapscope-decoy-password".into());
        hash_password(&random).unwrap_or_default()
    })
}

/// `bytes` random bytes from the operating system, URL-safe base64 without padding.
pub fn random_token(bytes: usize) -> Result<String, SecretError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| SecretError::Random(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(buf))
}

/// Hex SHA-256 of a high-entropy secret, as stored for integration tokens.
pub fn digest(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Constant-time equality of two digests or secrets.
pub fn same(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_and_nothing_else() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterY", &hash));
        assert!(!verify_password("correct horse battery", "not a hash"));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(matches!(
            hash_password("elevenchars"),
            Err(SecretError::TooShort)
        ));
    }

    #[test]
    fn digests_are_stable_hex_and_compare_in_constant_time() {
        let d = digest("abc");
        assert_eq!(
            d,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(same(&d, &digest("abc")));
        assert!(!same(&d, &digest("abd")));
        assert_eq!(random_token(32).unwrap().len(), 43);
    }
}
