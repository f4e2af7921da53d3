//! `/indbakke`: the referring caseworker's inbox of what happened on their referrals (started,
//! status report received, follow-up due, closed), newest first, 25 a page (`?side=2`), over
//! `familiehus_app::inbox::page`, which logs each case shown.

use super::errors::PageError;
use super::layout::{Layout, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use familiehus_domain::danish;
use familiehus_domain::inbox::{InboxItem, InboxKind, PER_PAGE};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InboxQuery {
    /// Read leniently: anything but a page number is the first page.
    pub side: String,
}

pub struct InboxLine {
    pub on: String,
    pub what: &'static str,
    pub detail: String,
    pub pressing: bool,
    pub href: String,
    pub person: String,
    pub service: String,
}

impl InboxLine {
    fn new(i: &InboxItem) -> Self {
        let href = match i.report_id {
            Some(report) => format!("/sager/{}/statusrapporter/{report}", i.case.case_id),
            None => format!("/sager/{}", i.case.case_id),
        };
        InboxLine {
            on: danish::date(i.on),
            what: i.kind.label_da(),
            detail: i.detail.clone(),
            pressing: i.kind == InboxKind::FollowUpDue && i.overdue,
            href,
            person: i.case.person_name.clone(),
            service: i.case.service_name.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "staff/inbox.html")]
struct InboxPage {
    layout: Layout,
    lines: Vec<InboxLine>,
    /// "Viser 26–50 af 61".
    showing: String,
    previous: Option<String>,
    next: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, remote: Remote, Query(query): Query<InboxQuery>) -> Result<Response, PageError> {
    let asked = query.side.trim().parse::<usize>().unwrap_or(1);
    let inbox = familiehus_app::inbox::page(&state.app, &user.acting(&remote), asked).await?;
    let first = (inbox.page - 1) * PER_PAGE;
    let showing = if inbox.total == 0 {
        String::new()
    } else {
        format!(
            "Viser {}–{} af {}",
            danish::integer(first as i64 + 1),
            danish::integer((first + inbox.items.len()) as i64),
            danish::integer(inbox.total as i64)
        )
    };
    let link = |p: usize| format!("/indbakke?side={p}");
    let page = InboxPage {
        layout: Layout::new("Indbakke", &user, "/indbakke"),
        lines: inbox.items.iter().map(InboxLine::new).collect(),
        showing,
        previous: (inbox.page > 1).then(|| link(inbox.page - 1)),
        next: (inbox.page < inbox.pages).then(|| link(inbox.page + 1)),
    };
    Ok(render(StatusCode::OK, &page))
}
