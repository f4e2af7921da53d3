//! Deadlines of many cases at once: each started, open case's next follow-up (and the status
//! report due before it) from `domain::deadlines` — the one rule, applied here to the facts the
//! store reads without names — for the deadlines page (`/frister`) and the case list's
//! "overdue" filter. Cases of services without a follow-up rule have no deadline.

use crate::{Acting, App, AppError};
use familiehus_domain::deadlines::{DeadlineState, FollowUp, due_follow_up};
use familiehus_domain::{CaseScope, Permission};
use familiehus_store::CaseRecord;
use std::collections::HashMap;

/// A case's due follow-up and how near it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub case_id: i64,
    pub follow_up: FollowUp,
    pub state: DeadlineState,
}

/// Every due follow-up of the started, open cases in `scope` (optionally one practitioner's),
/// soonest first (then by case number).
pub(crate) async fn due_in(app: &App, scope: CaseScope, assigned_user_id: Option<i64>) -> Result<Vec<Due>, AppError> {
    let facts = app.store.deadline_facts(scope, assigned_user_id).await?;
    let rules: HashMap<i64, familiehus_domain::ServiceRules> = app.store.list_services().await?.into_iter().map(|s| (s.id, s.service.rules)).collect();
    let lead = u64::from(crate::settings::settings(app).await?.status_report_lead_days);
    let today = app.today();
    let mut due: Vec<Due> = facts
        .into_iter()
        .filter_map(|(case_id, service_id, started_on, held)| {
            let follow_up = due_follow_up(rules.get(&service_id)?, started_on, u32::try_from(held).unwrap_or(u32::MAX), lead)?;
            Some(Due { case_id, follow_up, state: DeadlineState::of(follow_up.due_on, today) })
        })
        .collect();
    due.sort_by_key(|d| (d.follow_up.due_on, d.case_id));
    Ok(due)
}

/// The cases in `scope` whose follow-up is overdue: the case list's filter.
pub(crate) async fn overdue_ids(app: &App, scope: CaseScope, assigned_user_id: Option<i64>) -> Result<Vec<i64>, AppError> {
    Ok(due_in(app, scope, assigned_user_id).await?.into_iter().filter(|d| d.state == DeadlineState::Overdue).map(|d| d.case_id).collect())
}

/// What the deadlines page asks for.
#[derive(Debug, Clone, Default)]
pub struct DeadlineQuery {
    pub assigned_user_id: Option<i64>,
    pub state: Option<DeadlineState>,
    pub offset: i64,
    pub limit: i64,
}

#[derive(Debug, Clone)]
pub struct DeadlineLine {
    pub record: CaseRecord,
    pub due: Due,
}

#[derive(Debug, Clone)]
pub struct DeadlinePage {
    /// How many cases match in all.
    pub total: i64,
    pub lines: Vec<DeadlineLine>,
}

/// One page of the deadlines in the actor's scope, soonest first; the cases shown are logged.
pub async fn page(app: &App, acting: &Acting, q: &DeadlineQuery, place: &str) -> Result<DeadlinePage, AppError> {
    acting.require(Permission::ReadCases)?;
    let all: Vec<Due> =
        due_in(app, acting.actor().case_scope(), q.assigned_user_id).await?.into_iter().filter(|d| q.state.is_none_or(|s| s == d.state)).collect();
    let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
    let (offset, limit) = (usize::try_from(q.offset.max(0)).unwrap_or(usize::MAX), usize::try_from(q.limit.clamp(1, 1000)).unwrap_or(50));
    let shown: Vec<Due> = all.into_iter().skip(offset).take(limit).collect();
    let ids: Vec<i64> = shown.iter().map(|d| d.case_id).collect();
    let mut records: HashMap<i64, CaseRecord> = app.store.cases_by_ids(&ids).await?.into_iter().map(|r| (r.id, r)).collect();
    crate::access::log_shown(app, acting, place, records.values().map(|r| (r.id, r.person_id))).await?;
    let lines = shown.into_iter().filter_map(|due| Some(DeadlineLine { record: records.remove(&due.case_id)?, due })).collect();
    Ok(DeadlinePage { total, lines })
}
