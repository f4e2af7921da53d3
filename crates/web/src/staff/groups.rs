//! `/grupper`: the group courses the user sees (`app::groups::list`), and `/grupper/ny`, the
//! create-course form (a group service, one or two leaders of its unit, capacity, age range,
//! place, weekday, time, and the pattern: weekly or every second week, a number of sessions or a
//! season; the plan skips public and school holidays). A refused form comes back as typed with
//! the Danish problems at their fields (422, "Fejl i formularen – …").

use super::errors::PageError;
use super::fields::{Choice, Field, Group, Kind, ticked};
use super::layout::{FormErrors, Layout, form_title, ok_page, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::AppError;
use familiehus_app::groups;
use familiehus_domain::group_course::{CourseDraft, Interval, WEEKDAYS};
use familiehus_domain::{Permission, danish};
use serde::Deserialize;

pub struct CourseLine {
    pub id: i64,
    pub name: String,
    pub service: String,
    pub leaders: String,
    pub seats: String,
    pub when: String,
    pub next: String,
}

#[derive(Template)]
#[template(path = "staff/groups.html")]
struct GroupsPage {
    layout: Layout,
    lines: Vec<CourseLine>,
    may_create: bool,
}

/// "Onsdag kl. 16.00".
pub fn when(weekday: &str, start_time: &str) -> String {
    let day = familiehus_domain::group_course::weekday_from_code(weekday).map_or("", familiehus_domain::group_course::weekday_da);
    format!("{day} kl. {start_time}")
}

#[tracing::instrument(skip_all)]
pub async fn list(State(state): State<AppState>, user: CurrentUser, remote: Remote) -> Result<Response, PageError> {
    let acting = user.acting(&remote);
    let courses = groups::list(&state.app, &acting).await?;
    let lines = courses
        .into_iter()
        .map(|s| {
            let c = s.course;
            CourseLine {
                id: c.id,
                seats: format!("{} af {}", c.participants, c.capacity),
                when: when(&c.weekday, &c.start_time),
                next: c.next_session.map_or_else(|| "Ingen".to_owned(), danish::date),
                name: c.name,
                service: c.service_name,
                leaders: s.leaders.iter().map(|l| l.display_name.as_str()).collect::<Vec<_>>().join(" og "),
            }
        })
        .collect();
    let may_create = user.actor().allows(Permission::ChangeCases) && !groups::services_for_courses(&state.app, &acting).await?.is_empty();
    Ok(ok_page(&GroupsPage { layout: Layout::new("Gruppeforløb", &user, "/grupper"), lines, may_create }))
}

/// The create form as posted (checkboxes are sent only when ticked).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CourseForm {
    pub service_id: String,
    pub name: String,
    pub leaders: String,
    pub leader_2: String,
    pub capacity: String,
    pub max_families: String,
    pub min_age: String,
    pub max_age: String,
    pub place: String,
    pub weekday: String,
    pub start_time: String,
    pub minutes: String,
    pub interval: String,
    pub starts_on: String,
    pub end_kind: String,
    pub sessions: String,
    pub until: String,
    pub step_built: String,
    pub continuous_intake: String,
}

impl CourseForm {
    fn draft(&self) -> CourseDraft {
        CourseDraft {
            name: self.name.clone(),
            leaders: vec![self.leaders.clone(), self.leader_2.clone()],
            capacity: self.capacity.clone(),
            max_families: self.max_families.clone(),
            min_age: self.min_age.clone(),
            max_age: self.max_age.clone(),
            place: self.place.clone(),
            weekday: self.weekday.clone(),
            start_time: self.start_time.clone(),
            minutes: self.minutes.clone(),
            interval: self.interval.clone(),
            starts_on: self.starts_on.clone(),
            end_kind: self.end_kind.clone(),
            sessions: self.sessions.clone(),
            until: self.until.clone(),
            step_built: ticked(&self.step_built),
            continuous_intake: ticked(&self.continuous_intake),
        }
    }
}

#[derive(Template)]
#[template(path = "staff/group_new.html")]
struct NewCoursePage {
    layout: Layout,
    errors: FormErrors,
    groups: Vec<Group>,
}

