//! Liveness and readiness.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiResult;
use crate::error::ErrorBody;
use crate::state::AppState;

/// The health report.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` when the database answers.
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
}

/// Reports whether the server and its database answer.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "The server and its database answer", body = Health),
        (status = 503, description = "The database does not answer", body = ErrorBody),
    )
)]
#[get("/healthz")]
pub async fn healthz(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let store = state.store.clone();
    web::block(move || store.is_empty()).await??;
    let database = match state.store.backend() {
        gapscope_store::Backend::Sqlite => "sqlite",
        gapscope_store::Backend::Postgres => "postgres",
    };
    Ok(HttpResponse::Ok().json(Health {
        status: "ok".into(),
        database: database.into(),
    }))
}
