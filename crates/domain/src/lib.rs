//! Familiehus domain: the pure types and rules of a Danish municipality's children and family
//! services. No I/O, no async, no SQL, no HTTP: everything here is deterministic and testable
//! on its own, and `store` and `web` build on it.

pub mod access;
pub mod access_route;
pub mod accounts;
pub mod anonymous;
pub mod anonymous_course;
pub mod anonymous_stats;
pub mod attachment;
pub mod audit;
pub mod audit_checkpoint;
pub mod case;
pub mod catalogue;
pub mod catalogue_import;
pub mod catalogue_search;
pub mod consent;
pub mod cpr;
pub mod danish;
pub mod danish_words;
pub mod deadlines;
pub mod disclosure;
pub mod enquiry;
pub mod family;
pub mod family_treatment;
pub mod follow_up;
pub mod group_course;
pub mod holidays;
pub mod inbox;
pub mod journal;
pub mod ladder;
pub mod legal_ref;
pub mod login_throttle;
pub mod measurement;
pub mod network_map;
pub mod off_track;
pub mod outcome;
pub mod person_search;
pub mod reach;
pub mod readable_code;
pub mod report;
pub mod report_trend;
pub mod retention;
pub mod service_rules;
pub mod settings;
pub mod start_forecast;
pub mod status_report;
pub mod validation;

pub use cpr::{Cpr, CprError};
pub use ladder::{Ladder, LadderCategory, LadderStep};
pub use legal_ref::{Law, LegalRef, LegalRefError, Numbers};
pub use person_search::PersonQuery;

pub use access::{Actor, CaseAccessFacts, CaseScope, Permission, Role};
pub use audit::AuditAction;
pub use case::{Case, CaseError, CaseEventKind, CaseState, ClosureReason, ReferralSource};
pub use catalogue::{
    Access, AgeRange, Approval, Delivery, HoursRange, Limit, RuleSeverity, Service, ServiceError, ServiceRules, ServiceStatus, ServiceTexts, Unit,
};
pub use report::{CaseFacts, CaseloadReport, ReportConfig, ReportError, ReportPeriod, ReportRow, ReportService, ServiceAggregates, WaitStats};
pub use settings::MunicipalitySettings;
pub use validation::{FieldError, ValidationErrors};
