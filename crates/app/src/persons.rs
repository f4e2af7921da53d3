//! Persons: the person page and person search, with need-to-know. A person is shown only to an
//! actor who sees at least one of the person's cases (`CaseScope`); the page's read is logged
//! with the person's id. Search is wider for those who may refer (a caseworker must find a
//! child to refer them), but a match outside the actor's need-to-know shows only name, birth
//! date and masked CPR, and every search is logged (without its text, which may be a CPR number).

use crate::{Acting, App, AppError};
use chrono::NaiveDate;
use familiehus_domain::{AuditAction, Cpr, Permission};
use familiehus_store::{AuditEntry, CaseRecord, Person};

/// A family member on a person's page, with the member's cases the actor may see.
#[derive(Debug, Clone)]
pub struct Member {
    pub person: Person,
    pub cases: Vec<CaseRecord>,
}

/// What a person's page shows.
#[derive(Debug, Clone)]
pub struct PersonView {
    pub person: Person,
    /// The person's cases within the actor's need-to-know (never empty).
    pub cases: Vec<CaseRecord>,
    pub members: Vec<Member>,
}

/// Reads a person with their cases and family, if one of the person's cases is in the actor's
/// need-to-know (`Forbidden` otherwise; not found only for a person who does not exist), and
/// logs the read; the answer comes once the entry is durable. `place` says where it was shown.
pub async fn read(app: &App, acting: &Acting, id: i64, place: &str) -> Result<PersonView, AppError> {
    acting.require(Permission::ReadCases)?;
    let scope = acting.actor().case_scope();
    let person = app.store.person(id).await?;
    let cases = app.store.person_cases(id, scope).await?;
    if cases.is_empty() {
        return Err(AppError::Forbidden);
    }
    let mut members = Vec::new();
    if let Some(family_id) = person.family_id {
        for member in app.store.family_members(family_id).await? {
            if member.id != id {
                let cases = app.store.person_cases(member.id, scope).await?;
                members.push(Member { person: member, cases });
            }
        }
    }
    let entry = AuditEntry { person_id: Some(id), detail: place.to_owned(), ..acting.entry(AuditAction::ReadPerson) };
    app.store.log_access(vec![entry]).await?;
    Ok(PersonView { person, cases, members })
}

/// Why a search is made: on its own page, or to pick the person a referral is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchFor {
    Persons,
    Referral,
}

/// One search result: never the full CPR number, and the family only for a person within the
/// actor's need-to-know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub id: i64,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    /// `ddmmyy-xxxx` (`Cpr::masked`).
    pub cpr_masked: Option<String>,
    pub family_name: Option<String>,
    /// Whether the actor sees one of the person's cases (and so may open the person's page).
    pub visible: bool,
}

/// Searches persons by name or CPR number (at most 50). Everyone who reads cases finds the
/// persons in their need-to-know; an actor who may refer also finds everyone else, shown with
/// name, birth date and masked CPR only. Logged with whether it was by CPR and how many were
/// found; a blank text searches nothing and logs nothing.
pub async fn search(app: &App, acting: &Acting, text: &str, purpose: SearchFor) -> Result<Vec<Found>, AppError> {
    let actor = acting.actor();
    let may_refer = acting.require(Permission::Refer).is_ok();
    if !may_refer {
        acting.require(Permission::ReadCases)?;
    }
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for p in app.store.search_persons(text).await? {
        let visible = actor.allows(Permission::ReadCases) && !app.store.person_cases(p.id, actor.case_scope()).await?.is_empty();
        if visible || may_refer {
            found.push(Found {
                id: p.id,
                name: p.name,
                birth_date: p.birth_date,
                cpr_masked: p.cpr.as_ref().map(Cpr::masked),
                family_name: if visible { p.family_name } else { None },
                visible,
            });
        }
    }
    let by_cpr = Cpr::parse(text).is_ok();
    let prefix = match purpose {
        SearchFor::Persons => "",
        SearchFor::Referral => "henvisning; ",
    };
    let entry = AuditEntry { detail: format!("{prefix}cpr={by_cpr}; fundet={}", found.len()), ..acting.entry(AuditAction::SearchPersons) };
    app.store.log_access(vec![entry]).await?;
    Ok(found)
}
