//! Status reports on a running case (`domain::status_report`): a practitioner drafts one for a
//! period (from the journal and the follow-ups held in it), edits it and notes the family's
//! reading; the unit's leader approves it; it is sent to the referring caseworker, whose inbox
//! (`crate::inbox`) lists it. Need-to-know is the case's; writing needs
//! `ChangeCases`, approving a leader (`Actor::may_approve_status_reports`). Every write is one
//! transaction with its access-log entry; opening a report is logged.

use crate::cases::logged;
use crate::{Acting, App, AppError};
use chrono::NaiveDate;
use familiehus_domain::follow_up::FollowUpDecision;
use familiehus_domain::status_report::{self, DraftFacts, ReportEdit, ReportState};
use familiehus_domain::{AuditAction, CaseState, Permission};
use familiehus_store::{CaseRecord, Entity, StatusReport, StoreError, Tx};

/// A case's reports, for the case page (its read is logged there).
pub async fn of_read_case(app: &App, record: &CaseRecord) -> Result<Vec<StatusReport>, AppError> {
    Ok(app.store.status_reports(record.id).await?)
}

pub fn may_write(acting: &Acting) -> bool {
    acting.require(Permission::ChangeCases).is_ok()
}

pub fn may_approve(acting: &Acting) -> bool {
    acting.user.active && acting.actor().may_approve_status_reports()
}

fn not_found(id: i64) -> AppError {
    AppError::Store(StoreError::NotFound { entity: Entity::StatusReport, id })
}

async fn open(app: &App, acting: &Acting, case_id: i64) -> Result<(Tx, CaseRecord), AppError> {
    acting.require(Permission::ChangeCases)?;
    let mut tx = app.store.begin().await?;
    let record = tx.case(case_id).await?;
    if !acting.actor().case_scope().includes(&record.access_facts()) {
        return Err(AppError::Forbidden);
    }
    Ok((tx, record))
}

/// Drafts a report for the period from the journal and follow-ups held in it; returns its id.
pub async fn draft(app: &App, acting: &Acting, case_id: i64, from: NaiveDate, to: NaiveDate) -> Result<i64, AppError> {
    let (mut tx, record) = open(app, acting, case_id).await?;
    status_report::check_period(from, to, record.case.started_on(), record.state == CaseState::Closed, app.today())?;
    let service = app.store.service(record.service_id).await?;
    let in_period = |d: NaiveDate| from <= d && d <= to;
    let contacts = app
        .store
        .journal(case_id)
        .await?
        .iter()
        .filter_map(|e| e.current())
        .filter(|v| in_period(v.contact.occurred_on))
        .map(|v| (v.contact.occurred_on, v.contact.kind.label_da(), v.contact.minutes))
        .collect();
    let follow_ups = app
        .store
        .follow_ups(case_id)
        .await?
        .into_iter()
        .filter(|f| in_period(f.held_on))
        .map(|f| (f.held_on, FollowUpDecision::from_code(&f.decision).map(|d| d.label_da()).unwrap_or("Registreret")))
        .collect();
    let body = status_report::draft_text(&DraftFacts { service: service.service.name, from, to, contacts, follow_ups });
    // Written for the follow-up now due: the one after those held.
    let follow_up = i64::from(tx.follow_ups_held(case_id).await?) + 1;
    let id = tx.insert_status_report(case_id, follow_up, (from, to), &body, acting.account_id()).await?;
    tx.log(logged(acting, AuditAction::WriteStatusReport, &record, format!("status report {id} drafted")));
    tx.commit().await?;
    Ok(id)
}

/// One report of a case, within need-to-know, logged.
pub async fn read(app: &App, acting: &Acting, case_id: i64, id: i64) -> Result<(CaseRecord, StatusReport), AppError> {
    let record = crate::cases::visible(app, acting, case_id).await?;
    let report = app.store.status_report(id).await?;
    // The referring caseworker reads what was sent to them, never a draft.
    if report.case_id != case_id || (!may_write(acting) && report.state != ReportState::Sent) {
        return Err(not_found(id));
    }
    app.store.log_access(vec![logged(acting, AuditAction::ReadStatusReport, &record, format!("status report {id}"))]).await?;
    Ok((record, report))
}

async fn report_in(app: &App, case_id: i64, id: i64) -> Result<StatusReport, AppError> {
    match app.store.status_report(id).await {
        Ok(r) if r.case_id == case_id => Ok(r),
        Ok(_) => Err(not_found(id)),
        Err(e) => Err(e.into()),
    }
}

fn concurrent(e: StoreError) -> AppError {
    match e {
        StoreError::Concurrent => AppError::invalid("state", "Rapporten er ændret af en anden imens. Hent siden igen.", "status report moved concurrently"),
        other => other.into(),
    }
}

/// Saves a draft's text and the family's reading.
pub async fn save(app: &App, acting: &Acting, case_id: i64, id: i64, edit: &ReportEdit) -> Result<(), AppError> {
    let (mut tx, record) = open(app, acting, case_id).await?;
    let report = report_in(app, case_id, id).await?;
    if !status_report::may_edit(report.state) {
        return Err(AppError::invalid("state", "Rapporten er godkendt og kan ikke længere ændres.", "report no longer a draft"));
    }
    edit.check(report.period_from, app.today())?;
    tx.update_status_report(id, edit).await.map_err(concurrent)?;
    tx.log(logged(acting, AuditAction::WriteStatusReport, &record, format!("status report {id} edited")));
    tx.commit().await?;
    Ok(())
}

/// The leader approves a draft.
pub async fn approve(app: &App, acting: &Acting, case_id: i64, id: i64) -> Result<(), AppError> {
    if !may_approve(acting) {
        return Err(AppError::Forbidden);
    }
    let (mut tx, record) = open(app, acting, case_id).await?;
    let report = report_in(app, case_id, id).await?;
    status_report::check_approve(report.state)?;
    tx.move_status_report(id, ReportState::Draft, ReportState::Approved, acting.account_id()).await.map_err(concurrent)?;
    tx.log(logged(acting, AuditAction::WriteStatusReport, &record, format!("status report {id} approved")));
    tx.commit().await?;
    Ok(())
}

/// Sends an approved report to the referring caseworker: their inbox lists it, and the case's
/// timeline says so.
pub async fn send(app: &App, acting: &Acting, case_id: i64, id: i64) -> Result<(), AppError> {
    let (mut tx, record) = open(app, acting, case_id).await?;
    let report = report_in(app, case_id, id).await?;
    status_report::check_send(report.state)?;
    let rules = app.store.service(record.service_id).await?.service.rules;
    familiehus_domain::service_rules::check_report(&rules, tx.has_consent(case_id).await?).settle(true)?;
    tx.move_status_report(id, ReportState::Approved, ReportState::Sent, acting.account_id()).await.map_err(concurrent)?;
    let detail = format!(
        "Statusrapport for {}–{} sendt til rådgiver",
        familiehus_domain::danish::date(report.period_from),
        familiehus_domain::danish::date(report.period_to)
    );
    tx.status_report_sent_event(case_id, app.today(), &detail, acting.account_id()).await?;
    tx.log(logged(acting, AuditAction::WriteStatusReport, &record, format!("status report {id} sent")));
    tx.commit().await?;
    Ok(())
}

/// Of these cases, the follow-ups whose status report has been sent, for deadline lists whose
/// cases the caller has already checked and logged.
pub async fn sent_for(app: &App, case_ids: &[i64]) -> Result<std::collections::HashSet<(i64, i64)>, AppError> {
    Ok(app.store.sent_report_follow_ups(case_ids).await?.into_iter().collect())
}
