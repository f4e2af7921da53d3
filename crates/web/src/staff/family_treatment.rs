//! Strengthened family treatment on the staff pages, for a case on a service marked as such:
//! the phases (`/sager/{id}/faser`: the three phases' dates as one form), the network map
//! (`/sager/{id}/netvaerk`: the snapshots, a form for a new one prefilled from the latest with
//! blank rows to add people, and the comparison of two chosen snapshots as a table, `?fra=&til=`)
//! and the family-readable log (`/sager/{id}/familiens-log`, printable without navigation).
//! Need-to-know, logging and the rules are `familiehus_app::family_treatment`'s (outside one's
//! scope the pages are 404; on another service a Danish 422 page); a refused form is shown
//! again (422) as typed, with the error summary and the title "Fejl i formularen – …". The
//! routes are declared here (`routes`); the views are `family_treatment_view`.

use super::errors::PageError;
use super::family_treatment_view::{self as view, ChangeRow, Dot, MAP_SIZE, PhaseLine, RADII};
use super::layout::{FieldMsg, FormErrors, Layout, NoticeQuery, form_title, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::routes::Access::Needs;
use crate::routes::Route;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::{AppError, family, family_treatment as ft};
use familiehus_domain::Permission::{ChangeCases, ReadCases};
use familiehus_domain::danish;
use familiehus_domain::family_treatment::{Phase, PhasesDraft};
use familiehus_domain::measurement::GoalLevel;
use familiehus_domain::network_map::{Closeness, MAX_PEOPLE, NetworkDraft, PersonDraft, compare};
use familiehus_domain::validation::ValidationErrors;
use familiehus_store::{StoreError, StoredNetworkMap};
use serde::Deserialize;

/// The pages' routes, each with what it requires (declared once: see `crate::routes`).
pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/sager/{id}/faser", Needs(ReadCases), phases_page),
        Route::post("/sager/{id}/faser", Needs(ChangeCases), save_phases),
        Route::get("/sager/{id}/netvaerk", Needs(ReadCases), network_page),
        Route::post("/sager/{id}/netvaerk", Needs(ChangeCases), add_network_map),
        Route::get("/sager/{id}/familiens-log", Needs(ReadCases), family_log),
    ]
}

/// Blank rows the network form offers for new people (no JavaScript to add rows).
const BLANK_ROWS: usize = 5;

fn summary(errors: &FormErrors) -> FormErrors {
    FormErrors { list: errors.list.iter().map(|e| FieldMsg { field: e.field, message: e.message.clone() }).collect() }
}

fn status(errors: &FormErrors) -> StatusCode {
    if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY }
}

/// A refused write's field errors; anything else (404, the wrong service, 500) is the request's.
fn field_errors(e: AppError) -> Result<FormErrors, PageError> {
    let list: ValidationErrors = match e {
        AppError::Invalid(list) | AppError::Store(StoreError::Invalid(list)) if !list.0.iter().any(|f| f.field == ft::SERVICE_FIELD) => list,
        other => return Err(other.into()),
    };
    let mut errors = FormErrors::default();
    for f in list.0 {
        if errors.get(f.field).is_none() {
            errors.add(f.field, f.message_da);
        }
    }
    Ok(errors)
}

// ---- phases ----

/// One phase's two fields in the form.
pub struct PhaseFields {
    pub number: usize,
    pub label: &'static str,
    pub start_field: &'static str,
    pub end_field: &'static str,
    pub start: String,
    pub end: String,
}

#[derive(Template)]
#[template(path = "staff/treatment_phases.html")]
struct PhasesPage {
    layout: Layout,
    errors: FormErrors,
    form_errors: FormErrors,
    id: i64,
    person_name: String,
    current: String,
    lines: Vec<PhaseLine>,
    can_change: bool,
    fields: Vec<PhaseFields>,
}

fn phase_fields(draft: &PhasesDraft) -> Vec<PhaseFields> {
    Phase::ALL
        .iter()
        .zip(&draft.0)
        .map(|(p, (start, end))| {
            let (start_field, end_field) = p.fields();
            PhaseFields { number: p.number(), label: p.label_da(), start_field, end_field, start: start.clone(), end: end.clone() }
        })
        .collect()
}

async fn render_phases(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    id: i64,
    typed: Option<PhasesDraft>,
    errors: FormErrors,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let acting = user.acting(remote);
    let (record, phases, current) = ft::phases(&state.app, &acting, id, "faser").await?;
    let draft = typed.unwrap_or_else(|| phases.to_draft());
    let base = format!("Faser – sag {id}");
    let view = PhasesPage {
        layout: Layout::new(form_title(&base, &errors), user, "/sager").with_notice(notice),
        errors: summary(&errors),
        form_errors: errors,
        id,
        person_name: record.person_name,
        current: view::current_text(current),
        lines: view::phase_lines(&phases, current),
        can_change: family::may_write(&acting),
        fields: phase_fields(&draft),
    };
    Ok(render(status(&view.errors), &view))
}

