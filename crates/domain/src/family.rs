//! The family around a case's child: the people who matter to the case (parents and others
//! with custody, siblings, foster parents, others), each with how to reach them, the language
//! they prefer and whether a talk needs an interpreter. A member as typed (`MemberDraft`, every
//! field as text so a refused form comes back as typed) is checked into a `FamilyMember`, with
//! every problem answered at its field in Danish, all at once.

use crate::validation::{FieldError, ValidationErrors};
use serde::Serialize;

/// How the person is related to the child (a closed list, so lists and reports can count them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Mother,
    Father,
    Parent,
    Sibling,
    FosterParent,
    Grandparent,
    Other,
}

crate::catalogue::codes!(Relation {
    Mother => "mother", "Mor";
    Father => "father", "Far";
    Parent => "parent", "Forælder";
    Sibling => "sibling", "Søskende";
    FosterParent => "foster_parent", "Plejeforælder";
    Grandparent => "grandparent", "Bedsteforælder";
    Other => "other", "Anden";
});

pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_ADDRESS_CHARS: usize = 300;
pub const MAX_LANGUAGE_CHARS: usize = 60;
/// Digits in a phone number: 8 for a Danish number, up to 15 with a country code (E.164).
pub const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 8..=15;

/// A checked member of the child's family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyMember {
    pub relation: Relation,
    pub name: String,
    /// Has parental custody (forældremyndighed).
    pub custody: bool,
    /// Digits with an optional leading `+`, spaces removed; empty when not known.
    pub phone: String,
    pub address: String,
    /// Preferred language, as the family names it (`dansk`, `arabisk`); empty when not known.
    pub language: String,
    /// The language to interpret into when an interpreter is needed; `None` when none is.
    pub interpreter: Option<String>,
}

/// A member as typed (form) or sent (JSON), before any check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberDraft {
    pub relation: String,
    pub name: String,
    /// `ja` or `nej` (also `true`/`false`, what a JSON client sends).
    pub custody: String,
    pub phone: String,
    pub address: String,
    pub language: String,
    /// `ja` or `nej`.
    pub interpreter: String,
    pub interpreter_language: String,
}

