//! A follow-up meeting as recorded: the decision it ends with, and when one may be recorded — on
//! a running case, not before its start, never in the future (a follow-up is recorded after it
//! was held). The due dates are `deadlines.rs`'.

use crate::catalogue::codes;
use crate::validation::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpDecision {
    Continue,
    ChangeWithinFrame,
    Close,
    Reassess,
}

codes!(FollowUpDecision {
    Continue => "continue", "Indsatsen fortsætter";
    ChangeWithinFrame => "change_within_frame", "Ændring inden for rammen";
    Close => "close", "Indsatsen afsluttes";
    Reassess => "reassess", "Sagen revurderes af myndighed";
});

/// Longest attendee list and note a follow-up takes.
pub const MAX_ATTENDEES: usize = 500;
pub const MAX_NOTE: usize = 10_000;

/// The problems with recording a follow-up held on `held_on` for a case started on
/// `started_on` (`None`: not started), seen on `today`; each at its field.
pub fn check(held_on: NaiveDate, started_on: Option<NaiveDate>, closed: bool, today: NaiveDate, attendees: &str, note: &str) -> Vec<FieldError> {
    let d = crate::danish::date;
    let mut problems = Vec::new();
    match started_on {
        None => problems.push(FieldError::new("held_on", "Indsatsen er ikke iværksat endnu, så der er ingen opfølgning at registrere.", "case not started")),
        Some(_) if closed => problems.push(FieldError::new("held_on", "Sagen er afsluttet. Genåbn den, før der registreres en opfølgning.", "case closed")),
        Some(start) if held_on < start => problems.push(FieldError::new(
            "held_on",
            format!("Opfølgningen kan ikke være holdt {} – før indsatsen blev iværksat {}.", d(held_on), d(start)),
            "follow-up before the start",
        )),
        Some(_) => {}
    }
    if held_on > today {
        problems.push(FieldError::new(
            "held_on",
            format!("En opfølgning registreres, når den er holdt. {} ligger i fremtiden.", d(held_on)),
            "follow-up in the future",
        ));
    }
    if attendees.trim().is_empty() {
        problems.push(FieldError::new("attendees", "Skriv, hvem der deltog.", "attendees empty"));
    } else if attendees.chars().count() > MAX_ATTENDEES {
        problems.push(FieldError::new("attendees", format!("Højst {MAX_ATTENDEES} tegn."), "attendees too long"));
    }
    if note.chars().count() > MAX_NOTE {
        problems.push(FieldError::new("note", format!("Notatet må højst have {MAX_NOTE} tegn."), "note too long"));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn a_follow_up_is_recorded_on_a_running_case_after_it_was_held() {
        let (start, today) = (Some(d(2022, 1, 10)), d(2022, 4, 26));
        let fields = |held, started, closed| check(held, started, closed, today, "Mor, behandler", "").into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert!(fields(d(2022, 4, 20), start, false).is_empty());
        assert!(fields(today, start, false).is_empty(), "today is fine");
        assert_eq!(fields(d(2022, 4, 27), start, false), ["held_on"], "in the future");
        assert_eq!(fields(d(2022, 1, 9), start, false), ["held_on"], "before the start");
        assert_eq!(fields(d(2022, 4, 20), None, false), ["held_on"], "not started");
        assert_eq!(fields(d(2022, 4, 20), start, true), ["held_on"], "closed");
        assert_eq!(check(d(2022, 4, 20), start, false, today, " ", "").len(), 1, "who attended is required");
        assert_eq!(FollowUpDecision::from_code("reassess"), Some(FollowUpDecision::Reassess));
    }
}
