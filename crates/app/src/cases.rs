//! Cases: referral (enrolment on a waiting list) and the family-house ways in (`admit`), reading a case, and its changes (start,
//! close, reopen, assign). Each change reads the case inside its transaction, checks the
//! actor's need-to-know there, lets `domain::Case` decide the transition, and commits the
//! change, its timeline event and its access-log entry together.

use crate::{Acting, App, AppError};
use chrono::NaiveDate;
use familiehus_domain::access_route::{self, AccessRoute};
use familiehus_domain::service_rules::{Findings, StartFacts};
use familiehus_domain::{AuditAction, ClosureReason, Permission, Service};
use familiehus_store::{CaseRecord, NewCase, NewPerson, PersonInput, StoreError, Tx, WaitingEntry};

/// Who a referral is about.
#[derive(Debug, Clone)]
pub enum Referred {
    /// A registered person (by id).
    Existing(i64),
    /// A new person known by name only (the JSON API's short form).
    Named { name: String, birth_date: Option<NaiveDate> },
    /// A new person registered in full (the referral page), with a new family when named.
    Registered { person: NewPerson, family_name: Option<String> },
}

/// A referral as every front-end gives it.
#[derive(Debug, Clone)]
pub struct Referral {
    pub service_id: i64,
    pub person: Referred,
    pub referral_source: familiehus_domain::ReferralSource,
    pub enrolled_on: NaiveDate,
    pub note: String,
    /// Which way the case comes in (`domain::access_route`): checked against the service's
    /// setting and the actor by `refer` and `admit`.
    pub access_route: AccessRoute,
    /// The child's expected birth date, for a case opened during pregnancy.
    pub expected_birth_on: Option<NaiveDate>,
    /// Go ahead despite the service's rules' warnings (an age outside the range); a rule that
    /// stops refuses whatever this says.
    pub confirm_warnings: bool,
}

/// The service a named case is referred to, if it takes one (`Service::check_takes_named_case`).
async fn service_taking_cases(app: &App, service_id: i64) -> Result<Service, AppError> {
    let stored = app.store.service(service_id).await.map_err(|e| match e {
        StoreError::NotFound { .. } => AppError::invalid("service_id", "Indsatsen findes ikke.", "service does not exist"),
        other => other.into(),
    })?;
    stored.service.check_takes_named_case()?;
    Ok(stored.service)
}

/// Enrols a case on the service's waiting list; the referrer is recorded and sees it later.
pub async fn refer(app: &App, acting: &Acting, referral: Referral) -> Result<CaseRecord, AppError> {
    acting.require(Permission::Refer)?;
    check_way_in(app, acting, &referral).await?;
    let mut tx = app.store.begin().await?;
    let record = refer_in(app, acting, &mut tx, referral).await?;
    tx.commit().await?;
    Ok(record)
}

/// Opens a case the family-house way, without the authority: the leader's admission on the
/// short form, a direct contact or a walk-in, by the unit's own staff where the service
/// allows that way (`domain::access_route`). The same rules and transaction as `refer`.
pub async fn admit(app: &App, acting: &Acting, referral: Referral) -> Result<CaseRecord, AppError> {
    acting.require(Permission::ChangeCases)?;
    if referral.access_route == AccessRoute::AuthorityReferral {
        return Err(AppError::invalid("access_route", "Vælg hvordan familien er kommet ind.", "an admission is not an authority referral"));
    }
    check_way_in(app, acting, &referral).await?;
    let mut tx = app.store.begin().await?;
    let record = refer_in(app, acting, &mut tx, referral).await?;
    tx.commit().await?;
    Ok(record)
}

