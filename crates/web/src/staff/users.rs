//! `/brugere` (administrators only): the local accounts with role, unit and state, a form to
//! create one, `/brugere/{id}` to change name, role, unit or password (a new password lifts a
//! lockout; the user's sessions end so a new role applies at once), and deactivation. The rules
//! (password policy, not one's own role, not deactivating oneself) are `familiehus_app::users`;
//! this page reads the form (and that the password was typed twice alike) and shows the answer.

use super::errors::PageError;
use super::fields::{Choice, Field, Group, Kind};
use super::layout::{FormErrors, Layout, NoticeQuery, render};
use crate::AppState;
use crate::auth::{CurrentUser, Remote};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_app::AppError;
use familiehus_app::users::{self, AccountChange, NewAccount};
use familiehus_domain::Role;
use familiehus_domain::accounts::PASSWORD_TOO_SHORT_DA;
use serde::Deserialize;

pub struct UserLine {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub role: &'static str,
    pub unit: String,
    pub active: bool,
    /// Wrong passwords since the last sign-in (nothing locks; the login throttle slows guessing).
    pub failed_logins: i64,
    pub is_me: bool,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NewUserForm {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub unit_id: String,
    pub password: String,
    pub password_again: String,
}

#[derive(Template)]
#[template(path = "staff/users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<UserLine>,
    errors: FormErrors,
    groups: Vec<Group>,
}

fn notice(code: &str) -> Option<String> {
    match code {
        "oprettet" => Some("Brugeren er oprettet.".into()),
        "deaktiveret" => Some("Brugeren er deaktiveret og er logget ud.".into()),
        "aktiveret" => Some("Brugeren er aktiveret igen.".into()),
        "gemt" => Some("Ændringerne er gemt. Brugeren skal logge ind igen.".into()),
        _ => None,
    }
}

async fn show(state: &AppState, user: &CurrentUser, form: &NewUserForm, errors: FormErrors, notice_text: Option<String>) -> Result<Response, PageError> {
    let units = state.store.list_units().await?;
    let users = users::list(&state.app, &user.acting(&Remote::default()))
        .await?
        .into_iter()
        .map(|u| UserLine {
            id: u.id,
            is_me: u.id == user.user.id,
            unit: u.unit_id.and_then(|id| units.iter().find(|x| x.id == id)).map(|x| x.name.clone()).unwrap_or_else(|| "Alle".into()),
            role: u.role.label_da(),
            failed_logins: u.failed_logins,
            active: u.active,
            username: u.username,
            name: u.display_name,
        })
        .collect();
    let roles = Choice::list(std::iter::once((String::new(), "Vælg rolle".to_owned())).chain(role_options()), &form.role);
    let unit_choices = unit_choices(&units, &form.unit_id);
    let groups = vec![Group {
        legend: "Ny bruger",
        fields: vec![
            Field::new("username", "Brugernavn", &form.username, Kind::Text, &errors).hint("Ét ord uden mellemrum, fx initialer."),
            Field::new("display_name", "Navn", &form.display_name, Kind::Text, &errors),
            Field::new("role", "Rolle", &form.role, Kind::Select(roles), &errors),
            Field::new("unit_id", "Enhed", &form.unit_id, Kind::Select(unit_choices), &errors).hint("Leder, behandler og gruppeleder ser sager i deres enhed."),
            Field::new("password", "Adgangskode", "", Kind::Password, &errors).hint(PASSWORD_TOO_SHORT_DA),
            Field::new("password_again", "Gentag adgangskoden", "", Kind::Password, &errors),
        ],
    }];
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render(status, &UsersPage { layout: Layout::new("Brugere", user, "/brugere").with_notice(notice_text), users, errors, groups }))
}

fn role_options() -> impl Iterator<Item = (String, String)> {
    Role::ALL.iter().map(|r| (r.code().to_owned(), r.label_da().to_owned()))
}

fn unit_choices(units: &[familiehus_store::StoredUnit], current: &str) -> Vec<Choice> {
    Choice::list(std::iter::once((String::new(), "Ingen (alle enheder)".to_owned())).chain(units.iter().map(|u| (u.id.to_string(), u.name.clone()))), current)
}

/// The repeat must match (a form's concern: the policy itself is the use case's).
fn check_repeated(password: &str, again: &str, errors: &mut FormErrors) {
    if password != again {
        errors.add("password_again", "De to adgangskoder er ikke ens.");
    }
}

/// The use case's refusal as form errors (every field it names is on the form), or the error.
fn refused(e: AppError, errors: &mut FormErrors) -> Result<(), PageError> {
    match e {
        AppError::Invalid(list) => {
            for f in list.0 {
                errors.add(f.field, f.message_da);
            }
            Ok(())
        }
        other => Err(other.into()),
    }
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, Query(query): Query<NoticeQuery>) -> Result<Response, PageError> {
    show(&state, &user, &NewUserForm::default(), FormErrors::default(), notice(&query.besked)).await
}

