//! The mapping file: which columns of a survey-tool export hold what.
//!
//! One serde model reads both TOML and JSON. `MAPPING.md` beside `Cargo.toml` documents every
//! key with its default. Reading a mapping only checks its syntax and types; [`Mapping::validate`]
//! checks its meaning, and [`crate::parse`] checks it against the file's header as well.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use gapscope_domain::survey::{IndicatorKind, Scale};
use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use thiserror::Error;

/// How a survey export's columns map onto a [`crate::Batch`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Number of header rows (CSV records) before the first data row. Default 1.
    #[serde(default = "default_header_rows")]
    pub header_rows: usize,
    /// Which header row (1-based) holds the column names. Default 1 (none when `header_rows = 0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names_row: Option<usize>,
    /// Encoding label of the input (WHATWG labels, e.g. `windows-1252`). Default: UTF-8 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Codes meaning "don't know" in every rating column; they become null.
    #[serde(default)]
    pub dont_know: Vec<Code>,
    /// Per-column "don't know" codes, replacing `dont_know` for that column.
    #[serde(default)]
    pub dont_know_by_column: BTreeMap<String, Vec<Code>>,
    /// Answer texts that stand for a number in rating columns, e.g. `"Very satisfied" = 5`.
    #[serde(default)]
    pub labels: BTreeMap<String, i32>,
    /// The assessment cycle of each row.
    pub cycle: ValueSource,
    /// The account of each row.
    pub account: AccountMapping,
    /// The account manager of each row; absent when the file names none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_manager: Option<AccountManagerMapping>,
    /// The contact who answered.
    pub contact: ContactMapping,
    /// Optional response id, submission time and comment columns.
    #[serde(default)]
    pub response: ResponseMapping,
    /// The performance rating scale.
    #[serde(default)]
    pub performance: PerformanceMapping,
    /// How importance was asked.
    #[serde(default)]
    pub importance: ImportanceMapping,
    /// The service categories, in the order the batch lists them.
    pub categories: Vec<CategoryMapping>,
    /// The key indicators, in the order the batch lists them.
    #[serde(default)]
    pub indicators: Vec<IndicatorMapping>,
}

/// A value taken either from a column or from a constant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueSource {
    /// Column holding the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The same value for every row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constant: Option<String>,
}

/// Where the account of a row comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountMapping {
    /// Key column(s); their values joined with `/` form the account's external id.
    #[serde(deserialize_with = "one_or_many")]
    pub key: Vec<String>,
    /// Column holding the account's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Display name built from the key: `{id}` is the external id, `{1}`, `{2}`... the key parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_template: Option<String>,
    /// Column holding the account's annual value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_value: Option<String>,
}

/// Where the account manager of a row comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountManagerMapping {
    /// Column holding the AM's external id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// One AM external id for every row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constant: Option<String>,
    /// Column holding the AM's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Display name built from the external id, e.g. `"District {id}"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_template: Option<String>,
    /// Column holding the AM's team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

/// Where the contact of a row comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactMapping {
    /// Column holding the contact's external id.
    pub id: String,
    /// Column holding the contact's role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Cell value to role (`decision_maker`, `influencer`, `user`, `unspecified`).
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
}

/// Optional per-response columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseMapping {
    /// Column holding the response's external id (else `cycle/contact`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Column holding the submission time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<String>,
    /// chrono format of `submitted_at`, e.g. `%Y-%m-%d %H:%M:%S`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at_format: Option<String>,
    /// Column holding a free-text comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// The performance rating scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerformanceMapping {
    /// Scale of every category's performance rating. Default 1-10.
    #[serde(default = "default_scale")]
    pub scale: Scale,
}

impl Default for PerformanceMapping {
    fn default() -> Self {
        Self {
            scale: default_scale(),
        }
    }
}

/// How importance was asked, and where its answers are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportanceMapping {
    /// `rating`, `pick` or `none` (the default).
    #[serde(default)]
    pub form: ImportanceFormName,
    /// Rating form: the importance scale. Default 1-10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    /// Pick form: the columns holding the picked categories' codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// Pick form: the most distinct categories one respondent may pick.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<u32>,
    /// Pick form: codes meaning "no answer" (a blank cell always means no answer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_answer: Vec<Code>,
}

/// The three ways a survey asks for importance (METHOD.md section 1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportanceFormName {
    /// A rating per category, in its own column.
    Rating,
    /// Up to `k` categories picked by code.
    Pick,
    /// No stated importance.
    #[default]
    None,
}

