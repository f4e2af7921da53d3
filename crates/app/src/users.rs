//! Staff accounts (administrators only, `ManageUsers`): create, change (name, role, unit,
//! password), deactivate and reactivate. The rules are `domain::accounts` (password policy, no
//! change of one's own role, no deactivating oneself); a password is hashed here before the
//! transaction opens, so argon2's tens of milliseconds never hold the writer. Accounts are
//! never deleted, because the access log names them. Every change is logged in its transaction.

use crate::{Acting, App, AppError, passwords};
use familiehus_domain::{AuditAction, FieldError, Permission, Role, ValidationErrors, accounts};
use familiehus_store::{NewUser, StoreError, User};

/// A new account as every front-end gives it (the password in clear, hashed here).
#[derive(Clone)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<i64>,
    pub password: String,
}

/// A change of an account; `password: None` keeps the password.
#[derive(Clone)]
pub struct AccountChange {
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<i64>,
    pub password: Option<String>,
}

// By hand, so a password never reaches a log through `{:?}`.
impl std::fmt::Debug for NewAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewAccount").field("username", &self.username).field("role", &self.role).field("unit_id", &self.unit_id).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for AccountChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountChange").field("role", &self.role).field("unit_id", &self.unit_id).field("password_changed", &self.password.is_some()).finish()
    }
}

/// Every account, by username.
pub async fn list(app: &App, acting: &Acting) -> Result<Vec<User>, AppError> {
    acting.require(Permission::ManageUsers)?;
    Ok(app.store.list_users().await?)
}

/// One account (for its edit page).
pub async fn get(app: &App, acting: &Acting, id: i64) -> Result<User, AppError> {
    acting.require(Permission::ManageUsers)?;
    Ok(app.store.user(id).await?)
}

/// A named unit must exist (the page offers a list; the CLI names one).
async fn check_unit(app: &App, unit_id: Option<i64>, errors: &mut Vec<FieldError>) -> Result<(), AppError> {
    if let Some(id) = unit_id
        && !app.store.list_units().await?.iter().any(|u| u.id == id)
    {
        errors.push(FieldError::new("unit_id", "Vælg en enhed på listen.", "unit does not exist"));
    }
    Ok(())
}

/// The log entry of an account change: which account (by id and username; an account is no
/// person of a case, so it has no person id) and what changed.
fn admin_entry(acting: &Acting, action: AuditAction, user: &User, what: String) -> familiehus_store::AuditEntry {
    let detail = if what.is_empty() { format!("bruger {} ({})", user.id, user.username) } else { format!("bruger {} ({}): {what}", user.id, user.username) };
    familiehus_store::AuditEntry { detail, ..acting.entry(action) }
}

/// Creates a local account: a one-word username not taken yet, a name, and a password of at
/// least 8 characters.
pub async fn create(app: &App, acting: &Acting, new: NewAccount) -> Result<User, AppError> {
    acting.require(Permission::ManageUsers)?;
    let mut errors = Vec::new();
    let username = accounts::normalize_username(&new.username).map_err(|e| errors.push(e)).ok();
    accounts::check_display_name(&new.display_name).unwrap_or_else(|e| errors.push(e));
    accounts::check_password(&new.password).unwrap_or_else(|e| errors.push(e));
    check_unit(app, new.unit_id, &mut errors).await?;
    ValidationErrors::check(errors)?;
    let username = username.unwrap_or_default();
    let password_hash = passwords::hash(&new.password).await?;
    let new = NewUser { username, display_name: new.display_name, role: new.role, unit_id: new.unit_id, password_hash };
    // A taken username is the store's answer (a unique index), but a field error like the others.
    let mut tx = app.store.begin().await?;
    let user = tx.create_user(&new).await.map_err(|e| match e {
        StoreError::Invalid(errors) => AppError::Invalid(errors),
        other => other.into(),
    })?;
    tx.log(admin_entry(acting, AuditAction::CreateUser, &user, format!("rolle {}", user.role.code())));
    tx.commit().await?;
    tracing::info!(user_id = user.id, by = acting.user.id, role = user.role.code(), "user created");
    Ok(user)
}

/// Changes an account's name, role, unit and (when given) password, in one transaction that
/// also ends the user's sessions (so a new role applies at once) and, with a new password,
/// lifts a lockout. Nobody changes their own role.
pub async fn update(app: &App, acting: &Acting, id: i64, change: AccountChange) -> Result<User, AppError> {
    acting.require(Permission::ManageUsers)?;
    let mut errors = Vec::new();
    accounts::check_display_name(&change.display_name).unwrap_or_else(|e| errors.push(e));
    if let Some(password) = &change.password {
        accounts::check_password(password).unwrap_or_else(|e| errors.push(e));
    }
    check_unit(app, change.unit_id, &mut errors).await?;
    // Checked against the stored role before hashing; checked again inside the transaction,
    // where it counts.
    let before = app.store.user(id).await?;
    accounts::check_role_change(&acting.actor(), id, before.role, change.role).unwrap_or_else(|e| errors.push(e));
    ValidationErrors::check(errors)?;
    let hash = match &change.password {
        Some(password) => Some(passwords::hash(password).await?),
        None => None,
    };
    let mut tx = app.store.begin().await?;
    let current = tx.user(id).await?;
    accounts::check_role_change(&acting.actor(), id, current.role, change.role)?;
    let user = tx.update_user(id, &change.display_name, change.role, change.unit_id, hash.as_deref()).await?;
    let mut detail = format!("rolle {} → {}", current.role.code(), user.role.code());
    if hash.is_some() {
        detail.push_str(", ny adgangskode");
    }
    tx.log(admin_entry(acting, AuditAction::ChangeUser, &user, detail));
    tx.commit().await?;
    tracing::info!(user_id = id, by = acting.user.id, role = user.role.code(), password_changed = hash.is_some(), "user changed");
    Ok(user)
}

/// Deactivates (ending the user's sessions in the same transaction) or reactivates an
/// account. Nobody deactivates themselves.
pub async fn set_active(app: &App, acting: &Acting, id: i64, active: bool) -> Result<User, AppError> {
    acting.require(Permission::ManageUsers)?;
    accounts::check_active_change(&acting.actor(), id, active)?;
    let mut tx = app.store.begin().await?;
    let user = tx.set_user_active(id, active).await?;
    let action = if active { AuditAction::ReactivateUser } else { AuditAction::DeactivateUser };
    tx.log(admin_entry(acting, action, &user, String::new()));
    tx.commit().await?;
    tracing::info!(user_id = id, by = acting.user.id, active, "user active state changed");
    Ok(user)
}
