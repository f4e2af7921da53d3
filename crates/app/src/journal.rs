//! The case journal's use cases: write a contact, correct one (a new version; the earlier ones
//! stay), and read a case's journal. Need-to-know is the case's: only actors with the case in
//! their `CaseScope` read or write it, and writing needs `ChangeCases` (practitioners, group
//! leaders, leaders). Each write is one transaction with its access-log entry; a read outside
//! the case page is logged on its own (the case page's read entry covers the journal it shows).

use crate::{Acting, App, AppError};
use familiehus_domain::journal::{Contact, ContactDraft, JournalFrame};
use familiehus_domain::service_rules::{self, ContactFacts};
use familiehus_domain::{AuditAction, Permission};
use familiehus_store::{AuditEntry, CaseRecord, Entity, JournalEntry, StoreError, Tx};

fn logged(acting: &Acting, action: AuditAction, record: &CaseRecord, detail: String) -> AuditEntry {
    AuditEntry { person_id: Some(record.person_id), case_id: Some(record.id), detail, ..acting.entry(action) }
}

/// The journal of a case the caller has already read through `cases::read` (which checked
/// need-to-know and logged the page): the case page.
pub async fn of_read_case(app: &App, record: &CaseRecord) -> Result<Vec<JournalEntry>, AppError> {
    Ok(app.store.journal(record.id).await?)
}

/// Whether the actor may write in this case's journal (the case page shows the form then).
pub fn may_write(acting: &Acting) -> bool {
    acting.require(Permission::ChangeCases).is_ok()
}

/// A case's journal on its own (the API), within need-to-know, logged.
pub async fn list(app: &App, acting: &Acting, case_id: i64, place: &str) -> Result<Vec<JournalEntry>, AppError> {
    let record = crate::cases::visible(app, acting, case_id).await?;
    let entries = app.store.journal(case_id).await?;
    app.store.log_access(vec![logged(acting, AuditAction::ReadJournal, &record, place.to_owned())]).await?;
    Ok(entries)
}

/// One entry of a case with every version (the correction form), within need-to-know, logged.
pub async fn entry(app: &App, acting: &Acting, case_id: i64, entry_id: i64) -> Result<(CaseRecord, JournalEntry), AppError> {
    let record = crate::cases::visible(app, acting, case_id).await?;
    let entry = app.store.journal(case_id).await?.into_iter().find(|e| e.id == entry_id).ok_or(not_found(entry_id))?;
    app.store.log_access(vec![logged(acting, AuditAction::ReadJournal, &record, format!("journal {entry_id}"))]).await?;
    Ok((record, entry))
}

fn not_found(id: i64) -> AppError {
    AppError::Store(StoreError::NotFound { entity: Entity::JournalEntry, id })
}

/// Writes a new contact in the case's journal; returns the entry's id. The service's rules
/// (`service_rules::check_contact`: maximum talks, status meeting, hours, weekdays) are applied
/// against the journal so far: a stop refuses, warnings need `confirm_warnings`.
pub async fn add(app: &App, acting: &Acting, case_id: i64, draft: &ContactDraft, confirm_warnings: bool) -> Result<i64, AppError> {
    let (mut tx, record) = open(app, acting, case_id).await?;
    let contact = checked(app, acting, &mut tx, &record, draft).await?;
    let rules = app.store.service(record.service_id).await?.service.rules;
    let so_far = app.store.journal(case_id).await?;
    let current = so_far.iter().filter_map(JournalEntry::current);
    let (talks_before, minutes_before) = current.fold((0u32, 0u32), |(talks, minutes), v| {
        (talks + u32::from(service_rules::counts_as_talk(v.contact.kind)), minutes.saturating_add(u32::from(v.contact.minutes)))
    });
    let facts = ContactFacts { date: contact.occurred_on, kind: contact.kind, minutes: contact.minutes, talks_before, minutes_before };
    service_rules::check_contact(&rules, &facts).settle(confirm_warnings)?;
    let id = tx.add_journal_entry(case_id, &contact, acting.account_id()).await?;
    tx.log(logged(acting, AuditAction::AddJournalEntry, &record, format!("journal {id}")));
    tx.commit().await?;
    Ok(id)
}

