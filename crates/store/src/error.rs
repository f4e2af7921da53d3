//! The store's error type: what callers can act on (not found, invalid, conflict) kept apart
//! from database failures, which are logged and never shown to users.

use familiehus_domain::{CaseError, FieldError, ValidationErrors};

/// What was not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Case,
    Enquiry,
    Person,
    Service,
    ServiceVersion,
    ReportEdition,
    Unit,
    User,
    JournalEntry,
    AnonymousTalk,
    StatusReport,
    Goal,
    Course,
    Session,
    FamilyMember,
    Attachment,
}

impl Entity {
    pub fn name_en(self) -> &'static str {
        match self {
            Entity::Case => "case",
            Entity::Enquiry => "enquiry",
            Entity::Person => "person",
            Entity::Service => "service",
            Entity::ServiceVersion => "service version",
            Entity::ReportEdition => "report edition",
            Entity::Unit => "unit",
            Entity::User => "user",
            Entity::JournalEntry => "journal entry",
            Entity::AnonymousTalk => "anonymous talk",
            Entity::StatusReport => "status report",
            Entity::Goal => "goal",
            Entity::Course => "group course",
            Entity::Session => "group session",
            Entity::FamilyMember => "family member",
            Entity::Attachment => "attachment",
        }
    }

    /// "Sagen findes ikke." and the like, for users.
    pub fn not_found_da(self) -> &'static str {
        match self {
            Entity::Case => "Sagen findes ikke.",
            Entity::Enquiry => "Henvendelsen findes ikke.",
            Entity::Person => "Personen findes ikke.",
            Entity::Service => "Indsatsen findes ikke.",
            Entity::ServiceVersion => "Den version af indsatsen findes ikke.",
            Entity::ReportEdition => "Den udgave af rapporten findes ikke.",
            Entity::Unit => "Enheden findes ikke.",
            Entity::User => "Brugeren findes ikke.",
            Entity::JournalEntry => "Journalnotatet findes ikke.",
            Entity::AnonymousTalk => "Samtalen findes ikke.",
            Entity::StatusReport => "Statusrapporten findes ikke.",
            Entity::Goal => "Målet findes ikke.",
            Entity::Course => "Forløbet findes ikke.",
            Entity::Session => "Gangen findes ikke.",
            Entity::FamilyMember => "Personen findes ikke i sagens familie.",
            Entity::Attachment => "Bilaget findes ikke.",
        }
    }
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name_en())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database url: expected sqlite://… or postgres://…")]
    UnsupportedUrl,
    #[error("{entity} {id} not found")]
    NotFound { entity: Entity, id: i64 },
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    #[error(transparent)]
    Case(#[from] CaseError),
    #[error("the record was changed by someone else; reload and try again")]
    Concurrent,
    #[error("the access log could not be written: {0}")]
    AccessLog(String),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error(transparent)]
    AuditFile(#[from] AuditFileError),
    /// A snapshot written by a newer Familiehus (after a downgrade): refused, not misread.
    #[error("{what}: snapshot format {found} is newer than this version of Familiehus reads (up to {newest})")]
    SnapshotFormat { what: String, found: u64, newest: u64 },
    /// A CPR number was to be read or written by a store opened without the CPR key.
    #[error("this store was opened without the CPR key (--cpr-key-file)")]
    NoCprKey,
    /// The database's CPR numbers were sealed with another key than the one given.
    #[error("the CPR key file does not match this database (its CPR numbers were sealed with another key)")]
    CprKeyMismatch,
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

/// The access log's files outside the database (`audit_checkpoint.rs`, `backup.rs`).
#[derive(Debug, thiserror::Error)]
pub enum AuditFileError {
    #[error("access-log key file {}: {source}", path.display())]
    KeyFile { path: std::path::PathBuf, source: std::io::Error },
    #[error("access-log key file {}: {reason}", path.display())]
    KeyInvalid { path: std::path::PathBuf, reason: String },
    #[error("access-log checkpoint file {}: {source}", path.display())]
    CheckpointFile { path: std::path::PathBuf, source: std::io::Error },
    #[error("backup file {}: {source}", path.display())]
    BackupFile { path: std::path::PathBuf, source: std::io::Error },
}
