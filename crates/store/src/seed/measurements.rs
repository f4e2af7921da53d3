//! Demo only: goals in the family's own words with ratings, and ORS/SRS scores (EPDS on some)
//! on the most recently started running cases of the demo practitioner's unit, so the case page's chart and the
//! leader's "Sager ude af kurs" have something to show: most cases improve, one has a flat ORS
//! and one a falling SRS (both flagged). Case dates are not touched, so the report's figures
//! stay as they were. The goals are written for the demo.

use crate::{Store, StoreError};
use chrono::NaiveDate;
use familiehus_domain::measurement::{GoalLevel, Instrument};

const GOALS: [(GoalLevel, &str); 6] = [
    (GoalLevel::Child, "Jeg vil gerne sove i min egen seng hele natten."),
    (GoalLevel::Parent, "Vi vil kunne sige nej uden at det ender i råben."),
    (GoalLevel::Family, "Vi spiser aftensmad sammen mindst fire dage om ugen."),
    (GoalLevel::Child, "Jeg vil gerne i skole hver dag, også om mandagen."),
    (GoalLevel::Parent, "Mor vil have en fast aftale med en veninde hver uge."),
    (GoalLevel::Family, "Vi har en god morgen uden skænderier."),
];

/// How a demo case's scores run.
#[derive(Clone, Copy)]
enum Course {
    Improving,
    FlatOrs,
    FallingSrs,
}

/// Cases given goals and scores.
const CASES: i64 = 10;

impl Store {
    /// Goals, ratings and scores, recorded by `practitioner_id`, on the most recently started
    /// running cases of `unit_id` that started at least four months before `today` (so every case
    /// has sessions enough for the ORS rule to judge). Returns the
    /// number of cases given them.
    pub async fn seed_demo_measurements(&self, unit_id: i64, practitioner_id: i64, today: NaiveDate) -> Result<usize, StoreError> {
        let sql = "SELECT c.id, c.started_on FROM cases c JOIN services s ON s.id = c.service_id \
            WHERE s.unit_id = $1 AND c.started_on IS NOT NULL AND c.started_on <= $2 AND c.closed_on IS NULL \
            ORDER BY c.started_on DESC, c.id LIMIT $3";
        let cutoff = today - chrono::Duration::days(120);
        let cases: Vec<(i64, NaiveDate)> = crate::with_pool!(self, pool => sqlx::query_as(sql).bind(unit_id).bind(cutoff).bind(CASES).fetch_all(pool).await)?;
        let mut tx = self.begin().await?;
        let mut given = 0;
        for (n, (case_id, started_on)) in cases.into_iter().enumerate() {
            let days = (today - started_on).num_days();
            let course = match n {
                1 => Course::FlatOrs,
                3 => Course::FallingSrs,
                _ => Course::Improving,
            };
            // Up to 8 sessions, spread from the start to a week ago.
            let sessions = ((days - 7) / 14).clamp(2, 8);
            let on = |i: i64| started_on + chrono::Duration::days((days - 7) * i / (sessions - 1).max(1));
            let base = 14 + (n as i64 * 3) % 8;
            for i in 0..sessions {
                let ors = match course {
                    Course::FlatOrs => base + i % 2,
                    _ => (base + i * 3).min(38),
                };
                let srs = match course {
                    Course::FallingSrs if i >= sessions - 3 => 37 - (i - (sessions - 3)) * 2,
                    _ => (36 + i / 2).min(40),
                };
                tx.add_measurement(case_id, Instrument::Ors.code(), on(i), ors, Some(practitioner_id)).await?;
                tx.add_measurement(case_id, Instrument::Srs.code(), on(i), srs, Some(practitioner_id)).await?;
            }
            if n % 3 == 0 {
                tx.add_measurement(case_id, Instrument::Epds.code(), on(0), 13, Some(practitioner_id)).await?;
                tx.add_measurement(case_id, Instrument::Epds.code(), on(sessions - 1), 8, Some(practitioner_id)).await?;
            }
            let mut goals = Vec::new();
            for g in 0..3 {
                let (level, text) = GOALS[(n + g) % GOALS.len()];
                goals.push(tx.add_goal(case_id, level.code(), text, started_on, Some(practitioner_id)).await?);
            }
            // Rated at the start, half-way and at the latest session, all goals at once.
            let mut rated = Vec::new();
            for (k, i) in [0, sessions / 2, sessions - 1].into_iter().enumerate() {
                if rated.contains(&on(i)) {
                    continue;
                }
                rated.push(on(i));
                let ratings: Vec<(i64, i64)> = goals
                    .iter()
                    .enumerate()
                    .map(|(g, id)| (*id, if matches!(course, Course::FlatOrs) { 4 } else { (2 + g as i64 + k as i64 * 2).min(10) }))
                    .collect();
                tx.rate_goals(case_id, on(i), &ratings, Some(practitioner_id)).await?;
            }
            given += 1;
        }
        tx.commit().await?;
        Ok(given)
    }
}
