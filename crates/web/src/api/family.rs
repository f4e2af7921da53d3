//! `/api/cases/{id}/family`: the family around a case's child, and adding a member. Each
//! handler is one use case of `familiehus_app::family` (need-to-know — outside it the case is
//! 404 —, the domain's rules, the write and its access-log entry); a refused member is 422
//! naming each field with the domain's Danish message.

use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use crate::error::{ApiError, ApiJson, ApiPath, ErrorBody};
use axum::extract::State;
use axum::http::StatusCode;
use familiehus_app::family;
use familiehus_domain::family::MemberDraft;
use familiehus_store::StoredFamilyMember;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A person to add to the family around the child.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FamilyMemberIn {
    /// `mother`, `father`, `parent`, `sibling`, `foster_parent`, `grandparent` or `other`.
    pub relation: String,
    pub name: String,
    /// Has parental custody (forældremyndighed).
    pub custody: bool,
    /// Digits with an optional leading `+` (8–15 digits); spaces are dropped.
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    /// Preferred language.
    #[serde(default)]
    pub language: String,
    /// The language to interpret into; absent or null when no interpreter is needed.
    #[serde(default)]
    pub interpreter_language: Option<String>,
}

impl FamilyMemberIn {
    fn draft(self) -> MemberDraft {
        let yes_no = |b: bool| if b { "ja" } else { "nej" }.to_owned();
        MemberDraft {
            relation: self.relation,
            name: self.name,
            custody: yes_no(self.custody),
            phone: self.phone,
            address: self.address,
            language: self.language,
            interpreter: yes_no(self.interpreter_language.is_some()),
            interpreter_language: self.interpreter_language.unwrap_or_default(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyMemberOut {
    pub id: i64,
    pub case_id: i64,
    pub relation: String,
    pub name: String,
    pub custody: bool,
    pub phone: String,
    pub address: String,
    pub language: String,
    /// Null when no interpreter is needed.
    pub interpreter_language: Option<String>,
    /// RFC 3339, UTC.
    pub added_at: String,
    pub changed_at: Option<String>,
}

impl From<&StoredFamilyMember> for FamilyMemberOut {
    fn from(m: &StoredFamilyMember) -> Self {
        let f = &m.member;
        FamilyMemberOut {
            id: m.id,
            case_id: m.case_id,
            relation: f.relation.code().to_owned(),
            name: f.name.clone(),
            custody: f.custody,
            phone: f.phone.clone(),
            address: f.address.clone(),
            language: f.language.clone(),
            interpreter_language: f.interpreter.clone(),
            added_at: m.added_at.clone(),
            changed_at: m.changed_at.clone(),
        }
    }
}

#[utoipa::path(get, path = "/api/cases/{id}/family", operation_id = "listFamily", tag = "cases",
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 200, description = "The family around the child, in the order added", body = [FamilyMemberOut]),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not", body = ErrorBody),
        (status = 404, description = "No such case, or the case is outside the user's need-to-know", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<Vec<FamilyMemberOut>>, ApiError> {
    let (_, members) = family::list(&state.app, &user.acting(&remote), id, "api").await?;
    Ok(ApiJson(members.iter().map(Into::into).collect()))
}

#[utoipa::path(post, path = "/api/cases/{id}/family", operation_id = "addFamilyMember", tag = "cases", request_body = FamilyMemberIn,
    params(("id" = i64, Path, description = "Case id")),
    responses(
        (status = 201, description = "Added", body = FamilyMemberOut),
        (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "The role may not", body = ErrorBody),
        (status = 404, description = "No such case, or the case is outside the user's need-to-know", body = ErrorBody),
        (status = 422, description = "A missing name, a phone number with other than digits and +, a text too long, …", body = ErrorBody),
    ))]
#[tracing::instrument(skip_all)]
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<FamilyMemberIn>,
) -> Result<(StatusCode, ApiJson<FamilyMemberOut>), ApiError> {
    let acting = user.acting(&remote);
    let member_id = family::add(&state.app, &acting, id, &input.draft()).await?;
    let (_, member) = family::member(&state.app, &acting, id, member_id).await?;
    Ok((StatusCode::CREATED, ApiJson((&member).into())))
}

/// This resource's routes, each with what it requires (declared once: see `crate::routes`).
pub(crate) fn routes() -> Vec<crate::routes::Route> {
    use crate::routes::Access::Needs;
    use crate::routes::Route;
    use familiehus_domain::Permission::{ChangeCases, ReadCases};
    use utoipa_axum::routes;
    vec![Route::json(Needs(ReadCases), routes!(list)), Route::json(Needs(ChangeCases), routes!(add))]
}
