//! The half-yearly report for the children's committee: the report for a period with its
//! comparison (page, API and CLI), the report's configuration (rows, labels, order, remarks), and
//! editions saved for a committee meeting and reopened later exactly as they were sent.
//!
//! Reading needs `ReadReport`; configuring and saving an edition `EditReport` (unit leaders and
//! administrators: the leader writes the remarks to the committee). The figures are aggregates
//! without personal data, so reads are not logged in the access log.

use crate::{Acting, App, AppError};
use chrono::NaiveDate;
use familiehus_domain::report_trend::{TrendPeriod, trend_periods};
use familiehus_domain::{CaseloadReport, Permission, ReportConfig, ReportPeriod, disclosure};
use familiehus_store::{EditionSummary, ReportEdition, StoredReportConfig};

/// The report for `period` with the configured rows, compared with the previous period (the
/// half-year before, or as long just before).
///
/// Roles without case access (the analyst) get whole-month periods only, counted on the
/// period's last day, and the report with small counts hidden (`domain::disclosure`), in both
/// periods before they are compared: a one-day report used to give single cases' dates.
pub async fn caseload(app: &App, acting: &Acting, period: ReportPeriod) -> Result<CaseloadReport, AppError> {
    acting.require(Permission::ReadReport)?;
    let restricted = sees_aggregates_only(acting);
    if restricted {
        disclosure::check_whole_months(&period)?;
    }
    compute(app, period, restricted).await
}

/// Whether the actor sees aggregates only (no case access), and therefore no small counts.
pub fn sees_aggregates_only(acting: &Acting) -> bool {
    !acting.actor().allows(Permission::ReadCases)
}

/// The report with its comparison; callers have checked the permission.
async fn compute(app: &App, period: ReportPeriod, restricted: bool) -> Result<CaseloadReport, AppError> {
    let rows = app.store.report_services().await?;
    let shown = |r: CaseloadReport| if restricted { disclosure::suppress(r) } else { r };
    let report = shown(app.store.caseload_report_for(period, &rows).await?);
    Ok(match period.previous() {
        Some(p) => report.compare_with(&shown(app.store.caseload_report_for(p, &rows).await?)),
        None => report,
    })
}

/// One half-year of the trend beside the report: its period and label, and the report's totals.
#[derive(Debug, Clone)]
pub struct TrendPoint {
    pub half_year: TrendPeriod,
    pub totals: familiehus_domain::ReportRow,
}

/// The six half-years ending with the one `period` ends in (`domain::report_trend`), each with
/// the configured rows' totals, small counts hidden for roles without case access as in
/// `caseload`.
pub async fn trend(app: &App, acting: &Acting, period: ReportPeriod) -> Result<Vec<TrendPoint>, AppError> {
    acting.require(Permission::ReadReport)?;
    let restricted = sees_aggregates_only(acting);
    if restricted {
        disclosure::check_whole_months(&period)?;
    }
    let rows = app.store.report_services().await?;
    let mut out = Vec::with_capacity(familiehus_domain::report_trend::TREND_HALF_YEARS);
    for half_year in trend_periods(period.to()) {
        let report = app.store.caseload_report_for(half_year.period, &rows).await?;
        let report = if restricted { disclosure::suppress(report) } else { report };
        out.push(TrendPoint { half_year, totals: report.totals });
    }
    Ok(out)
}

/// The configuration in force (the catalogue's report flag until one is saved).
pub async fn config(app: &App, acting: &Acting) -> Result<StoredReportConfig, AppError> {
    acting.require(Permission::ReadReport)?;
    Ok(app.store.report_config().await?)
}

/// A catalogue service a leader can put in the report, with the row it gets by default.
#[derive(Debug, Clone)]
pub struct RowChoice {
    pub default_row: familiehus_domain::ReportService,
    pub unit_name: String,
    pub retired: bool,
}

