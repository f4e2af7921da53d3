//! Retention as a use case: the dry run (who would be anonymised today under the configured
//! period) and the action (all of them in one transaction, each logged). Administrators only
//! (`ManageSettings`: the period is a setting). Both read the candidates inside a transaction,
//! so the action anonymises exactly what its own check found.

use crate::{Acting, App, AppError};
use chrono::NaiveDate;
use familiehus_domain::{AuditAction, Permission, retention};
use familiehus_store::{AuditEntry, RetentionCandidate};

#[derive(Debug, Clone)]
pub struct RetentionPlan {
    pub years: u32,
    /// Persons whose last case closed before this date are due.
    pub cutoff: NaiveDate,
    pub persons: Vec<RetentionCandidate>,
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
    drop(tx);
    Ok(RetentionPlan { years, cutoff, persons })
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
    tx.commit().await?;
    tracing::info!(persons = persons.len(), years, "retention applied");
    Ok(RetentionPlan { years, cutoff, persons })
}
