//! Row-level problems of an import, collected over the whole batch instead of stopping at the
//! first, and returned together as [`StoreError::Rows`].

use gapscope_import::batch::ResponseRow;
use gapscope_import::{ErrorCode, MAX_ERRORS, RowError};

use crate::StoreError;

/// The mapping field of the contact id column, as the import crate's report names it.
pub(super) const CONTACT_FIELD: &str = "contact.id";
/// The mapping field of the account manager column.
pub(super) const ACCOUNT_MANAGER_FIELD: &str = "account_manager";
/// The mapping field of the response id column.
pub(super) const RESPONSE_ID_FIELD: &str = "response.id";

/// The codes of row problems found by the store (see [`StoreError::Rows`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Code {
    /// The contact is stored under another account than the row's.
    ContactInAnotherAccount,
    /// The contact has a stored response to the row's cycle under another response id.
    ContactAnsweredTwice,
    /// The row names no AM and its account had no owner.
    NoAccountManager,
    /// Within the batch: the contact is under two accounts.
    ContactInTwoAccounts,
    /// Within the batch: the contact answers one cycle twice.
    DuplicateContactInCycle,
    /// Within the batch: two rows share a response id.
    DuplicateResponseId,
}

impl Code {
    /// The stable snake_case text; the within-batch codes are the import crate's own.
    fn as_str(self) -> &'static str {
        match self {
            Self::ContactInAnotherAccount => "contact_in_another_account",
            Self::ContactAnsweredTwice => "contact_answered_twice",
            Self::NoAccountManager => "no_account_manager",
            Self::ContactInTwoAccounts => ErrorCode::ContactInTwoAccounts.as_str(),
            Self::DuplicateContactInCycle => ErrorCode::DuplicateContactInCycle.as_str(),
            Self::DuplicateResponseId => ErrorCode::DuplicateResponseId.as_str(),
        }
    }
}

/// The row problems found so far.
#[derive(Debug, Default)]
pub(super) struct Problems {
    list: Vec<RowError>,
}

impl Problems {
    /// Records a problem with `row`.
    ///
    /// The column stays `None`: a batch does not carry the file's column names, so only the
    /// import crate's own report can name them. Lifting this needs `Batch` to carry the labels
    /// of the contact, AM and response id columns.
    pub(super) fn push(&mut self, row: &ResponseRow, field: &str, code: Code, message: String) {
        self.list.push(RowError {
            row: Some(row.row),
            column: None,
            field: field.to_owned(),
            code: code.as_str().to_owned(),
            message,
        });
    }

    /// `Err(StoreError::Rows)` with every problem so far (which it takes), else `Ok`.
    pub(super) fn check(&mut self) -> Result<(), StoreError> {
        if self.list.is_empty() {
            return Ok(());
        }
        let mut list = std::mem::take(&mut self.list);
        // Stable: the problems of one row keep the order of the steps that found them.
        list.sort_by_key(|e| e.row);
        if list.len() > MAX_ERRORS {
            let dropped = list.len() - MAX_ERRORS;
            list.truncate(MAX_ERRORS);
            list.push(RowError {
                row: None,
                column: None,
                field: String::new(),
                code: ErrorCode::TooManyErrors.as_str().to_owned(),
                message: format!(
                    "and {dropped} more errors not listed (a report lists at most {MAX_ERRORS})"
                ),
            });
        }
        Err(StoreError::Rows(list))
    }
}
