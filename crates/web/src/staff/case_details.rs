//! `/sager/{id}/oplysninger`: correcting a case's referral note and referral source after
//! referral (`familiehus_app::case_details`), and the history the case page shows in a
//! `<details>` (`history_lines`): each earlier value, who changed it and when. A refused form
//! comes back with what was typed and the message at the field.

use super::errors::PageError;
use super::layout::{FormErrors, Layout, form_title, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::AppError;
use familiehus_domain::ReferralSource;
use familiehus_store::DetailChange;
use serde::Deserialize;

/// One change as the case page lists it.
pub struct HistoryLine {
    pub at: String,
    pub who: String,
    pub field: &'static str,
    pub old_value: String,
    pub new_value: String,
}

fn source_label(code: &str) -> String {
    ReferralSource::from_code(code).map_or_else(|| code.to_owned(), |s| s.label_da().to_owned())
}

pub fn history_lines(changes: Vec<DetailChange>) -> Vec<HistoryLine> {
    changes
        .into_iter()
        .map(|c| {
            let source = c.field == "referral_source";
            HistoryLine {
                at: familiehus_domain::danish::timestamp(&c.changed_at),
                who: c.changed_by_name.unwrap_or_default(),
                field: if source { "Henvist af" } else { "Bemærkning" },
                old_value: if source { source_label(&c.old_value) } else { c.old_value },
                new_value: if source { source_label(&c.new_value) } else { c.new_value },
            }
        })
        .collect()
}

pub struct SourceOption {
    pub code: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "staff/case_details.html")]
struct DetailsPage {
    layout: Layout,
    id: i64,
    person_name: String,
    note: String,
    sources: Vec<SourceOption>,
    errors: FormErrors,
    history: Vec<HistoryLine>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DetailsForm {
    note: String,
    referral_source: String,
}

async fn render_form(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    id: i64,
    typed: Option<DetailsForm>,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let record = familiehus_app::cases::read(&state.app, &user.acting(remote), id, "ret oplysninger").await?;
    let history = history_lines(familiehus_app::case_details::history(&state.app, id).await?);
    let (note, source) = match typed {
        Some(f) => (f.note, f.referral_source),
        None => (record.note.clone(), record.referral_source.code().to_owned()),
    };
    let title = format!("Ret oplysninger – sag {id}");
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render(
        status,
        &DetailsPage {
            layout: Layout::new(form_title(&title, &errors), user, "/sager"),
            id,
            person_name: record.person_name,
            note,
            sources: ReferralSource::ALL.iter().map(|s| SourceOption { code: s.code(), label: s.label_da(), selected: s.code() == source }).collect(),
            errors,
            history,
        },
    ))
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, remote: Remote, Path(id): Path<i64>) -> Result<Response, PageError> {
    render_form(&state, &user, &remote, id, None, FormErrors::default()).await
}

#[tracing::instrument(skip_all)]
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<DetailsForm>,
) -> Result<Response, PageError> {
    let mut errors = FormErrors::default();
    let Some(source) = ReferralSource::from_code(form.referral_source.trim()) else {
        errors.add("referral_source", "Vælg, hvem der henviste familien.");
        return render_form(&state, &user, &remote, id, Some(form), errors).await;
    };
    let note = super::fields::line_feeds(&form.note);
    match familiehus_app::case_details::correct(&state.app, &user.acting(&remote), id, &note, source).await {
        Ok(changed) if changed.is_empty() => Ok(Redirect::to(&format!("/sager/{id}")).into_response()),
        Ok(_) => Ok(Redirect::to(&format!("/sager/{id}?besked=rettet")).into_response()),
        Err(AppError::Invalid(problems)) => {
            for p in &problems.0 {
                errors.add(if p.field == "note" { "note" } else { "referral_source" }, p.message_da.clone());
            }
            render_form(&state, &user, &remote, id, Some(form), errors).await
        }
        Err(e) => Err(e.into()),
    }
}
