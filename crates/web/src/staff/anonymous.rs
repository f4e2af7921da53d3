//! `/anonym`: the anonymous counsellor's log. A talk is registered with closed choices only
//! (service, day, channel, who asked as a role, age band, topic, minutes, where they were
//! guided) and, from the second talk, the course number the citizen quotes: the form has no
//! field that could store a name or a CPR number (`anonymous_form.rs`). Below the form: this
//! month's talks per service and topic, and the latest entries, each with a "Ret" link on the
//! day its counsellor logged it (`/anonym/{id}/ret`). What is stored and shown is
//! `familiehus_app::anonymous`'s.

use super::anonymous_form::{self, ContactForm, Purpose};
use super::errors::PageError;
use super::fields::{Group, Kind};
use super::layout::{FormErrors, Layout, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use familiehus_app::anonymous::{self, TalkInput};
use familiehus_app::{Acting, AppError};
use familiehus_domain::danish;
use familiehus_store::{StoredService, StoredTalk};
use serde::Deserialize;

pub struct SummaryLine {
    pub service: String,
    pub contacts: i64,
    pub hours: String,
    pub topics: String,
}

pub struct RecentLine {
    pub id: i64,
    pub date: String,
    pub service: String,
    pub course: String,
    pub talk: String,
    pub channel: &'static str,
    pub seeker: &'static str,
    pub age_band: &'static str,
    pub topic: &'static str,
    pub minutes: u16,
    pub guided: String,
    pub may_correct: bool,
}

#[derive(Template)]
#[template(path = "staff/anonymous.html")]
struct AnonymousPage {
    layout: Layout,
    errors: FormErrors,
    groups: Vec<Group>,
    month: String,
    summary: Vec<SummaryLine>,
    recent: Vec<RecentLine>,
    has_services: bool,
    logged: Option<LoggedView>,
}

/// What the counsellor tells the citizen after a talk is logged.
pub struct LoggedView {
    pub course: String,
    pub limit_line: String,
    pub warning: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "staff/anonymous_correct.html")]
struct CorrectPage {
    layout: Layout,
    errors: FormErrors,
    groups: Vec<Group>,
    id: i64,
    service: String,
    course: String,
}

pub const MONTHS: [&str; 12] = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"];

fn service_name(services: &[StoredService], id: i64) -> String {
    services.iter().find(|s| s.id == id).map(|s| s.service.name.clone()).unwrap_or_default()
}

fn recent_line(state: &AppState, acting: &Acting, t: &StoredTalk, services: &[StoredService], onward: &[StoredService]) -> RecentLine {
    let c = &t.contact;
    let guided = match c.guidance.service_id {
        Some(id) => service_name(onward, id),
        None => c.guidance.onward.label_da().to_owned(),
    };
    RecentLine {
        id: t.id,
        date: danish::date(c.occurred_on),
        service: service_name(services, c.service_id),
        course: t.course.as_ref().map(|n| n.to_string()).unwrap_or_else(|| "–".into()),
        talk: t.talk_number.map(|n| n.to_string()).unwrap_or_else(|| "–".into()),
        channel: c.channel.label_da(),
        seeker: c.seeker.label_da(),
        age_band: c.age_band.label_da(),
        topic: c.topic.label_da(),
        minutes: c.minutes,
        guided,
        may_correct: anonymous::may_correct(&state.app, acting, t),
    }
}

