//! `/`: what needs the signed-in user's attention today, by role. Leaders and admins see each
//! service's waiting list (count, longest wait, flagged over the municipality's long-wait setting) and recent referrals;
//! caseworkers the cases they referred; practitioners and group leaders their cases waiting and
//! active; analysts the report; anonymous counsellors a note on what is coming.

use super::errors::PageError;
use super::layout::{Layout, ok_page};
use super::views::{CaseRow, rows};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use familiehus_domain::{Access, CaseState, Role, ServiceStatus, danish};

/// Follow-ups due within this many days are listed; their status reports are due earlier.
pub const FOLLOW_UP_HORIZON_DAYS: u64 = 30;

/// The most follow-ups listed; a team's month of follow-ups is far fewer. The list says when
/// there are more (`complete`), and `/frister` pages through them all.
const FOLLOW_UP_LINE_LIMIT: i64 = 200;

/// What the front page shows of follow-ups.
pub enum FollowUps {
    /// The scope is the whole municipality: work is planned per unit.
    NotShown,
    /// Due soon, soonest first; `complete` is false when the case limit was reached.
    Due { lines: Vec<FollowUpLine>, complete: bool },
}

pub struct FollowUpLine {
    pub case_id: i64,
    pub person_name: String,
    pub service_name: String,
    pub number: u32,
    pub due_on: String,
    pub report_due_on: String,
    /// The status report's deadline has come (and it is not sent).
    pub report_due: bool,
    /// The status report for this follow-up has been sent: its deadline is met.
    pub report_sent: bool,
    /// `Overskredet`, `Denne uge`, … (`domain::deadlines::DeadlineState`).
    pub state: &'static str,
    pub pressing: bool,
}

pub struct ServiceLine {
    pub id: i64,
    pub title: String,
    pub unit_name: String,
    pub waiting: usize,
    pub longest: i64,
    pub flagged: bool,
    /// `141 af 150`, or the count alone without a capacity.
    pub load: String,
    /// At or over capacity.
    pub full: bool,
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
    follow_ups: FollowUps,
    long_wait_days: i64,
    horizon_days: u64,
    /// The unit's running cases flagged off track by their ORS/SRS scores (`off_track_view`).
    off_track: Vec<super::off_track_view::OffTrackLine>,
}

/// Started cases in scope whose next follow-up falls within the horizon, soonest first
/// (`app::deadlines::due_soon`).
async fn follow_ups(state: &AppState, acting: &familiehus_app::Acting, today: chrono::NaiveDate) -> Result<FollowUps, PageError> {
    let Some(found) = familiehus_app::deadlines::due_soon(&state.app, acting, FOLLOW_UP_HORIZON_DAYS, FOLLOW_UP_LINE_LIMIT, "forside, opfølgninger").await?
    else {
        return Ok(FollowUps::NotShown);
    };
    let complete = found.total <= i64::try_from(found.lines.len()).unwrap_or(i64::MAX);
    let lines = found
        .lines
        .iter()
        .map(|l| FollowUpLine {
            case_id: l.record.id,
            person_name: l.record.person_name.clone(),
            service_name: l.record.service_name.clone(),
            number: l.due.follow_up.number,
            due_on: danish::date(l.due.follow_up.due_on),
            report_due_on: danish::date(l.due.follow_up.status_report_due_on),
            report_due: l.report_due(today),
            report_sent: l.report_sent,
            state: l.due.state.label_da(),
            pressing: l.due.state.is_pressing(),
        })
        .collect();
    Ok(FollowUps::Due { lines, complete })
}

#[tracing::instrument(skip_all)]
pub async fn page_handler(state: &AppState, user: &CurrentUser, remote: &Remote) -> Result<Response, PageError> {
    let actor = user.actor();
    let acting = user.acting(remote);
    let scope = actor.case_scope();
    let settings = familiehus_app::settings::settings(&state.app).await?;
    let long_wait_days = i64::from(settings.long_wait_days);
    let mut view = FrontPage {
        layout: Layout::new("Forside", user, "/"),
        role: actor.role.code(),
        services: Vec::new(),
        recent: Vec::new(),
        waiting: Vec::new(),
        active: Vec::new(),
        follow_ups: FollowUps::NotShown,
        long_wait_days,
        horizon_days: FOLLOW_UP_HORIZON_DAYS,
        off_track: Vec::new(),
    };
    match actor.role {
        Role::Admin | Role::UnitLeader => {
            let today = state.today();
            let active = state.store.active_case_counts().await?;
            let waiting = state.store.waiting_summary(scope).await?;
            let services = state.store.list_services().await?;
            for s in &services {
                let own = actor.role == Role::Admin || actor.unit_id.is_none_or(|u| u == s.unit_id);
                if !own || s.service.status != ServiceStatus::Active || s.service.access == Access::Anonymous {
                    continue;
                }
                let (count, oldest) = waiting.iter().find(|(id, _, _)| *id == s.id).map_or((0, None), |(_, n, oldest)| (*n, Some(*oldest)));
                let longest = oldest.and_then(|d| familiehus_domain::Case::enrol(d).days_waiting_on(today)).unwrap_or(0);
                let running = active.iter().find(|(id, _)| *id == s.id).map_or(0, |(_, n)| *n);
                let capacity = s.service.capacity.map(i64::from);
                view.services.push(ServiceLine {
                    id: s.id,
                    title: s.service.title(),
                    unit_name: s.unit_name.clone(),
                    waiting: usize::try_from(count).unwrap_or(0),
                    longest,
                    flagged: longest > long_wait_days,
                    load: match capacity {
                        Some(c) => format!("{} af {}", danish::integer(running), danish::integer(c)),
                        None => danish::integer(running),
                    },
                    full: capacity.is_some_and(|c| running >= c),
                });
            }
            view.recent = rows(&familiehus_app::cases::list(&state.app, &acting, None, 10, "forside").await?);
            view.follow_ups = follow_ups(state, &acting, today).await?;
            view.off_track = super::off_track_view::lines(familiehus_app::measurements::flagged_cases(&state.app, &acting, "forside, ude af kurs").await?);
        }
        Role::Caseworker => view.recent = rows(&familiehus_app::cases::list(&state.app, &acting, None, 50, "forside").await?),
        Role::Practitioner | Role::GroupLeader => {
            view.waiting = rows(&familiehus_app::cases::list(&state.app, &acting, Some(CaseState::Waiting), 50, "forside").await?);
            view.active = rows(&familiehus_app::cases::list(&state.app, &acting, Some(CaseState::Active), 50, "forside").await?);
            view.follow_ups = follow_ups(state, &acting, state.today()).await?;
        }
        Role::Analyst | Role::AnonymousCounsellor => {}
    }
    Ok(ok_page(&view))
}

pub async fn page(State(state): State<AppState>, user: CurrentUser, remote: Remote) -> Result<Response, PageError> {
    page_handler(&state, &user, &remote).await
}
