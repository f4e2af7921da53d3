//! `/rapport/udgaver`: editions of the report saved for a committee meeting — saving the report
//! on screen as an edition (leaders, `EditReport`), the list, and one edition shown exactly as it
//! was saved, with its downloads (`/api/reports/editions/{id}`), however many cases came since.
//! The rules (who may, the meeting date) are `familiehus_app::reports`'.

use super::errors::PageError;
use super::layout::{FormErrors, Layout, NoticeQuery, render};
use super::report::{Download, EditionForm, ReportQuery, read_period, show};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::report_render::{COLUMNS, HEADERS, Meta, RowView};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::AppError;
use familiehus_domain::danish;

/// Saves the report on screen as an edition; a refused form comes back on the report page as typed.
#[tracing::instrument(skip_all)]
pub async fn save(State(state): State<AppState>, user: CurrentUser, remote: Remote, Form(form): Form<EditionForm>) -> Result<Response, PageError> {
    let query = ReportQuery { fra: form.fra.clone(), til: form.til.clone(), opgjort: form.opgjort.clone() };
    let mut errors = FormErrors::default();
    let meeting = super::fields::date(&form.moede, "moede", &mut errors);
    let period = read_period(&query).map_err(|e| {
        // The period is hidden in this form; say so at the visible field.
        errors.add("moede", e.list.first().map(|m| m.message.clone()).unwrap_or_default());
    });
    let (Some(meeting), Ok(period)) = (meeting, period) else {
        return show(&state, &user, &remote, query, Some(form), errors).await;
    };
    match familiehus_app::reports::save_edition(&state.app, &user.acting(&remote), meeting, period).await {
        Ok(id) => Ok(Redirect::to(&format!("/rapport/udgaver/{id}?besked=gemt")).into_response()),
        Err(AppError::Invalid(problems)) => {
            let mut errors = FormErrors::default();
            for p in problems.0 {
                errors.add("moede", p.message_da);
            }
            show(&state, &user, &remote, query, Some(form), errors).await
        }
        Err(e) => Err(e.into()),
    }
}

struct EditionRow {
    href: String,
    meeting: String,
    period: String,
    saved: String,
}

#[derive(Template)]
#[template(path = "staff/report_editions.html")]
struct EditionsPage {
    layout: Layout,
    editions: Vec<EditionRow>,
}

fn saved_text(at: &str, by: Option<&str>) -> String {
    let at = danish::timestamp(at);
    match by {
        Some(by) => format!("{at} af {by}"),
        None => at,
    }
}

#[tracing::instrument(skip_all)]
pub async fn list(State(state): State<AppState>, user: CurrentUser, remote: Remote) -> Result<Response, PageError> {
    let editions = familiehus_app::reports::editions(&state.app, &user.acting(&remote)).await?;
    let editions = editions
        .into_iter()
        .map(|e| EditionRow {
            href: format!("/rapport/udgaver/{}", e.id),
            meeting: danish::date(e.meeting_on),
            period: format!("{} – {} (opgjort {})", danish::date(e.period_from), danish::date(e.period_to), danish::date(e.as_of)),
            saved: saved_text(&e.saved_at, e.saved_by.as_deref()),
        })
        .collect();
    let layout = Layout::new("Gemte udgaver af rapporten", &user, "/rapport");
    Ok(render(StatusCode::OK, &EditionsPage { layout, editions }))
}

/// What the edition page shows; the names match `report_macros.html`'s `report_table`.
struct EditionView {
    meta: Meta,
    headers: [&'static str; COLUMNS],
    rows: Vec<RowView>,
    totals: RowView,
    downloads: Vec<Download>,
}

#[derive(Template)]
#[template(path = "staff/report_edition.html")]
struct EditionPage {
    layout: Layout,
    heading: String,
    saved: String,
    r: EditionView,
}

#[tracing::instrument(skip_all)]
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let edition = familiehus_app::reports::edition(&state.app, &user.acting(&remote), id).await?;
    let report = &edition.report;
    let href = |format: &str| format!("/api/reports/editions/{id}?format={format}");
    let r = EditionView {
        meta: Meta::new(report),
        headers: HEADERS,
        rows: report.rows.iter().map(RowView::new).collect(),
        totals: RowView::new(&report.totals),
        downloads: vec![
            Download { label: "Hent som PDF (tilgængelig)", href: href("pdf") },
            Download { label: "Hent som regneark (XLSX)", href: href("xlsx") },
            Download { label: "Hent som CSV", href: href("csv") },
            Download { label: "Udskriftsvenlig side", href: href("html") },
        ],
    };
    let heading = format!("Udgave til udvalgsmødet {}", danish::date(edition.meeting_on));
    let notice = (q.besked == "gemt").then(|| "Udgaven er gemt. Den åbnes altid med de tal, den havde, da den blev gemt.".to_owned());
    let layout = Layout::new(heading.clone(), &user, "/rapport").with_notice(notice);
    let saved = saved_text(&edition.saved_at, edition.saved_by.as_deref());
    Ok(render(StatusCode::OK, &EditionPage { layout, heading, saved, r }))
}
