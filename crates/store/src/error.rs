//! The one error type of the storage layer.

use gapscope_import::RowError;
use thiserror::Error;

/// Everything a [`crate::Store`] call can fail with.
///
/// The API crate maps `NotFound` to 404, `Conflict` to 409, `Invalid` to 422/400, `Rows` to
/// 422 with its entries, `Unavailable` to 503 and the rest to 500.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The named thing does not exist (in this organization).
    #[error("not found: {0}")]
    NotFound(String),
    /// The input contradicts what is stored, e.g. an indicator re-imported with another scale.
    #[error("conflict on {field}: {message}")]
    Conflict {
        /// The offending field, e.g. `indicators[ltr].scale` or `cycles[2015].importance_form`.
        field: String,
        /// What differs, in words.
        message: String,
    },
    /// The input is inconsistent on its own terms, e.g. an empty email or a batch row naming a
    /// cycle the batch does not define (rows that conflict with data are [`StoreError::Rows`]).
    #[error("invalid {field}: {message}")]
    Invalid {
        /// The offending field, e.g. `rows[12].cycle` or `database_url`.
        field: String,
        /// What is wrong, in words.
        message: String,
    },
    /// Rows of an import that contradict stored data or each other: every one found in the
    /// batch, in file order, shaped like the import crate's report (at most
    /// [`gapscope_import::MAX_ERRORS`] plus a `too_many_errors` entry).
    ///
    /// Codes: `contact_in_another_account` (the contact is stored under another account),
    /// `contact_answered_twice` (the contact has a stored response to the cycle under another
    /// response id), `no_account_manager` (the row names no AM and its account had no owner),
    /// and, for batches not built by the import crate, its own `contact_in_two_accounts`,
    /// `duplicate_contact_in_cycle` and `duplicate_response_id`.
    ///
    /// [`crate::Store::record_outcomes`] reports its entries the same way (no `row`; the
    /// 0-based entry index is in `field`): `unknown_account` and `duplicate_outcome`.
    #[error("{} row(s) conflict with stored data or each other", .0.len())]
    Rows(Vec<RowError>),
    /// The database cannot be reached (bad URL, server down, pool timeout).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Database(#[from] diesel::result::Error),
    /// The embedded migrations could not be applied.
    #[error("migration failed: {0}")]
    Migration(String),
}

impl StoreError {
    /// An [`StoreError::Invalid`] for `field`.
    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A [`StoreError::Conflict`] for `field`.
    pub(crate) fn conflict(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Conflict {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl From<diesel::r2d2::PoolError> for StoreError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Self::Unavailable(e.to_string())
    }
}
