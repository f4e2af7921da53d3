//! Who may call what: the one table of routes and the one middleware that enforces it, for the
//! staff pages and the JSON API alike.
//!
//! The middleware runs after routing (`route_layer`), reads the matched route pattern, loads
//! the session, and answers before any handler runs:
//! - no session: HTML 303 to `/login?next=…` (with "session expired" when a cookie was sent),
//!   `/api` 401 in the API's error shape;
//! - the role lacks the route's permission: 403 (HTML page or JSON error);
//! - a route missing from the table: 403 and an error in the log (fail closed);
//! - writes: HTML forms must carry the session's `csrf_token`; API writes must be JSON
//!   (a cross-site form cannot send that content type) or carry `X-CSRF-Token`.
//!
//! Case-level need-to-know (`CaseScope`) is checked by the handlers that load a case, since only
//! they know the case.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::auth::session::{same_secret, token_from_headers, token_hash};
use crate::error::ApiError;
use crate::staff::errors::PageError;
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequest, MatchedPath, Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_domain::Permission;

/// What a route requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Public,
    SignedIn,
    Needs(Permission),
}

use Access::{Needs, Public, SignedIn};
use Permission::*;

/// Every route of the server with what it requires. Patterns are axum's (`{id}`).
pub const ROUTES: &[(Method, &str, Access)] = &[
    (Method::GET, "/health", Public),
    (Method::GET, "/static/staff.css", Public),
    (Method::GET, "/login", Public),
    (Method::POST, "/login", Public),
    (Method::POST, "/logout", SignedIn),
    (Method::GET, "/", SignedIn),
    (Method::GET, "/sager", Needs(ReadCases)),
    (Method::GET, "/sager/{id}", Needs(ReadCases)),
    (Method::POST, "/sager/{id}/start", Needs(ChangeCases)),
    (Method::POST, "/sager/{id}/afslut", Needs(ChangeCases)),
    (Method::POST, "/sager/{id}/genaabn", Needs(ChangeCases)),
    (Method::POST, "/sager/{id}/tildel", Needs(ChangeCases)),
    (Method::GET, "/indsatser/{id}/venteliste", Needs(ReadCases)),
    (Method::GET, "/henvisning", Needs(Refer)),
    (Method::POST, "/henvisning", Needs(Refer)),
    (Method::GET, "/personer", Needs(ReadCases)),
    (Method::GET, "/personer/{id}", Needs(ReadCases)),
    (Method::GET, "/rapport", Needs(ReadReport)),
    (Method::GET, "/anonym", Needs(LogAnonymous)),
    (Method::POST, "/anonym", Needs(LogAnonymous)),
    (Method::GET, "/brugere", Needs(ManageUsers)),
    (Method::POST, "/brugere", Needs(ManageUsers)),
    (Method::GET, "/brugere/{id}", Needs(ManageUsers)),
    (Method::POST, "/brugere/{id}", Needs(ManageUsers)),
    (Method::POST, "/brugere/{id}/aktiv", Needs(ManageUsers)),
    (Method::GET, "/katalog", Needs(ReadCatalogue)),
    (Method::GET, "/katalog/ny", Needs(EditCatalogue)),
    (Method::POST, "/katalog/ny", Needs(EditCatalogue)),
    (Method::GET, "/katalog/import", Needs(EditCatalogue)),
    (Method::POST, "/katalog/import", Needs(EditCatalogue)),
    (Method::POST, "/katalog/import/godkend", Needs(EditCatalogue)),
    (Method::GET, "/katalog/{id}", Needs(ReadCatalogue)),
    (Method::GET, "/katalog/{id}/rediger", Needs(EditCatalogue)),
    (Method::POST, "/katalog/{id}/rediger", Needs(EditCatalogue)),
    (Method::POST, "/api/session", Public),
    (Method::DELETE, "/api/session", Public),
    (Method::GET, "/api/openapi.json", Public),
    (Method::GET, "/api/units", Needs(ReadCatalogue)),
    (Method::POST, "/api/units", Needs(EditCatalogue)),
    (Method::GET, "/api/services", Needs(ReadCatalogue)),
    (Method::POST, "/api/services", Needs(EditCatalogue)),
    (Method::GET, "/api/services/{id}", Needs(ReadCatalogue)),
    (Method::PUT, "/api/services/{id}", Needs(EditCatalogue)),
    (Method::GET, "/api/services/{id}/waiting-list", Needs(ReadCases)),
    (Method::POST, "/api/cases", Needs(Refer)),
    (Method::GET, "/api/cases/{id}", Needs(ReadCases)),
    (Method::POST, "/api/cases/{id}/start", Needs(ChangeCases)),
    (Method::POST, "/api/cases/{id}/close", Needs(ChangeCases)),
    (Method::POST, "/api/cases/{id}/reopen", Needs(ChangeCases)),
    (Method::POST, "/api/cases/{id}/assign", Needs(ChangeCases)),
    (Method::GET, "/api/reports/caseload", Needs(ReadReport)),
];

