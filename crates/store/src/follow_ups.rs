//! Follow-up meetings held on a case (`0015_follow_ups.sql`): recorded inside a unit of work
//! with the case's timeline event, numbered in order (the database refuses a number twice, so
//! two people recording at once cannot both hold follow-up 2), and listed for the case page.

use crate::tx::with_tx;
use crate::{Store, StoreError, Tx, with_pool};
use chrono::NaiveDate;
use familiehus_domain::CaseEventKind;
use serde::Serialize;

/// A follow-up as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFollowUp {
    pub held_on: NaiveDate,
    pub attendees: String,
    /// `FollowUpDecision`'s code.
    pub decision: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct HeldFollowUp {
    pub id: i64,
    pub number: i64,
    pub held_on: NaiveDate,
    pub attendees: String,
    pub decision: String,
    pub note: String,
    pub recorded_at: String,
    pub recorded_by_name: Option<String>,
}

impl Tx {
    /// Records follow-up number `number` of the case, with its timeline event (`detail`).
    pub async fn record_follow_up(&mut self, case_id: i64, number: u32, new: &NewFollowUp, detail: &str, by: Option<i64>) -> Result<i64, StoreError> {
        let insert = "INSERT INTO follow_ups (case_id, number, held_on, attendees, decision, note, recorded_at, recorded_by) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
        let event = "INSERT INTO case_events (case_id, at, user_id, kind, occurred_on, detail) VALUES ($1, $2, $3, $4, $5, $6)";
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let id: i64 = with_tx!(self, conn => {
            let id: i64 = sqlx::query_scalar(insert)
                .bind(case_id)
                .bind(i64::from(number))
                .bind(new.held_on)
                .bind(new.attendees.trim())
                .bind(&new.decision)
                .bind(new.note.trim())
                .bind(&at)
                .bind(by)
                .fetch_one(&mut *conn)
                .await
                .map_err(|e| StoreError::unique_as_field(e, "held_on", "Opfølgningen er allerede registreret af en anden. Genindlæs siden.", "follow-up number taken"))?;
            sqlx::query(event).bind(case_id).bind(&at).bind(by).bind(CaseEventKind::FollowUpHeld.code()).bind(new.held_on).bind(detail).execute(&mut *conn).await?;
            id
        });
        Ok(id)
    }

    /// How many follow-ups the case has held (read inside the unit of work that adds one).
    pub async fn follow_ups_held(&mut self, case_id: i64) -> Result<u32, StoreError> {
        let sql = "SELECT CAST(count(*) AS BIGINT) FROM follow_ups WHERE case_id = $1";
        let n: i64 = with_tx!(self, conn => sqlx::query_scalar(sql).bind(case_id).fetch_one(&mut *conn).await?);
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

impl Store {
    /// The case's follow-ups held, in order.
    pub async fn follow_ups(&self, case_id: i64) -> Result<Vec<HeldFollowUp>, StoreError> {
        let sql = "SELECT f.id, CAST(f.number AS BIGINT) AS number, f.held_on, f.attendees, f.decision, f.note, f.recorded_at, u.display_name AS recorded_by_name \
            FROM follow_ups f LEFT JOIN users u ON u.id = f.recorded_by WHERE f.case_id = $1 ORDER BY f.number";
        Ok(with_pool!(self, pool => sqlx::query_as(sql).bind(case_id).fetch_all(pool).await)?)
    }
}
