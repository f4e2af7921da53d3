//! `/grupper/{id}`: one course — its facts, the sessions (moved and cancelled ones marked), the
//! participants (names only with the case in the user's need-to-know, `app::groups::view`), the
//! attendance grid (participants × held sessions, a `fit-table` for a phone), the flags of a
//! step-built programme ("Mangler trin 3"), and for those who run it the service's waiting list
//! with a pre-talk form and "Optag i forløbet" per case (a case with a seat in another course
//! marked); for continuous intake, adding sessions and ending a participant's place. `/grupper/{id}/gange/{session}` is one
//! session: attendance per participant (radio buttons), move and cancel. No JavaScript: every
//! action is a plain form that redirects back with a notice, or shows the page again with the
//! Danish problem in the error summary (422).

use super::errors::PageError;
use super::layout::{FormErrors, Layout, NoticeQuery, form_title, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::AppError;
use familiehus_app::groups::{self, CourseView};
use familiehus_domain::danish;
use familiehus_domain::group_course::{Attendance, Interval, missed_label};
use serde::Deserialize;

pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

pub struct SessionLine {
    pub id: i64,
    pub number: i64,
    pub date: String,
    pub time: String,
    /// "Aflyst: sygdom", "Flyttet fra 14.10.2026", or empty.
    pub status: String,
}

pub struct ParticipantLine {
    pub case_id: i64,
    pub name: String,
    pub visible: bool,
    pub joined_on: String,
    pub started_on: String,
    pub flag: String,
    /// The last day, once the participation has ended; empty while it holds a seat.
    pub left_on: String,
    /// One cell per held session: (mark, label), empty when nothing is recorded.
    pub cells: Vec<(&'static str, &'static str)>,
}

pub struct WaitingLine {
    pub case_id: i64,
    pub name: String,
    pub enrolled_on: String,
    pub days_waiting: i64,
    pub pre_talks: String,
    /// The course in which the case already holds a seat, if any.
    pub course_seat: String,
}

#[derive(Template)]
#[template(path = "staff/group.html")]
struct CoursePage {
    layout: Layout,
    id: i64,
    name: String,
    facts: Vec<Fact>,
    sessions: Vec<SessionLine>,
    held: Vec<SessionLine>,
    participants: Vec<ParticipantLine>,
    hidden_participants: usize,
    waiting: Vec<WaitingLine>,
    may_run: bool,
    continuous_intake: bool,
    today: String,
    errors: FormErrors,
}

fn notice(code: &str) -> Option<String> {
    Some(
        match code {
            "oprettet" => "Forløbet er oprettet med sine gange.",
            "optaget" => "Sagen er optaget i forløbet.",
            "forsamtale" => "Forsamtalen er registreret.",
            "fremmoede" => "Fremmødet er gemt.",
            "flyttet" => "Gangen er flyttet.",
            "aflyst" => "Gangen er aflyst.",
            "gange" => "De nye gange er lagt i planen.",
            "stoppet" => "Deltageren er stoppet, og pladsen er ledig.",
            _ => return None,
        }
        .to_owned(),
    )
}

fn session_line(s: &familiehus_store::GroupSession) -> SessionLine {
    let status = match (&s.cancelled_reason, s.moved()) {
        (Some(reason), _) => format!("Aflyst: {reason}"),
        (None, true) => format!("Flyttet fra {}", danish::date(s.planned_on)),
        (None, false) => String::new(),
    };
    SessionLine { id: s.id, number: s.number, date: danish::date(s.held_on), time: s.start_time.clone(), status }
}

fn facts(v: &CourseView) -> Vec<Fact> {
    let c = &v.course;
    let plan = match (c.end_sessions, c.end_until) {
        (Some(n), _) => format!("{n} gange"),
        (_, Some(until)) => format!("Sæson til {}", danish::date(until)),
        _ => String::new(),
    };
    let interval = Interval::from_code(&c.interval_code).map_or("", Interval::label_da);
    let mut seats = format!("{} af {} børn", c.participants, c.capacity);
    if let Some(f) = c.max_families {
        seats.push_str(&format!(", højst {f} familier"));
    }
    vec![
        Fact { label: "Indsats", value: c.service_name.clone() },
        Fact { label: "Ledere", value: v.leaders.iter().map(|l| l.display_name.as_str()).collect::<Vec<_>>().join(" og ") },
        Fact { label: "Pladser", value: seats },
        Fact { label: "Alder", value: format!("{}–{} år", c.min_age, c.max_age) },
        Fact { label: "Sted", value: c.place.clone() },
        Fact { label: "Tid", value: format!("{}, {} minutter", super::groups::when(&c.weekday, &c.start_time), c.minutes) },
        Fact { label: "Plan", value: format!("{interval} fra {}, {plan}", danish::date(c.starts_on)) },
        Fact {
            label: "Optag",
            value: if c.continuous_intake {
                "Løbende optag: deltagere kan begynde ved enhver gang".into()
            } else {
                "Fast hold: optag indtil første gang".into()
            },
        },
        Fact { label: "Trinopbygget", value: if c.step_built { "Ja: manglende trin markeres".into() } else { "Nej".into() } },
    ]
}

async fn show(state: &AppState, user: &CurrentUser, remote: &Remote, id: i64, notice_code: &str, errors: FormErrors) -> Result<Response, PageError> {
    let v = groups::view(&state.app, &user.acting(remote), id, "grupper").await?;
    let today = state.today();
    let held_sessions: Vec<_> = v.sessions.iter().filter(|s| !s.cancelled() && s.held_on <= today).collect();
    let participants: Vec<ParticipantLine> = v
        .participants
        .iter()
        .filter(|p| p.visible)
        .map(|p| {
            let cells = held_sessions
                .iter()
                .map(|s| {
                    v.attendance
                        .iter()
                        .find(|a| a.session_id == s.id && a.case_id == p.participant.case_id)
                        .map_or(("", "Ikke registreret"), |a| (a.status.mark(), a.status.label_da()))
                })
                .collect();
            ParticipantLine {
                case_id: p.participant.case_id,
                name: p.participant.person_name.clone(),
                visible: p.visible,
                joined_on: danish::date(p.participant.joined_on),
                started_on: p.participant.started_on.map(danish::date).unwrap_or_else(|| "Ikke endnu".into()),
                flag: missed_label(&p.missed_steps).unwrap_or_default(),
                left_on: p.participant.left_on.map(danish::date).unwrap_or_default(),
                cells,
            }
        })
        .collect();
    let hidden_participants = v.participants.iter().filter(|p| !p.visible).count();
    let waiting = v
        .waiting
        .iter()
        .map(|(e, talks)| WaitingLine {
            case_id: e.case_id,
            name: e.person_name.clone(),
            enrolled_on: danish::date(e.enrolled_on),
            days_waiting: e.days_waiting,
            pre_talks: talks
                .iter()
                .map(|t| if t.note.is_empty() { danish::date(t.held_on) } else { format!("{}: {}", danish::date(t.held_on), t.note) })
                .collect::<Vec<_>>()
                .join("; "),
            course_seat: e.course_seat.clone().unwrap_or_default(),
        })
        .collect();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let layout = Layout::new(form_title(&v.course.name, &errors), user, "/grupper").with_notice(notice(notice_code));
    let page = CoursePage {
        layout,
        id,
        name: v.course.name.clone(),
        facts: facts(&v),
        sessions: v.sessions.iter().map(session_line).collect(),
        held: held_sessions.iter().map(|s| session_line(s)).collect(),
        participants,
        hidden_participants,
        waiting,
        may_run: v.may_run,
        continuous_intake: v.course.continuous_intake,
        today: danish::date(today),
        errors,
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
    show(&state, &user, &remote, id, &q.besked, FormErrors::default()).await
}

/// An action's outcome: back to the page with a notice, or the page again with the problems
/// at `anchor` (the section the error summary links to).
async fn outcome(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    id: i64,
    result: Result<(), AppError>,
    done: &str,
    anchor: &'static str,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/grupper/{id}?besked={done}")).into_response()),
        Err(AppError::Invalid(list)) => {
            let mut errors = FormErrors::default();
            for e in list.0 {
                errors.add(anchor, e.message_da);
            }
            show(state, user, remote, id, "", errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CaseForm {
    pub case_id: String,
    pub held_on: String,
    pub note: String,
}

fn case_id(form: &CaseForm) -> Result<i64, AppError> {
    form.case_id.trim().parse().map_err(|_| {
        AppError::Invalid(familiehus_domain::ValidationErrors(vec![familiehus_domain::FieldError::new(
            "case_id",
            "Vælg en sag fra ventelisten.",
            "case id unreadable",
        )]))
    })
}

#[tracing::instrument(skip_all)]
pub async fn enrol(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<CaseForm>,
) -> Result<Response, PageError> {
    let acting = user.acting(&remote);
    let result = match case_id(&form) {
        Ok(case_id) => groups::enrol(&state.app, &acting, id, case_id).await,
        Err(e) => Err(e),
    };
    outcome(&state, &user, &remote, id, result, "optaget", "venteliste").await
}

#[tracing::instrument(skip_all)]
pub async fn pre_talk(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<CaseForm>,
) -> Result<Response, PageError> {
    let acting = user.acting(&remote);
    let result = match case_id(&form) {
        Ok(case_id) => groups::record_pre_talk(&state.app, &acting, id, case_id, &form.held_on, &form.note).await.map(|_| ()),
        Err(e) => Err(e),
    };
    outcome(&state, &user, &remote, id, result, "forsamtale", "venteliste").await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AddSessionsForm {
    pub count: String,
}

#[tracing::instrument(skip_all)]
pub async fn add_sessions(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<AddSessionsForm>,
) -> Result<Response, PageError> {
    let result = groups::add_sessions(&state.app, &user.acting(&remote), id, &form.count).await.map(|_| ());
    outcome(&state, &user, &remote, id, result, "gange", "count").await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LeaveForm {
    pub left_on: String,
    pub reason: String,
}

#[tracing::instrument(skip_all)]
pub async fn end_participation(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path((id, case_id)): Path<(i64, i64)>,
    Form(form): Form<LeaveForm>,
) -> Result<Response, PageError> {
    let result = groups::end_participation(&state.app, &user.acting(&remote), id, case_id, &form.left_on, &form.reason).await;
    outcome(&state, &user, &remote, id, result, "stoppet", "deltagere").await
}

pub struct MarkLine {
    pub case_id: i64,
    pub name: String,
    /// (code, label, checked)
    pub options: Vec<(&'static str, &'static str, bool)>,
}

#[derive(Template)]
#[template(path = "staff/group_session.html")]
struct SessionPage {
    layout: Layout,
    course_id: i64,
    course_name: String,
    session: SessionLine,
    cancelled: bool,
    may_record: bool,
    may_run: bool,
    marks: Vec<MarkLine>,
    hidden_participants: usize,
    errors: FormErrors,
    form: SessionForm,
}

async fn show_session(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    id: i64,
    session_id: i64,
    errors: FormErrors,
    form: SessionForm,
) -> Result<Response, PageError> {
    let v = groups::view(&state.app, &user.acting(remote), id, "grupper, gang").await?;
    let Some(session) = v.sessions.iter().find(|s| s.id == session_id) else { return Err(PageError::NotFound) };
    let marks = v
        .participants
        .iter()
        .filter(|p| p.visible && p.participant.joined_on <= session.held_on)
        .map(|p| {
            let current = v.attendance.iter().find(|a| a.session_id == session_id && a.case_id == p.participant.case_id).map(|a| a.status);
            MarkLine {
                case_id: p.participant.case_id,
                name: p.participant.person_name.clone(),
                options: Attendance::ALL.iter().map(|a| (a.code(), a.label_da(), current == Some(*a))).collect(),
            }
        })
        .collect();
    let line = session_line(session);
    let title = format!("Gang {} – {}", session.number, v.course.name);
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = SessionPage {
        layout: Layout::new(form_title(&title, &errors), user, "/grupper"),
        course_id: id,
        course_name: v.course.name.clone(),
        cancelled: session.cancelled(),
        may_record: v.may_run && !session.cancelled() && session.held_on <= state.today(),
        may_run: v.may_run,
        marks,
        hidden_participants: v.participants.iter().filter(|p| !p.visible).count(),
        session: line,
        errors,
        form: if form.date.is_empty() && form.start_time.is_empty() {
            SessionForm { date: danish::date(session.held_on), start_time: session.start_time.clone(), ..form }
        } else {
            form
        },
    };
    Ok(render(status, &page))
}

#[tracing::instrument(skip_all)]
pub async fn session_page(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path((id, session)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    show_session(&state, &user, &remote, id, session, FormErrors::default(), SessionForm::default()).await
}

/// The move and cancel forms' fields (kept when refused).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SessionForm {
    pub date: String,
    pub start_time: String,
    pub reason: String,
}

async fn session_outcome(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    (id, session): (i64, i64),
    result: Result<(), AppError>,
    done: &str,
    form: SessionForm,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/grupper/{id}?besked={done}")).into_response()),
        Err(AppError::Invalid(list)) => {
            let mut errors = FormErrors::default();
            for e in list.0 {
                errors.add(e.field, e.message_da);
            }
            show_session(state, user, remote, id, session, errors, form).await
        }
        Err(e) => Err(e.into()),
    }
}

#[tracing::instrument(skip_all)]
pub async fn attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path((id, session)): Path<(i64, i64)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let mut marks = Vec::new();
    let mut unreadable = false;
    for (name, value) in &fields {
        let Some(case) = name.strip_prefix("case_") else { continue };
        match (case.parse::<i64>(), Attendance::from_code(value)) {
            (Ok(case_id), Some(status)) => marks.push((case_id, status)),
            _ => unreadable = true,
        }
    }
    let result = if unreadable {
        Err(AppError::Invalid(familiehus_domain::ValidationErrors(vec![familiehus_domain::FieldError::new(
            "attendance",
            "Fremmødet kunne ikke læses.",
            "attendance unreadable",
        )])))
    } else if marks.is_empty() {
        Err(AppError::Invalid(familiehus_domain::ValidationErrors(vec![familiehus_domain::FieldError::new(
            "attendance",
            "Vælg fremmøde for mindst én deltager.",
            "no marks",
        )])))
    } else {
        groups::record_attendance(&state.app, &user.acting(&remote), id, session, &marks).await
    };
    session_outcome(&state, &user, &remote, (id, session), result, "fremmoede", SessionForm::default()).await
}

#[tracing::instrument(skip_all)]
pub async fn move_session(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path((id, session)): Path<(i64, i64)>,
    Form(form): Form<SessionForm>,
) -> Result<Response, PageError> {
    let result = groups::move_session(&state.app, &user.acting(&remote), id, session, &form.date, &form.start_time).await;
    session_outcome(&state, &user, &remote, (id, session), result, "flyttet", form).await
}

#[tracing::instrument(skip_all)]
pub async fn cancel_session(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path((id, session)): Path<(i64, i64)>,
    Form(form): Form<SessionForm>,
) -> Result<Response, PageError> {
    let result = groups::cancel_session(&state.app, &user.acting(&remote), id, session, &form.reason).await;
    session_outcome(&state, &user, &remote, (id, session), result, "aflyst", form).await
}
