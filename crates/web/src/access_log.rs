//! The one way handlers write the access log (adgangslog): every read and change of personal
//! data goes through `record`, with who, what, which person/case and from where. Details never
//! hold CPR numbers; a search logs only whether it was by CPR and how many it found.
//! If the log cannot be written the request fails: personal data is not shown unlogged.

use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use familiehus_store::{AuditEntry, StoreError};

/// What was done, as the stable code stored in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ReadCase,
    ReadPerson,
    SearchPersons,
    ReadWaitingList,
    EnrolCase,
    StartCase,
    CloseCase,
    ReopenCase,
    AssignCase,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Action::ReadCase => "read_case",
            Action::ReadPerson => "read_person",
            Action::SearchPersons => "search_persons",
            Action::ReadWaitingList => "read_waiting_list",
            Action::EnrolCase => "enrol_case",
            Action::StartCase => "start_case",
            Action::CloseCase => "close_case",
            Action::ReopenCase => "reopen_case",
            Action::AssignCase => "assign_case",
        }
    }

    /// Danish wording for "Hvem har set sagen".
    pub fn label_da(code: &str) -> &str {
        match code {
            "read_case" => "Så sagen",
            "read_person" => "Så personen",
            "search_persons" => "Søgte efter personer",
            "read_waiting_list" => "Så ventelisten",
            "enrol_case" => "Henviste sagen",
            "start_case" => "Iværksatte sagen",
            "close_case" => "Afsluttede sagen",
            "reopen_case" => "Genåbnede sagen",
            "assign_case" => "Tildelte sagen",
            other => other,
        }
    }
}

/// Appends one event. `detail` must not contain CPR numbers.
pub async fn record(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    action: Action,
    person_id: Option<i64>,
    case_id: Option<i64>,
    detail: impl Into<String>,
) -> Result<(), StoreError> {
    let entry = AuditEntry { user_id: Some(user.user.id), action: action.code(), person_id, case_id, detail: detail.into(), remote: remote.0.clone() };
    state.store.append_audit(&entry).await
}
