//! Demo only: gives the demo users work to see, by assigning recent open cases of a unit to a
//! practitioner and marking recent authority referrals as referred by a caseworker. Two bulk
//! updates rather than thousands of `assign_case` calls; no timeline events are written, as for
//! the rest of the seeded history.

use crate::{Store, StoreError};

impl Store {
    /// Assigns the `count` most recently enrolled open cases of `unit_id`'s services to
    /// `practitioner_id`, and marks the `count` most recent open authority-decision cases as
    /// referred by `caseworker_id`. Returns how many cases each update touched.
    pub async fn assign_demo_cases(&self, unit_id: i64, practitioner_id: i64, caseworker_id: i64, count: i64) -> Result<(u64, u64), StoreError> {
        let assign = "UPDATE cases SET assigned_user_id = $1 WHERE id IN (SELECT c.id FROM cases c JOIN services s ON s.id = c.service_id \
            WHERE s.unit_id = $2 AND c.closed_on IS NULL ORDER BY c.enrolled_on DESC, c.id DESC LIMIT $3)";
        let refer = "UPDATE cases SET referred_by_user_id = $1 WHERE id IN (SELECT id FROM cases \
            WHERE referral_source = 'authority_decision' AND closed_on IS NULL ORDER BY enrolled_on DESC, id DESC LIMIT $2)";
        let assigned = crate::with_writer!(self, pool => sqlx::query(assign).bind(practitioner_id).bind(unit_id).bind(count).execute(pool).await.map(|r| r.rows_affected()))?;
        let referred = crate::with_writer!(self, pool => sqlx::query(refer).bind(caseworker_id).bind(count).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok((assigned, referred))
    }
}
