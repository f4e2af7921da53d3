//! Corrections of a case's details after referral (`0018_case_detail_history.sql`): the
//! referral note and source are updated on the case, and each changed field's previous value
//! is kept in `case_detail_changes` with who and when, in the same unit of work. A field left
//! as it was writes nothing.

use crate::cases::now;
use crate::tx::with_tx;
use crate::{Entity, Store, StoreError, Tx, with_pool};
use familiehus_domain::ReferralSource;
use serde::Serialize;

/// One change of one field, as the case page's history shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct DetailChange {
    pub id: i64,
    /// `note` or `referral_source` (the source's code).
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub changed_at: String,
    pub changed_by_name: Option<String>,
}

impl Tx {
    /// Sets the case's note and referral source; returns the fields that changed. The caller
    /// has checked the actor's right to change the case.
    pub async fn correct_case_details(&mut self, id: i64, note: &str, source: ReferralSource, by: Option<i64>) -> Result<Vec<&'static str>, StoreError> {
        let before = self.case(id).await?;
        let note = note.trim();
        let mut changes: Vec<(&'static str, String, String)> = Vec::new();
        if before.note != note {
            changes.push(("note", before.note.clone(), note.to_owned()));
        }
        if before.referral_source != source {
            changes.push(("referral_source", before.referral_source.code().to_owned(), source.code().to_owned()));
        }
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        let update = "UPDATE cases SET note = $1, referral_source = $2, version = version + 1 WHERE id = $3";
        let insert = "INSERT INTO case_detail_changes (case_id, field, old_value, new_value, changed_at, changed_by) VALUES ($1, $2, $3, $4, $5, $6)";
        let at = now();
        with_tx!(self, conn => {
            let changed = sqlx::query(update).bind(note).bind(source.code()).bind(id).execute(&mut *conn).await?.rows_affected();
            if changed == 0 {
                return Err(StoreError::NotFound { entity: Entity::Case, id });
            }
            for (field, old, new) in &changes {
                sqlx::query(insert).bind(id).bind(*field).bind(old).bind(new).bind(&at).bind(by).execute(&mut *conn).await?;
            }
        });
        Ok(changes.into_iter().map(|(field, _, _)| field).collect())
    }
}

impl Store {
    /// The corrections of a case's details, oldest first.
    pub async fn case_detail_changes(&self, case_id: i64) -> Result<Vec<DetailChange>, StoreError> {
        let sql = "SELECT d.id, d.field, d.old_value, d.new_value, d.changed_at, u.display_name AS changed_by_name \
            FROM case_detail_changes d LEFT JOIN users u ON u.id = d.changed_by WHERE d.case_id = $1 ORDER BY d.id";
        Ok(with_pool!(self, pool => sqlx::query_as(sql).bind(case_id).fetch_all(pool).await)?)
    }
}
