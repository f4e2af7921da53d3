//! `GET /api/inbox` (`getInbox`): the referring caseworker's inbox as JSON, the page
//! `/indbakke` shows (`familiehus_app::inbox::page`, which logs each case listed).

use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::error::{ApiError, ApiJson, ApiQuery, ErrorBody};
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// 1-based; past the last page is the last page.
    #[serde(default)]
    pub page: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InboxItemOut {
    /// `started`, `status_report`, `follow_up_due` or `closed`.
    pub kind: &'static str,
    pub label: &'static str,
    /// When it happened, or when the follow-up is due.
    #[schema(value_type = String, format = Date)]
    pub on: NaiveDate,
    pub case_id: i64,
    pub person_name: String,
    pub service_name: String,
    pub detail: String,
    pub status_report_id: Option<i64>,
    pub overdue: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InboxOut {
    pub items: Vec<InboxItemOut>,
    pub total: usize,
    pub page: usize,
    pub pages: usize,
}

#[utoipa::path(get, path = "/api/inbox", operation_id = "getInbox", tag = "cases", params(InboxQuery),
    responses(
        (status = 200, description = "What happened on the caller's referrals, newest first", body = InboxOut),
        (status = 400, description = "Unreadable page number", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn inbox(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiQuery(query): ApiQuery<InboxQuery>,
) -> Result<ApiJson<InboxOut>, ApiError> {
    let page = familiehus_app::inbox::page(&state.app, &user.acting(&remote), query.page.unwrap_or(1)).await?;
    let items = page
        .items
        .into_iter()
        .map(|i| InboxItemOut {
            kind: i.kind.code(),
            label: i.kind.label_da(),
            on: i.on,
            case_id: i.case.case_id,
            person_name: i.case.person_name,
            service_name: i.case.service_name,
            detail: i.detail,
            status_report_id: i.report_id,
            overdue: i.overdue,
        })
        .collect();
    Ok(ApiJson(InboxOut { items, total: page.total, page: page.page, pages: page.pages }))
}

pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::Refer;
    use utoipa_axum::routes;
    vec![Route::json(Needs(Refer), routes!(inbox))]
}
