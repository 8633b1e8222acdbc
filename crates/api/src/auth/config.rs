//! Token settings, read from the environment at start.

use std::path::PathBuf;
use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};

/// Shortest HS256 secret accepted, in bytes.
pub const MIN_SECRET_BYTES: usize = 32;

/// Why the token settings cannot be used; the server refuses to start.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// No secret and no dev mode.
    #[error(
        "GAPSCOPE_JWT_SECRET is not set: set it to at least {MIN_SECRET_BYTES} random bytes, or \
         set GAPSCOPE_DEV_MODE=1 for a throw-away secret (development only)"
    )]
    MissingSecret,
    /// A secret under the minimum length.
    #[error("GAPSCOPE_JWT_SECRET has {0} bytes; at least {MIN_SECRET_BYTES} are required")]
    ShortSecret(usize),
    /// An algorithm other than HS256, RS256 or EdDSA.
    #[error("GAPSCOPE_JWT_ALG={0} is not supported: use HS256, RS256 or EdDSA")]
    Algorithm(String),
    /// A key file that cannot be read or parsed.
    #[error("{var}={path}: {reason}")]
    KeyFile {
        /// The environment variable naming the file.
        var: &'static str,
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// A setting that cannot be used.
    #[error("{var}: {reason}")]
    Number {
        /// The environment variable.
        var: &'static str,
        /// What went wrong.
        reason: String,
    },
}

/// How tokens are signed and checked.
#[derive(Clone)]
pub struct AuthConfig {
    /// The one accepted algorithm; tokens naming any other are refused.
    pub algorithm: Algorithm,
    /// Signs issued tokens.
    pub encoding_key: EncodingKey,
    /// Checks presented tokens.
    pub decoding_key: DecodingKey,
    /// `iss` of issued tokens, required on presented ones.
    pub issuer: String,
    /// `aud` of issued tokens, required on presented ones.
    pub audience: String,
    /// Lifetime of an issued token.
    pub ttl: Duration,
    /// Whether the secret is a throw-away one of dev mode.
    pub dev_mode: bool,
}

impl std::fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Keys stay out of logs and panics.
        f.debug_struct("AuthConfig")
            .field("algorithm", &self.algorithm)
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("ttl", &self.ttl)
            .field("dev_mode", &self.dev_mode)
            .finish_non_exhaustive()
    }
}

