//! Goals and measurements of a case: set a goal, end one, rate the running goals on a date,
//! record an instrument score; what the case page shows (goals with ratings, scores, the
//! off-track flags, the municipality's thresholds); the API's list (logged); and the flagged
//! cases of a leader's scope for the front page (each case shown logged). Reading and writing
//! need the case in the actor's `CaseScope`; writing needs `ChangeCases`. Each write is one
//! transaction with its access-log entry (and, for goals and ratings, its timeline event).

use crate::{Acting, App, AppError};
use familiehus_domain::measurement::{CourseFrame, GoalDraft, Instrument, RatingsDraft, ScoreDraft, Thresholds};
use familiehus_domain::off_track::{Flag, Point, flags};
use familiehus_domain::{AuditAction, CaseScope, Permission};
use familiehus_store::{CaseRecord, Goal, Measurement, Tx};

/// Everything the case page and the API show of a case's goals and scores.
#[derive(Debug, Clone)]
pub struct CaseMeasurements {
    pub goals: Vec<Goal>,
    pub scores: Vec<Measurement>,
    pub flags: Vec<Flag>,
    pub thresholds: Thresholds,
}

/// The off-track flags of a case's scores (in date order).
pub fn flags_of(scores: &[Measurement]) -> Vec<Flag> {
    let series = |i: Instrument| scores.iter().filter(|m| m.instrument == i.code()).map(|m| Point { on: m.measured_on, score: m.score }).collect::<Vec<_>>();
    flags(&series(Instrument::Ors), &series(Instrument::Srs))
}

async fn gather(app: &App, case_id: i64) -> Result<CaseMeasurements, AppError> {
    let goals = app.store.goals(case_id).await?;
    let scores = app.store.measurements(case_id).await?;
    let thresholds = crate::settings::settings(app).await?.thresholds();
    Ok(CaseMeasurements { flags: flags_of(&scores), goals, scores, thresholds })
}

/// The goals and scores of a case the caller has read through `cases::read` (need-to-know
/// checked and the read logged there): the case page.
pub async fn of_read_case(app: &App, record: &CaseRecord) -> Result<CaseMeasurements, AppError> {
    gather(app, record.id).await
}

/// A case's goals and scores on their own (the API), within need-to-know, logged.
pub async fn list(app: &App, acting: &Acting, case_id: i64, place: &str) -> Result<CaseMeasurements, AppError> {
    let record = crate::cases::visible(app, acting, case_id).await?;
    let found = gather(app, case_id).await?;
    app.store.log_access(vec![crate::cases::logged(acting, AuditAction::ReadMeasurements, &record, place.to_owned())]).await?;
    Ok(found)
}

/// Whether the actor may set goals and record scores (the case page shows the forms then).
pub fn may_write(acting: &Acting) -> bool {
    acting.require(Permission::ChangeCases).is_ok()
}

/// The write transaction with the case read in it, once the actor may change it.
async fn open(app: &App, acting: &Acting, case_id: i64) -> Result<(Tx, CaseRecord, CourseFrame), AppError> {
    acting.require(Permission::ChangeCases)?;
    let mut tx = app.store.begin().await?;
    let record = tx.case(case_id).await?;
    if !acting.actor().case_scope().includes(&record.access_facts()) {
        return Err(AppError::Forbidden);
    }
    let frame = CourseFrame { started_on: record.case.started_on(), closed_on: record.case.closed_on(), today: app.today() };
    Ok((tx, record, frame))
}

/// Sets a goal on a started case; returns its id.
pub async fn add_goal(app: &App, acting: &Acting, case_id: i64, draft: &GoalDraft) -> Result<i64, AppError> {
    let (mut tx, record, frame) = open(app, acting, case_id).await?;
    let goal = draft.check(&frame)?;
    let id = tx.add_goal(case_id, goal.level.code(), &goal.text, goal.set_on, acting.account_id()).await?;
    tx.log(crate::cases::logged(acting, AuditAction::AddGoal, &record, format!("goal {id}")));
    tx.commit().await?;
    Ok(id)
}

/// Ends a running goal (reached, or no longer the family's): it keeps its ratings and stays
/// in the chart, but is no longer rated. `ended_on` follows the same date rule as a rating.
pub async fn end_goal(app: &App, acting: &Acting, case_id: i64, goal_id: i64, ended_on: &str) -> Result<(), AppError> {
    let (mut tx, record, frame) = open(app, acting, case_id).await?;
    if !tx.case_goals(case_id).await?.iter().any(|g| g.id == goal_id) {
        return Err(AppError::Store(familiehus_store::StoreError::NotFound { entity: familiehus_store::Entity::Goal, id: goal_id }));
    }
    let mut problems = Vec::new();
    let on = familiehus_domain::measurement::read_dated("ended_on", ended_on, &frame, &mut problems);
    let Some(on) = on.filter(|_| problems.is_empty()) else { return Err(AppError::Invalid(familiehus_domain::ValidationErrors(problems))) };
    tx.end_goal(case_id, goal_id, on, acting.account_id()).await?;
    tx.log(crate::cases::logged(acting, AuditAction::EndGoal, &record, format!("goal {goal_id}")));
    tx.commit().await?;
    Ok(())
}

