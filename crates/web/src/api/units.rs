//! `/api/units`: list and create organisational units (Familiehuset, FTI, …), and set a unit's
//! contact details ("Kontakt os" on the public service pages).

use crate::AppState;
use crate::error::{ApiError, ApiJson, ErrorBody};
use axum::extract::State;
use axum::http::StatusCode;
use familiehus_domain::Unit;
use familiehus_store::StoredUnit;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A stored unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitOut {
    pub id: i64,
    pub name: String,
    /// Short form used in tables ("FTI").
    pub short_name: String,
}

impl From<StoredUnit> for UnitOut {
    fn from(u: StoredUnit) -> Self {
        Self { id: u.id, name: u.name, short_name: u.short_name }
    }
}

/// A new unit.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UnitIn {
    pub name: String,
    #[serde(default)]
    pub short_name: String,
}

#[utoipa::path(get, path = "/api/units", operation_id = "listUnits", tag = "units",
    responses((status = 200, description = "Every unit, by name", body = Vec<UnitOut>)))]
#[tracing::instrument(skip_all)]
pub async fn list(State(state): State<AppState>) -> Result<ApiJson<Vec<UnitOut>>, ApiError> {
    let units = state.store.list_units().await?;
    Ok(ApiJson(units.into_iter().map(UnitOut::from).collect()))
}

#[utoipa::path(post, path = "/api/units", operation_id = "createUnit", tag = "units", request_body = UnitIn,
    responses(
        (status = 201, description = "Created", body = UnitOut),
        (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 403, description = "Only administrators create units", body = ErrorBody),
        (status = 422, description = "Empty or duplicate name", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<AppState>,
    user: crate::auth::CurrentUser,
    remote: crate::auth::Remote,
    ApiJson(input): ApiJson<UnitIn>,
) -> Result<(StatusCode, ApiJson<UnitOut>), ApiError> {
    let unit = familiehus_app::catalogue::create_unit(&state.app, &user.acting(&remote), &Unit { name: input.name, short_name: input.short_name }).await?;
    Ok((StatusCode::CREATED, ApiJson(unit.into())))
}

/// A unit's contact details for the public pages; each may be empty.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct UnitContactIo {
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// One line per address line.
    #[serde(default)]
    pub address: String,
}

#[utoipa::path(put, path = "/api/units/{id}/contact", operation_id = "setUnitContact", tag = "units", request_body = UnitContactIo,
    params(("id" = i64, Path, description = "The unit")),
    responses(
        (status = 200, description = "Saved", body = UnitContactIo),
        (status = 403, description = "Only administrators, or the unit's leader", body = ErrorBody),
        (status = 404, description = "No such unit", body = ErrorBody),
        (status = 422, description = "Too long", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn set_contact(
    State(state): State<AppState>,
    user: crate::auth::CurrentUser,
    remote: crate::auth::Remote,
    axum::extract::Path(id): axum::extract::Path<i64>,
    ApiJson(input): ApiJson<UnitContactIo>,
) -> Result<ApiJson<UnitContactIo>, ApiError> {
    let contact = familiehus_store::UnitContact { phone: input.phone, email: input.email, address: input.address };
    familiehus_app::enquiries::set_unit_contact(&state.app, &user.acting(&remote), id, &contact).await?;
    let saved = state.store.unit_contact(id).await?;
    Ok(ApiJson(UnitContactIo { phone: saved.phone, email: saved.email, address: saved.address }))
}

/// This resource's routes, each with what it requires (declared once: see `crate::routes`).
pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::{EditCatalogue, ReadCatalogue};
    use utoipa_axum::routes;
    vec![
        Route::json(Needs(ReadCatalogue), routes!(list)),
        Route::json(Needs(EditCatalogue), routes!(create)),
        Route::json(Needs(EditCatalogue), routes!(set_contact)),
    ]
}
