//! A mapping resolved against one file's header: what the row reader follows.

use std::collections::BTreeMap;

use gapscope_domain::survey::{ImportanceForm, Scale};

use crate::batch::{CategoryDef, IndicatorDef};
use crate::column::Col;
use crate::mapping::Code;
use crate::template::Template;

/// The roles a contact may have.
pub(crate) const ROLES: [&str; 4] = ["decision_maker", "influencer", "user", "unspecified"];

/// A mapping resolved against one file's header.
#[derive(Debug)]
pub(crate) struct Plan {
    pub(crate) cycle: Source,
    pub(crate) account: AccountPlan,
    pub(crate) account_manager: Option<AccountManagerPlan>,
    pub(crate) contact: ContactPlan,
    pub(crate) response_id: Option<Col>,
    pub(crate) submitted_at: Option<(Col, String)>,
    pub(crate) comment: Option<Col>,
    pub(crate) performance: Vec<RatingCol>,
    pub(crate) importance: ImportancePlan,
    pub(crate) indicators: Vec<RatingCol>,
    pub(crate) labels: BTreeMap<String, i32>,
    pub(crate) performance_scale: Scale,
    pub(crate) importance_form: ImportanceForm,
    pub(crate) category_defs: Vec<CategoryDef>,
    pub(crate) indicator_defs: Vec<IndicatorDef>,
}

/// A value from a column or a constant.
#[derive(Debug)]
pub(crate) enum Source {
    Column(Col),
    Constant(String),
}

/// The account's columns.
#[derive(Debug)]
pub(crate) struct AccountPlan {
    pub(crate) key: Vec<Col>,
    pub(crate) name: Option<Col>,
    pub(crate) name_template: Option<Template>,
    pub(crate) annual_value: Option<Col>,
}

/// The account manager's source and columns.
#[derive(Debug)]
pub(crate) struct AccountManagerPlan {
    pub(crate) source: Source,
    pub(crate) name: Option<Col>,
    pub(crate) name_template: Option<Template>,
    pub(crate) team: Option<Col>,
}

/// The contact's columns and role map.
#[derive(Debug)]
pub(crate) struct ContactPlan {
    pub(crate) id: Col,
    pub(crate) role: Option<Col>,
    pub(crate) roles: BTreeMap<String, String>,
}

/// A rating column with its scale and "don't know" codes.
#[derive(Debug)]
pub(crate) struct RatingCol {
    pub(crate) col: Col,
    pub(crate) scale: Scale,
    pub(crate) dont_know: Vec<Code>,
}

/// Where importance comes from, by form.
#[derive(Debug)]
pub(crate) enum ImportancePlan {
    None,
    Rating(Vec<RatingCol>),
    Pick(PickPlan),
}

/// The pick form's columns and codes.
#[derive(Debug)]
pub(crate) struct PickPlan {
    pub(crate) columns: Vec<Col>,
    pub(crate) k: usize,
    /// Pick code per category, aligned with the categories.
    pub(crate) codes: Vec<Code>,
    pub(crate) no_answer: Vec<Code>,
}
