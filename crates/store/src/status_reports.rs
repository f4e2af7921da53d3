//! Status reports (`0020_status_reports.sql`): written as drafts, edited while drafts, approved
//! and sent with who and when; a case's reports, one report, and the sent reports on the cases
//! a caseworker referred (their inbox). The state guards are in `domain::status_report`; each
//! change here also checks the state it expects in its `WHERE`, so two leaders approving at
//! once approve once.

use crate::tx::with_tx;
use crate::{Entity, Store, StoreError, Tx, with_pool};
use chrono::{NaiveDate, Utc};
use familiehus_domain::CaseEventKind;
use familiehus_domain::status_report::{ReportEdit, ReportState};

/// One report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReport {
    pub id: i64,
    pub case_id: i64,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    /// The follow-up it was written for: its report deadline is met once this is sent.
    pub follow_up_number: i64,
    pub state: ReportState,
    pub edit: ReportEdit,
    pub written_by: Option<String>,
    pub created_at: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    pub sent_at: Option<String>,
}

/// A sent report in a caseworker's inbox: no text, the case's person by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentReport {
    pub id: i64,
    pub case_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub service_name: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub sent_at: String,
}

const SELECT: &str = "SELECT r.id, r.case_id, r.period_from, r.period_to, r.follow_up_number, r.state, r.body, r.family_read_on, r.family_remarks, w.display_name, r.created_at, \
    a.display_name, r.approved_at, r.sent_at FROM status_reports r LEFT JOIN users w ON w.id = r.written_by LEFT JOIN users a ON a.id = r.approved_by";

type Row =
    (i64, i64, NaiveDate, NaiveDate, i64, String, String, Option<NaiveDate>, String, Option<String>, String, Option<String>, Option<String>, Option<String>);

fn report(
    (
        id,
        case_id,
        period_from,
        period_to,
        follow_up_number,
        state,
        body,
        family_read_on,
        family_remarks,
        written_by,
        created_at,
        approved_by,
        approved_at,
        sent_at,
    ): Row,
) -> Result<StatusReport, StoreError> {
    let state = ReportState::from_code(&state).ok_or_else(|| StoreError::Corrupt(format!("status report {id} state {state}")))?;
    Ok(StatusReport {
        id,
        case_id,
        period_from,
        period_to,
        follow_up_number,
        state,
        edit: ReportEdit { body, family_read_on, family_remarks },
        written_by,
        created_at,
        approved_by,
        approved_at,
        sent_at,
    })
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Store {
    /// A case's reports, newest first.
    pub async fn status_reports(&self, case_id: i64) -> Result<Vec<StatusReport>, StoreError> {
        let sql = format!("{SELECT} WHERE r.case_id = $1 ORDER BY r.period_to DESC, r.id DESC");
        let rows: Vec<Row> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(case_id).fetch_all(pool).await)?;
        rows.into_iter().map(report).collect()
    }

    /// One report.
    pub async fn status_report(&self, id: i64) -> Result<StatusReport, StoreError> {
        let sql = format!("{SELECT} WHERE r.id = $1");
        let row: Option<Row> = with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(pool).await)?;
        report(row.ok_or(StoreError::NotFound { entity: Entity::StatusReport, id })?)
    }

    /// Of these cases, the follow-ups whose status report has been sent: (case, follow-up number).
    pub async fn sent_report_follow_ups(&self, case_ids: &[i64]) -> Result<Vec<(i64, i64)>, StoreError> {
        let mut out = Vec::new();
        // Chunks keep the statement within both databases' parameter limits.
        for chunk in case_ids.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!("SELECT DISTINCT case_id, follow_up_number FROM status_reports WHERE state = 'sent' AND case_id IN ({})", marks.join(", "));
            let mut rows: Vec<(i64, i64)> = with_pool!(self, pool => {
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
                for id in chunk {
                    q = q.bind(*id);
                }
                q.fetch_all(pool).await
            })?;
            out.append(&mut rows);
        }
        Ok(out)
    }

    /// The reports sent on cases `caseworker` referred, newest first, at most `limit`.
    pub async fn sent_reports_for_referrer(&self, caseworker: i64, limit: i64) -> Result<Vec<SentReport>, StoreError> {
        let sql = "SELECT r.id, r.case_id, p.id, p.name, s.name, r.period_from, r.period_to, r.sent_at FROM status_reports r JOIN cases c ON c.id = r.case_id \
            JOIN persons p ON p.id = c.person_id JOIN services s ON s.id = c.service_id WHERE c.referred_by_user_id = $1 AND r.sent_at IS NOT NULL ORDER BY r.sent_at DESC, r.id DESC LIMIT $2";
        type SentRow = (i64, i64, i64, String, String, NaiveDate, NaiveDate, Option<String>);
        let rows: Vec<SentRow> = with_pool!(self, pool => sqlx::query_as(sql).bind(caseworker).bind(limit).fetch_all(pool).await)?;
        Ok(rows
            .into_iter()
            .map(|(id, case_id, person_id, person_name, service_name, period_from, period_to, sent_at)| SentReport {
                id,
                case_id,
                person_id,
                person_name,
                service_name,
                period_from,
                period_to,
                sent_at: sent_at.unwrap_or_default(),
            })
            .collect())
    }
}

