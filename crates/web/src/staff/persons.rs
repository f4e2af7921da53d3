//! `/personer?q=`: search persons by name, birth date or CPR, and `/personer/{id}`: a person
//! with their family members and the cases the user may see. Who finds and sees whom, who may
//! search by CPR, the rate limit (a refused search is a 403 or 429 page in Danish) and the
//! logging are `familiehus_app::persons`; search results show the CPR number masked, and link
//! only to persons whose page the user may open.

use super::errors::PageError;
use super::layout::{Layout, ok_page};
use super::views::{CaseRow, cpr_text, opt_date, rows};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use familiehus_app::persons::{self, SearchFor};
use serde::Deserialize;

pub struct PersonLine {
    pub id: i64,
    pub name: String,
    pub cpr: String,
    pub birth_date: String,
    pub family: String,
}

#[derive(Template)]
#[template(path = "staff/persons.html")]
struct SearchPage {
    layout: Layout,
    q: String,
    searched: bool,
    found: Vec<FoundLine>,
}

/// A search result; `visible` when the user may open the person's page.
pub struct FoundLine {
    pub line: PersonLine,
    pub visible: bool,
}

pub struct Member {
    pub line: PersonLine,
    pub role: String,
    pub cases: Vec<CaseRow>,
}

#[derive(Template)]
#[template(path = "staff/person.html")]
struct PersonPage {
    layout: Layout,
    person: PersonLine,
    cases: Vec<CaseRow>,
    members: Vec<Member>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
}

fn line(p: &familiehus_store::Person, actor: &familiehus_domain::Actor) -> PersonLine {
    PersonLine {
        id: p.id,
        name: p.name.clone(),
        cpr: cpr_text(p.cpr.as_ref(), actor),
        birth_date: opt_date(p.birth_date),
        family: p.family_name.clone().unwrap_or_default(),
    }
}

#[tracing::instrument(skip_all)]
pub async fn search(State(state): State<AppState>, user: CurrentUser, remote: Remote, Query(query): Query<SearchQuery>) -> Result<Response, PageError> {
    let searched = !query.q.trim().is_empty();
    let found = persons::search(&state.app, &user.acting(&remote), &query.q, SearchFor::Persons)
        .await?
        .into_iter()
        .map(|f| FoundLine {
            line: PersonLine {
                id: f.id,
                name: f.name,
                cpr: f.cpr_masked.unwrap_or_default(),
                birth_date: opt_date(f.birth_date),
                family: f.family_name.unwrap_or_default(),
            },
            visible: f.visible,
        })
        .collect();
    Ok(ok_page(&SearchPage { layout: Layout::new("Personer", &user, "/personer"), q: query.q, searched, found }))
}

#[tracing::instrument(skip_all)]
pub async fn page_handler(State(state): State<AppState>, user: CurrentUser, remote: Remote, Path(id): Path<i64>) -> Result<Response, PageError> {
    let actor = user.actor();
    let view = persons::read(&state.app, &user.acting(&remote), id, "side").await?;
    let members = view
        .members
        .iter()
        .map(|m| Member { line: line(&m.person, &actor), role: m.person.family_role.clone().unwrap_or_default(), cases: rows(&m.cases) })
        .collect();
    let page =
        PersonPage { layout: Layout::new(view.person.name.clone(), &user, "/personer"), person: line(&view.person, &actor), cases: rows(&view.cases), members };
    Ok(ok_page(&page))
}
