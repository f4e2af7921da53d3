//! Case-level need-to-know for handlers that load one case (persons: `familiehus_app::persons`): the role may read cases
//! (checked by `policy`), but this case must also be in the actor's `CaseScope`. Used by the
//! JSON API and the staff pages alike, so both answer 403 for the same cases.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use familiehus_store::CaseRecord;

/// The case, if the actor may see it; `Forbidden` otherwise (404 only for a case that does not exist).
pub async fn visible_case(state: &AppState, user: &CurrentUser, id: i64) -> Result<CaseRecord, ApiError> {
    Ok(familiehus_app::cases::visible(&state.app, &user.acting(&crate::auth::Remote::default()), id).await?)
}
