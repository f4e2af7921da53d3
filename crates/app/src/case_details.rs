//! Correcting a case's details after referral — the referral note and the referral source —
//! with history: the store keeps every replaced value with who and when. Needs `ChangeCases`
//! and the case in the actor's scope; one transaction with its access-log entry. An unchanged
//! form writes nothing.

use crate::{Acting, App, AppError};
use familiehus_domain::{AuditAction, Permission, ReferralSource};
use familiehus_store::DetailChange;

/// The longest referral note (the referral form's own limit is the page's; this is the store's guard).
pub const MAX_NOTE: usize = 10_000;

/// Corrects the case's note and source; returns the fields changed (empty: nothing to do).
pub async fn correct(app: &App, acting: &Acting, case_id: i64, note: &str, source: ReferralSource) -> Result<Vec<&'static str>, AppError> {
    acting.require(Permission::ChangeCases)?;
    if note.chars().count() > MAX_NOTE {
        return Err(AppError::invalid("note", &format!("Henvisningsteksten må højst have {MAX_NOTE} tegn."), "note too long"));
    }
    let mut tx = app.store.begin().await?;
    let record = tx.case(case_id).await?;
    if !acting.actor().case_scope().includes(&record.access_facts()) {
        return Err(AppError::Forbidden);
    }
    let changed = tx.correct_case_details(case_id, note, source, Some(acting.user.id)).await?;
    if changed.is_empty() {
        return Ok(changed);
    }
    tx.log(crate::cases::logged(acting, AuditAction::CorrectCaseDetails, &record, changed.join(", ")));
    tx.commit().await?;
    Ok(changed)
}

/// The history of a case the caller has read through `cases::read` (need-to-know checked and
/// the read logged there).
pub async fn history(app: &App, case_id: i64) -> Result<Vec<DetailChange>, AppError> {
    Ok(app.store.case_detail_changes(case_id).await?)
}
