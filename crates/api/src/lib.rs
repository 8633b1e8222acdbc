//! Gapscope's REST API v1: actix-web handlers, each documented with utoipa.
//!
//! Errors: handlers return [`error::ApiError`], the one error type of this layer, which maps
//! storage and import errors to explicit statuses and a JSON body with a stable code. Routes are
//! registered through `utoipa-actix-web`, so a route cannot exist without its spec entry.

pub mod analytics;
pub mod auth;
pub mod error;
pub mod routes;
pub mod state;
pub mod views;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{DefaultHeaders, Logger, Next, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use futures_util::FutureExt;
use utoipa::OpenApi;
use utoipa::openapi::OpenApi as Spec;
use utoipa_actix_web::{AppExt, UtoipaApp, scope};

use crate::error::ApiError;
pub use crate::state::{AppState, Limits};

/// The static part of the spec; paths and schemas come from the registered routes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Gapscope API",
        description = "Assess account managers from what their customers say: importance-weighted \
                       gaps, retention scores, NPS and each AM's standing against peers. Numbers \
                       follow the method document (METHOD.md).",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "catalog", description = "Cycles and categories"),
        (name = "results", description = "Category results and importance-performance analysis"),
        (name = "account_managers", description = "Account managers and their assessment"),
        (name = "accounts", description = "Accounts, retention scores and gaps"),
        (name = "imports", description = "Survey imports"),
        (name = "auth", description = "Logging in and out"),
        (name = "users", description = "Users and their roles (admins)"),
        (name = "tokens", description = "Integration tokens (admins)"),
        (name = "settings", description = "Organization settings"),
        (name = "audit", description = "The append-only audit log (admins)"),
        (name = "alerts", description = "Alerts per account, their lifecycle, and the overview per AM"),
        (name = "evidence", description = "Derived importance, renewal outcomes and the churn back-test"),
        (name = "decisions", description = "Training focus and the compensation index"),
        (name = "trends", description = "Trends across cycles, cohort migration, hidden risk, funnels"),
    ),
    components(schemas(error::ErrorBody))
)]
struct ApiDoc;

/// Declares the bearer scheme and puts it, with the 401 and 403 answers, on every operation
/// but the public ones, so no protected route can be documented as open.
struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, spec: &mut Spec) {
        use utoipa::openapi::security::{
            HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
        };
        use utoipa::openapi::{Ref, ResponseBuilder};

        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(
                "A session JWT from /api/v1/auth/login, or an integration token (gsk_...)",
            ))
            .build();
        if let Some(components) = spec.components.as_mut() {
            components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
        }
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    utoipa::openapi::ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build()
        };
        for item in spec.paths.paths.values_mut() {
            for op in operations(item) {
                if op
                    .operation_id
                    .as_deref()
                    .is_some_and(|id| routes::PUBLIC_OPERATIONS.contains(&id))
                {
                    continue;
                }
                op.security = Some(vec![SecurityRequirement::new(
                    "bearer",
                    Vec::<String>::new(),
                )]);
                let responses = &mut op.responses.responses;
                responses
                    .entry("401".into())
                    .or_insert_with(|| error("No valid credentials").into());
                responses
                    .entry("403".into())
                    .or_insert_with(|| error("Outside the caller's role").into());
            }
        }
    }
}

fn operations(
    item: &mut utoipa::openapi::PathItem,
) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.patch,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

/// Path of the served spec.
pub const SPEC_PATH: &str = "/api/v1/openapi.json";

fn register<T>(app: UtoipaApp<T>) -> UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    app.service(routes::health::healthz)
        .service(scope::scope("/api/v1").configure(routes::configure))
}

/// The OpenAPI document of every registered route.
pub fn spec() -> Spec {
    let (_, mut spec) =
        register(App::new().into_utoipa_app().openapi(ApiDoc::openapi())).split_for_parts();
    // After registration: the paths exist only now.
    utoipa::Modify::modify(&Security, &mut spec);
    spec
}

/// The spec as the committed `openapi/openapi.json` holds it (pretty JSON, final newline).
pub fn spec_json() -> String {
    let mut text = spec()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// The whole application: routes, spec, error handlers, logging and panic guard.
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let limit = state.limits.max_body_bytes;
    let cors_origins = state.limits.cors_origins.clone();
    // The spec route goes first: the `/api/v1` scope would otherwise answer it with a 404.
    let spec_json = spec().to_json().unwrap_or_default();
    let (app, _) = register(
        App::new()
            .route(
                SPEC_PATH,
                web::get().to(move || {
                    let body = spec_json.clone();
                    async move {
                        HttpResponse::Ok()
                            .content_type("application/json")
                            .body(body)
                    }
                }),
            )
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .app_data(web::Data::new(state))
            .app_data(
                web::QueryConfig::default()
                    .error_handler(|err, _| ApiError::bad_request("query", err.to_string()).into()),
            )
            .app_data(
                web::PathConfig::default()
                    .error_handler(|err, _| ApiError::bad_request("path", err.to_string()).into()),
            )
            .app_data(
                web::JsonConfig::default()
                    .limit(limit)
                    .error_handler(move |err, _| json_error(err, limit).into()),
            )
            .app_data(web::PayloadConfig::new(limit)),
    )
    .split_for_parts();

    // Known gap: a known path with a wrong method also lands here and answers 404, not 405;
    // giving each resource a default_service answering 405 with an Allow header would lift it.
    app.default_service(web::to(|| async {
        Err::<HttpResponse, _>(ApiError::NotFound("no such route".into()))
    }))
    .wrap(from_fn(catch_panics))
    .wrap(cors(&cors_origins))
    .wrap(security_headers())
    .wrap(Logger::new("%a \"%r\" %s %b bytes %D ms"))
}

/// A JSON body error: 413 over the size limit, 400 otherwise.
fn json_error(err: actix_web::error::JsonPayloadError, limit: usize) -> ApiError {
    use actix_web::error::JsonPayloadError;
    match err {
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::TooLarge { limit }
        }
        other => ApiError::bad_request("body", other.to_string()),
    }
}

/// Headers every response carries: no sniffing, no framing, no referrer, no caching, and a
/// content policy that lets an API response load nothing.
fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "no-referrer"))
        .add((
            "Content-Security-Policy",
            "default-src 'none'; frame-ancestors 'none'",
        ))
        .add(("Cross-Origin-Resource-Policy", "same-origin"))
        .add(("Cache-Control", "no-store"))
}

/// CORS, closed unless origins are allowed (`GAPSCOPE_CORS_ORIGINS`).
fn cors(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            actix_web::http::header::AUTHORIZATION,
            actix_web::http::header::CONTENT_TYPE,
        ])
        .max_age(600)
}

/// Turns a panic inside a handler into a logged 500 with the usual error body.
///
/// The error is returned as an `Err`, which actix renders through [`ApiError`]'s
/// `ResponseError` impl; holding a clone of the request here instead would break routing.
async fn catch_panics(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path().to_owned();
    match std::panic::AssertUnwindSafe(next.call(req))
        .catch_unwind()
        .await
    {
        Ok(res) => res,
        Err(_) => Err(ApiError::Internal(format!("panic while serving {path}")).into()),
    }
}

/// Serves the API on `bind` until the process is stopped.
pub async fn serve(state: AppState, bind: &str) -> std::io::Result<()> {
    let server = HttpServer::new(move || app(state.clone())).bind(bind)?;
    // Logged once the address is bound, so the line never announces a server that failed.
    log::info!("serving Gapscope API on http://{bind}/ (spec at {SPEC_PATH})");
    server.run().await
}
