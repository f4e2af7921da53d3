//! `/anonym/statistik`: anonymous counselling's statistics for a chosen month — talks and hours
//! per month for it and the eleven months before, and the month's themes, channels and
//! guidance onward. Roles without case access (the analyst) see whole months only and no
//! count under 5 (`familiehus_app::anonymous::statistics`, `domain::anonymous_stats`).

use super::anonymous::MONTHS;
use super::errors::PageError;
use super::fields::Choice;
use super::layout::{FormErrors, Layout, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, Months, NaiveDate};
use familiehus_app::{AppError, anonymous};
use familiehus_domain::anonymous_stats::{MonthLine, Shown, Statistics, first_of};
use familiehus_domain::danish;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatisticsQuery {
    pub maaned: String,
}

pub struct MonthRow {
    pub label: String,
    pub talks: String,
    pub hours: String,
    pub courses: String,
}

pub struct Breakdown {
    pub heading: &'static str,
    pub rows: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "staff/anonymous_statistics.html")]
struct StatisticsPage {
    layout: Layout,
    errors: FormErrors,
    months: Vec<Choice>,
    month_label: String,
    table: Vec<MonthRow>,
    breakdowns: Vec<Breakdown>,
    suppressed: bool,
    shown: bool,
}

fn month_label(m: NaiveDate) -> String {
    format!("{} {}", MONTHS[m.month0() as usize], m.year())
}

fn shown(s: Shown) -> String {
    match s {
        Shown::Count(n) => danish::integer(n),
        Shown::UnderFive => "under 5".into(),
        Shown::Withheld => "–".into(),
    }
}

fn month_row(m: &MonthLine) -> MonthRow {
    MonthRow {
        label: month_label(m.month),
        talks: shown(m.talks),
        hours: m.minutes.map(|min| danish::decimal(min as f64 / 60.0, 1)).unwrap_or_else(|| "–".into()),
        courses: shown(m.courses_opened),
    }
}

fn breakdowns(s: &Statistics) -> Vec<Breakdown> {
    vec![
        Breakdown { heading: "Emner", rows: s.topics.iter().map(|(t, n)| (t.label_da(), shown(*n))).collect() },
        Breakdown { heading: "Kontaktform", rows: s.channels.iter().map(|(c, n)| (c.label_da(), shown(*n))).collect() },
        Breakdown { heading: "Guidet videre", rows: s.guidance.iter().map(|(g, n)| (g.label_da(), shown(*n))).collect() },
    ]
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, remote: Remote, Query(query): Query<StatisticsQuery>) -> Result<Response, PageError> {
    let acting = user.acting(&remote);
    let suppressed = anonymous::sees_suppressed_statistics(&acting);
    let this_month = first_of(state.today());
    let mut errors = FormErrors::default();
    let chosen = match query.maaned.trim() {
        "" => None,
        text => match NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d") {
            Ok(m) => Some(m),
            Err(_) => {
                errors.add("maaned", "Vælg en måned fra listen.");
                None
            }
        },
    };
    let stats = if errors.is_empty() {
        match anonymous::statistics(&state.app, &acting, chosen).await {
            Ok(s) => Some(s),
            Err(AppError::Invalid(list)) => {
                for f in list.0 {
                    errors.add("maaned", f.message_da);
                }
                None
            }
            Err(e) => return Err(e.into()),
        }
    } else {
        None
    };
    let newest = if suppressed { this_month.checked_sub_months(Months::new(1)).unwrap_or(this_month) } else { this_month };
    let selected = stats.as_ref().map(|s| s.month).unwrap_or(newest);
    let months = Choice::list(
        (0..24).filter_map(|back| newest.checked_sub_months(Months::new(back))).map(|m| (m.format("%Y-%m").to_string(), month_label(m))),
        &selected.format("%Y-%m").to_string(),
    );
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = if errors.is_empty() { "Anonym rådgivning: statistik".to_owned() } else { "Fejl i formularen – Anonym rådgivning: statistik".to_owned() };
    let page = StatisticsPage {
        layout: Layout::new(title, &user, "/anonym/statistik"),
        errors,
        months,
        month_label: month_label(selected),
        table: stats.as_ref().map(|s| s.months.iter().map(month_row).collect()).unwrap_or_default(),
        breakdowns: stats.as_ref().map(breakdowns).unwrap_or_default(),
        suppressed,
        shown: stats.is_some(),
    };
    Ok(render(status, &page))
}
