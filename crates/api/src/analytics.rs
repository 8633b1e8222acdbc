//! Loads one cycle's aggregates and runs the method over them.
//!
//! Handlers read through [`CycleContext`]: one load of the cycle's pre-aggregated cells (never
//! the ratings), then the domain crate computes every number for whatever scope is asked.

use std::collections::{BTreeMap, BTreeSet};

use gapscope_domain::account::{
    AccountResult, account_result, account_results, account_results_merged,
};
use gapscope_domain::assessment::{CycleAssessment, assess_cycle, cycle_measures};
use gapscope_domain::cells::{CellSet, MERGED_ACCOUNT_MANAGER, Unit};
use gapscope_domain::ipa::{DerivedWeights, derived_importance, none_form_weights};
use gapscope_domain::nps::{Nps, nps_of_cells};
use gapscope_domain::settings::Settings;
use gapscope_domain::survey::{IndicatorKind, IndicatorSpec, SurveySpec};
use gapscope_store::{Category, Cycle, CycleCells, Indicator, Store};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::caller::Visibility;
use crate::error::{ApiError, ApiResult};
use crate::routes::catalog::resolve_cycle;

/// Everything needed to compute one cycle's numbers.
pub struct CycleContext {
    /// The cycle.
    pub cycle: Cycle,
    /// The categories with data in this cycle, in survey order.
    pub categories: Vec<Category>,
    /// The indicators with data in this cycle.
    pub indicators: Vec<Indicator>,
    /// The organization's settings.
    pub settings: Settings,
    /// The survey as the domain sees it.
    pub spec: SurveySpec,
    /// Fewest responses before an account manager sees a single account's or AM's breakdown.
    pub anonymity_threshold: i64,
    cells: CycleCells,
    derived_weights: DerivedWeights,
    ams_by_account: BTreeMap<i64, BTreeSet<i64>>,
}

impl CycleContext {
    /// Loads the cycle named by `key` (the latest when `None`) with its cells and settings.
    pub fn load(store: &Store, org_id: i64, key: Option<&str>) -> ApiResult<Self> {
        let cycle = resolve_cycle(store, org_id, key)?;
        let cells = store.cycle_cells(org_id, cycle.id)?;
        let org_settings = org_settings(store, org_id)?;
        let (settings, anonymity_threshold) =
            (org_settings.method, org_settings.anonymity_threshold);

        let categories: Vec<Category> = store
            .categories(org_id)?
            .into_iter()
            .filter(|c| cells.categories.iter().any(|cell| cell.category == c.id))
            .collect();
        let indicators: Vec<Indicator> = store
            .indicators(org_id)?
            .into_iter()
            .filter(|i| cells.indicators.iter().any(|cell| cell.indicator == i.id))
            .collect();
        let spec = SurveySpec {
            performance_scale: cycle.performance_scale,
            importance_form: cycle.importance_form,
            categories: categories.iter().map(|c| c.id).collect(),
            indicators: indicators
                .iter()
                .map(|i| IndicatorSpec {
                    indicator: i.id,
                    kind: i.kind,
                    scale: i.scale,
                })
                .collect(),
        };
        let all = CellSet::new(&cells.categories, &cells.indicators, &cells.responses);
        let derived_weights = none_form_weights(&derived_importance(&all, &spec));
        let mut ams_by_account: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
        for cell in &cells.responses {
            ams_by_account
                .entry(cell.account)
                .or_default()
                .insert(cell.account_manager);
        }
        Ok(Self {
            cycle,
            categories,
            indicators,
            settings,
            spec,
            anonymity_threshold,
            cells,
            derived_weights,
            ams_by_account,
        })
    }

