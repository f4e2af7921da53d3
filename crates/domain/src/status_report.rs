//! A status report on a running case: written by the practitioner for a chosen period (drafted
//! from the journal and the follow-ups held), offered to the family to read (the day they read
//! it, and their remarks), approved by the unit's leader and sent to the referring caseworker.
//! Its states and every rule on moving between them live here.

use crate::catalogue::codes;
use crate::validation::{FieldError, ValidationErrors};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    Draft,
    Approved,
    Sent,
}

codes!(ReportState { Draft => "draft", "Kladde"; Approved => "approved", "Godkendt af leder"; Sent => "sent", "Sendt til rådgiver"; });

/// The longest report text.
pub const MAX_BODY_CHARS: usize = 20_000;
/// The longest family remark.
pub const MAX_REMARKS_CHARS: usize = 3_000;

/// The period a new report covers: within the case's running time, not after today.
pub fn check_period(from: NaiveDate, to: NaiveDate, started_on: Option<NaiveDate>, closed: bool, today: NaiveDate) -> Result<(), ValidationErrors> {
    let mut errors = Vec::new();
    match started_on {
        None => errors.push(FieldError::new("sr_from", "Der kan først skrives statusrapport, når indsatsen er iværksat.", "case not started")),
        Some(start) if from < start => {
            errors.push(FieldError::new("sr_from", "Perioden kan ikke begynde før indsatsen blev iværksat.", "period before the start"))
        }
        _ => {}
    }
    if closed {
        errors.push(FieldError::new("sr_from", "Sagen er afsluttet; skriv en slutrapport ved afslutningen i stedet.", "case closed"));
    }
    if to < from {
        errors.push(FieldError::new("sr_to", "Periodens slutdato ligger før dens begyndelse.", "period ends before it begins"));
    }
    if to > today {
        errors.push(FieldError::new("sr_to", "Perioden kan ikke slutte efter i dag.", "period ends in the future"));
    }
    ValidationErrors::check(errors)
}

/// The report's text and the family's reading, as edited; checked together so every problem
/// is named at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportEdit {
    pub body: String,
    pub family_read_on: Option<NaiveDate>,
    pub family_remarks: String,
}

impl ReportEdit {
    pub fn check(&self, period_from: NaiveDate, today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        let body = self.body.chars().count();
        if self.body.trim().is_empty() {
            errors.push(FieldError::new("body", "Skriv rapportens tekst.", "empty report"));
        } else if body > MAX_BODY_CHARS {
            errors.push(FieldError::new("body", format!("Rapporten må højst være {MAX_BODY_CHARS} tegn (den er {body})."), "report too long"));
        }
        if self.family_remarks.chars().count() > MAX_REMARKS_CHARS {
            errors.push(FieldError::new("family_remarks", format!("Familiens bemærkninger må højst være {MAX_REMARKS_CHARS} tegn."), "remarks too long"));
        }
        match self.family_read_on {
            Some(read) if read > today => {
                errors.push(FieldError::new("family_read_on", "Familien kan ikke have læst rapporten efter i dag.", "read in the future"))
            }
            Some(read) if read < period_from => {
                errors.push(FieldError::new("family_read_on", "Datoen ligger før rapportens periode.", "read before the period"))
            }
            None if !self.family_remarks.trim().is_empty() => errors.push(FieldError::new(
                "family_read_on",
                "Skriv datoen, familien læste rapporten, når du noterer deres bemærkninger.",
                "remarks without a reading date",
            )),
            _ => {}
        }
        ValidationErrors::check(errors)
    }
}

/// What may happen to a report in `state`.
pub fn may_edit(state: ReportState) -> bool {
    state == ReportState::Draft
}

/// Approval: a draft the family has read (or the practitioner has noted that they have not,
/// by leaving no date — the leader decides), by a leader.
pub fn check_approve(state: ReportState) -> Result<(), FieldError> {
    match state {
        ReportState::Draft => Ok(()),
        ReportState::Approved => Err(FieldError::new("state", "Rapporten er allerede godkendt.", "already approved")),
        ReportState::Sent => Err(FieldError::new("state", "Rapporten er sendt og kan ikke ændres.", "already sent")),
    }
}

/// Sending: only an approved report, and only once.
pub fn check_send(state: ReportState) -> Result<(), FieldError> {
    match state {
        ReportState::Approved => Ok(()),
        ReportState::Draft => Err(FieldError::new("state", "Rapporten skal godkendes af en leder, før den sendes.", "not approved")),
        ReportState::Sent => Err(FieldError::new("state", "Rapporten er allerede sendt.", "already sent")),
    }
}

