//! Recording what a service's rules ask for on a case (`domain::consent`): a consent (before a
//! § 109 start or a § 71.2 contact report) and the decision supervised contact needs before it
//! starts (§ 71.3). Each needs `ChangeCases` and the case in scope, and is one transaction with
//! its access-log entry; the case page shows them (covered by its read entry).

use crate::{Acting, App, AppError};
use familiehus_domain::consent::{Consent, Decision};
use familiehus_domain::{AuditAction, Permission};
use familiehus_store::{AuditEntry, CaseRecord, RecordedConsent, RecordedDecision, Tx};

async fn open(app: &App, acting: &Acting, case_id: i64) -> Result<(Tx, CaseRecord), AppError> {
    acting.require(Permission::ChangeCases)?;
    let mut tx = app.store.begin().await?;
    let record = tx.case(case_id).await?;
    if !acting.actor().case_scope().includes(&record.access_facts()) {
        return Err(AppError::Forbidden);
    }
    Ok((tx, record))
}

fn logged(acting: &Acting, record: &CaseRecord, detail: String) -> AuditEntry {
    AuditEntry { person_id: Some(record.person_id), case_id: Some(record.id), detail, ..acting.entry(AuditAction::RecordConsent) }
}

pub async fn record_consent(app: &App, acting: &Acting, case_id: i64, consent: &Consent) -> Result<i64, AppError> {
    let (mut tx, record) = open(app, acting, case_id).await?;
    let id = tx.record_consent(case_id, consent, acting.account_id()).await?;
    tx.log(logged(acting, &record, format!("consent {id}")));
    tx.commit().await?;
    Ok(id)
}

pub async fn record_decision(app: &App, acting: &Acting, case_id: i64, decision: &Decision) -> Result<i64, AppError> {
    let (mut tx, record) = open(app, acting, case_id).await?;
    let id = tx.record_decision(case_id, decision, acting.account_id()).await?;
    tx.log(logged(acting, &record, format!("decision {id}")));
    tx.commit().await?;
    Ok(id)
}

/// A case's consents and newest decision, for a case the caller has read through `cases::read`.
pub async fn of_read_case(app: &App, record: &CaseRecord) -> Result<(Vec<RecordedConsent>, Option<RecordedDecision>), AppError> {
    Ok((app.store.consents(record.id).await?, app.store.decision(record.id).await?))
}