    /// Every cell of the cycle.
    pub fn all(&self) -> CellSet<'_> {
        CellSet::new(
            &self.cells.categories,
            &self.cells.indicators,
            &self.cells.responses,
        )
    }

    /// The organization's none-form weights for this cycle (section 5).
    pub fn derived_weights(&self) -> &DerivedWeights {
        &self.derived_weights
    }

    /// Section 3 for every (account, AM of record) unit of the cycle.
    pub fn unit_results(&self) -> Vec<AccountResult> {
        account_results(
            &self.all(),
            &self.spec,
            &self.settings,
            &self.derived_weights,
        )
    }

    /// Section 3 for one account over all its responses of the cycle, whoever held it.
    pub fn account_result(&self, account: i64) -> AccountResult {
        let only = self.all().for_account(account);
        let mut results =
            account_results_merged(&only, &self.spec, &self.settings, &self.derived_weights);
        results.pop().unwrap_or_else(|| {
            let unit = Unit {
                account,
                account_manager: MERGED_ACCOUNT_MANAGER,
            };
            account_result(
                unit,
                &only,
                &self.spec,
                &self.settings,
                &self.derived_weights,
            )
        })
    }

    /// Section 3 for every account answered in the cycle, each over all its responses.
    pub fn account_results(&self) -> Vec<AccountResult> {
        account_results_merged(
            &self.all(),
            &self.spec,
            &self.settings,
            &self.derived_weights,
        )
    }

    /// Section 6 for every AM and measure of the cycle, q-values over all of them.
    pub fn assessment(&self) -> CycleAssessment {
        assess_cycle(&cycle_measures(&self.unit_results(), &self.spec))
    }

    /// NPS of a scope; `None` when the cycle has no likelihood-to-recommend indicator.
    pub fn nps(&self, cells: &CellSet<'_>) -> Option<Nps> {
        let ltr = self.spec.indicator_of_kind(IndicatorKind::Ltr)?;
        Some(nps_of_cells(cells, ltr.indicator))
    }

    /// The category's reference for views.
    pub fn category(&self, id: i64) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The indicator's reference for views.
    pub fn indicator(&self, id: i64) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// Whether `account` is visible under `visibility` in this cycle: answered under a visible
    /// AM, or not answered at all and owned by a visible AM now. Answers given under another AM
    /// stay with that AM: a new owner does not see them.
    pub fn account_visible(
        &self,
        visibility: &Visibility,
        account: &gapscope_store::Account,
    ) -> bool {
        match self.ams_by_account.get(&account.id) {
            Some(ams) => ams.iter().any(|&am| visibility.allows(am)),
            None => account
                .current_account_manager
                .is_some_and(|am| visibility.allows(am)),
        }
    }

    /// Section 3 for every account answered in the cycle, over the responses under visible AMs.
    pub fn visible_account_results(&self, visibility: &Visibility) -> Vec<AccountResult> {
        let cells = self.visible_cells(visibility);
        account_results_merged(&cells, &self.spec, &self.settings, &self.derived_weights)
    }

    /// The cells a caller with `visibility` may compute from: only units under visible AMs.
    pub fn visible_cells(&self, visibility: &Visibility) -> CellSet<'_> {
        self.all().filter(|u| visibility.allows(u.account_manager))
    }

    /// Section 3 for one account over the responses given under AMs in `visibility`.
    pub fn visible_account_result(&self, account: i64, visibility: &Visibility) -> AccountResult {
        let only = self.visible_cells(visibility).for_account(account);
        let mut results =
            account_results_merged(&only, &self.spec, &self.settings, &self.derived_weights);
        results.pop().unwrap_or_else(|| {
            let unit = Unit {
                account,
                account_manager: MERGED_ACCOUNT_MANAGER,
            };
            account_result(
                unit,
                &only,
                &self.spec,
                &self.settings,
                &self.derived_weights,
            )
        })
    }

    /// Responses of `account` in this cycle per contact role, in role order.
    pub fn roles_answered(&self, account: i64) -> Vec<(String, i64)> {
        let mut roles: BTreeMap<String, i64> = BTreeMap::new();
        for cell in self.all().for_account(account).responses {
            *roles.entry(cell.role.clone()).or_default() += cell.responses;
        }
        roles.into_iter().collect()
    }

    /// The AMs of record under whom `account` answered in this cycle.
    pub fn account_managers_of(&self, account: i64) -> Vec<i64> {
        self.ams_by_account
            .get(&account)
            .map(|ams| ams.iter().copied().collect())
            .unwrap_or_default()
    }
}

/// An organization's settings: the method's, plus who may see what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OrgSettings {
    /// Role weights, score weights, cohort thresholds and the IPA cross-hair mode.
    #[serde(flatten)]
    pub method: Settings,
    /// Fewest responses a single account or AM needs before an account manager sees its
    /// breakdown (below it the figures are withheld, so no one customer's answers show).
    #[serde(default = "default_anonymity_threshold")]
    pub anonymity_threshold: i64,
    /// Whether account managers may read their customers' free-text comments.
    #[serde(default)]
    pub comments_visible_to_account_managers: bool,
}

fn default_anonymity_threshold() -> i64 {
    3
}

impl Default for OrgSettings {
    fn default() -> Self {
        Self {
            method: Settings::default(),
            anonymity_threshold: default_anonymity_threshold(),
            comments_visible_to_account_managers: false,
        }
    }
}

impl OrgSettings {
    /// Checks every rule; the error names the field.
    pub fn validate(&self) -> ApiResult<()> {
        self.method
            .validate()
            .map_err(|e| ApiError::unprocessable(e.field().to_owned(), e.reason()))?;
        if self.anonymity_threshold < 1 {
            return Err(ApiError::unprocessable(
                "anonymity_threshold",
                "must be at least 1",
            ));
        }
        Ok(())
    }
}

/// The organization's settings, validated; stored settings that fail validation are a 500
/// because the settings API refuses them on the way in.
pub fn org_settings(store: &Store, org_id: i64) -> ApiResult<OrgSettings> {
    let org = store
        .organization_by_id(org_id)?
        .ok_or_else(|| ApiError::NotFound("organization not found".into()))?;
    let settings: OrgSettings = serde_json::from_str(&org.settings)
        .map_err(|e| ApiError::Internal(format!("stored settings of org {org_id}: {e}")))?;
    settings
        .validate()
        .map_err(|e| ApiError::Internal(format!("stored settings of org {org_id}: {e}")))?;
    Ok(settings)
}
