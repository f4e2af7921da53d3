//! `/sager`: the cases the signed-in user may see (need-to-know scope), filtered by state.

use super::errors::PageError;
use super::layout::{Layout, ok_page};
use super::views::{CaseRow, rows};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use familiehus_domain::CaseState;
use serde::Deserialize;

const LIMIT: i64 = 200;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    status: String,
}

pub struct StateOption {
    pub code: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "staff/cases.html")]
struct CasesPage {
    layout: Layout,
    states: Vec<StateOption>,
    table: Vec<CaseRow>,
    limit: i64,
}

fn parse_state(code: &str) -> Option<CaseState> {
    match code {
        "venter" => Some(CaseState::Waiting),
        "aktiv" => Some(CaseState::Active),
        "afsluttet" => Some(CaseState::Closed),
        _ => None,
    }
}

#[tracing::instrument(skip_all)]
pub async fn list(State(state): State<AppState>, user: CurrentUser, remote: Remote, Query(query): Query<ListQuery>) -> Result<Response, PageError> {
    let filter = parse_state(&query.status);
    let records = familiehus_app::cases::list(&state.app, &user.acting(&remote), filter, LIMIT, "sagsliste").await?;
    let states = [("", "Alle"), ("venter", "På venteliste"), ("aktiv", "Iværksat"), ("afsluttet", "Afsluttet")]
        .into_iter()
        .map(|(code, label)| StateOption { code, label, selected: code == query.status || (code.is_empty() && filter.is_none()) })
        .collect();
    Ok(ok_page(&CasesPage { layout: Layout::new("Sager", &user, "/sager"), states, table: rows(&records), limit: LIMIT }))
}
