//! `/rapport/opsaetning` (leaders and administrators, `EditReport`): the report as the committee
//! receives it — which services are rows (the set changes between reports), each row's
//! paragraph and label as the committee knows them, their order, and the leader's remark per
//! row, the "Bemærkninger" column. One fieldset per catalogue service; no script. A refused form
//! comes back as typed with the message at the row. The rules are `ReportConfig::row_problems`'
//! and `familiehus_app::reports::save_config`'s.

use super::errors::PageError;
use super::layout::{FormErrors, Layout, NoticeQuery, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::AppError;
use familiehus_app::reports::RowChoice;
use familiehus_domain::{ReportConfig, ReportService};
use std::collections::HashMap;

/// One service's fieldset as typed (or as configured).
#[derive(Debug, Clone, Default)]
struct RowInput {
    service_id: i64,
    /// The catalogue's name and unit: the fieldset's legend.
    legend: String,
    included: bool,
    order: String,
    paragraph: String,
    label: String,
    remark: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "staff/report_setup.html")]
struct SetupPage {
    layout: Layout,
    errors: FormErrors,
    /// The summary's links to the rows with problems: anchor and message.
    row_errors: Vec<(String, String)>,
    rows: Vec<RowInput>,
}

fn legend(c: &RowChoice) -> String {
    let retired = if c.retired { ", udgået" } else { "" };
    format!("{} ({}{retired})", c.default_row.label, c.unit_name)
}

/// The form as the configuration in force fills it: configured rows first, numbered in order.
fn from_config(config: &ReportConfig, choices: &[RowChoice]) -> Vec<RowInput> {
    choices
        .iter()
        .map(|c| {
            let id = c.default_row.service_id;
            match config.rows.iter().position(|r| r.service_id == id) {
                Some(i) => {
                    let r = &config.rows[i];
                    RowInput {
                        service_id: id,
                        legend: legend(c),
                        included: true,
                        order: (i + 1).to_string(),
                        paragraph: r.paragraph.clone(),
                        label: r.label.clone(),
                        remark: r.remark.clone(),
                        error: None,
                    }
                }
                None => RowInput {
                    service_id: id,
                    legend: legend(c),
                    included: false,
                    order: String::new(),
                    paragraph: c.default_row.paragraph.clone(),
                    label: c.default_row.label.clone(),
                    remark: String::new(),
                    error: None,
                },
            }
        })
        .collect()
}

/// The typed form over the choices (a service the form does not name keeps its defaults).
fn from_form(fields: &[(String, String)], choices: &[RowChoice]) -> Vec<RowInput> {
    let values: HashMap<&str, &str> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let get = |name: &str, id: i64| values.get(format!("{name}_{id}").as_str()).map(|v| super::fields::line_feeds(v));
    from_config(&ReportConfig { rows: Vec::new() }, choices)
        .into_iter()
        .map(|mut row| {
            let id = row.service_id;
            row.included = get("med", id).is_some();
            row.order = get("nr", id).unwrap_or_default();
            row.paragraph = get("paragraf", id).unwrap_or(row.paragraph);
            row.label = get("betegnelse", id).unwrap_or(row.label);
            row.remark = get("bemaerkning", id).unwrap_or_default();
            row
        })
        .collect()
}

/// The included rows in the order their numbers give (blank numbers last, in form order), with
/// each row's form index; an unreadable number is an error at its row.
fn read_config(rows: &mut [RowInput]) -> Option<(ReportConfig, Vec<usize>)> {
    let mut ordered: Vec<(u32, usize)> = Vec::new();
    let mut readable = true;
    for (i, row) in rows.iter_mut().enumerate().filter(|(_, r)| r.included) {
        match row.order.trim() {
            "" => ordered.push((u32::MAX, i)),
            text => match text.parse::<u32>() {
                Ok(n) if n >= 1 => ordered.push((n, i)),
                _ => {
                    row.error = Some("Rækkefølgen skal være et helt tal fra 1.".into());
                    readable = false;
                }
            },
        }
    }
    if !readable {
        return None;
    }
    ordered.sort_by_key(|(n, _)| *n);
    let indices: Vec<usize> = ordered.iter().map(|(_, i)| *i).collect();
    let config = ReportConfig {
        rows: indices
            .iter()
            .map(|&i| {
                let r = &rows[i];
                ReportService {
                    service_id: r.service_id,
                    paragraph: r.paragraph.trim().to_owned(),
                    label: r.label.trim().to_owned(),
                    remark: r.remark.trim().to_owned(),
                }
            })
            .collect(),
    };
    Some((config, indices))
}

fn page_with(user: &CurrentUser, rows: Vec<RowInput>, errors: FormErrors, saved: bool) -> Response {
    let row_errors: Vec<(String, String)> =
        rows.iter().filter_map(|r| r.error.as_ref().map(|e| (format!("raekke-{}", r.service_id), format!("{}: {e}", r.label)))).collect();
    let status = if row_errors.is_empty() && errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = if status == StatusCode::OK { "Rapportens rækker og bemærkninger" } else { "Fejl i formularen – Rapportens rækker og bemærkninger" };
    let layout = Layout::new(title, user, "/rapport").with_notice(saved.then(|| "Rapportens rækker og bemærkninger er gemt.".to_owned()));
    render(status, &SetupPage { layout, errors, row_errors, rows })
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, remote: Remote, Query(q): Query<NoticeQuery>) -> Result<Response, PageError> {
    let (stored, choices) = familiehus_app::reports::config_choices(&state.app, &user.acting(&remote)).await?;
    Ok(page_with(&user, from_config(&stored.config, &choices), FormErrors::default(), q.besked == "gemt"))
}

#[tracing::instrument(skip_all)]
pub async fn save(State(state): State<AppState>, user: CurrentUser, remote: Remote, Form(fields): Form<Vec<(String, String)>>) -> Result<Response, PageError> {
    let acting = user.acting(&remote);
    let (_, choices) = familiehus_app::reports::config_choices(&state.app, &acting).await?;
    let mut rows = from_form(&fields, &choices);
    let Some((config, indices)) = read_config(&mut rows) else {
        return Ok(page_with(&user, rows, FormErrors::default(), false));
    };
    // The rule's problems, shown at the row they are about (the message's "Række n" is the
    // row's place in the report, which the form's order gives).
    let problems = config.row_problems();
    if !problems.is_empty() {
        for (i, e) in problems {
            if let Some(&form_index) = indices.get(i) {
                let row = &mut rows[form_index];
                row.error = Some(row.error.take().map_or(e.message_da.clone(), |before| format!("{before} {}", e.message_da)));
            }
        }
        return Ok(page_with(&user, rows, FormErrors::default(), false));
    }
    match familiehus_app::reports::save_config(&state.app, &acting, &config).await {
        Ok(()) => Ok(Redirect::to("/rapport/opsaetning?besked=gemt").into_response()),
        Err(AppError::Invalid(problems)) => {
            let mut errors = FormErrors::default();
            for p in problems.0 {
                errors.add("raekker", p.message_da);
            }
            Ok(page_with(&user, rows, errors, false))
        }
        Err(e) => Err(e.into()),
    }
}