/// Whether the service takes the case the chosen way and the actor may use it.
async fn check_way_in(app: &App, acting: &Acting, referral: &Referral) -> Result<(), AppError> {
    let stored = match app.store.service(referral.service_id).await {
        Ok(stored) => stored,
        // `refer_in` answers a missing service at its field.
        Err(StoreError::NotFound { .. }) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    let optional = app.store.service_access_routes(referral.service_id).await?;
    let allowed = access_route::allowed(&optional, stored.service.access == familiehus_domain::Access::Open);
    access_route::check(referral.access_route, &allowed, &acting.actor(), stored.unit_id)?;
    Ok(())
}

/// `refer` inside the caller's unit of work, for use cases that create a case with another
/// change (accepting an enquiry): the same rules, the case and its log entry in `tx`. The
/// caller has checked its own permission (`refer`: `Refer`).
pub(crate) async fn refer_in(app: &App, acting: &Acting, tx: &mut Tx, referral: Referral) -> Result<CaseRecord, AppError> {
    familiehus_domain::case::check_case_date("enrolled_on", referral.enrolled_on, app.today())?;
    let born = match &referral.person {
        Referred::Named { birth_date, .. } => *birth_date,
        Referred::Registered { person, .. } => person.birth_date,
        Referred::Existing(_) => None,
    };
    if let Some(born) = born {
        familiehus_domain::case::check_birth_date("person.birth_date", born, app.today())?;
    }
    if let Some(expected) = referral.expected_birth_on {
        access_route::check_expected_birth(expected, referral.enrolled_on, born.is_some())?;
    }
    let service = service_taking_cases(app, referral.service_id).await?;
    // An age rule that stops refuses the referral; a warning waits for the user's
    // confirmation (and is asked again at the start, where the age is that day's).
    familiehus_domain::service_rules::check_referral(&service, born, referral.enrolled_on).settle(referral.confirm_warnings)?;
    let person = match &referral.person {
        Referred::Existing(id) => PersonInput::Existing(*id),
        Referred::Named { name, birth_date } => PersonInput::New { name: name.clone(), birth_date: *birth_date },
        Referred::Registered { .. } => PersonInput::Existing(0),
    };
    let new = NewCase {
        service_id: referral.service_id,
        person,
        referral_source: referral.referral_source,
        enrolled_on: referral.enrolled_on,
        note: referral.note.clone(),
        referred_by_user_id: Some(acting.user.id),
        assigned_user_id: None,
    };
    let record = match &referral.person {
        Referred::Registered { person, family_name } => tx.enrol_case_for_new_person(&new, person, family_name.as_deref()).await?,
        _ => tx.enrol_case(&new).await?,
    };
    let record = if referral.access_route != AccessRoute::AuthorityReferral || referral.expected_birth_on.is_some() {
        tx.record_access_route(record.id, referral.access_route, referral.expected_birth_on).await?
    } else {
        record
    };
    tx.log(logged(acting, AuditAction::EnrolCase, &record, record.service_name.clone()));
    Ok(record)
}

pub(crate) fn logged(acting: &Acting, action: AuditAction, record: &CaseRecord, detail: String) -> familiehus_store::AuditEntry {
    familiehus_store::AuditEntry { person_id: Some(record.person_id), case_id: Some(record.id), detail, ..acting.entry(action) }
}

/// The case, if the actor may see it (`Forbidden` otherwise; not found only for a case that
/// does not exist), without logging: for callers that log the whole page they show.
pub async fn visible(app: &App, acting: &Acting, id: i64) -> Result<CaseRecord, AppError> {
    acting.require(Permission::ReadCases)?;
    let record = app.store.case(id).await?;
    if acting.actor().case_scope().includes(&record.access_facts()) { Ok(record) } else { Err(AppError::Forbidden) }
}

/// Reads a case and logs the read (`place` says where it was shown, e.g. `api`); the answer
/// comes only once the log entry is durable.
pub async fn read(app: &App, acting: &Acting, id: i64, place: &str) -> Result<CaseRecord, AppError> {
    let record = visible(app, acting, id).await?;
    app.store.log_access(vec![logged(acting, AuditAction::ReadCase, &record, place.to_owned())]).await?;
    Ok(record)
}

/// One change of a case inside one transaction: read, check need-to-know, change, log, commit.
async fn change<F>(app: &App, acting: &Acting, id: i64, action: AuditAction, detail: String, apply: F) -> Result<CaseRecord, AppError>
where
    F: for<'t> FnOnce(&'t mut Tx) -> std::pin::Pin<Box<dyn Future<Output = Result<CaseRecord, StoreError>> + Send + 't>>,
{
    acting.require(Permission::ChangeCases)?;
    let mut tx = app.store.begin().await?;
    let before = tx.case(id).await?;
    if !acting.actor().case_scope().includes(&before.access_facts()) {
        return Err(AppError::Forbidden);
    }
    let record = apply(&mut tx).await?;
    tx.log(logged(acting, action, &record, detail));
    tx.commit().await?;
    Ok(record)
}

