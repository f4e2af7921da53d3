//! Recording a held follow-up from the case page (`POST /sager/{id}/opfoelgning`, over
//! `familiehus_app::follow_ups`); what the page shows of follow-ups is `case_follow_up_view`.
//! Field ids carry `fu_`, since the case page has other forms with notes.

use super::case_page::{ActionInput, render_case};
use super::errors::PageError;
use super::fields;
use super::layout::FormErrors;
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::AppError;
use familiehus_app::follow_ups::RecordFollowUp;
use familiehus_domain::follow_up::FollowUpDecision;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FollowUpForm {
    fu_held_on: String,
    fu_attendees: String,
    fu_decision: String,
    fu_note: String,
}

/// The domain's field names as the form's ids.
fn form_field(field: &str) -> &'static str {
    match field {
        "attendees" => "fu_attendees",
        "note" => "fu_note",
        "decision" => "fu_decision",
        _ => "fu_held_on",
    }
}

#[tracing::instrument(skip_all)]
pub async fn record(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<FollowUpForm>,
) -> Result<Response, PageError> {
    let mut errors = FormErrors::default();
    let held_on = fields::date(&form.fu_held_on, "fu_held_on", &mut errors);
    let decision = FollowUpDecision::from_code(&form.fu_decision);
    if decision.is_none() {
        errors.add("fu_decision", "Vælg beslutningen fra mødet.");
    }
    let input = ActionInput {
        fu_held_on: form.fu_held_on.clone(),
        fu_attendees: form.fu_attendees.clone(),
        fu_decision: form.fu_decision.clone(),
        fu_note: fields::line_feeds(&form.fu_note),
        ..ActionInput::default()
    };
    let (Some(held_on), Some(decision)) = (held_on, decision) else {
        return render_case(&state, &user, &remote, id, errors, input, None).await;
    };
    let follow_up = RecordFollowUp { held_on, attendees: form.fu_attendees, decision, note: fields::line_feeds(&form.fu_note) };
    match familiehus_app::follow_ups::record(&state.app, &user.acting(&remote), id, follow_up).await {
        Ok(_) => Ok(Redirect::to(&format!("/sager/{id}?besked=opfoelgning")).into_response()),
        Err(AppError::Invalid(list)) | Err(AppError::Store(familiehus_store::StoreError::Invalid(list))) => {
            for f in list.0 {
                if errors.get(form_field(f.field)).is_none() {
                    errors.add(form_field(f.field), f.message_da);
                }
            }
            render_case(&state, &user, &remote, id, errors, input, None).await
        }
        Err(e) => Err(e.into()),
    }
}
