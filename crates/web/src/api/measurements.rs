//! `/api/cases/{id}/measurements` (a case's goals with their ratings, its scores with their
//! readings, and the off-track flags with their rules) and `POST /api/cases/{id}/scores`
//! (record a score). Each handler is one use case of `familiehus_app::measurements`
//! (need-to-know, the instrument's range, the course's dates, the write and its access-log
//! entry); a refused score is 422 naming each field with the domain's Danish message.

use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use familiehus_app::measurements::{self, CaseMeasurements};
use familiehus_domain::measurement::{Instrument, ScoreDraft};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A score to record.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ScoreIn {
    /// `epds` (0–30), `sdq_total` (0–40), `ors` (0–40), `srs` (0–40), `who5` (raw 0–25) or
    /// `child_ruler` (1 green, 2 yellow, 3 red).
    pub instrument: String,
    /// `2022-04-20` or `20.04.2022`; from the case's start to its closure, not in the future.
    pub measured_on: String,
    pub score: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RatingOut {
    #[schema(value_type = String, format = Date)]
    pub rated_on: NaiveDate,
    /// 1–10.
    pub rating: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GoalOut {
    pub id: i64,
    /// `child`, `parent` or `family`.
    pub level: String,
    pub text: String,
    #[schema(value_type = String, format = Date)]
    pub set_on: NaiveDate,
    #[schema(value_type = Option<String>, format = Date)]
    pub ended_on: Option<NaiveDate>,
    pub ratings: Vec<RatingOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScoreOut {
    pub id: i64,
    pub instrument: String,
    #[schema(value_type = String, format = Date)]
    pub measured_on: NaiveDate,
    pub score: i64,
    /// The score against the instrument's thresholds, in Danish (`Klinisk område`).
    pub reading: String,
    pub concern: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FlagOut {
    /// `ors_no_improvement`, `srs_below_cut_off` or `srs_falling`.
    pub rule: String,
    /// The rule in Danish, as the case page shows it.
    pub rule_da: String,
    pub evidence: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeasurementsOut {
    pub goals: Vec<GoalOut>,
    pub scores: Vec<ScoreOut>,
    pub flags: Vec<FlagOut>,
}

impl From<CaseMeasurements> for MeasurementsOut {
    fn from(m: CaseMeasurements) -> Self {
        let goals = m
            .goals
            .into_iter()
            .map(|g| GoalOut {
                id: g.id,
                level: g.level,
                text: g.text,
                set_on: g.set_on,
                ended_on: g.ended_on,
                ratings: g.ratings.into_iter().map(|r| RatingOut { rated_on: r.rated_on, rating: r.rating }).collect(),
            })
            .collect();
        let scores = m
            .scores
            .into_iter()
            .map(|s| {
                let reading = Instrument::from_code(&s.instrument).map(|i| i.reading(s.score, m.thresholds));
                ScoreOut {
                    id: s.id,
                    instrument: s.instrument,
                    measured_on: s.measured_on,
                    score: s.score,
                    concern: reading.as_ref().is_some_and(|r| r.concern),
                    reading: reading.map(|r| r.label).unwrap_or_default(),
                }
            })
            .collect();
        let flags = m.flags.into_iter().map(|f| FlagOut { rule: f.rule.code().to_owned(), rule_da: f.rule.rule_da(), evidence: f.evidence }).collect();
        MeasurementsOut { goals, scores, flags }
    }
}

#[utoipa::path(get, path = "/api/cases/{id}/measurements", operation_id = "listMeasurements", tag = "cases",
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 200, description = "The case's goals with ratings, scores by date, and off-track flags", body = MeasurementsOut),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not, or the case is outside the user's need-to-know", body = ErrorBody),
        (status = 404, description = "No such case", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn list(State(state): State<AppState>, user: CurrentUser, remote: Remote, ApiPath(id): ApiPath<i64>) -> Result<ApiJson<MeasurementsOut>, ApiError> {
    Ok(ApiJson(measurements::list(&state.app, &user.acting(&remote), id, "api").await?.into()))
}

#[utoipa::path(post, path = "/api/cases/{id}/scores", operation_id = "addScore", tag = "cases", request_body = ScoreIn,
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 201, description = "Recorded; the case's goals, scores and flags after it", body = MeasurementsOut),
        (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not, or the case is outside the user's need-to-know", body = ErrorBody),
        (status = 404, description = "No such case", body = ErrorBody),
        (status = 422, description = "Outside the instrument's range, before the start, after the closure or in the future", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ScoreIn>,
) -> Result<(StatusCode, ApiJson<MeasurementsOut>), ApiError> {
    let acting = user.acting(&remote);
    let draft = ScoreDraft { instrument: input.instrument, measured_on: input.measured_on, score: input.score.to_string() };
    measurements::add_score(&state.app, &acting, id, &draft).await?;
    let after = measurements::list(&state.app, &acting, id, "api").await?;
    Ok((StatusCode::CREATED, ApiJson(after.into())))
}

/// This resource's routes, each with what it requires (declared once: see `crate::routes`).
pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::{ChangeCases, ReadCases};
    use utoipa_axum::routes;
    vec![Route::json(Needs(ReadCases), routes!(list)), Route::json(Needs(ChangeCases), routes!(add))]
}
