//! The unit leader's caseload overview: per practitioner and group leader of the unit, the
//! started, open cases they carry and their journal contacts and hours in the last
//! `CASELOAD_DAYS` days (`Store::caseload`). Counts about staff, no family's data, so nothing
//! is logged; `SeeCaseload` (leaders, administrators), a leader for their own unit only.

use crate::{Acting, App, AppError};
use familiehus_domain::Permission;
use familiehus_store::Caseload;

pub const CASELOAD_DAYS: u64 = 30;

/// The caseload of `unit_id` (a leader's own unit when `None`).
pub async fn of_unit(app: &App, acting: &Acting, unit_id: Option<i64>) -> Result<(i64, Vec<Caseload>), AppError> {
    acting.require(Permission::SeeCaseload)?;
    let actor = acting.actor();
    let unit = match (actor.role, actor.unit_id, unit_id) {
        (familiehus_domain::Role::UnitLeader, Some(own), asked) if asked.is_none_or(|u| u == own) => own,
        (familiehus_domain::Role::UnitLeader, Some(_), Some(_)) => return Err(AppError::Forbidden),
        (_, _, Some(asked)) => asked,
        (_, Some(own), None) => own,
        (_, None, None) => return Err(AppError::invalid("enhed", "Vælg en enhed.", "choose a unit")),
    };
    let since = app.today() - chrono::Days::new(CASELOAD_DAYS);
    Ok((unit, app.store.caseload(unit, since).await?))
}
