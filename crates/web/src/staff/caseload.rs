//! `/belastning`: the caseload per practitioner of a unit for its leader (administrators pick
//! the unit): active cases, contacts and hours in the last 30 days, each linking to that
//! practitioner's cases on the case list, where they can be ticked and moved.

use super::cases::Opt;
use super::errors::PageError;
use super::layout::{Layout, ok_page};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use familiehus_app::AppError;
use familiehus_domain::danish;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Params {
    enhed: String,
}

pub struct Line {
    pub user_id: i64,
    pub name: String,
    pub active_cases: String,
    pub contacts: String,
    pub hours: String,
}

#[derive(Template)]
#[template(path = "staff/caseload.html")]
struct CaseloadPage {
    layout: Layout,
    units: Vec<Opt>,
    unit_name: String,
    days: u64,
    lines: Vec<Line>,
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, remote: Remote, Query(params): Query<Params>) -> Result<Response, PageError> {
    let asked: Option<i64> = params.enhed.trim().parse().ok();
    let units = state.store.list_units().await?;
    let found = match familiehus_app::caseload::of_unit(&state.app, &user.acting(&remote), asked).await {
        Ok(found) => Some(found),
        // No unit chosen (an administrator): the page asks for one.
        Err(AppError::Invalid(_)) => None,
        Err(e) => return Err(e.into()),
    };
    let chosen = found.as_ref().map(|(unit, _)| *unit);
    let lines = found
        .map(|(_, rows)| rows)
        .unwrap_or_default()
        .into_iter()
        .map(|c| Line {
            user_id: c.user_id,
            name: c.display_name,
            active_cases: danish::integer(c.active_cases),
            contacts: danish::integer(c.contacts),
            hours: danish::decimal(c.minutes as f64 / 60.0, 1),
        })
        .collect();
    let own_unit = user.actor().unit_id;
    Ok(ok_page(&CaseloadPage {
        layout: Layout::new("Belastning pr. behandler", &user, "/belastning"),
        unit_name: units.iter().find(|u| Some(u.id) == chosen).map(|u| u.name.clone()).unwrap_or_default(),
        units: if own_unit.is_some() && user.actor().role == familiehus_domain::Role::UnitLeader {
            Vec::new()
        } else {
            units.iter().map(|u| Opt { value: u.id.to_string(), label: u.name.clone(), selected: Some(u.id) == chosen }).collect()
        },
        days: familiehus_app::caseload::CASELOAD_DAYS,
        lines,
    }))
}