fn yes_no(text: &str) -> Option<bool> {
    match text.trim() {
        "ja" | "true" | "1" => Some(true),
        "nej" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// Digits with an optional leading `+`; spaces (as people write `12 34 56 78`) are dropped.
pub fn read_phone(text: &str) -> Result<String, (&'static str, &'static str)> {
    let phone: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if phone.is_empty() {
        return Ok(phone);
    }
    let digits = phone.strip_prefix('+').unwrap_or(&phone);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(("Telefonnummeret må kun indeholde cifre og eventuelt + foran, fx 12345678 eller +4512345678.", "phone: digits and a leading + only"));
    }
    if !PHONE_DIGITS.contains(&digits.len()) {
        return Err(("Telefonnummeret skal have mellem 8 og 15 cifre.", "phone: 8 to 15 digits"));
    }
    Ok(phone)
}

impl MemberDraft {
    /// Checks every field; all problems at once, each at its field.
    pub fn check(&self) -> Result<FamilyMember, ValidationErrors> {
        let mut errors = Vec::new();
        let mut err = |field: &'static str, da: String, en: &str| errors.push(FieldError::new(field, da, en));
        let relation = Relation::from_code(self.relation.trim());
        if relation.is_none() {
            err("relation", "Vælg personens relation til barnet.".into(), "unknown relation");
        }
        let name = one_line(&self.name);
        if name.is_empty() {
            err("name", "Skriv personens navn.".into(), "name is missing");
        } else if name.chars().count() > MAX_NAME_CHARS {
            err("name", format!("Navnet må højst være {MAX_NAME_CHARS} tegn."), "name too long");
        }
        let custody = yes_no(&self.custody);
        if custody.is_none() {
            err("custody", "Vælg, om personen har forældremyndighed.".into(), "custody must be yes or no");
        }
        let phone = read_phone(&self.phone).map_err(|(da, en)| err("phone", da.into(), en)).unwrap_or_default();
        let address = self.address.trim().to_owned();
        if address.chars().count() > MAX_ADDRESS_CHARS {
            err("address", format!("Adressen må højst være {MAX_ADDRESS_CHARS} tegn."), "address too long");
        }
        let language = one_line(&self.language);
        if language.chars().count() > MAX_LANGUAGE_CHARS {
            err("language", format!("Sproget må højst være {MAX_LANGUAGE_CHARS} tegn."), "language too long");
        }
        let interpreter_language = one_line(&self.interpreter_language);
        let interpreter = match yes_no(&self.interpreter) {
            Some(true) if interpreter_language.is_empty() => {
                err("interpreter_language", "Skriv hvilket sprog, der skal tolkes til.".into(), "interpreter language missing");
                None
            }
            Some(true) if interpreter_language.chars().count() > MAX_LANGUAGE_CHARS => {
                err("interpreter_language", format!("Tolkesproget må højst være {MAX_LANGUAGE_CHARS} tegn."), "interpreter language too long");
                None
            }
            Some(true) => Some(interpreter_language),
            Some(false) if !interpreter_language.is_empty() => {
                err("interpreter_language", "Vælg »Ja« til tolk, eller lad tolkesproget være tomt.".into(), "interpreter language without an interpreter");
                None
            }
            Some(false) => None,
            None => {
                err("interpreter", "Vælg, om der er brug for tolk.".into(), "interpreter must be yes or no");
                None
            }
        };
        ValidationErrors::check(errors)?;
        match (relation, custody) {
            (Some(relation), Some(custody)) => Ok(FamilyMember { relation, name, custody, phone, address, language, interpreter }),
            // Each `None` above added an error; answer rather than panic.
            _ => Err(ValidationErrors(vec![FieldError::new("relation", "Personen kunne ikke læses.", "member unreadable")])),
        }
    }
}

/// Trimmed, with inner runs of white space (a pasted line break) as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl FamilyMember {
    /// The draft that shows this member in the edit form.
    pub fn to_draft(&self) -> MemberDraft {
        let yes_no = |b: bool| if b { "ja" } else { "nej" }.to_owned();
        MemberDraft {
            relation: self.relation.code().to_owned(),
            name: self.name.clone(),
            custody: yes_no(self.custody),
            phone: self.phone.clone(),
            address: self.address.clone(),
            language: self.language.clone(),
            interpreter: yes_no(self.interpreter.is_some()),
            interpreter_language: self.interpreter.clone().unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn mother() -> MemberDraft {
        MemberDraft {
            relation: "mother".into(),
            name: "  Sara   Jensen ".into(),
            custody: "ja".into(),
            phone: "12 34 56 78".into(),
            address: "Havnegade 3, 1. th.\n5000 Odense C".into(),
            language: "arabisk".into(),
            interpreter: "ja".into(),
            interpreter_language: "arabisk".into(),
        }
    }

    fn fields(e: ValidationErrors) -> Vec<&'static str> {
        e.0.iter().map(|f| f.field).collect()
    }

    #[test]
    fn a_typed_member_is_read_and_normalised() {
        let m = mother().check().expect("valid");
        assert_eq!(m.name, "Sara Jensen");
        assert_eq!(m.phone, "12345678");
        assert!(m.custody);
        assert_eq!(m.interpreter.as_deref(), Some("arabisk"));
        assert_eq!(m.to_draft().check(), Ok(m));
    }

    #[test]
    fn every_problem_is_answered_at_its_field_at_once() {
        let draft = MemberDraft {
            relation: "nabo".into(),
            name: " ".into(),
            custody: "måske".into(),
            phone: "12-34-56-78".into(),
            address: "x".repeat(301),
            language: "y".repeat(61),
            interpreter: "ja".into(),
            interpreter_language: String::new(),
        };
        assert_eq!(fields(draft.check().expect_err("refused")), ["relation", "name", "custody", "phone", "address", "language", "interpreter_language"]);
    }

    #[test]
    fn phone_numbers_are_digits_with_an_optional_plus() {
        assert_eq!(read_phone("+45 12 34 56 78"), Ok("+4512345678".into()));
        assert_eq!(read_phone(""), Ok(String::new()));
        assert!(read_phone("1234567").is_err(), "too short");
        assert!(read_phone("1234567890123456").is_err(), "too long");
        assert!(read_phone("12+345678").is_err(), "a plus only in front");
        assert!(read_phone("tlf. 12345678").is_err());
    }

    #[test]
    fn an_interpreter_language_needs_an_interpreter() {
        let draft = MemberDraft { interpreter: "nej".into(), ..mother() };
        assert_eq!(fields(draft.check().expect_err("refused")), ["interpreter_language"]);
        let draft = MemberDraft { interpreter: "nej".into(), interpreter_language: String::new(), ..mother() };
        assert_eq!(draft.check().expect("valid").interpreter, None);
    }

    proptest! {
        #[test]
        fn any_text_is_answered_without_panicking(name in ".{0,250}", phone in "[0-9+ a-z-]{0,20}", custody in "(ja|nej|x)") {
            let draft = MemberDraft { name: name.clone(), phone, custody, ..mother() };
            match draft.check() {
                Ok(m) => {
                    prop_assert!(!m.name.is_empty() && m.name.chars().count() <= MAX_NAME_CHARS);
                    let digits = m.phone.trim_start_matches('+');
                    prop_assert!(m.phone.is_empty() || (digits.bytes().all(|b| b.is_ascii_digit()) && PHONE_DIGITS.contains(&digits.len())));
                }
                Err(e) => prop_assert!(!e.0.is_empty()),
            }
        }
    }
}