#[tracing::instrument(skip_all)]
pub async fn create(State(state): State<AppState>, user: CurrentUser, remote: Remote, Form(form): Form<NewUserForm>) -> Result<Response, PageError> {
    let mut errors = FormErrors::default();
    let role = Role::from_code(&form.role);
    if role.is_none() {
        errors.add("role", "Vælg en rolle.");
    }
    let unit_id = match form.unit_id.as_str() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("unit_id", "Vælg en enhed på listen.");
                None
            }
        },
    };
    check_repeated(&form.password, &form.password_again, &mut errors);
    // Without a role there is no account to ask about; otherwise the use case adds its own
    // refusals to the form's, so the page lists every problem at once.
    let Some(role) = role else {
        return show(&state, &user, &form, errors, None).await;
    };
    let new = NewAccount { username: form.username.clone(), display_name: form.display_name.clone(), role, unit_id, password: form.password.clone() };
    if errors.is_empty() {
        match users::create(&state.app, &user.acting(&remote), new).await {
            Ok(_) => return Ok(Redirect::to("/brugere?besked=oprettet").into_response()),
            Err(e) => refused(e, &mut errors)?,
        }
    } else if let Err(e) = familiehus_domain::accounts::check_password(&new.password) {
        errors.add(e.field, e.message_da);
    }
    show(&state, &user, &form, errors, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActiveForm {
    aktiv: String,
    /// "ja" once the administrator has confirmed a deactivation on the confirmation page.
    bekraeft: String,
}

/// Deactivating signs the user out at once, so the button on the list only asks first.
#[derive(Template)]
#[template(path = "staff/confirm_deactivate.html")]
struct ConfirmDeactivatePage {
    layout: Layout,
    id: i64,
    username: String,
    name: String,
}

#[tracing::instrument(skip_all)]
pub async fn set_active(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<ActiveForm>,
) -> Result<Response, PageError> {
    let active = form.aktiv == "ja";
    if !active && form.bekraeft != "ja" {
        let target = users::list(&state.app, &user.acting(&remote)).await?.into_iter().find(|u| u.id == id);
        let Some(target) = target else { return Err(PageError::NotFound) };
        let layout = Layout::new("Deaktiver bruger", &user, "/brugere");
        return Ok(render(StatusCode::OK, &ConfirmDeactivatePage { layout, id, username: target.username, name: target.display_name }));
    }
    if let Err(e) = users::set_active(&state.app, &user.acting(&remote), id, active).await {
        let mut errors = FormErrors::default();
        refused(e, &mut errors)?;
        return show(&state, &user, &NewUserForm::default(), errors, None).await;
    }
    Ok(Redirect::to(if active { "/brugere?besked=aktiveret" } else { "/brugere?besked=deaktiveret" }).into_response())
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EditUserForm {
    pub display_name: String,
    pub role: String,
    pub unit_id: String,
    pub password: String,
    pub password_again: String,
}

#[derive(Template)]
#[template(path = "staff/user.html")]
struct UserPage {
    layout: Layout,
    username: String,
    action: String,
    errors: FormErrors,
    groups: Vec<Group>,
}

async fn show_user(state: &AppState, user: &CurrentUser, id: i64, form: &EditUserForm, errors: FormErrors) -> Result<Response, PageError> {
    let target = users::get(&state.app, &user.acting(&Remote::default()), id).await?;
    let units = state.store.list_units().await?;
    let roles = Choice::list(role_options(), &form.role);
    let unit_choices = unit_choices(&units, &form.unit_id);
    let groups = vec![Group {
        legend: "Bruger",
        fields: vec![
            Field::new("display_name", "Navn", &form.display_name, Kind::Text, &errors),
            Field::new("role", "Rolle", &form.role, Kind::Select(roles), &errors),
            Field::new("unit_id", "Enhed", &form.unit_id, Kind::Select(unit_choices), &errors),
            Field::new("password", "Ny adgangskode", "", Kind::Password, &errors)
                .hint("Lad feltet stå tomt for at beholde adgangskoden. En ny adgangskode ophæver en spærring."),
            Field::new("password_again", "Gentag den nye adgangskode", "", Kind::Password, &errors),
        ],
    }];
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = UserPage {
        layout: Layout::new(format!("Bruger {}", target.username), user, "/brugere"),
        username: target.username,
        action: format!("/brugere/{id}"),
        errors,
        groups,
    };
    Ok(render(status, &page))
}

#[tracing::instrument(skip_all)]
pub async fn edit_page(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Response, PageError> {
    let target = users::get(&state.app, &user.acting(&Remote::default()), id).await?;
    let form = EditUserForm {
        display_name: target.display_name,
        role: target.role.code().to_owned(),
        unit_id: target.unit_id.map(|u| u.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    show_user(&state, &user, id, &form, FormErrors::default()).await
}

#[tracing::instrument(skip_all)]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    remote: Remote,
    Path(id): Path<i64>,
    Form(form): Form<EditUserForm>,
) -> Result<Response, PageError> {
    let mut errors = FormErrors::default();
    let role = Role::from_code(&form.role);
    if role.is_none() {
        errors.add("role", "Vælg en rolle.");
    }
    let unit_id = match form.unit_id.as_str() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(u) => Some(u),
            Err(_) => {
                errors.add("unit_id", "Vælg en enhed på listen.");
                None
            }
        },
    };
    let password = (!form.password.is_empty()).then(|| form.password.clone());
    if password.is_some() {
        check_repeated(&form.password, &form.password_again, &mut errors);
    }
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return show_user(&state, &user, id, &form, errors).await;
    };
    let change = AccountChange { display_name: form.display_name.clone(), role, unit_id, password };
    match users::update(&state.app, &user.acting(&remote), id, change).await {
        Ok(_) => Ok(Redirect::to("/brugere?besked=gemt").into_response()),
        Err(e) => {
            refused(e, &mut errors)?;
            show_user(&state, &user, id, &form, errors).await
        }
    }
}
