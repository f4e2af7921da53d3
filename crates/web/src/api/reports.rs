//! `/api/reports/caseload`: the half-yearly report on case counts and waiting times, with the
//! comparison with the previous period, as JSON (with the footnote), as a CSV for Danish Excel,
//! as an Excel workbook, as a printable HTML page or as a tagged PDF. The use case is
//! `familiehus_app::reports::caseload`; the column definitions are `familiehus_domain::report`'s.

use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::download;
use crate::dto::opt_date;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, ErrorBody};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use familiehus_app::reports;
use familiehus_domain::ReportConfig;
use familiehus_domain::ReportPeriod;
use familiehus_domain::report::ReportService;
use familiehus_report_render as report_render;
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
    user: CurrentUser,
    remote: Remote,
    ApiQuery(query): ApiQuery<CaseloadQuery>,
) -> Result<Response, ApiError> {
    let period = ReportPeriod::new(query.from, query.to, query.as_of)?;
    let report = reports::caseload(&state.app, &user.acting(&remote), period).await?;
    render(&report, query.format)
}

/// The report in the requested format, with its download headers.
pub(crate) fn render(report: &familiehus_domain::CaseloadReport, format: ReportFormat) -> Result<Response, ApiError> {
    let period = report.period;
    Ok(match format {
        ReportFormat::Json => ApiJson(CaseloadReportOut::from(report)).into_response(),
        ReportFormat::Csv => {
            let body = report_render::csv(report).map_err(|e| ApiError::Internal(format!("csv: {e}")))?;
            download::file(download::CSV, &report_render::csv_filename(&period), body)
        }
        ReportFormat::Xlsx => {
            let body = crate::report_xlsx::xlsx(report).map_err(|e| ApiError::Internal(format!("xlsx: {e}")))?;
            download::file(download::XLSX, &report_render::csv_filename(&period).replace(".csv", ".xlsx"), body)
        }
        ReportFormat::Html => Html(report_render::html(report).map_err(|e| ApiError::Internal(format!("report template: {e}")))?).into_response(),
        ReportFormat::Pdf => {
            let body = report_render::pdf(report).map_err(|e| ApiError::Internal(format!("pdf: {e}")))?;
            download::file(download::PDF, &report_render::pdf_filename(&period), body)
        }
    })
}

/// One configured row of the committee report.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportRowConfigIo {
    pub service_id: i64,
    /// As the table prints it: `§ 52.3.7 Supervision`.
    pub paragraph: String,
    pub label: String,
    /// The leader's remark to the committee.
    #[serde(default)]
    pub remark: String,
}

/// The committee report's rows, in order.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportConfigIo {
    pub rows: Vec<ReportRowConfigIo>,
    /// Whether a configuration was saved (otherwise the catalogue's report flag decides).
    #[serde(default)]
    pub saved: bool,
}

impl ReportConfigIo {
    fn into_config(self) -> ReportConfig {
        ReportConfig {
            rows: self.rows.into_iter().map(|r| ReportService { service_id: r.service_id, paragraph: r.paragraph, label: r.label, remark: r.remark }).collect(),
        }
    }
}

#[utoipa::path(get, path = "/api/reports/config", operation_id = "getReportConfig", tag = "reports",
    responses((status = 200, description = "The report's rows, in order", body = ReportConfigIo)))]
#[tracing::instrument(skip_all)]
pub async fn get_config(State(state): State<AppState>, user: CurrentUser, remote: Remote) -> Result<ApiJson<ReportConfigIo>, ApiError> {
    let stored = reports::config(&state.app, &user.acting(&remote)).await?;
    let rows = stored
        .config
        .rows
        .into_iter()
        .map(|r| ReportRowConfigIo { service_id: r.service_id, paragraph: r.paragraph, label: r.label, remark: r.remark })
        .collect();
    Ok(ApiJson(ReportConfigIo { rows, saved: stored.saved }))
}

