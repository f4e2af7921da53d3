//! `/anonym`: the anonymous counsellor's log. A contact is registered with closed choices only
//! (service, day, channel, who asked as a role, age band, topic, minutes): the form has no field
//! that could take a name or a CPR number. Below the form: this month's contacts per service
//! and topic, and the latest entries. What is stored and shown is `familiehus_app::anonymous`'s.

use super::errors::PageError;
use super::fields::{Choice, Field, Group, Kind, optional_number};
use super::layout::{FormErrors, Layout, NoticeQuery, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use familiehus_app::{AppError, anonymous};
use familiehus_domain::anonymous::{AgeBand, AnonymousContact, Channel, Seeker, Topic};
use familiehus_domain::danish;
use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ContactForm {
    pub service_id: String,
    pub occurred_on: String,
    pub channel: String,
    pub seeker: String,
    pub age_band: String,
    pub topic: String,
    pub minutes: String,
}

pub struct SummaryLine {
    pub service: String,
    pub contacts: i64,
    pub hours: String,
    pub topics: String,
}

pub struct RecentLine {
    pub date: String,
    pub service: String,
    pub channel: &'static str,
    pub seeker: &'static str,
    pub age_band: &'static str,
    pub topic: &'static str,
    pub minutes: u16,
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
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str, current: &str) -> Vec<Choice> {
    Choice::list(std::iter::once((String::new(), "Vælg".to_owned())).chain(all.iter().map(|v| (code(*v).to_owned(), label(*v).to_owned()))), current)
}

const MONTHS: [&str; 12] = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"];

async fn show(state: &AppState, user: &CurrentUser, form: &ContactForm, errors: FormErrors, notice: Option<String>) -> Result<Response, PageError> {
    let acting = user.acting(&Remote::default());
    let services = anonymous::services(&state.app, &acting).await?;
    let service_choices = Choice::list(
        std::iter::once((String::new(), "Vælg tilbud".to_owned()))
            .chain(services.iter().map(|s| (s.id.to_string(), format!("{} ({})", s.service.name, s.unit_name)))),
        &form.service_id,
    );
    let groups = vec![Group {
        legend: "Ny samtale",
        fields: vec![
            Field::new("service_id", "Tilbud", &form.service_id, Kind::Select(service_choices), &errors),
            Field::new("occurred_on", "Dato", &form.occurred_on, Kind::Date, &errors),
            Field::new("channel", "Kontaktform", &form.channel, Kind::Select(codes(Channel::ALL, Channel::code, Channel::label_da, &form.channel)), &errors),
            Field::new("seeker", "Hvem henvendte sig", &form.seeker, Kind::Select(codes(Seeker::ALL, Seeker::code, Seeker::label_da, &form.seeker)), &errors),
            Field::new(
                "age_band",
                "Barnets eller den unges alder",
                &form.age_band,
                Kind::Select(codes(AgeBand::ALL, AgeBand::code, AgeBand::label_da, &form.age_band)),
                &errors,
            ),
            Field::new("topic", "Emne", &form.topic, Kind::Select(codes(Topic::ALL, Topic::code, Topic::label_da, &form.topic)), &errors),
            Field::new("minutes", "Varighed (minutter)", &form.minutes, Kind::Number, &errors),
        ],
    }];
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
    let recent = anonymous::recent(&state.app, &acting, 10)
        .await?
        .into_iter()
        .map(|(_, c)| RecentLine {
            date: danish::date(c.occurred_on),
            service: services.iter().find(|s| s.id == c.service_id).map(|s| s.service.name.clone()).unwrap_or_default(),
            channel: c.channel.label_da(),
            seeker: c.seeker.label_da(),
            age_band: c.age_band.label_da(),
            topic: c.topic.label_da(),
            minutes: c.minutes,
        })
        .collect();
    let month = format!("{} {}", MONTHS[today.month0() as usize], today.year());
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = AnonymousPage {
        layout: Layout::new("Anonym rådgivning", user, "/anonym").with_notice(notice),
        errors,
        groups,
        month,
        summary,
        recent,
        has_services: !services.is_empty(),
    };
    Ok(render(status, &page))
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, Query(query): Query<NoticeQuery>) -> Result<Response, PageError> {
    let form = ContactForm { occurred_on: danish::date(state.today()), ..Default::default() };
    let notice = (query.besked == "registreret").then(|| "Samtalen er registreret uden oplysninger om, hvem den var med.".to_owned());
    show(&state, &user, &form, FormErrors::default(), notice).await
}

fn parse(form: &ContactForm) -> Result<AnonymousContact, FormErrors> {
    let mut errors = FormErrors::default();
    let service_id = form.service_id.parse::<i64>().ok();
    if service_id.is_none() {
        errors.add("service_id", "Vælg et anonymt tilbud.");
    }
    let occurred_on = super::fields::date(&form.occurred_on, "occurred_on", &mut errors);
    let mut choice = |field: &'static str, found: bool, message: &str| {
        if !found {
            errors.add(field, message);
        }
    };
    let channel = Channel::from_code(&form.channel);
    choice("channel", channel.is_some(), "Vælg kontaktform.");
    let seeker = Seeker::from_code(&form.seeker);
    choice("seeker", seeker.is_some(), "Vælg hvem der henvendte sig.");
    let age_band = AgeBand::from_code(&form.age_band);
    choice("age_band", age_band.is_some(), "Vælg en alder, eller Ukendt.");
    let topic = Topic::from_code(&form.topic);
    choice("topic", topic.is_some(), "Vælg et emne.");
    let minutes = optional_number::<u16>(&form.minutes, "minutes", "Varigheden", &mut errors);
    if minutes.is_none() && errors.get("minutes").is_none() {
        errors.add("minutes", "Skriv hvor mange minutter samtalen varede.");
    }
    match (service_id, occurred_on, channel, seeker, age_band, topic, minutes) {
        (Some(service_id), Some(occurred_on), Some(channel), Some(seeker), Some(age_band), Some(topic), Some(minutes)) if errors.is_empty() => {
            Ok(AnonymousContact { service_id, occurred_on, channel, seeker, age_band, topic, minutes })
        }
        _ => Err(errors),
    }
}

#[tracing::instrument(skip_all)]
pub async fn submit(State(state): State<AppState>, user: CurrentUser, remote: Remote, Form(form): Form<ContactForm>) -> Result<Response, PageError> {
    let contact = match parse(&form) {
        Ok(c) => c,
        Err(errors) => return show(&state, &user, &form, errors, None).await,
    };
    match anonymous::log_contact(&state.app, &user.acting(&remote), &contact).await {
        Ok(_) => Ok(Redirect::to("/anonym?besked=registreret").into_response()),
        Err(AppError::Invalid(list)) => {
            let mut errors = FormErrors::default();
            for f in list.0 {
                errors.add(if f.field == "occurred_on" || f.field == "minutes" { f.field } else { "service_id" }, f.message_da);
            }
            show(&state, &user, &form, errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}
