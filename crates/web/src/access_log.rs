//! The one way handlers log a read of personal data that no use case in `familiehus_app`
//! covers yet (a waiting list's own entry): `record`, with who, what, which person/case and from
//! where. Changes are logged by their use case, in the change's own transaction. Details never
//! hold CPR numbers; a search logs only whether it was by CPR and how many it found. If the log
//! cannot be written the request fails: personal data is not shown unlogged.

use crate::AppState;
use crate::auth::{CurrentUser, Remote};
pub use familiehus_domain::AuditAction as Action;
use familiehus_store::{AuditEntry, StoreError};

/// Appends one event (group commit); returns once it is durable. `detail` must not contain CPR numbers.
pub async fn record(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    action: Action,
    person_id: Option<i64>,
    case_id: Option<i64>,
    detail: impl Into<String>,
) -> Result<(), StoreError> {
    let entry = AuditEntry { user_id: Some(user.user.id), action, person_id, case_id, detail: detail.into(), remote: remote.0.clone() };
    state.store.log_access(vec![entry]).await
}
