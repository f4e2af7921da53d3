//! Retention as a use case: the dry run (who would be anonymised today under the configured
//! period) and the action (all of them in one transaction, each logged). Administrators only
//! (`ManageSettings`: the period is a setting). Both read the candidates inside a transaction,
//! so the action anonymises exactly what its own check found.
//!
//! The same run erases citizens' enquiries (`domain::enquiry::RETENTION_MONTHS`, 12 months after
//! they were answered or accepted): contact details, the child's name and age, the text and the
//! answer. An unanswered enquiry is never erased silently; the plan counts those older than the
//! period, so the administrator can see the inbox has been left.

use crate::{Acting, App, AppError};
use chrono::NaiveDate;
use familiehus_domain::{AuditAction, Permission, enquiry, retention};
use familiehus_store::{AuditEntry, ErasureCandidate, RetentionCandidate};

#[derive(Debug, Clone)]
pub struct RetentionPlan {
    pub years: u32,
    /// Persons whose last case closed before this date are due.
    pub cutoff: NaiveDate,
    pub persons: Vec<RetentionCandidate>,
    /// Enquiries closed before this date are due.
    pub enquiry_cutoff: NaiveDate,
    pub enquiries: Vec<ErasureCandidate>,
    /// Enquiries received before `enquiry_cutoff` and still unanswered (kept, but told).
    pub unanswered_enquiries: i64,
}

async fn cutoff(app: &App) -> Result<(u32, NaiveDate), AppError> {
    let years = crate::settings::settings(app).await?.retention_years;
    Ok((years, retention::cutoff(app.today(), years)))
}

/// What `apply` would do today; writes nothing.
pub async fn dry_run(app: &App, acting: &Acting) -> Result<RetentionPlan, AppError> {
    acting.require(Permission::ManageSettings)?;
    let (years, cutoff) = cutoff(app).await?;
    let mut tx = app.store.begin().await?;
    let persons = tx.retention_candidates(cutoff).await?;
    let enquiry_cutoff = enquiry::retention_cutoff(app.today());
    let enquiries = tx.enquiries_due_for_erasure(enquiry_cutoff).await?;
    let unanswered_enquiries = tx.unanswered_enquiries_before(enquiry_cutoff).await?;
    drop(tx);
    Ok(RetentionPlan { years, cutoff, persons, enquiry_cutoff, enquiries, unanswered_enquiries })
}

/// Anonymises every due person in one transaction, each with its log entry; a failure leaves
/// everyone as they were. Returns who was anonymised.
pub async fn apply(app: &App, acting: &Acting) -> Result<RetentionPlan, AppError> {
    acting.require(Permission::ManageSettings)?;
    let (years, cutoff) = cutoff(app).await?;
    let today = app.today();
    let mut tx = app.store.begin().await?;
    let persons = tx.retention_candidates(cutoff).await?;
    for p in &persons {
        if tx.anonymise_person(p.person_id, today).await? {
            tx.log(AuditEntry {
                person_id: Some(p.person_id),
                detail: format!("{} sager, senest afsluttet {}", p.cases, p.last_closed_on),
                ..acting.entry(AuditAction::AnonymisePerson)
            });
        }
    }
    let enquiry_cutoff = enquiry::retention_cutoff(today);
    let enquiries = tx.enquiries_due_for_erasure(enquiry_cutoff).await?;
    for e in &enquiries {
        tx.erase_enquiry(e.id, today).await?;
        tx.log(AuditEntry { detail: format!("henvendelse {} ({}), lukket {}", e.id, e.receipt, e.closed_on), ..acting.entry(AuditAction::EraseEnquiry) });
    }
    let unanswered_enquiries = tx.unanswered_enquiries_before(enquiry_cutoff).await?;
    tx.commit().await?;
    tracing::info!(persons = persons.len(), enquiries = enquiries.len(), unanswered_enquiries, years, "retention applied");
    Ok(RetentionPlan { years, cutoff, persons, enquiry_cutoff, enquiries, unanswered_enquiries })
}