impl AuthConfig {
    /// An HS256 configuration with `secret` (checked for length) and the default claims.
    pub fn hs256(secret: &[u8]) -> Result<Self, ConfigError> {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(ConfigError::ShortSecret(secret.len()));
        }
        let key_error = |e: jsonwebtoken::errors::Error| ConfigError::Number {
            var: "GAPSCOPE_JWT_SECRET",
            reason: e.to_string(),
        };
        Ok(Self {
            algorithm: Algorithm::HS256,
            encoding_key: EncodingKey::from_secret(secret).map_err(key_error)?,
            decoding_key: DecodingKey::from_secret(secret).map_err(key_error)?,
            issuer: "gapscope".into(),
            audience: "gapscope-api".into(),
            ttl: Duration::from_secs(3600),
            dev_mode: false,
        })
    }

    /// Reads `GAPSCOPE_JWT_*`, `GAPSCOPE_TOKEN_TTL_SECONDS` and `GAPSCOPE_DEV_MODE` through `var`.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let alg = var("GAPSCOPE_JWT_ALG").unwrap_or_else(|| "HS256".into());
        let mut config = match alg.to_ascii_uppercase().as_str() {
            "HS256" => Self::hs256_from_env(&var)?,
            "RS256" => Self::key_pair(&var, Algorithm::RS256)?,
            "EDDSA" => Self::key_pair(&var, Algorithm::EdDSA)?,
            _ => return Err(ConfigError::Algorithm(alg)),
        };
        if let Some(issuer) = var("GAPSCOPE_JWT_ISSUER") {
            config.issuer = non_empty("GAPSCOPE_JWT_ISSUER", issuer)?;
        }
        if let Some(audience) = var("GAPSCOPE_JWT_AUDIENCE") {
            config.audience = non_empty("GAPSCOPE_JWT_AUDIENCE", audience)?;
        }
        if let Some(ttl) = var("GAPSCOPE_TOKEN_TTL_SECONDS") {
            let secs: u64 =
                ttl.parse()
                    .map_err(|e: std::num::ParseIntError| ConfigError::Number {
                        var: "GAPSCOPE_TOKEN_TTL_SECONDS",
                        reason: e.to_string(),
                    })?;
            if secs == 0 {
                return Err(ConfigError::Number {
                    var: "GAPSCOPE_TOKEN_TTL_SECONDS",
                    reason: "must be at least 1".into(),
                });
            }
            config.ttl = Duration::from_secs(secs);
        }
        Ok(config)
    }

    fn hs256_from_env(var: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        // An empty variable counts as unset (a Makefile passing through an unset secret).
        match var("GAPSCOPE_JWT_SECRET").filter(|s| !s.is_empty()) {
            Some(secret) => Self::hs256(secret.as_bytes()),
            None if var("GAPSCOPE_DEV_MODE").is_some_and(|v| v == "1" || v == "true") => {
                let secret = super::secrets::random_token(48).map_err(|e| ConfigError::Number {
                    var: "GAPSCOPE_DEV_MODE",
                    reason: e.to_string(),
                })?;
                let mut config = Self::hs256(secret.as_bytes())?;
                config.dev_mode = true;
                Ok(config)
            }
            None => Err(ConfigError::MissingSecret),
        }
    }

    fn key_pair(
        var: &impl Fn(&str) -> Option<String>,
        algorithm: Algorithm,
    ) -> Result<Self, ConfigError> {
        let private = read_key(var, "GAPSCOPE_JWT_PRIVATE_KEY_FILE")?;
        let public = read_key(var, "GAPSCOPE_JWT_PUBLIC_KEY_FILE")?;
        let bad = |var: &'static str, path: &PathBuf, e: jsonwebtoken::errors::Error| {
            ConfigError::KeyFile {
                var,
                path: path.display().to_string(),
                reason: e.to_string(),
            }
        };
        let (encoding_key, decoding_key) = match algorithm {
            Algorithm::RS256 => (
                EncodingKey::from_rsa_pem(&private.1).map_err(|e| bad(private.2, &private.0, e))?,
                DecodingKey::from_rsa_pem(&public.1).map_err(|e| bad(public.2, &public.0, e))?,
            ),
            _ => (
                EncodingKey::from_ed_pem(&private.1).map_err(|e| bad(private.2, &private.0, e))?,
                DecodingKey::from_ed_pem(&public.1).map_err(|e| bad(public.2, &public.0, e))?,
            ),
        };
        Ok(Self {
            algorithm,
            encoding_key,
            decoding_key,
            issuer: "gapscope".into(),
            audience: "gapscope-api".into(),
            ttl: Duration::from_secs(3600),
            dev_mode: false,
        })
    }
}

fn non_empty(var: &'static str, value: String) -> Result<String, ConfigError> {
    if value.trim().is_empty() {
        return Err(ConfigError::Number {
            var,
            reason: "must not be empty".into(),
        });
    }
    Ok(value)
}

fn read_key(
    var: &impl Fn(&str) -> Option<String>,
    name: &'static str,
) -> Result<(PathBuf, Vec<u8>, &'static str), ConfigError> {
    let path = PathBuf::from(var(name).ok_or(ConfigError::KeyFile {
        var: name,
        path: String::new(),
        reason: "not set (required for RS256 and EdDSA)".into(),
    })?);
    let bytes = std::fs::read(&path).map_err(|e| ConfigError::KeyFile {
        var: name,
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok((path, bytes, name))
}
