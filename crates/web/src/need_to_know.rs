//! Case-level need-to-know for handlers that load one case or person: the role may read cases
//! (checked by `policy`), but this case must also be in the actor's `CaseScope`. Used by the
//! JSON API and the staff pages alike, so both answer 403 for the same cases.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use familiehus_domain::Permission;
use familiehus_store::CaseRecord;

/// The case, if the actor may see it; `Forbidden` otherwise (404 only for a case that does not exist).
pub async fn visible_case(state: &AppState, user: &CurrentUser, id: i64) -> Result<CaseRecord, ApiError> {
    Ok(familiehus_app::cases::visible(&state.app, &user.acting(&crate::auth::Remote::default()), id).await?)
}

/// The visible cases of a person. A person is visible to an actor who sees at least one of the
/// person's cases, or who may refer (a caseworker must find the person to refer them).
pub async fn visible_person_cases(state: &AppState, user: &CurrentUser, person_id: i64) -> Result<Option<Vec<CaseRecord>>, ApiError> {
    let cases = state.store.person_cases(person_id, user.actor().case_scope()).await?;
    let visible = !cases.is_empty() || user.actor().allows(Permission::Refer);
    Ok(visible.then_some(cases))
}
