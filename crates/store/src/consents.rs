//! Consents and decisions recorded on a case (`0022_consents_decisions.sql`), what the
//! service's rules ask for before a start or a report (`domain::service_rules`): added inside a
//! unit of work, never changed (the newest decision counts), read for the case page and inside
//! the unit of work that checks them.

use crate::tx::with_tx;
use crate::{Store, StoreError, Tx, with_pool};
use chrono::NaiveDate;
use familiehus_domain::consent::{Consent, Decision};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct RecordedConsent {
    pub id: i64,
    pub given_on: NaiveDate,
    pub given_by: String,
    pub recorded_at: String,
    pub recorded_by_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct RecordedDecision {
    pub id: i64,
    pub decided_on: NaiveDate,
    pub frequency: String,
    pub duration: String,
    pub supervisor: String,
    pub recorded_at: String,
    pub recorded_by_name: Option<String>,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

const CONSENTS: &str = "SELECT c.id, c.given_on, c.given_by, c.recorded_at, u.display_name AS recorded_by_name \
    FROM case_consents c LEFT JOIN users u ON u.id = c.recorded_by WHERE c.case_id = $1 ORDER BY c.id";
const DECISION: &str = "SELECT d.id, d.decided_on, d.frequency, d.duration, d.supervisor, d.recorded_at, u.display_name AS recorded_by_name \
    FROM case_decisions d LEFT JOIN users u ON u.id = d.recorded_by WHERE d.case_id = $1 ORDER BY d.id DESC LIMIT 1";

impl Tx {
    pub async fn record_consent(&mut self, case_id: i64, consent: &Consent, by: Option<i64>) -> Result<i64, StoreError> {
        let sql = "INSERT INTO case_consents (case_id, given_on, given_by, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let at = now();
        let id: i64 = with_tx!(self, conn => sqlx::query_scalar(sql).bind(case_id).bind(consent.given_on).bind(&consent.given_by).bind(&at).bind(by).fetch_one(&mut *conn).await?);
        Ok(id)
    }

    pub async fn record_decision(&mut self, case_id: i64, d: &Decision, by: Option<i64>) -> Result<i64, StoreError> {
        let sql = "INSERT INTO case_decisions (case_id, decided_on, frequency, duration, supervisor, recorded_at, recorded_by) \
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        let at = now();
        let id: i64 = with_tx!(self, conn => sqlx::query_scalar(sql)
            .bind(case_id).bind(d.decided_on).bind(&d.frequency).bind(&d.duration).bind(&d.supervisor).bind(&at).bind(by)
            .fetch_one(&mut *conn).await?);
        Ok(id)
    }

    /// Whether the case has a consent, read in the unit of work that depends on it.
    pub async fn has_consent(&mut self, case_id: i64) -> Result<bool, StoreError> {
        let sql = "SELECT CAST(count(*) AS BIGINT) FROM case_consents WHERE case_id = $1";
        let n: i64 = with_tx!(self, conn => sqlx::query_scalar(sql).bind(case_id).fetch_one(&mut *conn).await?);
        Ok(n > 0)
    }

    /// Whether the case has a decision, read in the unit of work that depends on it.
    pub async fn has_decision(&mut self, case_id: i64) -> Result<bool, StoreError> {
        let sql = "SELECT CAST(count(*) AS BIGINT) FROM case_decisions WHERE case_id = $1";
        let n: i64 = with_tx!(self, conn => sqlx::query_scalar(sql).bind(case_id).fetch_one(&mut *conn).await?);
        Ok(n > 0)
    }

    /// Started, open cases of a service other than `except`: what its capacity is measured against.
    pub async fn running_cases(&mut self, service_id: i64, except: i64) -> Result<u32, StoreError> {
        let sql = "SELECT CAST(count(*) AS BIGINT) FROM cases WHERE service_id = $1 AND id <> $2 AND started_on IS NOT NULL AND closed_on IS NULL";
        let n: i64 = with_tx!(self, conn => sqlx::query_scalar(sql).bind(service_id).bind(except).fetch_one(&mut *conn).await?);
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// The person's birth date as stored (none when only a CPR number is known, or none at all).
    pub async fn birth_date(&mut self, person_id: i64) -> Result<Option<NaiveDate>, StoreError> {
        let sql = "SELECT birth_date FROM persons WHERE id = $1";
        let born: Option<Option<NaiveDate>> = with_tx!(self, conn => sqlx::query_scalar(sql).bind(person_id).fetch_optional(&mut *conn).await?);
        Ok(born.flatten())
    }
}

impl Store {
    /// The case's consents, oldest first.
    pub async fn consents(&self, case_id: i64) -> Result<Vec<RecordedConsent>, StoreError> {
        Ok(with_pool!(self, pool => sqlx::query_as(CONSENTS).bind(case_id).fetch_all(pool).await)?)
    }

    /// The case's newest decision.
    pub async fn decision(&self, case_id: i64) -> Result<Option<RecordedDecision>, StoreError> {
        Ok(with_pool!(self, pool => sqlx::query_as(DECISION).bind(case_id).fetch_optional(pool).await)?)
    }
}
