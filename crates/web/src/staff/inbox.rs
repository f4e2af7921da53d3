//! `/indbakke`: the referring caseworker's inbox of what was sent on their referrals (the
//! status reports), over `familiehus_app::status_reports::inbox`, which logs each case shown.

use super::errors::PageError;
use super::layout::{Layout, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use familiehus_app::status_reports;
use familiehus_domain::danish;

pub struct InboxLine {
    pub href: String,
    pub person: String,
    pub service: String,
    pub period: String,
    pub sent: String,
}

#[derive(Template)]
#[template(path = "staff/inbox.html")]
struct InboxPage {
    layout: Layout,
    lines: Vec<InboxLine>,
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, remote: Remote) -> Result<Response, PageError> {
    let sent = status_reports::inbox(&state.app, &user.acting(&remote)).await?;
    let lines = sent
        .into_iter()
        .map(|r| InboxLine {
            href: format!("/sager/{}/statusrapporter/{}", r.case_id, r.id),
            person: r.person_name,
            service: r.service_name,
            period: format!("{}–{}", danish::date(r.period_from), danish::date(r.period_to)),
            sent: danish::timestamp(&r.sent_at),
        })
        .collect();
    Ok(render(StatusCode::OK, &InboxPage { layout: Layout::new("Indbakke", &user, "/indbakke"), lines }))
}
