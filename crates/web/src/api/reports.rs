//! `/api/reports/caseload`: the half-yearly report on case counts and waiting times, with the
//! comparison with the previous period, as JSON (with the footnote), as a CSV for Danish Excel,
//! as an Excel workbook, as a printable HTML page or as a tagged PDF. The use case is
//! `familiehus_app::reports::caseload`; the column definitions are `familiehus_domain::report`'s.

use crate::AppState;
use crate::dto::opt_date;
use crate::error::{ApiError, ApiJson, ApiQuery, ErrorBody};
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use familiehus_domain::ReportPeriod;
use familiehus_report_render as report_render;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    #[default]
    Json,
    Csv,
    Html,
    Xlsx,
    Pdf,
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
    /// `json` (default), `csv`, `html`, `xlsx` or `pdf` (tagged, PDF/UA-1).
    #[serde(default)]
    #[param(inline)]
    pub format: ReportFormat,
}

// The JSON document is the report crate's, so `familiehus report --format json` gives the same.
pub use familiehus_report_render::json::{CaseloadReportOut, PeriodOut, ReportRowOut, WaitOut};

#[utoipa::path(get, path = "/api/reports/caseload", operation_id = "getCaseloadReport", tag = "reports", params(CaseloadQuery),
    responses(
        (status = 200, description = "The report", content(
            (CaseloadReportOut = "application/json"),
            (String = "text/csv"),
            (String = "text/html"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (Vec<u8> = "application/pdf"),
        )),
        (status = 400, description = "Missing or unreadable date, unknown format", body = ErrorBody),
        (status = 422, description = "Period ends before it starts, or report date before the period", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn caseload(
    State(state): State<AppState>,
    user: crate::auth::CurrentUser,
    remote: crate::auth::Remote,
    ApiQuery(query): ApiQuery<CaseloadQuery>,
) -> Result<Response, ApiError> {
    let period = ReportPeriod::new(query.from, query.to, query.as_of)?;
    let report = familiehus_app::reports::caseload(&state.app, &user.acting(&remote), period).await?;
    render(&report, query.format)
}

/// The report in the requested format, with its download headers.
pub(crate) fn render(report: &familiehus_domain::CaseloadReport, format: ReportFormat) -> Result<Response, ApiError> {
    let period = report.period;
    Ok(match format {
        ReportFormat::Json => ApiJson(CaseloadReportOut::from(report)).into_response(),
        ReportFormat::Csv => {
            let body = report_render::csv(report).map_err(|e| ApiError::Internal(format!("csv: {e}")))?;
            let disposition = format!("attachment; filename=\"{}\"", report_render::csv_filename(&period));
            ([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body).into_response()
        }
        ReportFormat::Xlsx => {
            let body = crate::report_xlsx::xlsx(report).map_err(|e| ApiError::Internal(format!("xlsx: {e}")))?;
            let filename = report_render::csv_filename(&period).replace(".csv", ".xlsx");
            let disposition = format!("attachment; filename=\"{filename}\"");
            let content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned();
            ([(header::CONTENT_TYPE, content_type), (header::CONTENT_DISPOSITION, disposition)], body).into_response()
        }
        ReportFormat::Html => Html(report_render::html(report).map_err(|e| ApiError::Internal(format!("report template: {e}")))?).into_response(),
        ReportFormat::Pdf => {
            let body = report_render::pdf(report).map_err(|e| ApiError::Internal(format!("pdf: {e}")))?;
            let disposition = format!("attachment; filename=\"{}\"", report_render::pdf_filename(&period));
            ([(header::CONTENT_TYPE, "application/pdf".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body).into_response()
        }
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
