//! What a use case can answer besides success: not allowed, invalid input (field errors in
//! Danish and English), or what the store reports (not found, changed meanwhile, a database
//! failure), or a failed password hash. Front-ends map these once each (`web::error`, the CLI's messages).

use familiehus_domain::{CaseError, FieldError, ValidationErrors};
use familiehus_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The role may not, or the record is outside the actor's need-to-know.
    #[error("not allowed for this user")]
    Forbidden,
    #[error(transparent)]
    Invalid(ValidationErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Hashing a password failed (argon2 or its blocking task): ours, never the user's input.
    #[error(transparent)]
    Password(#[from] crate::passwords::HashError),
}

impl AppError {
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
