//! `/rapport/resultater`: the outcome report per service and period (`familiehus_app::outcome`):
//! a period form (default the last whole half-year; quick links to the four before), the chart
//! of improved goals and follow-ups on time per service (SVG, `crate::outcome_chart`), the table
//! as its text alternative (closed cases by reason, medians, shares, ORS change), the notes,
//! and downloads as CSV and XLSX (`/api/reports/outcome`).

use super::errors::PageError;
use super::layout::{FormErrors, Layout, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::outcome_chart::{Chart, chart, has_values};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use familiehus_domain::outcome::last_whole_half_year;
use familiehus_domain::{ReportPeriod, danish};
use familiehus_report_render::outcome::{NOTES_DA, TITLE, cells, headers};
use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct OutcomeQuery {
    pub fra: String,
    pub til: String,
}

pub struct Link {
    pub label: String,
    pub href: String,
}

struct OutcomeView {
    period: String,
    chart: Option<Chart>,
    headers: Vec<String>,
    /// Each row's cells; the first two (paragraph, service) form the row's heading.
    rows: Vec<Vec<String>>,
    notes: [&'static str; 5],
    downloads: Vec<Link>,
    restricted: bool,
}

#[derive(Template)]
#[template(path = "staff/outcome_report.html")]
struct OutcomePage {
    layout: Layout,
    errors: FormErrors,
    input: OutcomeQuery,
    presets: Vec<Link>,
    report: Option<OutcomeView>,
}

/// The last whole half-year and the three before it.
fn presets(today: NaiveDate) -> Vec<Link> {
    let mut out = Vec::new();
    let mut period = last_whole_half_year(today);
    for _ in 0..4 {
        let half = if period.from().month() == 1 { 1 } else { 2 };
        out.push(Link {
            label: format!("{half}. halvår {}", period.from().year()),
            href: format!("/rapport/resultater?fra={}&til={}", danish::date(period.from()), danish::date(period.to())),
        });
        period = last_whole_half_year(period.from());
    }
    out
}

fn read_period(input: &OutcomeQuery) -> Result<ReportPeriod, FormErrors> {
    let mut errors = FormErrors::default();
    let from = super::fields::date(&input.fra, "fra", &mut errors);
    let to = super::fields::date(&input.til, "til", &mut errors);
    match (from, to) {
        (Some(from), Some(to)) => ReportPeriod::new(from, to, None).map_err(|e| {
            errors.add("til", e.message_da());
            errors
        }),
        _ => Err(errors),
    }
}

fn api_href(period: &ReportPeriod, format: &str) -> String {
    format!("/api/reports/outcome?from={}&to={}&format={format}", period.from(), period.to())
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, remote: Remote, Query(mut input): Query<OutcomeQuery>) -> Result<Response, PageError> {
    let acting = user.acting(&remote);
    let today = state.today();
    if input.fra.trim().is_empty() && input.til.trim().is_empty() {
        let p = last_whole_half_year(today);
        input.fra = danish::date(p.from());
        input.til = danish::date(p.to());
    }
    let refused = |errors: FormErrors, input: OutcomeQuery| {
        let layout = Layout::new(super::layout::form_title(TITLE, &errors), &user, "/rapport/resultater");
        let page = OutcomePage { layout, errors, input, presets: presets(today), report: None };
        Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
    };
    let period = match read_period(&input) {
        Ok(p) => p,
        Err(errors) => return refused(errors, input),
    };
    let report = match familiehus_app::outcome::report(&state.app, &acting, period).await {
        Ok(report) => report,
        Err(familiehus_app::AppError::Invalid(problems)) => {
            let mut errors = FormErrors::default();
            for p in problems.0 {
                errors.add(if p.field == "from" { "fra" } else { "til" }, p.message_da);
            }
            return refused(errors, input);
        }
        Err(e) => return Err(e.into()),
    };
    let view = OutcomeView {
        period: familiehus_report_render::period_text(&report.period),
        chart: has_values(&report).then(|| chart(&report)),
        headers: headers(),
        rows: report.rows.iter().map(|r| cells(r, false)).collect(),
        notes: NOTES_DA,
        downloads: vec![
            Link { label: "Hent som regneark (XLSX)".into(), href: api_href(&period, "xlsx") },
            Link { label: "Hent som CSV".into(), href: api_href(&period, "csv") },
        ],
        restricted: familiehus_app::reports::sees_aggregates_only(&acting),
    };
    let page = OutcomePage {
        layout: Layout::new(TITLE, &user, "/rapport/resultater"),
        errors: FormErrors::default(),
        input,
        presets: presets(today),
        report: Some(view),
    };
    Ok(render(StatusCode::OK, &page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_the_last_four_whole_half_years() {
        let p = presets(NaiveDate::from_ymd_opt(2022, 4, 26).unwrap_or_default());
        assert_eq!(p[0].label, "2. halvår 2021");
        assert_eq!(p[0].href, "/rapport/resultater?fra=01.07.2021&til=31.12.2021");
        assert_eq!(p[1].label, "1. halvår 2021");
        assert_eq!(p[3].label, "1. halvår 2020");
    }
}
