//! Enquiries (henvendelser): a citizen's self-referral to an open service from the public
//! catalogue — who to contact, the child's first name and age, and about half a page on the
//! child's difficulties. This file owns what a valid enquiry is (read from the form's text,
//! every problem named at its field in Danish), its receipt number, its states, and how long
//! its personal data is kept. Pure: the web reads the form into `EnquiryForm`, `app` stores it.

use crate::danish::{self, DateProblem};
use crate::validation::{FieldError, ValidationErrors};
use chrono::{Months, NaiveDate};

/// The child's difficulties: about half a page.
pub const MAX_DIFFICULTIES_CHARS: usize = 3000;
/// Names, phone numbers and addresses are short; longer input is refused, not cut.
pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_EMAIL_CHARS: usize = 200;
/// The oldest child (or young person) an enquiry may be about: aftercare ends at 23.
pub const MAX_CHILD_AGE: u8 = 25;
/// The answer when closing: a short note.
pub const MAX_ANSWER_CHARS: usize = 1000;

/// Months after an enquiry was closed (answered or accepted) before its text and contact
/// details are erased. An accepted enquiry's content lives on in the case (under the case's
/// own retention); an unanswered one is never erased silently, but shown to the administrator.
pub const RETENTION_MONTHS: u32 = 12;

/// The form as typed: every field text, so a refused form comes back exactly as it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnquiryForm {
    pub parent_name: String,
    pub phone: String,
    pub email: String,
    pub child_first_name: String,
    /// Age in whole years, or empty when a birth date is given.
    pub child_age: String,
    /// `dd.mm.åååå`, or empty when an age is given.
    pub child_birth_date: String,
    pub difficulties: String,
    pub consent: bool,
}

/// A valid enquiry, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEnquiry {
    pub parent_name: String,
    /// At least one of phone and e-mail is given.
    pub phone: String,
    pub email: String,
    pub child_first_name: String,
    pub child_age: Option<u8>,
    pub child_birth_date: Option<NaiveDate>,
    pub difficulties: String,
}

/// Where an enquiry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnquiryStatus {
    /// Received, not yet handled: in the unit's inbox.
    New,
    /// A case was created on the service's waiting list.
    Accepted,
    /// Answered with a note and closed without a case.
    Closed,
}