#[utoipa::path(put, path = "/api/reports/config", operation_id = "putReportConfig", tag = "reports", request_body = ReportConfigIo,
    responses(
        (status = 204, description = "Saved"),
        (status = 422, description = "A row without a label, a service twice or unknown, too long a text", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn put_config(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiJson(input): ApiJson<ReportConfigIo>,
) -> Result<StatusCode, ApiError> {
    reports::save_config(&state.app, &user.acting(&remote), &input.into_config()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An edition to save: the committee meeting and the report's period.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EditionIn {
    #[serde(deserialize_with = "crate::dto::date")]
    #[schema(value_type = String, format = Date)]
    pub meeting_on: NaiveDate,
    #[serde(deserialize_with = "crate::dto::date")]
    #[schema(value_type = String, format = Date)]
    pub from: NaiveDate,
    #[serde(deserialize_with = "crate::dto::date")]
    #[schema(value_type = String, format = Date)]
    pub to: NaiveDate,
    #[serde(default, deserialize_with = "opt_date")]
    #[schema(value_type = Option<String>, format = Date)]
    pub as_of: Option<NaiveDate>,
}

/// A saved edition in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct EditionOut {
    pub id: i64,
    pub meeting_on: NaiveDate,
    pub period: PeriodOut,
    pub saved_at: String,
    pub saved_by: Option<String>,
}

#[utoipa::path(post, path = "/api/reports/editions", operation_id = "saveReportEdition", tag = "reports", request_body = EditionIn,
    responses(
        (status = 201, description = "Saved: the report as it stands now, for the meeting", body = EditionOut),
        (status = 422, description = "Period ends before it starts, or report date before the period", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn save_edition(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiJson(input): ApiJson<EditionIn>,
) -> Result<(StatusCode, ApiJson<EditionOut>), ApiError> {
    let period = ReportPeriod::new(input.from, input.to, input.as_of)?;
    let acting = user.acting(&remote);
    let id = reports::save_edition(&state.app, &acting, input.meeting_on, period).await?;
    let e = reports::edition(&state.app, &acting, id).await?;
    let p = e.report.period;
    Ok((
        StatusCode::CREATED,
        ApiJson(EditionOut {
            id,
            meeting_on: e.meeting_on,
            period: PeriodOut { from: p.from(), to: p.to(), as_of: p.as_of() },
            saved_at: e.saved_at,
            saved_by: e.saved_by,
        }),
    ))
}

#[utoipa::path(get, path = "/api/reports/editions", operation_id = "listReportEditions", tag = "reports",
    responses((status = 200, description = "Saved editions, newest meeting first", body = Vec<EditionOut>)))]
#[tracing::instrument(skip_all)]
pub async fn list_editions(State(state): State<AppState>, user: CurrentUser, remote: Remote) -> Result<ApiJson<Vec<EditionOut>>, ApiError> {
    let list = reports::editions(&state.app, &user.acting(&remote)).await?;
    Ok(ApiJson(
        list.into_iter()
            .map(|e| EditionOut {
                id: e.id,
                meeting_on: e.meeting_on,
                period: PeriodOut { from: e.period_from, to: e.period_to, as_of: e.as_of },
                saved_at: e.saved_at,
                saved_by: e.saved_by,
            })
            .collect(),
    ))
}

/// The format of a saved edition.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EditionQuery {
    /// `json` (default), `csv`, `html`, `xlsx` or `pdf`.
    #[serde(default)]
    #[param(inline)]
    pub format: ReportFormat,
}

#[utoipa::path(get, path = "/api/reports/editions/{id}", operation_id = "getReportEdition", tag = "reports",
    params(("id" = i64, Path, description = "Edition id"), EditionQuery),
    responses(
        (status = 200, description = "The edition exactly as it was saved", content(
            (CaseloadReportOut = "application/json"),
            (String = "text/csv"),
            (String = "text/html"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (Vec<u8> = "application/pdf"),
        )),
        (status = 404, description = "No such edition", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn get_edition(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<EditionQuery>,
) -> Result<Response, ApiError> {
    let edition = reports::edition(&state.app, &user.acting(&remote), id).await?;
    render(&edition.report, query.format)
}

/// This resource's routes, each with what it requires (declared once: see `crate::routes`).
pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::{EditReport, ReadReport};
    use utoipa_axum::routes;
    vec![
        Route::json(Needs(ReadReport), routes!(caseload)),
        Route::json(Needs(ReadReport), routes!(get_config)),
        Route::json(Needs(EditReport), routes!(put_config)),
        Route::json(Needs(ReadReport), routes!(list_editions)),
        Route::json(Needs(EditReport), routes!(save_edition)),
        Route::json(Needs(ReadReport), routes!(get_edition)),
    ]
}
