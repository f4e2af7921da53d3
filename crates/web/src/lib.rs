//! Familiehus over HTTP: the router, the shared state, and the server that binds a port.
//!
//! Only this crate knows HTTP and JSON. Handlers are thin: they read the request into the web's
//! own types (`api::*`), call the store, and map the result back; rules live in `domain`, SQL in
//! `store`. Every failure goes through `error::ApiError`, so clients see one error shape.
//!
//! Routes: `GET /health`, signing in and out (`auth::routes`), the staff pages (`staff::routes`),
//! the public catalogue (`public::routes`) and the JSON API under `/api` (`api::routes`; the
//! OpenAPI document at `/api/openapi.json` lists them all). Each is declared once, with what it
//! requires, in `routes::declared`; the router, the `policy` table and the OpenAPI paths are built
//! from that list. The access log is written through `access_log`.

pub mod access_log;
pub mod api;
pub mod auth;
pub mod download;
pub mod dto;
pub mod error;
pub mod measurement_chart;
pub mod outcome_chart;
pub mod outcome_xlsx;
pub mod policy;
pub mod public;
pub mod reach_xlsx;
pub mod report_chart;
/// The report's CSV, printable HTML and JSON document live in their own crate (the CLI uses them too).
pub use familiehus_report_render as report_render;
pub mod report_xlsx;
pub mod routes;
pub mod security_headers;
pub mod staff;

use axum::Router;
use axum::http::StatusCode;
use axum::http::Uri;
use axum::response::Response;
use chrono::NaiveDate;
use familiehus_app::App;
use familiehus_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use error::ApiError;

pub use familiehus_app::Clock;

/// What every handler gets: the store, the clock, how users sign in, and whether cookies are
/// marked `Secure`. Cloning is cheap (shared handles).
#[derive(Clone, Debug)]
pub struct AppState {
    /// The use cases; every rule and every change goes through here.
    pub app: App,
    pub store: Store,
    pub clock: Clock,
    pub authenticator: Arc<dyn auth::Authenticator>,
    pub secure_cookies: bool,
    /// Failed sign-ins per username and address, in this process (see `auth::throttle`).
    pub login_throttle: Arc<auth::throttle::LoginThrottle>,
}

impl AppState {
    /// Local password accounts, cookies without `Secure` (plain HTTP).
    pub fn new(store: Store, clock: Clock) -> Self {
        Self {
            app: App::new(store.clone(), clock.clone()),
            store,
            clock,
            authenticator: Arc::new(auth::LocalPasswords),
            secure_cookies: false,
            login_throttle: Arc::default(),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }
}

/// How the server runs. `addr` may use port 0: the bound port is reported by `Server::addr`.
#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    /// Requests running longer are answered with 408 and dropped, so a stuck query cannot
    /// hold a connection forever.
    pub request_timeout: Duration,
    pub clock: Clock,
    /// Mark the session cookie `Secure` (sent over HTTPS only). Production runs behind TLS and
    /// sets this (`familiehus serve --secure-cookies`); off by default so that the demo and
    /// tests work over plain HTTP on localhost.
    pub secure_cookies: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self { addr: SocketAddr::from(([127, 0, 0, 1], 8080)), request_timeout: Duration::from_secs(30), clock: Clock::system(), secure_cookies: false }
    }
}

/// The whole application: `/health`, the API under `/api`, tracing, timeout and compression.
pub fn router(state: AppState) -> Router {
    router_with_timeout(state, Config::default().request_timeout)
}

fn router_with_timeout(state: AppState, timeout: Duration) -> Router {
    let declared = routes::declared();
    let table = policy::Table::new(&declared);
    let app = policy::guard(routes::router(declared), state.clone(), table)
        .fallback(fallback)
        .with_state(state)
        .layer(axum::middleware::from_fn(policy::translate_rejections));
    security_headers::apply(app)
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(TraceLayer::new_for_http())
}

/// Any path no route declares: 404 in the shape of its part (API error, public or staff page).
/// One fallback for the whole application, so no catch-all route (`{*rest}`) is needed.
async fn fallback(uri: Uri) -> Response {
    policy::Area::of(uri.path()).not_found()
}

/// A server bound to its port and ready to run.
pub struct Server {
    listener: tokio::net::TcpListener,
    addr: SocketAddr,
    app: Router,
}

impl Server {
    /// Binds the listener (port 0 picks a free port) and builds the router.
    pub async fn bind(store: Store, config: Config) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        // Off loopback the browser reaches us over a network, which in production is TLS: the
        // session cookie must then never travel in clear, whatever the flag says.
        let secure_cookies = config.secure_cookies || !addr.ip().is_loopback();
        let state = AppState { secure_cookies, ..AppState::new(store, config.clock) };
        let app = router_with_timeout(state, config.request_timeout);
        tracing::info!(%addr, "listening");
        Ok(Self { listener, addr, app })
    }

    /// The address actually bound.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until the process ends.
    pub async fn run(self) -> std::io::Result<()> {
        axum::serve(self.listener, self.app.into_make_service_with_connect_info::<SocketAddr>()).await
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        axum::serve(self.listener, self.app.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown).await
    }
}

/// Binds `addr` and serves the application with default settings until the process ends.
pub async fn serve(store: Store, addr: SocketAddr) -> std::io::Result<()> {
    Server::bind(store, Config { addr, ..Config::default() }).await?.run().await
}

/// Every route of the server, in the order the modules declare them (`routes::declared`).
pub fn declared_routes() -> Vec<routes::Route> {
    let mut list = vec![routes::Route::get("/health", routes::Access::Public, health)];
    list.extend(auth::routes());
    list.extend(staff::routes());
    list.extend(public::routes());
    list.extend(api::routes());
    list
}

async fn health() -> &'static str {
    "ok"
}