async fn show(
    state: &AppState,
    user: &CurrentUser,
    form: &ContactForm,
    errors: FormErrors,
    logged: Option<LoggedView>,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let acting = user.acting(&Remote::default());
    let services = anonymous::services(&state.app, &acting).await?;
    let onward = anonymous::onward_services(&state.app, &acting).await?;
    let groups = anonymous_form::groups(form, &errors, &services, &onward, Purpose::NewTalk);
    let month = anonymous::month_summary(&state.app, &acting).await?;
    let today = month.today;
    let summary = month
        .services
        .into_iter()
        .map(|s| SummaryLine {
            service: s.service_name,
            contacts: s.contacts,
            hours: danish::decimal(s.minutes as f64 / 60.0, 1),
            topics: s.topics.iter().map(|(t, n)| format!("{} ({n})", t.label_da())).collect::<Vec<_>>().join(", "),
        })
        .collect();
    let recent = anonymous::recent(&state.app, &acting, 10).await?.iter().map(|t| recent_line(state, &acting, t, &services, &onward)).collect();
    let month = format!("{} {}", MONTHS[today.month0() as usize], today.year());
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = if errors.is_empty() { "Anonym rådgivning".to_owned() } else { "Fejl i formularen – Anonym rådgivning".to_owned() };
    let page = AnonymousPage {
        layout: Layout::new(title, user, "/anonym").with_notice(notice),
        errors,
        groups,
        month,
        summary,
        recent,
        has_services: !services.is_empty(),
        logged,
    };
    Ok(render(status, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoggedQuery {
    pub registreret: String,
    pub rettet: String,
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, Query(query): Query<LoggedQuery>) -> Result<Response, PageError> {
    let form = ContactForm { occurred_on: danish::date(state.today()), ..Default::default() };
    let acting = user.acting(&Remote::default());
    // The talk just logged, shown once after the redirect: its course number for the citizen.
    let logged = match query.registreret.parse::<i64>() {
        Ok(id) => anonymous::talk_to_correct(&state.app, &acting, id).await.ok().and_then(|t| logged_view(&t)),
        Err(_) => None,
    };
    let notice = (query.rettet == "ja").then(|| "Rettelsen er gemt.".to_owned());
    show(&state, &user, &form, FormErrors::default(), logged, notice).await
}

fn logged_view(t: &StoredTalk) -> Option<LoggedView> {
    let (course, talk) = (t.course.as_ref()?, t.talk_number?);
    let limit = familiehus_domain::anonymous_course::talk_limit(t.contact.age_band);
    let warning = match talk.cmp(&limit) {
        std::cmp::Ordering::Less => None,
        std::cmp::Ordering::Equal => Some("Det var forløbets sidste samtale efter grænsen. Overvej at guide videre til et andet tilbud."),
        std::cmp::Ordering::Greater => Some("Forløbet er over grænsen for antal samtaler."),
    };
    Some(LoggedView { course: course.to_string(), limit_line: anonymous_form::limit_line(talk, limit), warning })
}

#[tracing::instrument(skip_all)]
pub async fn submit(State(state): State<AppState>, user: CurrentUser, remote: Remote, Form(form): Form<ContactForm>) -> Result<Response, PageError> {
    let read = match anonymous_form::read(&form) {
        Ok(read) => read,
        Err(errors) => return show(&state, &user, &form, errors, None, None).await,
    };
    let input = TalkInput { contact: read.contact, course: read.course, confirm_beyond_limit: read.confirm_beyond_limit };
    match anonymous::log_talk(&state.app, &user.acting(&remote), input).await {
        Ok(logged) => Ok(Redirect::to(&format!("/anonym?registreret={}", logged.id)).into_response()),
        Err(e) => {
            let errors = anonymous_form::errors_of(e)?;
            show(&state, &user, &form, errors, None, None).await
        }
    }
}

async fn show_correction(state: &AppState, user: &CurrentUser, talk: &StoredTalk, form: &ContactForm, errors: FormErrors) -> Result<Response, PageError> {
    let acting = user.acting(&Remote::default());
    let services = anonymous::services(&state.app, &acting).await?;
    let onward = anonymous::onward_services(&state.app, &acting).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = if errors.is_empty() { "Ret samtale".to_owned() } else { "Fejl i formularen – Ret samtale".to_owned() };
    let page = CorrectPage {
        layout: Layout::new(title, user, "/anonym"),
        groups: anonymous_form::groups(form, &errors, &services, &onward, Purpose::Correction),
        errors,
        id: talk.id,
        service: service_name(&services, talk.contact.service_id),
        course: talk.course.as_ref().map(|n| n.to_string()).unwrap_or_else(|| "uden forløbsnummer".into()),
    };
    Ok(render(status, &page))
}

/// The correction form of the actor's own talk of today; anyone else's, or an older one, is 403.
#[tracing::instrument(skip_all)]
pub async fn correct_page(State(state): State<AppState>, user: CurrentUser, remote: Remote, Path(id): Path<i64>) -> Result<Response, PageError> {
    let talk = anonymous::talk_to_correct(&state.app, &user.acting(&remote), id).await?;
    show_correction(&state, &user, &talk, &ContactForm::from_talk(&talk), FormErrors::default()).await
}

#[tracing::instrument(skip_all)]
pub async fn correct(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(mut form): Form<ContactForm>,
) -> Result<Response, PageError> {
    let acting = user.acting(&remote);
    let talk = anonymous::talk_to_correct(&state.app, &acting, id).await?;
    // The service and course are not the form's to change.
    form.service_id = talk.contact.service_id.to_string();
    form.course_number.clear();
    let read = match anonymous_form::read(&form) {
        Ok(read) => read,
        Err(errors) => return show_correction(&state, &user, &talk, &form, errors).await,
    };
    match anonymous::correct_talk(&state.app, &acting, id, &read.contact).await {
        Ok(()) => Ok(Redirect::to("/anonym?rettet=ja").into_response()),
        Err(AppError::Forbidden) => Err(AppError::Forbidden.into()),
        Err(e) => {
            let errors = anonymous_form::errors_of(e)?;
            show_correction(&state, &user, &talk, &form, errors).await
        }
    }
}