/// Rates running goals of the case on one date (a follow-up, or any session).
pub async fn rate_goals(app: &App, acting: &Acting, case_id: i64, draft: &RatingsDraft) -> Result<(), AppError> {
    let (mut tx, record, frame) = open(app, acting, case_id).await?;
    let (on, ratings) = draft.check(&frame)?;
    let goals = tx.case_goals(case_id).await?;
    for (goal_id, _) in &ratings {
        match goals.iter().find(|g| g.id == *goal_id) {
            Some(g) if g.ended_on.is_none() => {}
            Some(_) => return Err(AppError::invalid("rating", "Et afsluttet mål kan ikke vurderes.", "goal ended")),
            None => return Err(AppError::invalid("rating", "Målet hører ikke til sagen.", "goal not on the case")),
        }
    }
    tx.rate_goals(case_id, on, &ratings, acting.account_id()).await?;
    tx.log(crate::cases::logged(acting, AuditAction::RateGoals, &record, format!("{} goals", ratings.len())));
    tx.commit().await?;
    Ok(())
}

/// Records an instrument score; returns its id.
pub async fn add_score(app: &App, acting: &Acting, case_id: i64, draft: &ScoreDraft) -> Result<i64, AppError> {
    let (mut tx, record, frame) = open(app, acting, case_id).await?;
    let score = draft.check(&frame)?;
    let id = tx.add_measurement(case_id, score.instrument.code(), score.measured_on, score.score, acting.account_id()).await?;
    tx.log(crate::cases::logged(acting, AuditAction::AddScore, &record, format!("{} {id}", score.instrument.code())));
    tx.commit().await?;
    Ok(id)
}

/// A running case whose ORS/SRS scores raise a flag, for the leader's front page.
#[derive(Debug, Clone)]
pub struct FlaggedCase {
    pub record: CaseRecord,
    pub flags: Vec<Flag>,
}

/// Score rows read for the front page at most: the flagged cases' only (`refresh_off_track`).
const FLAG_SCORE_LIMIT: i64 = 100_000;

/// Each case's ORS and SRS series from rows ordered by case and date.
fn series(rows: &[familiehus_store::OrsSrsRow]) -> std::collections::BTreeMap<i64, (Vec<Point>, Vec<Point>)> {
    let mut by_case: std::collections::BTreeMap<i64, (Vec<Point>, Vec<Point>)> = std::collections::BTreeMap::new();
    for (case_id, instrument, on, score) in rows {
        let entry = by_case.entry(*case_id).or_default();
        let point = Point { on: *on, score: *score };
        if instrument == Instrument::Ors.code() { entry.0.push(point) } else { entry.1.push(point) }
    }
    by_case
}

/// Recomputes the stored off-track mark of the cases whose scores changed (nothing, after one
/// indexed probe, when none did): the one rule is `domain::off_track::flags`.
async fn refresh_off_track(app: &App) -> Result<(), AppError> {
    if !app.store.has_stale_off_track().await? {
        return Ok(());
    }
    let refreshed = app.store.refresh_stale_off_track(|rows| series(rows).values().any(|(ors, srs)| !flags(ors, srs).is_empty())).await?;
    tracing::debug!(refreshed, "stored off-track marks recomputed");
    Ok(())
}

/// The flagged running cases in the actor's scope (a unit leader: their unit), each shown case
/// logged. A municipality-wide scope gets none: flags are followed up per unit. Only the
/// marked cases' scores are read, so the cost follows the flagged cases, not the running ones.
pub async fn flagged_cases(app: &App, acting: &Acting, place: &str) -> Result<Vec<FlaggedCase>, AppError> {
    acting.require(Permission::ReadCases)?;
    let scope = acting.actor().case_scope();
    if scope == CaseScope::All {
        return Ok(Vec::new());
    }
    refresh_off_track(app).await?;
    let rows = app.store.off_track_ors_srs(scope, FLAG_SCORE_LIMIT).await?;
    let mut raised: std::collections::BTreeMap<i64, Vec<Flag>> = std::collections::BTreeMap::new();
    for (case_id, (ors, srs)) in series(&rows) {
        let found = flags(&ors, &srs);
        if !found.is_empty() {
            raised.insert(case_id, found);
        }
    }
    let ids: Vec<i64> = raised.keys().copied().collect();
    let records = app.store.cases_by_ids(&ids).await?;
    crate::access::log_shown(app, acting, place, records.iter().map(|c| (c.id, c.person_id))).await?;
    Ok(records.into_iter().filter_map(|record| raised.remove(&record.id).map(|flags| FlaggedCase { record, flags })).collect())
}
