//! The catalogue's units and services: who may create a unit (administrators only, on the
//! import page, the JSON API and the CLI alike) and who may write a unit's services
//! (`Actor::may_edit_catalogue_of`).

use crate::{Acting, App, AppError};
use familiehus_domain::{Permission, Unit};
use familiehus_store::StoredUnit;

/// Creates a unit. Only administrators: a unit leader's catalogue rights end at their own unit.
pub async fn create_unit(app: &App, acting: &Acting, unit: &Unit) -> Result<StoredUnit, AppError> {
    acting.require(Permission::EditCatalogue)?;
    if !acting.actor().may_create_units() {
        return Err(AppError::Forbidden);
    }
    if unit.name.trim().is_empty() {
        return Err(AppError::invalid("name", "Enheden skal have et navn.", "unit name is empty"));
    }
    Ok(app.store.create_unit(unit).await?)
}

/// Whether the actor may write the services of a unit.
pub fn require_unit_editor(acting: &Acting, unit_id: i64) -> Result<(), AppError> {
    acting.require(Permission::EditCatalogue)?;
    if acting.actor().may_edit_catalogue_of(unit_id) { Ok(()) } else { Err(AppError::Forbidden) }
}

/// Where an accepted import goes.
#[derive(Debug, Clone)]
pub enum ImportTarget {
    Unit(i64),
    /// A unit created with the import (administrators only), named as typed.
    NewUnit(String),
}

/// Applies an imported catalogue's drafts: creates the unit when asked, then writes every
/// service and its version, all in one transaction, so a refused service leaves no unit behind.
pub async fn apply_import(
    app: &App,
    acting: &Acting,
    target: ImportTarget,
    drafts: &[familiehus_domain::Service],
) -> Result<(i64, familiehus_domain::catalogue_import::review::CatalogueDiff), AppError> {
    acting.require(Permission::EditCatalogue)?;
    let mut tx = app.store.begin().await?;
    let (unit_id, new_unit) = match target {
        ImportTarget::Unit(id) => {
            require_unit_editor(acting, id)?;
            (id, false)
        }
        ImportTarget::NewUnit(name) => {
            if !acting.actor().may_create_units() {
                return Err(AppError::Forbidden);
            }
            (tx.create_unit(&Unit { short_name: name.clone(), name }).await?.id, true)
        }
    };
    let diff = app.store.apply_catalogue_in(&mut tx, unit_id, new_unit, drafts, Some(acting.user.id)).await?;
    tx.commit().await?;
    Ok((unit_id, diff))
}

/// The optional ways in a service allows (`domain::access_route`): anyone who reads the
/// catalogue may see them.
pub async fn access_routes(app: &App, acting: &Acting, service_id: i64) -> Result<Vec<familiehus_domain::access_route::AccessRoute>, AppError> {
    acting.require(Permission::ReadCatalogue)?;
    Ok(app.store.service_access_routes(service_id).await?)
}

/// Sets which ways in besides the authority referral a service allows: the unit's catalogue
/// editors (its leader, administrators). An anonymous service takes no named case any way.
pub async fn set_access_routes(
    app: &App,
    acting: &Acting,
    service_id: i64,
    routes: &[familiehus_domain::access_route::AccessRoute],
) -> Result<Vec<familiehus_domain::access_route::AccessRoute>, AppError> {
    let stored = app.store.service(service_id).await?;
    require_unit_editor(acting, stored.unit_id)?;
    let optional = familiehus_domain::access_route::read_optional(&familiehus_domain::access_route::write_optional(routes));
    if stored.service.access == familiehus_domain::Access::Anonymous && !optional.is_empty() {
        return Err(AppError::invalid("access_routes", "En anonym indsats opretter ikke sager med navn.", "anonymous service"));
    }
    let mut tx = app.store.begin().await?;
    tx.set_service_access_routes(service_id, &optional).await?;
    tx.commit().await?;
    Ok(optional)
}