impl Tx {
    /// A new draft for the follow-up numbered `follow_up`; returns its id.
    pub async fn insert_status_report(
        &mut self,
        case_id: i64,
        follow_up: i64,
        period: (NaiveDate, NaiveDate),
        body: &str,
        by: Option<i64>,
    ) -> Result<i64, StoreError> {
        let sql = "INSERT INTO status_reports (case_id, follow_up_number, period_from, period_to, body, state, written_by, created_at) VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7) RETURNING id";
        Ok(
            with_tx!(self, conn => sqlx::query_scalar(sql).bind(case_id).bind(follow_up).bind(period.0).bind(period.1).bind(body).bind(by).bind(now()).fetch_one(conn).await)?,
        )
    }

    /// Saves a draft's text and the family's reading; `Concurrent` if it is no longer a draft.
    pub async fn update_status_report(&mut self, id: i64, edit: &ReportEdit) -> Result<(), StoreError> {
        let sql = "UPDATE status_reports SET body = $1, family_read_on = $2, family_remarks = $3 WHERE id = $4 AND state = 'draft'";
        let n = with_tx!(self, conn => sqlx::query(sql).bind(&edit.body).bind(edit.family_read_on).bind(&edit.family_remarks).bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
        if n == 0 { Err(StoreError::Concurrent) } else { Ok(()) }
    }

    /// Moves a report from `from` to `to`, recording who and when; `Concurrent` if someone
    /// moved it first.
    pub async fn move_status_report(&mut self, id: i64, from: ReportState, to: ReportState, by: Option<i64>) -> Result<(), StoreError> {
        let sql = match to {
            ReportState::Approved => "UPDATE status_reports SET state = $1, approved_by = $2, approved_at = $3 WHERE id = $4 AND state = $5",
            ReportState::Sent => "UPDATE status_reports SET state = $1, sent_by = $2, sent_at = $3 WHERE id = $4 AND state = $5",
            ReportState::Draft => return Err(StoreError::Corrupt("a report never returns to draft".into())),
        };
        let n = with_tx!(self, conn => sqlx::query(sql).bind(to.code()).bind(by).bind(now()).bind(id).bind(from.code()).execute(conn).await.map(|r| r.rows_affected()))?;
        if n == 0 { Err(StoreError::Concurrent) } else { Ok(()) }
    }

    /// The timeline's line for a sent report.
    pub async fn status_report_sent_event(&mut self, case_id: i64, on: NaiveDate, detail: &str, by: Option<i64>) -> Result<(), StoreError> {
        let sql = "INSERT INTO case_events (case_id, at, user_id, kind, occurred_on, detail) VALUES ($1, $2, $3, $4, $5, $6)";
        with_tx!(self, conn => sqlx::query(sql).bind(case_id).bind(now()).bind(by).bind(CaseEventKind::StatusReportSent.code()).bind(on).bind(detail).execute(conn).await.map(|_| ()))?;
        Ok(())
    }
}
