//! Who may call what: the one middleware that enforces each declared route's `Access`, for the
//! staff pages, the public pages and the JSON API alike. The rules are not written here: the
//! `Table` is built from the declared routes (`crate::routes::declared`), the same list the
//! router is built from.
//!
//! The middleware runs after routing (`route_layer`), reads the matched route pattern, and
//! answers before any handler runs:
//! - a pattern the table does not hold: 404 (fail closed; only a route added outside the
//!   declared list could get here); a method not declared for the pattern: 405 with `Allow`
//!   (the API's error shape under `/api`, the HTML error page elsewhere);
//! - no session: HTML 303 to `/login?next=…` (with "session expired" when a cookie was sent),
//!   `/api` 401 in the API's error shape;
//! - the role lacks the route's permission: 403 (HTML page or JSON error);
//! - writes: HTML forms must carry the session's `csrf_token`; API writes must be JSON
//!   (a cross-site form cannot send that content type) or carry `X-CSRF-Token`.
//!
//! Case-level need-to-know (`CaseScope`) is checked by the handlers that load a case, since only
//! they know the case.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::auth::session::{same_secret, token_from_headers, token_hash};
use crate::error::ApiError;
use crate::public::error::PublicError;
use crate::routes::Route;
use crate::staff::errors::PageError;
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequest, MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::collections::HashMap;
use std::sync::Arc;

pub use crate::routes::Access;

use Access::{Needs, Public};

/// The rules of the declared routes: per route pattern, each declared method's `Access`.
#[derive(Debug, Clone, Default)]
pub struct Table {
    rules: HashMap<String, Vec<(Method, Access)>>,
    /// Upload routes' larger body limits, by pattern and method (`Route::upload`).
    limits: HashMap<(String, Method), usize>,
}

/// Why the table has no rule for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No route has this pattern.
    NotFound,
    /// The pattern is declared, but not for this method; these are.
    MethodNotAllowed(Vec<Method>),
}

impl Table {
    /// The table of `routes`, one rule per declared method and pattern.
    pub fn new(routes: &[Route]) -> Self {
        let mut table = Self::from_rules(routes.iter().map(|r| (r.method.clone(), r.path.as_str(), r.access)));
        table.limits = routes.iter().filter_map(|r| r.body_limit.map(|l| ((r.path.clone(), r.method.clone()), l))).collect();
        table
    }

    /// The largest body a form route takes: `FORM_LIMIT` unless it is an upload.
    pub fn body_limit(&self, method: &Method, pattern: &str) -> Option<usize> {
        self.limits.get(&(pattern.to_owned(), method.clone())).copied()
    }

    /// A table from bare rules (method, axum pattern, access).
    pub fn from_rules<'a>(rules: impl IntoIterator<Item = (Method, &'a str, Access)>) -> Self {
        let mut table = Self::default();
        for (method, pattern, access) in rules {
            table.rules.entry(pattern.to_owned()).or_default().push((method, access));
        }
        table
    }

    /// The rule for a request (`HEAD` is `GET`'s, as axum routes it).
    pub fn rule(&self, method: &Method, pattern: &str) -> Result<Access, Refusal> {
        let method = if method == Method::HEAD { &Method::GET } else { method };
        let rules = self.rules.get(pattern).ok_or(Refusal::NotFound)?;
        rules
            .iter()
            .find(|(m, _)| m == method)
            .map(|(_, access)| *access)
            .ok_or_else(|| Refusal::MethodNotAllowed(rules.iter().map(|(m, _)| m.clone()).collect()))
    }
}

/// `router` with every route behind the policy of `table`.
pub fn guard(router: Router<AppState>, state: AppState, table: Table) -> Router<AppState> {
    // After routing, so the policy sees the matched pattern; `route_layer` wraps each route's
    // method router whole, its 405 fallback included, so nothing routed escapes the check.
    router.route_layer(middleware::from_fn_with_state((state, Arc::new(table)), enforce))
}

