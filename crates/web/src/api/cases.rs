//! `/api/cases`: enrolment on a waiting list, reading a case, and its transitions (start,
//! close, reopen, assign). Each handler translates JSON into one use case of
//! `familiehus_app::cases` and its answer back; an illegal transition comes back as 422 naming
//! the field, with the domain's Danish message.

use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::dto::{AccessRouteCode, CaseStateCode, ClosureReasonCode, ReferralSourceCode, opt_date};
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use familiehus_app::cases;
use familiehus_domain::{FieldError, ValidationErrors};
use familiehus_store::CaseRecord;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Who the case is about: `{"id": 12}` for a registered person, or `{"name": "…",
/// "birth_date": "…"}` to register a new one with the referral.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PersonIn {
    pub id: Option<i64>,
    pub name: Option<String>,
    #[serde(deserialize_with = "opt_date")]
    #[schema(value_type = Option<NaiveDate>)]
    pub birth_date: Option<NaiveDate>,
}

impl PersonIn {
    fn into_referred(self) -> Result<cases::Referred, ApiError> {
        match (self.id, self.name) {
            (Some(id), None) => Ok(cases::Referred::Existing(id)),
            (None, Some(name)) => Ok(cases::Referred::Named { name, birth_date: self.birth_date }),
            (Some(_), Some(_)) => {
                Err(person_problem("Angiv enten en eksisterende person (id) eller en ny (navn), ikke begge.", "give either person.id or person.name, not both"))
            }
            (None, None) => Err(person_problem("Angiv hvem sagen handler om: en eksisterende person (id) eller en ny (navn).", "person needs an id or a name")),
        }
    }
}

fn person_problem(da: &str, en: &str) -> ApiError {
    ApiError::Invalid(ValidationErrors(vec![FieldError::new("person", da, en)]))
}

/// A referral: enrols the case on the service's waiting list.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EnrolIn {
    pub service_id: i64,
    pub person: PersonIn,
    pub referral_source: ReferralSourceCode,
    /// Day the case joins the waiting list: `2022-01-10` or `10.01.2022`.
    #[serde(deserialize_with = "crate::dto::date")]
    pub enrolled_on: NaiveDate,
    #[serde(default)]
    pub note: String,
    /// The child's expected birth date, for a case opened during pregnancy (no birth date yet).
    #[serde(default, deserialize_with = "opt_date")]
    #[schema(value_type = Option<NaiveDate>)]
    pub expected_birth_on: Option<NaiveDate>,
    /// Go ahead despite the service's rules' warnings (the child's age outside the range); a
    /// 422 lists them (`warnings`) otherwise.
    #[serde(default)]
    pub confirm_warnings: bool,
}

