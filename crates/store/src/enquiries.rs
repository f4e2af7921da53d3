//! Enquiries from the public catalogue (`0012_enquiries.sql`) and the units' contact details.
//! Writes happen inside a unit of work (`Tx`), so accepting an enquiry, creating its case and
//! logging both commit together; the state changes are guarded by the status in the `WHERE`
//! clause, so two people handling one enquiry at once cannot both succeed.

use crate::tx::with_tx;
use crate::{Entity, Store, StoreError, Tx, with_pool};
use chrono::NaiveDate;
use familiehus_domain::enquiry::{EnquiryStatus, NewEnquiry};

/// A unit's contact details for "Kontakt os" (each empty until set).
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct UnitContact {
    pub phone: String,
    pub email: String,
    pub address: String,
}

/// One enquiry as stored. After erasure the personal fields are empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enquiry {
    pub id: i64,
    pub receipt: String,
    pub service_id: i64,
    pub service_name: String,
    pub unit_id: i64,
    /// RFC 3339, UTC.
    pub received_at: String,
    pub parent_name: String,
    pub phone: String,
    pub email: String,
    pub child_first_name: String,
    pub child_age: Option<u8>,
    pub child_birth_date: Option<NaiveDate>,
    pub difficulties: String,
    pub status: EnquiryStatus,
    pub answer: String,
    pub closed_on: Option<NaiveDate>,
    pub case_id: Option<i64>,
    pub erased_on: Option<NaiveDate>,
}

/// An enquiry due for erasure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasureCandidate {
    pub id: i64,
    pub receipt: String,
    pub closed_on: NaiveDate,
}

const SELECT: &str = "SELECT e.id, e.receipt, e.service_id, s.name, e.unit_id, e.received_at, e.parent_name, e.phone, e.email, e.child_first_name, \
    e.child_age, e.child_birth_date, e.difficulties, e.status, e.answer, e.closed_on, e.case_id, e.erased_on \
    FROM enquiries e JOIN services s ON s.id = e.service_id";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    receipt: String,
    service_id: i64,
    name: String,
    unit_id: i64,
    received_at: String,
    parent_name: String,
    phone: String,
    email: String,
    child_first_name: String,
    child_age: Option<i64>,
    child_birth_date: Option<NaiveDate>,
    difficulties: String,
    status: String,
    answer: String,
    closed_on: Option<NaiveDate>,
    case_id: Option<i64>,
    erased_on: Option<NaiveDate>,
}

impl TryFrom<Row> for Enquiry {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        let status = EnquiryStatus::from_code(&r.status).ok_or_else(|| StoreError::Corrupt(format!("enquiry {}: status {}", r.id, r.status)))?;
        Ok(Enquiry {
            id: r.id,
            receipt: r.receipt,
            service_id: r.service_id,
            service_name: r.name,
            unit_id: r.unit_id,
            received_at: r.received_at,
            parent_name: r.parent_name,
            phone: r.phone,
            email: r.email,
            child_first_name: r.child_first_name,
            child_age: r.child_age.and_then(|a| u8::try_from(a).ok()),
            child_birth_date: r.child_birth_date,
            difficulties: r.difficulties,
            status,
            answer: r.answer,
            closed_on: r.closed_on,
            case_id: r.case_id,
            erased_on: r.erased_on,
        })
    }
}

impl Store {
    pub async fn unit_contact(&self, unit_id: i64) -> Result<UnitContact, StoreError> {
        let sql = "SELECT phone, email, address FROM units WHERE id = $1";
        let row: Option<UnitContact> = with_pool!(self, pool => sqlx::query_as(sql).bind(unit_id).fetch_optional(pool).await)?;
        row.ok_or(StoreError::NotFound { entity: Entity::Unit, id: unit_id })
    }

    pub async fn enquiry(&self, id: i64) -> Result<Enquiry, StoreError> {
        let sql = format!("{SELECT} WHERE e.id = $1");
        let row: Option<Row> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(pool).await)?;
        row.ok_or(StoreError::NotFound { entity: Entity::Enquiry, id })?.try_into()
    }

    /// The enquiries of a unit (every unit's for `None`), newest first; at most `limit`.
    pub async fn enquiries(&self, unit_id: Option<i64>, limit: i64) -> Result<Vec<Enquiry>, StoreError> {
        let sql = format!("{SELECT} WHERE ($1 IS NULL OR e.unit_id = $1) ORDER BY e.received_at DESC, e.id DESC LIMIT $2");
        let rows: Vec<Row> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(unit_id).bind(limit).fetch_all(pool).await)?;
        rows.into_iter().map(TryInto::try_into).collect()
    }
}