/// What the draft is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftFacts {
    pub service: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Contacts in the period: (date, kind's label, minutes).
    pub contacts: Vec<(NaiveDate, &'static str, u16)>,
    /// Follow-ups held in the period: (date, decision's label).
    pub follow_ups: Vec<(NaiveDate, &'static str)>,
}

/// The first draft: headings to write under, and the period's contacts and follow-ups counted
/// from the journal, so the practitioner starts from what happened rather than a blank page.
pub fn draft_text(facts: &DraftFacts) -> String {
    let minutes: u32 = facts.contacts.iter().map(|(_, _, m)| u32::from(*m)).sum();
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for (_, kind, _) in &facts.contacts {
        match kinds.iter_mut().find(|(k, _)| k == kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((kind, 1)),
        }
    }
    let mut text =
        format!("Statusrapport: {} i perioden {}–{}\n\nForløbet i perioden\n", facts.service, crate::danish::date(facts.from), crate::danish::date(facts.to));
    if facts.contacts.is_empty() {
        text.push_str("Der er ikke registreret kontakter i journalen i perioden.\n");
    } else {
        let kinds = kinds.iter().map(|(k, n)| format!("{n} × {}", k.to_lowercase())).collect::<Vec<_>>().join(", ");
        text.push_str(&format!("{} kontakter ({kinds}), i alt {} timer.\n", facts.contacts.len(), crate::danish::decimal(f64::from(minutes) / 60.0, 1)));
    }
    for (on, decision) in &facts.follow_ups {
        text.push_str(&format!("Opfølgning {}: {}.\n", crate::danish::date(*on), decision.to_lowercase()));
    }
    text.push_str("\nMål og udvikling\n\n\nFamiliens egen vurdering\n\n\nVurdering og anbefaling\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn fields(r: Result<(), ValidationErrors>) -> Vec<&'static str> {
        r.err().map(|e| e.0.into_iter().map(|f| f.field).collect()).unwrap_or_default()
    }

    #[test]
    fn a_period_lies_within_the_running_case_and_not_in_the_future() {
        let today = d(2022, 4, 26);
        assert!(check_period(d(2022, 1, 1), d(2022, 4, 1), Some(d(2022, 1, 1)), false, today).is_ok());
        assert_eq!(fields(check_period(d(2022, 1, 1), d(2022, 4, 1), None, false, today)), ["sr_from"]);
        assert_eq!(fields(check_period(d(2021, 12, 1), d(2022, 4, 27), Some(d(2022, 1, 1)), false, today)), ["sr_from", "sr_to"]);
        assert_eq!(fields(check_period(d(2022, 3, 1), d(2022, 2, 1), Some(d(2022, 1, 1)), false, today)), ["sr_to"]);
    }

    #[test]
    fn the_familys_reading_is_dated_and_remarks_need_the_date() {
        let today = d(2022, 4, 26);
        let edit = |read: Option<NaiveDate>, remarks: &str| ReportEdit { body: "Tekst".into(), family_read_on: read, family_remarks: remarks.into() };
        assert!(edit(Some(d(2022, 4, 20)), "Enige").check(d(2022, 1, 1), today).is_ok());
        assert_eq!(fields(edit(None, "Enige").check(d(2022, 1, 1), today)), ["family_read_on"]);
        assert_eq!(fields(edit(Some(d(2022, 4, 27)), "").check(d(2022, 1, 1), today)), ["family_read_on"]);
        let empty = ReportEdit { body: " ".into(), family_read_on: None, family_remarks: String::new() };
        assert_eq!(fields(empty.check(d(2022, 1, 1), today)), ["body"]);
        let long = ReportEdit { body: "x".repeat(MAX_BODY_CHARS + 1), family_read_on: None, family_remarks: String::new() };
        assert_eq!(fields(long.check(d(2022, 1, 1), today)), ["body"]);
    }

    #[test]
    fn a_report_is_approved_then_sent_once() {
        assert!(check_approve(ReportState::Draft).is_ok());
        assert!(check_send(ReportState::Draft).is_err(), "not before approval");
        assert!(check_send(ReportState::Approved).is_ok());
        assert!(check_send(ReportState::Sent).is_err() && check_approve(ReportState::Sent).is_err());
        assert!(may_edit(ReportState::Draft) && !may_edit(ReportState::Approved));
    }

    #[test]
    fn the_draft_counts_the_periods_contacts() {
        let facts = DraftFacts {
            service: "Familiebehandling".into(),
            from: d(2022, 1, 1),
            to: d(2022, 3, 31),
            contacts: vec![(d(2022, 1, 5), "Samtale", 60), (d(2022, 2, 5), "Hjemmebesøg", 90), (d(2022, 3, 5), "Samtale", 30)],
            follow_ups: vec![(d(2022, 3, 20), "Indsatsen fortsætter")],
        };
        let text = draft_text(&facts);
        assert!(text.contains("01.01.2022–31.03.2022"), "{text}");
        assert!(text.contains("3 kontakter (2 × samtale, 1 × hjemmebesøg), i alt 3,0 timer."), "{text}");
        assert!(text.contains("Opfølgning 20.03.2022: indsatsen fortsætter."), "{text}");
    }
}
