//! `/rapport`: the half-yearly report (sagstal og ventetider) for any period: the table as the
//! children's committee gets it (rows as configured, with the comparison with the previous
//! period, both from `familiehus_app::reports`), a bar chart of mean waiting days per service
//! beside the previous period's, the trend over six half-years, downloads as PDF, XLSX, CSV and
//! a printable page, and (for leaders) the form that saves the report as an edition for a
//! committee meeting (`report_editions`). The period defaults to the current half-year up to
//! today; quick links pick whole half-years.

use super::errors::PageError;
use super::layout::{FormErrors, Layout, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::auth::Remote;
use crate::report_chart::{Chart, NARROW, TrendChart, WIDE, trend_chart, trend_rows, waiting_chart};
use crate::report_render::{COLUMNS, HEADERS, Meta, RowView};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use familiehus_domain::{ReportPeriod, danish};
use serde::Deserialize;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ReportQuery {
    pub fra: String,
    pub til: String,
    pub opgjort: String,
}

pub struct Preset {
    pub label: String,
    pub href: String,
}

pub struct Download {
    pub label: &'static str,
    pub href: String,
}

/// The hidden period and the meeting date of the "save as edition" form.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EditionForm {
    pub fra: String,
    pub til: String,
    pub opgjort: String,
    pub moede: String,
}

#[derive(Template)]
#[template(path = "staff/report.html")]
struct ReportPage {
    layout: Layout,
    errors: FormErrors,
    input: ReportQuery,
    presets: Vec<Preset>,
    /// Everything below the form; absent when the form has errors.
    report: Option<ReportView>,
}

