//! The web dashboard (`frontend/dist`, built by `npm run build`) and the API docs UI, served by
//! the same binary as the API.
//!
//! Release builds carry the dashboard inside the binary; debug builds read the folder at run time
//! (rust-embed's default), so a rebuilt frontend shows without recompiling. A binary built before
//! the frontend answers `/` with a page saying how to build it, rather than failing to compile:
//! the API is usable without Node.js.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use rust_embed::Embed;

/// The built single-page app.
#[derive(Embed)]
// Relative to this crate's Cargo.toml.
#[folder = "../../frontend/dist"]
#[allow_missing = true]
struct Assets;

/// Where the Swagger UI lives.
pub const DOCS_PATH: &str = "/api/docs";

/// Content policy of the dashboard: its own scripts only, no inline script; inline styles are
/// allowed because the chart library sets style attributes on SVG elements.
const DASHBOARD_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Content policy of the vendored Swagger UI (its own files, data: icons, inline styles).
const DOCS_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Content policy of every API response: it loads nothing.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// The content policy for a request path.
pub fn content_policy(path: &str) -> &'static str {
    if path == DOCS_PATH || path.starts_with("/api/docs/") {
        DOCS_POLICY
    } else if path.starts_with("/api/") || path == "/healthz" {
        API_POLICY
    } else {
        DASHBOARD_POLICY
    }
}

/// Whether the binary can serve the dashboard.
pub fn available() -> bool {
    Assets::get("index.html").is_some()
}

/// Serves a file of the dashboard, or its `index.html` for any other path (the app routes on the
/// client). Paths under `/api/` never reach this: unknown API paths answer a JSON 404.
pub async fn serve(req: HttpRequest) -> HttpResponse {
    let path = req.path().trim_start_matches('/');
    if let Some(file) = (!path.is_empty()).then(|| Assets::get(path)).flatten() {
        let mime = file.metadata.mimetype();
        // Vite names built assets by content hash, so they never change under their name.
        let cache = if path.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        return HttpResponse::Ok()
            .content_type(mime)
            .insert_header((header::CACHE_CONTROL, cache))
            .body(file.data.into_owned());
    }
    // A missing asset is a 404, not the app: a stale page asking for an old bundle must fail
    // visibly instead of receiving HTML as JavaScript.
    if path.starts_with("assets/") {
        return HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("no such asset");
    }
    match Assets::get("index.html") {
        Some(index) => HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(index.data.into_owned()),
        None => HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(NOT_BUILT),
    }
}

/// What `/` shows when the binary was built without the dashboard.
const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">\
<title>Gapscope</title><h1>Gapscope</h1>\
<p>The API is running, but this binary was built without the dashboard. \
Run <code>make run</code> (or <code>npm ci &amp;&amp; npm run build</code> in <code>frontend/</code>, \
then rebuild the binary).</p>\
<p>API documentation: <a href=\"/api/docs/\">/api/docs/</a></p></html>";

/// Sets the content policy of the response unless the handler set one.
pub fn apply_policy(path: &str, headers: &mut actix_web::http::header::HeaderMap) {
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(content_policy(path)),
        );
    }
}

/// The route serving the dashboard for every GET that no API route took.
pub fn fallback() -> actix_web::Route {
    web::get().to(serve)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths_load_nothing_and_pages_load_only_their_own_files() {
        assert_eq!(content_policy("/api/v1/accounts"), API_POLICY);
        assert_eq!(content_policy("/healthz"), API_POLICY);
        assert_eq!(content_policy("/api/docs/"), DOCS_POLICY);
        assert_eq!(content_policy("/api/docs"), DOCS_POLICY);
        assert_eq!(content_policy("/"), DASHBOARD_POLICY);
        assert_eq!(content_policy("/accounts/3"), DASHBOARD_POLICY);
        assert!(!DASHBOARD_POLICY.contains("'unsafe-eval'"));
        assert!(!DASHBOARD_POLICY.contains("script-src 'self' 'unsafe-inline'"));
    }
}
