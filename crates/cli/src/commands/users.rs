//! `familiehus user add`: creates a local staff account. The password comes from
//! `FAMILIEHUS_PASSWORD` or one line on standard input, never from the command line (where it
//! would show in the process list and the shell history), and is stored as an argon2 hash.

use anyhow::{Context, bail};
use familiehus_app::users::{self, NewAccount};
use familiehus_app::{Acting, App, AppError, Clock};
use familiehus_domain::Role;
use familiehus_store::Store;
use std::io::BufRead;

/// Creates the account through `familiehus_app::users::create` (the users page's rules: a
/// one-word username not taken, a password of at least 8 characters), acting as the console.
pub async fn add(store: &Store, username: &str, name: &str, role: &str, unit: Option<&str>) -> anyhow::Result<()> {
    let Some(role) = Role::from_code(role) else {
        let codes: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        bail!("Ukendt rolle «{role}». Brug en af: {}.", codes.join(", "));
    };
    let unit_id = match unit {
        Some(name) => Some(store.unit_by_name(name).await?.with_context(|| format!("Enheden «{name}» findes ikke."))?.id),
        None => None,
    };
    let password = read_password()?;
    let app = App::new(store.clone(), Clock::system());
    let new = NewAccount { username: username.to_owned(), display_name: name.to_owned(), role, unit_id, password };
    let user = users::create(&app, &Acting::console(), new).await.map_err(|e| match e {
        AppError::Invalid(errors) => anyhow::anyhow!("{}", errors.0.iter().map(|f| f.message_da.clone()).collect::<Vec<_>>().join(" ")),
        other => anyhow::Error::new(other).context("could not create the user"),
    })?;
    println!("Brugeren «{}» er oprettet som {}.", user.username, role.label_da());
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var("FAMILIEHUS_PASSWORD") {
        return Ok(password);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("could not read the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