struct ReportView {
    meta: Meta,
    headers: [&'static str; COLUMNS],
    rows: Vec<RowView>,
    totals: RowView,
    chart: Chart,
    chart_narrow: Chart,
    trend_chart: TrendChart,
    /// Half-year, current cases, not started, started and mean wait of the totals.
    trend: Vec<[String; 5]>,
    /// For those who may save an edition (`EditReport`).
    edition_form: Option<EditionForm>,
    downloads: Vec<Download>,
    /// Anonymous counselling in the period: service, conversations, hours, main topics.
    anonymous: Vec<(String, String, String, String)>,
}

fn half_year_start(day: NaiveDate) -> NaiveDate {
    let month = if day.month() <= 6 { 1 } else { 7 };
    NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
}

/// The last day a role without case access may report to: the end of the last whole month.
fn last_month_end(today: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(today.year(), today.month(), 1).and_then(|d| d.pred_opt()).unwrap_or(today)
}

/// Whole half-years: the current one so far (up to `today`) and the three before it.
fn presets(today: NaiveDate) -> Vec<Preset> {
    let mut out = Vec::new();
    let mut start = half_year_start(today);
    for _ in 0..4 {
        let first = start.month() == 1;
        let end = if first { NaiveDate::from_ymd_opt(start.year(), 6, 30) } else { NaiveDate::from_ymd_opt(start.year(), 12, 31) }.unwrap_or(start);
        let to = end.min(today);
        let label = format!("{}. halvår {}{}", if first { 1 } else { 2 }, start.year(), if to < end { " (til i dag)" } else { "" });
        out.push(Preset { label, href: format!("/rapport?fra={}&til={}", danish::date(start), danish::date(to)) });
        start = if first { NaiveDate::from_ymd_opt(start.year() - 1, 7, 1) } else { NaiveDate::from_ymd_opt(start.year(), 1, 1) }.unwrap_or(start);
    }
    out
}

pub fn read_period(input: &ReportQuery) -> Result<ReportPeriod, FormErrors> {
    let mut errors = FormErrors::default();
    let from = super::fields::date(&input.fra, "fra", &mut errors);
    let to = super::fields::date(&input.til, "til", &mut errors);
    let as_of = match input.opgjort.trim() {
        "" => None,
        text => Some(super::fields::date(text, "opgjort", &mut errors)),
    };
    match (from, to, as_of) {
        (Some(from), Some(to), None | Some(Some(_))) => ReportPeriod::new(from, to, as_of.flatten()).map_err(|e| {
            let field = match e.field() {
                "as_of" => "opgjort",
                _ => "til",
            };
            errors.add(field, e.message_da());
            errors
        }),
        _ => Err(errors),
    }
}

fn api_href(period: &ReportPeriod, format: &str) -> String {
    format!("/api/reports/caseload?from={}&to={}&as_of={}&format={format}", period.from(), period.to(), period.as_of())
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, remote: Remote, Query(input): Query<ReportQuery>) -> Result<Response, PageError> {
    show(&state, &user, &remote, input, None, FormErrors::default()).await
}

/// The page for `input`; `edition` and `edition_errors` when a "save as edition" form came back
/// refused (shown as typed, with the message at the field).
pub async fn show(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    mut input: ReportQuery,
    edition: Option<EditionForm>,
    edition_errors: FormErrors,
) -> Result<Response, PageError> {
    let acting = user.acting(remote);
    let aggregates_only = familiehus_app::reports::sees_aggregates_only(&acting);
    // Roles without case access report whole months only, so their "today" is the last
    // month's end: the defaults and presets are periods they may ask for.
    let today = if aggregates_only { last_month_end(state.today()) } else { state.today() };
    if input.fra.trim().is_empty() && input.til.trim().is_empty() {
        input.fra = danish::date(half_year_start(today));
        input.til = danish::date(today);
    }
    let layout = Layout::new("Sagstal og ventetider", user, "/rapport");
    let period = match read_period(&input) {
        Ok(p) => p,
        Err(errors) => {
            let page = ReportPage { layout, errors, input, presets: presets(today), report: None };
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let report = match familiehus_app::reports::caseload(&state.app, &acting, period).await {
        Ok(report) => report,
        Err(familiehus_app::AppError::Invalid(problems)) => {
            let mut errors = FormErrors::default();
            for p in problems.0 {
                let field = match p.field {
                    "from" => "fra",
                    "as_of" => "opgjort",
                    _ => "til",
                };
                errors.add(field, p.message_da);
            }
            let page = ReportPage { layout, errors, input, presets: presets(today), report: None };
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
        Err(e) => return Err(e.into()),
    };
    let trend = familiehus_app::reports::trend(&state.app, &acting, period).await?;
    // The chart's previous bars: the same rows' previous means, as the table shows them.
    let previous = report.previous.map(|p| {
        let mut before = report.clone();
        before.period = p;
        for row in &mut before.rows {
            row.wait.mean = row.previous_mean;
        }
        before
    });
    let view = ReportView {
        meta: Meta::new(&report),
        headers: HEADERS,
        rows: report.rows.iter().map(RowView::new).collect(),
        totals: RowView::new(&report.totals),
        chart: waiting_chart(&report, previous.as_ref(), WIDE),
        chart_narrow: waiting_chart(&report, previous.as_ref(), NARROW),
        trend_chart: trend_chart(&trend.iter().map(|p| (p.half_year.label.clone(), p.totals.wait.mean)).collect::<Vec<_>>()),
        trend: trend_rows(&trend.iter().map(|p| (p.half_year.label.clone(), RowView::new(&p.totals))).collect::<Vec<_>>()),
        edition_form: acting.actor().allows(familiehus_domain::Permission::EditReport).then(|| {
            edition.unwrap_or_else(|| EditionForm { fra: input.fra.clone(), til: input.til.clone(), opgjort: input.opgjort.clone(), moede: String::new() })
        }),
        anonymous: state
            .store
            .anonymous_summary(period.from(), period.to())
            .await?
            .into_iter()
            .map(|s| {
                // Roles without case access see no count under 5: a single talk's theme in a
                // short period tells who came.
                let shown = |n: i64| !aggregates_only || familiehus_domain::disclosure::shown_count(n).is_some();
                let topics = s.topics.iter().filter(|(_, n)| shown(*n)).take(3).map(|(t, n)| format!("{} ({n})", t.label_da())).collect::<Vec<_>>().join(", ");
                if shown(s.contacts) {
                    (s.service_name, danish::integer(s.contacts), danish::decimal(s.minutes as f64 / 60.0, 1), topics)
                } else {
                    (s.service_name, "under 5".to_owned(), "–".to_owned(), String::new())
                }
            })
            .collect(),
        downloads: vec![
            Download { label: "Hent som PDF (tilgængelig)", href: api_href(&period, "pdf") },
            Download { label: "Hent som regneark (XLSX)", href: api_href(&period, "xlsx") },
            Download { label: "Hent som CSV", href: api_href(&period, "csv") },
            Download { label: "Udskriftsvenlig side", href: api_href(&period, "html") },
        ],
    };
    let status = if edition_errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = ReportPage { layout, errors: edition_errors, input, presets: presets(today), report: Some(view) };
    Ok(render(status, &page))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn presets_are_whole_half_years_and_the_current_one_ends_today() {
        let p = presets(d(2022, 4, 26));
        assert_eq!(p[0].label, "1. halvår 2022 (til i dag)");
        assert_eq!(p[0].href, "/rapport?fra=01.01.2022&til=26.04.2022");
        assert_eq!(p[1].href, "/rapport?fra=01.07.2021&til=31.12.2021");
        assert_eq!(p[2].label, "1. halvår 2021");
    }

    #[test]
    fn unreadable_or_reversed_periods_are_named_at_their_field() {
        let q = |fra: &str, til: &str, opgjort: &str| ReportQuery { fra: fra.into(), til: til.into(), opgjort: opgjort.into() };
        assert!(read_period(&q("01.01.2022", "30.06.2022", "")).is_ok());
        assert!(read_period(&q("1/1", "30.06.2022", "")).err().is_some_and(|e| e.get("fra").is_some()));
        assert!(read_period(&q("01.07.2022", "30.06.2022", "")).err().is_some_and(|e| e.get("til").is_some_and(|m| m.contains("efter"))));
        assert!(read_period(&q("01.01.2022", "30.06.2022", "31.12.2021")).err().is_some_and(|e| e.get("opgjort").is_some()));
        assert_eq!(crate::report_render::signed(2.5), "+2,50");
        assert_eq!(crate::report_render::signed(-1.0), "−1,00");
        assert_eq!(crate::report_render::signed(-0.001), "0,00");
    }
}
