//! `/indsatser/{id}/venteliste`: a service's waiting list (oldest first) within the user's
//! need-to-know, a page of 50 at a time with the total. Roles that change cases tick cases and
//! start them on one date (`POST …/venteliste/start`, through
//! `familiehus_app::cases_bulk::start_many`: all or nothing); a refused date comes back at the
//! field with what was typed and the ticked cases still ticked, and the service's rules'
//! warnings (age, capacity), each naming its case, wait for "Iværksæt alligevel". Closing is on the case page.

use super::case_list_view::PER_PAGE;
use super::cases::case_names;
use super::errors::PageError;
use super::fields;
use super::layout::{FormErrors, Layout, form_title, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use familiehus_app::AppError;
use familiehus_domain::{Permission, danish};
use familiehus_store::StoreError;
use serde::Deserialize;

pub struct Line {
    pub case_id: i64,
    pub person_name: String,
    pub enrolled_on: String,
    pub days_waiting: i64,
    /// "nr. 3: 12.01.2027–03.03.2027, …" (`forecast_view`).
    pub expected_start: String,
    pub referral_source: &'static str,
    /// "Har plads i Cool Kids efterår" when the case already holds a course seat.
    pub course_seat: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "staff/waiting_list.html")]
struct WaitingListPage {
    layout: Layout,
    service_id: i64,
    title: String,
    today: String,
    lines: Vec<Line>,
    can_change: bool,
    started_on: String,
    page: i64,
    showing: String,
    previous: Option<String>,
    next: Option<String>,
    back_to_start: Option<String>,
    errors: FormErrors,
    forecast_explanation: &'static str,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    side: String,
    besked: String,
}

fn notice(code: &str) -> Option<String> {
    match code {
        "startet" => Some("Sagen er iværksat og er taget af ventelisten.".into()),
        "afsluttet" => Some("Sagen er afsluttet og er taget af ventelisten.".into()),
        _ => None,
    }
}

fn page_number(text: &str) -> i64 {
    text.trim().parse().ok().filter(|p| (1..=1_000_000).contains(p)).unwrap_or(1)
}

/// What a start form brought back.
#[derive(Default)]
struct Typed {
    ids: Vec<i64>,
    started_on: Option<String>,
    /// "Iværksæt alligevel" ticked, after the rules' warnings were shown.
    confirm_warnings: bool,
}

/// What the page shows besides the list: a refused form as it was sent, or a confirmation.
#[derive(Default)]
struct Outcome {
    typed: Typed,
    errors: FormErrors,
    notice: Option<String>,
}

async fn render_page(state: &AppState, user: &CurrentUser, remote: &Remote, id: i64, page: i64, outcome: Outcome) -> Result<Response, PageError> {
    let Outcome { typed, errors, notice } = outcome;
    let service = state.store.service(id).await?;
    let today = state.today();
    let offset = (page - 1) * PER_PAGE;
    let (total, entries) = familiehus_app::cases::waiting_page(&state.app, &user.acting(remote), id, today, offset, PER_PAGE).await?;
    let ids: Vec<i64> = entries.iter().map(|e| e.case_id).collect();
    let forecasts = familiehus_app::forecast::for_waiting_cases(&state.app, &user.acting(remote), id, &ids).await?;
    let lines: Vec<Line> = entries
        .into_iter()
        .map(|e| Line {
            expected_start: forecasts.get(&e.case_id).map(|(place, f)| format!("nr. {place}: {}", super::forecast_view::text(f))).unwrap_or_default(),
            checked: typed.ids.contains(&e.case_id),
            case_id: e.case_id,
            person_name: e.person_name,
            enrolled_on: danish::date(e.enrolled_on),
            days_waiting: e.days_waiting,
            referral_source: e.referral_source.label_da(),
            course_seat: e.course_seat.map(|c| format!("Har plads i {c}")).unwrap_or_default(),
        })
        .collect();
    let href = |p: i64| format!("/indsatser/{id}/venteliste?side={p}");
    let last_page = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let n = danish::integer;
    let showing = if lines.is_empty() {
        if total == 0 { String::new() } else { format!("Ingen sager på denne side. Der venter {} i alt.", n(total)) }
    } else {
        format!("Viser {}–{} af {}", n(offset + 1), n(offset + lines.len() as i64), n(total))
    };
    let title = format!("Venteliste: {}", service.service.name);
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render(
        status,
        &WaitingListPage {
            layout: Layout::new(form_title(&title, &errors), user, "").with_notice(notice),
            service_id: id,
            title: service.service.title(),
            today: danish::date(today),
            can_change: user.actor().allows(Permission::ChangeCases),
            started_on: typed.started_on.unwrap_or_else(|| danish::date(today)),
            page,
            showing,
            previous: (page > 1 && page <= last_page).then(|| href(page - 1)),
            next: (page < last_page).then(|| href(page + 1)),
            back_to_start: (lines.is_empty() && total > 0).then(|| href(1)),
            lines,
            errors,
            forecast_explanation: super::forecast_view::EXPLANATION,
        },
    ))
}

