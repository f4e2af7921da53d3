//! `/api/courses`: the group courses the user sees (`listCourses`: the plan's facts, leaders and
//! seats taken, no names) and recording attendance at a session (`recordAttendance`). Each is one
//! use case of `familiehus_app::groups` (who sees and runs a course, need-to-know on each case,
//! the attendance log entries, and the case started at the first session attended).

use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use familiehus_app::groups;
use familiehus_domain::group_course::Attendance;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct CourseOut {
    pub id: i64,
    pub service_id: i64,
    pub name: String,
    /// Display names of the one or two leaders.
    pub leaders: Vec<String>,
    pub capacity: i64,
    pub max_families: Option<i64>,
    pub participants: i64,
    pub min_age: i64,
    pub max_age: i64,
    pub place: String,
    /// `mon` … `sun`.
    pub weekday: String,
    /// `16.00`, Danish local time.
    pub start_time: String,
    pub minutes: i64,
    /// `weekly` or `fortnightly`.
    pub interval: String,
    pub step_built: bool,
    pub continuous_intake: bool,
    #[schema(value_type = Option<String>, format = Date)]
    pub next_session: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MarkIn {
    pub case_id: i64,
    /// `present`, `absent_notice` or `absent`.
    pub status: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AttendanceIn {
    pub marks: Vec<MarkIn>,
}

#[utoipa::path(get, path = "/api/courses", operation_id = "listCourses", tag = "groups",
    responses(
        (status = 200, description = "The courses the user sees, newest first", body = [CourseOut]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn list(State(state): State<AppState>, user: CurrentUser, remote: Remote) -> Result<ApiJson<Vec<CourseOut>>, ApiError> {
    let courses = groups::list(&state.app, &user.acting(&remote)).await?;
    Ok(ApiJson(
        courses
            .into_iter()
            .map(|s| {
                let c = s.course;
                CourseOut {
                    id: c.id,
                    service_id: c.service_id,
                    name: c.name,
                    leaders: s.leaders.into_iter().map(|l| l.display_name).collect(),
                    capacity: c.capacity,
                    max_families: c.max_families,
                    participants: c.participants,
                    min_age: c.min_age,
                    max_age: c.max_age,
                    place: c.place,
                    weekday: c.weekday,
                    start_time: c.start_time,
                    minutes: c.minutes,
                    interval: c.interval_code,
                    step_built: c.step_built,
                    continuous_intake: c.continuous_intake,
                    next_session: c.next_session,
                }
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/courses/{id}/sessions/{session}/attendance", operation_id = "recordAttendance", tag = "groups", request_body = AttendanceIn,
    params(("id" = i64, Path, description = "Course id"), ("session" = i64, Path, description = "Session id")),
    responses(
        (status = 204, description = "Recorded; a participant present for the first time has their case started on the session's date"),
        (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The user does not run the course, or a case is outside their need-to-know", body = ErrorBody),
        (status = 404, description = "No such course or session", body = ErrorBody),
        (status = 422, description = "Unknown status, not a participant, a cancelled or future session", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn record_attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath((id, session)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<AttendanceIn>,
) -> Result<StatusCode, ApiError> {
    let mut marks = Vec::new();
    for m in &input.marks {
        let Some(status) = Attendance::from_code(m.status.trim()) else {
            let e = familiehus_domain::FieldError::new(
                "status",
                "Fremmøde skal være present, absent_notice eller absent.",
                "status must be present, absent_notice or absent",
            );
            return Err(familiehus_app::AppError::from(e).into());
        };
        marks.push((m.case_id, status));
    }
    groups::record_attendance(&state.app, &user.acting(&remote), id, session, &marks).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// This resource's routes, each with what it requires (declared once: see `crate::routes`).
pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::{ChangeCases, ReadCases};
    use utoipa_axum::routes;
    vec![Route::json(Needs(ReadCases), routes!(list)), Route::json(Needs(ChangeCases), routes!(record_attendance))]
}