/// One service category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryMapping {
    /// Stable key, e.g. `communication`.
    pub key: String,
    /// Display name. Default: the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Column holding the performance rating.
    pub performance: String,
    /// Rating form: column holding the importance rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importance: Option<String>,
    /// Pick form: the code that picks this category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pick_code: Option<Code>,
}

/// One key indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorMapping {
    /// Stable key, e.g. `ltr`.
    pub key: String,
    /// Display name. Default: the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What it measures: `ltr`, `satisfaction`, `ease` or `other`.
    pub kind: IndicatorKind,
    /// Column holding the value.
    pub column: String,
    /// Its scale. Default 0-10 for `ltr`, 1-10 otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
}

/// A code in a cell: an integer (matching any cell with that integer value, so `9` matches
/// `"09"`) or a text (matching the trimmed cell exactly).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum Code {
    /// An integer code.
    Int(i64),
    /// A text code.
    Text(String),
}

impl Code {
    /// Whether a trimmed cell holds this code.
    pub fn matches(&self, cell: &str) -> bool {
        match self {
            Code::Int(n) => cell.parse::<i64>() == Ok(*n),
            Code::Text(t) => cell == t,
        }
    }

    fn from_text(text: &str) -> Self {
        let text = text.trim();
        match text.parse::<i64>() {
            Ok(n) => Code::Int(n),
            Err(_) => Code::Text(text.to_owned()),
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Int(n) => write!(f, "{n}"),
            Code::Text(t) => write!(f, "{t:?}"),
        }
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;

        impl Visitor<'_> for CodeVisitor {
            type Value = Code;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a string")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Code, E> {
                Ok(Code::Int(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Code, E> {
                i64::try_from(v)
                    .map(Code::Int)
                    .map_err(|_| E::custom("integer code too large"))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Code, E> {
                Ok(Code::from_text(v))
            }
        }

        deserializer.deserialize_any(CodeVisitor)
    }
}

/// Accepts one column reference or a list of them.
fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct OneOrMany;

    impl<'de> Visitor<'de> for OneOrMany {
        type Value = Vec<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a column reference or a list of column references")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
            Ok(vec![v.to_owned()])
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<String>()? {
                out.push(item);
            }
            Ok(out)
        }
    }

    deserializer.deserialize_any(OneOrMany)
}

fn default_header_rows() -> usize {
    1
}

fn default_scale() -> Scale {
    Scale { min: 1, max: 10 }
}

/// The syntax a mapping file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappingFormat {
    /// TOML (`.toml`).
    Toml,
    /// JSON (`.json`).
    Json,
}

impl MappingFormat {
    /// The format named by a file's extension (`.toml` or `.json`, any case), if any.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "toml" => Some(Self::Toml),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// A mapping file that cannot be read (syntax, unknown key, wrong type).
#[derive(Debug, Error)]
pub enum MappingError {
    /// The TOML text is malformed or does not fit the model.
    #[error("mapping (TOML): {0}")]
    Toml(#[from] toml::de::Error),
    /// The JSON text is malformed or does not fit the model.
    #[error("mapping (JSON): {0}")]
    Json(#[from] serde_json::Error),
}

impl Mapping {
    /// Reads a mapping written in `format`. Checks syntax and types only: see [`Mapping::validate`].
    pub fn parse(text: &str, format: MappingFormat) -> Result<Self, MappingError> {
        match format {
            MappingFormat::Toml => Self::from_toml(text),
            MappingFormat::Json => Self::from_json(text),
        }
    }

    /// Reads a TOML mapping.
    pub fn from_toml(text: &str) -> Result<Self, MappingError> {
        Ok(toml::from_str(text)?)
    }

    /// Reads a JSON mapping.
    pub fn from_json(text: &str) -> Result<Self, MappingError> {
        Ok(serde_json::from_str(text)?)
    }

    /// Checks the mapping on its own, before any file is seen: every error names its field.
    /// Column names are checked against a file's header by [`crate::parse`].
    pub fn validate(&self) -> Result<(), crate::ImportReport> {
        crate::compile::validate(self)
    }

    /// The header row holding column names, if any (1-based).
    pub(crate) fn effective_names_row(&self) -> Option<usize> {
        match self.names_row {
            Some(n) => Some(n),
            None if self.header_rows >= 1 => Some(1),
            None => None,
        }
    }
}
