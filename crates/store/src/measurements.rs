//! Goals, goal ratings and instrument scores of a case (`0017_goals_measurements.sql`): written
//! inside a unit of work (goals and ratings with their timeline event), read for the case page
//! and the API in two indexed queries, and the ORS/SRS scores of the running cases a scope sees
//! in one query (the leader's front page computes the off-track flags from them).

use crate::cases::{SCOPE_SQL, scope_binds};
use crate::tx::with_tx;
use crate::{Entity, Store, StoreError, Tx, with_pool};
use chrono::NaiveDate;
use familiehus_domain::{CaseEventKind, CaseScope};
use serde::Serialize;

/// A goal with its ratings, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Goal {
    pub id: i64,
    pub case_id: i64,
    /// `GoalLevel`'s code.
    pub level: String,
    pub text: String,
    pub set_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub ratings: Vec<GoalRating>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct GoalRating {
    #[serde(skip)]
    pub goal_id: i64,
    pub rated_on: NaiveDate,
    pub rating: i64,
}

/// An instrument score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Measurement {
    pub id: i64,
    pub case_id: i64,
    /// `Instrument`'s code.
    pub instrument: String,
    pub measured_on: NaiveDate,
    pub score: i64,
    pub recorded_at: String,
    pub recorded_by_name: Option<String>,
}

#[derive(sqlx::FromRow)]
struct GoalRow {
    id: i64,
    case_id: i64,
    level: String,
    text: String,
    set_on: NaiveDate,
    ended_on: Option<NaiveDate>,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

const EVENT: &str = "INSERT INTO case_events (case_id, at, user_id, kind, occurred_on, detail) VALUES ($1, $2, $3, $4, $5, $6)";

impl Tx {
    /// A new goal on the case, with its timeline event (`detail`).
    pub async fn add_goal(&mut self, case_id: i64, level: &str, text: &str, set_on: NaiveDate, by: Option<i64>) -> Result<i64, StoreError> {
        let insert = "INSERT INTO goals (case_id, level, text, set_on, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let at = now();
        let detail = format!("Mål: {}", text.trim());
        let id: i64 = with_tx!(self, conn => {
            let id: i64 = sqlx::query_scalar(insert).bind(case_id).bind(level).bind(text.trim()).bind(set_on).bind(&at).bind(by).fetch_one(&mut *conn).await?;
            sqlx::query(EVENT).bind(case_id).bind(&at).bind(by).bind(CaseEventKind::GoalSet.code()).bind(set_on).bind(&detail).execute(&mut *conn).await?;
            id
        });
        Ok(id)
    }

    /// Ends a running goal of the case on `ended_on`; a goal already ended is refused at `ended_on`.
    pub async fn end_goal(&mut self, case_id: i64, goal_id: i64, ended_on: NaiveDate, by: Option<i64>) -> Result<(), StoreError> {
        let update = "UPDATE goals SET ended_on = $1 WHERE id = $2 AND case_id = $3 AND ended_on IS NULL RETURNING text";
        let at = now();
        with_tx!(self, conn => {
            let text: Option<String> = sqlx::query_scalar(update).bind(ended_on).bind(goal_id).bind(case_id).fetch_optional(&mut *conn).await?;
            let Some(text) = text else {
                return Err(StoreError::invalid("ended_on", "Målet er allerede afsluttet.", "goal already ended"));
            };
            let detail = format!("Mål afsluttet: {text}");
            sqlx::query(EVENT).bind(case_id).bind(&at).bind(by).bind(CaseEventKind::GoalEnded.code()).bind(ended_on).bind(&detail).execute(&mut *conn).await?;
        });
        Ok(())
    }

    /// The case's goals as read inside the unit of work (without ratings).
    pub async fn case_goals(&mut self, case_id: i64) -> Result<Vec<Goal>, StoreError> {
        let sql = "SELECT id, case_id, level, text, set_on, ended_on FROM goals WHERE case_id = $1 ORDER BY id";
        let rows: Vec<GoalRow> = with_tx!(self, conn => sqlx::query_as(sql).bind(case_id).fetch_all(&mut *conn).await?);
        Ok(rows.into_iter().map(|r| goal(r, Vec::new())).collect())
    }