/// Corrects an entry: the checked draft becomes its next version, and every earlier version is
/// kept. A draft equal to the current version writes nothing. Returns the current version's number.
pub async fn correct(app: &App, acting: &Acting, case_id: i64, entry_id: i64, draft: &ContactDraft) -> Result<i64, AppError> {
    let (mut tx, record) = open(app, acting, case_id).await?;
    let entry = match tx.journal_entry(entry_id).await {
        Ok(e) if e.case_id == case_id => e,
        Ok(_) => return Err(not_found(entry_id)),
        Err(e) => return Err(e.into()),
    };
    let current = entry.current().ok_or(not_found(entry_id))?;
    let contact = checked(app, acting, &mut tx, &record, draft).await?;
    if contact == current.contact {
        return Ok(current.version);
    }
    let version = current.version + 1;
    tx.add_journal_version(entry_id, version, &contact, acting.account_id()).await?;
    tx.log(logged(acting, AuditAction::CorrectJournalEntry, &record, format!("journal {entry_id} version {version}")));
    tx.commit().await?;
    Ok(version)
}

/// The write transaction with the case read in it, once the actor may write in its journal.
async fn open(app: &App, acting: &Acting, case_id: i64) -> Result<(Tx, CaseRecord), AppError> {
    acting.require(Permission::ChangeCases)?;
    let mut tx = app.store.begin().await?;
    let record = tx.case(case_id).await?;
    if !acting.actor().case_scope().includes(&record.access_facts()) {
        return Err(AppError::Forbidden);
    }
    Ok((tx, record))
}

/// The domain's rules in the case's frame, then that each practitioner is an active user who
/// carries cases (`Role::carries_cases`), the same rule as for assigning a case.
async fn checked(app: &App, acting: &Acting, tx: &mut Tx, record: &CaseRecord, draft: &ContactDraft) -> Result<Contact, AppError> {
    let service = app.store.service(record.service_id).await?;
    let frame = JournalFrame {
        started_on: record.case.started_on(),
        closed_on: record.case.closed_on(),
        today: app.today(),
        no_notes: service.service.rules.no_notes,
        family_treatment: service.service.rules.family_treatment,
        case_id: record.id,
    };
    let contact = draft.check(&frame)?;
    // The other families of a group session: cases the actor has in scope, started, on a
    // strengthened-family-treatment service; an unknown number is answered like one out of scope.
    for other in &contact.group_cases {
        let fits = match tx.case(*other).await {
            Ok(c) => {
                let on_sft = c.service_id == record.service_id || app.store.service(c.service_id).await?.service.rules.family_treatment;
                acting.actor().case_scope().includes(&c.access_facts()) && on_sft && c.case.started_on().is_some()
            }
            Err(StoreError::NotFound { .. }) => false,
            Err(e) => return Err(e.into()),
        };
        if !fits {
            return Err(AppError::invalid(
                "group_cases",
                &format!(
                    "Sag {other} kan ikke skrives på gruppesessionen: den findes ikke, er ikke iværksat eller er ikke styrket familiebehandling, du har adgang til."
                ),
                "a group case is unknown, not started or not family treatment",
            ));
        }
    }
    for id in &contact.practitioners {
        let carries = match tx.user(*id).await {
            Ok(user) => user.active && user.role.carries_cases(),
            Err(StoreError::NotFound { .. }) => false,
            Err(e) => return Err(e.into()),
        };
        if !carries {
            return Err(AppError::invalid(
                "practitioners",
                "Vælg behandlere, der er aktive behandlere eller gruppeledere.",
                "practitioners must be active practitioners or group leaders",
            ));
        }
    }
    Ok(contact)
}
