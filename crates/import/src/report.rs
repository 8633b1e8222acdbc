//! The error report of a failed import: every problem found, each naming where it is.

use std::fmt;

use serde::Serialize;

/// Most errors one report lists; past that a final `too_many_errors` entry counts the rest.
pub const MAX_ERRORS: usize = 1000;

/// Every problem found in a mapping or a file, in file order. An import with any error yields no
/// batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The errors, at most [`MAX_ERRORS`] plus one `too_many_errors` entry.
    pub errors: Vec<RowError>,
}

/// One problem of an import: where it is (line, column, mapping field) and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    /// 1-based line in the file where the row starts (header rows count); `None` for mapping errors.
    pub row: Option<usize>,
    /// The column's header name (or `#N` when it has none), for errors about one cell.
    pub column: Option<String>,
    /// The mapping field concerned, e.g. `categories[3].performance` (indices 0-based).
    pub field: String,
    /// Stable snake_case code, see [`ErrorCode`].
    pub code: String,
    /// Readable reason.
    pub message: String,
}

/// The stable codes of [`RowError::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// Mapping: a required key is absent.
    MissingField,
    /// Mapping: two keys that exclude each other are both set.
    ConflictingFields,
    /// Mapping: a key that the chosen importance form does not use is set.
    UnusedField,
    /// Mapping: a value is empty or blank where text is needed.
    EmptyValue,
    /// Mapping: a column reference is malformed (e.g. `#0`).
    BadColumnReference,
    /// Mapping: a column named by the mapping is not in the header.
    ColumnNotFound,
    /// Mapping: a column name occurs more than once in the header.
    AmbiguousColumn,
    /// Mapping: two categories or indicators share a key.
    DuplicateKey,
    /// Mapping: one column is mapped twice where that must be a mistake.
    DuplicateColumn,
    /// Mapping: two categories share a pick code.
    DuplicatePickCode,
    /// Mapping: a scale with `min >= max`.
    BadScale,
    /// Mapping: pick form with `k < 1`.
    BadK,
    /// Mapping: an encoding label encoding_rs does not know.
    UnknownEncoding,
    /// Mapping: `header_rows` / `names_row` do not fit together.
    BadHeaderRows,
    /// Mapping: a role map value that is no role.
    BadRole,
    /// Mapping: a name template with an unknown placeholder.
    BadTemplate,
    /// Mapping: a chrono format that chrono cannot use.
    BadDateFormat,
    /// Mapping: a "don't know" code inside the scale it would blank out.
    DontKnowInScale,
    /// Mapping: no category at all.
    NoCategories,
    /// File: not valid UTF-8 and no encoding set.
    InvalidUtf8,
    /// File: not valid in the encoding the mapping names.
    MalformedInput,
    /// File: a NUL character, which no text column can store.
    NulCharacter,
    /// File: no content.
    EmptyFile,
    /// File: fewer rows than `header_rows`.
    MissingHeaderRows,
    /// File: header rows only.
    NoDataRows,
    /// File: a row with another number of columns than the header.
    RaggedRow,
    /// File: the CSV reader failed.
    CsvError,
    /// Cell: a rating that is not an integer.
    NotAnInteger,
    /// Cell: a rating outside its scale that is no "don't know" code.
    OutOfScale,
    /// Cell: a blank account key column.
    MissingAccountKey,
    /// Cell: a blank contact id.
    MissingContactId,
    /// Cell: a blank account manager.
    MissingAccountManager,
    /// Cell: a blank cycle.
    MissingCycle,
    /// Cell: a blank response id.
    MissingResponseId,
    /// Cell: a pick that is no category's pick code.
    UnknownPickCode,
    /// Row: more than `k` distinct categories picked.
    TooManyPicks,
    /// Cell: a submission time that does not fit the format.
    BadDatetime,
    /// Cell: an annual value that is not a non-negative number.
    BadNumber,
    /// Row: a response id already used in the file.
    DuplicateResponseId,
    /// Row: a contact answering a second time in one cycle.
    DuplicateContactInCycle,
    /// Row: a contact listed under a second account.
    ContactInTwoAccounts,
    /// Report: more errors than [`MAX_ERRORS`].
    TooManyErrors,
}

