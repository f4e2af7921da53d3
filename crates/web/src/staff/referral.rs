//! `/henvisning`: the referral form. The caseworker picks an active, non-anonymous service and
//! either an existing person (found with a plain GET search by name or CPR on the same page) or
//! a new one (name, optional CPR validated on the spot, optional birth date, optional family),
//! the enrolment date, the referral source and a note; where a service allows more ways in
//! than the authority referral (a family house), which way the family came, and for a child
//! not yet born the expected birth date. On success the case is on the waiting
//! list and the browser goes to the new case page; on errors the form comes back with the
//! user's input and the Danish messages.
//!
//! A new person (and family) is registered in the same transaction as the case, so a refused
//! referral leaves nobody behind.

use super::errors::PageError;
use super::forecast_view;
use super::layout::{FormErrors, Layout, form_title, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::persons::{self, SearchFor};
use familiehus_app::{AppError, cases, forecast};
use familiehus_domain::access_route::{self, AccessRoute};
use familiehus_domain::{Access, Cpr, ReferralSource, ServiceStatus, danish};
use familiehus_store::{NewPerson, StoreError};
use serde::Deserialize;

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ReferralInput {
    pub q: String,
    pub service_id: String,
    pub person_id: String,
    pub name: String,
    pub cpr: String,
    pub birth_date: String,
    pub family_name: String,
    pub enrolled_on: String,
    pub referral_source: String,
    pub note: String,
    /// `AccessRoute` code; empty is the authority referral.
    pub access_route: String,
    pub expected_birth_on: String,
    /// `ja`: refer despite the service's rules' warnings (the box appears once they are shown).
    pub confirm_warnings: String,
}

#[derive(Template)]
#[template(path = "staff/referral.html")]
struct ReferralPage {
    layout: Layout,
    errors: FormErrors,
    input: ReferralInput,
    searched: bool,
    services: Vec<Choice>,
    matches: Vec<Choice>,
    sources: Vec<Choice>,
    /// The ways in, when a referable service allows more than the authority referral.
    routes: Vec<Choice>,
    /// "Familiehuset: Åben dør, …": which services allow which ways.
    route_hint: String,
    /// Per service, the expected start of a referral made today.
    forecasts: Vec<(String, String)>,
    chosen_forecast: Option<String>,
    forecast_explanation: &'static str,
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, remote: Remote, Query(mut input): Query<ReferralInput>) -> Result<Response, PageError> {
    if input.enrolled_on.is_empty() {
        input.enrolled_on = danish::date(state.today());
    }
    show(&state, &user, &remote, input, FormErrors::default()).await
}

async fn show(state: &AppState, user: &CurrentUser, remote: &Remote, input: ReferralInput, errors: FormErrors) -> Result<Response, PageError> {
    let referable: Vec<_> =
        state.store.list_services().await?.into_iter().filter(|s| s.service.status == ServiceStatus::Active && s.service.access != Access::Anonymous).collect();
    let queues = forecast::queues(&state.app, &user.acting(remote)).await?;
    let forecasts: Vec<(String, String)> = referable.iter().map(|s| (s.service.title(), forecast_view::text(&queues.for_new_referral(s.id)))).collect();
    let chosen_forecast = referable.iter().position(|s| input.service_id == s.id.to_string()).map(|i| forecasts[i].1.clone());
    let services = referable
        .iter()
        .map(|s| Choice { selected: input.service_id == s.id.to_string(), value: s.id.to_string(), label: format!("{} ({})", s.service.title(), s.unit_name) })
        .collect();
    let searched = !input.q.trim().is_empty();
    let mut matches = Vec::new();
    if searched {
        let found = persons::search(&state.app, &user.acting(remote), &input.q, SearchFor::Referral).await?;
        matches = found
            .into_iter()
            .map(|p| {
                let mut label = p.name;
                if let Some(b) = p.birth_date {
                    label.push_str(&format!(", født {}", danish::date(b)));
                }
                if let Some(cpr) = p.cpr_masked {
                    label.push_str(&format!(", {cpr}"));
                }
                Choice { selected: input.person_id == p.id.to_string(), value: p.id.to_string(), label }
            })
            .collect();
    }
    let sources = ReferralSource::ALL
        .iter()
        .map(|r| Choice { value: r.code().to_owned(), label: r.label_da().to_owned(), selected: input.referral_source == r.code() })
        .collect();
    let optional = state.store.services_with_access_routes().await?;
    let offered: Vec<AccessRoute> = access_route::OPTIONAL_ROUTES
        .iter()
        .copied()
        .filter(|r| optional.iter().any(|(id, routes)| routes.contains(r) && referable.iter().any(|s| s.id == *id)))
        .collect();
    let routes = if offered.is_empty() {
        Vec::new()
    } else {
        std::iter::once(AccessRoute::AuthorityReferral)
            .chain(offered)
            .map(|r| Choice { value: r.code().to_owned(), label: r.label_da().to_owned(), selected: input.access_route == r.code() })
            .collect()
    };
    let route_hint = referable
        .iter()
        .filter_map(|s| {
            let routes = &optional.iter().find(|(id, _)| *id == s.id)?.1;
            Some(format!("{}: {}", s.service.name, routes.iter().map(|r| r.label_da()).collect::<Vec<_>>().join(", ")))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let view = ReferralPage {
        routes,
        route_hint,
        layout: Layout::new(form_title("Ny henvisning", &errors), user, "/henvisning"),
        errors,
        input,
        searched,
        services,
        matches,
        sources,
        forecasts,
        chosen_forecast,
        forecast_explanation: forecast_view::EXPLANATION,
    };
    Ok(render(status, &view))
}

/// The validated referral, or every problem found.
struct Valid {
    service_id: i64,
    person: Result<i64, NewPerson>,
    family_name: Option<String>,
    enrolled_on: chrono::NaiveDate,
    source: ReferralSource,
    route: AccessRoute,
    expected_birth_on: Option<chrono::NaiveDate>,
}

async fn validate(state: &AppState, input: &ReferralInput) -> Result<Result<Valid, FormErrors>, PageError> {
    let mut errors = FormErrors::default();
    let service_id = match input.service_id.parse::<i64>() {
        Ok(id) => match state.store.service(id).await {
            Ok(s) if s.service.status == ServiceStatus::Active && s.service.access != Access::Anonymous => Some(id),
            Ok(_) => {
                errors.add("service_id", "Indsatsen kan ikke modtage henvisninger.");
                None
            }
            Err(StoreError::NotFound { .. }) => {
                errors.add("service_id", "Indsatsen findes ikke.");
                None
            }
            Err(e) => return Err(e.into()),
        },
        Err(_) => {
            errors.add("service_id", "Vælg en indsats.");
            None
        }
    };
    let person = if !input.person_id.is_empty() {
        match input.person_id.parse::<i64>() {
            Ok(id) => Some(Ok(id)),
            Err(_) => {
                errors.add("person_id", "Vælg en person på listen.");
                None
            }
        }
    } else {
        if input.name.trim().is_empty() {
            errors.add("name", "Skriv personens navn, eller vælg en eksisterende person.");
        }
        let cpr = match input.cpr.trim() {
            "" => None,
            text => match Cpr::parse(text) {
                Ok(c) => Some(c),
                Err(e) => {
                    errors.add("cpr", e.message_da());
                    None
                }
            },
        };
        let birth_date = match input.birth_date.trim() {
            "" => None,
            text => match danish::read_date(text) {
                Ok(date) => Some(date),
                Err(danish::DateProblem::Unreadable) => {
                    errors.add("birth_date", "Fødselsdatoen kunne ikke læses. Skriv den som 26.04.2022.");
                    None
                }
                Err(problem) => {
                    errors.add("birth_date", problem.message_da());
                    None
                }
            },
        };
        Some(Err(NewPerson { name: input.name.trim().to_owned(), cpr, birth_date, family_id: None, family_role: None }))
    };
    let enrolled_on = super::fields::date(&input.enrolled_on, "enrolled_on", &mut errors);
    let source = ReferralSource::from_code(&input.referral_source);
    if source.is_none() {
        errors.add("referral_source", "Vælg hvem der har henvist.");
    }
    let route = match input.access_route.trim() {
        "" => Some(AccessRoute::AuthorityReferral),
        code => AccessRoute::from_code(code),
    };
    if route.is_none() {
        errors.add("access_route", "Vælg hvordan familien er kommet ind.");
    }
    let expected_birth_on = super::fields::optional_date(&input.expected_birth_on, "expected_birth_on", &mut errors);
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    match (service_id, person, enrolled_on, source, route) {
        (Some(service_id), Some(person), Some(enrolled_on), Some(source), Some(route)) => {
            let family_name = Some(input.family_name.trim().to_owned()).filter(|f| !f.is_empty());
            Ok(Ok(Valid { service_id, person, family_name, enrolled_on, source, route, expected_birth_on }))
        }
        _ => Err(PageError::Internal("referral validation lost a value".into())),
    }
}

fn store_errors(e: AppError) -> Result<FormErrors, PageError> {
    let mut errors = FormErrors::default();
    match e {
        AppError::Invalid(list) | AppError::Store(StoreError::Invalid(list)) => {
            for f in list.0 {
                let field = match f.field {
                    "person_name" => "name",
                    "person_id" => "person_id",
                    "cpr" => "cpr",
                    "family_name" => "family_name",
                    "access_route" => "access_route",
                    "expected_birth_on" => "expected_birth_on",
                    "person.birth_date" => "birth_date",
                    "enrolled_on" => "enrolled_on",
                    _ => "service_id",
                };
                errors.add(field, f.message_da);
            }
            Ok(errors)
        }
        AppError::Unconfirmed(found) => {
            for f in found {
                errors.add(if f.field == "person.birth_date" { "birth_date" } else { "service_id" }, f.message_da);
            }
            errors.add("confirm_warnings", super::fields::CONFIRM_REFERRAL);
            Ok(errors)
        }
        AppError::Store(StoreError::Case(e)) => {
            let field = match e.field() {
                "person.birth_date" => "birth_date",
                "enrolled_on" => "enrolled_on",
                _ => "service_id",
            };
            errors.add(field, e.message_da());
            Ok(errors)
        }
        other => Err(other.into()),
    }
}

#[tracing::instrument(skip_all)]
pub async fn submit(State(state): State<AppState>, user: CurrentUser, remote: Remote, Form(input): Form<ReferralInput>) -> Result<Response, PageError> {
    let valid = match validate(&state, &input).await? {
        Ok(v) => v,
        Err(errors) => return show(&state, &user, &remote, input, errors).await,
    };
    let person = match valid.person {
        Ok(id) => cases::Referred::Existing(id),
        Err(person) => cases::Referred::Registered { person, family_name: valid.family_name.clone() },
    };
    let referral = cases::Referral {
        service_id: valid.service_id,
        person,
        referral_source: valid.source,
        enrolled_on: valid.enrolled_on,
        note: super::fields::line_feeds(&input.note),
        access_route: valid.route,
        expected_birth_on: valid.expected_birth_on,
        confirm_warnings: super::fields::ticked(&input.confirm_warnings),
    };
    let acting = user.acting(&remote);
    let referred = if valid.route == AccessRoute::AuthorityReferral {
        cases::refer(&state.app, &acting, referral).await
    } else {
        cases::admit(&state.app, &acting, referral).await
    };
    let record = match referred {
        Ok(r) => r,
        Err(e) => return show(&state, &user, &remote, input, store_errors(e)?).await,
    };
    Ok(Redirect::to(&format!("/sager/{}?besked=henvist", record.id)).into_response())
}