#[tracing::instrument(skip_all)]
pub async fn phases_page(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let notice = (q.besked == "gemt").then(|| "Faserne er gemt.".to_owned());
    render_phases(&state, &user, &remote, id, None, FormErrors::default(), notice).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PhasesForm {
    phase1_start: String,
    phase1_end: String,
    phase2_start: String,
    phase2_end: String,
    phase3_start: String,
    phase3_end: String,
}

#[tracing::instrument(skip_all)]
pub async fn save_phases(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(f): Form<PhasesForm>,
) -> Result<Response, PageError> {
    let draft = PhasesDraft([(f.phase1_start, f.phase1_end), (f.phase2_start, f.phase2_end), (f.phase3_start, f.phase3_end)]);
    match ft::save_phases(&state.app, &user.acting(&remote), id, &draft).await {
        Ok(_) => Ok(Redirect::to(&format!("/sager/{id}/faser?besked=gemt")).into_response()),
        Err(e) => {
            let errors = field_errors(e)?;
            render_phases(&state, &user, &remote, id, Some(draft), errors, None).await
        }
    }
}

// ---- network map ----

/// One snapshot as listed.
pub struct MapView {
    pub id: i64,
    pub heading: String,
    pub written: String,
    pub people: Vec<(usize, String, String, &'static str)>,
    pub dots: Vec<Dot>,
}

/// A row of the form.
pub struct RowView {
    pub n: usize,
    pub name: String,
    pub relation: String,
    pub closeness: String,
}

pub struct MapChoice {
    pub id: i64,
    pub label: String,
    pub from: bool,
    pub to: bool,
}

#[derive(Template)]
#[template(path = "staff/network_maps.html")]
struct NetworkPage {
    layout: Layout,
    errors: FormErrors,
    form_errors: FormErrors,
    id: i64,
    person_name: String,
    maps: Vec<MapView>,
    choices: Vec<MapChoice>,
    /// The comparison's heading and rows, when two snapshots are chosen.
    comparison: Option<(String, Vec<ChangeRow>)>,
    can_change: bool,
    taken_on: String,
    rows: Vec<RowView>,
    closeness: Vec<(&'static str, &'static str)>,
    size: i32,
    radii: [i32; 3],
}

fn map_label(m: &StoredNetworkMap) -> String {
    format!("{} ({} personer)", danish::date(m.map.taken_on), m.map.people.len())
}

fn map_view(m: &StoredNetworkMap) -> MapView {
    MapView {
        id: m.id,
        heading: format!("Netværkskort {}", danish::date(m.map.taken_on)),
        written: format!("tegnet {}{}", danish::timestamp(&m.written_at), m.written_by_name.as_deref().map(|n| format!(" af {n}")).unwrap_or_default()),
        people: m.map.people.iter().enumerate().map(|(i, p)| (i + 1, p.name.clone(), p.relation.clone(), p.closeness.label_da())).collect(),
        dots: view::dots(&m.map.people),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CompareQuery {
    fra: String,
    til: String,
    besked: String,
}

async fn render_network(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    id: i64,
    query: CompareQuery,
    typed: Option<NetworkDraft>,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let acting = user.acting(remote);
    let (record, maps) = ft::network_maps(&state.app, &acting, id, "netværk").await?;
    // The two compared: as chosen, else the two newest.
    let pick = |text: &str| text.parse::<i64>().ok().and_then(|n| maps.iter().position(|m| m.id == n));
    let n = maps.len();
    let (from, to) = match (pick(&query.fra), pick(&query.til)) {
        (Some(a), Some(b)) => (Some(a), Some(b)),
        _ if n >= 2 => (Some(n - 2), Some(n - 1)),
        _ => (None, None),
    };
    let comparison = match (from, to) {
        (Some(a), Some(b)) if a != b => {
            let (earlier, later) = if a < b { (&maps[a], &maps[b]) } else { (&maps[b], &maps[a]) };
            let changes = compare(&earlier.map.people, &later.map.people);
            Some((format!("Fra {} til {}", danish::date(earlier.map.taken_on), danish::date(later.map.taken_on)), view::change_rows(&changes)))
        }
        _ => None,
    };
    let choices = maps.iter().enumerate().map(|(i, m)| MapChoice { id: m.id, label: map_label(m), from: from == Some(i), to: to == Some(i) }).collect();
    let draft =
        typed.unwrap_or_else(|| NetworkDraft { taken_on: danish::date(state.today()), people: maps.last().map(|m| m.map.to_draft()).unwrap_or_default() });
    let mut rows: Vec<RowView> = draft
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| RowView { n: i + 1, name: p.name.clone(), relation: p.relation.clone(), closeness: p.closeness.clone() })
        .collect();
    // The typed rows, and blank ones after them, never more than a map may hold plus the blanks.
    let filled = rows.iter().rposition(|r| !(r.name.is_empty() && r.relation.is_empty() && r.closeness.is_empty())).map_or(0, |i| i + 1);
    rows.truncate(filled);
    let total = (filled + BLANK_ROWS).min(MAX_PEOPLE + BLANK_ROWS);
    while rows.len() < total {
        rows.push(RowView { n: rows.len() + 1, name: String::new(), relation: String::new(), closeness: String::new() });
    }
    let notice = (query.besked == "gemt").then(|| "Netværkskortet er gemt.".to_owned());
    let base = format!("Netværkskort – sag {id}");
    let view = NetworkPage {
        layout: Layout::new(form_title(&base, &errors), user, "/sager").with_notice(notice),
        errors: summary(&errors),
        form_errors: errors,
        id,
        person_name: record.person_name,
        maps: maps.iter().rev().map(map_view).collect(),
        choices,
        comparison,
        can_change: family::may_write(&acting) && record.case.started_on().is_some(),
        taken_on: draft.taken_on,
        rows,
        closeness: Closeness::ALL.iter().map(|c| (c.code(), c.label_da())).collect(),
        size: MAP_SIZE,
        radii: RADII,
    };
    Ok(render(status(&view.errors), &view))
}

#[tracing::instrument(skip_all)]
pub async fn network_page(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Query(query): Query<CompareQuery>,
) -> Result<Response, PageError> {
    render_network(&state, &user, &remote, id, query, None, FormErrors::default()).await
}

/// The network form as posted: `taken_on` and `name_N`, `relation_N`, `closeness_N` per row
/// (an urlencoded form has no lists).
fn network_draft(fields: &[(String, String)]) -> NetworkDraft {
    let value = |key: &str| fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default();
    let rows = (1..=MAX_PEOPLE + BLANK_ROWS).map(|n| PersonDraft {
        name: value(&format!("name_{n}")),
        relation: value(&format!("relation_{n}")),
        closeness: value(&format!("closeness_{n}")),
    });
    let mut people: Vec<PersonDraft> = rows.collect();
    while people.last().is_some_and(|p| p.name.is_empty() && p.relation.is_empty() && p.closeness.is_empty()) {
        people.pop();
    }
    NetworkDraft { taken_on: value("taken_on"), people }
}

#[tracing::instrument(skip_all)]
pub async fn add_network_map(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let draft = network_draft(&fields);
    match ft::add_network_map(&state.app, &user.acting(&remote), id, &draft).await {
        Ok(_) => Ok(Redirect::to(&format!("/sager/{id}/netvaerk?besked=gemt#sammenligning")).into_response()),
        Err(e) => {
            let errors = field_errors(e)?;
            render_network(&state, &user, &remote, id, CompareQuery::default(), Some(draft), errors).await
        }
    }
}

// ---- the family's log ----

pub struct LogLine {
    pub date: String,
    pub kind: &'static str,
    pub minutes: String,
    pub note: String,
}

pub struct GoalLine {
    pub level: &'static str,
    pub text: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "staff/family_log.html")]
struct FamilyLogPage {
    layout: Layout,
    id: i64,
    person_name: String,
    printed: String,
    current: String,
    phases: Vec<PhaseLine>,
    entries: Vec<LogLine>,
    goals: Vec<GoalLine>,
}

#[tracing::instrument(skip_all)]
pub async fn family_log(State(state): State<AppState>, user: CurrentUser, remote: Remote, Path(id): Path<i64>) -> Result<Response, PageError> {
    let log = ft::family_log(&state.app, &user.acting(&remote), id, "familiens log").await?;
    let entries = log
        .entries
        .iter()
        .map(|e| LogLine {
            date: format!("{} kl. {}", danish::date(e.occurred_on), e.start),
            kind: e.kind.label_da(),
            minutes: format!("{} min.", e.minutes),
            note: e.note.clone(),
        })
        .collect();
    let goals = log
        .goals
        .iter()
        .map(|g| GoalLine {
            level: GoalLevel::from_code(&g.level).map_or("Mål", GoalLevel::label_da),
            text: g.text.clone(),
            status: match (g.ended_on, g.ratings.last()) {
                (Some(end), _) => format!("Afsluttet {}", danish::date(end)),
                (None, Some(r)) => format!("Seneste vurdering {} af 10 ({})", r.rating, danish::date(r.rated_on)),
                (None, None) => format!("Sat {}", danish::date(g.set_on)),
            },
        })
        .collect();
    let view = FamilyLogPage {
        layout: Layout::new(format!("Familiens log – sag {id}"), &user, "/sager"),
        id,
        person_name: log.record.person_name.clone(),
        printed: danish::date(state.today()),
        current: view::current_text(log.current),
        phases: view::phase_lines(&log.phases, log.current),
        entries,
        goals,
    };
    Ok(render(StatusCode::OK, &view))
}
