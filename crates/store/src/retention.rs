//! Retention in the database: which persons are past the retention period (every case closed,
//! the newest closure before a cutoff), and removing a person's identity inside a unit of work.
//! The rule is `domain::retention`; the query below is its SQL form, and the use case in `app`
//! takes both in one transaction, so a case reopened meanwhile keeps its person.

use crate::tx::with_tx;
use crate::{StoreError, Tx};
use chrono::NaiveDate;
use familiehus_domain::retention::ANONYMISED_NAME_DA;

/// A person the retention rule applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionCandidate {
    pub person_id: i64,
    pub name: String,
    pub cases: i64,
    pub last_closed_on: NaiveDate,
}

impl Tx {
    /// Persons not yet anonymised with at least one case, every case closed, the newest closure
    /// before `cutoff`; the longest closed first.
    pub async fn retention_candidates(&mut self, cutoff: NaiveDate) -> Result<Vec<RetentionCandidate>, StoreError> {
        // COUNT(closed_on) counts closed cases only: equal to COUNT(*) when none is open.
        let sql = "SELECT p.id, p.name, CAST(COUNT(*) AS BIGINT), MAX(c.closed_on) FROM persons p JOIN cases c ON c.person_id = p.id \
                   WHERE p.anonymised_on IS NULL GROUP BY p.id, p.name \
                   HAVING COUNT(c.closed_on) = COUNT(*) AND MAX(c.closed_on) < $1 ORDER BY MAX(c.closed_on), p.id";
        let rows: Vec<(i64, String, i64, NaiveDate)> = with_tx!(self, conn => sqlx::query_as(sql).bind(cutoff).fetch_all(conn).await)?;
        Ok(rows.into_iter().map(|(person_id, name, cases, last_closed_on)| RetentionCandidate { person_id, name, cases, last_closed_on }).collect())
    }

    /// Removes a person's identity: name (replaced, since lists need one), CPR number, birth date,
    /// family; the free text of their cases' referrals and journal notes; and their cases' family
    /// members and attachments, deleted. The cases keep dates and codes, so
    /// report figures do not change. A family left without members goes too (its name is a
    /// surname). Returns whether the person was anonymised now (not before).
    pub async fn anonymise_person(&mut self, person_id: i64, today: NaiveDate) -> Result<bool, StoreError> {
        let family: Option<Option<i64>> = with_tx!(self, conn => sqlx::query_scalar("SELECT family_id FROM persons WHERE id = $1 AND anonymised_on IS NULL").bind(person_id).fetch_optional(conn).await)?;
        let Some(family) = family else { return Ok(false) };
        let sql = "UPDATE persons SET name = $1, cpr = NULL, cpr_hash = NULL, birth_date = NULL, family_id = NULL, family_role = NULL, anonymised_on = $2 WHERE id = $3";
        with_tx!(self, conn => sqlx::query(sql).bind(ANONYMISED_NAME_DA).bind(today).bind(person_id).execute(conn).await.map(|_| ()))?;
        with_tx!(self, conn => sqlx::query("UPDATE cases SET note = '' WHERE person_id = $1").bind(person_id).execute(conn).await.map(|_| ()))?;
        // Journal notes are free text about the family: the one exception to "a version is
        // never changed", as the law's deletion duty overrides the history. The contacts'
        // dates, kinds and minutes stay.
        let notes = "UPDATE journal_versions SET note = '' WHERE entry_id IN (SELECT e.id FROM journal_entries e JOIN cases c ON c.id = e.case_id WHERE c.person_id = $1)";
        with_tx!(self, conn => sqlx::query(notes).bind(person_id).execute(conn).await.map(|_| ()))?;
        // Status reports are free text too; their periods, states and dates stay.
        let reports = "UPDATE status_reports SET body = '', family_remarks = '' WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)";
        with_tx!(self, conn => sqlx::query(reports).bind(person_id).execute(conn).await.map(|_| ()))?;
        // The family around the child and the case's attachments are personal data through
        // and through: they go, rows and files (`family.rs`, `attachments.rs`).
        let members = "DELETE FROM case_family_members WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)";
        with_tx!(self, conn => sqlx::query(members).bind(person_id).execute(conn).await.map(|_| ()))?;
        let files = "DELETE FROM case_attachments WHERE case_id IN (SELECT id FROM cases WHERE person_id = $1)";
        with_tx!(self, conn => sqlx::query(files).bind(person_id).execute(conn).await.map(|_| ()))?;
        // The network map names people around the family: their names and relations go; the
        // maps' dates and circles stay.
        let network = "UPDATE network_people SET name = '', relation = '' WHERE map_id IN (SELECT m.id FROM network_maps m JOIN cases c ON c.id = m.case_id WHERE c.person_id = $1)";
        with_tx!(self, conn => sqlx::query(network).bind(person_id).execute(conn).await.map(|_| ()))?;
        // The earlier wordings of the referral note go with it (`case_details.rs`).
        let history =
            "UPDATE case_detail_changes SET old_value = '', new_value = '' WHERE field = 'note' AND case_id IN (SELECT id FROM cases WHERE person_id = $1)";
        with_tx!(self, conn => sqlx::query(history).bind(person_id).execute(conn).await.map(|_| ()))?;
        if let Some(family) = family {
            let sql = "DELETE FROM families WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM persons WHERE family_id = $1)";
            with_tx!(self, conn => sqlx::query(sql).bind(family).execute(conn).await.map(|_| ()))?;
        }
        Ok(true)
    }
}
