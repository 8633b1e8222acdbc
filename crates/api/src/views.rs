//! Shared JSON shapes of the API that mirror domain or storage types.

use gapscope_domain::survey::{ImportanceForm, Scale};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// An inclusive integer rating scale.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct ScaleView {
    /// Lowest valid rating.
    pub min: i32,
    /// Highest valid rating.
    pub max: i32,
}

impl From<Scale> for ScaleView {
    fn from(s: Scale) -> Self {
        Self {
            min: s.min,
            max: s.max,
        }
    }
}

/// How a cycle asked for stated importance.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportanceFormView {
    /// `rating`, `pick` or `none`.
    pub form: String,
    /// The importance scale (rating form only).
    pub scale: Option<ScaleView>,
    /// The most categories one respondent could pick (pick form only).
    pub k: Option<u32>,
}

impl From<ImportanceForm> for ImportanceFormView {
    fn from(f: ImportanceForm) -> Self {
        match f {
            ImportanceForm::Rating { scale } => Self {
                form: "rating".into(),
                scale: Some(scale.into()),
                k: None,
            },
            ImportanceForm::Pick { k } => Self {
                form: "pick".into(),
                scale: None,
                k: Some(k),
            },
            ImportanceForm::None => Self {
                form: "none".into(),
                scale: None,
                k: None,
            },
        }
    }
}

/// The `cycle` query parameter shared by every read.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CycleQuery {
    /// Cycle key; the latest cycle when omitted.
    pub cycle: Option<String>,
}

/// A category as other views name it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CategoryRef {
    /// Storage id.
    pub id: i64,
    /// Stable key.
    pub key: String,
    /// Display name.
    pub name: String,
}

impl From<&gapscope_store::Category> for CategoryRef {
    fn from(c: &gapscope_store::Category) -> Self {
        Self {
            id: c.id,
            key: c.key.clone(),
            name: c.name.clone(),
        }
    }
}

/// An indicator as other views name it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndicatorRef {
    /// Storage id.
    pub id: i64,
    /// Stable key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// What it measures.
    pub kind: gapscope_domain::survey::IndicatorKind,
    /// Its rating scale.
    pub scale: ScaleView,
}

impl From<&gapscope_store::Indicator> for IndicatorRef {
    fn from(i: &gapscope_store::Indicator) -> Self {
        Self {
            id: i.id,
            key: i.key.clone(),
            name: i.name.clone(),
            kind: i.kind,
            scale: i.scale.into(),
        }
    }
}

/// An account manager as other views name it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccountManagerRef {
    /// Storage id.
    pub id: i64,
    /// Stable external id from the survey files.
    pub external_id: String,
    /// Display name.
    pub name: String,
    /// Team, when known.
    pub team: Option<String>,
}

impl From<&gapscope_store::AccountManager> for AccountManagerRef {
    fn from(am: &gapscope_store::AccountManager) -> Self {
        Self {
            id: am.id,
            external_id: am.external_id.clone(),
            name: am.name.clone(),
            team: am.team.clone(),
        }
    }
}

/// An account as other views name it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccountRef {
    /// Storage id.
    pub id: i64,
    /// Stable external id from the survey files.
    pub external_id: String,
    /// Display name.
    pub name: String,
    /// Annual value, when known.
    pub annual_value: Option<f64>,
    /// The account manager who owns it now, if any.
    pub current_account_manager: Option<i64>,
}

impl From<&gapscope_store::Account> for AccountRef {
    fn from(a: &gapscope_store::Account) -> Self {
        Self {
            id: a.id,
            external_id: a.external_id.clone(),
            name: a.name.clone(),
            annual_value: a.annual_value,
            current_account_manager: a.current_account_manager,
        }
    }
}