/// Which part of the application a path belongs to, for the shape of an error answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Api,
    Public,
    Staff,
}

impl Area {
    pub fn of(path: &str) -> Self {
        let under = |prefix: &str| path == prefix || path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/'));
        if under("/api") {
            Area::Api
        } else if under("/offentlig") {
            Area::Public
        } else {
            Area::Staff
        }
    }

    /// 404 in this area's shape.
    pub fn not_found(self) -> Response {
        match self {
            Area::Api => ApiError::NoRoute.into_response(),
            Area::Public => PublicError::NotFound.into_response(),
            Area::Staff => PageError::NotFound.into_response(),
        }
    }

    /// A request axum's extractors could not read (their plain-text English rejection), in this
    /// area's shape and in Danish, with the same status.
    pub fn rejected(self, status: StatusCode) -> Response {
        match self {
            Area::Api => ApiError::Body { status, message: "request could not be read".into() }.into_response(),
            Area::Public => PublicError::Rejected(status).into_response(),
            Area::Staff => PageError::Rejected(status).into_response(),
        }
    }

    /// 405 in this area's shape, with the methods that are declared in `Allow`.
    fn method_not_allowed(self, allowed: &[Method]) -> Response {
        let mut response = match self {
            Area::Api => ApiError::MethodNotAllowed.into_response(),
            Area::Public => PublicError::MethodNotAllowed.into_response(),
            Area::Staff => PageError::MethodNotAllowed.into_response(),
        };
        let allow = allowed.iter().map(Method::as_str).collect::<Vec<_>>().join(", ");
        if let Ok(allow) = HeaderValue::from_str(&allow) {
            response.headers_mut().insert(header::ALLOW, allow);
        }
        response
    }
}

fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// HTML form bodies are small, except a catalogue's text (about 50 kB for 40 pages) on the
/// import pages; anything larger than this is refused before parsing. The same as axum's
/// default body limit, so the handlers' extractors accept what passes here.
const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// Turns axum's plain-text English rejections (a `Path`, `Form`, `Query` or `Multipart` that
/// could not be read, a body over the limit) into the area's Danish page or JSON error, with the
/// same status. Our own errors are HTML or JSON, never `text/plain`, so only axum's are caught;
/// one place, so no handler can leak one.
pub async fn translate_rejections(request: Request, next: Next) -> Response {
    let area = Area::of(request.uri().path());
    let response = next.run(request).await;
    let plain = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/plain"));
    if plain && response.status().is_client_error() {
        tracing::info!(status = %response.status(), "request rejected by an extractor");
        return area.rejected(response.status());
    }
    response
}

