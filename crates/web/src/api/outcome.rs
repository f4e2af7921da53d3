//! `GET /api/reports/outcome` (`getOutcomeReport`): the outcome report per service and period
//! (`familiehus_app::outcome::report`) as JSON, as a CSV for Danish Excel or as an Excel
//! workbook — the page's downloads. Counts hidden from roles without case access have no value
//! here, only the text shown in their place.

use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::download;
use crate::error::{ApiError, ApiJson, ApiQuery, ErrorBody};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use familiehus_domain::ReportPeriod;
use familiehus_domain::outcome::{Count, Figure, OutcomeReport, OutcomeRow};
use familiehus_report_render::outcome as render;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeFormat {
    #[default]
    Json,
    Csv,
    Xlsx,
}

/// Dates may be written `2022-06-30` or `30.06.2022`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutcomeQuery {
    /// First day of the period.
    #[serde(deserialize_with = "crate::dto::date")]
    #[param(value_type = String, format = Date)]
    pub from: NaiveDate,
    /// Last day of the period.
    #[serde(deserialize_with = "crate::dto::date")]
    #[param(value_type = String, format = Date)]
    pub to: NaiveDate,
    /// `json` (default), `csv` or `xlsx`.
    #[serde(default)]
    #[param(inline)]
    pub format: OutcomeFormat,
}

/// A count: its value, or none where it is hidden; `shown` is the text in either case.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountOut {
    pub value: Option<i64>,
    /// `12`, `under 5` or `–`.
    pub shown: String,
}

impl From<Count> for CountOut {
    fn from(c: Count) -> Self {
        Self { value: c.hide.is_shown().then_some(c.n), shown: render::count(c) }
    }
}

/// A figure and how many cases (or follow-ups) it is over.
#[derive(Debug, Serialize, ToSchema)]
pub struct FigureOut {
    pub over: CountOut,
    pub value: Option<f64>,
}

impl From<Figure> for FigureOut {
    fn from(f: Figure) -> Self {
        Self { over: f.over.into(), value: f.value }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReasonOut {
    /// The closure reason's code, e.g. `purpose_met`.
    pub reason: &'static str,
    pub label: &'static str,
    pub closed: CountOut,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeRowOut {
    pub service_id: i64,
    pub paragraph: String,
    pub service_name: String,
    pub closed: CountOut,
    pub by_reason: Vec<ReasonOut>,
    /// Median days from start to closure.
    pub median_duration_days: FigureOut,
    /// Median journal contacts.
    pub median_contacts: FigureOut,
    /// Percent of the closed cases with rated goals whose goals improved.
    pub goals_improved_percent: FigureOut,
    /// Mean ORS change, last − first.
    pub mean_ors_change: FigureOut,
    /// Percent of the follow-ups due in the period held on time.
    pub follow_ups_on_time_percent: FigureOut,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeReportOut {
    #[schema(value_type = String, format = Date)]
    pub from: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub to: NaiveDate,
    pub rows: Vec<OutcomeRowOut>,
    /// What the figures mean (Danish).
    pub notes: Vec<&'static str>,
}

fn row_out(r: &OutcomeRow) -> OutcomeRowOut {
    OutcomeRowOut {
        service_id: r.service_id,
        paragraph: r.paragraph.clone(),
        service_name: r.service_name.clone(),
        closed: r.closed.into(),
        by_reason: r.by_reason.iter().map(|(reason, c)| ReasonOut { reason: reason.code(), label: reason.label_da(), closed: (*c).into() }).collect(),
        median_duration_days: r.duration_days.into(),
        median_contacts: r.contacts.into(),
        goals_improved_percent: r.goals_improved_pct.into(),
        mean_ors_change: r.ors_change.into(),
        follow_ups_on_time_percent: r.follow_ups_on_time_pct.into(),
    }
}

impl From<&OutcomeReport> for OutcomeReportOut {
    fn from(r: &OutcomeReport) -> Self {
        Self { from: r.period.from(), to: r.period.to(), rows: r.rows.iter().map(row_out).collect(), notes: render::NOTES_DA.to_vec() }
    }
}

#[utoipa::path(get, path = "/api/reports/outcome", operation_id = "getOutcomeReport", tag = "reports", params(OutcomeQuery),
    responses(
        (status = 200, description = "The outcome report", content(
            (OutcomeReportOut = "application/json"),
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, description = "Missing or unreadable date, unknown format", body = ErrorBody),
        (status = 422, description = "Period ends before it starts; for roles without case access, not whole months", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn outcome(State(state): State<AppState>, user: CurrentUser, remote: Remote, ApiQuery(query): ApiQuery<OutcomeQuery>) -> Result<Response, ApiError> {
    let period = ReportPeriod::new(query.from, query.to, None)?;
    let report = familiehus_app::outcome::report(&state.app, &user.acting(&remote), period).await?;
    Ok(match query.format {
        OutcomeFormat::Json => ApiJson(OutcomeReportOut::from(&report)).into_response(),
        OutcomeFormat::Csv => {
            let body = render::csv(&report).map_err(|e| ApiError::Internal(format!("csv: {e}")))?;
            download::file(download::CSV, &render::filename(&report, "csv"), body)
        }
        OutcomeFormat::Xlsx => {
            let body = crate::outcome_xlsx::xlsx(&report).map_err(|e| ApiError::Internal(format!("xlsx: {e}")))?;
            download::file(download::XLSX, &render::filename(&report, "xlsx"), body)
        }
    })
}

pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::ReadReport;
    use utoipa_axum::routes;
    vec![Route::json(Needs(ReadReport), routes!(outcome))]
}
