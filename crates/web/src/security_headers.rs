//! The response headers every answer carries: a strict Content-Security-Policy (no script at all,
//! styles and images from this origin only, no framing), `nosniff`, `Referrer-Policy`, and
//! `Cache-Control: no-store` unless the handler chose caching itself (only the style sheets do,
//! which carry no personal data). Pages, JSON and downloads with personal data are therefore never
//! kept in a browser's or proxy's cache.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// No `script-src` at all: the pages work without JavaScript, so none may run. `data:` images are
/// allowed for the inline SVG chart's fallbacks; `form-action 'self'` keeps a planted form from
/// posting elsewhere; `connect-src 'self'` lets tools in the browser (assistive extensions, the
/// browser tests' WebDriver scripts) fetch this site's own pages, and nothing else.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub fn apply<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    let always = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    let mut router = router.layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    for (name, value) in always {
        router = router.layer(SetResponseHeaderLayer::overriding(HeaderName::clone(&name), HeaderValue::from_static(value)));
    }
    router
}
