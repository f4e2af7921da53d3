//! The outcome report per service and period (`domain::outcome`): the page, the API and its
//! downloads. Reading needs `ReadReport` (leaders, the analyst, administrators). The figures are
//! aggregates without personal data, so, as for the half-yearly report (`reports`), reads are
//! not logged in the access log; roles without case access get whole months only and the
//! suppressed report (`outcome::suppress`).

use crate::{Acting, App, AppError};
use familiehus_domain::outcome::{self, OutcomeReport, OutcomeService};
use familiehus_domain::report::short_paragraph;
use familiehus_domain::{Permission, ReportPeriod, disclosure};

/// The report for `period`, judging follow-ups due before today, for every catalogue service
/// with a closed case or a follow-up due in it (the catalogue's order).
pub async fn report(app: &App, acting: &Acting, period: ReportPeriod) -> Result<OutcomeReport, AppError> {
    acting.require(Permission::ReadReport)?;
    let restricted = crate::reports::sees_aggregates_only(acting);
    if restricted {
        disclosure::check_whole_months(&period)?;
    }
    let services: Vec<OutcomeService> = app
        .store
        .list_services()
        .await?
        .into_iter()
        .map(|s| OutcomeService { service_id: s.id, paragraph: short_paragraph(&s.service.legal_refs), name: s.service.name, rules: s.service.rules })
        .collect();
    let facts = app.store.outcome_facts(period.from(), period.to()).await?;
    let report = outcome::build(period, app.today(), &services, &facts);
    Ok(if restricted { outcome::suppress(report) } else { report })
}
