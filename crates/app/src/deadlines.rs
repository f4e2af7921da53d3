//! Deadlines of many cases at once: each started, open case's next follow-up (and the status
//! report due before it) for the deadlines page (`/frister`), the front page and the case
//! list's "overdue" filter. The date is `domain::deadlines::due_follow_up` — the one rule —
//! stored per case and kept current here: the store marks a case stale whenever a fact the
//! rule reads changes, and `refresh` recomputes the stale ones before any deadline is read, so
//! a unit's deadlines are one indexed range however many cases it runs. Cases of services
//! without a follow-up rule have no deadline.

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

/// Recomputes the stored deadlines the store has marked stale (nothing, after one indexed
/// probe, when none are).
pub(crate) async fn refresh(app: &App) -> Result<(), AppError> {
    if !app.store.has_stale_deadlines().await? {
        return Ok(());
    }
    let rules: HashMap<i64, familiehus_domain::ServiceRules> = app.store.list_services().await?.into_iter().map(|s| (s.id, s.service.rules)).collect();
    let refreshed = app
        .store
        .refresh_stale_deadlines(|f| {
            let due = due_follow_up(rules.get(&f.service_id)?, f.started_on?, f.held, 0)?;
            Some((due.due_on, due.number))
        })
        .await?;
    tracing::debug!(refreshed, "stored deadlines recomputed");
    Ok(())
}

/// One page of the due follow-ups in `scope` (optionally one practitioner's) within `range`
/// (`DeadlineState::range`), soonest first, and how many there are in all.
async fn due_page(
    app: &App,
    scope: CaseScope,
    assigned_user_id: Option<i64>,
    range: (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>),
    offset: i64,
    limit: i64,
) -> Result<(i64, Vec<Due>), AppError> {
    refresh(app).await?;
    let lead = u64::from(crate::settings::settings(app).await?.status_report_lead_days);
    let today = app.today();
    let (total, rows) = app.store.deadline_page(scope, assigned_user_id, range, offset, limit).await?;
    let due = rows
        .into_iter()
        .filter_map(|(case_id, due_on, number)| {
            let follow_up = FollowUp::numbered(u32::try_from(number).ok()?, due_on, lead)?;
            Some(Due { case_id, follow_up, state: DeadlineState::of(due_on, today) })
        })
        .collect();
    Ok((total, due))
}

/// "Overdue" for the case list: a due date before this day (`store::CaseListQuery`), read
/// after the stored deadlines are current.
pub(crate) async fn overdue_before(app: &App) -> Result<chrono::NaiveDate, AppError> {
    refresh(app).await?;
    Ok(app.today())
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
    /// The status report for this follow-up has been sent: its deadline is met.
    pub report_sent: bool,
}

impl DeadlineLine {
    /// The status report's deadline has come and it is not sent.
    pub fn report_due(&self, today: chrono::NaiveDate) -> bool {
        !self.report_sent && self.due.follow_up.status_report_due_on <= today
    }
}

#[derive(Debug, Clone)]
pub struct DeadlinePage {
    /// How many cases match in all.
    pub total: i64,
    pub lines: Vec<DeadlineLine>,
}

/// The named lines of `due`, in its order; the cases shown are logged at `place`.
async fn lines(app: &App, acting: &Acting, due: Vec<Due>, place: &str) -> Result<Vec<DeadlineLine>, AppError> {
    let ids: Vec<i64> = due.iter().map(|d| d.case_id).collect();
    let mut records: HashMap<i64, CaseRecord> = app.store.cases_by_ids(&ids).await?.into_iter().map(|r| (r.id, r)).collect();
    crate::access::log_shown(app, acting, place, records.values().map(|r| (r.id, r.person_id))).await?;
    let sent = crate::status_reports::sent_for(app, &ids).await?;
    Ok(due
        .into_iter()
        .filter_map(|due| {
            let report_sent = sent.contains(&(due.case_id, i64::from(due.follow_up.number)));
            Some(DeadlineLine { record: records.remove(&due.case_id)?, due, report_sent })
        })
        .collect())
}

/// One page of the deadlines in the actor's scope, soonest first; the cases shown are logged.
pub async fn page(app: &App, acting: &Acting, q: &DeadlineQuery, place: &str) -> Result<DeadlinePage, AppError> {
    acting.require(Permission::ReadCases)?;
    let range = q.state.map_or((None, None), |s| s.range(app.today()));
    let (total, due) = due_page(app, acting.actor().case_scope(), q.assigned_user_id, range, q.offset, q.limit).await?;
    Ok(DeadlinePage { total, lines: lines(app, acting, due, place).await? })
}

/// The follow-ups due within `horizon_days` (overdue ones included: they stay until held),
/// soonest first, at most `limit`: the front page's list. `None` for a municipality-wide
/// scope, where work is planned per unit.
pub async fn due_soon(app: &App, acting: &Acting, horizon_days: u64, limit: i64, place: &str) -> Result<Option<DeadlinePage>, AppError> {
    acting.require(Permission::ReadCases)?;
    let scope = acting.actor().case_scope();
    if scope == CaseScope::All {
        return Ok(None);
    }
    let horizon = app.today().checked_add_days(chrono::Days::new(horizon_days));
    let (total, due) = due_page(app, scope, None, (None, horizon), 0, limit).await?;
    Ok(Some(DeadlinePage { total, lines: lines(app, acting, due, place).await? }))
}
