//! The case page's follow-ups: the due one with its state (overdue until it is recorded as
//! held, however many days pass), the held ones, and the form that records one
//! (`POST /sager/{id}/opfoelgning`, over `familiehus_app::follow_ups`). Field ids carry `fu_`,
//! since the case page has other forms with notes.

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
use familiehus_app::follow_ups::{FollowUpsOfCase, RecordFollowUp};
use familiehus_domain::danish;
use familiehus_domain::follow_up::FollowUpDecision;
use serde::Deserialize;

pub struct HeldLine {
    pub number: i64,
    pub held_on: String,
    pub attendees: String,
    pub decision: String,
    pub note: String,
    pub recorded_by: String,
}

pub struct DecisionChoice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

/// What the case page's follow-up section shows.
#[derive(Default)]
pub struct FollowUpSection {
    /// `30.04.2022 (opfølgning nr. 1; statusrapport senest 16.04.2022)`; empty without a rule.
    pub due: String,
    pub state: &'static str,
    pub pressing: bool,
    pub held: Vec<HeldLine>,
    /// The form is offered on a running case to those who change cases.
    pub can_record: bool,
    pub decisions: Vec<DecisionChoice>,
}

impl FollowUpSection {
    pub fn new(f: FollowUpsOfCase, can_record: bool, input: &ActionInput) -> Self {
        let (due, state, pressing) = match f.due {
            Some((d, state)) => (
                format!("{} (opfølgning nr. {}; statusrapport senest {})", danish::date(d.due_on), d.number, danish::date(d.status_report_due_on)),
                state.label_da(),
                state.is_pressing(),
            ),
            None => (String::new(), "", false),
        };
        let held = f
            .held
            .into_iter()
            .map(|h| HeldLine {
                number: h.number,
                held_on: danish::date(h.held_on),
                attendees: h.attendees,
                decision: FollowUpDecision::from_code(&h.decision).map_or(h.decision.clone(), |d| d.label_da().to_owned()),
                note: h.note,
                recorded_by: h.recorded_by_name.unwrap_or_default(),
            })
            .collect();
        let decisions =
            FollowUpDecision::ALL.iter().map(|d| DecisionChoice { value: d.code(), label: d.label_da(), selected: input.fu_decision == d.code() }).collect();
        Self { due, state, pressing, held, can_record, decisions }
    }
}

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
