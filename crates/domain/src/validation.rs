//! Field-level validation errors shared by every input path (forms, JSON, import), so that a
//! user always learns which field is wrong, in Danish, and logs get the English text.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's name as the API and forms spell it (`enrolled_on`).
    pub field: &'static str,
    pub message_da: String,
    pub message_en: String,
}

impl FieldError {
    pub fn new(field: &'static str, message_da: impl Into<String>, message_en: impl Into<String>) -> Self {
        Self { field, message_da: message_da.into(), message_en: message_en.into() }
    }
}

/// All problems found in one input, never just the first: a form shows them all at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("invalid input: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message_en)).collect::<Vec<_>>().join("; "))]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// `Ok(())` when nothing was found.
    pub fn check(errors: Vec<FieldError>) -> Result<(), ValidationErrors> {
        if errors.is_empty() { Ok(()) } else { Err(ValidationErrors(errors)) }
    }
}
