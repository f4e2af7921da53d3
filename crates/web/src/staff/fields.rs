//! Form fields described as data, so long forms (a catalogue entry has 25 inputs) are rendered
//! by one template (`templates/staff/fields.html`) with the same label, hint, error and ARIA
//! wiring everywhere. A field's `id` is also its `name` and the key of its error.

use super::layout::FormErrors;

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn list(options: impl IntoIterator<Item = (String, String)>, current: &str) -> Vec<Choice> {
        options.into_iter().map(|(value, label)| Choice { selected: value == current, value, label }).collect()
    }
}

pub enum Kind {
    Text,
    /// Digits only; shown with a numeric keyboard on phones.
    Number,
    Date,
    Password,
    TextArea {
        rows: u8,
    },
    Select(Vec<Choice>),
    Checkbox {
        checked: bool,
    },
}

pub struct Field {
    pub id: &'static str,
    pub label: String,
    pub hint: &'static str,
    pub value: String,
    pub error: Option<String>,
    pub kind: Kind,
    /// Lines shown under the field as what the server read from it (the legal-reference
    /// preview); empty for most fields.
    pub reading: Vec<String>,
}

impl Field {
    pub fn new(id: &'static str, label: impl Into<String>, value: &str, kind: Kind, errors: &FormErrors) -> Self {
        Field { id, label: label.into(), hint: "", value: value.to_owned(), error: errors.get(id).map(str::to_owned), kind, reading: Vec::new() }
    }

    pub fn hint(mut self, hint: &'static str) -> Self {
        self.hint = hint;
        self
    }

    pub fn reading(mut self, lines: Vec<String>) -> Self {
        self.reading = lines;
        self
    }

    /// The ids the input's `aria-describedby` names: hint, error and reading, as present.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hjaelp", self.id));
        }
        if self.error.is_some() {
            ids.push(format!("{}-fejl", self.id));
        }
        if !self.reading.is_empty() {
            ids.push(format!("{}-laest", self.id));
        }
        ids.join(" ")
    }
}

/// A fieldset of the form.
pub struct Group {
    pub legend: &'static str,
    pub fields: Vec<Field>,
}

/// Reads an optional whole number; an unreadable one is a Danish error on the field.
pub fn optional_number<T: std::str::FromStr>(text: &str, field: &'static str, label: &str, errors: &mut FormErrors) -> Option<T> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<T>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.add(field, format!("{label} skal være et helt tal, fx 12."));
            None
        }
    }
}

/// The one Danish message for a date that cannot be read.
pub const UNREADABLE_DATE_DA: &str = "Datoen kunne ikke læses. Skriv den som 26.04.2022.";

/// Reads a date typed as `26.04.2022` (or `2022-04-26`); unreadable is an error on the field.
pub fn date(text: &str, field: &'static str, errors: &mut FormErrors) -> Option<chrono::NaiveDate> {
    match familiehus_domain::danish::read_date(text) {
        Ok(date) => Some(date),
        Err(problem) => {
            errors.add(field, problem.message_da());
            None
        }
    }
}

/// An optional date: empty is none, anything else must read as `date` does.
pub fn optional_date(text: &str, field: &'static str, errors: &mut FormErrors) -> Option<chrono::NaiveDate> {
    if text.trim().is_empty() { None } else { date(text, field, errors) }
}

/// Text as stored: browsers send form text with CRLF line ends and files may have either, but
/// the catalogue and the notes keep LF, so an untouched text reads back unchanged.
pub fn line_feeds(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A checkbox is sent (with any value) only when it is ticked.
pub fn ticked(value: &str) -> bool {
    !value.is_empty()
}

/// The line beside "Gem alligevel" when a referral's rules only warn.
pub const CONFIRM_REFERRAL: &str = "Indsatsens regler giver en advarsel. Sæt kryds ved \u{201c}Gem alligevel\u{201d}, hvis henvisningen skal gemmes alligevel.";

/// The line beside "Iværksæt alligevel" when a start's rules only warn.
pub const CONFIRM_START: &str =
    "Indsatsens regler giver en advarsel. Sæt kryds ved \u{201c}Iværksæt alligevel\u{201d}, hvis sagerne skal iværksættes alligevel.";
