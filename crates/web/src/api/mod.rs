//! The JSON API under `/api`: one file per resource, each owning its request and response
//! types (with `ToSchema`), its handlers (with `#[utoipa::path]`) and the declaration of its
//! routes (`routes()`, see `crate::routes`), from which the router, the access policy and the
//! OpenAPI document in `openapi.rs` are all built, so none of them can drift from the handlers.

pub mod access_routes;
pub mod case_list;
pub mod cases;
pub mod consents;
pub mod enquiries;
pub mod family;
pub mod family_treatment;
pub mod groups;
pub mod inbox;
pub mod journal;
pub mod measurements;
pub mod openapi;
pub mod outcome;
pub mod reach;
pub mod reports;
pub mod services;
pub mod units;

use crate::routes::Route;

/// Every route under `/api` but `/api/session` (declared by `crate::auth`). Unknown paths and
/// undeclared methods answer in the API's error shape (`crate::fallback`, `crate::policy`).
pub fn routes() -> Vec<Route> {
    let mut routes = units::routes();
    routes.extend(services::routes());
    routes.extend(access_routes::routes());
    routes.extend(cases::routes());
    routes.extend(case_list::routes());
    routes.extend(journal::routes());
    routes.extend(family::routes());
    routes.extend(family_treatment::routes());
    routes.extend(consents::routes());
    routes.extend(measurements::routes());
    routes.extend(groups::routes());
    routes.extend(inbox::routes());
    routes.extend(enquiries::routes());
    routes.extend(reports::routes());
    routes.extend(outcome::routes());
    routes.extend(reach::routes());
    routes.extend(openapi::routes());
    routes
}
