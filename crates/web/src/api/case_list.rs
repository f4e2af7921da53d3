//! `GET /api/cases`: the case list with the staff page's search, filters, sort and paging
//! (`familiehus_app::case_list`), in English parameter names. An unknown status, sort or order
//! is a 400 naming the parameter (serde's reading of the enums below); every case returned is
//! logged like the page's.

use super::cases::CaseOut;
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::error::{ApiError, ApiJson, ApiQuery, ErrorBody};
use axum::extract::State;
use familiehus_app::case_list::CaseListRequest;
use familiehus_domain::CaseState;
use familiehus_store::{CaseListQuery, CaseSort, StateFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusIn {
    Waiting,
    Active,
    Closed,
    /// Waiting or active.
    Open,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortIn {
    Id,
    Person,
    Service,
    State,
    Enrolled,
    Started,
    Closed,
    Practitioner,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderIn {
    Asc,
    Desc,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseListParams {
    /// Part of the person's name (Æ/Ø/Å in any case), or a whole case number.
    #[serde(default)]
    pub q: String,
    pub service_id: Option<i64>,
    #[param(inline)]
    pub status: Option<StatusIn>,
    /// Cases carried by this practitioner or group leader.
    pub practitioner_id: Option<i64>,
    /// Only cases whose follow-up is overdue.
    #[serde(default)]
    pub overdue: bool,
    /// The column sorted by; `enrolled` (newest first) by default.
    #[param(inline)]
    pub sort: Option<SortIn>,
    #[param(inline)]
    pub order: Option<OrderIn>,
    /// 1 for the first page.
    pub page: Option<u32>,
    /// 1–200, 50 by default.
    pub per_page: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseListOut {
    /// Cases matching in all (not only on this page).
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub cases: Vec<CaseOut>,
}

#[utoipa::path(get, path = "/api/cases", operation_id = "listCases", tag = "cases", params(CaseListParams),
    responses(
        (status = 200, description = "One page of the cases the user may see, with the total", body = CaseListOut),
        (status = 400, description = "An unknown status, sort, order or number", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not read cases", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiQuery(p): ApiQuery<CaseListParams>,
) -> Result<ApiJson<CaseListOut>, ApiError> {
    let page = p.page.unwrap_or(1).clamp(1, 1_000_000);
    let per_page = p.per_page.unwrap_or(50).clamp(1, 200);
    let sort = match p.sort {
        None | Some(SortIn::Enrolled) => CaseSort::Enrolled,
        Some(SortIn::Id) => CaseSort::Id,
        Some(SortIn::Person) => CaseSort::Person,
        Some(SortIn::Service) => CaseSort::Service,
        Some(SortIn::State) => CaseSort::State,
        Some(SortIn::Started) => CaseSort::Started,
        Some(SortIn::Closed) => CaseSort::Closed,
        Some(SortIn::Practitioner) => CaseSort::Practitioner,
    };
    let descending = match p.order {
        Some(OrderIn::Desc) => true,
        Some(OrderIn::Asc) => false,
        None => p.sort.is_none(),
    };
    let state_filter = p.status.map(|s| match s {
        StatusIn::Waiting => StateFilter::One(CaseState::Waiting),
        StatusIn::Active => StateFilter::One(CaseState::Active),
        StatusIn::Closed => StateFilter::One(CaseState::Closed),
        StatusIn::Open => StateFilter::Open,
    });
    let query = CaseListQuery {
        text: p.q.chars().take(100).collect(),
        service_id: p.service_id,
        state: state_filter,
        assigned_user_id: p.practitioner_id,
        follow_up_due_before: None,
        sort,
        descending,
        offset: i64::from(page - 1) * i64::from(per_page),
        limit: i64::from(per_page),
    };
    let found = familiehus_app::case_list::page(&state.app, &user.acting(&remote), CaseListRequest { query, overdue: p.overdue }, "api, sagsliste").await?;
    Ok(ApiJson(CaseListOut { total: found.total, page, per_page, cases: found.cases.into_iter().map(|c| c.record.into()).collect() }))
}

pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::*;
    use utoipa_axum::routes;
    vec![Route::json(Needs(ReadCases), routes!(list))]
}