/// Starts a case on `started_on` under its service's rules (`service_rules::check_start`: a
/// consent or a decision recorded first, stops; the age range and a full service, warnings that
/// need `confirm_warnings`), checked in the transaction that starts it.
pub async fn start(app: &App, acting: &Acting, id: i64, started_on: NaiveDate, confirm_warnings: bool) -> Result<CaseRecord, AppError> {
    familiehus_domain::case::check_case_date("started_on", started_on, app.today())?;
    acting.require(Permission::ChangeCases)?;
    let mut tx = app.store.begin().await?;
    let before = tx.case(id).await?;
    if !acting.actor().case_scope().includes(&before.access_facts()) {
        return Err(AppError::Forbidden);
    }
    start_rules(app, &mut tx, &before, started_on).await?.settle(confirm_warnings)?;
    let record = tx.start_case(id, started_on, Some(acting.user.id)).await?;
    tx.log(logged(acting, AuditAction::StartCase, &record, String::new()));
    tx.commit().await?;
    Ok(record)
}

/// What the service's rules find about starting this case on `started_on`, read in the
/// transaction that starts it (also `cases_bulk::start_many`'s).
pub(crate) async fn start_rules(app: &App, tx: &mut Tx, case: &CaseRecord, started_on: NaiveDate) -> Result<Findings, AppError> {
    let service = app.store.service(case.service_id).await?.service;
    let facts = StartFacts {
        started_on,
        born: tx.birth_date(case.person_id).await?,
        has_consent: tx.has_consent(case.id).await?,
        has_decision: tx.has_decision(case.id).await?,
        running_cases: tx.running_cases(case.service_id, case.id).await?,
    };
    Ok(familiehus_domain::service_rules::check_start(&service, &facts))
}

/// A closure as the front-ends give it: the day, the reason, where the family moved on to
/// (required when that is the reason) and the end report.
#[derive(Debug, Clone)]
pub struct CloseCase {
    pub closed_on: NaiveDate,
    pub reason: ClosureReason,
    pub next_service_id: Option<i64>,
    pub end_report: String,
}

pub async fn close(app: &App, acting: &Acting, id: i64, input: CloseCase) -> Result<CaseRecord, AppError> {
    use familiehus_domain::case::{Intrusiveness, MAX_END_REPORT};
    familiehus_domain::case::check_case_date("closed_on", input.closed_on, app.today())?;
    if input.end_report.chars().count() > MAX_END_REPORT {
        return Err(AppError::invalid("end_report", &format!("Afslutningsrapporten må højst have {MAX_END_REPORT} tegn."), "end report too long"));
    }
    let moved = input.reason == ClosureReason::MovedToOtherService;
    let next_service_id = if moved { input.next_service_id } else { None };
    let mut event_detail = String::new();
    if moved {
        let Some(next_id) = next_service_id else {
            return Err(AppError::invalid("next_service_id", "Vælg den indsats, familien er overgået til.", "next service missing"));
        };
        let current = visible(app, acting, id).await?;
        if next_id == current.service_id {
            return Err(AppError::invalid("next_service_id", "Vælg en anden indsats end sagens egen.", "next service is the case's own"));
        }
        let next = app.store.service(next_id).await.map_err(|e| match e {
            StoreError::NotFound { .. } => AppError::invalid("next_service_id", "Indsatsen findes ikke.", "next service does not exist"),
            other => other.into(),
        })?;
        let from = app.store.service(current.service_id).await?;
        let direction = Intrusiveness::between(from.service.ladder_step, next.service.ladder_step);
        event_detail = format!(
            "{}: {} ({}, trin {} → {})",
            input.reason.label_da(),
            next.service.name,
            direction.label_da(),
            from.service.ladder_step,
            next.service.ladder_step
        );
    }
    let closure = familiehus_store::Closure { closed_on: input.closed_on, reason: input.reason, next_service_id, end_report: input.end_report, event_detail };
    let by = Some(acting.user.id);
    let detail = input.reason.code().to_owned();
    change(app, acting, id, AuditAction::CloseCase, detail, move |tx| Box::pin(async move { tx.close_case(id, &closure, by).await })).await
}

