//! The login page (`GET/POST /login`) and `POST /logout` for the staff pages. The login form
//! carries no CSRF token (there is no session yet); SameSite=Lax and the generic error keep it
//! harmless. After sign-in the browser goes to `next` when it is a local path.

use super::session::{clear_cookie, token_from_headers, token_hash};
use super::{CurrentUser, LoginError};
use crate::AppState;
use crate::staff::errors::PageError;
use crate::staff::layout::{Layout, render};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

pub const SESSION_EXPIRED_DA: &str = "Din session er udløbet. Log ind igen.";

#[derive(Template)]
#[template(path = "staff/login.html")]
struct LoginPage {
    layout: Layout,
    info: Option<&'static str>,
    error: Option<String>,
    username: String,
    next: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginQuery {
    next: String,
    udlobet: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    brugernavn: String,
    adgangskode: String,
    next: String,
}

/// Only same-site paths, so the login cannot send users to another site. Browsers drop tabs and
/// newlines from a URL and read `\\` as `/`, so `/\t/evil.example` would become
/// `//evil.example`: a path is accepted only if it is printable ASCII without backslashes (a real
/// path is percent-encoded), starts with one `/` and is not a scheme-relative `//` address.
fn safe_next(next: &str) -> &str {
    let printable = next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    if printable && next.starts_with('/') && !next.starts_with("//") { next } else { "/" }
}

#[tracing::instrument(skip_all)]
pub async fn page(Query(query): Query<LoginQuery>) -> Response {
    let info = query.udlobet.is_some().then_some(SESSION_EXPIRED_DA);
    render(StatusCode::OK, &LoginPage { layout: Layout::anonymous("Log ind"), info, error: None, username: String::new(), next: query.next })
}

#[tracing::instrument(skip_all)]
pub async fn submit(State(state): State<AppState>, remote: super::Remote, Form(form): Form<LoginForm>) -> Result<Response, PageError> {
    match super::sign_in(&state, &form.brugernavn, &form.adgangskode, &remote).await {
        Ok(user) => {
            let cookie = super::start_session(&state, &user).await?;
            let mut response = Redirect::to(safe_next(&form.next)).into_response();
            if let Ok(value) = cookie.parse() {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            Ok(response)
        }
        Err(LoginError::Store(e)) => Err(e.into()),
        Err(refused) => {
            let status = match refused {
                LoginError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNAUTHORIZED,
            };
            let page =
                LoginPage { layout: Layout::anonymous("Log ind"), info: None, error: Some(refused.message_da()), username: form.brugernavn, next: form.next };
            Ok(render(status, &page))
        }
    }
}

#[tracing::instrument(skip_all)]
pub async fn logout(State(state): State<AppState>, user: Option<CurrentUser>, headers: HeaderMap) -> Result<Response, PageError> {
    let hash = user.map(|u| u.token_hash).or_else(|| token_from_headers(&headers).map(|t| token_hash(&t)));
    if let Some(hash) = hash {
        state.store.delete_session(&hash).await?;
    }
    let mut response = Redirect::to("/login").into_response();
    if let Ok(value) = clear_cookie(state.secure_cookies).parse() {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_is_a_local_path_only() {
        assert_eq!(super::safe_next("/sager/3"), "/sager/3");
        assert_eq!(super::safe_next("//evil.example"), "/");
        assert_eq!(super::safe_next("https://evil.example"), "/");
        assert_eq!(super::safe_next("/\t/evil.example"), "/");
        assert_eq!(super::safe_next("/\\evil.example"), "/");
        assert_eq!(super::safe_next("/\n"), "/");
        assert_eq!(super::safe_next("/ /evil.example"), "/");
        assert_eq!(super::safe_next("/sager?side=2&s%C3%B8g=%C3%86r%C3%B8"), "/sager?side=2&s%C3%B8g=%C3%86r%C3%B8");
    }
}
