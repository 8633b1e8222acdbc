//! Row types: what the store returns (public, `Serialize`) and the rows it writes.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use gapscope_domain::survey::{ImportanceForm, IndicatorKind, Scale};
use serde::Serialize;

use crate::schema::{
    account_managers, accounts, assignments, categories, cycles, indicators, organizations,
};

/// One tenant. `settings` is a JSON object the API crate parses and validates.
#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = organizations)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Organization {
    /// Storage id.
    pub id: i64,
    /// Unique name.
    pub name: String,
    /// Settings as JSON text (`{}` when never set).
    pub settings: String,
    /// When it was created (UTC).
    pub created_at: NaiveDateTime,
}

/// One survey round with its scales and importance form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cycle {
    /// Storage id.
    pub id: i64,
    /// Owning organization.
    pub org_id: i64,
    /// Key, sorting chronologically (e.g. `2015`, `2026-Q3`).
    pub key: String,
    /// The performance scale of every category.
    pub performance_scale: Scale,
    /// How importance was asked.
    pub importance_form: ImportanceForm,
    /// The indicator paired with category performance for correlations: the LTR indicator of
    /// the first import of this cycle, else its satisfaction indicator, else none.
    pub outcome_indicator_id: Option<i64>,
    /// When it was created (UTC).
    pub created_at: NaiveDateTime,
    /// When it was closed ([`crate::Store::close_cycle`]), if it was (UTC).
    pub closed_at: Option<NaiveDateTime>,
    /// Number of stored responses in this cycle.
    pub responses: i64,
}

/// A service category the organization measures.
#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = categories)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Category {
    /// Storage id.
    pub id: i64,
    /// Owning organization.
    pub org_id: i64,
    /// Stable key, e.g. `communication`.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Display order (0-based, in order of first import).
    pub position: i32,
}

/// A single-question key indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// Storage id.
    pub id: i64,
    /// Owning organization.
    pub org_id: i64,
    /// Stable key, e.g. `ltr`.
    pub key: String,
    /// Display name.
    pub name: String,
    /// What it measures.
    pub kind: IndicatorKind,
    /// Its rating scale.
    pub scale: Scale,
}

/// An account manager.
#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = account_managers)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct AccountManager {
    /// Storage id.
    pub id: i64,
    /// Owning organization.
    pub org_id: i64,
    /// Stable external id from the survey files.
    pub external_id: String,
    /// Display name.
    pub name: String,
    /// Team, when known.
    pub team: Option<String>,
    /// When it was created (UTC).
    pub created_at: NaiveDateTime,
}

/// A customer account with its current owner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Account {
    /// Storage id.
    pub id: i64,
    /// Owning organization.
    pub org_id: i64,
    /// Stable external id from the survey files.
    pub external_id: String,
    /// Display name.
    pub name: String,
    /// Annual value, when known.
    pub annual_value: Option<f64>,
    /// When it was created (UTC).
    pub created_at: NaiveDateTime,
    /// The account manager of the open assignment, if any.
    pub current_account_manager: Option<i64>,
}

/// One period of an account's ownership.
#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = assignments)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Assignment {
    /// Storage id.
    pub id: i64,
    /// Owning organization.
    pub org_id: i64,
    /// The account.
    pub account_id: i64,
    /// The account manager who owned it.
    pub account_manager_id: i64,
    /// Start of the period (inclusive, UTC).
    pub valid_from: NaiveDateTime,
    /// End of the period (exclusive, UTC); `None` for the current owner.
    pub valid_to: Option<NaiveDateTime>,
    /// Why it started, e.g. `import <import id>`.
    pub reason: String,
}

/// An `accounts` row as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub(crate) struct AccountRow {
    pub id: i64,
    pub org_id: i64,
    pub external_id: String,
    pub name: String,
    pub annual_value: Option<f64>,
    pub created_at: NaiveDateTime,
}

impl AccountRow {
    /// The public account, given its current owner.
    pub(crate) fn with_owner(self, owner: Option<i64>) -> Account {
        Account {
            id: self.id,
            org_id: self.org_id,
            external_id: self.external_id,
            name: self.name,
            annual_value: self.annual_value,
            created_at: self.created_at,
            current_account_manager: owner,
        }
    }
}

