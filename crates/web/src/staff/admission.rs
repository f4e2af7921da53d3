//! `/optag`: the family house's short form, for a case that comes in without the authority —
//! the leader's admission on a short referral form, a direct contact (the authority informed
//! after) or a walk-in (`?vej=walk_in` opens it as the quick walk-in registration). Fewer
//! fields than the referral: service, way in, the child's name, a birth date or the expected
//! birth date, who sent them and a note; the case opens today. Only services that allow a way
//! in the user may use are offered; the rules are `familiehus_app::cases::admit`'s.

use super::errors::PageError;
use super::layout::{FormErrors, Layout, form_title, render};
use super::referral::Choice;
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::{AppError, cases};
use familiehus_domain::access_route::{self, AccessRoute};
use familiehus_domain::{Access, ReferralSource, ServiceStatus};
use familiehus_store::StoreError;
use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct AdmissionInput {
    pub service_id: String,
    pub access_route: String,
    pub name: String,
    pub birth_date: String,
    pub expected_birth_on: String,
    pub referral_source: String,
    pub note: String,
    /// The way in to open the form with (`walk_in` for the quick registration).
    pub vej: String,
    /// `ja`: open the case despite the service's rules' warnings (shown first).
    pub confirm_warnings: String,
}

#[derive(Template)]
#[template(path = "staff/admission.html")]
struct AdmissionPage {
    layout: Layout,
    errors: FormErrors,
    input: AdmissionInput,
    services: Vec<Choice>,
    routes: Vec<Choice>,
    sources: Vec<Choice>,
    walk_in: bool,
}

/// The services the user may admit to, with the ways in they may use on each.
async fn admissible(state: &AppState, user: &CurrentUser) -> Result<Vec<(i64, String, Vec<AccessRoute>)>, PageError> {
    let actor = user.user.actor();
    let optional = state.store.services_with_access_routes().await?;
    Ok(state
        .store
        .list_services()
        .await?
        .into_iter()
        .filter(|s| s.service.status == ServiceStatus::Active && s.service.access != Access::Anonymous)
        .filter_map(|s| {
            let routes: Vec<AccessRoute> =
                optional.iter().find(|(id, _)| *id == s.id)?.1.iter().copied().filter(|r| access_route::may_use(*r, &actor, s.unit_id)).collect();
            (!routes.is_empty()).then(|| (s.id, format!("{} ({})", s.service.name, s.unit_name), routes))
        })
        .collect())
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, Query(mut input): Query<AdmissionInput>) -> Result<Response, PageError> {
    if input.access_route.is_empty() {
        input.access_route = input.vej.clone();
    }
    if input.access_route == AccessRoute::WalkIn.code() && input.referral_source.is_empty() {
        input.referral_source = ReferralSource::WalkIn.code().to_owned();
    }
    show(&state, &user, input, FormErrors::default()).await
}

async fn show(state: &AppState, user: &CurrentUser, input: AdmissionInput, errors: FormErrors) -> Result<Response, PageError> {
    let admissible = admissible(state, user).await?;
    let mut offered: Vec<AccessRoute> = admissible.iter().flat_map(|(_, _, r)| r.iter().copied()).collect();
    offered.sort();
    offered.dedup();
    let only_service = admissible.len() == 1;
    let services = admissible
        .iter()
        .map(|(id, label, _)| Choice { value: id.to_string(), label: label.clone(), selected: only_service || input.service_id == id.to_string() })
        .collect();
    let only_route = offered.len() == 1;
    let routes = offered
        .iter()
        .map(|r| Choice { value: r.code().to_owned(), label: r.label_da().to_owned(), selected: only_route || input.access_route == r.code() })
        .collect();
    let sources = ReferralSource::ALL
        .iter()
        .map(|r| Choice { value: r.code().to_owned(), label: r.label_da().to_owned(), selected: input.referral_source == r.code() })
        .collect();
    let walk_in = input.access_route == AccessRoute::WalkIn.code();
    let title = form_title(if walk_in { "Åben dør: hurtig registrering" } else { "Optag uden visitation" }, &errors);
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = AdmissionPage { layout: Layout::new(title, user, "/optag"), errors, input, services, routes, sources, walk_in };
    Ok(render(status, &page))
}

#[tracing::instrument(skip_all)]
pub async fn submit(State(state): State<AppState>, user: CurrentUser, remote: Remote, Form(input): Form<AdmissionInput>) -> Result<Response, PageError> {
    let mut errors = FormErrors::default();
    let service_id = input.service_id.trim().parse::<i64>().ok();
    if service_id.is_none() {
        errors.add("service_id", "Vælg en indsats.");
    }
    let route = AccessRoute::from_code(input.access_route.trim());
    if route.is_none() {
        errors.add("access_route", "Vælg hvordan familien er kommet ind.");
    }
    if input.name.trim().is_empty() {
        errors.add("name", "Skriv barnets navn (eller fx »Ufødt barn af Sara Jensen«).");
    }
    let birth_date = super::fields::optional_date(&input.birth_date, "birth_date", &mut errors);
    let expected_birth_on = super::fields::optional_date(&input.expected_birth_on, "expected_birth_on", &mut errors);
    let source = ReferralSource::from_code(&input.referral_source);
    if source.is_none() {
        errors.add("referral_source", "Vælg hvem der har sendt familien.");
    }
    let (Some(service_id), Some(route), Some(source), true) = (service_id, route, source, errors.is_empty()) else {
        return show(&state, &user, input, errors).await;
    };
    let referral = cases::Referral {
        service_id,
        person: cases::Referred::Named { name: input.name.trim().to_owned(), birth_date },
        referral_source: source,
        enrolled_on: state.today(),
        note: super::fields::line_feeds(&input.note),
        access_route: route,
        expected_birth_on,
        confirm_warnings: super::fields::ticked(&input.confirm_warnings),
    };
    match cases::admit(&state.app, &user.acting(&remote), referral).await {
        Ok(record) => Ok(Redirect::to(&format!("/sager/{}?besked=henvist", record.id)).into_response()),
        Err(AppError::Invalid(list) | AppError::Store(StoreError::Invalid(list))) => {
            for f in list.0 {
                let field = match f.field {
                    "access_route" => "access_route",
                    "expected_birth_on" => "expected_birth_on",
                    "person.birth_date" => "birth_date",
                    "person_name" => "name",
                    _ => "service_id",
                };
                errors.add(field, f.message_da);
            }
            show(&state, &user, input, errors).await
        }
        Err(AppError::Unconfirmed(found)) => {
            for f in found {
                errors.add(if f.field == "person.birth_date" { "birth_date" } else { "service_id" }, f.message_da);
            }
            errors.add("confirm_warnings", super::fields::CONFIRM_REFERRAL);
            show(&state, &user, input, errors).await
        }
        Err(AppError::Store(StoreError::Case(e))) => {
            errors.add(if e.field() == "person.birth_date" { "birth_date" } else { "service_id" }, e.message_da());
            show(&state, &user, input, errors).await
        }
        Err(e) => Err(e.into()),
    }
}
