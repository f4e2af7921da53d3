//! `/brugere` (administrators only): the local accounts with role, unit and state, a form to
//! create one, `/brugere/{id}` to change name, role, unit or password (a new password lifts a
//! lockout; the user's sessions end so a new role applies at once), and deactivation. Accounts are never deleted, because the access log names them;
//! a deactivated user cannot sign in and their sessions end at once. An administrator cannot
//! deactivate their own account (someone must be able to manage users).

use super::errors::PageError;
use super::fields::{Choice, Field, Group, Kind};
use super::layout::{FormErrors, Layout, NoticeQuery, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::auth::password::{self, MIN_PASSWORD_LEN, TOO_SHORT_DA};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use familiehus_domain::Role;
use familiehus_store::{NewUser, StoreError};
use serde::Deserialize;

pub struct UserLine {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub role: &'static str,
    pub unit: String,
    pub active: bool,
    pub locked: bool,
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
    let now = chrono::Utc::now();
    let users = state
        .store
        .list_users()
        .await?
        .into_iter()
        .map(|u| UserLine {
            id: u.id,
            is_me: u.id == user.user.id,
            unit: u.unit_id.and_then(|id| units.iter().find(|x| x.id == id)).map(|x| x.name.clone()).unwrap_or_else(|| "Alle".into()),
            role: u.role.label_da(),
            locked: u.locked_until.is_some_and(|t| t > now),
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
            Field::new("password", "Adgangskode", "", Kind::Password, &errors).hint(TOO_SHORT_DA),
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

/// The CLI's rule for a password, and the repeat must match.
fn check_new_password(password: &str, again: &str, errors: &mut FormErrors) {
    if password.chars().count() < MIN_PASSWORD_LEN {
        errors.add("password", TOO_SHORT_DA);
    } else if password != again {
        errors.add("password_again", "De to adgangskoder er ikke ens.");
    }
}

#[tracing::instrument(skip_all)]
pub async fn page(State(state): State<AppState>, user: CurrentUser, Query(query): Query<NoticeQuery>) -> Result<Response, PageError> {
    show(&state, &user, &NewUserForm::default(), FormErrors::default(), notice(&query.besked)).await
}

#[tracing::instrument(skip_all)]
pub async fn create(State(state): State<AppState>, user: CurrentUser, Form(form): Form<NewUserForm>) -> Result<Response, PageError> {
    let mut errors = FormErrors::default();
    if form.username.trim().is_empty() {
        errors.add("username", "Skriv et brugernavn.");
    }
    if form.display_name.trim().is_empty() {
        errors.add("display_name", "Skriv brugerens navn.");
    }
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
    check_new_password(&form.password, &form.password_again, &mut errors);
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return show(&state, &user, &form, errors, None).await;
    };
    let password_hash = password::hash(&form.password).await.map_err(|e| PageError::Internal(e.to_string()))?;
    let new = NewUser { username: form.username.clone(), display_name: form.display_name.clone(), role, unit_id, password_hash };
    match state.store.create_user(&new).await {
        Ok(created) => {
            tracing::info!(user_id = created.id, by = user.user.id, role = role.code(), "user created");
            Ok(Redirect::to("/brugere?besked=oprettet").into_response())
        }
        Err(StoreError::Invalid(list)) => {
            for f in list.0 {
                errors.add(if f.field == "username" { "username" } else { "unit_id" }, f.message_da);
            }
            show(&state, &user, &form, errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActiveForm {
    aktiv: String,
}

#[tracing::instrument(skip_all)]
pub async fn set_active(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>, Form(form): Form<ActiveForm>) -> Result<Response, PageError> {
    let active = form.aktiv == "ja";
    if id == user.user.id && !active {
        let mut errors = FormErrors::default();
        errors.add("username", "Du kan ikke deaktivere din egen bruger.");
        return show(&state, &user, &NewUserForm::default(), errors, None).await;
    }
    state.store.set_user_active(id, active).await?;
    tracing::info!(user_id = id, by = user.user.id, active, "user active state changed");
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
    let target = state.store.user(id).await?;
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
    let target = state.store.user(id).await?;
    let form = EditUserForm {
        display_name: target.display_name,
        role: target.role.code().to_owned(),
        unit_id: target.unit_id.map(|u| u.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    show_user(&state, &user, id, &form, FormErrors::default()).await
}

#[tracing::instrument(skip_all)]
pub async fn update(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>, Form(form): Form<EditUserForm>) -> Result<Response, PageError> {
    let target = state.store.user(id).await?;
    let mut errors = FormErrors::default();
    if form.display_name.trim().is_empty() {
        errors.add("display_name", "Skriv brugerens navn.");
    }
    let role = Role::from_code(&form.role);
    if role.is_none() {
        errors.add("role", "Vælg en rolle.");
    } else if id == user.user.id && role != Some(target.role) {
        errors.add("role", "Du kan ikke ændre din egen rolle.");
    }
    let units = state.store.list_units().await?;
    let unit_id = match form.unit_id.as_str() {
        "" => None,
        text => match text.parse::<i64>().ok().filter(|u| units.iter().any(|x| x.id == *u)) {
            Some(u) => Some(u),
            None => {
                errors.add("unit_id", "Vælg en enhed på listen.");
                None
            }
        },
    };
    if !form.password.is_empty() {
        check_new_password(&form.password, &form.password_again, &mut errors);
    }
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return show_user(&state, &user, id, &form, errors).await;
    };
    let hash = match form.password.as_str() {
        "" => None,
        new_password => Some(password::hash(new_password).await.map_err(|e| PageError::Internal(e.to_string()))?),
    };
    state.store.update_user(id, &form.display_name, role, unit_id, hash.as_deref()).await?;
    tracing::info!(user_id = id, by = user.user.id, role = role.code(), password_changed = hash.is_some(), "user changed");
    Ok(Redirect::to("/brugere?besked=gemt").into_response())
}
