//! `/katalog`: the catalogue for staff, grouped by unit and by step on the intervention ladder,
//! with status, capacity and the report flag that citizens do not see. With `?dato=` it is the
//! catalogue as it stood at the end of that day (from the version history), read-only.

use super::super::errors::PageError;
use super::super::layout::{Layout, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::public::view::ladder_text;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use familiehus_domain::report::short_paragraph;
use familiehus_domain::{Access, Ladder, Permission, ServiceStatus, danish};
use familiehus_store::StoredService;
use serde::Deserialize;

pub struct Row {
    pub href: String,
    pub name: String,
    pub paragraph: String,
    pub access: &'static str,
    pub retired: bool,
    pub capacity: String,
    pub in_report: bool,
    /// `Børne- og Ungdomsudvalget, 20.04.2023`, or `Ikke angivet`.
    pub approval: String,
    /// The waiting list's address, for services that have one and users who may read it.
    pub waiting_list: Option<String>,
}

pub struct StepGroup {
    pub label: String,
    pub rows: Vec<Row>,
}

pub struct UnitGroup {
    pub name: String,
    pub steps: Vec<StepGroup>,
}

#[derive(Template)]
#[template(path = "staff/catalogue/list.html")]
struct ListPage {
    layout: Layout,
    units: Vec<UnitGroup>,
    /// Set when the page shows the catalogue of an earlier date.
    as_of: Option<String>,
    date_input: String,
    date_error: Option<&'static str>,
    can_edit: bool,
    count: usize,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    dato: String,
    besked: String,
}

/// Services grouped by unit, then ladder step, in the order given (the store's: unit, step, name).
pub fn group(services: &[StoredService], ladder: &Ladder, link: impl Fn(&StoredService) -> String, waiting_lists: bool) -> Vec<UnitGroup> {
    let mut units: Vec<UnitGroup> = Vec::new();
    for s in services {
        let v = &s.service;
        let row = Row {
            href: link(s),
            name: v.name.clone(),
            paragraph: short_paragraph(&v.legal_refs),
            access: v.access.label_da(),
            retired: v.status == ServiceStatus::Retired,
            capacity: v.capacity.map(|c| danish::integer(i64::from(c))).unwrap_or_else(|| "–".into()),
            in_report: v.in_report,
            approval: v.approval.as_ref().map_or_else(|| "Ikke angivet".into(), |a| format!("{}, {}", a.body, danish::date(a.date))),
            waiting_list: (waiting_lists && v.access != Access::Anonymous).then(|| format!("/indsatser/{}/venteliste", s.id)),
        };
        let step = ladder_text(v.ladder_step, ladder);
        if units.last().is_none_or(|u| u.name != s.unit_name) {
            units.push(UnitGroup { name: s.unit_name.clone(), steps: Vec::new() });
        }
        if let Some(unit) = units.last_mut() {
            match unit.steps.last_mut() {
                Some(g) if g.label == step => g.rows.push(row),
                _ => unit.steps.push(StepGroup { label: step, rows: vec![row] }),
            }
        }
    }
    units
}

fn notice(code: &str) -> Option<String> {
    match code {
        "importeret" => Some("Kataloget er importeret. Se ændringerne i hver indsats' historik.".into()),
        _ => None,
    }
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, Query(query): Query<ListQuery>) -> Result<Response, PageError> {
    let actor = user.actor();
    let ladder = familiehus_app::settings::settings(&state.app).await?.ladder;
    let date_text = query.dato.trim();
    let date = (!date_text.is_empty()).then(|| danish::parse_date(date_text));
    let (services, as_of, date_error) = match date {
        Some(Some(d)) => (state.store.catalogue_on(d).await?, Some(danish::date(d)), None),
        Some(None) => (state.store.list_services().await?, None, Some(super::super::fields::UNREADABLE_DATE_DA)),
        None => (state.store.list_services().await?, None, None),
    };
    let dated = as_of.clone();
    let link = move |s: &StoredService| match &dated {
        Some(d) => format!("/katalog/{}?dato={d}", s.id),
        None => format!("/katalog/{}", s.id),
    };
    let units = group(&services, &ladder, link, as_of.is_none() && actor.allows(Permission::ReadCases));
    let status = if date_error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let title = match &as_of {
        Some(d) => format!("Indsatskataloget den {d}"),
        None => "Indsatskataloget".to_owned(),
    };
    let page = ListPage {
        layout: Layout::new(title, &user, "/katalog").with_notice(notice(&query.besked)),
        count: services.len(),
        units,
        as_of,
        date_input: date_text.to_owned(),
        date_error,
        can_edit: actor.allows(Permission::EditCatalogue),
    };
    Ok(render(status, &page))
}
