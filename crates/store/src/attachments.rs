//! Attachments on a case (`0021_family_attachments.sql`: `case_attachments`): the file's bytes
//! in the row (BLOB / BYTEA), so an upload is one insert in its transaction — a refused or
//! failed one writes nothing — and a backup holds the files with the case. Lists never read
//! the bytes; only `attachment_file` does, for a download. Retention deletes a person's
//! cases' attachments (`retention.rs`).

use crate::tx::with_tx;
use crate::{Entity, Store, StoreError, Tx, with_pool};
use chrono::Utc;
use familiehus_domain::attachment::{Attachment, AttachmentKind, FileType};
use serde::Serialize;

/// An attachment without its bytes: what a list shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredAttachment {
    pub id: i64,
    pub case_id: i64,
    pub title: String,
    pub kind: AttachmentKind,
    pub file_type: FileType,
    pub size_bytes: i64,
    /// RFC 3339, UTC.
    pub uploaded_at: String,
    pub uploaded_by_name: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    case_id: i64,
    title: String,
    kind: String,
    file_type: String,
    size_bytes: i64,
    uploaded_at: String,
    uploaded_by_name: Option<String>,
}

impl Row {
    fn attachment(self) -> Result<StoredAttachment, StoreError> {
        let corrupt = || StoreError::Corrupt(format!("attachment {}", self.id));
        Ok(StoredAttachment {
            id: self.id,
            case_id: self.case_id,
            kind: AttachmentKind::from_code(&self.kind).ok_or_else(corrupt)?,
            file_type: FileType::from_code(&self.file_type).ok_or_else(corrupt)?,
            title: self.title,
            size_bytes: self.size_bytes,
            uploaded_at: self.uploaded_at,
            uploaded_by_name: self.uploaded_by_name,
        })
    }
}

const SELECT: &str = "SELECT a.id, a.case_id, a.title, a.kind, a.file_type, a.size_bytes, a.uploaded_at, u.display_name AS uploaded_by_name \
    FROM case_attachments a LEFT JOIN users u ON u.id = a.uploaded_by";

impl Store {
    /// The case's attachments, newest first, without their bytes.
    pub async fn attachments(&self, case_id: i64) -> Result<Vec<StoredAttachment>, StoreError> {
        let sql = format!("{SELECT} WHERE a.case_id = $1 ORDER BY a.id DESC");
        let rows: Vec<Row> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(case_id).fetch_all(pool).await)?;
        rows.into_iter().map(Row::attachment).collect()
    }

    /// One attachment of the case with its bytes; another case's id is not found.
    pub async fn attachment_file(&self, case_id: i64, id: i64) -> Result<(StoredAttachment, Vec<u8>), StoreError> {
        let sql = format!("{SELECT} WHERE a.case_id = $1 AND a.id = $2");
        let row: Option<Row> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(case_id).bind(id).fetch_optional(pool).await)?;
        let info = row.ok_or(StoreError::NotFound { entity: Entity::Attachment, id })?.attachment()?;
        let bytes: Vec<u8> = with_pool!(self, pool => sqlx::query_scalar("SELECT content FROM case_attachments WHERE id = $1").bind(id).fetch_one(pool).await)?;
        Ok((info, bytes))
    }
}

impl Tx {
    /// Stores a checked attachment on the case; returns its id.
    pub async fn add_attachment(&mut self, case_id: i64, a: &Attachment, by: Option<i64>) -> Result<i64, StoreError> {
        let size = i64::try_from(a.bytes.len()).map_err(|_| StoreError::Corrupt("attachment size".into()))?;
        let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let sql = "INSERT INTO case_attachments (case_id, title, kind, file_type, size_bytes, content, uploaded_at, uploaded_by) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
        let id = with_tx!(self, conn => sqlx::query_scalar(sql)
            .bind(case_id).bind(&a.title).bind(a.kind.code()).bind(a.file_type.code()).bind(size).bind(&a.bytes).bind(&now).bind(by)
            .fetch_one(conn).await)?;
        Ok(id)
    }
}
