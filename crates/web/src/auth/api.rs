//! `/api/session`: sign in (`POST {"username", "password"}` → 204 with the session cookie) and
//! out (`DELETE` → 204, the session deleted and the cookie cleared) for API clients.

use super::session::{clear_cookie, token_from_headers, token_hash};
use crate::AppState;
use crate::error::{ApiError, ApiJson, ErrorBody};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct LoginIn {
    pub username: String,
    pub password: String,
}

#[utoipa::path(post, path = "/api/session", operation_id = "createSession", tag = "session", request_body = LoginIn,
    responses(
        (status = 204, description = "Signed in; the session cookie `familiehus_session` is set"),
        (status = 401, description = "Wrong username or password (one answer for both)", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins from this address; `Retry-After` says when to try again", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn login(State(state): State<AppState>, remote: super::Remote, ApiJson(input): ApiJson<LoginIn>) -> Result<Response, ApiError> {
    let user = super::sign_in(&state, &input.username, &input.password, &remote).await?;
    let cookie = super::start_session(&state, &user).await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

#[utoipa::path(delete, path = "/api/session", operation_id = "deleteSession", tag = "session",
    responses((status = 204, description = "Signed out (also when there was no session)")))]
#[tracing::instrument(skip_all)]
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some(token) = token_from_headers(&headers) {
        state.store.delete_session(&token_hash(&token)).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear_cookie(state.secure_cookies))]).into_response())
}
