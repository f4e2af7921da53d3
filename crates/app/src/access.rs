//! The access log's entries for what no single-record use case covers: persons shown in a list
//! (the case list, the front page), and refused attempts. Every display of a person's data names
//! the case and the person, who saw it and where; a refusal names what was asked for.

use crate::{Acting, App, AppError};
use familiehus_domain::AuditAction;
use familiehus_store::AuditEntry;
use std::collections::BTreeSet;

/// Logs that `shown` (case id, person id) were displayed at `place` (e.g. `sagsliste`,
/// `forside`), one entry per case, each case once however often the page lists it. Answers
/// only once the entries are durable, so nothing is shown unlogged.
pub async fn log_shown(app: &App, acting: &Acting, place: &str, shown: impl IntoIterator<Item = (i64, i64)>) -> Result<(), AppError> {
    let unique: BTreeSet<(i64, i64)> = shown.into_iter().collect();
    let entries = unique
        .into_iter()
        .map(|(case_id, person_id)| AuditEntry {
            case_id: Some(case_id),
            person_id: Some(person_id),
            detail: place.to_owned(),
            ..acting.entry(AuditAction::ListCase)
        })
        .collect();
    app.store.log_access(entries).await?;
    Ok(())
}

/// What a refused request asked for: the method and path, and the case or person it named.
#[derive(Debug, Clone, Default)]
pub struct Refusal {
    pub what: String,
    pub case_id: Option<i64>,
    pub person_id: Option<i64>,
}

/// Logs a refused attempt (a 403), so that probing for records one may not see leaves a trace.
pub async fn log_refused(app: &App, acting: &Acting, refusal: Refusal) -> Result<(), AppError> {
    let entry = AuditEntry { case_id: refusal.case_id, person_id: refusal.person_id, detail: refusal.what, ..acting.entry(AuditAction::Refused) };
    app.store.log_access(vec![entry]).await?;
    Ok(())
}
