//! `POST /katalog/{id}/adgangsveje`: the ways in a service allows besides the authority
//! referral (the family-house access models: the leader's short form, direct contact, walk-in),
//! set by the unit's catalogue editors through `familiehus_app::catalogue::set_access_routes`.
//! The form is on the service page (`service.rs`); the boxes are `domain::access_route`'s list.

use super::super::errors::PageError;
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::catalogue;
use familiehus_domain::access_route::{AccessRoute, OPTIONAL_ROUTES};

/// One box of the form: the route's code, its label, whether it is ticked.
pub struct RouteBox {
    pub code: &'static str,
    pub label: &'static str,
    pub ticked: bool,
}

/// The form's boxes, ticked as the service allows now.
pub fn boxes(allowed: &[AccessRoute]) -> Vec<RouteBox> {
    OPTIONAL_ROUTES.iter().map(|r| RouteBox { code: r.code(), label: r.label_da(), ticked: allowed.contains(r) }).collect()
}

#[tracing::instrument(skip_all)]
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    // Unknown codes are ignored, like a stored row's (`access_route::read_optional`).
    let routes: Vec<AccessRoute> = fields.iter().filter(|(k, _)| k == "route").filter_map(|(_, v)| AccessRoute::from_code(v)).collect();
    catalogue::set_access_routes(&state.app, &user.acting(&remote), id, &routes).await?;
    Ok(Redirect::to(&format!("/katalog/{id}?besked=adgangsveje#adgangsveje")).into_response())
}
