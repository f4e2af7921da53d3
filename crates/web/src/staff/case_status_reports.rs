//! Status reports from the case page, over `familiehus_app::status_reports`: drafting one for
//! a period (`POST /sager/{id}/statusrapporter`, refused periods shown at the case page's
//! fields), the report's page (`/sager/{id}/statusrapporter/{rid}`: the edit form while a
//! draft, else the report as sent; printable), saving it, the leader's approval and sending it
//! to the referring caseworker.

use super::case_page::{ActionInput, render_case};
use super::errors::PageError;
use super::fields;
use super::layout::{FormErrors, Layout, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::{AppError, status_reports};
use familiehus_domain::danish;
use familiehus_domain::status_report::{ReportEdit, ReportState};
use familiehus_store::{CaseRecord, StatusReport};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DraftForm {
    sr_from: String,
    sr_to: String,
}

fn invalid_list(e: AppError) -> Result<Vec<(&'static str, String)>, AppError> {
    match e {
        AppError::Invalid(list) | AppError::Store(familiehus_store::StoreError::Invalid(list)) => {
            Ok(list.0.into_iter().map(|f| (f.field, f.message_da)).collect())
        }
        other => Err(other),
    }
}

#[tracing::instrument(skip_all)]
pub async fn draft(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<DraftForm>,
) -> Result<Response, PageError> {
    let mut errors = FormErrors::default();
    let from = fields::date(&form.sr_from, "sr_from", &mut errors);
    let to = fields::date(&form.sr_to, "sr_to", &mut errors);
    let input = ActionInput { sr_from: form.sr_from.clone(), sr_to: form.sr_to.clone(), ..ActionInput::default() };
    let (Some(from), Some(to)) = (from, to) else { return render_case(&state, &user, &remote, id, errors, input, None).await };
    match status_reports::draft(&state.app, &user.acting(&remote), id, from, to).await {
        Ok(report) => Ok(Redirect::to(&format!("/sager/{id}/statusrapporter/{report}")).into_response()),
        Err(e) => {
            for (field, message) in invalid_list(e)? {
                errors.add(if field == "sr_to" { "sr_to" } else { "sr_from" }, message);
            }
            render_case(&state, &user, &remote, id, errors, input, None).await
        }
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EditForm {
    body: String,
    family_read_on: String,
    family_remarks: String,
}

#[derive(Template)]
#[template(path = "staff/status_report.html")]
struct ReportPage {
    layout: Layout,
    errors: FormErrors,
    case_id: i64,
    report_id: i64,
    person_name: String,
    service_name: String,
    period: String,
    state: &'static str,
    editable: bool,
    may_approve: bool,
    may_send: bool,
    form: EditForm,
    paragraphs: Vec<String>,
    family_read_on: String,
    family_remarks: String,
    written_by: String,
    approved_by: String,
}

fn page_of(
    user: &CurrentUser,
    remote: &Remote,
    record: &CaseRecord,
    report: &StatusReport,
    form: EditForm,
    errors: FormErrors,
    notice: Option<String>,
) -> ReportPage {
    let acting = user.acting(remote);
    let writer = status_reports::may_write(&acting);
    let period = format!("{}–{}", danish::date(report.period_from), danish::date(report.period_to));
    let title = format!("{}Statusrapport {period} – sag {}", if errors.is_empty() { "" } else { "Fejl i formularen – " }, record.id);
    ReportPage {
        layout: Layout::new(title, user, "/sager").with_notice(notice),
        errors,
        case_id: record.id,
        report_id: report.id,
        person_name: record.person_name.clone(),
        service_name: record.service_name.clone(),
        period,
        state: report.state.label_da(),
        editable: writer && report.state == ReportState::Draft,
        may_approve: status_reports::may_approve(&acting) && report.state == ReportState::Draft,
        may_send: writer && report.state == ReportState::Approved,
        form,
        paragraphs: report.edit.body.split("\n\n").map(str::to_owned).collect(),
        family_read_on: report.edit.family_read_on.map(danish::date).unwrap_or_else(|| "Ikke læst".into()),
        family_remarks: report.edit.family_remarks.clone(),
        written_by: report.written_by.clone().unwrap_or_default(),
        approved_by: report.approved_by.clone().unwrap_or_default(),
    }
}

fn form_of(report: &StatusReport) -> EditForm {
    EditForm {
        body: report.edit.body.clone(),
        family_read_on: report.edit.family_read_on.map(danish::date).unwrap_or_default(),
        family_remarks: report.edit.family_remarks.clone(),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoticeQuery {
    besked: String,
}

#[tracing::instrument(skip_all)]
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path((id, rid)): Path<(i64, i64)>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let (record, report) = status_reports::read(&state.app, &user.acting(&remote), id, rid).await?;
    let notice = match q.besked.as_str() {
        "gemt" => Some("Rapporten er gemt.".to_owned()),
        "godkendt" => Some("Rapporten er godkendt og kan sendes.".to_owned()),
        "sendt" => Some("Rapporten er sendt til den henvisende rådgiver.".to_owned()),
        _ => None,
    };
    Ok(render(StatusCode::OK, &page_of(&user, &remote, &record, &report, form_of(&report), FormErrors::default(), notice)))
}

#[tracing::instrument(skip_all)]
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path((id, rid)): Path<(i64, i64)>,
    Form(form): Form<EditForm>,
) -> Result<Response, PageError> {
    let acting = user.acting(&remote);
    let mut errors = FormErrors::default();
    let family_read_on = match form.family_read_on.trim() {
        "" => None,
        text => fields::date(text, "family_read_on", &mut errors),
    };
    let edit = ReportEdit { body: fields::line_feeds(&form.body), family_read_on, family_remarks: fields::line_feeds(&form.family_remarks) };
    if errors.is_empty() {
        match status_reports::save(&state.app, &acting, id, rid, &edit).await {
            Ok(()) => return Ok(Redirect::to(&format!("/sager/{id}/statusrapporter/{rid}?besked=gemt")).into_response()),
            Err(e) => {
                for (field, message) in invalid_list(e)? {
                    errors.add(if matches!(field, "body" | "family_read_on" | "family_remarks") { field } else { "body" }, message);
                }
            }
        }
    }
    let (record, report) = status_reports::read(&state.app, &acting, id, rid).await?;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page_of(&user, &remote, &record, &report, form, errors, None)))
}

async fn step(state: &AppState, user: &CurrentUser, remote: &Remote, id: i64, rid: i64, approve: bool) -> Result<Response, PageError> {
    let acting = user.acting(remote);
    let done = if approve { status_reports::approve(&state.app, &acting, id, rid).await } else { status_reports::send(&state.app, &acting, id, rid).await };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/sager/{id}/statusrapporter/{rid}?besked={}", if approve { "godkendt" } else { "sendt" })).into_response()),
        Err(e) => {
            let mut errors = FormErrors::default();
            for (_, message) in invalid_list(e)? {
                errors.add("state", message);
            }
            let (record, report) = status_reports::read(&state.app, &acting, id, rid).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page_of(user, remote, &record, &report, form_of(&report), errors, None)))
        }
    }
}

#[tracing::instrument(skip_all)]
pub async fn approve(State(state): State<AppState>, user: CurrentUser, remote: Remote, Path((id, rid)): Path<(i64, i64)>) -> Result<Response, PageError> {
    step(&state, &user, &remote, id, rid, true).await
}

#[tracing::instrument(skip_all)]
pub async fn send(State(state): State<AppState>, user: CurrentUser, remote: Remote, Path((id, rid)): Path<(i64, i64)>) -> Result<Response, PageError> {
    step(&state, &user, &remote, id, rid, false).await
}
