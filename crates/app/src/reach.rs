//! The reach report (rækkevidde) of the family-house access models: the cases opened in a
//! period — reached in pregnancy or after the birth, with a father taking part, by way in and
//! by referral source — from one store query, computed by `domain::reach`. Aggregates without
//! personal data (not logged, like the half-yearly report); roles without case access get whole
//! months only and no count under 5.

use crate::reports::sees_aggregates_only;
use crate::{Acting, App, AppError};
use chrono::NaiveDate;
use familiehus_domain::reach::{self, Reach};
use familiehus_domain::{Permission, ReportPeriod, disclosure};

/// The reach of the cases opened from `from` to `to`, of one unit's services or every unit's.
pub async fn reach(app: &App, acting: &Acting, from: NaiveDate, to: NaiveDate, unit_id: Option<i64>) -> Result<Reach, AppError> {
    acting.require(Permission::ReadReport)?;
    let period = ReportPeriod::new(from, to, None).map_err(|e| AppError::invalid(e.field(), &e.message_da(), &e.to_string()))?;
    let restricted = sees_aggregates_only(acting);
    if restricted {
        disclosure::check_whole_months(&period)?;
    }
    let rows = app.store.reach_rows(from, to, unit_id).await?;
    Ok(reach::build(&rows, from, to, restricted))
}