pub async fn enforce(State((state, table)): State<(AppState, Arc<Table>)>, matched: Option<MatchedPath>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let area = Area::of(&path);
    let api = area == Area::Api;
    let deny = |e: ApiError, page: PageError| if api { e.into_response() } else { page.into_response() };

    let access = match matched.as_ref().map(|m| table.rule(request.method(), m.as_str())) {
        Some(Ok(access)) => access,
        Some(Err(Refusal::MethodNotAllowed(allowed))) => return area.method_not_allowed(&allowed),
        Some(Err(Refusal::NotFound)) | None => {
            tracing::error!(route = ?matched.as_ref().map(MatchedPath::as_str), method = %request.method(), "routed but not declared: refused");
            return area.not_found();
        }
    };

    let token = token_from_headers(request.headers());
    let current = match &token {
        Some(token) => {
            let hash = token_hash(token);
            match state.store.session(&hash, chrono::Utc::now(), crate::auth::session::idle_limit()).await {
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
    // Probing for what one may not see leaves a trace: every 403 of a signed-in user (the role's,
    // a case's need-to-know in a use case, a form's CSRF) is logged with what was asked for.
    let refusal = refused_request(&request, matched.as_ref().map(MatchedPath::as_str));
    let acting = current.acting(&crate::auth::Remote(
        request.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_default(),
    ));
    let limit = matched.as_ref().and_then(|m| table.body_limit(request.method(), m.as_str()));
    let response = admitted(request, current, access, api, limit, next).await;
    if response.status() == StatusCode::FORBIDDEN
        && let Err(e) = familiehus_app::access::log_refused(&state.app, &acting, refusal).await
    {
        return deny(e.into(), PageError::Internal("refusal could not be logged".into()));
    }
    response
}

/// The signed-in part of the policy: the role's permission, then CSRF on writes, then the handler.
async fn admitted(mut request: Request, current: CurrentUser, access: Access, api: bool, limit: Option<usize>, next: Next) -> Response {
    if let Needs(permission) = access
        && !current.actor().allows(permission)
    {
        return if api { ApiError::Forbidden.into_response() } else { PageError::Forbidden.into_response() };
    }
    if is_write(request.method()) {
        if api {
            if let Err(e) = check_api_write(&request, &current) {
                return e.into_response();
            }
        } else {
            request = match check_form_token(request, &current, limit).await {
                Ok(request) => request,
                Err(page) => return page.into_response(),
            };
        }
    }
    request.extensions_mut().insert(current);
    next.run(request).await
}

/// What a request asked for, for the log of a refusal: method and path, and the case or person
/// its `{id}` names (`/sager/{id}…`, `/api/cases/{id}…`, `/personer/{id}`, `/api/persons/{id}`).
fn refused_request(request: &Request, pattern: Option<&str>) -> familiehus_app::access::Refusal {
    let path = request.uri().path();
    let mut refusal = familiehus_app::access::Refusal { what: format!("{} {path}", request.method()), ..Default::default() };
    let Some(pattern) = pattern else { return refusal };
    let mut previous = "";
    for (pattern_part, part) in pattern.split('/').zip(path.split('/')) {
        if pattern_part == "{id}" {
            let id = part.parse::<i64>().ok();
            match previous {
                "sager" | "cases" => refusal.case_id = id,
                "personer" | "persons" => refusal.person_id = id,
                _ => {}
            }
        }
        previous = pattern_part;
    }
    refusal
}

/// 303 to the login page, back to this page afterwards (GET only: a form cannot be replayed).
fn login_redirect(request: &Request, had_cookie: bool) -> Response {
    let mut target = String::from("/login");
    let mut params = Vec::new();
    if request.method() == Method::GET {
        let here = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
        params.push(format!("next={}", utf8_percent_encode(here, NEXT)));
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

/// What `next=` escapes: everything but unreserved characters and `/`, so a path stays
/// readable and its query cannot leak into the login page's own.
const NEXT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b'/');

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
async fn check_form_token(request: Request, current: &CurrentUser, upload_limit: Option<usize>) -> Result<Request, PageError> {
    let (parts, body) = request.into_parts();
    // Over the limit is "too large", not "expired": the token may be fine.
    let bytes = match upload_limit {
        Some(limit) => to_bytes(body, limit).await.map_err(|_| PageError::FileTooLarge)?,
        None => to_bytes(body, FORM_LIMIT).await.map_err(|_| PageError::Rejected(StatusCode::PAYLOAD_TOO_LARGE))?,
    };
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let sent = if content_type.to_ascii_lowercase().starts_with("multipart/form-data") {
        // The multipart parser takes at most a form's limit; an upload's token comes first,
        // so its head is enough.
        multipart_token(&content_type, bytes.slice(..bytes.len().min(FORM_LIMIT))).await
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
    use Access::SignedIn;
    use familiehus_domain::Permission::*;

    fn table() -> Table {
        Table::from_rules([
            (Method::GET, "/sager/{id}", Needs(ReadCases)),
            (Method::POST, "/sager/{id}/start", Needs(ChangeCases)),
            (Method::GET, "/", SignedIn),
        ])
    }

    #[test]
    fn rules_are_per_method_and_pattern_and_nothing_else_passes() {
        let table = table();
        assert_eq!(table.rule(&Method::GET, "/sager/{id}"), Ok(Needs(ReadCases)));
        assert_eq!(table.rule(&Method::HEAD, "/sager/{id}"), Ok(Needs(ReadCases)));
        assert_eq!(table.rule(&Method::DELETE, "/sager/{id}"), Err(Refusal::MethodNotAllowed(vec![Method::GET])));
        assert_eq!(table.rule(&Method::GET, "/hemmelig"), Err(Refusal::NotFound));
        assert_eq!(table.rule(&Method::GET, "/sager/{*rest}"), Err(Refusal::NotFound));
    }

    #[test]
    fn every_declared_pattern_is_listed_once_per_method() {
        let routes = crate::routes::declared();
        for (i, a) in routes.iter().enumerate() {
            assert!(!routes[i + 1..].iter().any(|b| a.method == b.method && a.path == b.path), "{a:?} twice");
        }
    }

    #[test]
    fn areas_follow_the_first_path_segment() {
        assert_eq!(Area::of("/api"), Area::Api);
        assert_eq!(Area::of("/api/cases/1"), Area::Api);
        assert_eq!(Area::of("/apix"), Area::Staff);
        assert_eq!(Area::of("/offentlig/katalog"), Area::Public);
        assert_eq!(Area::of("/sager"), Area::Staff);
    }

    #[test]
    fn next_keeps_the_path_readable_and_escapes_the_rest() {
        assert_eq!(utf8_percent_encode("/sager/7?q=a b&x=ø", NEXT).to_string(), "/sager/7%3Fq%3Da%20b%26x%3D%C3%B8");
    }

    /// A router that routes more than its table declares: the undeclared method and the
    /// wildcard route must be refused without their handler running.
    #[tokio::test]
    async fn routed_but_undeclared_requests_never_reach_a_handler() {
        use axum::routing::get;
        use std::sync::atomic::{AtomicUsize, Ordering};
        use tower::ServiceExt;

        static RAN: AtomicUsize = AtomicUsize::new(0);
        async fn handler() -> &'static str {
            RAN.fetch_add(1, Ordering::SeqCst);
            "ran"
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let store = familiehus_store::Store::connect(&format!("sqlite://{}", dir.path().join("p.db").display())).await.expect("store");
        let state = AppState::new(store, crate::Clock::default());
        let routed =
            Router::new().route("/x", get(handler).post(handler).delete(handler)).route("/api/x", get(handler).put(handler)).route("/w/{*rest}", get(handler));
        let table = Table::from_rules([(Method::GET, "/x", Public), (Method::GET, "/api/x", Public)]);
        let app = guard(routed, state.clone(), table).with_state(state);
        let call = |method: Method, uri: &'static str| {
            let app = app.clone();
            async move { app.oneshot(Request::builder().method(method).uri(uri).body(Body::empty()).expect("request")).await.expect("infallible") }
        };

        assert_eq!(call(Method::GET, "/x").await.status(), 200);
        assert_eq!(RAN.swap(0, Ordering::SeqCst), 1);
        for (method, uri, status) in [(Method::POST, "/x", 405), (Method::DELETE, "/x", 405), (Method::PUT, "/api/x", 405), (Method::GET, "/w/anything", 404)] {
            let response = call(method.clone(), uri).await;
            assert_eq!(response.status(), status, "{method} {uri}");
            if status == 405 {
                assert_eq!(response.headers().get(header::ALLOW).and_then(|v| v.to_str().ok()), Some("GET"), "{method} {uri}");
            }
            let html = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
            assert_eq!(html, !uri.starts_with("/api"), "{method} {uri}: error shape");
        }
        assert_eq!(RAN.load(Ordering::SeqCst), 0, "a handler ran for a request the table does not allow");
    }
}