/// Reopens a closed case as a new episode (`domain::Case::next_episode`); the closed episode
/// and every past period's figures stay as they were. Returns the new episode.
pub async fn reopen(app: &App, acting: &Acting, id: i64) -> Result<CaseRecord, AppError> {
    let by = Some(acting.user.id);
    let today = app.today();
    change(app, acting, id, AuditAction::ReopenCase, String::new(), move |tx| Box::pin(tx.reopen_case(id, today, by))).await
}

/// Assigns the case to a practitioner or group leader (or nobody). The one place that decides
/// who may carry a case: an active user whose role carries cases (`Role::carries_cases`).
pub async fn assign(app: &App, acting: &Acting, id: i64, assignee: Option<i64>) -> Result<CaseRecord, AppError> {
    check_assignee(app, assignee).await?;
    let by = Some(acting.user.id);
    let today = app.today();
    let detail = assignee.map(|a| format!("user {a}")).unwrap_or_default();
    change(app, acting, id, AuditAction::AssignCase, detail, move |tx| Box::pin(tx.assign_case(id, assignee, today, by))).await
}

/// Refuses an assignee who may not carry cases (`assign`'s rule, also for many at once).
pub(crate) async fn check_assignee(app: &App, assignee: Option<i64>) -> Result<(), AppError> {
    if let Some(user_id) = assignee {
        let refused = || {
            AppError::invalid(
                "assigned_user_id",
                "Sagen kan kun tildeles en aktiv behandler eller gruppeleder.",
                "assignee must be an active practitioner or group leader",
            )
        };
        let user = match app.store.user(user_id).await {
            Ok(user) => user,
            Err(StoreError::NotFound { .. }) => return Err(refused()),
            Err(e) => return Err(e.into()),
        };
        if !user.active || !user.role.carries_cases() {
            return Err(refused());
        }
    }
    Ok(())
}

/// The cases the actor may see, optionally of one state, at most `limit`: the case list (page
/// and API), each case shown logged with its person.
pub async fn list(app: &App, acting: &Acting, state: Option<familiehus_domain::CaseState>, limit: i64, place: &str) -> Result<Vec<CaseRecord>, AppError> {
    acting.require(Permission::ReadCases)?;
    let records = app.store.visible_cases(acting.actor().case_scope(), None, state, limit).await?;
    crate::access::log_shown(app, acting, place, records.iter().map(|r| (r.id, r.person_id))).await?;
    Ok(records)
}

/// A service's waiting list on a day, within the actor's need-to-know, logged with every case
/// shown. The same for the staff page and the JSON API.
pub async fn waiting_list(app: &App, acting: &Acting, service_id: i64, on: NaiveDate) -> Result<Vec<WaitingEntry>, AppError> {
    acting.require(Permission::ReadCases)?;
    let entries = app.store.waiting_list(service_id, on, acting.actor().case_scope()).await?;
    log_waiting(app, acting, service_id, &entries).await?;
    Ok(entries)
}

/// One page of a service's waiting list (the staff page), and how many wait in all; logged
/// like `waiting_list`, with every case shown.
pub async fn waiting_page(app: &App, acting: &Acting, service_id: i64, on: NaiveDate, offset: i64, limit: i64) -> Result<(i64, Vec<WaitingEntry>), AppError> {
    acting.require(Permission::ReadCases)?;
    let (total, entries) = app.store.waiting_page(service_id, on, acting.actor().case_scope(), offset, limit).await?;
    log_waiting(app, acting, service_id, &entries).await?;
    Ok((total, entries))
}

async fn log_waiting(app: &App, acting: &Acting, service_id: i64, entries: &[WaitingEntry]) -> Result<(), AppError> {
    let mut log = vec![familiehus_store::AuditEntry { detail: format!("service {service_id}"), ..acting.entry(AuditAction::ReadWaitingList) }];
    log.extend(entries.iter().map(|e| familiehus_store::AuditEntry {
        case_id: Some(e.case_id),
        person_id: Some(e.person_id),
        detail: format!("venteliste, service {service_id}"),
        ..acting.entry(AuditAction::ReadWaitingList)
    }));
    app.store.log_access(log).await?;
    Ok(())
}
