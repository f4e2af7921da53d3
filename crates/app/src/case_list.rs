//! The case list as pages ("Mine sager", `/sager`, `GET /api/cases`): the actor's scope, the
//! filters and the sort handed to the store, which filters, sorts and pages in SQL; the
//! "overdue" filter reads the stored next follow-up (`deadlines`). Every case shown is
//! logged (`access::log_shown`).

use crate::{Acting, App, AppError};
use familiehus_domain::Permission;
use familiehus_store::{CaseListQuery, CasePage};

/// The list as asked, with the overdue filter.
#[derive(Debug, Clone, Default)]
pub struct CaseListRequest {
    pub query: CaseListQuery,
    /// Only cases whose follow-up is overdue.
    pub overdue: bool,
}

/// One page of the cases the actor may see, with the total; each case shown logged at `place`.
pub async fn page(app: &App, acting: &Acting, request: CaseListRequest, place: &str) -> Result<CasePage, AppError> {
    acting.require(Permission::ReadCases)?;
    let scope = acting.actor().case_scope();
    let mut query = request.query;
    if request.overdue {
        query.follow_up_due_before = Some(crate::deadlines::overdue_before(app).await?);
    }
    let page = app.store.case_page(scope, &query).await?;
    crate::access::log_shown(app, acting, place, page.cases.iter().map(|c| (c.record.id, c.record.person_id))).await?;
    Ok(page)
}
