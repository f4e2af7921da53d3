//! `/api/cases/{id}/journal`: a case's journal (every entry with every version, newest contact
//! first) and writing a contact. Each handler is one use case of `familiehus_app::journal`
//! (need-to-know, the domain's rules, the write and its access-log entry); a refused contact
//! is 422 naming each field with the domain's Danish message.

use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use familiehus_app::journal;
use familiehus_domain::journal::ContactDraft;
use familiehus_store::{JournalEntry, JournalVersion};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A contact to write in the journal.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ContactIn {
    /// `talk`, `home_visit`, `meeting`, `group_session`, `phone` or `mail`.
    pub kind: String,
    /// `2022-04-20` or `20.04.2022`; from the case's start to its closure, not in the future.
    pub occurred_on: String,
    /// Danish local time, `14.05`.
    pub start_time: String,
    /// 1–600.
    pub minutes: i64,
    /// `home`, `unit`, `school`, `shelter`, `online` or `other`.
    pub place: String,
    /// Any of `child`, `parents`, `mother`, `father`, `foster_parents`, `network`, `other_professionals`.
    #[serde(default)]
    pub participants: Vec<String>,
    /// One or two user ids of active practitioners or group leaders.
    pub practitioners: Vec<i64>,
    /// Must be empty for a service that keeps no written notes.
    #[serde(default)]
    pub note: String,
    /// Go ahead despite the service's rules' warnings (a 422 lists them otherwise).
    #[serde(default)]
    pub confirm_warnings: bool,
    /// Flexible rather than planned time (strengthened family treatment's split); default planned.
    #[serde(default)]
    pub flexible: bool,
    /// The family may read the entry (it is on their printable log); default no.
    #[serde(default)]
    pub family_may_read: bool,
    /// A group session of strengthened family treatment: the other families' case ids (at most 7).
    #[serde(default)]
    pub group_cases: Vec<i64>,
}

impl ContactIn {
    fn draft(self) -> ContactDraft {
        ContactDraft {
            kind: self.kind,
            occurred_on: self.occurred_on,
            start_time: self.start_time,
            minutes: self.minutes.to_string(),
            place: self.place,
            participants: self.participants,
            practitioners: self.practitioners.iter().map(i64::to_string).collect(),
            note: self.note,
            flexible: self.flexible,
            family_may_read: self.family_may_read,
            group_cases: self.group_cases.iter().map(i64::to_string).collect::<Vec<_>>().join(", "),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactVersionOut {
    pub version: i64,
    pub kind: String,
    #[schema(value_type = String, format = Date)]
    pub occurred_on: NaiveDate,
    /// `14.05`, Danish local time.
    pub start_time: String,
    pub minutes: u16,
    pub place: String,
    pub participants: Vec<String>,
    pub practitioners: Vec<i64>,
    pub note: String,
    /// RFC 3339, UTC.
    pub written_at: String,
    pub written_by: Option<i64>,
}

impl From<&JournalVersion> for ContactVersionOut {
    fn from(v: &JournalVersion) -> Self {
        let c = &v.contact;
        ContactVersionOut {
            version: v.version,
            kind: c.kind.code().to_owned(),
            occurred_on: c.occurred_on,
            start_time: c.start.to_string(),
            minutes: c.minutes,
            place: c.place.code().to_owned(),
            participants: c.participants.iter().map(|p| p.code().to_owned()).collect(),
            practitioners: c.practitioners.clone(),
            note: c.note.clone(),
            written_at: v.written_at.clone(),
            written_by: v.written_by,
        }
    }
}

/// An entry with every version, oldest first: the last is the current one.
#[derive(Debug, Serialize, ToSchema)]
pub struct JournalEntryOut {
    pub id: i64,
    pub case_id: i64,
    pub created_at: String,
    pub versions: Vec<ContactVersionOut>,
}

impl From<&JournalEntry> for JournalEntryOut {
    fn from(e: &JournalEntry) -> Self {
        JournalEntryOut { id: e.id, case_id: e.case_id, created_at: e.created_at.clone(), versions: e.versions.iter().map(Into::into).collect() }
    }
}

#[utoipa::path(get, path = "/api/cases/{id}/journal", operation_id = "listJournal", tag = "cases",
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 200, description = "The journal, newest contact first", body = [JournalEntryOut]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not, or the case is outside the user's need-to-know", body = ErrorBody),
        (status = 404, description = "No such case", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<Vec<JournalEntryOut>>, ApiError> {
    let entries = journal::list(&state.app, &user.acting(&remote), id, "api").await?;
    Ok(ApiJson(entries.iter().map(Into::into).collect()))
}

#[utoipa::path(post, path = "/api/cases/{id}/journal", operation_id = "addJournalEntry", tag = "cases", request_body = ContactIn,
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 201, description = "Written", body = JournalEntryOut),
        (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not, or the case is outside the user's need-to-know", body = ErrorBody),
        (status = 404, description = "No such case", body = ErrorBody),
        (status = 422, description = "Outside the case's course, in the future, minutes out of range, a note on a no-notes service, a rule that stops it, or the rules' warnings unconfirmed (`warnings`)", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ContactIn>,
) -> Result<(StatusCode, ApiJson<JournalEntryOut>), ApiError> {
    let acting = user.acting(&remote);
    let confirm = input.confirm_warnings;
    let entry_id = journal::add(&state.app, &acting, id, &input.draft(), confirm).await?;
    let (_, entry) = journal::entry(&state.app, &acting, id, entry_id).await?;
    Ok((StatusCode::CREATED, ApiJson((&entry).into())))
}

/// This resource's routes, each with what it requires (declared once: see `crate::routes`).
pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::{ChangeCases, ReadCases};
    use utoipa_axum::routes;
    vec![Route::json(Needs(ReadCases), routes!(list)), Route::json(Needs(ChangeCases), routes!(add))]
}