/// Routes of the public catalogue (another module) and static files are public by prefix.
fn public_by_prefix(pattern: &str) -> bool {
    pattern == "/offentlig"
        || pattern.starts_with("/offentlig/")
        || pattern.starts_with("/static/")
        || matches!(pattern, "/health" | "/login" | "/api/openapi.json")
}

/// The rule for a request; `None` when the table has no entry (deny).
pub fn rule(method: &Method, pattern: &str) -> Option<Access> {
    let method = if method == Method::HEAD { &Method::GET } else { method };
    if let Some((_, _, access)) = ROUTES.iter().find(|(m, p, _)| m == method && *p == pattern) {
        return Some(*access);
    }
    public_by_prefix(pattern).then_some(Public)
}

fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// HTML form bodies are small, except a catalogue's text (about 50 kB for 40 pages) on the
/// import pages; anything larger than this is refused before parsing. The same as axum's
/// default body limit, so the handlers' extractors accept what passes here.
const FORM_LIMIT: usize = 2 * 1024 * 1024;

pub async fn enforce(State(state): State<AppState>, matched: Option<MatchedPath>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let pattern = matched.as_ref().map_or(path.as_str(), MatchedPath::as_str).to_owned();
    let api = path == "/api" || path.starts_with("/api/");
    let deny = |e: ApiError, page: PageError| if api { e.into_response() } else { page.into_response() };

    // A router's catch-all fallback (e.g. unknown paths under /api): it only answers 404.
    if pattern.contains("{*") {
        return next.run(request).await;
    }
    let access = match rule(request.method(), &pattern) {
        Some(access) => access,
        // Another method of a known route: let the router answer 405.
        None if ROUTES.iter().any(|(_, p, _)| *p == pattern) => return next.run(request).await,
        None => {
            tracing::error!(route = %pattern, method = %request.method(), "route missing from the policy table: denied");
            return deny(ApiError::Forbidden, PageError::Forbidden);
        }
    };
    if pattern.starts_with("/static/") || pattern == "/health" {
        return next.run(request).await;
    }

    let token = token_from_headers(request.headers());
    let current = match &token {
        Some(token) => {
            let hash = token_hash(token);
            match state.store.session(&hash, chrono::Utc::now()).await {
                Ok(found) => found.map(|(user, csrf_token)| CurrentUser { user, csrf_token, token_hash: hash }),
                Err(e) => return deny(ApiError::Store(e), PageError::Internal("session lookup failed".into())),
            }
        }
        None => None,
    };

    let mut request = request;
    if access == Public {
        if let Some(current) = current {
            request.extensions_mut().insert(current);
        }
        return next.run(request).await;
    }

    let Some(current) = current else {
        if api {
            return ApiError::NotSignedIn.into_response();
        }
        return login_redirect(&request, token.is_some());
    };
    if let Needs(permission) = access
        && !current.actor().allows(permission)
    {
        return deny(ApiError::Forbidden, PageError::Forbidden);
    }

    if is_write(request.method()) {
        if api {
            if let Err(e) = check_api_write(&request, &current) {
                return e.into_response();
            }
        } else {
            request = match check_form_token(request, &current).await {
                Ok(request) => request,
                Err(page) => return page.into_response(),
            };
        }
    }
    request.extensions_mut().insert(current);
    next.run(request).await
}

