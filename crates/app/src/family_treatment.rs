//! Strengthened family treatment's use cases (issue 11, item 11), for a case whose service is
//! marked as such (`ServiceRules::family_treatment`): the three phases (read, save), the network
//! maps (list, add a snapshot), the planned/flexible hours split and the family-readable log.
//! Need-to-know is the case's, as for the family (`app::family`): outside the actor's
//! `CaseScope` the case is "not found" and the attempt logged as a refusal. Writing needs
//! `ChangeCases`; each write is one `Tx` with its access-log entry, and every display outside
//! the case page (whose read entry covers its section) is logged on its own. On any other
//! service these are refused with a Danish message (422), the case's own pages unchanged.

use crate::{Acting, App, AppError};
use chrono::NaiveDate;
use familiehus_domain::family_treatment::{HoursSplit, Phase, PhaseFrame, Phases, PhasesDraft};
use familiehus_domain::journal::ContactKind;
use familiehus_domain::network_map::{MapFrame, NetworkDraft};
use familiehus_domain::{AuditAction, ServiceRules};
use familiehus_store::{CaseRecord, Goal, JournalEntry, StoredNetworkMap};

/// The field a refusal for the wrong kind of service is reported at (no form has it, so the
/// pages show it as a message of its own).
pub const SERVICE_FIELD: &str = "service";

/// What the case page shows of strengthened family treatment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseTreatment {
    pub phases: Phases,
    /// The phase the case is in today, if any.
    pub current: Option<Phase>,
    /// The journal's minutes, planned and flexible (current versions only).
    pub split: HoursSplit,
}

/// One journal contact the family may read, as their log shows it: no internal marks, no other
/// families' cases, no practitioners' ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyLogEntry {
    pub occurred_on: NaiveDate,
    pub start: String,
    pub kind: ContactKind,
    pub minutes: u16,
    pub note: String,
}

/// The family-readable log: what the family may read of their case.
#[derive(Debug, Clone)]
pub struct FamilyLog {
    pub record: CaseRecord,
    pub phases: Phases,
    pub current: Option<Phase>,
    /// Oldest first, as a log is read.
    pub entries: Vec<FamilyLogEntry>,
    /// The goals in the family's own words, with their ratings.
    pub goals: Vec<Goal>,
}

/// Whether the case's service is strengthened family treatment (the case page asks before it
/// shows the section and the links).
pub fn applies(rules: &ServiceRules) -> bool {
    rules.family_treatment
}

/// The section of a case the caller has read through `cases::read` (need-to-know checked and
/// the read logged there), from the journal and rules the page has already read: one query
/// (the phases), and none on another service.
pub async fn of_read_case(app: &App, record: &CaseRecord, rules: &ServiceRules, journal: &[JournalEntry]) -> Result<Option<CaseTreatment>, AppError> {
    if !applies(rules) {
        return Ok(None);
    }
    let phases = app.store.phases(record.id).await?;
    Ok(Some(CaseTreatment { current: phases.current(app.today()), split: split_of(journal), phases }))
}

/// The planned/flexible split of a journal's current versions.
pub fn split_of(journal: &[JournalEntry]) -> HoursSplit {
    HoursSplit::of(journal.iter().filter_map(JournalEntry::current).map(|v| (v.contact.minutes, v.contact.flexible)))
}

/// The refusal on a case whose service is not strengthened family treatment.
fn not_family_treatment(record: &CaseRecord) -> AppError {
    AppError::invalid(
        SERVICE_FIELD,
        &format!("Sagens indsats, {}, er ikke styrket familiebehandling. Faser, netværkskort og familiens log findes kun dér.", record.service_name),
        "the case's service is not strengthened family treatment",
    )
}

async fn require_family_treatment(app: &App, record: &CaseRecord) -> Result<(), AppError> {
    let rules = app.store.service(record.service_id).await?.service.rules;
    if applies(&rules) { Ok(()) } else { Err(not_family_treatment(record)) }
}

fn phase_frame(app: &App, record: &CaseRecord) -> PhaseFrame {
    PhaseFrame { started_on: record.case.started_on(), closed_on: record.case.closed_on(), today: app.today() }
}

