//! `/personer?q=`: search persons by name or CPR (each search logged, without the search text),
//! and `/personer/{id}`: a person with their family members and the cases the user may see.
//! Roles that may refer see every match (they must find a person to refer them); others only
//! persons with a case in their need-to-know.

use super::errors::PageError;
use super::layout::{Layout, ok_page};
use super::views::{CaseRow, cpr_text, opt_date, rows};
use crate::AppState;
use crate::access_log::{self, Action};
use crate::auth::{CurrentUser, Remote};
use crate::need_to_know::visible_person_cases;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use familiehus_domain::{Cpr, Permission};
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
    found: Vec<PersonLine>,
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
    let actor = user.actor();
    let searched = !query.q.trim().is_empty();
    let mut found = Vec::new();
    if searched {
        let all_matches = actor.allows(Permission::Refer);
        for p in state.store.search_persons(&query.q).await? {
            if all_matches || !state.store.person_cases(p.id, actor.case_scope()).await?.is_empty() {
                found.push(line(&p, &actor));
            }
        }
        let by_cpr = Cpr::parse(&query.q).is_ok();
        access_log::record(&state, &user, &remote, Action::SearchPersons, None, None, format!("cpr={by_cpr}; fundet={}", found.len())).await?;
    }
    Ok(ok_page(&SearchPage { layout: Layout::new("Personer", &user, "/personer"), q: query.q, searched, found }))
}

#[tracing::instrument(skip_all)]
pub async fn page_handler(State(state): State<AppState>, user: CurrentUser, remote: Remote, Path(id): Path<i64>) -> Result<Response, PageError> {
    let actor = user.actor();
    let person = state.store.person(id).await?;
    let cases = visible_person_cases(&state, &user, id).await?.ok_or(PageError::Forbidden)?;
    access_log::record(&state, &user, &remote, Action::ReadPerson, Some(id), None, "").await?;
    let mut members = Vec::new();
    if let Some(family_id) = person.family_id {
        for m in state.store.family_members(family_id).await? {
            if m.id == id {
                continue;
            }
            let their_cases = state.store.person_cases(m.id, actor.case_scope()).await?;
            members.push(Member { line: line(&m, &actor), role: m.family_role.clone().unwrap_or_default(), cases: rows(&their_cases) });
        }
    }
    Ok(ok_page(&PersonPage { layout: Layout::new(person.name.clone(), &user, "/personer"), person: line(&person, &actor), cases: rows(&cases), members }))
}
