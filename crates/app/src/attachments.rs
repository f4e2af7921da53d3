//! Attachments on a case: upload (`ChangeCases`, the case in scope; the file checked by
//! `domain::attachment` — type from its bytes, at most 10 MB — and stored in one transaction
//! with its log entry), the case page's list (covered by the page's read entry) and opening
//! one (logged as `OpenAttachment`, answered once the entry is durable). Outside need-to-know
//! an attachment, like the case's family, is "not found" (`family::in_scope`), the attempt logged.

use crate::{Acting, App, AppError};
use familiehus_domain::AuditAction;
use familiehus_domain::attachment::AttachmentDraft;
use familiehus_store::{CaseRecord, StoredAttachment};

/// The attachments of a case the caller has already read through `cases::read` (the case page).
pub async fn of_read_case(app: &App, record: &CaseRecord) -> Result<Vec<StoredAttachment>, AppError> {
    Ok(app.store.attachments(record.id).await?)
}

/// Checks and stores an upload on the case; returns the attachment's id.
pub async fn upload(app: &App, acting: &Acting, case_id: i64, draft: AttachmentDraft) -> Result<i64, AppError> {
    let (mut tx, record) = crate::family::open(app, acting, case_id).await?;
    let attachment = draft.check()?;
    let id = tx.add_attachment(case_id, &attachment, acting.account_id()).await?;
    tx.log(crate::cases::logged(acting, AuditAction::AddAttachment, &record, format!("bilag {id}")));
    tx.commit().await?;
    Ok(id)
}

/// One attachment with its bytes, within need-to-know; the opening is logged before the bytes
/// are handed out.
pub async fn open(app: &App, acting: &Acting, case_id: i64, id: i64) -> Result<(StoredAttachment, Vec<u8>), AppError> {
    let record = crate::family::in_scope(app, acting, case_id, &format!("bilag {id}")).await?;
    let (info, bytes) = app.store.attachment_file(case_id, id).await?;
    app.store.log_access(vec![crate::cases::logged(acting, AuditAction::OpenAttachment, &record, format!("bilag {id}"))]).await?;
    Ok((info, bytes))
}
