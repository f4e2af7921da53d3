//! Recording a consent (`POST /sager/{id}/samtykke`) and a decision for supervised contact
//! (`POST /sager/{id}/afgoerelse`, § 71.3) from the case page, over `familiehus_app::consents`;
//! what the page shows of them is `case_consent_view`. Field ids carry `cs_` and `dc_`, since
//! the case page has other forms with dates. A refused form comes back on the case page with
//! every problem at its field and what was typed.

use super::case_page::{ActionInput, render_case};
use super::errors::PageError;
use super::layout::FormErrors;
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::AppError;
use familiehus_domain::consent::{Consent, Decision};
use familiehus_domain::danish;
use familiehus_domain::validation::ValidationErrors;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ConsentForm {
    cs_given_on: String,
    cs_given_by: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    dc_decided_on: String,
    dc_frequency: String,
    dc_duration: String,
    dc_supervisor: String,
}

/// The domain's field names as the forms' ids.
fn form_field(field: &str) -> &'static str {
    match field {
        "given_on" => "cs_given_on",
        "given_by" => "cs_given_by",
        "decided_on" => "dc_decided_on",
        "frequency" => "dc_frequency",
        "duration" => "dc_duration",
        _ => "dc_supervisor",
    }
}

fn errors_of(list: ValidationErrors) -> FormErrors {
    let mut errors = FormErrors::default();
    for f in list.0 {
        errors.add(form_field(f.field), f.message_da);
    }
    errors
}

/// A date as typed; unreadable is `None`, which the domain answers at the field.
fn typed_date(text: &str) -> Option<chrono::NaiveDate> {
    danish::read_date(text.trim()).ok()
}

async fn saved(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    id: i64,
    done: Result<i64, AppError>,
    input: ActionInput,
    notice: &str,
) -> Result<Response, PageError> {
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/sager/{id}?besked={notice}")).into_response()),
        Err(AppError::Invalid(list)) | Err(AppError::Store(familiehus_store::StoreError::Invalid(list))) => {
            render_case(state, user, remote, id, errors_of(list), input, None).await
        }
        Err(e) => Err(e.into()),
    }
}

#[tracing::instrument(skip_all)]
pub async fn consent(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<ConsentForm>,
) -> Result<Response, PageError> {
    let input = ActionInput { cs_given_on: form.cs_given_on.clone(), cs_given_by: form.cs_given_by.clone(), ..ActionInput::default() };
    let consent = match Consent::read(typed_date(&form.cs_given_on), &form.cs_given_by, state.today()) {
        Ok(c) => c,
        Err(list) => return render_case(&state, &user, &remote, id, errors_of(list), input, None).await,
    };
    let done = familiehus_app::consents::record_consent(&state.app, &user.acting(&remote), id, &consent).await;
    saved(&state, &user, &remote, id, done, input, "samtykke").await
}

#[tracing::instrument(skip_all)]
pub async fn decision(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let input = ActionInput {
        dc_decided_on: form.dc_decided_on.clone(),
        dc_frequency: form.dc_frequency.clone(),
        dc_duration: form.dc_duration.clone(),
        dc_supervisor: form.dc_supervisor.clone(),
        ..ActionInput::default()
    };
    let decision = match Decision::read(typed_date(&form.dc_decided_on), &form.dc_frequency, &form.dc_duration, &form.dc_supervisor, state.today()) {
        Ok(d) => d,
        Err(list) => return render_case(&state, &user, &remote, id, errors_of(list), input, None).await,
    };
    let done = familiehus_app::consents::record_decision(&state.app, &user.acting(&remote), id, &decision).await;
    saved(&state, &user, &remote, id, done, input, "afgoerelse").await
}
