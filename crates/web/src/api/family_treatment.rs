//! Strengthened family treatment on a case: `/api/cases/{id}/phases` (get, put),
//! `/api/cases/{id}/network-maps` (list, add a snapshot) and `/api/cases/{id}/family-log` (what
//! the family may read). Each handler is one use case of `familiehus_app::family_treatment`
//! (need-to-know — outside it the case is 404 —, the domain's rules, the write and its
//! access-log entry); a refusal is 422 at its field with the Danish message, and a case on
//! another service is 422 at `service`.

use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use familiehus_app::family_treatment as ft;
use familiehus_domain::family_treatment::{Phase, Phases, PhasesDraft};
use familiehus_domain::network_map::{NetworkDraft, PersonDraft};
use familiehus_store::StoredNetworkMap;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The three phases' dates as sent: `2022-04-26` or `26.04.2022`, absent or empty for none.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PhasesIn {
    #[serde(default)]
    pub phase1_start: String,
    #[serde(default)]
    pub phase1_end: String,
    #[serde(default)]
    pub phase2_start: String,
    #[serde(default)]
    pub phase2_end: String,
    #[serde(default)]
    pub phase3_start: String,
    #[serde(default)]
    pub phase3_end: String,
}

impl PhasesIn {
    fn draft(self) -> PhasesDraft {
        PhasesDraft([(self.phase1_start, self.phase1_end), (self.phase2_start, self.phase2_end), (self.phase3_start, self.phase3_end)])
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PhaseOut {
    /// 1, 2 or 3.
    pub number: usize,
    /// `authority`, `service` or `closure`.
    pub phase: String,
    pub label_da: String,
    #[schema(value_type = Option<String>, format = Date)]
    pub starts_on: Option<NaiveDate>,
    #[schema(value_type = Option<String>, format = Date)]
    pub ends_on: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PhasesOut {
    pub case_id: i64,
    pub phases: Vec<PhaseOut>,
    /// The phase's number today, if the case is in one.
    pub current: Option<usize>,
}

fn phase_code(p: Phase) -> &'static str {
    match p {
        Phase::Authority => "authority",
        Phase::Service => "service",
        Phase::Closure => "closure",
    }
}

fn phases_out(case_id: i64, phases: &Phases, current: Option<Phase>) -> PhasesOut {
    let phases = Phase::ALL
        .iter()
        .zip(phases.0)
        .map(|(p, d)| PhaseOut { number: p.number(), phase: phase_code(*p).into(), label_da: p.label_da().into(), starts_on: d.starts_on, ends_on: d.ends_on })
        .collect();
    PhasesOut { case_id, phases, current: current.map(Phase::number) }
}

#[utoipa::path(get, path = "/api/cases/{id}/phases", operation_id = "getPhases", tag = "cases",
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 200, description = "The three phases and the current one", body = PhasesOut),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not", body = ErrorBody),
        (status = 404, description = "No such case, or outside the user's need-to-know", body = ErrorBody),
        (status = 422, description = "The case's service is not strengthened family treatment", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn get_phases(State(state): State<AppState>, user: CurrentUser, remote: Remote, ApiPath(id): ApiPath<i64>) -> Result<ApiJson<PhasesOut>, ApiError> {
    let (_, phases, current) = ft::phases(&state.app, &user.acting(&remote), id, "api").await?;
    Ok(ApiJson(phases_out(id, &phases, current)))
}

#[utoipa::path(put, path = "/api/cases/{id}/phases", operation_id = "savePhases", tag = "cases", request_body = PhasesIn,
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 200, description = "Saved, replacing the earlier dates", body = PhasesOut),
        (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not", body = ErrorBody),
        (status = 404, description = "No such case, or outside the user's need-to-know", body = ErrorBody),
        (status = 422, description = "Dates out of order, overlapping, outside the case, a start in the future; or not strengthened family treatment", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn save_phases(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<PhasesIn>,
) -> Result<ApiJson<PhasesOut>, ApiError> {
    let phases = ft::save_phases(&state.app, &user.acting(&remote), id, &input.draft()).await?;
    Ok(ApiJson(phases_out(id, &phases, phases.current(state.today()))))
}

/// A person in a network map.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NetworkPersonBody {
    pub name: String,
    /// To the family, in their words: "Mormor", "Nabo".
    pub relation: String,
    /// `close`, `medium` or `distant` (the inner, middle and outer circle).
    pub closeness: String,
}

/// A snapshot of the network to record.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NetworkMapIn {
    /// `2022-04-26` or `26.04.2022`; within the case's course, not in the future.
    pub taken_on: String,
    /// At most 40 people, each name once.
    pub people: Vec<NetworkPersonBody>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkMapOut {
    pub id: i64,
    #[schema(value_type = String, format = Date)]
    pub taken_on: NaiveDate,
    pub people: Vec<NetworkPersonBody>,
    /// RFC 3339, UTC.
    pub written_at: String,
    pub written_by_name: Option<String>,
}

impl From<&StoredNetworkMap> for NetworkMapOut {
    fn from(m: &StoredNetworkMap) -> Self {
        NetworkMapOut {
            id: m.id,
            taken_on: m.map.taken_on,
            people: m
                .map
                .people
                .iter()
                .map(|p| NetworkPersonBody { name: p.name.clone(), relation: p.relation.clone(), closeness: p.closeness.code().into() })
                .collect(),
            written_at: m.written_at.clone(),
            written_by_name: m.written_by_name.clone(),
        }
    }
}

#[utoipa::path(get, path = "/api/cases/{id}/network-maps", operation_id = "listNetworkMaps", tag = "cases",
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 200, description = "The network maps, oldest first", body = [NetworkMapOut]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not", body = ErrorBody),
        (status = 404, description = "No such case, or outside the user's need-to-know", body = ErrorBody),
        (status = 422, description = "The case's service is not strengthened family treatment", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn list_maps(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<Vec<NetworkMapOut>>, ApiError> {
    let (_, maps) = ft::network_maps(&state.app, &user.acting(&remote), id, "api").await?;
    Ok(ApiJson(maps.iter().map(Into::into).collect()))
}

#[utoipa::path(post, path = "/api/cases/{id}/network-maps", operation_id = "addNetworkMap", tag = "cases", request_body = NetworkMapIn,
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 201, description = "Recorded", body = NetworkMapOut),
        (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not", body = ErrorBody),
        (status = 404, description = "No such case, or outside the user's need-to-know", body = ErrorBody),
        (status = 422, description = "A bad date or row (`people`, each row named by number); or not strengthened family treatment", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn add_map(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<NetworkMapIn>,
) -> Result<(StatusCode, ApiJson<NetworkMapOut>), ApiError> {
    let acting = user.acting(&remote);
    let draft = NetworkDraft {
        taken_on: input.taken_on,
        people: input.people.into_iter().map(|p| PersonDraft { name: p.name, relation: p.relation, closeness: p.closeness }).collect(),
    };
    let map_id = ft::add_network_map(&state.app, &acting, id, &draft).await?;
    let (_, maps) = ft::network_maps(&state.app, &acting, id, "api").await?;
    let map = maps.iter().find(|m| m.id == map_id).ok_or_else(|| ApiError::Internal(format!("network map {map_id} not read back")))?;
    Ok((StatusCode::CREATED, ApiJson(map.into())))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyLogEntryOut {
    #[schema(value_type = String, format = Date)]
    pub occurred_on: NaiveDate,
    /// `14.05`, Danish local time.
    pub start_time: String,
    /// The kind's code (`talk`, `home_visit`, …) and its Danish label.
    pub kind: String,
    pub kind_da: String,
    pub minutes: u16,
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyGoalOut {
    /// `child`, `parent` or `family`.
    pub level: String,
    /// In the family's own words.
    pub text: String,
    #[schema(value_type = String, format = Date)]
    pub set_on: NaiveDate,
    #[schema(value_type = Option<String>, format = Date)]
    pub ended_on: Option<NaiveDate>,
    /// The latest rating, 1–10.
    pub latest_rating: Option<i64>,
}

/// What the family may read of their case.
#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyLogOut {
    pub case_id: i64,
    pub phases: PhasesOut,
    /// Only contacts marked "family may read", oldest first.
    pub entries: Vec<FamilyLogEntryOut>,
    pub goals: Vec<FamilyGoalOut>,
}

#[utoipa::path(get, path = "/api/cases/{id}/family-log", operation_id = "getFamilyLog", tag = "cases",
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 200, description = "The family-readable log", body = FamilyLogOut),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not", body = ErrorBody),
        (status = 404, description = "No such case, or outside the user's need-to-know", body = ErrorBody),
        (status = 422, description = "The case's service is not strengthened family treatment", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn family_log(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<FamilyLogOut>, ApiError> {
    let log = ft::family_log(&state.app, &user.acting(&remote), id, "api").await?;
    Ok(ApiJson(FamilyLogOut {
        case_id: id,
        phases: phases_out(id, &log.phases, log.current),
        entries: log
            .entries
            .iter()
            .map(|e| FamilyLogEntryOut {
                occurred_on: e.occurred_on,
                start_time: e.start.clone(),
                kind: e.kind.code().into(),
                kind_da: e.kind.label_da().into(),
                minutes: e.minutes,
                note: e.note.clone(),
            })
            .collect(),
        goals: log
            .goals
            .iter()
            .map(|g| FamilyGoalOut {
                level: g.level.clone(),
                text: g.text.clone(),
                set_on: g.set_on,
                ended_on: g.ended_on,
                latest_rating: g.ratings.last().map(|r| r.rating),
            })
            .collect(),
    }))
}

/// This resource's routes, each with what it requires (declared once: see `crate::routes`).
pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::{ChangeCases, ReadCases};
    use utoipa_axum::routes;
    vec![
        Route::json(Needs(ReadCases), routes!(get_phases)),
        Route::json(Needs(ChangeCases), routes!(save_phases)),
        Route::json(Needs(ReadCases), routes!(list_maps)),
        Route::json(Needs(ChangeCases), routes!(add_map)),
        Route::json(Needs(ReadCases), routes!(family_log)),
    ]
}
