//! The validated result of parsing one survey export: what storage writes, in one transaction.
//!
//! Every external id here is the stable key the re-import relies on: importing the same file
//! twice yields the same batch, and storage turns an identical batch into no change.

use chrono::NaiveDateTime;
use gapscope_domain::survey::{ImportanceForm, IndicatorKind, Scale};
use serde::Serialize;

/// A survey export, parsed and validated against its mapping.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Batch {
    /// The performance scale of every category.
    pub performance_scale: Scale,
    /// How importance was asked.
    pub importance_form: ImportanceForm,
    /// The categories, in mapping order; ratings below are aligned with this list.
    pub categories: Vec<CategoryDef>,
    /// The key indicators, in mapping order; indicator values are aligned with this list.
    pub indicators: Vec<IndicatorDef>,
    /// Distinct cycle keys, in order of first appearance.
    pub cycles: Vec<String>,
    /// Distinct account managers, in order of first appearance.
    pub account_managers: Vec<AccountManagerDef>,
    /// Distinct accounts, in order of first appearance.
    pub accounts: Vec<AccountDef>,
    /// One entry per data row.
    pub responses: Vec<ResponseRow>,
}

/// A service category as the mapping names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryDef {
    /// Stable key, e.g. `communication`.
    pub key: String,
    /// Display name.
    pub name: String,
}

/// A key indicator as the mapping names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorDef {
    /// Stable key, e.g. `ltr`.
    pub key: String,
    /// Display name.
    pub name: String,
    /// What it measures.
    pub kind: IndicatorKind,
    /// Its rating scale.
    pub scale: Scale,
}

/// An account manager named by the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountManagerDef {
    /// Stable external id (the value in the AM column).
    pub external_id: String,
    /// Display name (the external id when the file has no name column).
    pub name: String,
    /// Optional team.
    pub team: Option<String>,
}

/// An account named by the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountDef {
    /// Stable external id: the account key columns joined with `/`.
    pub external_id: String,
    /// Display name (the external id when the file has no name column).
    pub name: String,
    /// Annual value, when mapped.
    pub annual_value: Option<f64>,
}

/// One contact's answers in one cycle: one data row of the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseRow {
    /// 1-based line number of the row in the file (header rows included), for error reports.
    pub row: usize,
    /// Stable external id of the response (mapped column, or `cycle/contact`).
    pub external_id: String,
    /// Cycle key.
    pub cycle: String,
    /// Account external id.
    pub account: String,
    /// Account manager external id, when the file names one.
    pub account_manager: Option<String>,
    /// Contact external id.
    pub contact: String,
    /// Contact role key (`decision_maker`, `influencer`, `user` or `unspecified`).
    pub contact_role: String,
    /// Submission time, when mapped.
    pub submitted_at: Option<NaiveDateTime>,
    /// Raw importance per category (aligned with `Batch::categories`): a rating on the importance
    /// scale, 1/0 for picked/not picked in the pick form, `None` when not answered or the none form.
    pub importance: Vec<Option<i32>>,
    /// Performance per category, `None` for missing or "don't know".
    pub performance: Vec<Option<i32>>,
    /// Indicator values (aligned with `Batch::indicators`), `None` for missing or "don't know".
    pub indicators: Vec<Option<i32>>,
    /// Optional free-text comment.
    pub comment: Option<String>,
}
