//! Anonymous counselling (`LogAnonymous`): logging a contact with closed choices only (no
//! identity can be stored; `domain::anonymous`), and what the counsellor's page shows beside
//! the form: the active anonymous services, this month's contacts per service and topic, and
//! the latest entries. No access-log entries: nothing here is about an identifiable person.

use crate::{Acting, App, AppError};
use chrono::{Datelike, NaiveDate};
use familiehus_domain::anonymous::AnonymousContact;
use familiehus_domain::{Access, Permission, ServiceStatus};
use familiehus_store::{AnonymousSummary, StoreError, StoredService};

/// This month so far: the first of the month to today, per service.
#[derive(Debug, Clone)]
pub struct MonthSummary {
    pub first: NaiveDate,
    pub today: NaiveDate,
    pub services: Vec<AnonymousSummary>,
}

/// Logs a contact after the domain's checks (no future date, a sensible duration) on an active
/// anonymous service; returns its id.
pub async fn log_contact(app: &App, acting: &Acting, contact: &AnonymousContact) -> Result<i64, AppError> {
    acting.require(Permission::LogAnonymous)?;
    app.store.log_anonymous_contact(contact, app.today()).await.map_err(|e| match e {
        // The store's refusals are the counsellor's input errors, field by field.
        StoreError::Invalid(errors) => AppError::Invalid(errors),
        other => other.into(),
    })
}

/// The services a contact can be logged on: active and anonymous.
pub async fn services(app: &App, acting: &Acting) -> Result<Vec<StoredService>, AppError> {
    acting.require(Permission::LogAnonymous)?;
    Ok(app.store.list_services().await?.into_iter().filter(|s| s.service.access == Access::Anonymous && s.service.status == ServiceStatus::Active).collect())
}

/// This month's contacts per service and topic.
pub async fn month_summary(app: &App, acting: &Acting) -> Result<MonthSummary, AppError> {
    acting.require(Permission::LogAnonymous)?;
    let today = app.today();
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    Ok(MonthSummary { first, today, services: app.store.anonymous_summary(first, today).await? })
}

/// The latest contacts logged, newest first, so the counsellor can check their entries.
pub async fn recent(app: &App, acting: &Acting, limit: i64) -> Result<Vec<(i64, AnonymousContact)>, AppError> {
    acting.require(Permission::LogAnonymous)?;
    Ok(app.store.recent_anonymous_contacts(limit).await?)
}
