//! Changes of many cases at once: starting several from a waiting list on one date, and
//! reassigning several to one practitioner. Each is one transaction for the whole batch,
//! through the same rules as one case (`cases::start`'s date check and `domain::Case::start`;
//! `cases::assign`'s rule on who carries cases): one refused case refuses the batch and
//! nothing is changed, and the message says so.

use crate::{Acting, App, AppError};
use chrono::NaiveDate;
use familiehus_domain::service_rules::Finding;
use familiehus_domain::{AuditAction, Permission};
use familiehus_store::{CaseRecord, StoreError, Tx};

/// The most cases one request may change: a waiting list's page.
pub const MAX_BATCH: usize = 200;

fn none_changed(field: &'static str, da: String, en: &str) -> AppError {
    AppError::invalid(field, &format!("{da} Ingen af sagerne er ændret."), &format!("{en}; no case was changed"))
}

fn check_batch(ids: &[i64]) -> Result<Vec<i64>, AppError> {
    let mut unique: Vec<i64> = Vec::with_capacity(ids.len());
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    if unique.is_empty() {
        return Err(AppError::invalid("cases", "Vælg mindst én sag.", "no case chosen"));
    }
    if unique.len() > MAX_BATCH {
        return Err(AppError::invalid("cases", &format!("Vælg højst {MAX_BATCH} sager ad gangen."), "too many cases"));
    }
    Ok(unique)
}

/// The case in `tx` if the actor may change it; a case that does not exist and one outside
/// the scope are refused alike, so a batch tells nothing about cases one may not see.
async fn case_in_scope(acting: &Acting, tx: &mut Tx, id: i64) -> Result<CaseRecord, AppError> {
    let refused = || none_changed("cases", format!("Sag {id} findes ikke blandt dine sager."), "case not found in scope");
    let record = match tx.case(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound { .. }) => return Err(refused()),
        Err(e) => return Err(e.into()),
    };
    if acting.actor().case_scope().includes(&record.access_facts()) { Ok(record) } else { Err(refused()) }
}

/// Starts every case in `ids` on `started_on`, all or none; returns them as started. The
/// single start's rules apply to each case in turn (`cases::start_rules`, so a full service
/// counts the batch's earlier starts): a stop refuses the batch, naming the case; warnings
/// (age range, capacity) are gathered for every case, each named, and the batch waits for
/// `confirm_warnings` as one start does.
pub async fn start_many(app: &App, acting: &Acting, ids: &[i64], started_on: NaiveDate, confirm_warnings: bool) -> Result<Vec<CaseRecord>, AppError> {
    acting.require(Permission::ChangeCases)?;
    let ids = check_batch(ids)?;
    familiehus_domain::case::check_case_date("started_on", started_on, app.today())?;
    let mut tx = app.store.begin().await?;
    let mut started = Vec::with_capacity(ids.len());
    let mut warnings: Vec<Finding> = Vec::new();
    for id in ids {
        let case = case_in_scope(acting, &mut tx, id).await?;
        let findings = crate::cases::start_rules(app, &mut tx, &case, started_on).await?;
        if let Some(stop) = findings.stops().next() {
            return Err(none_changed("started_on", format!("Sag {id}: {}", stop.message_da), "a service rule stops the start"));
        }
        warnings.extend(findings.0.into_iter().map(|f| Finding { message_da: format!("Sag {id}: {}", f.message_da), ..f }));
        let record = tx.start_case(id, started_on, Some(acting.user.id)).await.map_err(|e| match e {
            StoreError::Case(e) => none_changed("started_on", format!("Sag {id}: {}", e.message_da()), &e.to_string()),
            other => other.into(),
        })?;
        tx.log(crate::cases::logged(acting, AuditAction::StartCase, &record, "flere på én gang".into()));
        started.push(record);
    }
    // Unconfirmed: the transaction is dropped, so nothing of the batch is written.
    if !confirm_warnings && !warnings.is_empty() {
        return Err(AppError::Unconfirmed(warnings));
    }
    tx.commit().await?;
    Ok(started)
}

/// Assigns every case in `ids` to `assignee`, all or none; returns them as assigned.
pub async fn assign_many(app: &App, acting: &Acting, ids: &[i64], assignee: i64) -> Result<Vec<CaseRecord>, AppError> {
    acting.require(Permission::ChangeCases)?;
    let ids = check_batch(ids)?;
    crate::cases::check_assignee(app, Some(assignee))
        .await
        .map_err(|_| none_changed("assigned_user_id", "Sagerne kan kun tildeles en aktiv behandler eller gruppeleder.".into(), "assignee must carry cases"))?;
    let mut tx = app.store.begin().await?;
    let mut assigned = Vec::with_capacity(ids.len());
    let today = app.today();
    for id in ids {
        case_in_scope(acting, &mut tx, id).await?;
        let record = tx.assign_case(id, Some(assignee), today, Some(acting.user.id)).await?;
        tx.log(crate::cases::logged(acting, AuditAction::AssignCase, &record, format!("user {assignee}, flere på én gang")));
        assigned.push(record);
    }
    tx.commit().await?;
    Ok(assigned)
}
