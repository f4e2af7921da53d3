//! `/frister`: the deadlines of the started, open cases the user may see — each case's next
//! follow-up and the status report due before it (`familiehus_app::deadlines`, over
//! `domain::deadlines`), soonest first, filterable by practitioner and state, paged. Unknown
//! filter values are ignored.

use super::case_list_view::PER_PAGE;
use super::cases::Opt;
use super::errors::PageError;
use super::layout::{Layout, ok_page};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use familiehus_app::deadlines::DeadlineQuery;
use familiehus_domain::danish;
use familiehus_domain::deadlines::DeadlineState;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Params {
    behandler: String,
    tilstand: String,
    side: String,
}

const STATES: &[(&str, Option<DeadlineState>)] = &[
    ("", None),
    ("overskredet", Some(DeadlineState::Overdue)),
    ("uge", Some(DeadlineState::DueThisWeek)),
    ("maaned", Some(DeadlineState::DueThisMonth)),
    ("senere", Some(DeadlineState::Later)),
];

pub struct Line {
    pub case_id: i64,
    pub person_name: String,
    pub service_name: String,
    pub number: u32,
    pub due_on: String,
    pub report_due_on: String,
    pub state: &'static str,
    pub pressing: bool,
}

#[derive(Template)]
#[template(path = "staff/deadlines.html")]
struct DeadlinesPage {
    layout: Layout,
    practitioners: Vec<Opt>,
    states: Vec<Opt>,
    lines: Vec<Line>,
    showing: String,
    previous: Option<String>,
    next: Option<String>,
    back_to_start: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, remote: Remote, Query(params): Query<Params>) -> Result<Response, PageError> {
    let actor = user.actor();
    let practitioner: Option<i64> = params.behandler.trim().parse().ok().filter(|id| *id > 0);
    let (state_code, state_filter) = STATES.iter().copied().find(|(code, _)| *code == params.tilstand.trim()).unwrap_or(("", None));
    let page_no: i64 = params.side.trim().parse().ok().filter(|p| (1..=1_000_000).contains(p)).unwrap_or(1);
    let offset = (page_no - 1) * PER_PAGE;
    let q = DeadlineQuery { assigned_user_id: practitioner, state: state_filter, offset, limit: PER_PAGE };
    let found = familiehus_app::deadlines::page(&state.app, &user.acting(&remote), &q, "frister").await?;
    let today = state.today();
    let lines: Vec<Line> = found
        .lines
        .iter()
        .map(|l| Line {
            case_id: l.record.id,
            person_name: l.record.person_name.clone(),
            service_name: l.record.service_name.clone(),
            number: l.due.follow_up.number,
            due_on: danish::date(l.due.follow_up.due_on),
            report_due_on: danish::date(l.due.follow_up.status_report_due_on),
            state: l.due.state.label_da(),
            pressing: l.due.state.is_pressing() || l.report_due(today),
        })
        .collect();
    let users = state.store.list_users().await?;
    let mut practitioners = vec![Opt { value: String::new(), label: "Alle behandlere".into(), selected: practitioner.is_none() }];
    practitioners.extend(
        users
            .iter()
            .filter(|u| u.active && u.role.carries_cases() && super::cases::scope_unit(&actor).is_none_or(|unit| u.unit_id == Some(unit)))
            .map(|u| Opt { value: u.id.to_string(), label: u.display_name.clone(), selected: practitioner == Some(u.id) }),
    );
    let states = STATES
        .iter()
        .map(|(code, s)| Opt { value: (*code).into(), label: s.map_or("Alle", DeadlineState::label_da).into(), selected: *code == state_code })
        .collect();
    let href = |page: i64| {
        let mut p: Vec<(&str, String)> = Vec::new();
        if let Some(u) = practitioner {
            p.push(("behandler", u.to_string()));
        }
        if !state_code.is_empty() {
            p.push(("tilstand", state_code.to_owned()));
        }
        p.push(("side", page.to_string()));
        format!("/frister?{}", serde_urlencoded::to_string(&p).unwrap_or_default())
    };
    let last_page = ((found.total + PER_PAGE - 1) / PER_PAGE).max(1);
    let n = danish::integer;
    let showing = if lines.is_empty() {
        if found.total == 0 { "Ingen frister passer på valget.".into() } else { format!("Ingen frister på denne side. Der er {} i alt.", n(found.total)) }
    } else {
        format!("Viser {}–{} af {}", n(offset + 1), n(offset + lines.len() as i64), n(found.total))
    };
    Ok(ok_page(&DeadlinesPage {
        layout: Layout::new("Frister", &user, "/frister"),
        practitioners,
        states,
        previous: (page_no > 1 && page_no <= last_page).then(|| href(page_no - 1)),
        next: (page_no < last_page).then(|| href(page_no + 1)),
        back_to_start: (lines.is_empty() && found.total > 0).then(|| href(1)),
        lines,
        showing,
    }))
}
