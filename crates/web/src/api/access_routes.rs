//! `/api/services/{id}/access-routes`: which ways in besides the authority referral a service
//! allows (the leader's admission, direct contact, walk-in: `domain::access_route`), read by
//! anyone who reads the catalogue and set by the unit's catalogue editors
//! (`familiehus_app::catalogue::set_access_routes`).

use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::dto::AccessRouteCode;
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use axum::extract::State;
use familiehus_app::catalogue;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The optional ways in; the authority referral is always allowed and never listed.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AccessRoutesBody {
    /// Any of `leader_admission`, `direct_contact`, `walk_in`.
    pub routes: Vec<AccessRouteCode>,
}

fn body(routes: Vec<familiehus_domain::access_route::AccessRoute>) -> AccessRoutesBody {
    AccessRoutesBody { routes: routes.into_iter().map(Into::into).collect() }
}

#[utoipa::path(get, path = "/api/services/{id}/access-routes", operation_id = "getServiceAccessRoutes", tag = "services",
    params(("id" = i64, Path, description = "Service id")),
    responses(
        (status = 200, description = "The optional ways in the service allows", body = AccessRoutesBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such service", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn get(State(state): State<AppState>, user: CurrentUser, remote: Remote, ApiPath(id): ApiPath<i64>) -> Result<ApiJson<AccessRoutesBody>, ApiError> {
    Ok(ApiJson(body(catalogue::access_routes(&state.app, &user.acting(&remote), id).await?)))
}

#[utoipa::path(put, path = "/api/services/{id}/access-routes", operation_id = "setServiceAccessRoutes", tag = "services", request_body = AccessRoutesBody,
    params(("id" = i64, Path, description = "Service id")),
    responses(
        (status = 200, description = "Saved (`authority_referral` and `enquiry` are dropped: they are never optional)", body = AccessRoutesBody),
        (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an editor of the service's unit", body = ErrorBody),
        (status = 404, description = "No such service", body = ErrorBody),
        (status = 422, description = "An anonymous service", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn put(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<AccessRoutesBody>,
) -> Result<ApiJson<AccessRoutesBody>, ApiError> {
    let routes: Vec<_> = input.routes.into_iter().map(Into::into).collect();
    Ok(ApiJson(body(catalogue::set_access_routes(&state.app, &user.acting(&remote), id, &routes).await?)))
}

/// This resource's routes, each with what it requires (declared once: see `crate::routes`).
pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::{EditCatalogue, ReadCatalogue};
    use utoipa_axum::routes;
    vec![Route::json(Needs(ReadCatalogue), routes!(get)), Route::json(Needs(EditCatalogue), routes!(put))]
}
