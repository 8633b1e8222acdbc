//! The assessment method of Gapscope (sections 1 to 10 of METHOD.md) as pure functions: no I/O,
//! no clock. Storage hands in pre-aggregated [`cells`]; the API crate hands the results, all
//! `serde::Serialize` with snake_case fields, to its views.
//!
//! Modules, in the order a cycle is computed:
//!
//! - [`survey`]: scales ([`survey::Scale`] helpers), importance forms, indicator kinds and the
//!   [`survey::SurveySpec`] every computation reads;
//! - [`settings`]: organization settings (role weights, score weights, cohort thresholds,
//!   cross-hair mode) with their defaults and validation;
//! - [`cells`]: the integer sums storage keeps, [`cells::CellSet`] to pick a scope and
//!   [`cells::OwnedCells`] to merge an account's units across its AMs of record;
//! - [`fulfilment`]: section 2, gaps, weights, IWP, IWS and `F` for one set of values, and the
//!   inputs of one raw response in each importance form;
//! - [`account`]: section 3, role-weighted account means, retention score and risk cohort, per
//!   unit or per account ([`account::account_results_merged`]);
//! - [`nps`]: section 4, NPS and its margin of error;
//! - [`ipa`]: section 5, category results, quadrants, derived importance and none-form weights;
//! - [`lmg`]: section 5, the LMG decomposition of R-squared, ranks and hidden drivers;
//! - [`assessment`]: section 6, AM against peers (Welch, Benjamini-Hochberg, shrinkage);
//! - [`alerts`]: section 7, the six alert rules for one account and cycle;
//! - [`trends`]: cohort migration across cycles and hidden-risk accounts;
//! - [`funnel`]: funnel plots of AM values with 95% and 99.8% control limits;
//! - [`backtest`]: the AUC of a score against later churn;
//! - [`pairing`]: section 8, the optimal assignment of accounts to AMs (min-cost flow);
//! - [`training`]: section 9, team and individual training focus, and re-measurement;
//! - [`compensation`]: section 10, the compensation index, ranks and the bonus split.
//!
//! Every fallible function returns [`DomainError`], whose variants name the offending field;
//! pairing has its own [`pairing::PairingError`], which does the same.

pub mod account;
pub mod alerts;
pub mod assessment;
pub mod backtest;
pub mod cells;
pub mod compensation;
mod error;
pub mod fulfilment;
pub mod funnel;
pub mod ipa;
pub mod lmg;
pub mod nps;
pub mod pairing;
pub mod settings;
pub mod survey;
pub mod training;
pub mod trends;

pub use error::DomainError;
