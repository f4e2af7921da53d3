//! Signing in and out, and who is asking: password hashing, the `Authenticator` seam (local
//! passwords today, municipal OpenID Connect later), session tokens and cookies, the login pages
//! and the JSON session endpoints, and the `CurrentUser` / `Remote` extractors handlers use.
//!
//! The policy middleware (`crate::policy`) loads the session once per request and puts the
//! `CurrentUser` into the request's extensions; handlers only read it.

pub mod api;
pub mod authenticator;
pub mod login;
pub mod session;
pub mod throttle;

pub use authenticator::{Authenticator, LocalPasswords, LoginError};
// Re-exported for the test harnesses, which seed accounts without a runtime.
pub use familiehus_app::passwords::{hash_password, verify_password};

use crate::AppState;
use crate::error::ApiError;
use axum::extract::{ConnectInfo, FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use chrono::{Duration, Utc};
use familiehus_domain::Actor;
use familiehus_store::User;
use std::convert::Infallible;
use std::net::SocketAddr;

/// The signed-in user of this request, with the session's CSRF token.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub user: User,
    pub csrf_token: String,
    /// The stored hash of the session token, to end exactly this session on logout.
    pub token_hash: String,
}

impl CurrentUser {
    pub fn actor(&self) -> Actor {
        self.user.actor()
    }

    /// This user acting from `remote`, as the use cases in `familiehus_app` take it.
    pub fn acting(&self, remote: &Remote) -> familiehus_app::Acting {
        familiehus_app::Acting::new(self.user.clone(), remote.0.clone())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Absent only on a route the policy table marks public: such a handler must not ask.
        parts.extensions.get::<CurrentUser>().cloned().ok_or(ApiError::NotSignedIn)
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for CurrentUser {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<CurrentUser>().cloned())
    }
}

/// The client's address for the access log (empty when the server runs without connect info).
#[derive(Clone, Debug, Default)]
pub struct Remote(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Remote {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Remote(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_default()))
    }
}

/// Signing in and out, on the pages and in the API (declared once: see `crate::routes`).
pub fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::{Public, SignedIn};
    use crate::routes::Route;
    use utoipa_axum::routes;
    vec![
        Route::get("/login", Public, login::page),
        Route::post("/login", Public, login::submit),
        Route::post("/logout", SignedIn, login::logout),
        Route::json(Public, routes!(api::login)),
        Route::json(Public, routes!(api::logout)),
    ]
}

impl From<LoginError> for ApiError {
    fn from(e: LoginError) -> Self {
        match e {
            LoginError::Store(e) => ApiError::Store(e),
            LoginError::Throttled { retry_after_secs } => {
                ApiError::LoginRefused { message_da: e.message_da(), message_en: e.to_string(), retry_after_secs: Some(retry_after_secs) }
            }
            other => ApiError::LoginRefused { message_da: other.message_da(), message_en: other.to_string(), retry_after_secs: None },
        }
    }
}

/// Signs in through the configured authenticator, behind the login throttle: an attempt is
/// counted for the typed username and the client address before its password is checked (and
/// refused unchecked while they must wait); a success takes it back and clears that username's
/// failures there. Both the login page and `/api/session` come through here.
pub async fn sign_in(state: &AppState, username: &str, password: &str, remote: &Remote) -> Result<User, LoginError> {
    let now = Utc::now();
    if let Err(retry_after_secs) = state.login_throttle.attempt(username, &remote.0, now) {
        tracing::warn!(address = %remote.0, retry_after_secs, "sign-in throttled");
        return Err(LoginError::Throttled { retry_after_secs });
    }
    let user = state.authenticator.authenticate(&state.store, username, password, now).await?;
    state.login_throttle.succeeded(username, &remote.0);
    Ok(user)
}

/// Creates a session for `user` and returns the `Set-Cookie` value that carries its token.
pub async fn start_session(state: &AppState, user: &User) -> Result<String, ApiError> {
    let token = session::new_token();
    let csrf = session::new_token();
    let expires = Utc::now() + Duration::hours(session::SESSION_HOURS);
    state.store.create_session(&session::token_hash(&token), user.id, &csrf, expires).await?;
    Ok(session::set_cookie(&token, state.secure_cookies))
}
