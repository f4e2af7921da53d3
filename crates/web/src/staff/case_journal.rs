//! The case journal on the staff pages: the section the case page includes
//! (`templates/staff/case_journal.html`: the entries, newest first, each with its earlier
//! versions, and the "Nyt journalnotat" form for those who may write), writing a contact
//! (`POST /sager/{id}/journal`) and correcting one (`GET`/`POST /sager/{id}/journal/{entry}/ret`).
//! The rules and need-to-know are `familiehus_app::journal`'s; a refused form is shown again
//! on its own page (422) with everything typed and the message at each field.

use super::errors::PageError;
use super::fields::{self, Choice};
use super::layout::{FormErrors, Layout, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::{AppError, journal};
use familiehus_domain::danish;
use familiehus_domain::journal::{ContactDraft, ContactKind, ContactPlace, Participant};
use familiehus_store::{CaseRecord, JournalEntry, JournalVersion, StoreError};
use serde::Deserialize;

/// One version as the page shows it.
pub struct VersionView {
    pub heading: String,
    pub when: String,
    pub minutes: String,
    pub place: &'static str,
    pub participants: String,
    pub practitioners: String,
    pub note: String,
    /// "Fleksibel tid", "Familien må læse", "Gruppesession med sag 12, 13": what the entry is marked with.
    pub marks: Vec<String>,
    /// "skrevet 26.04.2022 kl. 14.05 af Anna" (or "rettet …" for a correction).
    pub written: String,
}

pub struct EntryView {
    pub id: i64,
    pub current: VersionView,
    /// Earlier versions, newest first; empty when never corrected.
    pub earlier: Vec<VersionView>,
}

/// A participant checkbox.
pub struct Check {
    pub id: String,
    pub name: String,
    pub label: &'static str,
    pub checked: bool,
}

/// The contact form, new or correction, with what was typed and its errors.
pub struct JournalForm {
    pub action: String,
    pub legend: &'static str,
    pub button: &'static str,
    pub draft: ContactDraft,
    pub kinds: Vec<Choice>,
    pub places: Vec<Choice>,
    pub participants: Vec<Check>,
    pub practitioner_1: Vec<Choice>,
    pub practitioner_2: Vec<Choice>,
    pub no_notes: bool,
    /// The service is strengthened family treatment: the form asks for flexible time and a
    /// group session's other families.
    pub family_treatment: bool,
    pub errors: FormErrors,
    /// The service's rules' warnings on a refused write: shown above the button, which then
    /// sends `confirm_warnings` ("Gem alligevel").
    pub warnings: Vec<String>,
}

/// The case page's journal section.
pub struct Section {
    pub entries: Vec<EntryView>,
    pub form: Option<JournalForm>,
    /// What the service's rules say about the journal so far ("Timer: 6,5 af 4–10 timer"),
    /// each with whether it needs attention.
    pub rules: Vec<(String, bool)>,
}

/// The service's rules against the journal's newest versions (`domain::service_rules`).
fn rule_lines(rules: &familiehus_domain::ServiceRules, journal: &[JournalEntry]) -> Vec<(String, bool)> {
    use familiehus_domain::service_rules::{counts_as_talk, hours_progress};
    let current: Vec<_> = journal.iter().filter_map(JournalEntry::current).collect();
    let minutes: u32 = current.iter().map(|v| u32::from(v.contact.minutes)).sum();
    let talks = current.iter().filter(|v| counts_as_talk(v.contact.kind)).count();
    let mut out = Vec::new();
    if let Some(p) = hours_progress(rules, minutes) {
        let note = if p.over {
            " – over rammen"
        } else if p.under {
            " – under rammen endnu"
        } else {
            ""
        };
        out.push((format!("Timer: {}{note}", p.text), p.over));
    }
    if let Some(limit) = rules.max_talks {
        out.push((format!("Samtaler: {talks} af højst {}", limit.value), talks >= usize::from(limit.value)));
    }
    if let Some(n) = rules.status_meeting_after {
        out.push((format!("Statusmøde efter {n} samtaler ({talks} holdt)"), talks >= usize::from(n)));
    }
    if !rules.contact_frequency.is_empty() {
        out.push((format!("Kontakthyppighed: {}", rules.contact_frequency), false));
    }
    if rules.weekdays_only.is_some() {
        out.push(("Kontakter kun på hverdage".to_owned(), false));
    }
    out
}

fn written(v: &JournalVersion) -> String {
    let verb = if v.version == 1 { "skrevet" } else { "rettet" };
    let by = v.written_by_name.as_deref().map(|n| format!(" af {n}")).unwrap_or_default();
    format!("{verb} {}{by}", danish::timestamp(&v.written_at))
}

fn version_view(v: &JournalVersion) -> VersionView {
    let c = &v.contact;
    VersionView {
        heading: c.kind.label_da().to_owned(),
        when: format!("{} kl. {}", danish::date(c.occurred_on), c.start),
        minutes: format!("{} min.", c.minutes),
        place: c.place.label_da(),
        participants: c.participants.iter().map(|p| p.label_da()).collect::<Vec<_>>().join(", "),
        practitioners: v.practitioner_names.join(" og "),
        note: c.note.clone(),
        marks: marks(c),
        written: written(v),
    }
}

fn marks(c: &familiehus_domain::journal::Contact) -> Vec<String> {
    let mut out = Vec::new();
    if c.flexible {
        out.push("Fleksibel tid".to_owned());
    }
    if c.family_may_read {
        out.push("Familien må læse".to_owned());
    }
    if !c.group_cases.is_empty() {
        out.push(format!("Sammen med sag {}", c.group_cases.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")));
    }
    out
}

fn entry_view(e: &JournalEntry) -> Option<EntryView> {
    let (current, earlier) = e.versions.split_last()?;
    Some(EntryView { id: e.id, current: version_view(current), earlier: earlier.iter().rev().map(version_view).collect() })
}

/// The journal section of a case the page has just read (and logged) through `cases::read`.
/// The caller passes the journal and the service's rules it has read (the case page reads them once).
pub async fn section(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    record: &CaseRecord,
    journal: &[JournalEntry],
    service_rules: &familiehus_domain::ServiceRules,
    users: &[familiehus_store::User],
) -> Result<Section, PageError> {
    let rules = rule_lines(service_rules, journal);
    let entries = journal.iter().filter_map(entry_view).collect();
    let acting = user.acting(remote);
    let form = if journal::may_write(&acting) && record.case.started_on().is_some() {
        let draft = ContactDraft { occurred_on: danish::date(state.today()), practitioners: vec![user.user.id.to_string()], ..Default::default() };
        // The case page has read the rules and (for users who change cases) the users already.
        let read;
        let users = if users.is_empty() {
            read = state.store.list_users().await?;
            &read[..]
        } else {
            users
        };
        Some(form_of(record, draft, FormErrors::default(), New, service_rules, users))
    } else {
        None
    };
    Ok(Section { entries, form, rules })
}

/// Which form: a new entry, or the correction of one.
#[derive(Clone, Copy)]
enum Purpose {
    New,
    Correct(i64),
}
use Purpose::{Correct, New};

async fn form(state: &AppState, record: &CaseRecord, draft: ContactDraft, errors: FormErrors, purpose: Purpose) -> Result<JournalForm, PageError> {
    let rules = state.store.service(record.service_id).await?.service.rules;
    let users = state.store.list_users().await?;
    Ok(form_of(record, draft, errors, purpose, &rules, &users))
}

/// The form from the service's rules and the users already read.
fn form_of(
    record: &CaseRecord,
    draft: ContactDraft,
    errors: FormErrors,
    purpose: Purpose,
    rules: &familiehus_domain::ServiceRules,
    users: &[familiehus_store::User],
) -> JournalForm {
    let (no_notes, family_treatment) = (rules.no_notes, rules.family_treatment);
    let carriers: Vec<(String, String)> =
        users.iter().filter(|u| u.active && u.role.carries_cases()).map(|u| (u.id.to_string(), u.display_name.clone())).collect();
    let first = draft.practitioners.first().cloned().unwrap_or_default();
    let second = draft.practitioners.get(1).cloned().unwrap_or_default();
    let mut practitioner_2 = vec![Choice { value: String::new(), label: "Ingen".into(), selected: second.is_empty() }];
    practitioner_2.extend(Choice::list(carriers.clone(), &second));
    let participants = Participant::ALL
        .iter()
        .enumerate()
        .map(|(i, p)| Check {
            // The first box carries the field's id, so the error summary's link lands on it.
            id: if i == 0 { "participants".into() } else { format!("participants-{}", p.code()) },
            name: format!("participant_{}", p.code()),
            label: p.label_da(),
            checked: draft.participants.iter().any(|c| c == p.code()),
        })
        .collect();
    let (action, legend, button) = match purpose {
        New => (format!("/sager/{}/journal", record.id), "Nyt journalnotat", "Gem journalnotat"),
        Correct(entry) => (format!("/sager/{}/journal/{entry}/ret", record.id), "Ret journalnotat", "Gem rettelsen"),
    };
    JournalForm {
        action,
        legend,
        button,
        kinds: Choice::list(ContactKind::ALL.iter().map(|k| (k.code().to_owned(), k.label_da().to_owned())), &draft.kind),
        places: Choice::list(ContactPlace::ALL.iter().map(|p| (p.code().to_owned(), p.label_da().to_owned())), &draft.place),
        participants,
        practitioner_1: Choice::list(carriers, &first),
        practitioner_2,
        no_notes,
        family_treatment,
        errors,
        draft,
        warnings: Vec::new(),
    }
}

/// The form as posted. Participants are one checkbox each (an urlencoded form has no lists).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ContactForm {
    kind: String,
    occurred_on: String,
    start_time: String,
    minutes: String,
    place: String,
    participant_child: String,
    participant_parents: String,
    participant_mother: String,
    participant_father: String,
    participant_foster_parents: String,
    participant_network: String,
    participant_other_professionals: String,
    practitioner_1: String,
    practitioner_2: String,
    note: String,
    /// `ja`: the user has seen the rules' warnings and saves anyway.
    confirm_warnings: String,
    flexible: String,
    family_may_read: String,
    group_cases: String,
}

impl ContactForm {
    fn draft(&self) -> ContactDraft {
        let ticks = [
            (Participant::Child, &self.participant_child),
            (Participant::Parents, &self.participant_parents),
            (Participant::Mother, &self.participant_mother),
            (Participant::Father, &self.participant_father),
            (Participant::FosterParents, &self.participant_foster_parents),
            (Participant::Network, &self.participant_network),
            (Participant::OtherProfessionals, &self.participant_other_professionals),
        ];
        ContactDraft {
            kind: self.kind.clone(),
            occurred_on: self.occurred_on.clone(),
            start_time: self.start_time.clone(),
            minutes: self.minutes.clone(),
            place: self.place.clone(),
            participants: ticks.iter().filter(|(_, v)| fields::ticked(v)).map(|(p, _)| p.code().to_owned()).collect(),
            practitioners: vec![self.practitioner_1.clone(), self.practitioner_2.clone()],
            note: fields::line_feeds(&self.note),
            flexible: fields::ticked(&self.flexible),
            family_may_read: fields::ticked(&self.family_may_read),
            group_cases: self.group_cases.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "staff/case_journal_page.html")]
struct FormPage {
    layout: Layout,
    errors: FormErrors,
    id: i64,
    form: JournalForm,
    /// On the correction page: the entry's versions so far, newest first.
    history: Vec<VersionView>,
}

async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    record: &CaseRecord,
    draft: ContactDraft,
    (errors, warnings): (FormErrors, Vec<String>),
    purpose: Purpose,
    history: Vec<VersionView>,
) -> Result<Response, PageError> {
    let base = match purpose {
        New => format!("Nyt journalnotat – sag {}", record.id),
        Correct(_) => format!("Ret journalnotat – sag {}", record.id),
    };
    let status = if errors.is_empty() && warnings.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = if warnings.is_empty() { super::layout::form_title(&base, &errors) } else { format!("Advarsel – {base}") };
    let summary = FormErrors { list: errors.list.iter().map(|e| super::layout::FieldMsg { field: e.field, message: e.message.clone() }).collect() };
    let view = FormPage {
        layout: Layout::new(title, user, "/sager"),
        errors: summary,
        id: record.id,
        form: JournalForm { warnings, ..form(state, record, draft, errors, purpose).await? },
        history,
    };
    Ok(render(status, &view))
}

/// A refused write's field errors; anything else is the request's failure (403, 404, 500).
fn field_errors(e: AppError) -> Result<FormErrors, PageError> {
    let list = match e {
        AppError::Invalid(list) | AppError::Store(StoreError::Invalid(list)) => list,
        AppError::Store(StoreError::Concurrent) => {
            let mut errors = FormErrors::default();
            errors.add("note", "Notatet er blevet rettet af en anden i mellemtiden. Se den nye version, og prøv igen.");
            return Ok(errors);
        }
        other => return Err(other.into()),
    };
    let mut errors = FormErrors::default();
    for f in list.0 {
        errors.add(f.field, f.message_da);
    }
    Ok(errors)
}

#[tracing::instrument(skip_all)]
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(input): Form<ContactForm>,
) -> Result<Response, PageError> {
    let acting = user.acting(&remote);
    let confirm = fields::ticked(&input.confirm_warnings);
    let draft = input.draft();
    match journal::add(&state.app, &acting, id, &draft, confirm).await {
        Ok(_) => Ok(Redirect::to(&format!("/sager/{id}?besked=journal#journal")).into_response()),
        Err(AppError::Unconfirmed(found)) => {
            let record = familiehus_app::cases::visible(&state.app, &acting, id).await?;
            let warnings = found.into_iter().map(|f| f.message_da).collect();
            form_page(&state, &user, &record, draft, (FormErrors::default(), warnings), New, Vec::new()).await
        }
        Err(e) => {
            let errors = field_errors(e)?;
            let record = familiehus_app::cases::visible(&state.app, &acting, id).await?;
            form_page(&state, &user, &record, draft, (errors, Vec::new()), New, Vec::new()).await
        }
    }
}

#[tracing::instrument(skip_all)]
pub async fn correct_page(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path((id, entry)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let (record, found) = journal::entry(&state.app, &user.acting(&remote), id, entry).await?;
    let current = found.current().ok_or(PageError::NotFound)?;
    let history = found.versions.iter().rev().map(version_view).collect();
    form_page(&state, &user, &record, current.contact.to_draft(), (FormErrors::default(), Vec::new()), Correct(entry), history).await
}

#[tracing::instrument(skip_all)]
pub async fn correct(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path((id, entry)): Path<(i64, i64)>,
    Form(input): Form<ContactForm>,
) -> Result<Response, PageError> {
    let acting = user.acting(&remote);
    let draft = input.draft();
    match journal::correct(&state.app, &acting, id, entry, &draft).await {
        Ok(_) => Ok(Redirect::to(&format!("/sager/{id}?besked=journal_rettet#journal")).into_response()),
        Err(e) => {
            let errors = field_errors(e)?;
            let (record, found) = journal::entry(&state.app, &acting, id, entry).await?;
            let history = found.versions.iter().rev().map(version_view).collect();
            form_page(&state, &user, &record, draft, (errors, Vec::new()), Correct(entry), history).await
        }
    }
}
