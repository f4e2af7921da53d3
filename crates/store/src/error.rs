//! The store's error type: what callers can act on (not found, invalid, conflict) kept apart
//! from database failures, which are logged and never shown to users.

use familiehus_domain::{CaseError, FieldError, ValidationErrors};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database url: expected sqlite://… or postgres://…")]
    UnsupportedUrl,
    #[error("{entity} {id} not found")]
    NotFound { entity: &'static str, id: i64 },
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    #[error(transparent)]
    Case(#[from] CaseError),
    #[error("the record was changed by someone else; reload and try again")]
    Concurrent,
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub(crate) fn invalid(field: &'static str, da: &str, en: &str) -> Self {
        StoreError::Invalid(ValidationErrors(vec![FieldError::new(field, da, en)]))
    }

    /// Maps a unique-constraint violation to a field error; other errors pass through.
    pub(crate) fn unique_as_field(err: sqlx::Error, field: &'static str, da: &str, en: &str) -> Self {
        match &err {
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::invalid(field, da, en),
            _ => StoreError::Database(err),
        }
    }
}
