//! `/indsatser/{id}/venteliste`: a service's waiting list (oldest first) within the user's
//! need-to-know, with a start form and a close form per row for roles that change cases.
//! The forms post to the case actions with `back=venteliste`, which redirect here with a notice.

use super::errors::PageError;
use super::layout::{Layout, NoticeQuery, ok_page};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use familiehus_domain::{ClosureReason, Permission, danish};

pub struct Line {
    pub case_id: i64,
    pub person_name: String,
    pub enrolled_on: String,
    pub days_waiting: i64,
    pub referral_source: &'static str,
}

pub struct ReasonOption {
    pub code: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "staff/waiting_list.html")]
struct WaitingListPage {
    layout: Layout,
    title: String,
    today: String,
    lines: Vec<Line>,
    can_change: bool,
    reasons: Vec<ReasonOption>,
}

fn notice(code: &str) -> Option<String> {
    match code {
        "startet" => Some("Sagen er iværksat og er taget af ventelisten.".into()),
        "afsluttet" => Some("Sagen er afsluttet og er taget af ventelisten.".into()),
        _ => None,
    }
}

#[tracing::instrument(skip_all)]
pub async fn page_handler(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let service = state.store.service(id).await?;
    let today = state.today();
    let entries = familiehus_app::cases::waiting_list(&state.app, &user.acting(&remote), id, today).await?;
    let lines = entries
        .into_iter()
        .map(|e| Line {
            case_id: e.case_id,
            person_name: e.person_name,
            enrolled_on: danish::date(e.enrolled_on),
            days_waiting: e.days_waiting,
            referral_source: e.referral_source.label_da(),
        })
        .collect();
    let title = service.service.title();
    Ok(ok_page(&WaitingListPage {
        layout: Layout::new(format!("Venteliste: {}", service.service.name), &user, "").with_notice(notice(&query.besked)),
        title,
        today: danish::date(today),
        lines,
        can_change: user.actor().allows(Permission::ChangeCases),
        // Nobody on a waiting list has started, so only the reasons a case that never ran can close with.
        reasons: ClosureReason::ALL.iter().filter(|r| !r.needs_started_case()).map(|r| ReasonOption { code: r.code(), label: r.label_da() }).collect(),
    }))
}
