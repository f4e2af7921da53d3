//! The family around a case's child (`0021_family_attachments.sql`: `case_family_members`).
//! A correction overwrites the row (who and when are kept on it and in the access log); a
//! removal deletes it. Every statement names the case as well as the row, so an id from
//! another case is "not found", never someone else's member. Retention deletes a person's
//! cases' members (`retention.rs`). Who may do what is `app::family`'s; the rules are
//! `domain::family`'s.

use crate::tx::with_tx;
use crate::{Entity, Store, StoreError, Tx, with_pool};
use chrono::Utc;
use familiehus_domain::family::{FamilyMember, Relation};
use serde::Serialize;

/// A stored member with who added and last changed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredFamilyMember {
    pub id: i64,
    pub case_id: i64,
    #[serde(flatten)]
    pub member: FamilyMember,
    /// RFC 3339, UTC.
    pub added_at: String,
    pub added_by_name: Option<String>,
    pub changed_at: Option<String>,
    pub changed_by_name: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    case_id: i64,
    relation: String,
    name: String,
    custody: bool,
    phone: String,
    address: String,
    language: String,
    interpreter_language: Option<String>,
    added_at: String,
    added_by_name: Option<String>,
    changed_at: Option<String>,
    changed_by_name: Option<String>,
}

impl Row {
    fn member(self) -> Result<StoredFamilyMember, StoreError> {
        let relation = Relation::from_code(&self.relation).ok_or_else(|| StoreError::Corrupt(format!("family member {}: relation", self.id)))?;
        Ok(StoredFamilyMember {
            id: self.id,
            case_id: self.case_id,
            member: FamilyMember {
                relation,
                name: self.name,
                custody: self.custody,
                phone: self.phone,
                address: self.address,
                language: self.language,
                interpreter: self.interpreter_language,
            },
            added_at: self.added_at,
            added_by_name: self.added_by_name,
            changed_at: self.changed_at,
            changed_by_name: self.changed_by_name,
        })
    }
}

const SELECT: &str = "SELECT m.id, m.case_id, m.relation, m.name, m.custody, m.phone, m.address, m.language, m.interpreter_language, \
    m.added_at, a.display_name AS added_by_name, m.changed_at, c.display_name AS changed_by_name \
    FROM case_family_members m LEFT JOIN users a ON a.id = m.added_by LEFT JOIN users c ON c.id = m.changed_by";

fn now() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn not_found(id: i64) -> StoreError {
    StoreError::NotFound { entity: Entity::FamilyMember, id }
}

impl Store {
    /// The case's family, in the order they were added.
    pub async fn case_family(&self, case_id: i64) -> Result<Vec<StoredFamilyMember>, StoreError> {
        let sql = format!("{SELECT} WHERE m.case_id = $1 ORDER BY m.id");
        let rows: Vec<Row> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(case_id).fetch_all(pool).await)?;
        rows.into_iter().map(Row::member).collect()
    }

    /// One member of the case's family.
    pub async fn case_family_member(&self, case_id: i64, id: i64) -> Result<StoredFamilyMember, StoreError> {
        let sql = format!("{SELECT} WHERE m.case_id = $1 AND m.id = $2");
        let row: Option<Row> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(case_id).bind(id).fetch_optional(pool).await)?;
        row.ok_or(not_found(id))?.member()
    }
}

impl Tx {
    /// Adds a member to the case's family; returns its id.
    pub async fn add_family_member(&mut self, case_id: i64, m: &FamilyMember, by: Option<i64>) -> Result<i64, StoreError> {
        let sql = "INSERT INTO case_family_members (case_id, relation, name, custody, phone, address, language, interpreter_language, added_at, added_by) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
        let id = with_tx!(self, conn => sqlx::query_scalar(sql)
            .bind(case_id).bind(m.relation.code()).bind(&m.name).bind(m.custody).bind(&m.phone).bind(&m.address).bind(&m.language)
            .bind(m.interpreter.as_deref()).bind(now()).bind(by).fetch_one(conn).await)?;
        Ok(id)
    }

    /// Overwrites a member of the case's family.
    pub async fn change_family_member(&mut self, case_id: i64, id: i64, m: &FamilyMember, by: Option<i64>) -> Result<(), StoreError> {
        let sql = "UPDATE case_family_members SET relation = $1, name = $2, custody = $3, phone = $4, address = $5, language = $6, \
            interpreter_language = $7, changed_at = $8, changed_by = $9 WHERE id = $10 AND case_id = $11";
        let n = with_tx!(self, conn => sqlx::query(sql)
            .bind(m.relation.code()).bind(&m.name).bind(m.custody).bind(&m.phone).bind(&m.address).bind(&m.language)
            .bind(m.interpreter.as_deref()).bind(now()).bind(by).bind(id).bind(case_id).execute(conn).await.map(|r| r.rows_affected()))?;
        if n == 0 { Err(not_found(id)) } else { Ok(()) }
    }

    /// Removes a member from the case's family.
    pub async fn remove_family_member(&mut self, case_id: i64, id: i64) -> Result<(), StoreError> {
        let sql = "DELETE FROM case_family_members WHERE id = $1 AND case_id = $2";
        let n = with_tx!(self, conn => sqlx::query(sql).bind(id).bind(case_id).execute(conn).await.map(|r| r.rows_affected()))?;
        if n == 0 { Err(not_found(id)) } else { Ok(()) }
    }
}
