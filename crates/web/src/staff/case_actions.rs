//! The case page's forms: start, close, reopen, assign. Each checks need-to-know, changes the
//! case through the store (the domain decides what is legal), logs the change, and redirects
//! back with a notice (post/redirect/get); on an error the case page is re-rendered with the
//! user's input and the Danish message next to the field.

use super::case_page::{ActionInput, render_case};
use super::errors::PageError;
use super::fields;
use super::layout::FormErrors;
use crate::AppState;
use crate::access_log::{self, Action};
use crate::auth::{CurrentUser, Remote};
use crate::need_to_know::visible_case;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_domain::ClosureReason;
use familiehus_store::StoreError;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActionForm {
    started_on: String,
    closed_on: String,
    reason: String,
    assigned_user_id: String,
    /// Where to go afterwards: the waiting list posts `venteliste` to come back to it.
    back: String,
}

/// A failed change: the field's Danish message, or a failure of the request itself.
fn field_error(e: StoreError) -> Result<FormErrors, PageError> {
    let mut errors = FormErrors::default();
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

async fn again(state: &AppState, user: &CurrentUser, remote: &Remote, id: i64, errors: FormErrors, form: ActionForm) -> Result<Response, PageError> {
    let input = ActionInput { started_on: form.started_on, closed_on: form.closed_on, reason: form.reason };
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
    let record = visible_case(&state, &user, id).await?;
    let mut errors = FormErrors::default();
    let Some(date) = fields::date(&form.started_on, "started_on", &mut errors) else {
        return again(&state, &user, &remote, id, errors, form).await;
    };
    match state.store.start_case(id, date, Some(user.user.id)).await {
        Ok(_) => {
            access_log::record(&state, &user, &remote, Action::StartCase, Some(record.person_id), Some(id), "").await?;
            Ok(back_to(id, record.service_id, &form, "startet"))
        }
        Err(e) => again(&state, &user, &remote, id, field_error(e)?, form).await,
    }
}

#[tracing::instrument(skip_all)]
pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    let record = visible_case(&state, &user, id).await?;
    let mut errors = FormErrors::default();
    let date = fields::date(&form.closed_on, "closed_on", &mut errors);
    let reason = ClosureReason::from_code(&form.reason);
    if reason.is_none() {
        errors.add("reason", "Vælg en årsag.");
    }
    let (Some(date), Some(reason)) = (date, reason) else {
        return again(&state, &user, &remote, id, errors, form).await;
    };
    match state.store.close_case(id, date, reason, Some(user.user.id)).await {
        Ok(_) => {
            access_log::record(&state, &user, &remote, Action::CloseCase, Some(record.person_id), Some(id), reason.code()).await?;
            Ok(back_to(id, record.service_id, &form, "afsluttet"))
        }
        Err(e) => again(&state, &user, &remote, id, field_error(e)?, form).await,
    }
}

#[tracing::instrument(skip_all)]
pub async fn reopen(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    let record = visible_case(&state, &user, id).await?;
    match state.store.reopen_case(id, state.today(), Some(user.user.id)).await {
        Ok(_) => {
            access_log::record(&state, &user, &remote, Action::ReopenCase, Some(record.person_id), Some(id), "").await?;
            Ok(back_to(id, record.service_id, &form, "genaabnet"))
        }
        Err(e) => again(&state, &user, &remote, id, field_error(e)?, form).await,
    }
}

#[tracing::instrument(skip_all)]
pub async fn assign(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    let record = visible_case(&state, &user, id).await?;
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
    match state.store.assign_case(id, assignee, state.today(), Some(user.user.id)).await {
        Ok(_) => {
            let detail = assignee.map(|a| format!("user {a}")).unwrap_or_default();
            access_log::record(&state, &user, &remote, Action::AssignCase, Some(record.person_id), Some(id), detail).await?;
            Ok(back_to(id, record.service_id, &form, "tildelt"))
        }
        Err(e) => again(&state, &user, &remote, id, field_error(e)?, form).await,
    }
}
