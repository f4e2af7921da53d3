//! The case page's forms: start, close, reopen, assign. Each reads the form, calls the use case
//! in `familiehus_app::cases` (need-to-know, the domain's rules, the change and its log entry in
//! one transaction), and redirects back with a notice (post/redirect/get); on an error the case
//! page is re-rendered with the user's input and the Danish message next to the field.

use super::case_page::{ActionInput, render_case};
use super::errors::PageError;
use super::fields;
use super::layout::FormErrors;
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::{AppError, cases};
use familiehus_domain::ClosureReason;
use familiehus_store::StoreError;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActionForm {
    started_on: String,
    closed_on: String,
    reason: String,
    next_service_id: String,
    end_report: String,
    /// `ja` once the user has confirmed the closure on the confirmation page.
    bekraeft: String,
    assigned_user_id: String,
    /// Where to go afterwards: the waiting list posts `venteliste` to come back to it.
    back: String,
    /// `ja`: start despite the service's rules' warnings (the box appears once they are shown).
    confirm_warnings: String,
}

/// A failed change: the field's Danish message, or a failure of the request itself.
fn field_error(e: AppError) -> Result<FormErrors, PageError> {
    let mut errors = FormErrors::default();
    let e = match e {
        AppError::Store(e) => e,
        AppError::Invalid(list) => {
            for f in list.0 {
                errors.add(f.field, f.message_da);
            }
            return Ok(errors);
        }
        AppError::Unconfirmed(found) => {
            for f in found {
                errors.add(f.field, f.message_da);
            }
            errors.add("confirm_warnings", "Indsatsens regler giver en advarsel. Sæt kryds, hvis sagen skal iværksættes alligevel.");
            return Ok(errors);
        }
        other => return Err(other.into()),
    };
    match e {
        StoreError::Case(e) => errors.add(e.field(), e.message_da()),
        StoreError::Invalid(list) => {
            for f in list.0 {
                errors.add(f.field, f.message_da);
            }
        }
        StoreError::Concurrent => errors.add("state", "Sagen er blevet ændret af en anden i mellemtiden. Prøv igen."),
        other => return Err(other.into()),
    }
    Ok(errors)
}

fn back_to(id: i64, service_id: i64, form: &ActionForm, notice: &str) -> Response {
    if form.back == "venteliste" {
        Redirect::to(&format!("/indsatser/{service_id}/venteliste?besked={notice}")).into_response()
    } else {
        Redirect::to(&format!("/sager/{id}?besked={notice}")).into_response()
    }
}

/// After a change: back where the form came from with a notice, or the case page again with
/// the input and the Danish message (a refusal outside need-to-know is the 403 page).
async fn finish(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    id: i64,
    form: ActionForm,
    changed: Result<familiehus_store::CaseRecord, AppError>,
    notice: &str,
) -> Result<Response, PageError> {
    match changed {
        // A reopened case continues as a new episode: go to it.
        Ok(record) => Ok(back_to(record.id, record.service_id, &form, notice)),
        Err(e) => again(state, user, remote, id, field_error(e)?, form).await,
    }
}

async fn again(state: &AppState, user: &CurrentUser, remote: &Remote, id: i64, errors: FormErrors, form: ActionForm) -> Result<Response, PageError> {
    let input = ActionInput {
        started_on: form.started_on,
        closed_on: form.closed_on,
        reason: form.reason,
        next_service_id: form.next_service_id,
        end_report: fields::line_feeds(&form.end_report),
        ..ActionInput::default()
    };
    render_case(state, user, remote, id, errors, input, None).await
}

#[tracing::instrument(skip_all)]
pub async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    let mut errors = FormErrors::default();
    let Some(date) = fields::date(&form.started_on, "started_on", &mut errors) else {
        return again(&state, &user, &remote, id, errors, form).await;
    };
    let changed = cases::start(&state.app, &user.acting(&remote), id, date, fields::ticked(&form.confirm_warnings)).await;
    finish(&state, &user, &remote, id, form, changed, "startet").await
}

#[tracing::instrument(skip_all)]
pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    let mut errors = FormErrors::default();
    let date = fields::date(&form.closed_on, "closed_on", &mut errors);
    let reason = ClosureReason::from_code(&form.reason);
    if reason.is_none() {
        errors.add("reason", "Vælg en årsag.");
    }
    let next_service_id = match form.next_service_id.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => {
                errors.add("next_service_id", "Vælg en indsats på listen.");
                None
            }
        },
    };
    let (Some(date), Some(reason), true) = (date, reason, errors.is_empty()) else {
        return again(&state, &user, &remote, id, errors, form).await;
    };
    // Closing is not undone by reopening (that starts a new episode), so it is confirmed first.
    if form.bekraeft != "ja" {
        return super::close_confirm::page(&state, &user, &remote, id, &form_fields(&form), date, reason, next_service_id).await;
    }
    let closure = cases::CloseCase { closed_on: date, reason, next_service_id, end_report: fields::line_feeds(&form.end_report) };
    let changed = cases::close(&state.app, &user.acting(&remote), id, closure).await;
    finish(&state, &user, &remote, id, form, changed, "afsluttet").await
}

/// The closure form's fields, carried through the confirmation page as hidden inputs.
fn form_fields(form: &ActionForm) -> Vec<(&'static str, String)> {
    vec![
        ("closed_on", form.closed_on.clone()),
        ("reason", form.reason.clone()),
        ("next_service_id", form.next_service_id.clone()),
        ("end_report", form.end_report.clone()),
        ("back", form.back.clone()),
    ]
}

#[tracing::instrument(skip_all)]
pub async fn reopen(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    let changed = cases::reopen(&state.app, &user.acting(&remote), id).await;
    finish(&state, &user, &remote, id, form, changed, "genaabnet").await
}

#[tracing::instrument(skip_all)]
pub async fn assign(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    let assignee = match form.assigned_user_id.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => {
                let mut errors = FormErrors::default();
                errors.add("assigned_user_id", "Vælg en medarbejder på listen.");
                return again(&state, &user, &remote, id, errors, form).await;
            }
        },
    };
    let changed = cases::assign(&state.app, &user.acting(&remote), id, assignee).await;
    finish(&state, &user, &remote, id, form, changed, "tildelt").await
}