/// The case read for one of these pages: in scope, on such a service, and the display logged.
async fn read(app: &App, acting: &Acting, case_id: i64, action: AuditAction, what: &str, place: &str) -> Result<CaseRecord, AppError> {
    let record = crate::family::in_scope(app, acting, case_id, what).await?;
    require_family_treatment(app, &record).await?;
    app.store.log_access(vec![crate::cases::logged(acting, action, &record, place.to_owned())]).await?;
    Ok(record)
}

/// A case's phases (the phases page, the API), within need-to-know, logged.
pub async fn phases(app: &App, acting: &Acting, case_id: i64, place: &str) -> Result<(CaseRecord, Phases, Option<Phase>), AppError> {
    let record = read(app, acting, case_id, AuditAction::ReadPhases, "faser", place).await?;
    let phases = app.store.phases(case_id).await?;
    Ok((record, phases, phases.current(app.today())))
}

/// Records the three phases' dates, replacing the earlier ones (`PhasesDraft::check`, every
/// problem at its field).
pub async fn save_phases(app: &App, acting: &Acting, case_id: i64, draft: &PhasesDraft) -> Result<Phases, AppError> {
    let (mut tx, record) = crate::family::open(app, acting, case_id).await?;
    require_family_treatment(app, &record).await?;
    let phases = draft.check(&phase_frame(app, &record))?;
    tx.save_phases(case_id, &phases, acting.account_id()).await?;
    let detail = match phases.current(app.today()) {
        Some(p) => format!("faser (fase {})", p.number()),
        None => "faser".to_owned(),
    };
    tx.log(crate::cases::logged(acting, AuditAction::SavePhases, &record, detail));
    tx.commit().await?;
    Ok(phases)
}

/// A case's network maps, oldest first (the network page, the API), within need-to-know, logged.
pub async fn network_maps(app: &App, acting: &Acting, case_id: i64, place: &str) -> Result<(CaseRecord, Vec<StoredNetworkMap>), AppError> {
    let record = read(app, acting, case_id, AuditAction::ReadNetworkMap, "netværkskort", place).await?;
    Ok((record, app.store.network_maps(case_id).await?))
}

/// Adds a snapshot of the network (`NetworkDraft::check`); returns its id.
pub async fn add_network_map(app: &App, acting: &Acting, case_id: i64, draft: &NetworkDraft) -> Result<i64, AppError> {
    let (mut tx, record) = crate::family::open(app, acting, case_id).await?;
    require_family_treatment(app, &record).await?;
    let frame = MapFrame { started_on: record.case.started_on(), closed_on: record.case.closed_on(), today: app.today() };
    let map = draft.check(&frame)?;
    let id = tx.add_network_map(case_id, &map, acting.account_id()).await?;
    tx.log(crate::cases::logged(acting, AuditAction::AddNetworkMap, &record, format!("netværkskort {id}: {} personer", map.people.len())));
    tx.commit().await?;
    Ok(id)
}

/// The family-readable log, within need-to-know, logged: only the journal contacts marked
/// "family may read" (their current version), the phases and the goals.
pub async fn family_log(app: &App, acting: &Acting, case_id: i64, place: &str) -> Result<FamilyLog, AppError> {
    let record = read(app, acting, case_id, AuditAction::ReadFamilyLog, "familiens log", place).await?;
    let journal = app.store.journal(case_id).await?;
    let phases = app.store.phases(case_id).await?;
    let goals = app.store.goals(case_id).await?;
    Ok(FamilyLog { current: phases.current(app.today()), entries: readable(&journal), phases, goals, record })
}

/// The contacts the family may read, oldest first. The one filter: a version not marked
/// readable never reaches the family's log.
pub fn readable(journal: &[JournalEntry]) -> Vec<FamilyLogEntry> {
    let mut entries: Vec<FamilyLogEntry> = journal
        .iter()
        .filter_map(JournalEntry::current)
        .filter(|v| v.contact.family_may_read)
        .map(|v| FamilyLogEntry {
            occurred_on: v.contact.occurred_on,
            start: v.contact.start.to_string(),
            kind: v.contact.kind,
            minutes: v.contact.minutes,
            note: v.contact.note.clone(),
        })
        .collect();
    entries.sort_by(|a, b| (a.occurred_on, &a.start).cmp(&(b.occurred_on, &b.start)));
    entries
}