/// 303 to the login page, back to this page afterwards (GET only: a form cannot be replayed).
fn login_redirect(request: &Request, had_cookie: bool) -> Response {
    let mut target = String::from("/login");
    let mut params = Vec::new();
    if request.method() == Method::GET {
        let here = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
        params.push(format!("next={}", percent_encode(here)));
    }
    if had_cookie {
        params.push("udlobet=1".to_owned());
    }
    if !params.is_empty() {
        target.push('?');
        target.push_str(&params.join("&"));
    }
    Redirect::to(&target).into_response()
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// API writes: a JSON content type (which a cross-site form cannot send) or the session's
/// token in `X-CSRF-Token` (for bodiless calls from scripts).
fn check_api_write(request: &Request, current: &CurrentUser) -> Result<(), ApiError> {
    if let Some(sent) = request.headers().get("x-csrf-token") {
        return match sent.to_str() {
            Ok(sent) if same_secret(sent, &current.csrf_token) => Ok(()),
            _ => Err(ApiError::CsrfMismatch),
        };
    }
    let json = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).and_then(|v| v.split(';').next()).is_some_and(|mime| {
        let mime = mime.trim().to_ascii_lowercase();
        mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
    });
    if json { Ok(()) } else { Err(ApiError::UnsupportedMediaType) }
}

/// HTML forms: the body must carry `csrf_token` equal to the session's, as a URL-encoded field
/// or as a part of a multipart upload. The body is read here and handed on unchanged.
async fn check_form_token(request: Request, current: &CurrentUser) -> Result<Request, PageError> {
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, FORM_LIMIT).await.map_err(|_| PageError::FormExpired)?;
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let sent = if content_type.to_ascii_lowercase().starts_with("multipart/form-data") {
        multipart_token(&content_type, bytes.clone()).await
    } else {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes).ok().and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "csrf_token").map(|(_, v)| v))
    };
    match sent {
        Some(sent) if same_secret(&sent, &current.csrf_token) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(PageError::FormExpired),
    }
}

/// The `csrf_token` part of a multipart body (the forms put it first).
async fn multipart_token(content_type: &str, bytes: axum::body::Bytes) -> Option<String> {
    let request = Request::builder().header(header::CONTENT_TYPE, content_type).body(Body::from(bytes)).ok()?;
    let mut multipart = axum::extract::Multipart::from_request(request, &()).await.ok()?;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("csrf_token") {
            return field.text().await.ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_routes_have_no_rule_and_public_prefixes_are_public() {
        assert_eq!(rule(&Method::GET, "/sager/{id}"), Some(Needs(ReadCases)));
        assert_eq!(rule(&Method::HEAD, "/sager/{id}"), Some(Needs(ReadCases)));
        assert_eq!(rule(&Method::GET, "/offentlig/indsatser/{id}"), Some(Public));
        assert_eq!(rule(&Method::GET, "/hemmelig"), None);
        assert_eq!(rule(&Method::DELETE, "/api/cases/{id}"), None);
    }

    #[test]
    fn every_pattern_is_listed_once_per_method() {
        for (i, (m, p, _)) in ROUTES.iter().enumerate() {
            assert!(!ROUTES[i + 1..].iter().any(|(m2, p2, _)| m2 == m && p2 == p), "{m} {p} twice");
        }
    }
}
