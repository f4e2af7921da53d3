//! The self-referral form as a service page shows it (`templates/public/enquiry_form.html`):
//! where it posts, what was typed, and the problems at each field. Shared by the service page
//! (an empty form) and the enquiry handler (a refused form, as typed).

use familiehus_domain::enquiry::{EnquiryForm, MAX_DIFFICULTIES_CHARS};

/// One field's message on the form.
#[derive(Debug, Clone)]
pub struct FormMessage {
    pub field: &'static str,
    pub message: String,
}

/// The enquiry form on a service page: where it posts, what was typed, and the problems.
#[derive(Debug, Clone)]
pub struct EnquiryFormView {
    pub action: String,
    pub values: EnquiryForm,
    pub errors: Vec<FormMessage>,
    pub max_chars: usize,
}

impl EnquiryFormView {
    pub fn new(service_id: i64) -> Self {
        Self {
            action: format!("/offentlig/tilbud/{service_id}/henvendelse"),
            values: EnquiryForm::default(),
            errors: Vec::new(),
            max_chars: MAX_DIFFICULTIES_CHARS,
        }
    }

    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    /// `aria-describedby` for a field: its hint, and its error when it has one.
    pub fn described(&self, field: &str, hint: bool) -> String {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{field}-hint"));
        }
        if self.error(field).is_some() {
            ids.push(format!("{field}-fejl"));
        }
        ids.join(" ")
    }
}
