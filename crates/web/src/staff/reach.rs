//! `/rapport/raekkevidde`: the reach of the family-house access models for a period — families
//! reached in pregnancy or after the birth, fathers taking part, and the cases by way in and
//! by referral source (`familiehus_app::reach`, computed in `domain::reach`). Counts only, no
//! names; roles without case access see whole months and "under 5".

use super::cases::Opt;
use super::errors::PageError;
use super::layout::{FormErrors, Layout, form_title, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, Months, NaiveDate};
use familiehus_app::{AppError, reach, reports};
use familiehus_domain::danish;
use familiehus_report_render::reach as render_reach;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Params {
    fra: String,
    til: String,
    enhed: String,
}

pub struct Table {
    pub heading: &'static str,
    pub rows: Vec<(String, String)>,
}

pub struct Download {
    pub label: &'static str,
    pub href: String,
}

#[derive(Template)]
#[template(path = "staff/reach.html")]
struct ReachPage {
    layout: Layout,
    errors: FormErrors,
    fra: String,
    til: String,
    units: Vec<Opt>,
    suppressed: bool,
    shown: bool,
    period: String,
    tables: Vec<Table>,
    downloads: Vec<Download>,
}

/// The default period: the six whole months before this one.
fn default_period(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let this_month = today.with_day(1).unwrap_or(today);
    let to = this_month.pred_opt().unwrap_or(this_month);
    let from = this_month.checked_sub_months(Months::new(6)).unwrap_or(this_month);
    (from, to)
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, remote: Remote, Query(params): Query<Params>) -> Result<Response, PageError> {
    let acting = user.acting(&remote);
    let (default_from, default_to) = default_period(state.today());
    let mut errors = FormErrors::default();
    let from = if params.fra.trim().is_empty() { Some(default_from) } else { super::fields::date(&params.fra, "fra", &mut errors) };
    let to = if params.til.trim().is_empty() { Some(default_to) } else { super::fields::date(&params.til, "til", &mut errors) };
    let unit_id: Option<i64> = params.enhed.trim().parse().ok();
    let mut units = vec![Opt { value: String::new(), label: "Alle enheder".into(), selected: unit_id.is_none() }];
    units.extend(state.store.list_units().await?.into_iter().map(|u| Opt { selected: unit_id == Some(u.id), value: u.id.to_string(), label: u.name }));
    let mut page = ReachPage {
        layout: Layout::new("Rækkevidde", &user, "/rapport"),
        errors: FormErrors::default(),
        fra: from.map(danish::date).unwrap_or_else(|| params.fra.clone()),
        til: to.map(danish::date).unwrap_or_else(|| params.til.clone()),
        units,
        suppressed: reports::sees_aggregates_only(&acting),
        shown: false,
        period: String::new(),
        tables: Vec::new(),
        downloads: Vec::new(),
    };
    if let (Some(from), Some(to), true) = (from, to, errors.is_empty()) {
        match reach::reach(&state.app, &acting, from, to, unit_id).await {
            Ok(r) => {
                page.shown = true;
                page.period = render_reach::period(&r);
                page.tables = render_reach::sections(&r)
                    .into_iter()
                    .map(|s| Table { heading: s.heading, rows: s.lines.into_iter().map(|(label, n)| (label.to_owned(), render_reach::shown(n))).collect() })
                    .collect();
                let query = |format: &str| {
                    let unit = unit_id.map(|u| format!("&unit_id={u}")).unwrap_or_default();
                    format!("/api/reports/reach?from={}&to={}{unit}&format={format}", r.from, r.to)
                };
                page.downloads =
                    vec![Download { label: "Hent som regneark (XLSX)", href: query("xlsx") }, Download { label: "Hent som CSV", href: query("csv") }];
            }
            Err(AppError::Invalid(list)) => {
                for e in list.0 {
                    errors.add(if e.field == "from" { "fra" } else { "til" }, e.message_da);
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    page.layout = Layout::new(form_title("Rækkevidde", &errors), &user, "/rapport");
    page.errors = errors;
    Ok(render(status, &page))
}
