//! The referring caseworker's inbox (`/indbakke`, `GET /api/inbox`): what happened on the cases
//! they referred — started, status report received, follow-up due, closed — newest first, in
//! pages (`domain::inbox`). Needs `Refer`; only the actor's own referrals are read. Two
//! statements and the catalogue's rules, whatever the number of cases; every case on the page
//! shown is logged.

use crate::{Acting, App, AppError};
use familiehus_domain::Permission;
use familiehus_domain::inbox::{self, InboxCase, InboxItem};
use std::collections::HashMap;

/// Reports read for the inbox at most; beyond that the oldest are not merged (a caseworker's
/// referrals in a year are a few hundred, each with a report or two).
const REPORTS: i64 = 10_000;

#[derive(Debug, Clone)]
pub struct InboxPage {
    pub items: Vec<InboxItem>,
    pub total: usize,
    /// 1-based, clamped to the last page.
    pub page: usize,
    pub pages: usize,
}

pub async fn page(app: &App, acting: &Acting, page: usize) -> Result<InboxPage, AppError> {
    acting.require(Permission::Refer)?;
    let today = app.today();
    let rules: HashMap<i64, familiehus_domain::ServiceRules> = app.store.list_services().await?.into_iter().map(|s| (s.id, s.service.rules)).collect();
    let mut items: Vec<InboxItem> = Vec::new();
    for (service_id, facts) in app.store.referral_facts(acting.user.id).await? {
        items.extend(inbox::referral_items(&facts, &rules.get(&service_id).cloned().unwrap_or_default(), today));
    }
    for r in app.store.sent_reports_for_referrer(acting.user.id, REPORTS).await? {
        let sent_on = chrono::DateTime::parse_from_rfc3339(&r.sent_at)
            .map(|t| familiehus_domain::danish::local_date(t.with_timezone(&chrono::Utc)))
            .unwrap_or(r.period_to);
        let case = InboxCase { case_id: r.case_id, person_id: r.person_id, person_name: r.person_name, service_name: r.service_name };
        items.push(inbox::report_item(case, r.id, sent_on, r.period_from, r.period_to));
    }
    let (total, page, items) = inbox::page(items, page);
    crate::access::log_shown(app, acting, "indbakke", items.iter().map(|i| (i.case.case_id, i.case.person_id))).await?;
    Ok(InboxPage { items, total, page, pages: total.div_ceil(inbox::PER_PAGE).max(1) })
}
