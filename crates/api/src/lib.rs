//! Gapscope's REST API v1: actix-web handlers, each documented with utoipa.
//!
//! Errors: handlers return [`error::ApiError`], the one error type of this layer, which maps
//! storage and import errors to explicit statuses and a JSON body with a stable code. Routes are
//! registered through `utoipa-actix-web`, so a route cannot exist without its spec entry.
//!
//! The same application serves the Swagger UI at `/api/docs/` and the web dashboard at `/`
//! ([`dashboard`]).

pub mod analytics;
pub mod auth;
pub mod dashboard;
pub mod error;
pub mod paging;
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
    components(schemas(error::ErrorBody, gapscope_import::RowError))
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

        use utoipa::openapi::security::{ApiKey, ApiKeyValue};

        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(
                "A session JWT from /api/v1/auth/login, or an integration token (gsk_...)",
            ))
            .build();
        let cookie = ApiKey::Cookie(ApiKeyValue::with_description(
            auth::SESSION_COOKIE,
            "The browser session set by a login with `session: cookie` (HttpOnly). Requests \
             that change anything must also send the header `X-Gapscope-Csrf: 1`.",
        ));
        if let Some(components) = spec.components.as_mut() {
            components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
            components.add_security_scheme("cookie", SecurityScheme::ApiKey(cookie));
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
                // Every operation can fail unexpectedly or lose its database, and says so
                // with the one error body.
                let responses = &mut op.responses.responses;
                responses
                    .entry("500".into())
                    .or_insert_with(|| error("Unexpected error (details are logged)").into());
                responses
                    .entry("503".into())
                    .or_insert_with(|| error("The database is unavailable; retry later").into());
                if op
                    .operation_id
                    .as_deref()
                    .is_some_and(|id| routes::PUBLIC_OPERATIONS.contains(&id))
                {
                    continue;
                }
                op.security = Some(vec![
                    SecurityRequirement::new("bearer", Vec::<String>::new()),
                    SecurityRequirement::new("cookie", Vec::<String>::new()),
                ]);
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
    let methods = std::sync::Arc::new(MethodTable::new(&spec()));
    let cors_origins = state.limits.cors_origins.clone();
    // The docs UI and the spec route go first: the `/api/v1` scope would otherwise answer the
    // spec's path with a 404. Swagger UI's files come from the crate (`vendored`): the page
    // makes no request to any other host.
    let docs = utoipa_swagger_ui::SwaggerUi::new(format!("{}/{{_:.*}}", dashboard::DOCS_PATH))
        .url(SPEC_PATH, spec());
    let (app, _) = register(
        App::new()
            .route(
                dashboard::DOCS_PATH,
                web::get().to(|| async {
                    HttpResponse::PermanentRedirect()
                        .insert_header(("Location", format!("{}/", dashboard::DOCS_PATH)))
                        .finish()
                }),
            )
            .service(docs)
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .app_data(web::Data::new(state))
            .app_data(web::QueryConfig::default().error_handler(|err, _| query_error(&err).into()))
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

    // What no route took: a documented path with another method is a 405 naming the allowed
    // ones; every other GET outside `/api/` is the dashboard's (it routes on the client).
    // Known gap: HEAD is not answered on API routes (actix routes `#[get]` for GET only), so
    // HEAD on a documented path gets this 405; registering HEAD beside each GET would lift it.
    app.default_service(web::to(move |req: actix_web::HttpRequest| {
        let methods = methods.clone();
        async move {
            if let Some(allowed) = methods.allowed(req.path()) {
                return Err(ApiError::MethodNotAllowed {
                    method: req.method().to_string(),
                    allowed,
                });
            }
            let method = req.method();
            let is_read =
                method == actix_web::http::Method::GET || method == actix_web::http::Method::HEAD;
            if is_read && !req.path().starts_with("/api/") && req.path() != "/healthz" {
                return Ok(dashboard::serve(req).await);
            }
            Err::<HttpResponse, _>(ApiError::NotFound("no such route".into()))
        }
    }))
    .wrap(from_fn(catch_panics))
    .wrap(from_fn(content_policy))
    .wrap(cors(&cors_origins))
    .wrap(security_headers())
    .wrap(Logger::new("%a \"%r\" %s %b bytes %D ms"))
}

/// The methods of every documented path, to tell a wrong method (405) from a wrong path (404).
struct MethodTable(Vec<(actix_web::dev::ResourceDef, Vec<String>)>);

impl MethodTable {
    fn new(spec: &Spec) -> Self {
        let table = spec
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods: Vec<String> = [
                    ("GET", item.get.is_some()),
                    ("PUT", item.put.is_some()),
                    ("POST", item.post.is_some()),
                    ("DELETE", item.delete.is_some()),
                    ("PATCH", item.patch.is_some()),
                ]
                .into_iter()
                .filter(|(_, present)| *present)
                .map(|(method, _)| method.to_owned())
                .collect();
                // utoipa's path templates (`/accounts/{id}`) are actix patterns too.
                (actix_web::dev::ResourceDef::new(path.as_str()), methods)
            })
            .collect();
        Self(table)
    }

    /// The methods `path` answers, when it is a documented path; `None` otherwise.
    fn allowed(&self, path: &str) -> Option<Vec<String>> {
        self.0
            .iter()
            .find(|(def, _)| def.is_match(path))
            .map(|(_, methods)| methods.clone())
    }
}

/// A query-string error, naming the parameter where the parser's message does (serde reports
/// unknown and missing fields by name; a value that fails to parse is reported without it, so
/// such errors keep the field `query`).
fn query_error(err: &actix_web::error::QueryPayloadError) -> ApiError {
    let message = err.to_string();
    let named = ["unknown field `", "missing field `"]
        .iter()
        .find_map(|marker| message.split_once(marker))
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(name, _)| name.to_owned());
    ApiError::bad_request(named.unwrap_or_else(|| "query".into()), message)
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

/// Headers every response carries unless its handler chose otherwise: no sniffing, no framing,
/// no referrer, no caching. The content policy depends on the path ([`content_policy`]).
fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Cross-Origin-Resource-Policy", "same-origin"))
        .add(("Cache-Control", "no-store"))
}

/// Sets the content policy that fits the path (API, docs UI or dashboard).
async fn content_policy(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path().to_owned();
    let mut res = next.call(req).await?;
    dashboard::apply_policy(&path, res.headers_mut());
    Ok(res)
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
    log::info!(
        "serving Gapscope on http://{bind}/ (dashboard{}; API docs at {}/; spec at {SPEC_PATH})",
        if dashboard::available() {
            ""
        } else {
            " not built"
        },
        dashboard::DOCS_PATH
    );
    server.run().await
}
