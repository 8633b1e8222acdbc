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
        Self { min: s.min, max: s.max }
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
            ImportanceForm::Rating { scale } => {
                Self { form: "rating".into(), scale: Some(scale.into()), k: None }
            }
            ImportanceForm::Pick { k } => Self { form: "pick".into(), scale: None, k: Some(k) },
            ImportanceForm::None => Self { form: "none".into(), scale: None, k: None },
        }
    }
}

/// The `cycle` query parameter shared by every read.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CycleQuery {
    /// Cycle key; the latest cycle when omitted.
    pub cycle: Option<String>,
}