/// A family-house admission without the authority: the leader's short form, a direct contact
/// or a walk-in, where the service allows that way (`GET /api/services/{id}` shows which).
#[derive(Debug, Deserialize, ToSchema)]
pub struct AdmitIn {
    pub service_id: i64,
    pub person: PersonIn,
    pub access_route: AccessRouteCode,
    pub referral_source: ReferralSourceCode,
    #[serde(deserialize_with = "crate::dto::date")]
    pub enrolled_on: NaiveDate,
    #[serde(default)]
    pub note: String,
    #[serde(default, deserialize_with = "opt_date")]
    #[schema(value_type = Option<NaiveDate>)]
    pub expected_birth_on: Option<NaiveDate>,
    /// Go ahead despite the service's rules' warnings (the child's age outside the range); a
    /// 422 lists them (`warnings`) otherwise.
    #[serde(default)]
    pub confirm_warnings: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StartIn {
    /// Day the service started (iværksat): not before enrolment.
    #[serde(deserialize_with = "crate::dto::date")]
    pub started_on: NaiveDate,
    /// Go ahead despite the service's rules' warnings (age range, a full service).
    #[serde(default)]
    pub confirm_warnings: bool,
}

/// Who carries the case: a practitioner or group leader, or nobody (`null`).
#[derive(Debug, Deserialize, ToSchema)]
pub struct AssignIn {
    pub user_id: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CloseIn {
    /// Not before the start (or the enrolment, for a case closed from the waiting list).
    #[serde(deserialize_with = "crate::dto::date")]
    pub closed_on: NaiveDate,
    pub reason: ClosureReasonCode,
    /// The service the family moved on to: required with `moved_to_other_service`.
    #[serde(default)]
    pub next_service_id: Option<i64>,
    /// The end report (at most 30,000 characters).
    #[serde(default)]
    pub end_report: String,
}

/// A case with its dates and state.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseOut {
    pub id: i64,
    pub service_id: i64,
    pub service_name: String,
    pub person_id: i64,
    pub person_name: String,
    pub referral_source: ReferralSourceCode,
    pub note: String,
    pub enrolled_on: NaiveDate,
    pub started_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub closure_reason: Option<ClosureReasonCode>,
    pub state: CaseStateCode,
    /// `På venteliste`, `Iværksat` or `Afsluttet`.
    pub state_label_da: String,
    /// Days from enrolment to start, once started.
    pub waiting_days: Option<i64>,
    pub closure_next_service_id: Option<i64>,
    pub end_report: String,
    /// The closed episode this one continues, and the episode that continues this one.
    pub reopened_from: Option<i64>,
    pub continued_by: Option<i64>,
    pub access_route: AccessRouteCode,
    pub expected_birth_on: Option<NaiveDate>,
}

impl From<CaseRecord> for CaseOut {
    fn from(r: CaseRecord) -> Self {
        Self {
            id: r.id,
            service_id: r.service_id,
            service_name: r.service_name,
            person_id: r.person_id,
            person_name: r.person_name,
            referral_source: r.referral_source.into(),
            note: r.note,
            enrolled_on: r.case.enrolled_on(),
            started_on: r.case.started_on(),
            closed_on: r.case.closed_on(),
            closure_reason: r.case.closure_reason().map(Into::into),
            state: r.state.into(),
            state_label_da: r.state.label_da().to_owned(),
            waiting_days: r.case.waiting_days(),
            closure_next_service_id: r.closure_next_service_id,
            end_report: r.end_report,
            reopened_from: r.reopened_from,
            continued_by: r.continued_by,
            access_route: r.access_route.into(),
            expected_birth_on: r.expected_birth_on,
        }
    }
}

#[utoipa::path(post, path = "/api/cases", operation_id = "enrolCase", tag = "cases", request_body = EnrolIn,
    responses(
        (status = 201, description = "Enrolled on the waiting list", body = CaseOut),
        (status = 400, description = "Unreadable body or date", body = ErrorBody),
        (status = 422, description = "Unknown or retired service, unknown person, empty name, an age rule that stops it, or its warning unconfirmed (`warnings`)", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn enrol(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiJson(input): ApiJson<EnrolIn>,
) -> Result<(StatusCode, ApiJson<CaseOut>), ApiError> {
    let referral = cases::Referral {
        service_id: input.service_id,
        person: input.person.into_referred()?,
        referral_source: input.referral_source.into(),
        enrolled_on: input.enrolled_on,
        note: input.note,
        access_route: familiehus_domain::access_route::AccessRoute::AuthorityReferral,
        expected_birth_on: input.expected_birth_on,
        confirm_warnings: input.confirm_warnings,
    };
    let record = cases::refer(&state.app, &user.acting(&remote), referral).await?;
    Ok((StatusCode::CREATED, ApiJson(record.into())))
}

#[utoipa::path(post, path = "/api/cases/admissions", operation_id = "admitCase", tag = "cases", request_body = AdmitIn,
    responses(
        (status = 201, description = "Enrolled on the waiting list, with the way it came in", body = CaseOut),
        (status = 400, description = "Unreadable body or date", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not", body = ErrorBody),
        (status = 422, description = "The service does not take cases this way, the user may not use it, an expected birth date out of range, …", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn admit(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiJson(input): ApiJson<AdmitIn>,
) -> Result<(StatusCode, ApiJson<CaseOut>), ApiError> {
    let referral = cases::Referral {
        service_id: input.service_id,
        person: input.person.into_referred()?,
        referral_source: input.referral_source.into(),
        enrolled_on: input.enrolled_on,
        note: input.note,
        access_route: input.access_route.into(),
        expected_birth_on: input.expected_birth_on,
        confirm_warnings: input.confirm_warnings,
    };
    let record = cases::admit(&state.app, &user.acting(&remote), referral).await?;
    Ok((StatusCode::CREATED, ApiJson(record.into())))
}

#[utoipa::path(get, path = "/api/cases/{id}", operation_id = "getCase", tag = "cases",
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 200, description = "The case", body = CaseOut),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not, or the case is outside the user's need-to-know", body = ErrorBody),
        (status = 404, description = "No such case", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn get(State(state): State<AppState>, user: CurrentUser, remote: Remote, ApiPath(id): ApiPath<i64>) -> Result<ApiJson<CaseOut>, ApiError> {
    Ok(ApiJson(cases::read(&state.app, &user.acting(&remote), id, "api").await?.into()))
}

#[utoipa::path(post, path = "/api/cases/{id}/start", operation_id = "startCase", tag = "cases", request_body = StartIn,
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 200, description = "Started", body = CaseOut),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not, or the case is outside the user's need-to-know", body = ErrorBody),
        (status = 404, description = "No such case", body = ErrorBody),
        (status = 409, description = "Changed by someone else meanwhile", body = ErrorBody),
        (status = 422, description = "Before enrolment, already started or closed, a rule that stops it (no consent or decision), or unconfirmed warnings", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<StartIn>,
) -> Result<ApiJson<CaseOut>, ApiError> {
    Ok(ApiJson(cases::start(&state.app, &user.acting(&remote), id, input.started_on, input.confirm_warnings).await?.into()))
}

#[utoipa::path(post, path = "/api/cases/{id}/close", operation_id = "closeCase", tag = "cases", request_body = CloseIn,
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 200, description = "Closed", body = CaseOut),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not, or the case is outside the user's need-to-know", body = ErrorBody),
        (status = 404, description = "No such case", body = ErrorBody),
        (status = 409, description = "Changed by someone else meanwhile", body = ErrorBody),
        (status = 422, description = "Before start or enrolment, or already closed", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<CloseIn>,
) -> Result<ApiJson<CaseOut>, ApiError> {
    let closure =
        cases::CloseCase { closed_on: input.closed_on, reason: input.reason.into(), next_service_id: input.next_service_id, end_report: input.end_report };
    Ok(ApiJson(cases::close(&state.app, &user.acting(&remote), id, closure).await?.into()))
}

#[utoipa::path(post, path = "/api/cases/{id}/reopen", operation_id = "reopenCase", tag = "cases",
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 200, description = "Reopened: the new episode (a new case continuing the closed one, which stays as it was)", body = CaseOut),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not, or the case is outside the user's need-to-know", body = ErrorBody),
        (status = 404, description = "No such case", body = ErrorBody),
        (status = 409, description = "Changed by someone else meanwhile", body = ErrorBody),
        (status = 422, description = "The case is not closed", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn reopen(State(state): State<AppState>, user: CurrentUser, remote: Remote, ApiPath(id): ApiPath<i64>) -> Result<ApiJson<CaseOut>, ApiError> {
    Ok(ApiJson(cases::reopen(&state.app, &user.acting(&remote), id).await?.into()))
}

#[utoipa::path(post, path = "/api/cases/{id}/assign", operation_id = "assignCase", tag = "cases", request_body = AssignIn,
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 200, description = "Assigned (or unassigned with `null`)", body = CaseOut),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not, or the case is outside the user's need-to-know", body = ErrorBody),
        (status = 404, description = "No such case", body = ErrorBody),
        (status = 422, description = "No such user", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn assign(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<AssignIn>,
) -> Result<ApiJson<CaseOut>, ApiError> {
    Ok(ApiJson(cases::assign(&state.app, &user.acting(&remote), id, input.user_id).await?.into()))
}

/// This resource's routes, each with what it requires (declared once: see `crate::routes`).
pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::{ChangeCases, ReadCases, Refer};
    use utoipa_axum::routes;
    vec![
        Route::json(Needs(Refer), routes!(enrol)),
        Route::json(Needs(ChangeCases), routes!(admit)),
        Route::json(Needs(ReadCases), routes!(get)),
        Route::json(Needs(ChangeCases), routes!(start)),
        Route::json(Needs(ChangeCases), routes!(close)),
        Route::json(Needs(ChangeCases), routes!(reopen)),
        Route::json(Needs(ChangeCases), routes!(assign)),
    ]
}
