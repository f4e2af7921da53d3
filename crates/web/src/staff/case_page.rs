//! `/sager/{id}`: one case — facts (CPR masked unless the role needs it in full), timeline,
//! the actions of roles that change cases, and for leaders the access log ("Hvem har set
//! sagen"). Every view is logged. Also re-rendered with errors by `case_actions`.

use super::errors::PageError;
use super::layout::{FormErrors, Layout, render};
use super::views::{cpr_text, opt_date};
use crate::AppState;
use crate::access_log::Action;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use familiehus_domain::{CaseState, ClosureReason, Permission, danish};
use serde::Deserialize;

pub struct EventLine {
    pub date: String,
    pub what: String,
    pub who: String,
    pub detail: String,
}

pub struct AccessLine {
    pub at: String,
    pub who: String,
    pub what: String,
    pub remote: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// What the user typed into the action forms, kept on a re-render.
#[derive(Default)]
pub struct ActionInput {
    pub started_on: String,
    pub closed_on: String,
    pub reason: String,
    pub next_service_id: String,
    pub end_report: String,
    pub fu_held_on: String,
    pub fu_attendees: String,
    pub fu_decision: String,
    pub fu_note: String,
    pub sr_from: String,
    pub sr_to: String,
    pub cs_given_on: String,
    pub cs_given_by: String,
    pub dc_decided_on: String,
    pub dc_frequency: String,
    pub dc_duration: String,
    pub dc_supervisor: String,
}

#[derive(Template)]
#[template(path = "staff/case.html")]
struct CasePage {
    layout: Layout,
    errors: FormErrors,
    id: i64,
    person_id: i64,
    person_name: String,
    cpr: String,
    birth_date: String,
    service_id: i64,
    service_name: String,
    state: &'static str,
    waiting: bool,
    closed: bool,
    enrolled_on: String,
    started_on: String,
    closed_on: String,
    closure_reason: String,
    /// The end report written at closure; empty when none.
    end_report: String,
    /// The closed episode this case continues, and the episode that continues it.
    reopened_from: Option<i64>,
    continued_by: Option<i64>,
    days_waiting: String,
    /// For a waiting case: its place in the queue and expected start.
    expected_start: String,
    referral_source: &'static str,
    note: String,
    assigned_to: String,
    /// The due follow-up, the held ones and the form (`case_follow_ups`).
    follow_ups: super::case_follow_up_view::FollowUpSection,
    /// The case's status reports and the draft form (`case_status_reports`).
    status_reports: super::case_status_report_view::StatusReportSection,
    timeline: Vec<EventLine>,
    can_change: bool,
    input: ActionInput,
    reasons: Vec<Choice>,
    /// Services a family can move on to (every active service but the case's own).
    next_services: Vec<Choice>,
    assignees: Vec<Choice>,
    access_log: Option<Vec<AccessLine>>,
    /// All entries of the case's log, of which the newest `ACCESS_LOG_SHOWN` are listed.
    access_total: i64,
    journal: super::case_journal::Section,
    /// Goals, scores, their chart and off-track flags (`case_measurements`).
    measurements: super::case_measurement_view::Section,
    /// Corrections of the referral note and source (`case_details`).
    history: Vec<super::case_details::HistoryLine>,
    /// The family around the child, compact (`case_family`).
    family: super::case_family::Section,
    /// Attachments and the upload form (`case_attachments`).
    attachments: super::case_attachments::Section,
    /// Strengthened family treatment's phases and hours split, on such a service only.
    treatment: Option<super::family_treatment_view::Section>,
    /// Consents, the § 71.3 decision and what is still missing (`case_consents`).
    consents: super::case_consent_view::Section,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CaseQuery {
    besked: String,
}

fn notice(code: &str) -> Option<String> {
    let text = match code {
        "startet" => "Sagen er iværksat.",
        "afsluttet" => "Sagen er afsluttet.",
        "genaabnet" => "Sagen er genåbnet som en ny episode. Den afsluttede episode står uændret.",
        "tildelt" => "Sagen er tildelt.",
        "opfoelgning" => "Opfølgningen er registreret.",
        "journal" => "Kontakten er skrevet i journalen.",
        "journal_rettet" => "Rettelsen er gemt. Den tidligere version er bevaret.",
        "maal" => "Målet er gemt.",
        "maal_vurderet" => "Vurderingerne er gemt.",
        "maal_afsluttet" => "Målet er afsluttet. Dets vurderinger er bevaret.",
        "maaling" => "Målingen er gemt.",
        "henvist" => "Henvisningen er registreret, og sagen er skrevet på ventelisten.",
        "rettet" => "Rettelsen er gemt. Den tidligere tekst er bevaret i historikken.",
        "bilag" => "Bilaget er tilføjet.",
        "samtykke" => "Samtykket er registreret.",
        "afgoerelse" => "Afgørelsen er registreret.",
        _ => return None,
    };
    Some(text.to_owned())
}

/// How many of the newest access-log entries the case page lists; the rest are counted.
const ACCESS_LOG_SHOWN: i64 = 50;

fn kind_label(kind: &str) -> &str {
    match familiehus_domain::CaseEventKind::from_code(kind) {
        Some(kind) => kind.label_da(),
        None => kind,
    }
}

/// `2022-04-26T10:15:00.123456Z` → `26.04.2022 kl. 10:15` (UTC, as stored).
fn timestamp(at: &str) -> String {
    familiehus_domain::danish::timestamp(at)
}

#[tracing::instrument(skip_all)]
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Query(query): Query<CaseQuery>,
) -> Result<Response, PageError> {
    render_case(&state, &user, &remote, id, FormErrors::default(), ActionInput::default(), notice(&query.besked)).await
}

pub async fn render_case(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    id: i64,
    errors: FormErrors,
    input: ActionInput,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let record = familiehus_app::cases::read(&state.app, &user.acting(remote), id, "").await?;
    let actor = user.actor();
    let person = state.store.person(record.person_id).await?;
    let today = state.today();
    let (attachments, stored_attachments) = super::case_attachments::section(state, user, remote, &record).await?;
    let mut timeline: Vec<(chrono::NaiveDate, EventLine)> = state
        .store
        .case_timeline(id)
        .await?
        .into_iter()
        .map(|e| {
            (
                e.occurred_on,
                EventLine { date: danish::date(e.occurred_on), what: kind_label(&e.kind).to_owned(), who: e.user_name.unwrap_or_default(), detail: e.detail },
            )
        })
        .collect();
    // Attachments are listed in the timeline from their rows (not as events), so retention's
    // deletion of an attachment leaves no title behind in the timeline.
    timeline.extend(stored_attachments.iter().map(|a| {
        let (date, what, who, detail) = super::case_attachments::timeline_line(a);
        (super::case_attachments::uploaded_on(a), EventLine { date, what, who, detail })
    }));
    timeline.sort_by_key(|(on, _)| *on);
    let timeline = timeline.into_iter().map(|(_, line)| line).collect();
    let can_change = actor.allows(Permission::ChangeCases);
    let users = if can_change { state.store.list_users().await? } else { Vec::new() };
    let assigned_to = record.assigned_user_id.and_then(|a| users.iter().find(|u| u.id == a).map(|u| u.display_name.clone())).unwrap_or_default();
    let assignees = users
        .iter()
        .filter(|u| u.active && u.role.carries_cases())
        .map(|u| Choice { value: u.id.to_string(), label: u.display_name.clone(), selected: record.assigned_user_id == Some(u.id) })
        .collect();
    let reasons =
        ClosureReason::ALL.iter().map(|r| Choice { value: r.code().to_owned(), label: r.label_da().to_owned(), selected: input.reason == r.code() }).collect();
    let next_services = if can_change && record.state != CaseState::Closed {
        state
            .store
            .list_services()
            .await?
            .into_iter()
            .filter(|s| s.id != record.service_id && s.service.status == familiehus_domain::ServiceStatus::Active)
            .map(|s| Choice {
                value: s.id.to_string(),
                label: format!("{} ({})", s.service.name, s.unit_name),
                selected: input.next_service_id == s.id.to_string(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut access_total = 0;
    let access_log = if actor.allows(Permission::ReadAccessLog) {
        let (events, total) = state.store.recent_audit_for_case(id, ACCESS_LOG_SHOWN).await?;
        access_total = total;
        Some(
            events
                .into_iter()
                .map(|e| AccessLine {
                    at: timestamp(&e.at),
                    who: e.user_name.unwrap_or_default(),
                    what: Action::label_da_of(&e.action).to_owned(),
                    remote: e.remote,
                })
                .collect(),
        )
    } else {
        None
    };
    let expected_start = match familiehus_app::forecast::for_case(&state.app, &user.acting(remote), id).await? {
        Some((position, f)) => format!("nr. {position} i køen; forventet opstart {}", super::forecast_view::text(&f)),
        None => String::new(),
    };
    let days_waiting = match (record.case.waiting_days(), record.case.days_waiting_on(today)) {
        (Some(days), _) => format!("{days} dage (fra indskrivning til iværksættelse)"),
        (None, Some(days)) if record.state == CaseState::Waiting => format!("{days} dage indtil nu"),
        _ => String::new(),
    };
    let reports = familiehus_app::status_reports::of_read_case(&state.app, &record).await?;
    let reports_sent: Vec<i64> =
        reports.iter().filter(|r| r.state == familiehus_domain::status_report::ReportState::Sent).map(|r| r.follow_up_number).collect();
    let follow_ups = super::case_follow_up_view::FollowUpSection::new(
        familiehus_app::follow_ups::of_case(&state.app, &record).await?,
        can_change && record.state == CaseState::Active,
        &input.fu_decision,
        &reports_sent,
    );
    let status_reports = super::case_status_report_view::StatusReportSection::new(&reports, can_change && record.state == CaseState::Active);
    // A new report starts where the last one ended, or at the start.
    let next_from = reports.first().and_then(|r| r.period_to.succ_opt()).or(record.case.started_on()).map(danish::date).unwrap_or_default();
    let input = ActionInput {
        sr_from: if input.sr_from.is_empty() { next_from } else { input.sr_from },
        sr_to: if input.sr_to.is_empty() { danish::date(today) } else { input.sr_to },
        started_on: if input.started_on.is_empty() { danish::date(today) } else { input.started_on },
        closed_on: if input.closed_on.is_empty() { danish::date(today) } else { input.closed_on },
        reason: input.reason,
        next_service_id: input.next_service_id,
        end_report: input.end_report,
        fu_held_on: if input.fu_held_on.is_empty() { danish::date(today) } else { input.fu_held_on },
        fu_attendees: input.fu_attendees,
        fu_decision: input.fu_decision,
        fu_note: input.fu_note,
        cs_given_on: if input.cs_given_on.is_empty() && input.cs_given_by.is_empty() { danish::date(today) } else { input.cs_given_on },
        cs_given_by: input.cs_given_by,
        dc_decided_on: input.dc_decided_on,
        dc_frequency: input.dc_frequency,
        dc_duration: input.dc_duration,
        dc_supervisor: input.dc_supervisor,
    };
    // The journal and the service's rules, read once for the journal's section and the
    // strengthened family treatment section.
    let journal = familiehus_app::journal::of_read_case(&state.app, &record).await?;
    let rules = state.store.service(record.service_id).await?.service.rules;
    let treatment =
        familiehus_app::family_treatment::of_read_case(&state.app, &record, &rules, &journal).await?.map(|t| super::family_treatment_view::Section::of(&t));
    // The consents are part of the case display, logged by `cases::read` above.
    let (consents, decision) = familiehus_app::consents::of_read_case(&state.app, &record).await?;
    let consents =
        super::case_consent_view::Section::new(&rules, record.case.started_on().is_some(), consents, decision, can_change && record.state != CaseState::Closed);
    let view = CasePage {
        layout: Layout::new(if errors.is_empty() { format!("Sag {id}") } else { format!("Fejl i formularen – Sag {id}") }, user, "/sager").with_notice(notice),
        errors,
        id,
        person_id: record.person_id,
        person_name: record.person_name.clone(),
        cpr: cpr_text(person.cpr.as_ref(), &actor),
        birth_date: opt_date(person.birth_date),
        service_id: record.service_id,
        service_name: record.service_name.clone(),
        state: record.state.label_da(),
        waiting: record.state == CaseState::Waiting,
        closed: record.state == CaseState::Closed,
        enrolled_on: danish::date(record.case.enrolled_on()),
        started_on: opt_date(record.case.started_on()),
        closed_on: opt_date(record.case.closed_on()),
        closure_reason: record.case.closure_reason().map(|r| r.label_da().to_owned()).unwrap_or_default(),
        end_report: record.end_report.clone(),
        reopened_from: record.reopened_from,
        continued_by: record.continued_by,
        days_waiting,
        expected_start,
        referral_source: record.referral_source.label_da(),
        note: record.note.clone(),
        assigned_to,
        follow_ups,
        status_reports,
        timeline,
        can_change,
        input,
        reasons,
        next_services,
        assignees,
        access_log,
        access_total,
        journal: super::case_journal::section(state, user, remote, &record, &journal, &rules, &users).await?,
        measurements: super::case_measurements::section(state, user, remote, &record).await?,
        history: super::case_details::history_lines(familiehus_app::case_details::history(&state.app, id).await?),
        family: super::case_family::section(state, &record).await?,
        attachments,
        treatment,
        consents,
    };
    let status = if view.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render(status, &view))
}