#[tracing::instrument(skip_all)]
pub async fn page_handler(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Query(query): Query<PageQuery>,
) -> Result<Response, PageError> {
    let shown = notice(&query.besked);
    render_page(&state, &user, &remote, id, page_number(&query.side), Outcome { notice: shown, ..Outcome::default() }).await
}

/// `POST /indsatser/{id}/venteliste/start`: the ticked cases (`sag`, repeated) started on
/// `started_on`.
#[tracing::instrument(skip_all)]
pub async fn start_many(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let mut typed = Typed::default();
    let mut page = 1;
    for (key, value) in &fields {
        match key.as_str() {
            "sag" => typed.ids.extend(value.trim().parse::<i64>().ok()),
            "started_on" => typed.started_on = Some(value.clone()),
            "side" => page = page_number(value),
            "confirm_warnings" => typed.confirm_warnings = fields::ticked(value),
            _ => {}
        }
    }
    let mut errors = FormErrors::default();
    if typed.ids.is_empty() {
        errors.add("ventende", "Sæt kryds ved de sager, der skal iværksættes.");
    }
    let date = fields::date(typed.started_on.as_deref().unwrap_or(""), "started_on", &mut errors);
    let Some(date) = date.filter(|_| errors.is_empty()) else {
        return render_page(&state, &user, &remote, id, page, Outcome { typed, errors, notice: None }).await;
    };
    match familiehus_app::cases_bulk::start_many(&state.app, &user.acting(&remote), &typed.ids, date, typed.confirm_warnings).await {
        Ok(done) => {
            let ids: Vec<i64> = done.iter().map(|c| c.id).collect();
            let text = format!("Iværksat {} og taget af ventelisten: {}.", danish::date(date), case_names(&ids));
            render_page(&state, &user, &remote, id, page, Outcome { notice: Some(text), ..Outcome::default() }).await
        }
        Err(AppError::Invalid(problems)) => {
            for p in &problems.0 {
                errors.add(if p.field == "started_on" { "started_on" } else { "ventende" }, p.message_da.clone());
            }
            render_page(&state, &user, &remote, id, page, Outcome { typed, errors, notice: None }).await
        }
        Err(AppError::Unconfirmed(found)) => {
            // Each warning names its case; ticking "Iværksæt alligevel" starts them all.
            for f in found {
                errors.add("started_on", f.message_da);
            }
            errors.add("confirm_warnings", fields::CONFIRM_START);
            render_page(&state, &user, &remote, id, page, Outcome { typed, errors, notice: None }).await
        }
        Err(AppError::Store(StoreError::Case(e))) => {
            errors.add("started_on", format!("{} Ingen af sagerne er ændret.", e.message_da()));
            render_page(&state, &user, &remote, id, page, Outcome { typed, errors, notice: None }).await
        }
        Err(e) => Err(e.into()),
    }
}
