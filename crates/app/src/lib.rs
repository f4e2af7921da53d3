//! The application layer: every use case of Familiehus, between the front-ends (staff pages,
//! JSON API, CLI) and `store`/`domain`. A use case takes the acting user, checks what they may
//! do (the role's permission and the case's need-to-know), applies the domain's rules, and
//! writes the change with its case events and access-log entries in one transaction
//! (`store::Tx`). Front-ends only translate their input into a call here and the result back,
//! so a page, the API and the CLI cannot give two answers to one question.
//!
//! Only this crate composes store calls; it knows no HTTP, HTML or SQL.

pub mod access;
pub mod anonymous;
pub mod attachments;
pub mod case_details;
pub mod case_list;
pub mod caseload;
pub mod cases;
pub mod cases_bulk;
pub mod catalogue;
mod clock;
pub mod consents;
pub mod deadlines;
pub mod enquiries;
pub mod enquiry_limit;
mod error;
pub mod family;
pub mod family_treatment;
pub mod follow_ups;
pub mod forecast;
pub mod groups;
pub mod inbox;
pub mod insight;
pub mod journal;
pub mod measurements;
pub mod outcome;
pub mod passwords;
pub mod persons;
pub mod reach;
pub mod reports;
pub mod retention;
pub mod search_limit;
pub mod search_synonyms;
pub mod settings;
pub mod status_reports;
mod token_bucket;
pub mod users;

pub use clock::Clock;
pub use error::AppError;

use familiehus_domain::{Actor, Permission};
use familiehus_store::{AuditEntry, Store, User};

/// The application: the store, where "today" comes from, the person-search rate limit and the
/// public enquiry form's (shared by every clone, so one server has one limit per user and per
/// address). Cloning is cheap.
#[derive(Clone, Debug)]
pub struct App {
    pub store: Store,
    pub clock: Clock,
    pub searches: std::sync::Arc<search_limit::SearchLimit>,
    pub enquiry_limit: std::sync::Arc<enquiry_limit::EnquiryLimit>,
}

impl App {
    pub fn new(store: Store, clock: Clock) -> Self {
        Self { store, clock, searches: Default::default(), enquiry_limit: Default::default() }
    }

    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }
}

/// The console's id: no account has it (ids start at 1), so no rule about "yourself" matches it.
const CONSOLE_USER_ID: i64 = 0;

/// Who is acting, and from where (the client's address for the access log; empty for the CLI).
#[derive(Clone, Debug)]
pub struct Acting {
    pub user: User,
    pub remote: String,
}

impl Acting {
    pub fn new(user: User, remote: impl Into<String>) -> Self {
        Self { user, remote: remote.into() }
    }

    /// The operator at the server's console (the `familiehus` CLI): whoever can run it can
    /// open the database anyway, so it acts as an administrator without an account (it also
    /// creates the first one). Its log entries name no user (`user_id` is empty) and say `console`.
    pub fn console() -> Self {
        let user = User {
            id: CONSOLE_USER_ID,
            username: "console".into(),
            display_name: "Konsol".into(),
            role: familiehus_domain::Role::Admin,
            unit_id: None,
            password_hash: String::new(),
            failed_logins: 0,
            locked_until: None,
            active: true,
        };
        Self { user, remote: "console".into() }
    }

    pub fn actor(&self) -> Actor {
        self.user.actor()
    }

    /// Refuses when the role lacks the permission. Front-ends check routes first; this is the
    /// same check for callers without a route (the CLI, tests), so no path skips it.
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.user.active && self.actor().allows(permission) { Ok(()) } else { Err(AppError::Forbidden) }
    }

    /// The account acting, for "changed by" columns: `None` for the console, which has none.
    pub(crate) fn account_id(&self) -> Option<i64> {
        (self.user.id != CONSOLE_USER_ID).then_some(self.user.id)
    }

    /// An access-log entry by this user from this address.
    pub(crate) fn entry(&self, action: familiehus_domain::AuditAction) -> AuditEntry {
        AuditEntry { user_id: self.account_id(), remote: self.remote.clone(), ..AuditEntry::new(action) }
    }
}
