//! Persons: the person page and person search, with need-to-know. A person is shown only to an
//! actor who sees one of the person's cases, or a case of someone in the person's family
//! (`CaseScope`); a page the actor may not see is `Forbidden` whether or not the person exists,
//! so walking ids tells nothing, and the refusal is logged. The page's read is logged with the
//! person's id.
//!
//! Search is wider for those who may refer (a caseworker must find a child to refer them), but
//! a match outside the actor's need-to-know shows only name, birth date and masked CPR, and so
//! does every match found to pick the person of a referral. Every search is logged without its
//! text (which may be a CPR number), with one entry per person shown. A CPR search needs
//! `Permission::SeeFullCpr` (a role that sees `010215-xxxx` could otherwise recover the serial by
//! trying numbers), and every user's searches are rate-limited (`search_limit`); both
//! refusals are logged too.

use crate::{Acting, App, AppError};
use chrono::NaiveDate;
use familiehus_domain::{AuditAction, CaseScope, Cpr, Permission, PersonQuery};
use familiehus_store::{AuditEntry, CaseRecord, Person, StoreError};
use std::time::Instant;

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
    /// The person's cases within the actor's need-to-know (empty when the need-to-know comes
    /// from a family member's case).
    pub cases: Vec<CaseRecord>,
    pub members: Vec<Member>,
}

/// Whether a scope sees one of the person's cases, or one of their family's.
async fn in_need_to_know(app: &App, scope: CaseScope, person: &Person) -> Result<(bool, Vec<CaseRecord>), AppError> {
    let cases = app.store.person_cases(person.id, scope).await?;
    if !cases.is_empty() {
        return Ok((true, cases));
    }
    let family = match person.family_id {
        Some(family_id) => app.store.family_case_in_scope(family_id, scope).await?,
        None => false,
    };
    Ok((family, cases))
}

/// Reads a person with their cases and family, if the person is in the actor's need-to-know
/// (`Forbidden` otherwise, also for an id that does not exist unless the actor sees every
/// case), and logs the read; the answer comes once the entry is durable. `place` says where
/// it was shown.
pub async fn read(app: &App, acting: &Acting, id: i64, place: &str) -> Result<PersonView, AppError> {
    acting.require(Permission::ReadCases)?;
    let scope = acting.actor().case_scope();
    let refuse = || async {
        let entry = AuditEntry { detail: format!("{place}; afvist: person {id} uden for need-to-know"), ..acting.entry(AuditAction::ReadPerson) };
        app.store.log_access(vec![entry]).await?;
        Err::<PersonView, AppError>(AppError::Forbidden)
    };
    let person = match app.store.person(id).await {
        Ok(p) => p,
        Err(StoreError::NotFound { .. }) if scope != CaseScope::All => return refuse().await,
        Err(e) => return Err(e.into()),
    };
    let (visible, cases) = in_need_to_know(app, scope, &person).await?;
    if !visible {
        return refuse().await;
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
/// actor's need-to-know on the search page (never when picking a person to refer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub id: i64,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    /// `ddmmyy-xxxx` (`Cpr::masked`).
    pub cpr_masked: Option<String>,
    pub family_name: Option<String>,
    /// Whether the person is in the actor's need-to-know (and so the actor may open the page).
    pub visible: bool,
}

/// Searches persons by part of the name (any case), birth date or CPR number (at most 50).
/// Everyone who reads cases finds the persons in their need-to-know; an actor who may refer
/// also finds everyone else, shown with name, birth date and masked CPR only. Refused with
/// `TooManySearches` past the rate limit and `CprSearchNotAllowed` for a CPR search by a role
/// that sees CPR numbers masked, both logged. Logged with how it searched and how many were
/// found, and one entry per person shown; a blank text searches nothing and logs nothing.
pub async fn search(app: &App, acting: &Acting, text: &str, purpose: SearchFor) -> Result<Vec<Found>, AppError> {
    let actor = acting.actor();
    let may_refer = acting.require(Permission::Refer).is_ok();
    if !may_refer {
        acting.require(Permission::ReadCases)?;
    }
    let Some(query) = PersonQuery::parse(text) else { return Ok(Vec::new()) };
    let prefix = match purpose {
        SearchFor::Persons => "",
        SearchFor::Referral => "henvisning; ",
    };
    let refusal = |why: &str| AuditEntry { detail: format!("{prefix}søgning={}; afvist: {why}", query.kind()), ..acting.entry(AuditAction::SearchPersons) };
    if let Err(wait) = app.searches.take(acting.user.id, Instant::now()) {
        app.store.log_access(vec![refusal("for mange søgninger")]).await?;
        return Err(AppError::TooManySearches { retry_after_secs: wait.as_secs().max(1) });
    }
    if matches!(query, PersonQuery::Cpr(_)) && !actor.allows(Permission::SeeFullCpr) {
        app.store.log_access(vec![refusal("cpr-søgning uden adgang til fulde cpr-numre")]).await?;
        return Err(AppError::CprSearchNotAllowed);
    }
    let mut found = Vec::new();
    for p in app.store.search_persons(&query).await? {
        let visible = actor.allows(Permission::ReadCases) && in_need_to_know(app, actor.case_scope(), &p).await?.0;
        if visible || may_refer {
            found.push(Found {
                id: p.id,
                name: p.name,
                birth_date: p.birth_date,
                cpr_masked: p.cpr.as_ref().map(Cpr::masked),
                family_name: if visible && purpose == SearchFor::Persons { p.family_name } else { None },
                visible,
            });
        }
    }
    let mut entries =
        vec![AuditEntry { detail: format!("{prefix}søgning={}; fundet={}", query.kind(), found.len()), ..acting.entry(AuditAction::SearchPersons) }];
    entries.extend(found.iter().map(|f| AuditEntry {
        person_id: Some(f.id),
        detail: format!("{prefix}vist i søgeresultat"),
        ..acting.entry(AuditAction::SearchPersons)
    }));
    app.store.log_access(entries).await?;
    Ok(found)
}