crate::catalogue::codes!(EnquiryStatus {
    New => "new", "Ny";
    Accepted => "accepted", "Oprettet som sag";
    Closed => "closed", "Besvaret og lukket";
});

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// "3.412": Danish thousands for character counts.
fn count_da(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

fn phone_ok(phone: &str) -> bool {
    let digits: Vec<char> = phone.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let body = digits.strip_prefix(&['+']).unwrap_or(&digits);
    (8..=15).contains(&body.len()) && body.iter().all(char::is_ascii_digit)
}

fn email_ok(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !email.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

impl EnquiryForm {
    /// Reads the form on `today`: the enquiry, or every problem at its field.
    pub fn read(&self, today: NaiveDate) -> Result<NewEnquiry, ValidationErrors> {
        let mut errors = Vec::new();
        let mut problem = |field: &'static str, da: String, en: &str| errors.push(FieldError::new(field, da, en));
        let parent_name = self.parent_name.trim();
        if parent_name.is_empty() {
            problem("parent_name", "Skriv dit navn.".into(), "parent name missing");
        } else if chars(parent_name) > MAX_NAME_CHARS {
            problem("parent_name", format!("Navnet må højst være {MAX_NAME_CHARS} tegn."), "parent name too long");
        }
        let phone = self.phone.trim();
        let email = self.email.trim();
        if phone.is_empty() && email.is_empty() {
            problem("phone", "Skriv et telefonnummer eller en e-mailadresse, så vi kan kontakte dig.".into(), "no contact given");
        }
        if !phone.is_empty() && !phone_ok(phone) {
            problem("phone", "Telefonnummeret skal være 8 cifre, fx 12 34 56 78 (eventuelt med +45 foran).".into(), "phone unreadable");
        }
        if !email.is_empty() && (chars(email) > MAX_EMAIL_CHARS || !email_ok(email)) {
            problem("email", "E-mailadressen skal skrives som navn@eksempel.dk.".into(), "email unreadable");
        }
        let child = self.child_first_name.trim();
        if child.is_empty() {
            problem("child_first_name", "Skriv barnets fornavn.".into(), "child's first name missing");
        } else if chars(child) > MAX_NAME_CHARS {
            problem("child_first_name", format!("Fornavnet må højst være {MAX_NAME_CHARS} tegn."), "child's name too long");
        }
        let age_text = self.child_age.trim();
        let born_text = self.child_birth_date.trim();
        let mut child_age = None;
        let mut child_birth_date = None;
        if age_text.is_empty() && born_text.is_empty() {
            problem("child_age", "Skriv barnets alder eller fødselsdato.".into(), "child's age missing");
        }
        if !age_text.is_empty() {
            match age_text.parse::<u8>() {
                Ok(age) if age <= MAX_CHILD_AGE => child_age = Some(age),
                _ => problem("child_age", format!("Alderen skal være et helt tal fra 0 til {MAX_CHILD_AGE}, fx 10."), "child's age unreadable"),
            }
        }
        if !born_text.is_empty() {
            match danish::read_date(born_text) {
                Ok(born) if born > today => problem("child_birth_date", "Fødselsdatoen kan ikke ligge efter i dag.".into(), "birth date in the future"),
                Ok(born) if born < today.checked_sub_months(Months::new(12 * u32::from(MAX_CHILD_AGE) + 12)).unwrap_or(NaiveDate::MIN) => {
                    problem("child_birth_date", format!("Henvendelsen kan handle om børn og unge op til {MAX_CHILD_AGE} år."), "birth date too early")
                }
                Ok(born) => child_birth_date = Some(born),
                Err(DateProblem::TwoDigitYear) => problem("child_birth_date", "Skriv året med fire cifre, fx 14.03.2014.".into(), "two-digit year"),
                Err(_) => problem("child_birth_date", "Skriv fødselsdatoen som dd.mm.åååå, fx 14.03.2014.".into(), "birth date unreadable"),
            }
        }
        let difficulties = self.difficulties.trim();
        if difficulties.is_empty() {
            problem("difficulties", "Fortæl kort om barnets vanskeligheder.".into(), "difficulties missing");
        } else if chars(difficulties) > MAX_DIFFICULTIES_CHARS {
            problem(
                "difficulties",
                format!("Teksten er {} tegn. Skriv højst {} tegn – cirka en halv side.", count_da(chars(difficulties)), count_da(MAX_DIFFICULTIES_CHARS)),
                "difficulties too long",
            );
        }
        if !self.consent {
            problem("consent", "Sæt kryds, hvis vi må kontakte dig. Uden samtykke kan vi ikke svare dig.".into(), "no consent to contact");
        }
        ValidationErrors::check(errors)?;
        Ok(NewEnquiry {
            parent_name: parent_name.to_owned(),
            phone: phone.to_owned(),
            email: email.to_owned(),
            child_first_name: child.to_owned(),
            child_age,
            child_birth_date,
            difficulties: difficulties.to_owned(),
        })
    }
}

/// Checks the answer a unit closes an enquiry with.
pub fn check_answer(answer: &str) -> Result<(), FieldError> {
    let n = chars(answer.trim());
    if n == 0 {
        Err(FieldError::new("answer", "Skriv kort, hvad I har svaret borgeren.", "answer missing"))
    } else if n > MAX_ANSWER_CHARS {
        Err(FieldError::new("answer", format!("Notatet må højst være {} tegn.", count_da(MAX_ANSWER_CHARS)), "answer too long"))
    } else {
        Ok(())
    }
}

/// A receipt number from six random bytes, e.g. `H-7K3Q-92` (`readable_code`).
pub fn receipt(random: [u8; 6]) -> String {
    crate::readable_code::format('H', random)
}

/// Closed enquiries whose closing day is before this date are erased: today minus
/// `RETENTION_MONTHS` calendar months.
pub fn retention_cutoff(today: NaiveDate) -> NaiveDate {
    today.checked_sub_months(Months::new(RETENTION_MONTHS)).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 4, 26).unwrap_or_default()
    }

    fn valid() -> EnquiryForm {
        EnquiryForm {
            parent_name: " Mette Hansen ".into(),
            phone: "12 34 56 78".into(),
            email: String::new(),
            child_first_name: "Ida".into(),
            child_age: "10".into(),
            child_birth_date: String::new(),
            difficulties: "Ida er bange for at gå i skole og har ondt i maven om morgenen.".into(),
            consent: true,
        }
    }

    #[test]
    fn a_valid_form_is_read_and_trimmed() {
        let e = valid().read(today()).expect("valid");
        assert_eq!((e.parent_name.as_str(), e.child_age, e.child_birth_date), ("Mette Hansen", Some(10), None));
        let born =
            EnquiryForm { child_age: String::new(), child_birth_date: "14.03.2012".into(), phone: String::new(), email: "m@eksempel.dk".into(), ..valid() };
        assert_eq!(born.read(today()).expect("valid").child_birth_date, NaiveDate::from_ymd_opt(2012, 3, 14));
        assert!(EnquiryForm { phone: "+45 12345678".into(), ..valid() }.read(today()).is_ok());
    }

    #[test]
    fn every_problem_is_named_at_its_field() {
        let form = EnquiryForm {
            parent_name: " ".into(),
            phone: "123".into(),
            email: "ikke en adresse".into(),
            child_first_name: String::new(),
            child_age: "ti".into(),
            child_birth_date: "14.03.12".into(),
            difficulties: "x".repeat(MAX_DIFFICULTIES_CHARS + 1),
            consent: false,
        };
        let errors = form.read(today()).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["parent_name", "phone", "email", "child_first_name", "child_age", "child_birth_date", "difficulties", "consent"]);
        assert!(errors.0[6].message_da.contains("Teksten er 3.001 tegn. Skriv højst 3.000 tegn"), "{:?}", errors.0[6]);
        let none = EnquiryForm { phone: String::new(), child_age: String::new(), ..valid() }.read(today()).unwrap_err();
        assert_eq!(none.0.iter().map(|e| e.field).collect::<Vec<_>>(), ["phone", "child_age"]);
    }

    #[test]
    fn receipts_are_short_readable_codes() {
        let r = receipt([0, 1, 30, 31, 200, 255]);
        assert_eq!(r.len(), 9);
        assert!(r.starts_with("H-") && r.as_bytes()[6] == b'-', "{r}");
        assert!(!r[2..].contains(['0', 'O', '1', 'I', 'L']), "{r}");
        assert_eq!(retention_cutoff(today()), NaiveDate::from_ymd_opt(2021, 4, 26).unwrap_or_default());
        assert!(check_answer(" ").is_err() && check_answer("Ringet op, henvist til PPR.").is_ok());
    }
}