impl ErrorCode {
    /// The stable snake_case text of the code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MissingField => "missing_field",
            Self::ConflictingFields => "conflicting_fields",
            Self::UnusedField => "unused_field",
            Self::EmptyValue => "empty_value",
            Self::BadColumnReference => "bad_column_reference",
            Self::ColumnNotFound => "column_not_found",
            Self::AmbiguousColumn => "ambiguous_column",
            Self::DuplicateKey => "duplicate_key",
            Self::DuplicateColumn => "duplicate_column",
            Self::DuplicatePickCode => "duplicate_pick_code",
            Self::BadScale => "bad_scale",
            Self::BadK => "bad_k",
            Self::UnknownEncoding => "unknown_encoding",
            Self::BadHeaderRows => "bad_header_rows",
            Self::BadRole => "bad_role",
            Self::BadTemplate => "bad_template",
            Self::BadDateFormat => "bad_date_format",
            Self::DontKnowInScale => "dont_know_in_scale",
            Self::NoCategories => "no_categories",
            Self::InvalidUtf8 => "invalid_utf8",
            Self::MalformedInput => "malformed_input",
            Self::NulCharacter => "nul_character",
            Self::EmptyFile => "empty_file",
            Self::MissingHeaderRows => "missing_header_rows",
            Self::NoDataRows => "no_data_rows",
            Self::RaggedRow => "ragged_row",
            Self::CsvError => "csv_error",
            Self::NotAnInteger => "not_an_integer",
            Self::OutOfScale => "out_of_scale",
            Self::MissingAccountKey => "missing_account_key",
            Self::MissingContactId => "missing_contact_id",
            Self::MissingAccountManager => "missing_account_manager",
            Self::MissingCycle => "missing_cycle",
            Self::MissingResponseId => "missing_response_id",
            Self::UnknownPickCode => "unknown_pick_code",
            Self::TooManyPicks => "too_many_picks",
            Self::BadDatetime => "bad_datetime",
            Self::BadNumber => "bad_number",
            Self::DuplicateResponseId => "duplicate_response_id",
            Self::DuplicateContactInCycle => "duplicate_contact_in_cycle",
            Self::ContactInTwoAccounts => "contact_in_two_accounts",
            Self::TooManyErrors => "too_many_errors",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl RowError {
    /// An error about the mapping itself: no row, no column.
    pub(crate) fn mapping(field: impl Into<String>, code: ErrorCode, message: String) -> Self {
        Self {
            row: None,
            column: None,
            field: field.into(),
            code: code.as_str().to_owned(),
            message,
        }
    }

    /// An error about a line of the file.
    pub(crate) fn at(
        row: usize,
        column: Option<&str>,
        field: impl Into<String>,
        code: ErrorCode,
        message: String,
    ) -> Self {
        Self {
            row: Some(row),
            column: column.map(str::to_owned),
            field: field.into(),
            code: code.as_str().to_owned(),
            message,
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(row) = self.row {
            write!(f, "line {row}, ")?;
        }
        if let Some(column) = &self.column {
            write!(f, "column {column:?}, ")?;
        }
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        write!(f, "{} [{}]", self.message, self.code)
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportReport {}

impl ImportReport {
    /// Whether some error carries `code`.
    pub fn has_code(&self, code: ErrorCode) -> bool {
        self.errors.iter().any(|e| e.code == code.as_str())
    }
}

/// Collects errors up to [`MAX_ERRORS`], counting the rest.
#[derive(Debug, Default)]
pub(crate) struct Errors {
    list: Vec<RowError>,
    dropped: usize,
}

impl Errors {
    pub(crate) fn push(&mut self, error: RowError) {
        if self.list.len() < MAX_ERRORS {
            self.list.push(error);
        } else {
            self.dropped += 1;
        }
    }

    /// How many errors were pushed, kept or not.
    pub(crate) fn count(&self) -> usize {
        self.list.len() + self.dropped
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.count() == 0
    }

    /// `Ok(value)` when no error was pushed, else the report.
    pub(crate) fn into_result<T>(self, value: T) -> Result<T, ImportReport> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self.into_report())
        }
    }

    pub(crate) fn into_report(mut self) -> ImportReport {
        if self.dropped > 0 {
            self.list.push(RowError::mapping(
                "",
                ErrorCode::TooManyErrors,
                format!(
                    "and {} more errors not listed (a report lists at most {MAX_ERRORS})",
                    self.dropped
                ),
            ));
        }
        ImportReport { errors: self.list }
    }
}

impl From<RowError> for ImportReport {
    fn from(error: RowError) -> Self {
        Self {
            errors: vec![error],
        }
    }
}
