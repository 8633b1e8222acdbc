//! The handlers of API v1, one module per resource.

pub mod account_managers;
pub mod accounts;
pub mod alerts;
pub mod audit;
pub mod auth;
pub mod catalog;
pub mod decisions;
pub mod evidence;
pub mod funnel;
pub mod health;
pub mod imports;
pub mod pairings;
pub mod results;
pub mod settings;
pub mod tokens;
pub mod trends;
pub mod users;

use utoipa_actix_web::service_config::ServiceConfig;

/// Operations anyone may call without credentials; every other one needs a bearer token.
pub const PUBLIC_OPERATIONS: &[&str] = &["healthz", "login", "logout"];

/// Registers every v1 route together with its OpenAPI entry.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(auth::login)
        .service(auth::logout)
        .service(auth::logout_all)
        .service(auth::me)
        .service(catalog::list_cycles)
        .service(catalog::list_categories)
        .service(results::get_category_results)
        .service(account_managers::list_account_managers)
        .service(account_managers::get_account_manager_assessment)
        .service(account_managers::update_account_manager)
        .service(accounts::list_accounts)
        .service(accounts::get_account_assessment)
        .service(imports::create_import)
        .service(users::list_users)
        .service(users::create_user)
        .service(users::update_user)
        .service(users::set_password)
        .service(users::delete_user)
        .service(tokens::list_tokens)
        .service(tokens::create_token)
        .service(tokens::revoke_token)
        .service(settings::get_settings)
        .service(settings::put_settings)
        .service(settings::patch_settings)
        .service(audit::list_audit)
        .service(trends::get_account_trend)
        .service(trends::get_account_manager_trend)
        .service(trends::get_cohort_migration)
        .service(trends::get_hidden_risk)
        .service(funnel::get_funnel)
        .service(alerts::get_alert_overview)
        .service(alerts::evaluate_alerts)
        .service(alerts::list_alerts)
        .service(alerts::get_alert)
        .service(alerts::update_alert)
        .service(alerts::close_cycle)
        .service(evidence::get_derived_importance)
        .service(evidence::list_outcomes)
        .service(evidence::record_outcomes)
        .service(evidence::get_backtest)
        .service(decisions::get_team_focus)
        .service(decisions::get_am_focus)
        .service(decisions::get_compensation)
        .service(decisions::export_compensation)
        .service(pairings::create_pairing_proposal)
        .service(pairings::list_pairing_proposals)
        .service(pairings::apply_pairing_proposal);
}
