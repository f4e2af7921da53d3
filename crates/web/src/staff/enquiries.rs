//! `/henvendelser`: the unit's inbox of citizens' enquiries from the public catalogue (receipt,
//! service, date and status; no personal data in the list), one enquiry per page (every opening
//! logged by `familiehus_app::enquiries::read`), and its two actions: accept (a case on the
//! service's waiting list, then the case page) or answer and close with a short note. Who sees
//! which unit's enquiries is the use case's rule, never this file's.

use super::errors::PageError;
use super::layout::{FormErrors, Layout, NoticeQuery, ok_page, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::AppError;
use familiehus_app::enquiries;
use familiehus_domain::danish;
use familiehus_domain::enquiry::EnquiryStatus;
use familiehus_store::Enquiry;
use serde::Deserialize;

pub struct InboxLine {
    pub id: i64,
    pub receipt: String,
    pub service_name: String,
    pub received: String,
    pub status: &'static str,
    pub is_new: bool,
}

#[derive(Template)]
#[template(path = "staff/enquiries.html")]
struct InboxPage {
    layout: Layout,
    lines: Vec<InboxLine>,
    new_count: usize,
}

#[derive(Template)]
#[template(path = "staff/enquiry.html")]
struct EnquiryPage {
    layout: Layout,
    e: Enquiry,
    received: String,
    child_age: String,
    closed_on: String,
    status: &'static str,
    is_new: bool,
    errors: FormErrors,
    answer: String,
}

#[tracing::instrument(skip_all)]
pub async fn inbox(State(state): State<AppState>, user: CurrentUser, remote: Remote) -> Result<Response, PageError> {
    let list = enquiries::inbox(&state.app, &user.acting(&remote)).await?;
    let lines: Vec<InboxLine> = list
        .into_iter()
        .map(|e| InboxLine {
            id: e.id,
            receipt: e.receipt,
            service_name: e.service_name,
            received: danish::timestamp(&e.received_at),
            status: e.status.label_da(),
            is_new: e.status == EnquiryStatus::New,
        })
        .collect();
    let new_count = lines.iter().filter(|l| l.is_new).count();
    Ok(ok_page(&InboxPage { layout: Layout::new("Henvendelser", &user, "/henvendelser"), lines, new_count }))
}

fn child_age(e: &Enquiry) -> String {
    match (e.child_age, e.child_birth_date) {
        (_, Some(born)) => format!("født {}", danish::date(born)),
        (Some(age), None) => format!("{age} år"),
        (None, None) => String::new(),
    }
}

async fn show(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    id: i64,
    errors: FormErrors,
    answer: String,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let e = enquiries::read(&state.app, &user.acting(remote), id, "side").await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = format!("{}Henvendelse {}", if errors.is_empty() { "" } else { "Fejl: " }, e.receipt);
    let page = EnquiryPage {
        layout: Layout::new(title, user, "/henvendelser").with_notice(notice),
        received: danish::timestamp(&e.received_at),
        child_age: child_age(&e),
        closed_on: e.closed_on.map(danish::date).unwrap_or_default(),
        status: e.status.label_da(),
        is_new: e.status == EnquiryStatus::New,
        errors,
        answer,
        e,
    };
    Ok(render(status, &page))
}

#[tracing::instrument(skip_all)]
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let notice = (q.besked == "lukket").then(|| "Henvendelsen er besvaret og lukket.".to_owned());
    show(&state, &user, &remote, id, FormErrors::default(), String::new(), notice).await
}

#[tracing::instrument(skip_all)]
pub async fn accept(State(state): State<AppState>, user: CurrentUser, remote: Remote, Path(id): Path<i64>) -> Result<Response, PageError> {
    match enquiries::accept(&state.app, &user.acting(&remote), id).await {
        Ok(case) => Ok(Redirect::to(&format!("/sager/{}", case.id)).into_response()),
        Err(AppError::Invalid(list)) => {
            let mut errors = FormErrors::default();
            for e in list.0 {
                errors.add("answer", e.message_da);
            }
            show(&state, &user, &remote, id, errors, String::new(), None).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AnswerForm {
    pub answer: String,
}

#[tracing::instrument(skip_all)]
pub async fn answer(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, PageError> {
    let text = super::fields::line_feeds(&form.answer);
    match enquiries::answer_and_close(&state.app, &user.acting(&remote), id, &text).await {
        Ok(_) => Ok(Redirect::to(&format!("/henvendelser/{id}?besked=lukket")).into_response()),
        Err(AppError::Invalid(list)) => {
            let mut errors = FormErrors::default();
            for e in list.0 {
                errors.add("answer", e.message_da);
            }
            show(&state, &user, &remote, id, errors, text, None).await
        }
        Err(e) => Err(e.into()),
    }
}
