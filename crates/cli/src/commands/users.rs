//! `familiehus user add`: creates a local staff account. The password comes from
//! `FAMILIEHUS_PASSWORD` or one line on standard input, never from the command line (where it
//! would show in the process list and the shell history), and is stored as an argon2 hash.

use anyhow::{Context, bail};
use familiehus_domain::Role;
use familiehus_store::{NewUser, Store};
use familiehus_web::auth::password::{self, MIN_PASSWORD_LEN, TOO_SHORT_DA};
use std::io::BufRead;

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
    if password.chars().count() < MIN_PASSWORD_LEN {
        bail!("{TOO_SHORT_DA}");
    }
    let password_hash = password::hash(&password).await.context("could not hash the password")?;
    let user = store.create_user(&NewUser { username: username.to_owned(), display_name: name.to_owned(), role, unit_id, password_hash }).await.map_err(
        |e| match e {
            familiehus_store::StoreError::Invalid(errors) => anyhow::anyhow!("{}", errors.0.iter().map(|f| f.message_da.clone()).collect::<Vec<_>>().join(" ")),
            other => anyhow::Error::new(other),
        },
    )?;
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