/// What the configuration form needs: the configuration in force, and every service of the
/// catalogue (in the configured order first, then by legal reference and name) as a choice.
pub async fn config_choices(app: &App, acting: &Acting) -> Result<(StoredReportConfig, Vec<RowChoice>), AppError> {
    acting.require(Permission::EditReport)?;
    let stored = app.store.report_config().await?;
    let services = app.store.list_services().await?;
    let catalogue = ReportConfig::from_catalogue(
        services
            .iter()
            .map(|s| familiehus_domain::report::CatalogueRow { service_id: s.id, name: s.service.name.clone(), legal_refs: s.service.legal_refs.clone() })
            .collect(),
    );
    let position = |id: i64| stored.config.rows.iter().position(|r| r.service_id == id).unwrap_or(usize::MAX);
    let mut choices: Vec<RowChoice> = catalogue
        .rows
        .into_iter()
        .filter_map(|row| {
            let s = services.iter().find(|s| s.id == row.service_id)?;
            Some(RowChoice { default_row: row, unit_name: s.unit_name.clone(), retired: s.service.status == familiehus_domain::ServiceStatus::Retired })
        })
        .collect();
    // A stable sort keeps the catalogue order among the services not configured.
    choices.sort_by_key(|c| position(c.default_row.service_id));
    Ok((stored, choices))
}

/// Replaces the configuration: validated, and every row must name a service that exists.
pub async fn save_config(app: &App, acting: &Acting, config: &ReportConfig) -> Result<(), AppError> {
    acting.require(Permission::EditReport)?;
    config.validate()?;
    let known: std::collections::BTreeSet<i64> = app.store.list_services().await?.iter().map(|s| s.id).collect();
    let unknown: Vec<familiehus_domain::FieldError> = config
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !known.contains(&r.service_id))
        .map(|(i, r)| {
            familiehus_domain::FieldError::new(
                "rows",
                format!("Række {}: indsatsen findes ikke.", i + 1),
                format!("row {}: no service {}", i + 1, r.service_id),
            )
        })
        .collect();
    familiehus_domain::ValidationErrors::check(unknown)?;
    let mut tx = app.store.begin().await?;
    tx.save_report_config(config, Some(acting.user.id)).await?;
    tx.commit().await?;
    tracing::info!(by = acting.user.id, rows = config.rows.len(), "report configuration changed");
    Ok(())
}

/// Saves the report for `period` as it stands now (rows, remarks, figures, comparison) as the
/// edition for the committee meeting on `meeting_on`; returns its id. The meeting cannot be
/// before the report's date: the committee reads figures that already exist.
pub async fn save_edition(app: &App, acting: &Acting, meeting_on: NaiveDate, period: ReportPeriod) -> Result<i64, AppError> {
    acting.require(Permission::EditReport)?;
    if meeting_on < period.as_of() {
        let da = format!("Mødet kan ikke ligge før rapportens opgørelsesdato ({}).", familiehus_domain::danish::date(period.as_of()));
        return Err(AppError::invalid("meeting_on", &da, "meeting before the report's as-of date"));
    }
    let report = compute(app, period, false).await?;
    let mut tx = app.store.begin().await?;
    let id = tx.save_report_edition(meeting_on, &report, Some(acting.user.id)).await?;
    tx.commit().await?;
    tracing::info!(by = acting.user.id, edition = id, "report edition saved");
    Ok(id)
}

/// The saved editions, newest meeting first.
pub async fn editions(app: &App, acting: &Acting) -> Result<Vec<EditionSummary>, AppError> {
    acting.require(Permission::ReadReport)?;
    Ok(app.store.report_editions().await?)
}

/// One saved edition exactly as it was sent; `NotFound` for an unknown id.
/// For roles without case access the small counts are hidden as in `caseload`, and the
/// comparison is withheld (the edition holds only the previous means, not their counts).
pub async fn edition(app: &App, acting: &Acting, id: i64) -> Result<ReportEdition, AppError> {
    acting.require(Permission::ReadReport)?;
    let mut edition = app
        .store
        .report_edition(id)
        .await?
        .ok_or(AppError::Store(familiehus_store::StoreError::NotFound { entity: familiehus_store::Entity::ReportEdition, id }))?;
    if sees_aggregates_only(acting) {
        let mut report = disclosure::suppress(edition.report);
        for row in report.rows.iter_mut().chain(std::iter::once(&mut report.totals)) {
            row.previous_mean = None;
            row.change = None;
        }
        edition.report = report;
    }
    Ok(edition)
}
