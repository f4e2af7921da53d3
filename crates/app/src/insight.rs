//! A person's insight document (indsigt, GDPR art. 15): everything Familiehus stores about one
//! person — identity, family, every case with its timeline and notes, and every access-log
//! entry about them (who saw or changed what, when). Produced by an administrator or by a unit
//! leader with one of the person's cases in their unit, and logged; the document shows all the
//! person's cases, not only the producer's, because the answer is the municipality's.

use crate::{Acting, App, AppError};
use familiehus_domain::{AuditAction, CaseScope, Permission};
use familiehus_store::{AuditEntry, AuditEvent, CaseEvent, CaseRecord, Person};

#[derive(Debug, Clone)]
pub struct CaseInsight {
    pub case: CaseRecord,
    pub timeline: Vec<CaseEvent>,
}

#[derive(Debug, Clone)]
pub struct Insight {
    pub person: Person,
    /// The others in the person's family (names and roles only: their own data is theirs).
    pub family: Vec<Person>,
    pub cases: Vec<CaseInsight>,
    /// Oldest first, up to and including this document's own entry.
    pub access_log: Vec<AuditEvent>,
}

pub async fn insight(app: &App, acting: &Acting, person_id: i64) -> Result<Insight, AppError> {
    acting.require(Permission::ProduceInsight)?;
    let person = app.store.person(person_id).await?;
    // One read of all the person's cases; the scope check is the one `cases::visible` uses.
    let all = app.store.person_cases(person_id, CaseScope::All).await?;
    let scope = acting.actor().case_scope();
    if !all.iter().any(|c| scope.includes(&c.access_facts())) {
        return Err(AppError::Forbidden);
    }
    let mut cases = Vec::new();
    for case in all {
        let timeline = app.store.case_timeline(case.id).await?;
        cases.push(CaseInsight { case, timeline });
    }
    let family = match person.family_id {
        Some(family_id) => app.store.family_members(family_id).await?.into_iter().filter(|m| m.id != person_id).collect(),
        None => Vec::new(),
    };
    let entry = AuditEntry { person_id: Some(person_id), detail: "indsigt".into(), ..acting.entry(AuditAction::ProduceInsight) };
    app.store.log_access(vec![entry]).await?;
    let access_log = app.store.audit_for_person(person_id).await?;
    Ok(Insight { person, family, cases, access_log })
}
