//! What the outcome report reads (`domain::outcome`): five statements for every service at
//! once, no query per case — the episodes closed in the period with their journal contacts,
//! their goal ratings and ORS scores, and the started episodes that ran in the period with the
//! follow-ups held on them. The figures are computed in `domain::outcome::build`.

use crate::{Store, StoreError, with_pool};
use chrono::NaiveDate;
use familiehus_domain::ClosureReason;
use familiehus_domain::outcome::{ClosedEpisode, HeldFollowUp, OrsScore, OutcomeFacts, Rating, RunningEpisode};

const CLOSED_SQL: &str = "SELECT c.id, c.service_id, c.started_on, c.closed_on, c.closure_reason, \
    CAST((SELECT count(*) FROM journal_entries j WHERE j.case_id = c.id) AS BIGINT) \
    FROM cases c WHERE c.closed_on >= $1 AND c.closed_on <= $2";

const RATINGS_SQL: &str = "SELECT g.case_id, g.id, r.rated_on, CAST(r.rating AS BIGINT), r.id \
    FROM goal_ratings r JOIN goals g ON g.id = r.goal_id JOIN cases c ON c.id = g.case_id \
    WHERE c.closed_on >= $1 AND c.closed_on <= $2";

const ORS_SQL: &str = "SELECT m.case_id, m.measured_on, CAST(m.score AS BIGINT), m.id \
    FROM measurements m JOIN cases c ON c.id = m.case_id \
    WHERE m.instrument = $3 AND c.closed_on >= $1 AND c.closed_on <= $2";

/// Started on or before the period's end, not closed before its start.
const RUNNING: &str = "c.started_on IS NOT NULL AND c.started_on <= $2 AND (c.closed_on IS NULL OR c.closed_on >= $1)";

type ClosedRow = (i64, i64, Option<NaiveDate>, NaiveDate, String, i64);

impl Store {
    /// The outcome report's rows for the period `from..=to`.
    pub async fn outcome_facts(&self, from: NaiveDate, to: NaiveDate) -> Result<OutcomeFacts, StoreError> {
        let running_sql = format!("SELECT c.id, c.service_id, c.started_on, c.closed_on FROM cases c WHERE {RUNNING}");
        let held_sql = format!("SELECT f.case_id, CAST(f.number AS BIGINT), f.held_on FROM follow_ups f JOIN cases c ON c.id = f.case_id WHERE {RUNNING}");
        let ors_code = familiehus_domain::measurement::Instrument::Ors.code();
        let (closed, ratings, ors, running, held) = with_pool!(self, pool => {
            let closed: Vec<ClosedRow> = sqlx::query_as(CLOSED_SQL).bind(from).bind(to).fetch_all(pool).await?;
            let ratings: Vec<(i64, i64, NaiveDate, i64, i64)> = sqlx::query_as(RATINGS_SQL).bind(from).bind(to).fetch_all(pool).await?;
            let ors: Vec<(i64, NaiveDate, i64, i64)> = sqlx::query_as(ORS_SQL).bind(from).bind(to).bind(ors_code).fetch_all(pool).await?;
            let running: Vec<(i64, i64, NaiveDate, Option<NaiveDate>)> =
                sqlx::query_as(sqlx::AssertSqlSafe(running_sql.as_str())).bind(from).bind(to).fetch_all(pool).await?;
            let held: Vec<(i64, i64, NaiveDate)> = sqlx::query_as(sqlx::AssertSqlSafe(held_sql.as_str())).bind(from).bind(to).fetch_all(pool).await?;
            (closed, ratings, ors, running, held)
        });
        let closed = closed
            .into_iter()
            .map(|(case_id, service_id, started_on, closed_on, reason, contacts)| {
                let reason = ClosureReason::from_code(&reason).ok_or_else(|| StoreError::Corrupt(format!("case {case_id}: closure_reason")))?;
                Ok(ClosedEpisode { case_id, service_id, started_on, closed_on, reason, contacts })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(OutcomeFacts {
            closed,
            ratings: ratings.into_iter().map(|(case_id, goal_id, rated_on, rating, seq)| Rating { case_id, goal_id, rated_on, rating, seq }).collect(),
            ors: ors.into_iter().map(|(case_id, measured_on, score, seq)| OrsScore { case_id, measured_on, score, seq }).collect(),
            running: running
                .into_iter()
                .map(|(case_id, service_id, started_on, closed_on)| RunningEpisode { case_id, service_id, started_on, closed_on })
                .collect(),
            held: held.into_iter().map(|(case_id, number, held_on)| HeldFollowUp { case_id, number, held_on }).collect(),
        })
    }
}
