//! The assessment method of Gapscope (sections 1 to 6 of METHOD.md) as pure functions: no I/O,
//! no clock. Storage hands in pre-aggregated [`cells`]; the API crate hands the results, all
//! `serde::Serialize` with snake_case fields, to its views.
//!
//! Modules, in the order a cycle is computed:
//!
//! - [`survey`]: scales ([`survey::Scale`] helpers), importance forms, indicator kinds and the
//!   [`survey::SurveySpec`] every computation reads;
//! - [`settings`]: organization settings (role weights, score weights, cohort thresholds,
//!   cross-hair mode) with their defaults and validation;
//! - [`cells`]: the integer sums storage keeps, and [`cells::CellSet`] to pick a scope;
//! - [`fulfilment`]: section 2, gaps, weights, IWP, IWS and `F` for one set of values, and the
//!   inputs of one raw response in each importance form;
//! - [`account`]: section 3, role-weighted account means, retention score and risk cohort;
//! - [`nps`]: section 4, NPS and its margin of error;
//! - [`ipa`]: section 5, category results, quadrants, derived importance and none-form weights;
//! - [`assessment`]: section 6, AM against peers (Welch, Benjamini-Hochberg, shrinkage).
//!
//! Every fallible function returns [`DomainError`], whose variants name the offending field.

pub mod account;
pub mod assessment;
pub mod cells;
mod error;
pub mod fulfilment;
pub mod ipa;
pub mod nps;
pub mod settings;
pub mod survey;

pub use error::DomainError;
