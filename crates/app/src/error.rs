//! What a use case can answer besides success: not allowed, invalid input (field errors in
//! Danish and English), or what the store reports (not found, changed meanwhile, a database
//! failure), or a failed password hash. Front-ends map these once each (`web::error`, the CLI's messages).

use familiehus_domain::service_rules::{Finding, RuleRefusal};
use familiehus_domain::{CaseError, FieldError, ValidationErrors};
use familiehus_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The role may not, or the record is outside the actor's need-to-know.
    #[error("not allowed for this user")]
    Forbidden,
    /// A person search by CPR number from a role that sees CPR numbers masked (it could
    /// recover a masked number by trying the serials).
    #[error("this role may not search by CPR number")]
    CprSearchNotAllowed,
    /// The user's person searches are used up for now (`search_limit`).
    #[error("too many person searches; retry in {retry_after_secs} s")]
    TooManySearches { retry_after_secs: u64 },
    /// The client address has sent its enquiries for now (`enquiry_limit`).
    #[error("too many enquiries from this address; retry in {retry_after_secs} s")]
    TooManyEnquiries { retry_after_secs: u64 },
    /// The enquiry form's honeypot field was filled in: a robot. Nothing was stored.
    #[error("enquiry refused as automated")]
    Automated,
    #[error(transparent)]
    Invalid(ValidationErrors),
    /// The service's rules warn (`domain::service_rules`); the action goes ahead once the user
    /// confirms them (`confirm_warnings`). Nothing was saved.
    #[error("the service's rules warn; confirm to go ahead")]
    Unconfirmed(Vec<Finding>),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Hashing a password failed (argon2 or its blocking task): ours, never the user's input.
    #[error(transparent)]
    Password(#[from] crate::passwords::HashError),
}

impl AppError {
    /// The Danish message of a refused search or enquiry, for pages and the API alike.
    pub fn message_da(&self) -> Option<String> {
        match self {
            AppError::CprSearchNotAllowed => Some("Du kan ikke søge på CPR-nummer. Søg på navn eller fødselsdato.".into()),
            AppError::TooManySearches { retry_after_secs } => Some(format!("For mange søgninger. Vent {retry_after_secs} sekunder, og prøv igen.")),
            AppError::TooManyEnquiries { retry_after_secs } => Some(format!(
                "Der er sendt mange henvendelser fra din forbindelse på kort tid. Vent {} minutter, og prøv igen – eller ring til os.",
                retry_after_secs.div_ceil(60)
            )),
            AppError::Automated => Some("Henvendelsen kunne ikke modtages. Ring eller skriv til os i stedet.".into()),
            _ => None,
        }
    }

    pub(crate) fn invalid(field: &'static str, da: &str, en: &str) -> Self {
        AppError::Invalid(ValidationErrors(vec![FieldError::new(field, da, en)]))
    }
}

impl From<ValidationErrors> for AppError {
    fn from(e: ValidationErrors) -> Self {
        AppError::Invalid(e)
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(ValidationErrors(vec![e]))
    }
}

impl From<CaseError> for AppError {
    fn from(e: CaseError) -> Self {
        AppError::Store(StoreError::Case(e))
    }
}

impl From<RuleRefusal> for AppError {
    fn from(e: RuleRefusal) -> Self {
        match e {
            RuleRefusal::Stopped(errors) => AppError::Invalid(errors),
            RuleRefusal::Unconfirmed(warnings) => AppError::Unconfirmed(warnings),
        }
    }
}
