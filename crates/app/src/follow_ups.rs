//! Follow-ups of a case: recording one that was held (the deadline it answers goes away; the
//! next is due from the start: `domain::deadlines::due_follow_up`) and what the case page shows
//! of them — the held ones and the due one with its state. Recording needs `ChangeCases` and the
//! case in scope, and is one transaction with its timeline event and access-log entry.

use crate::{Acting, App, AppError};
use chrono::NaiveDate;
use familiehus_domain::deadlines::{DeadlineState, FollowUp, due_follow_up};
use familiehus_domain::follow_up::{FollowUpDecision, check};
use familiehus_domain::{AuditAction, Permission, ValidationErrors};
use familiehus_store::{CaseRecord, HeldFollowUp, NewFollowUp};

/// A follow-up as the front-ends give it.
#[derive(Debug, Clone)]
pub struct RecordFollowUp {
    pub held_on: NaiveDate,
    pub attendees: String,
    pub decision: FollowUpDecision,
    pub note: String,
}

/// The case's follow-ups: the held ones, and the due one (none without a rule or a start).
#[derive(Debug, Clone)]
pub struct FollowUpsOfCase {
    pub held: Vec<HeldFollowUp>,
    pub due: Option<(FollowUp, DeadlineState)>,
}

/// The follow-ups of a case the caller has read through `cases::read` (need-to-know checked
/// and the read logged there), so the case page does not read the case twice.
pub async fn of_case(app: &App, record: &CaseRecord) -> Result<FollowUpsOfCase, AppError> {
    let held = app.store.follow_ups(record.id).await?;
    let due = match (record.state, record.case.started_on()) {
        (familiehus_domain::CaseState::Active, Some(started_on)) => {
            let rules = app.store.service(record.service_id).await?.service.rules;
            let lead = u64::from(crate::settings::settings(app).await?.status_report_lead_days);
            let n = u32::try_from(held.len()).unwrap_or(u32::MAX);
            due_follow_up(&rules, started_on, n, lead).map(|f| (f, DeadlineState::of(f.due_on, app.today())))
        }
        _ => None,
    };
    Ok(FollowUpsOfCase { held, due })
}

/// Records a follow-up held on the case: number held + 1.
pub async fn record(app: &App, acting: &Acting, case_id: i64, input: RecordFollowUp) -> Result<i64, AppError> {
    acting.require(Permission::ChangeCases)?;
    let mut tx = app.store.begin().await?;
    let record = tx.case(case_id).await?;
    if !acting.actor().case_scope().includes(&record.access_facts()) {
        return Err(AppError::Forbidden);
    }
    let closed = record.state == familiehus_domain::CaseState::Closed;
    ValidationErrors::check(check(input.held_on, record.case.started_on(), closed, app.today(), &input.attendees, &input.note))?;
    let number = tx.follow_ups_held(case_id).await?.saturating_add(1);
    let detail = format!("Opfølgning nr. {number}: {}", input.decision.label_da());
    let new = NewFollowUp { held_on: input.held_on, attendees: input.attendees, decision: input.decision.code().to_owned(), note: input.note };
    let id = tx.record_follow_up(case_id, number, &new, &detail, Some(acting.user.id)).await?;
    tx.log(crate::cases::logged(acting, AuditAction::RecordFollowUp, &record, format!("follow-up {number}")));
    tx.commit().await?;
    Ok(id)
}