/// An `indicators` row as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = indicators)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub(crate) struct IndicatorRow {
    pub id: i64,
    pub org_id: i64,
    pub key: String,
    pub name: String,
    pub kind: String,
    pub scale_min: i32,
    pub scale_max: i32,
}

impl IndicatorRow {
    /// The public indicator, failing on a kind this version does not know.
    pub(crate) fn into_indicator(self) -> Result<Indicator, diesel::result::Error> {
        Ok(Indicator {
            kind: kind_from_str(&self.kind)?,
            scale: Scale {
                min: self.scale_min,
                max: self.scale_max,
            },
            id: self.id,
            org_id: self.org_id,
            key: self.key,
            name: self.name,
        })
    }
}

/// A `cycles` row as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cycles)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub(crate) struct CycleRow {
    pub id: i64,
    pub org_id: i64,
    pub key: String,
    pub performance_min: i32,
    pub performance_max: i32,
    pub importance_form: String,
    pub importance_min: Option<i32>,
    pub importance_max: Option<i32>,
    pub pick_k: Option<i32>,
    pub outcome_indicator_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
}

impl CycleRow {
    /// The performance scale.
    pub(crate) fn performance_scale(&self) -> Scale {
        Scale {
            min: self.performance_min,
            max: self.performance_max,
        }
    }

    /// The importance form, failing on a stored form this version cannot read.
    pub(crate) fn importance_form(&self) -> Result<ImportanceForm, diesel::result::Error> {
        match (
            self.importance_form.as_str(),
            self.importance_min,
            self.importance_max,
            self.pick_k,
        ) {
            ("rating", Some(min), Some(max), _) => Ok(ImportanceForm::Rating {
                scale: Scale { min, max },
            }),
            ("pick", _, _, Some(k)) => u32::try_from(k)
                .map(|k| ImportanceForm::Pick { k })
                .map_err(|_| corrupt(format!("cycle {} has pick_k {k}", self.id))),
            ("none", _, _, _) => Ok(ImportanceForm::None),
            (form, ..) => Err(corrupt(format!(
                "cycle {} has an incomplete importance form `{form}`",
                self.id
            ))),
        }
    }

    /// The public cycle with its response count.
    pub(crate) fn into_cycle(self, responses: i64) -> Result<Cycle, diesel::result::Error> {
        Ok(Cycle {
            performance_scale: self.performance_scale(),
            importance_form: self.importance_form()?,
            id: self.id,
            org_id: self.org_id,
            key: self.key,
            outcome_indicator_id: self.outcome_indicator_id,
            created_at: self.created_at,
            closed_at: self.closed_at,
            responses,
        })
    }
}

/// The stored text of an indicator kind.
pub(crate) fn kind_to_str(kind: IndicatorKind) -> &'static str {
    match kind {
        IndicatorKind::Ltr => "ltr",
        IndicatorKind::Satisfaction => "satisfaction",
        IndicatorKind::Ease => "ease",
        IndicatorKind::Other => "other",
    }
}

/// The indicator kind of its stored text.
fn kind_from_str(s: &str) -> Result<IndicatorKind, diesel::result::Error> {
    match s {
        "ltr" => Ok(IndicatorKind::Ltr),
        "satisfaction" => Ok(IndicatorKind::Satisfaction),
        "ease" => Ok(IndicatorKind::Ease),
        "other" => Ok(IndicatorKind::Other),
        other => Err(corrupt(format!("unknown indicator kind `{other}`"))),
    }
}

/// The stored columns (form, importance min, importance max, pick k) of an importance form.
pub(crate) fn form_columns(
    form: &ImportanceForm,
) -> (&'static str, Option<i32>, Option<i32>, Option<i32>) {
    match form {
        ImportanceForm::Rating { scale } => ("rating", Some(scale.min), Some(scale.max), None),
        // A k beyond i32 is absurd for a pick list; saturate rather than fail.
        ImportanceForm::Pick { k } => (
            "pick",
            None,
            None,
            Some(i32::try_from(*k).unwrap_or(i32::MAX)),
        ),
        ImportanceForm::None => ("none", None, None, None),
    }
}

/// A deserialization error for a stored value this version cannot read.
fn corrupt(message: String) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(message.into())
}
