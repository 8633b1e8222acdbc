//! The handlers of API v1, one module per resource.

pub mod account_managers;
pub mod accounts;
pub mod catalog;
pub mod health;
pub mod imports;
pub mod results;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every v1 route together with its OpenAPI entry.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(catalog::list_cycles)
        .service(catalog::list_categories)
        .service(results::get_category_results)
        .service(account_managers::list_account_managers)
        .service(account_managers::get_account_manager_assessment)
        .service(accounts::list_accounts)
        .service(accounts::get_account_assessment)
        .service(imports::create_import);
}
