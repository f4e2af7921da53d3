//! Anonymous counselling (`LogAnonymous`): logging a talk with closed choices only (no identity
//! can be stored; `domain::anonymous`), in a course the citizen may quote by number, with the
//! limit of talks shown and warned at (`domain::anonymous_course`); a counsellor's same-day
//! correction of their own entry; what the counsellor's page shows beside the form; and the
//! statistics (`ReadAnonymousStatistics`, `domain::anonymous_stats`). No access-log entries:
//! nothing here is about an identifiable person.

use crate::{Acting, App, AppError};
use chrono::{Datelike, NaiveDate};
use familiehus_domain::anonymous::AnonymousContact;
use familiehus_domain::anonymous_course::{self, CourseNumber};
use familiehus_domain::anonymous_stats::{self, Statistics};
use familiehus_domain::{Access, FieldError, Permission, ServiceStatus};
use familiehus_store::{AnonymousSummary, LoggedTalk, NewTalk, StoreError, StoredService, StoredTalk};

/// This month so far: the first of the month to today, per service.
#[derive(Debug, Clone)]
pub struct MonthSummary {
    pub first: NaiveDate,
    pub today: NaiveDate,
    pub services: Vec<AnonymousSummary>,
}

/// A talk to log, as the counsellor gave it.
#[derive(Debug, Clone)]
pub struct TalkInput {
    pub contact: AnonymousContact,
    /// The number the citizen quoted, or `None` for a first talk.
    pub course: Option<CourseNumber>,
    pub confirm_beyond_limit: bool,
}

fn invalid(e: StoreError) -> AppError {
    match e {
        // The store's refusals are the counsellor's input errors, field by field.
        StoreError::Invalid(errors) => AppError::Invalid(errors),
        other => other.into(),
    }
}

/// Logs a talk after the domain's checks (no future date, a sensible duration, a known course
/// of the service, the limit of talks unless confirmed) on an active anonymous service.
pub async fn log_talk(app: &App, acting: &Acting, input: TalkInput) -> Result<LoggedTalk, AppError> {
    acting.require(Permission::LogAnonymous)?;
    let new = NewTalk { contact: input.contact, course: input.course, confirm_beyond_limit: input.confirm_beyond_limit, recorded_by: acting.account_id() };
    app.store.log_anonymous_talk(&new, app.today()).await.map_err(invalid)
}

/// A talk the actor may correct: their own, logged today.
pub async fn talk_to_correct(app: &App, acting: &Acting, id: i64) -> Result<StoredTalk, AppError> {
    acting.require(Permission::LogAnonymous)?;
    let talk = app.store.anonymous_talk(id).await?;
    if !anonymous_course::may_correct(talk.recorded, acting.user.id, app.today()) {
        return Err(AppError::Forbidden);
    }
    Ok(talk)
}

/// Corrects the actor's own talk of today (service, course and number stay).
pub async fn correct_talk(app: &App, acting: &Acting, id: i64, contact: &AnonymousContact) -> Result<(), AppError> {
    let talk = talk_to_correct(app, acting, id).await?;
    if contact.service_id != talk.contact.service_id {
        return Err(FieldError::new("service_id", "Tilbuddet kan ikke ændres ved en rettelse.", "service changed in a correction").into());
    }
    app.store.correct_anonymous_talk(id, contact, app.today()).await.map_err(invalid)
}

/// Whether the actor may correct `talk` (for the "Ret" link).
pub fn may_correct(app: &App, acting: &Acting, talk: &StoredTalk) -> bool {
    acting.actor().allows(Permission::LogAnonymous) && anonymous_course::may_correct(talk.recorded, acting.user.id, app.today())
}

/// The services a contact can be logged on: active and anonymous.
pub async fn services(app: &App, acting: &Acting) -> Result<Vec<StoredService>, AppError> {
    acting.require(Permission::LogAnonymous)?;
    Ok(app.store.list_services().await?.into_iter().filter(|s| s.service.access == Access::Anonymous && s.service.status == ServiceStatus::Active).collect())
}

/// Active services a talk can guide onward to (named cases or open offers).
pub async fn onward_services(app: &App, acting: &Acting) -> Result<Vec<StoredService>, AppError> {
    acting.require(Permission::LogAnonymous)?;
    Ok(app.store.list_services().await?.into_iter().filter(|s| s.service.access != Access::Anonymous && s.service.status == ServiceStatus::Active).collect())
}

/// This month's contacts per service and topic.
pub async fn month_summary(app: &App, acting: &Acting) -> Result<MonthSummary, AppError> {
    acting.require(Permission::LogAnonymous)?;
    let today = app.today();
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    Ok(MonthSummary { first, today, services: app.store.anonymous_summary(first, today).await? })
}

/// The latest talks logged, newest first, so the counsellor can check their entries.
pub async fn recent(app: &App, acting: &Acting, limit: i64) -> Result<Vec<StoredTalk>, AppError> {
    acting.require(Permission::LogAnonymous)?;
    Ok(app.store.recent_anonymous_talks(limit).await?)
}

/// Whether the actor sees the statistics with small counts suppressed: roles without case
/// access, except the counsellors, who logged the talks themselves.
pub fn sees_suppressed_statistics(acting: &Acting) -> bool {
    let actor = acting.actor();
    !actor.allows(Permission::ReadCases) && !actor.allows(Permission::LogAnonymous)
}

/// The statistics for a month (`None`: the current month, or for suppressed roles the last
/// whole one). Suppressed roles see whole months only, so a month still running is refused.
pub async fn statistics(app: &App, acting: &Acting, month: Option<NaiveDate>) -> Result<Statistics, AppError> {
    acting.require(Permission::ReadAnonymousStatistics)?;
    let suppressed = sees_suppressed_statistics(acting);
    let this_month = anonymous_stats::first_of(app.today());
    let last_whole = this_month.pred_opt().map(anonymous_stats::first_of).unwrap_or(this_month);
    let month = anonymous_stats::first_of(month.unwrap_or(if suppressed { last_whole } else { this_month }));
    if month > this_month {
        return Err(FieldError::new("maaned", "Vælg en måned, der er begyndt.", "month in the future").into());
    }
    if suppressed && month == this_month {
        return Err(FieldError::new("maaned", "Tallene vises for hele måneder: vælg en afsluttet måned.", "a running month for a suppressed role").into());
    }
    let rows = app.store.anonymous_talk_counts(anonymous_stats::first_shown(month), app.today()).await?;
    Ok(anonymous_stats::build(&rows, month, suppressed))
}