async fn form_page(state: &AppState, user: &CurrentUser, remote: &Remote, form: &CourseForm, errors: FormErrors) -> Result<Response, PageError> {
    let acting = user.acting(remote);
    let services = groups::services_for_courses(&state.app, &acting).await?;
    let mut leaders = Vec::new();
    let mut seen_units = Vec::new();
    for (_, _, unit_id) in &services {
        if !seen_units.contains(unit_id) {
            seen_units.push(*unit_id);
            leaders.extend(groups::possible_leaders(&state.app, *unit_id).await?);
        }
    }
    let leader_choices = |current: &str, none: bool| {
        let mut list = Vec::new();
        if none {
            list.push(Choice { value: String::new(), label: "Ingen".into(), selected: current.is_empty() });
        }
        list.extend(Choice::list(leaders.iter().map(|(id, name)| (id.to_string(), name.clone())), current));
        list
    };
    let e = &errors;
    let groups = vec![
        Group {
            legend: "Forløbet",
            fields: vec![
                Field::new(
                    "service_id",
                    "Indsats",
                    &form.service_id,
                    Kind::Select(Choice::list(services.iter().map(|(id, n, _)| (id.to_string(), n.clone())), &form.service_id)),
                    e,
                ),
                Field::new("name", "Navn", &form.name, Kind::Text, e).hint("Fx Cool Kids efterår 2026."),
                Field::new("leaders", "Leder", &form.leaders, Kind::Select(leader_choices(&form.leaders, false)), e),
                Field::new("leader_2", "Medleder", &form.leader_2, Kind::Select(leader_choices(&form.leader_2, true)), e),
                Field::new("capacity", "Pladser (børn)", &form.capacity, Kind::Number, e),
                Field::new("max_families", "Højst antal familier", &form.max_families, Kind::Number, e)
                    .hint("Fx 8 i et flerfamilieforløb. Tom: ingen grænse ud over pladserne."),
                Field::new("min_age", "Alder fra (år)", &form.min_age, Kind::Number, e),
                Field::new("max_age", "Alder til (år)", &form.max_age, Kind::Number, e),
                Field::new("place", "Sted", &form.place, Kind::Text, e),
                Field::new(
                    "step_built",
                    "Trinopbygget program (fx Cool Kids): markér deltagere, der mangler et trin",
                    "",
                    Kind::Checkbox { checked: ticked(&form.step_built) },
                    e,
                ),
                Field::new(
                    "continuous_intake",
                    "Løbende optag (klippekort): deltagere kan begynde ved enhver gang",
                    "",
                    Kind::Checkbox { checked: ticked(&form.continuous_intake) },
                    e,
                ),
            ],
        },
        Group {
            legend: "Gange",
            fields: vec![
                Field::new(
                    "weekday",
                    "Ugedag",
                    &form.weekday,
                    Kind::Select(Choice::list(WEEKDAYS.iter().map(|(_, c, l)| ((*c).to_owned(), (*l).to_owned())), &form.weekday)),
                    e,
                ),
                Field::new("start_time", "Tidspunkt", &form.start_time, Kind::Text, e).hint("TT.MM, fx 16.00."),
                Field::new("minutes", "Varighed (minutter)", &form.minutes, Kind::Number, e),
                Field::new(
                    "interval",
                    "Hvor ofte",
                    &form.interval,
                    Kind::Select(Choice::list(Interval::ALL.iter().map(|i| (i.code().to_owned(), i.label_da().to_owned())), &form.interval)),
                    e,
                ),
                Field::new("starts_on", "Første mulige dato", &form.starts_on, Kind::Date, e).hint("Første gang er den første valgte ugedag fra denne dato."),
                Field::new(
                    "end_kind",
                    "Planen slutter",
                    &form.end_kind,
                    Kind::Select(Choice::list(
                        [("sessions".to_owned(), "Efter et antal gange".to_owned()), ("until".to_owned(), "Ved sæsonens slutning".to_owned())],
                        &form.end_kind,
                    )),
                    e,
                ),
                Field::new("sessions", "Antal gange", &form.sessions, Kind::Number, e),
                Field::new("until", "Sæsonens sidste dato", &form.until, Kind::Date, e).hint("Kun ved sæson, fx 30.04.2027."),
            ],
        },
    ];
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let layout = Layout::new(form_title("Nyt gruppeforløb", &errors), user, "/grupper");
    Ok(render(status, &NewCoursePage { layout, errors, groups }))
}

#[tracing::instrument(skip_all)]
pub async fn new_page(State(state): State<AppState>, user: CurrentUser, remote: Remote) -> Result<Response, PageError> {
    let form = CourseForm {
        capacity: "6".into(),
        minutes: "120".into(),
        start_time: "16.00".into(),
        interval: "weekly".into(),
        end_kind: "sessions".into(),
        sessions: "10".into(),
        leaders: user.user.id.to_string(),
        starts_on: danish::date(state.today()),
        ..Default::default()
    };
    form_page(&state, &user, &remote, &form, FormErrors::default()).await
}

#[tracing::instrument(skip_all)]
pub async fn create(State(state): State<AppState>, user: CurrentUser, remote: Remote, Form(form): Form<CourseForm>) -> Result<Response, PageError> {
    let acting = user.acting(&remote);
    let mut errors = FormErrors::default();
    let Ok(service_id) = form.service_id.trim().parse::<i64>() else {
        errors.add("service_id", "Vælg en gruppeindsats.");
        return form_page(&state, &user, &remote, &form, errors).await;
    };
    match groups::create(&state.app, &acting, service_id, &form.draft()).await {
        Ok(id) => Ok(Redirect::to(&format!("/grupper/{id}?besked=oprettet")).into_response()),
        Err(AppError::Invalid(list)) => {
            for e in list.0 {
                errors.add(e.field, e.message_da);
            }
            form_page(&state, &user, &remote, &form, errors).await
        }
        Err(e) => Err(e.into()),
    }
}