impl Tx {
    pub async fn set_unit_contact(&mut self, unit_id: i64, contact: &UnitContact) -> Result<(), StoreError> {
        let sql = "UPDATE units SET phone = $1, email = $2, address = $3 WHERE id = $4";
        let done = with_tx!(self, conn => sqlx::query(sql).bind(contact.phone.trim()).bind(contact.email.trim()).bind(contact.address.trim()).bind(unit_id).execute(conn).await.map(|r| r.rows_affected()))?;
        if done == 0 { Err(StoreError::NotFound { entity: Entity::Unit, id: unit_id }) } else { Ok(()) }
    }

    /// Stores a new enquiry under `receipt`; `None` when the receipt is taken (the caller draws
    /// another), so a collision never fails the citizen's form.
    pub async fn insert_enquiry(
        &mut self,
        e: &NewEnquiry,
        service_id: i64,
        unit_id: i64,
        receipt: &str,
        received: (&str, NaiveDate),
    ) -> Result<Option<i64>, StoreError> {
        let (received_at, received_on) = received;
        let sql = "INSERT INTO enquiries (receipt, service_id, unit_id, received_at, received_on, parent_name, phone, email, child_first_name, child_age, child_birth_date, difficulties, status) \
            VALUES ($1, $2, $3, $4, $12, $5, $6, $7, $8, $9, $10, $11, 'new') ON CONFLICT (receipt) DO NOTHING RETURNING id";
        let age = e.child_age.map(i64::from);
        Ok(with_tx!(self, conn => sqlx::query_scalar(sql)
            .bind(receipt).bind(service_id).bind(unit_id).bind(received_at).bind(&e.parent_name).bind(&e.phone).bind(&e.email)
            .bind(&e.child_first_name).bind(age).bind(e.child_birth_date).bind(&e.difficulties).bind(received_on)
            .fetch_optional(conn).await)?)
    }

    pub async fn enquiry(&mut self, id: i64) -> Result<Enquiry, StoreError> {
        let sql = format!("{SELECT} WHERE e.id = $1");
        let row: Option<Row> = with_tx!(self, conn => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(conn).await)?;
        row.ok_or(StoreError::NotFound { entity: Entity::Enquiry, id })?.try_into()
    }

    /// Marks a new enquiry handled: accepted with its case, or closed with the answer. Returns
    /// false when it was no longer new (someone else handled it first).
    pub async fn finish_enquiry(
        &mut self,
        id: i64,
        status: EnquiryStatus,
        answer: &str,
        case_id: Option<i64>,
        on: NaiveDate,
        by: Option<i64>,
    ) -> Result<bool, StoreError> {
        let sql = "UPDATE enquiries SET status = $1, answer = $2, case_id = $3, closed_on = $4, closed_by = $5 WHERE id = $6 AND status = 'new'";
        let done = with_tx!(self, conn => sqlx::query(sql).bind(status.code()).bind(answer).bind(case_id).bind(on).bind(by).bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// Handled enquiries not yet erased, closed before `cutoff`; the oldest first.
    pub async fn enquiries_due_for_erasure(&mut self, cutoff: NaiveDate) -> Result<Vec<ErasureCandidate>, StoreError> {
        let sql = "SELECT id, receipt, closed_on FROM enquiries WHERE status <> 'new' AND erased_on IS NULL AND closed_on < $1 ORDER BY closed_on, id";
        let rows: Vec<(i64, String, NaiveDate)> = with_tx!(self, conn => sqlx::query_as(sql).bind(cutoff).fetch_all(conn).await)?;
        Ok(rows.into_iter().map(|(id, receipt, closed_on)| ErasureCandidate { id, receipt, closed_on }).collect())
    }

    /// How many enquiries received before `cutoff` are still unanswered: never erased silently,
    /// so the administrator is told.
    pub async fn unanswered_enquiries_before(&mut self, cutoff: NaiveDate) -> Result<i64, StoreError> {
        let sql = "SELECT CAST(COUNT(*) AS BIGINT) FROM enquiries WHERE status = 'new' AND received_on < $1";
        Ok(with_tx!(self, conn => sqlx::query_scalar(sql).bind(cutoff).fetch_one(conn).await)?)
    }

    /// Clears an enquiry's personal data (contact details, the child's name and age, the text
    /// and the answer); the receipt, service, dates and status stay for counts.
    pub async fn erase_enquiry(&mut self, id: i64, today: NaiveDate) -> Result<(), StoreError> {
        let sql = "UPDATE enquiries SET parent_name = '', phone = '', email = '', child_first_name = '', child_age = NULL, child_birth_date = NULL, \
            difficulties = '', answer = '', erased_on = $1 WHERE id = $2";
        with_tx!(self, conn => sqlx::query(sql).bind(today).bind(id).execute(conn).await.map(|_| ()))?;
        Ok(())
    }
}
