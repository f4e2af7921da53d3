//! `/api/reports/caseload`: the half-yearly report on case counts and waiting times, as JSON
//! (with the footnote), as a CSV for Danish Excel, or as a printable HTML page. The numbers are
//! computed by the store; the column definitions are `familiehus_domain::report`'s.

use crate::AppState;
use crate::dto::opt_date;
use crate::error::{ApiError, ApiJson, ApiQuery, ErrorBody};
use crate::report_render;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use familiehus_domain::report::FOOTNOTE_DA;
use familiehus_domain::{CaseloadReport, ReportPeriod, ReportRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    #[default]
    Json,
    Csv,
    Html,
    Xlsx,
}

/// Dates may be written `2022-04-26` or `26.04.2022`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseloadQuery {
    /// First day of the period.
    #[serde(deserialize_with = "crate::dto::date")]
    #[param(value_type = String, format = Date)]
    pub from: NaiveDate,
    /// Last day of the period.
    #[serde(deserialize_with = "crate::dto::date")]
    #[param(value_type = String, format = Date)]
    pub to: NaiveDate,
    /// Report date (opgørelsesdato); the period's last day when left out.
    #[serde(default, deserialize_with = "opt_date")]
    #[param(value_type = Option<String>, format = Date)]
    pub as_of: Option<NaiveDate>,
    /// `json` (default), `csv` or `html`.
    #[serde(default)]
    #[param(inline)]
    pub format: ReportFormat,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodOut {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub as_of: NaiveDate,
}

/// Waiting days from enrolment to start, over the cases started in the period.
#[derive(Debug, Serialize, ToSchema)]
pub struct WaitOut {
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// 90th percentile, nearest rank.
    pub p90: Option<i64>,
}

/// One row of the report; the totals row has no `service_id`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportRowOut {
    pub service_id: Option<i64>,
    /// As the 2022 table writes it: `§ 52.3.2 + 52.3.3`.
    pub paragraph: String,
    pub service_name: String,
    /// Aktuelt sagstal: open on the report date, started or not.
    pub current_cases: i64,
    /// Sager, hvor der endnu ikke er iværksat indsats.
    pub not_started: i64,
    pub started_in_period: i64,
    pub wait: WaitOut,
    /// Længste aktuelle ventetid: days waited so far by the oldest case not yet started.
    pub longest_current_wait: Option<i64>,
    pub remarks: String,
}

impl ReportRowOut {
    fn new(row: &ReportRow, is_total: bool) -> Self {
        Self {
            service_id: (!is_total).then_some(row.service_id),
            paragraph: row.paragraph.clone(),
            service_name: row.service_name.clone(),
            current_cases: row.current_cases,
            not_started: row.not_started,
            started_in_period: row.started_in_period,
            wait: WaitOut { mean: row.wait.mean, median: row.wait.median, p90: row.wait.p90 },
            longest_current_wait: row.longest_current_wait,
            remarks: row.remarks.clone(),
        }
    }
}

/// The report with its footnote (the column definitions, in Danish).
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseloadReportOut {
    pub title: String,
    pub period: PeriodOut,
    pub rows: Vec<ReportRowOut>,
    pub totals: ReportRowOut,
    pub footnote_da: String,
}

impl From<&CaseloadReport> for CaseloadReportOut {
    fn from(r: &CaseloadReport) -> Self {
        Self {
            title: report_render::TITLE.to_owned(),
            period: PeriodOut { from: r.period.from(), to: r.period.to(), as_of: r.period.as_of() },
            rows: r.rows.iter().map(|row| ReportRowOut::new(row, false)).collect(),
            totals: ReportRowOut::new(&r.totals, true),
            footnote_da: FOOTNOTE_DA.to_owned(),
        }
    }
}

#[utoipa::path(get, path = "/api/reports/caseload", operation_id = "getCaseloadReport", tag = "reports", params(CaseloadQuery),
    responses(
        (status = 200, description = "The report", content(
            (CaseloadReportOut = "application/json"),
            (String = "text/csv"),
            (String = "text/html"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, description = "Missing or unreadable date, unknown format", body = ErrorBody),
        (status = 422, description = "Period ends before it starts, or report date before the period", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn caseload(State(state): State<AppState>, ApiQuery(query): ApiQuery<CaseloadQuery>) -> Result<Response, ApiError> {
    let period = ReportPeriod::new(query.from, query.to, query.as_of)?;
    let report = state.store.caseload_report(period).await?;
    Ok(match query.format {
        ReportFormat::Json => ApiJson(CaseloadReportOut::from(&report)).into_response(),
        ReportFormat::Csv => {
            let body = report_render::csv(&report).map_err(|e| ApiError::Internal(format!("csv: {e}")))?;
            let disposition = format!("attachment; filename=\"{}\"", report_render::csv_filename(&period));
            ([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body).into_response()
        }
        ReportFormat::Xlsx => {
            let body = crate::report_xlsx::xlsx(&report).map_err(|e| ApiError::Internal(format!("xlsx: {e}")))?;
            let filename = report_render::csv_filename(&period).replace(".csv", ".xlsx");
            let disposition = format!("attachment; filename=\"{filename}\"");
            let content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned();
            ([(header::CONTENT_TYPE, content_type), (header::CONTENT_DISPOSITION, disposition)], body).into_response()
        }
        ReportFormat::Html => Html(report_render::html(&report).map_err(|e| ApiError::Internal(format!("report template: {e}")))?).into_response(),
    })
}

/// This resource's routes, each with what it requires (declared once: see `crate::routes`).
pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::ReadReport;
    use utoipa_axum::routes;
    vec![Route::json(Needs(ReadReport), routes!(caseload))]
}

/// The report as the API's JSON document (pretty-printed), for the command line. It lives with
/// the DTO it serialises, so rendering (`report_render`) does not depend on the API.
pub fn caseload_json(report: &familiehus_domain::CaseloadReport) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(&CaseloadReportOut::from(report))
}
