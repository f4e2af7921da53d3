//! The family around the child on the staff pages: the case page's compact section
//! (`templates/staff/case_family.html`), the family page `/sager/{id}/familie` (every member with
//! phone, address, language and interpreter, the add form), the edit page
//! `/sager/{id}/familie/{member}/ret` and removal (`…/fjern`). Need-to-know, logging and rules
//! are `familiehus_app::family`'s (outside one's scope the pages are 404); a refused form is
//! shown again (422) as typed, with the error summary and the title "Fejl i formularen – …".

use super::errors::PageError;
use super::fields::Choice;
use super::layout::{FieldMsg, FormErrors, Layout, form_title, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::{AppError, family};
use familiehus_domain::family::{MemberDraft, Relation};
use familiehus_store::{CaseRecord, StoreError, StoredFamilyMember};
use serde::Deserialize;

/// One member as the pages show it.
pub struct MemberView {
    pub id: i64,
    pub name: String,
    pub relation: &'static str,
    /// "Har forældremyndighed" or empty.
    pub custody: &'static str,
    pub phone: String,
    pub address: String,
    pub language: String,
    /// "Tolk: arabisk" or empty.
    pub interpreter: String,
}

impl MemberView {
    pub fn of(m: &StoredFamilyMember) -> Self {
        let f = &m.member;
        MemberView {
            id: m.id,
            name: f.name.clone(),
            relation: f.relation.label_da(),
            custody: if f.custody { "Har forældremyndighed" } else { "" },
            phone: f.phone.clone(),
            address: f.address.clone(),
            language: f.language.clone(),
            interpreter: f.interpreter.as_deref().map(|l| format!("Tolk: {l}")).unwrap_or_default(),
        }
    }
}

/// The case page's family section.
pub struct Section {
    pub members: Vec<MemberView>,
}

/// The family section of a case the page has just read (and logged) through `cases::read`.
pub async fn section(state: &AppState, record: &CaseRecord) -> Result<Section, PageError> {
    Ok(Section { members: family::of_read_case(&state.app, record).await?.iter().map(MemberView::of).collect() })
}

/// The member form, new or edit, with what was typed and its errors.
pub struct MemberForm {
    pub action: String,
    pub legend: &'static str,
    pub button: &'static str,
    pub draft: MemberDraft,
    pub relations: Vec<Choice>,
    pub errors: FormErrors,
}

fn member_form(action: String, legend: &'static str, button: &'static str, draft: MemberDraft, errors: FormErrors) -> MemberForm {
    let relations = Choice::list(Relation::ALL.iter().map(|r| (r.code().to_owned(), r.label_da().to_owned())), &draft.relation);
    MemberForm { action, legend, button, draft, relations, errors }
}

/// The form as posted (the JSON API reads its own shape).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MemberInput {
    relation: String,
    name: String,
    custody: String,
    phone: String,
    address: String,
    language: String,
    interpreter: String,
    interpreter_language: String,
}

impl MemberInput {
    fn draft(self) -> MemberDraft {
        MemberDraft {
            relation: self.relation,
            name: self.name,
            custody: self.custody,
            phone: self.phone,
            address: super::fields::line_feeds(&self.address),
            language: self.language,
            interpreter: self.interpreter,
            interpreter_language: self.interpreter_language,
        }
    }
}

#[derive(Template)]
#[template(path = "staff/case_family_page.html")]
struct FamilyPage {
    layout: Layout,
    errors: FormErrors,
    id: i64,
    person_name: String,
    members: Vec<MemberView>,
    can_change: bool,
    form: Option<MemberForm>,
}

#[derive(Template)]
#[template(path = "staff/case_family_edit.html")]
struct EditPage {
    layout: Layout,
    errors: FormErrors,
    id: i64,
    person_name: String,
    form: MemberForm,
}

fn summary(errors: &FormErrors) -> FormErrors {
    FormErrors { list: errors.list.iter().map(|e| FieldMsg { field: e.field, message: e.message.clone() }).collect() }
}

fn status(errors: &FormErrors) -> StatusCode {
    if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY }
}

