//! The JSON API under `/api`: one file per resource, each owning its request and response
//! types (with `ToSchema`) and its handlers (with `#[utoipa::path]`, so the OpenAPI document in
//! `openapi.rs` is generated from the handlers themselves and cannot drift from them).

pub mod cases;
pub mod openapi;
pub mod reports;
pub mod services;
pub mod units;

use crate::AppState;
use crate::error;
use axum::Router;
use axum::routing::{get, post};

/// Every route under `/api`; unknown paths and wrong methods answer in the API's error shape.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/session", post(crate::auth::api::login).delete(crate::auth::api::logout))
        .route("/units", get(units::list).post(units::create))
        .route("/services", get(services::list).post(services::create))
        .route("/services/{id}", get(services::get).put(services::update))
        .route("/services/{id}/waiting-list", get(services::waiting_list))
        .route("/cases", post(cases::enrol))
        .route("/cases/{id}", get(cases::get))
        .route("/cases/{id}/start", post(cases::start))
        .route("/cases/{id}/close", post(cases::close))
        .route("/cases/{id}/reopen", post(cases::reopen))
        .route("/cases/{id}/assign", post(cases::assign))
        .route("/reports/caseload", get(reports::caseload))
        .route("/openapi.json", get(openapi::document))
        .fallback(error::no_route)
        .method_not_allowed_fallback(error::method_not_allowed)
}
