//! The one list of routes. Every route of the server is declared once, as data, by the module
//! that owns its handler: method, path, what it requires (`policy::Access`), the handler, and
//! for JSON routes the OpenAPI operation of the handler's `#[utoipa::path]` (via utoipa-axum's
//! `routes!`, which also takes the method and path from that attribute, so they are written once).
//!
//! The router (`router`), the policy table (`policy::Table::new`) and the OpenAPI document's
//! `paths` (`openapi`) are all built from `declared()`, so no route can be served without a rule
//! or documented without being served; the role × route test walks the same list.

use crate::AppState;
use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, MethodRouter};
use familiehus_domain::Permission;
use utoipa::openapi::path::{Operation, PathItem, Paths};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{OpenApi, RefOr};
use utoipa_axum::router::UtoipaMethodRouter;

/// What a route requires; the policy (`policy.rs`) enforces it before any handler runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Public,
    SignedIn,
    Needs(Permission),
}

/// One route: one method on one path (axum's pattern syntax, `{id}`).
pub struct Route {
    pub method: Method,
    pub path: String,
    pub access: Access,
    /// The largest request body taken, when larger than a form's (`policy::FORM_LIMIT`): a
    /// file upload's.
    pub body_limit: Option<usize>,
    handler: MethodRouter<AppState>,
    api: Option<ApiOperation>,
}

/// A JSON route's part of the OpenAPI document: `paths` holding just its one operation, and the
/// schemas its request and response bodies refer to.
struct ApiOperation {
    paths: Paths,
    schemas: Vec<(String, RefOr<Schema>)>,
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {:?}{}", self.method, self.path, self.access, if self.is_json() { " (JSON)" } else { "" })
    }
}

impl Route {
    /// An HTML page, a file or another non-JSON route answering `GET` (and `HEAD`).
    pub fn get<H: Handler<T, AppState>, T: 'static>(path: &'static str, access: Access, handler: H) -> Self {
        Self::page(Method::GET, path, access, handler)
    }

    /// An HTML form's target.
    pub fn post<H: Handler<T, AppState>, T: 'static>(path: &'static str, access: Access, handler: H) -> Self {
        Self::page(Method::POST, path, access, handler)
    }

    fn page<H: Handler<T, AppState>, T: 'static>(method: Method, path: &'static str, access: Access, handler: H) -> Self {
        let filter = MethodFilter::try_from(method.clone()).unwrap_or_else(|_| panic!("{method} cannot be routed"));
        Self { method, path: path.to_owned(), access, body_limit: None, handler: MethodRouter::new().on(filter, handler), api: None }
    }

    /// A multipart form's target that takes bodies up to `limit` bytes: the policy reads that
    /// much (not more) for the CSRF check, and the handler's extractor gets the same limit.
    pub fn upload<H: Handler<T, AppState>, T: 'static>(path: &'static str, access: Access, limit: usize, handler: H) -> Self {
        let mut route = Self::page(Method::POST, path, access, handler);
        route.handler = route.handler.layer(axum::extract::DefaultBodyLimit::max(limit));
        route.body_limit = Some(limit);
        route
    }

    /// A JSON route from `utoipa_axum::routes!(handler)`: method and path come from the
    /// handler's `#[utoipa::path]`. One handler per declaration, so each carries its own access.
    pub fn json(access: Access, (schemas, paths, handler): UtoipaMethodRouter<AppState>) -> Self {
        let mut found = paths.paths.iter().flat_map(|(path, item)| operations(item).into_iter().map(move |(method, _)| (path.clone(), method)));
        let (Some((path, method)), None) = (found.next(), found.next()) else {
            panic!("Route::json takes exactly one handler with one method: {:?}", paths.paths.keys().collect::<Vec<_>>());
        };
        Self { method, path, access, body_limit: None, handler, api: Some(ApiOperation { paths, schemas }) }
    }

    /// Whether this route is part of the JSON API (and so of the OpenAPI document).
    pub fn is_json(&self) -> bool {
        self.api.is_some()
    }

    /// The OpenAPI operation of a JSON route.
    pub fn operation(&self) -> Option<&Operation> {
        let api = self.api.as_ref()?;
        operations(api.paths.paths.get(&self.path)?).into_iter().find(|(m, _)| *m == self.method).map(|(_, op)| op)
    }
}

/// The operations a path item holds, with their methods.
fn operations(item: &PathItem) -> Vec<(Method, &Operation)> {
    [
        (Method::GET, &item.get),
        (Method::PUT, &item.put),
        (Method::POST, &item.post),
        (Method::DELETE, &item.delete),
        (Method::OPTIONS, &item.options),
        (Method::HEAD, &item.head),
        (Method::PATCH, &item.patch),
        (Method::TRACE, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
    .collect()
}

/// Every route of the server, in the order the modules declare them. Assembled at the crate
/// root, which knows every feature module; this module only defines what a route is.
pub use crate::declared_routes as declared;

/// The router of `routes`: one `MethodRouter` per path holding exactly the declared methods.
/// Panics on a method declared twice for a path (axum refuses overlapping routes), which every
/// test that starts the server would show.
pub fn router(routes: Vec<Route>) -> Router<AppState> {
    let mut by_path: Vec<(String, MethodRouter<AppState>)> = Vec::new();
    for route in routes {
        match by_path.iter_mut().find(|(path, _)| *path == route.path) {
            Some((_, handler)) => *handler = std::mem::take(handler).merge(route.handler),
            None => by_path.push((route.path, route.handler)),
        }
    }
    by_path.into_iter().fold(Router::new(), |router, (path, handler)| router.route(&path, handler))
}

/// `base` (info, tags, shared schemas) with the operations and schemas of the JSON routes.
pub fn openapi(mut base: OpenApi, routes: &[Route]) -> OpenApi {
    for api in routes.iter().filter_map(|r| r.api.as_ref()) {
        base.paths.merge(api.paths.clone());
        let components = base.components.get_or_insert_with(Default::default);
        for (name, schema) in &api.schemas {
            components.schemas.entry(name.clone()).or_insert_with(|| schema.clone());
        }
    }
    base
}
