//! The stored off-track mark of each case (`0029_stored_off_track.sql`): a trigger marks a case
//! stale when one of its ORS/SRS scores is added, changed or removed; `refresh_stale_off_track`
//! judges the stale ones with the rule the caller passes (`domain::off_track::flags`, applied
//! in `app::measurements`) and clears the mark; `off_track_ors_srs` reads the scores of the
//! marked, running cases in a scope — the few the front page shows — through the small index.
//!
//! As with the stored deadlines, the stale rows are read and rewritten in one write
//! transaction, locked on PostgreSQL (`FOR UPDATE`), so a score recorded meanwhile marks its
//! case stale again after the refresh commits.

use crate::cases::{SCOPE_SQL, scope_binds};
use crate::measurements::OrsSrsRow;
use crate::tx::with_tx;
use crate::{Store, StoreError, with_pool};
use familiehus_domain::CaseScope;

/// How many stale cases one transaction refreshes.
const BATCH: i64 = 500;

impl Store {
    /// Whether any case's off-track mark waits to be recomputed (one indexed probe).
    pub async fn has_stale_off_track(&self) -> Result<bool, StoreError> {
        let sql = "SELECT id FROM cases WHERE off_track_stale LIMIT 1";
        let found: Option<i64> = with_pool!(self, pool => sqlx::query_scalar(sql).fetch_optional(pool).await)?;
        Ok(found.is_some())
    }

    /// Judges every stale case with `off_track` (given its ORS/SRS rows in date order) and
    /// returns how many were refreshed.
    pub async fn refresh_stale_off_track(&self, off_track: impl Fn(&[OrsSrsRow]) -> bool) -> Result<u64, StoreError> {
        let lock = match self.backend() {
            crate::Backend::Sqlite => "",
            crate::Backend::Postgres => " FOR UPDATE",
        };
        let select = format!("SELECT id FROM cases WHERE off_track_stale ORDER BY id LIMIT $1{lock}");
        let update = "UPDATE cases SET off_track = $1, off_track_stale = FALSE WHERE id = $2";
        let mut refreshed = 0;
        loop {
            let mut tx = self.begin().await?;
            let ids: Vec<i64> = with_tx!(tx, conn => sqlx::query_scalar(sqlx::AssertSqlSafe(select.as_str())).bind(BATCH).fetch_all(&mut *conn).await?);
            if ids.is_empty() {
                tx.commit().await?;
                return Ok(refreshed);
            }
            let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
            let scores = format!(
                "SELECT case_id, instrument, measured_on, CAST(score AS BIGINT) FROM measurements \
                 WHERE instrument IN ('ors', 'srs') AND case_id IN ({}) ORDER BY case_id, measured_on, id",
                placeholders.join(", ")
            );
            let rows: Vec<OrsSrsRow> = with_tx!(tx, conn => {
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(scores.as_str()));
                for id in &ids {
                    q = q.bind(*id);
                }
                q.fetch_all(&mut *conn).await?
            });
            let mut by_case: std::collections::HashMap<i64, Vec<OrsSrsRow>> = std::collections::HashMap::new();
            for row in rows {
                by_case.entry(row.0).or_default().push(row);
            }
            for id in ids {
                let own = by_case.remove(&id).unwrap_or_default();
                with_tx!(tx, conn => sqlx::query(update).bind(off_track(&own)).bind(id).execute(&mut *conn).await?.rows_affected());
                refreshed += 1;
            }
            tx.commit().await?;
        }
    }

    /// The ORS/SRS rows (case, instrument, date, score; by case and date) of the running cases
    /// in `scope` marked off track, at most `limit` rows. The marked ids are a subquery so the
    /// planner starts from the small partial index; as a plain `c.off_track` term SQLite
    /// preferred scanning every started case (two seconds at a million cases).
    pub async fn off_track_ors_srs(&self, scope: CaseScope, limit: i64) -> Result<Vec<OrsSrsRow>, StoreError> {
        let (mode, unit, user) = scope_binds(scope);
        let sql = format!(
            "SELECT m.case_id, m.instrument, m.measured_on, CAST(m.score AS BIGINT) FROM cases c \
             JOIN services s ON s.id = c.service_id JOIN measurements m ON m.case_id = c.id \
             WHERE c.id IN (SELECT id FROM cases WHERE off_track) AND c.started_on IS NOT NULL AND c.closed_on IS NULL AND m.instrument IN ('ors', 'srs') AND {SCOPE_SQL} \
             ORDER BY m.case_id, m.measured_on, m.id LIMIT $4"
        );
        Ok(with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(mode).bind(unit).bind(user).bind(limit).fetch_all(pool).await)?)
    }
}
