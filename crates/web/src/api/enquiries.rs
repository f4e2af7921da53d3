//! `/api/enquiries`: the unit's inbox of citizens' enquiries as JSON — the list (receipt, service,
//! date and status: no personal data, as on the page), one enquiry (logged on every read), and
//! its two actions, accepting it as a case on the service's waiting list and answering and
//! closing it. Each handler is one use case of `familiehus_app::enquiries`, which owns who sees
//! which unit's enquiries; an enquiry already handled is 422.

use crate::AppState;
use crate::api::cases::CaseOut;
use crate::auth::{CurrentUser, Remote};
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use familiehus_app::enquiries;
use familiehus_store::Enquiry;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One line of the inbox: nothing about the family.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnquiryLineOut {
    pub id: i64,
    /// `H-7K3Q-92`: the number the citizen was given.
    pub receipt: String,
    pub service_id: i64,
    pub service_name: String,
    /// RFC 3339, UTC.
    pub received_at: String,
    /// `new`, `accepted` or `closed`.
    pub status: String,
    pub case_id: Option<i64>,
}

impl From<&Enquiry> for EnquiryLineOut {
    fn from(e: &Enquiry) -> Self {
        Self {
            id: e.id,
            receipt: e.receipt.clone(),
            service_id: e.service_id,
            service_name: e.service_name.clone(),
            received_at: e.received_at.clone(),
            status: e.status.code().to_owned(),
            case_id: e.case_id,
        }
    }
}

/// One enquiry with what the citizen wrote (empty once erased by the retention rule).
#[derive(Debug, Serialize, ToSchema)]
pub struct EnquiryOut {
    pub id: i64,
    pub receipt: String,
    pub service_id: i64,
    pub service_name: String,
    pub unit_id: i64,
    pub received_at: String,
    pub parent_name: String,
    pub phone: String,
    pub email: String,
    pub child_first_name: String,
    pub child_age: Option<u8>,
    #[schema(value_type = Option<String>, format = Date)]
    pub child_birth_date: Option<NaiveDate>,
    pub difficulties: String,
    /// `new`, `accepted` or `closed`.
    pub status: String,
    /// The note of the answer, once closed.
    pub answer: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub closed_on: Option<NaiveDate>,
    pub case_id: Option<i64>,
}

impl From<Enquiry> for EnquiryOut {
    fn from(e: Enquiry) -> Self {
        Self {
            id: e.id,
            receipt: e.receipt,
            service_id: e.service_id,
            service_name: e.service_name,
            unit_id: e.unit_id,
            received_at: e.received_at,
            parent_name: e.parent_name,
            phone: e.phone,
            email: e.email,
            child_first_name: e.child_first_name,
            child_age: e.child_age,
            child_birth_date: e.child_birth_date,
            difficulties: e.difficulties,
            status: e.status.code().to_owned(),
            answer: e.answer,
            closed_on: e.closed_on,
            case_id: e.case_id,
        }
    }
}

/// The answer given to the citizen (by phone or mail) before closing.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswerIn {
    pub answer: String,
}

#[utoipa::path(get, path = "/api/enquiries", operation_id = "listEnquiries", tag = "enquiries",
    responses(
        (status = 200, description = "The unit's enquiries, newest first (at most 500)", body = [EnquiryLineOut]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not, or the user has no unit", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn list(State(state): State<AppState>, user: CurrentUser, remote: Remote) -> Result<ApiJson<Vec<EnquiryLineOut>>, ApiError> {
    let list = enquiries::inbox(&state.app, &user.acting(&remote)).await?;
    Ok(ApiJson(list.iter().map(Into::into).collect()))
}

#[utoipa::path(get, path = "/api/enquiries/{id}", operation_id = "getEnquiry", tag = "enquiries",
    params(("id" = i64, Path, description = "Enquiry id")),
    responses(
        (status = 200, description = "The enquiry (the read is logged)", body = EnquiryOut),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not, or another unit's enquiry", body = ErrorBody),
        (status = 404, description = "No such enquiry", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn get(State(state): State<AppState>, user: CurrentUser, remote: Remote, ApiPath(id): ApiPath<i64>) -> Result<ApiJson<EnquiryOut>, ApiError> {
    Ok(ApiJson(enquiries::read(&state.app, &user.acting(&remote), id, "api").await?.into()))
}

#[utoipa::path(post, path = "/api/enquiries/{id}/accept", operation_id = "acceptEnquiry", tag = "enquiries",
    params(("id" = i64, Path, description = "Enquiry id")),
    responses(
        (status = 201, description = "A new person and a case on the service's waiting list (referral source self-referral)", body = CaseOut),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not, or another unit's enquiry", body = ErrorBody),
        (status = 404, description = "No such enquiry", body = ErrorBody),
        (status = 422, description = "Already accepted or closed", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn accept(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
) -> Result<(StatusCode, ApiJson<CaseOut>), ApiError> {
    let case = enquiries::accept(&state.app, &user.acting(&remote), id).await?;
    Ok((StatusCode::CREATED, ApiJson(case.into())))
}

#[utoipa::path(post, path = "/api/enquiries/{id}/close", operation_id = "closeEnquiry", tag = "enquiries", request_body = AnswerIn,
    params(("id" = i64, Path, description = "Enquiry id")),
    responses(
        (status = 200, description = "Answered and closed without a case", body = EnquiryOut),
        (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not, or another unit's enquiry", body = ErrorBody),
        (status = 404, description = "No such enquiry", body = ErrorBody),
        (status = 422, description = "No answer, an answer too long, or already handled", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<AnswerIn>,
) -> Result<ApiJson<EnquiryOut>, ApiError> {
    Ok(ApiJson(enquiries::answer_and_close(&state.app, &user.acting(&remote), id, &input.answer).await?.into()))
}

/// This resource's routes, each with what it requires (declared once: see `crate::routes`).
pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::HandleEnquiries;
    use utoipa_axum::routes;
    vec![
        Route::json(Needs(HandleEnquiries), routes!(list)),
        Route::json(Needs(HandleEnquiries), routes!(get)),
        Route::json(Needs(HandleEnquiries), routes!(accept)),
        Route::json(Needs(HandleEnquiries), routes!(close)),
    ]
}
