//! The caseload of a unit's practitioners for its leader: per active practitioner or group
//! leader of the unit, the unit's started, open cases they carry, and the journal contacts
//! they took part in (as first or second practitioner, the entry's newest version) since a
//! day, with their minutes. One query for the whole unit; counts only.

use crate::{Store, StoreError, with_pool};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Caseload {
    pub user_id: i64,
    pub display_name: String,
    pub active_cases: i64,
    pub contacts: i64,
    pub minutes: i64,
}

impl Store {
    /// The caseload of every practitioner and group leader of `unit_id`, by name.
    pub async fn caseload(&self, unit_id: i64, since: NaiveDate) -> Result<Vec<Caseload>, StoreError> {
        let contacts = "FROM journal_versions v JOIN journal_entries e ON e.id = v.entry_id JOIN cases c ON c.id = e.case_id JOIN services s ON s.id = c.service_id \
            WHERE s.unit_id = $1 AND v.occurred_on >= $2 AND (v.practitioner_1 = u.id OR v.practitioner_2 = u.id) \
            AND v.version = (SELECT max(w.version) FROM journal_versions w WHERE w.entry_id = v.entry_id)";
        let sql = format!(
            "SELECT u.id AS user_id, u.display_name, \
             CAST((SELECT count(*) FROM cases c JOIN services s ON s.id = c.service_id WHERE c.assigned_user_id = u.id AND s.unit_id = $1 \
                   AND c.started_on IS NOT NULL AND c.closed_on IS NULL) AS BIGINT) AS active_cases, \
             CAST((SELECT count(*) {contacts}) AS BIGINT) AS contacts, \
             CAST((SELECT COALESCE(sum(v.minutes), 0) {contacts}) AS BIGINT) AS minutes \
             FROM users u WHERE u.unit_id = $1 AND u.active AND u.role IN ('practitioner', 'group_leader') ORDER BY u.display_name, u.id"
        );
        Ok(with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(unit_id).bind(since).fetch_all(pool).await)?)
    }
}