    /// Ratings of several goals on one date, with one timeline event.
    pub async fn rate_goals(&mut self, case_id: i64, rated_on: NaiveDate, ratings: &[(i64, i64)], by: Option<i64>) -> Result<(), StoreError> {
        let insert = "INSERT INTO goal_ratings (goal_id, rated_on, rating, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5)";
        let at = now();
        let detail = format!("{} mål vurderet", ratings.len());
        with_tx!(self, conn => {
            for (goal_id, rating) in ratings {
                sqlx::query(insert).bind(goal_id).bind(rated_on).bind(rating).bind(&at).bind(by).execute(&mut *conn).await?;
            }
            sqlx::query(EVENT).bind(case_id).bind(&at).bind(by).bind(CaseEventKind::GoalsRated.code()).bind(rated_on).bind(&detail).execute(&mut *conn).await?;
        });
        Ok(())
    }

    /// An instrument score on the case. Scores have no timeline event: there can be one every
    /// session, and the case page shows them in their own chart and table.
    pub async fn add_measurement(&mut self, case_id: i64, instrument: &str, measured_on: NaiveDate, score: i64, by: Option<i64>) -> Result<i64, StoreError> {
        let insert =
            "INSERT INTO measurements (case_id, instrument, measured_on, score, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let at = now();
        let id: i64 = with_tx!(self, conn => sqlx::query_scalar(insert).bind(case_id).bind(instrument).bind(measured_on).bind(score).bind(&at).bind(by).fetch_one(&mut *conn).await?);
        Ok(id)
    }
}

fn goal(r: GoalRow, ratings: Vec<GoalRating>) -> Goal {
    Goal { id: r.id, case_id: r.case_id, level: r.level, text: r.text, set_on: r.set_on, ended_on: r.ended_on, ratings }
}

/// (case id, instrument code, date, score) of ORS and SRS, per case in date order.
pub type OrsSrsRow = (i64, String, NaiveDate, i64);

impl Store {
    /// The case's goals in the order set, each with its ratings by date.
    pub async fn goals(&self, case_id: i64) -> Result<Vec<Goal>, StoreError> {
        let goals = "SELECT id, case_id, level, text, set_on, ended_on FROM goals WHERE case_id = $1 ORDER BY id";
        let ratings = "SELECT r.goal_id, r.rated_on, CAST(r.rating AS BIGINT) AS rating FROM goal_ratings r JOIN goals g ON g.id = r.goal_id \
            WHERE g.case_id = $1 ORDER BY r.rated_on, r.id";
        let rows: Vec<GoalRow> = with_pool!(self, pool => sqlx::query_as(goals).bind(case_id).fetch_all(pool).await)?;
        let mut all: Vec<GoalRating> = with_pool!(self, pool => sqlx::query_as(ratings).bind(case_id).fetch_all(pool).await)?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let mine = all.extract_if(.., |x| x.goal_id == r.id).collect();
                goal(r, mine)
            })
            .collect())
    }

    /// One goal of the case, or `NotFound`.
    pub async fn goal(&self, case_id: i64, goal_id: i64) -> Result<Goal, StoreError> {
        self.goals(case_id).await?.into_iter().find(|g| g.id == goal_id).ok_or(StoreError::NotFound { entity: Entity::Goal, id: goal_id })
    }

    /// The case's scores by date, then as recorded.
    pub async fn measurements(&self, case_id: i64) -> Result<Vec<Measurement>, StoreError> {
        let sql = "SELECT m.id, m.case_id, m.instrument, m.measured_on, CAST(m.score AS BIGINT) AS score, m.recorded_at, u.display_name AS recorded_by_name \
            FROM measurements m LEFT JOIN users u ON u.id = m.recorded_by WHERE m.case_id = $1 ORDER BY m.measured_on, m.id";
        Ok(with_pool!(self, pool => sqlx::query_as(sql).bind(case_id).fetch_all(pool).await)?)
    }

    /// The ORS and SRS scores of the started, running cases a scope sees, at most `limit` rows.
    pub async fn running_ors_srs(&self, scope: CaseScope, limit: i64) -> Result<Vec<OrsSrsRow>, StoreError> {
        let (mode, unit, user) = scope_binds(scope);
        let sql = format!(
            "SELECT m.case_id, m.instrument, m.measured_on, CAST(m.score AS BIGINT) FROM measurements m \
             JOIN cases c ON c.id = m.case_id JOIN services s ON s.id = c.service_id \
             WHERE m.instrument IN ('ors', 'srs') AND c.started_on IS NOT NULL AND c.closed_on IS NULL AND {SCOPE_SQL} \
             ORDER BY m.case_id, m.measured_on, m.id LIMIT $4"
        );
        Ok(with_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(mode).bind(unit).bind(user).bind(limit).fetch_all(pool).await)?)
    }
}
