//! What a case records so that its service's rules let it go on (`service_rules`): a consent
//! (the date and who gave it, e.g. "Mor" for § 109 or "Begge forældre" for a § 71.2 contact
//! report) and the decision supervised contact needs before it starts (§ 71.3: the decision's
//! date, the frequency, the duration, the supervisor). Every problem at its field, in Danish.

use crate::validation::{FieldError, ValidationErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Longest free text in either record: a name or a short phrase, not a note.
pub const MAX_TEXT_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub given_on: NaiveDate,
    pub given_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub decided_on: NaiveDate,
    /// How often, e.g. "Hver 14. dag".
    pub frequency: String,
    /// How long each contact and the whole course, e.g. "2 timer, i 6 måneder".
    pub duration: String,
    /// Who supervises, e.g. the supervising consultant's name.
    pub supervisor: String,
}

fn text(errors: &mut Vec<FieldError>, field: &'static str, value: &str, what: &str) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.push(FieldError::new(field, format!("Skriv {what}."), format!("{field} is empty")));
    } else if v.chars().count() > MAX_TEXT_CHARS {
        errors.push(FieldError::new(field, format!("Højst {MAX_TEXT_CHARS} tegn."), format!("{field} too long")));
    }
    v.to_owned()
}

fn date(errors: &mut Vec<FieldError>, field: &'static str, value: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
    match value {
        None => {
            errors.push(FieldError::new(field, "Skriv datoen som dd.mm.åååå, fx 26.04.2022.", format!("{field} missing or unreadable")));
            today
        }
        Some(d) if d > today => {
            errors.push(FieldError::new(field, "Datoen må ikke ligge i fremtiden.", format!("{field} in the future")));
            d
        }
        Some(d) => d,
    }
}

impl Consent {
    /// A consent as typed: a date (read by the front-end; `None` when unreadable) not in the
    /// future, and who gave it.
    pub fn read(given_on: Option<NaiveDate>, given_by: &str, today: NaiveDate) -> Result<Consent, ValidationErrors> {
        let mut errors = Vec::new();
        let given_on = date(&mut errors, "given_on", given_on, today);
        let given_by = text(&mut errors, "given_by", given_by, "hvem der har givet samtykket, fx Mor");
        ValidationErrors::check(errors).map(|()| Consent { given_on, given_by })
    }
}

impl Decision {
    pub fn read(decided_on: Option<NaiveDate>, frequency: &str, duration: &str, supervisor: &str, today: NaiveDate) -> Result<Decision, ValidationErrors> {
        let mut errors = Vec::new();
        let decided_on = date(&mut errors, "decided_on", decided_on, today);
        let frequency = text(&mut errors, "frequency", frequency, "hvor ofte samværet finder sted");
        let duration = text(&mut errors, "duration", duration, "samværets varighed");
        let supervisor = text(&mut errors, "supervisor", supervisor, "hvem der fører tilsyn");
        ValidationErrors::check(errors).map(|()| Decision { decided_on, frequency, duration, supervisor })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_consent_needs_a_past_date_and_who_gave_it() {
        let today = d(2024, 3, 4);
        assert_eq!(Consent::read(Some(d(2024, 3, 1)), " Mor ", today), Ok(Consent { given_on: d(2024, 3, 1), given_by: "Mor".into() }));
        let fields: Vec<_> = Consent::read(Some(d(2024, 3, 5)), " ", today).unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["given_on", "given_by"]);
    }

    #[test]
    fn a_decision_needs_every_field() {
        let today = d(2024, 3, 4);
        let fields: Vec<_> = Decision::read(None, "", "2 timer", "", today).unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["decided_on", "frequency", "supervisor"]);
        assert!(Decision::read(Some(today), "Hver 14. dag", "2 timer", "Samværskonsulent", today).is_ok());
    }
}