/// A refused write's field errors; anything else is the request's failure (404, 500).
fn field_errors(e: AppError) -> Result<FormErrors, PageError> {
    match e {
        AppError::Invalid(list) | AppError::Store(StoreError::Invalid(list)) => {
            let mut errors = FormErrors::default();
            for f in list.0 {
                errors.add(f.field, f.message_da);
            }
            Ok(errors)
        }
        other => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FamilyQuery {
    besked: String,
}

fn notice(code: &str) -> Option<String> {
    let text = match code {
        "tilfoejet" => "Personen er tilføjet familien.",
        "rettet" => "Oplysningerne er rettet.",
        "fjernet" => "Personen er fjernet fra familien.",
        _ => return None,
    };
    Some(text.to_owned())
}

async fn family_page(
    state: &AppState,
    user: &CurrentUser,
    remote: &Remote,
    id: i64,
    draft: MemberDraft,
    errors: FormErrors,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let acting = user.acting(remote);
    let (record, members) = family::list(&state.app, &acting, id, "familieside").await?;
    let can_change = family::may_write(&acting);
    let base = format!("Familien omkring barnet – sag {id}");
    let view = FamilyPage {
        layout: Layout::new(form_title(&base, &errors), user, "/sager").with_notice(notice),
        errors: summary(&errors),
        id,
        person_name: record.person_name,
        members: members.iter().map(MemberView::of).collect(),
        can_change,
        form: can_change.then(|| member_form(format!("/sager/{id}/familie"), "Tilføj en person", "Tilføj", draft, errors)),
    };
    let status = if view.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render(status, &view))
}

#[tracing::instrument(skip_all)]
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Query(query): Query<FamilyQuery>,
) -> Result<Response, PageError> {
    let draft = MemberDraft { custody: "nej".into(), interpreter: "nej".into(), ..Default::default() };
    family_page(&state, &user, &remote, id, draft, FormErrors::default(), notice(&query.besked)).await
}

#[tracing::instrument(skip_all)]
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(input): Form<MemberInput>,
) -> Result<Response, PageError> {
    let draft = input.draft();
    match family::add(&state.app, &user.acting(&remote), id, &draft).await {
        Ok(_) => Ok(Redirect::to(&format!("/sager/{id}/familie?besked=tilfoejet")).into_response()),
        Err(e) => {
            let errors = field_errors(e)?;
            family_page(&state, &user, &remote, id, draft, errors, None).await
        }
    }
}

fn edit_view(user: &CurrentUser, record: &CaseRecord, member: i64, draft: MemberDraft, errors: FormErrors) -> Response {
    let base = format!("Ret person i familien – sag {}", record.id);
    let view = EditPage {
        layout: Layout::new(form_title(&base, &errors), user, "/sager"),
        errors: summary(&errors),
        id: record.id,
        person_name: record.person_name.clone(),
        form: member_form(format!("/sager/{}/familie/{member}/ret", record.id), "Ret oplysningerne", "Gem rettelsen", draft, errors),
    };
    render(status(&view.errors), &view)
}

#[tracing::instrument(skip_all)]
pub async fn edit_page(State(state): State<AppState>, user: CurrentUser, remote: Remote, Path((id, member)): Path<(i64, i64)>) -> Result<Response, PageError> {
    let (record, found) = family::member(&state.app, &user.acting(&remote), id, member).await?;
    Ok(edit_view(&user, &record, member, found.member.to_draft(), FormErrors::default()))
}

#[tracing::instrument(skip_all)]
pub async fn change(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path((id, member)): Path<(i64, i64)>,
    Form(input): Form<MemberInput>,
) -> Result<Response, PageError> {
    let acting = user.acting(&remote);
    let draft = input.draft();
    match family::change(&state.app, &acting, id, member, &draft).await {
        Ok(()) => Ok(Redirect::to(&format!("/sager/{id}/familie?besked=rettet")).into_response()),
        Err(e) => {
            let errors = field_errors(e)?;
            let (record, _) = family::member(&state.app, &acting, id, member).await?;
            Ok(edit_view(&user, &record, member, draft, errors))
        }
    }
}

#[tracing::instrument(skip_all)]
pub async fn remove(State(state): State<AppState>, user: CurrentUser, remote: Remote, Path((id, member)): Path<(i64, i64)>) -> Result<Response, PageError> {
    family::remove(&state.app, &user.acting(&remote), id, member).await?;
    Ok(Redirect::to(&format!("/sager/{id}/familie?besked=fjernet")).into_response())
}
