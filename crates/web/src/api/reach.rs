//! `GET /api/reports/reach` (`getReachReport`): the family house's reach for a period
//! (`familiehus_app::reach::reach`) as JSON, as a CSV for Danish Excel or as an Excel workbook —
//! the downloads of `/rapport/raekkevidde`. A count hidden from roles without case access has
//! no value here, only the text shown in its place.

use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::download;
use crate::error::{ApiError, ApiJson, ApiQuery, ErrorBody};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use familiehus_domain::anonymous_stats::Shown;
use familiehus_domain::reach::Reach;
use familiehus_report_render::reach as render;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReachFormat {
    #[default]
    Json,
    Csv,
    Xlsx,
}

/// Dates may be written `2022-06-30` or `30.06.2022`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReachQuery {
    /// First day of the period.
    #[serde(deserialize_with = "crate::dto::date")]
    #[param(value_type = String, format = Date)]
    pub from: NaiveDate,
    /// Last day of the period.
    #[serde(deserialize_with = "crate::dto::date")]
    #[param(value_type = String, format = Date)]
    pub to: NaiveDate,
    /// One unit's services; every unit's when absent.
    pub unit_id: Option<i64>,
    /// `json` (default), `csv` or `xlsx`.
    #[serde(default)]
    #[param(inline)]
    pub format: ReachFormat,
}

/// One line: its label, the count (none where hidden) and the text shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReachLineOut {
    pub label: &'static str,
    pub value: Option<i64>,
    /// `12`, `under 5` or `–`.
    pub shown: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReachSectionOut {
    pub heading: &'static str,
    pub lines: Vec<ReachLineOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReachOut {
    #[schema(value_type = String, format = Date)]
    pub from: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub to: NaiveDate,
    pub sections: Vec<ReachSectionOut>,
}

impl From<&Reach> for ReachOut {
    fn from(r: &Reach) -> Self {
        let line = |(label, n): (&'static str, Shown)| ReachLineOut {
            label,
            value: match n {
                Shown::Count(v) => Some(v),
                _ => None,
            },
            shown: render::shown(n),
        };
        let sections =
            render::sections(r).into_iter().map(|s| ReachSectionOut { heading: s.heading, lines: s.lines.into_iter().map(line).collect() }).collect();
        Self { from: r.from, to: r.to, sections }
    }
}

#[utoipa::path(get, path = "/api/reports/reach", operation_id = "getReachReport", tag = "reports", params(ReachQuery),
    responses(
        (status = 200, description = "The reach report", content(
            (ReachOut = "application/json"),
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, description = "Missing or unreadable date, unknown format", body = ErrorBody),
        (status = 422, description = "Period ends before it starts; for roles without case access, not whole months", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn reach(State(state): State<AppState>, user: CurrentUser, remote: Remote, ApiQuery(query): ApiQuery<ReachQuery>) -> Result<Response, ApiError> {
    let report = familiehus_app::reach::reach(&state.app, &user.acting(&remote), query.from, query.to, query.unit_id).await?;
    Ok(match query.format {
        ReachFormat::Json => ApiJson(ReachOut::from(&report)).into_response(),
        ReachFormat::Csv => {
            let body = render::csv(&report).map_err(|e| ApiError::Internal(format!("csv: {e}")))?;
            download::file(download::CSV, &render::filename(&report, "csv"), body)
        }
        ReachFormat::Xlsx => {
            let body = crate::reach_xlsx::xlsx(&report).map_err(|e| ApiError::Internal(format!("xlsx: {e}")))?;
            download::file(download::XLSX, &render::filename(&report, "xlsx"), body)
        }
    })
}

pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::ReadReport;
    use utoipa_axum::routes;
    vec![Route::json(Needs(ReadReport), routes!(reach))]
}
