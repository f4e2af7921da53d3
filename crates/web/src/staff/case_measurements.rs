//! Goals and measurements on the staff pages: the section the case page includes
//! (`section`), setting a goal (`POST /sager/{id}/maal`), rating the running goals
//! (`POST /sager/{id}/maal/vurdering`), ending a goal (`POST /sager/{id}/maal/{goal}/afslut`)
//! and recording a score (`POST /sager/{id}/maalinger`). The rules and need-to-know are
//! `familiehus_app::measurements`'; a refused form is shown again on its own page (422) with what
//! was typed and the message at each field. The view is `case_measurement_view`.

use super::case_measurement_view::{Only, Section, Typed};
use super::errors::PageError;
use super::layout::{FieldMsg, FormErrors, Layout, form_title, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::{AppError, measurements};
use familiehus_domain::CaseState;
use familiehus_domain::measurement::{GoalDraft, RatingsDraft, ScoreDraft};
use familiehus_store::{CaseRecord, StoreError};
use serde::Deserialize;
use std::collections::HashMap;

/// The section of a case the page has just read (and logged) through `cases::read`.
pub async fn section(state: &AppState, user: &CurrentUser, remote: &Remote, record: &CaseRecord) -> Result<Section, PageError> {
    let found = measurements::of_read_case(&state.app, record).await?;
    Ok(Section::new(record.id, found, may_write(user, remote, record), Only::All, Typed::default(), FormErrors::default(), state.today()))
}

fn may_write(user: &CurrentUser, remote: &Remote, record: &CaseRecord) -> bool {
    measurements::may_write(&user.acting(remote)) && record.state == CaseState::Active
}

#[derive(Template)]
#[template(path = "staff/case_measurement_page.html")]
struct FormPage {
    layout: Layout,
    errors: FormErrors,
    heading: &'static str,
    measurements: Section,
}

/// The domain's field names as the forms' ids.
fn form_field(only: Only, field: &'static str) -> &'static str {
    match (only, field) {
        (Only::Goal, "level") => "goal_level",
        (Only::Goal, "text") => "goal_text",
        (Only::Goal, _) => "goal_set_on",
        (Only::Score, "instrument") => "score_instrument",
        (Only::Score, "score") => "score",
        (Only::Score, _) => "measured_on",
        (_, "rated_on") => "rated_on",
        (_, "ended_on") => "rated_on",
        _ => "rating",
    }
}

/// The refused form on its own page; anything but invalid input is the request's failure.
async fn refused(state: &AppState, user: &CurrentUser, remote: &Remote, id: i64, only: Only, typed: Typed, e: AppError) -> Result<Response, PageError> {
    let list = match e {
        AppError::Invalid(list) | AppError::Store(StoreError::Invalid(list)) => list,
        other => return Err(other.into()),
    };
    let mut errors = FormErrors::default();
    for f in list.0 {
        let field = form_field(only, f.field);
        if errors.get(field).is_none() {
            errors.add(field, f.message_da);
        }
    }
    let acting = user.acting(remote);
    let record = familiehus_app::cases::visible(&state.app, &acting, id).await?;
    let found = measurements::of_read_case(&state.app, &record).await?;
    let heading = match only {
        Only::Goal => "Nyt mål",
        Only::Ratings => "Vurdér mål",
        Only::Score | Only::All => "Ny måling",
    };
    let summary = FormErrors { list: errors.list.iter().map(|e| FieldMsg { field: e.field, message: e.message.clone() }).collect() };
    let base = format!("{heading} – sag {id}");
    let view = FormPage {
        layout: Layout::new(form_title(&base, &errors), user, "/sager"),
        errors: summary,
        heading,
        measurements: Section::new(id, found, may_write(user, remote, &record), only, typed, errors, state.today()),
    };
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &view))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct GoalForm {
    goal_level: String,
    goal_text: String,
    goal_set_on: String,
}

#[tracing::instrument(skip_all)]
pub async fn add_goal(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<GoalForm>,
) -> Result<Response, PageError> {
    let text = super::fields::line_feeds(&form.goal_text);
    let draft = GoalDraft { level: form.goal_level.clone(), text: text.clone(), set_on: form.goal_set_on.clone() };
    match measurements::add_goal(&state.app, &user.acting(&remote), id, &draft).await {
        Ok(_) => Ok(Redirect::to(&format!("/sager/{id}?besked=maal#maal")).into_response()),
        Err(e) => {
            let typed = Typed { goal_level: form.goal_level, goal_text: text, goal_set_on: form.goal_set_on, ..Typed::default() };
            refused(&state, &user, &remote, id, Only::Goal, typed, e).await
        }
    }
}

/// `rated_on` and one `rating_{goal}` per running goal (an urlencoded form has no lists).
#[tracing::instrument(skip_all)]
pub async fn rate_goals(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let rated_on = form.get("rated_on").cloned().unwrap_or_default();
    let mut ratings: Vec<(i64, String)> =
        form.iter().filter_map(|(k, v)| k.strip_prefix("rating_").and_then(|g| g.parse::<i64>().ok()).map(|g| (g, v.clone()))).collect();
    ratings.sort_by_key(|(g, _)| *g);
    let draft = RatingsDraft { rated_on: rated_on.clone(), ratings: ratings.clone() };
    match measurements::rate_goals(&state.app, &user.acting(&remote), id, &draft).await {
        Ok(()) => Ok(Redirect::to(&format!("/sager/{id}?besked=maal_vurderet#maal")).into_response()),
        Err(e) => refused(&state, &user, &remote, id, Only::Ratings, Typed { rated_on, ratings, ..Typed::default() }, e).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EndForm {
    ended_on: String,
}

#[tracing::instrument(skip_all)]
pub async fn end_goal(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path((id, goal)): Path<(i64, i64)>,
    Form(form): Form<EndForm>,
) -> Result<Response, PageError> {
    let ended_on = if form.ended_on.trim().is_empty() { familiehus_domain::danish::date(state.today()) } else { form.ended_on.clone() };
    match measurements::end_goal(&state.app, &user.acting(&remote), id, goal, &ended_on).await {
        Ok(()) => Ok(Redirect::to(&format!("/sager/{id}?besked=maal_afsluttet#maal")).into_response()),
        Err(e) => refused(&state, &user, &remote, id, Only::Ratings, Typed { rated_on: ended_on, ..Typed::default() }, e).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ScoreForm {
    score_instrument: String,
    measured_on: String,
    score: String,
}

#[tracing::instrument(skip_all)]
pub async fn add_score(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<ScoreForm>,
) -> Result<Response, PageError> {
    let draft = ScoreDraft { instrument: form.score_instrument.clone(), measured_on: form.measured_on.clone(), score: form.score.clone() };
    match measurements::add_score(&state.app, &user.acting(&remote), id, &draft).await {
        Ok(_) => Ok(Redirect::to(&format!("/sager/{id}?besked=maaling#maal")).into_response()),
        Err(e) => {
            let typed = Typed { score_instrument: form.score_instrument, measured_on: form.measured_on, score: form.score, ..Typed::default() };
            refused(&state, &user, &remote, id, Only::Score, typed, e).await
        }
    }
}
