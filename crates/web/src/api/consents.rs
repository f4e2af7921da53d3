//! `/api/cases/{id}/consents` and `/api/cases/{id}/decision`: recording what a service's rules
//! ask for before a start or a report (a consent: § 109, § 71.2; a decision: § 71.3), each one
//! use case of `familiehus_app::consents` (need-to-know, the write and its log entry).

use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use familiehus_app::consents;
use familiehus_domain::consent::{Consent, Decision};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
pub struct ConsentIn {
    /// The day the consent was given; not in the future.
    #[serde(deserialize_with = "crate::dto::date")]
    #[schema(value_type = String)]
    pub given_on: NaiveDate,
    /// Who gave it, e.g. "Mor".
    pub given_by: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionIn {
    #[serde(deserialize_with = "crate::dto::date")]
    #[schema(value_type = String)]
    pub decided_on: NaiveDate,
    pub frequency: String,
    pub duration: String,
    pub supervisor: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedOut {
    pub id: i64,
}

#[utoipa::path(post, path = "/api/cases/{id}/consents", operation_id = "recordConsent", tag = "cases", request_body = ConsentIn,
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 201, description = "Recorded", body = RecordedOut),
        (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not, or the case is outside the user's need-to-know", body = ErrorBody),
        (status = 404, description = "No such case", body = ErrorBody),
        (status = 422, description = "A date in the future, or nobody named", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn record_consent(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ConsentIn>,
) -> Result<(StatusCode, ApiJson<RecordedOut>), ApiError> {
    let consent = Consent::read(Some(input.given_on), &input.given_by, state.app.today())?;
    let id = consents::record_consent(&state.app, &user.acting(&remote), id, &consent).await?;
    Ok((StatusCode::CREATED, ApiJson(RecordedOut { id })))
}

#[utoipa::path(post, path = "/api/cases/{id}/decision", operation_id = "recordDecision", tag = "cases", request_body = DecisionIn,
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 201, description = "Recorded (the newest decision counts)", body = RecordedOut),
        (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not, or the case is outside the user's need-to-know", body = ErrorBody),
        (status = 404, description = "No such case", body = ErrorBody),
        (status = 422, description = "A date in the future or an empty field", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn record_decision(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<DecisionIn>,
) -> Result<(StatusCode, ApiJson<RecordedOut>), ApiError> {
    let decision = Decision::read(Some(input.decided_on), &input.frequency, &input.duration, &input.supervisor, state.app.today())?;
    let id = consents::record_decision(&state.app, &user.acting(&remote), id, &decision).await?;
    Ok((StatusCode::CREATED, ApiJson(RecordedOut { id })))
}

/// This resource's routes, each with what it requires (declared once: see `crate::routes`).
pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::ChangeCases;
    use utoipa_axum::routes;
    vec![Route::json(Needs(ChangeCases), routes!(record_consent)), Route::json(Needs(ChangeCases), routes!(record_decision))]
}
