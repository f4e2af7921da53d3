//! The family around a case's child: list, add, change (overwrites; the access log keeps who
//! changed it and when) and remove. Need-to-know is the case's: an actor without the case in
//! their `CaseScope` is answered "not found", as if the case had no such page, so walking ids
//! tells nothing — and the attempt is logged as a refusal. Writing needs `ChangeCases`. Every
//! display is logged: the case page's section is covered by the page's read entry
//! (`of_read_case`), the family page and the API by their own (`list`, `member`).

use crate::{Acting, App, AppError};
use familiehus_domain::family::MemberDraft;
use familiehus_domain::{AuditAction, Permission};
use familiehus_store::{AuditEntry, CaseRecord, Entity, StoreError, StoredFamilyMember, Tx};

fn logged(acting: &Acting, action: AuditAction, record: &CaseRecord, detail: String) -> AuditEntry {
    crate::cases::logged(acting, action, record, detail)
}

/// The case if it is in the actor's scope; otherwise the refusal is logged and the answer is
/// the case's "not found" (a page outside one's need-to-know does not exist for one).
pub(crate) async fn in_scope(app: &App, acting: &Acting, case_id: i64, what: &str) -> Result<CaseRecord, AppError> {
    match crate::cases::visible(app, acting, case_id).await {
        Err(AppError::Forbidden) if acting.require(Permission::ReadCases).is_ok() => Err(hidden(app, acting, case_id, what).await),
        other => other,
    }
}

/// The family of a case the caller has already read through `cases::read` (the case page).
pub async fn of_read_case(app: &App, record: &CaseRecord) -> Result<Vec<StoredFamilyMember>, AppError> {
    Ok(app.store.case_family(record.id).await?)
}

/// Whether the actor may add, change and remove family members (the pages show the forms then).
pub fn may_write(acting: &Acting) -> bool {
    acting.require(Permission::ChangeCases).is_ok()
}

/// The case and its family (the family page, the API), within need-to-know, logged.
pub async fn list(app: &App, acting: &Acting, case_id: i64, place: &str) -> Result<(CaseRecord, Vec<StoredFamilyMember>), AppError> {
    let record = in_scope(app, acting, case_id, "familie").await?;
    let members = app.store.case_family(case_id).await?;
    app.store.log_access(vec![logged(acting, AuditAction::ReadFamily, &record, place.to_owned())]).await?;
    Ok((record, members))
}

/// One member (the edit form), within need-to-know, logged.
pub async fn member(app: &App, acting: &Acting, case_id: i64, id: i64) -> Result<(CaseRecord, StoredFamilyMember), AppError> {
    let record = in_scope(app, acting, case_id, &format!("familie {id}")).await?;
    let member = app.store.case_family_member(case_id, id).await?;
    app.store.log_access(vec![logged(acting, AuditAction::ReadFamily, &record, format!("familie {id}"))]).await?;
    Ok((record, member))
}

/// Adds a member to the case's family; returns its id.
pub async fn add(app: &App, acting: &Acting, case_id: i64, draft: &MemberDraft) -> Result<i64, AppError> {
    let (mut tx, record) = open(app, acting, case_id).await?;
    let member = draft.check()?;
    let id = tx.add_family_member(case_id, &member, acting.account_id()).await?;
    tx.log(logged(acting, AuditAction::AddFamilyMember, &record, format!("familie {id}")));
    tx.commit().await?;
    Ok(id)
}

/// Overwrites a member's details.
pub async fn change(app: &App, acting: &Acting, case_id: i64, id: i64, draft: &MemberDraft) -> Result<(), AppError> {
    let (mut tx, record) = open(app, acting, case_id).await?;
    let member = draft.check()?;
    tx.change_family_member(case_id, id, &member, acting.account_id()).await?;
    tx.log(logged(acting, AuditAction::ChangeFamilyMember, &record, format!("familie {id}")));
    tx.commit().await?;
    Ok(())
}

/// Removes a member from the case's family.
pub async fn remove(app: &App, acting: &Acting, case_id: i64, id: i64) -> Result<(), AppError> {
    let (mut tx, record) = open(app, acting, case_id).await?;
    tx.remove_family_member(case_id, id).await?;
    tx.log(logged(acting, AuditAction::RemoveFamilyMember, &record, format!("familie {id}")));
    tx.commit().await?;
    Ok(())
}

/// The write transaction with the case read in it, once the actor may change the case and has
/// it in scope (checked inside the transaction, so a reassignment meanwhile cannot slip by).
pub(crate) async fn open(app: &App, acting: &Acting, case_id: i64) -> Result<(Tx, CaseRecord), AppError> {
    acting.require(Permission::ChangeCases)?;
    let mut tx = app.store.begin().await?;
    let record = tx.case(case_id).await?;
    if !acting.actor().case_scope().includes(&record.access_facts()) {
        drop(tx);
        return Err(hidden(app, acting, case_id, "ændring").await);
    }
    Ok((tx, record))
}

/// Logs the refusal and answers "not found".
async fn hidden(app: &App, acting: &Acting, case_id: i64, what: &str) -> AppError {
    let refusal = crate::access::Refusal { what: what.to_owned(), case_id: Some(case_id), person_id: None };
    match crate::access::log_refused(app, acting, refusal).await {
        Ok(()) => AppError::Store(StoreError::NotFound { entity: Entity::Case, id: case_id }),
        Err(e) => e,
    }
}
