//! `/`: what needs the signed-in user's attention today, by role. Leaders and admins see each
//! service's waiting list (count, longest wait, flagged over 30 days) and recent referrals;
//! caseworkers the cases they referred; practitioners and group leaders their cases waiting and
//! active; analysts the report; anonymous counsellors a note on what is coming.

use super::errors::PageError;
use super::layout::{Layout, ok_page};
use super::views::{CaseRow, rows};
use crate::AppState;
use crate::auth::CurrentUser;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use familiehus_domain::{Access, CaseState, Role, ServiceStatus};

/// Waits longer than this are flagged on the leader's front page.
pub const LONG_WAIT_DAYS: i64 = 30;

pub struct ServiceLine {
    pub id: i64,
    pub title: String,
    pub unit_name: String,
    pub waiting: usize,
    pub longest: i64,
    pub flagged: bool,
}

#[derive(Template)]
#[template(path = "staff/front.html")]
struct FrontPage {
    layout: Layout,
    role: &'static str,
    services: Vec<ServiceLine>,
    recent: Vec<CaseRow>,
    waiting: Vec<CaseRow>,
    active: Vec<CaseRow>,
    long_wait_days: i64,
}

#[tracing::instrument(skip_all)]
pub async fn page_handler(state: &AppState, user: &CurrentUser) -> Result<Response, PageError> {
    let actor = user.actor();
    let scope = actor.case_scope();
    let mut view = FrontPage {
        layout: Layout::new("Forside", user, "/"),
        role: actor.role.code(),
        services: Vec::new(),
        recent: Vec::new(),
        waiting: Vec::new(),
        active: Vec::new(),
        long_wait_days: LONG_WAIT_DAYS,
    };
    match actor.role {
        Role::Admin | Role::UnitLeader => {
            let today = state.today();
            for s in state.store.list_services().await? {
                let own = actor.role == Role::Admin || actor.unit_id.is_none_or(|u| u == s.unit_id);
                if !own || s.service.status != ServiceStatus::Active || s.service.access == Access::Anonymous {
                    continue;
                }
                let list = state.store.waiting_list(s.id, today, scope).await?;
                let longest = list.first().map_or(0, |e| e.days_waiting);
                view.services.push(ServiceLine {
                    id: s.id,
                    title: s.service.title(),
                    unit_name: s.unit_name.clone(),
                    waiting: list.len(),
                    longest,
                    flagged: longest > LONG_WAIT_DAYS,
                });
            }
            view.recent = rows(&state.store.visible_cases(scope, None, None, 10).await?);
        }
        Role::Caseworker => view.recent = rows(&state.store.visible_cases(scope, None, None, 50).await?),
        Role::Practitioner | Role::GroupLeader => {
            view.waiting = rows(&state.store.visible_cases(scope, None, Some(CaseState::Waiting), 50).await?);
            view.active = rows(&state.store.visible_cases(scope, None, Some(CaseState::Active), 50).await?);
        }
        Role::Analyst | Role::AnonymousCounsellor => {}
    }
    Ok(ok_page(&view))
}

pub async fn page(State(state): State<AppState>, user: CurrentUser) -> Result<Response, PageError> {
    page_handler(&state, &user).await
}
