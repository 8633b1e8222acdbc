//! Survey imports over HTTP: the same path as `gapscope import`.

use actix_multipart::Multipart;
use actix_web::{HttpResponse, post, web};
use futures_util::StreamExt;
use gapscope_import::Mapping;
use gapscope_store::{ImportOptions, ImportSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::ErrorBody;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Query parameters of an import.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// Validate and report what would be written, without writing anything.
    #[serde(default)]
    pub dry_run: bool,
}

/// The multipart form of an import.
#[derive(Debug, ToSchema)]
#[expect(
    dead_code,
    reason = "documents the multipart body for the spec; parsed by hand"
)]
pub struct ImportForm {
    /// The mapping file, TOML or JSON (see the mapping format in the README).
    #[schema(value_type = String, format = Binary)]
    mapping: Vec<u8>,
    /// The survey export, CSV.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// What an import wrote, or would write on a dry run.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportSummaryView {
    /// Id of the stored import; absent on a dry run.
    pub import_id: Option<String>,
    /// Whether this was a dry run (nothing written).
    pub dry_run: bool,
    /// Data rows read.
    pub rows: usize,
    /// Responses added.
    pub responses_inserted: usize,
    /// Stored responses whose answers changed.
    pub responses_updated: usize,
    /// Responses already stored exactly as in the file.
    pub responses_unchanged: usize,
    /// Cycles added.
    pub cycles_created: usize,
    /// Categories added.
    pub categories_created: usize,
    /// Indicators added.
    pub indicators_created: usize,
    /// Account managers added.
    pub account_managers_created: usize,
    /// Accounts added.
    pub accounts_created: usize,
    /// Contacts added.
    pub contacts_created: usize,
    /// Accounts whose owner changed (new assignment history rows).
    pub assignments_changed: usize,
}

impl From<ImportSummary> for ImportSummaryView {
    fn from(s: ImportSummary) -> Self {
        Self {
            import_id: s.import_id,
            dry_run: s.dry_run,
            rows: s.rows,
            responses_inserted: s.responses_inserted,
            responses_updated: s.responses_updated,
            responses_unchanged: s.responses_unchanged,
            cycles_created: s.cycles_created,
            categories_created: s.categories_created,
            indicators_created: s.indicators_created,
            account_managers_created: s.account_managers_created,
            accounts_created: s.accounts_created,
            contacts_created: s.contacts_created,
            assignments_changed: s.assignments_changed,
        }
    }
}

/// Imports a survey export: a CSV file and its mapping, as `multipart/form-data`.
///
/// Every row is validated first; with any error nothing is written and the 422 body lists
/// all of them with row, column and reason. Re-importing the same file changes nothing.
#[utoipa::path(
    tag = "imports",
    params(ImportQuery),
    request_body(content = ImportForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Dry run: what would be written", body = ImportSummaryView),
        (status = 201, description = "Imported", body = ImportSummaryView),
        (status = 400, description = "Malformed form or mapping", body = ErrorBody),
        (status = 409, description = "Conflicts with stored cycles or indicators", body = ErrorBody),
        (status = 413, description = "Body over the size limit", body = ErrorBody),
        (status = 422, description = "Rows failed validation; nothing written", body = ErrorBody),
        (status = 500, description = "Unexpected error", body = ErrorBody),
    )
)]
#[post("/imports")]
pub async fn create_import(
    state: web::Data<AppState>,
    caller: Caller,
    req: actix_web::HttpRequest,
    query: web::Query<ImportQuery>,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    caller.require_import()?;
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|len| len > state.limits.max_body_bytes) {
        return Err(ApiError::TooLarge {
            limit: state.limits.max_body_bytes,
        });
    }
    let parts = read_parts(payload, state.limits.max_body_bytes).await?;
    let mapping = parse_mapping(&parts)?;
    let data = parts
        .file
        .ok_or_else(|| ApiError::bad_request("file", "the form has no `file` part"))?;

    let dry_run = query.dry_run;
    let (store, org, actor) = (state.store.clone(), caller.org_id, caller.actor());
    let file_name = parts.file_name;
    let summary = web::block(move || -> ApiResult<ImportSummary> {
        let batch = gapscope_import::parse(&mapping, &data).map_err(ApiError::Import)?;
        let opts = ImportOptions {
            dry_run,
            file_name,
            actor,
        };
        Ok(store.import(org, &batch, &opts)?)
    })
    .await??;

    let mut response = if dry_run {
        HttpResponse::Ok()
    } else {
        HttpResponse::Created()
    };
    Ok(response.json(ImportSummaryView::from(summary)))
}

#[derive(Default)]
struct Parts {
    mapping: Option<(Vec<u8>, Option<String>)>,
    file: Option<Vec<u8>>,
    file_name: Option<String>,
}

async fn read_parts(mut payload: Multipart, limit: usize) -> ApiResult<Parts> {
    let mut parts = Parts::default();
    // Counts the parts' contents; a declared Content-Length over the limit is refused before
    // reading (see `create_import`), so padding between parts cannot slip past either.
    let mut total = 0usize;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|e| ApiError::bad_request("body", e.to_string()))?;
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(str::to_owned);
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| ApiError::bad_request(name.clone(), e.to_string()))?;
            total += chunk.len();
            if total > limit {
                return Err(ApiError::TooLarge { limit });
            }
            bytes.extend_from_slice(&chunk);
        }
        let duplicate = match name.as_str() {
            "mapping" => parts.mapping.replace((bytes, file_name)).is_some(),
            "file" => {
                parts.file_name = file_name;
                parts.file.replace(bytes).is_some()
            }
            other => {
                return Err(ApiError::bad_request(
                    other,
                    "unknown form part; expected `mapping` and `file`",
                ));
            }
        };
        if duplicate {
            return Err(ApiError::bad_request(name, "the form has this part twice"));
        }
    }
    Ok(parts)
}

fn parse_mapping(parts: &Parts) -> ApiResult<Mapping> {
    let (bytes, file_name) = parts
        .mapping
        .as_ref()
        .ok_or_else(|| ApiError::bad_request("mapping", "the form has no `mapping` part"))?;
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ApiError::bad_request("mapping", "the mapping is not UTF-8 text"))?;
    let is_json = file_name.as_deref().is_some_and(|n| n.ends_with(".json"))
        || text.trim_start().starts_with('{');
    let parsed = if is_json {
        Mapping::from_json(text)
    } else {
        Mapping::from_toml(text)
    };
    parsed.map_err(|e| ApiError::bad_request("mapping", e.to_string()))
}
