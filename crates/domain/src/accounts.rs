//! Staff accounts: the password policy and the rules that keep user administration possible.
//! An administrator cannot change their own role or deactivate themselves, so the last
//! administrator cannot lock everyone out of user administration by mistake. Decided here, so
//! the users page, a future API and the CLI refuse the same things.

use crate::access::{Actor, Role};
use crate::validation::FieldError;

/// The shortest password accepted for a local account.
pub const MIN_PASSWORD_LEN: usize = 8;

/// The Danish refusal for a too short password (also the form's hint).
pub const PASSWORD_TOO_SHORT_DA: &str = "Adgangskoden skal være mindst 8 tegn.";

/// A new password must have at least [`MIN_PASSWORD_LEN`] characters (not bytes: "æøå" count once).
pub fn check_password(password: &str) -> Result<(), FieldError> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        Err(FieldError::new("password", PASSWORD_TOO_SHORT_DA, "password must have at least 8 characters"))
    } else {
        Ok(())
    }
}

/// The name shown for an account must not be blank.
pub fn check_display_name(name: &str) -> Result<(), FieldError> {
    if name.trim().is_empty() { Err(FieldError::new("display_name", "Skriv brugerens navn.", "display name is empty")) } else { Ok(()) }
}

/// A username as stored: trimmed, lower case, one word.
pub fn normalize_username(username: &str) -> Result<String, FieldError> {
    let username = username.trim().to_lowercase();
    if username.is_empty() {
        Err(FieldError::new("username", "Skriv et brugernavn.", "username is empty"))
    } else if username.contains(char::is_whitespace) {
        Err(FieldError::new("username", "Brugernavnet skal være ét ord uden mellemrum.", "invalid username"))
    } else {
        Ok(username)
    }
}

/// Nobody changes their own role: an administrator demoting themselves could leave no one to
/// manage users.
pub fn check_role_change(actor: &Actor, user_id: i64, from: Role, to: Role) -> Result<(), FieldError> {
    if actor.user_id == user_id && from != to {
        Err(FieldError::new("role", "Du kan ikke ændre din egen rolle.", "you cannot change your own role"))
    } else {
        Ok(())
    }
}

/// Nobody deactivates their own account (someone must be able to manage users).
pub fn check_active_change(actor: &Actor, user_id: i64, active: bool) -> Result<(), FieldError> {
    if actor.user_id == user_id && !active {
        Err(FieldError::new("username", "Du kan ikke deaktivere din egen bruger.", "you cannot deactivate your own account"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_counted_in_characters() {
        assert!(check_password("1234567").is_err());
        assert!(check_password("12345678").is_ok());
        assert!(check_password("æøåæøåæ").is_err(), "seven characters, fourteen bytes");
    }

    #[test]
    fn an_administrator_keeps_their_own_role_and_account() {
        let admin = Actor { user_id: 1, role: Role::Admin, unit_id: None };
        assert!(check_role_change(&admin, 1, Role::Admin, Role::Analyst).is_err());
        assert!(check_role_change(&admin, 1, Role::Admin, Role::Admin).is_ok());
        assert!(check_role_change(&admin, 2, Role::Admin, Role::Analyst).is_ok());
        assert!(check_active_change(&admin, 1, false).is_err());
        assert!(check_active_change(&admin, 1, true).is_ok());
        assert!(check_active_change(&admin, 2, false).is_ok());
    }

    #[test]
    fn usernames_are_one_lower_case_word() {
        assert_eq!(normalize_username("  LeneH ").ok().as_deref(), Some("leneh"));
        assert!(normalize_username("lene h").is_err());
        assert!(normalize_username(" ").is_err());
    }
}
