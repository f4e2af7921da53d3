//! One module per command; `run` dispatches.

mod audit;
mod backup;
mod catalogue;
mod demo_users;
mod forecast;
mod generate;
mod report;
mod retention;
mod serve;
mod users;

use crate::args::{AuditCommand, CatalogueCommand, Cli, Command, UserCommand};
use anyhow::Context;
use familiehus_store::Store;

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Demo { port, file } => serve::demo(port, &file).await,
        Command::Serve { db, port, bind, secure_cookies, cpr_key_file, audit } => {
            let store = serve::with_cpr_key(open(&db.database_url).await?, &db.database_url, cpr_key_file.as_deref()).await?;
            serve::serve(&store, std::net::SocketAddr::new(bind, port), secure_cookies, &audit).await
        }
        Command::Backup { db, to } => backup::backup(&db.database_url, &to).await,
        Command::Restore { db, from, force, audit } => backup::restore(&db.database_url, &from, force, &audit).await,
        Command::Migrate { db } => {
            open(&db.database_url).await?;
            eprintln!("Databasen er opdateret.");
            Ok(())
        }
        Command::Report { db, from, to, as_of, format } => report::run(&open(&db.database_url).await?, &from, &to, as_of.as_deref(), format).await,
        Command::Generate { db, cases, seed } => generate::run(&open(&db.database_url).await?, cases, seed).await,
        Command::Catalogue { command: CatalogueCommand::Import { db, file, dry_run, format, unit } } => {
            catalogue::import(&db.database_url, &file, dry_run, format, &unit).await
        }
        Command::User { command: UserCommand::Add { db, username, name, role, unit, audit } } => {
            let store = open_audited(&db.database_url, &audit).await?;
            users::add(&store, &username, &name, &role, unit.as_deref()).await?;
            store.audit_checkpoint_now().await.context("the access log's checkpoint").map(|_| ())
        }
        Command::Retention { db, apply, audit } => {
            let store = open_audited(&db.database_url, &audit).await?;
            retention::run(&store, apply).await?;
            store.audit_checkpoint_now().await.context("the access log's checkpoint").map(|_| ())
        }
        Command::ForecastBacktest { db, from, to } => forecast::backtest(&open(&db.database_url).await?, &from, &to).await,
        Command::Audit { command: AuditCommand::Verify { db, audit } } => audit::verify(&open(&db.database_url).await?, &audit).await,
    }
}

/// Connects and migrates: every command works on an up-to-date schema.
pub(crate) async fn open(url: &str) -> anyhow::Result<Store> {
    let store = Store::connect(url).await.with_context(|| format!("could not open the database {}", redact(url)))?;
    store.migrate().await.context("could not migrate the database")?;
    Ok(store)
}

/// `open`, for a command that writes the access log: its entries are checkpointed under the
/// key like the server's (the key and the checkpoint file are created if missing), and the
/// caller checkpoints the head before it exits.
async fn open_audited(url: &str, audit: &crate::args::AuditFiles) -> anyhow::Result<Store> {
    let store = open(url).await?;
    let (key_file, checkpoint_file) = audit.paths();
    audit::enable(&store, &key_file, &checkpoint_file)?;
    Ok(store)
}

/// Hides a password in a database URL before it is printed.
pub(crate) fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &url[..scheme], &url[at..]),
        _ => url.to_owned(),
    }
}

pub(crate) fn parse_date(text: &str, what: &str) -> anyhow::Result<chrono::NaiveDate> {
    familiehus_domain::danish::parse_date(text).with_context(|| format!("{what}: «{text}» er ikke en dato (brug 2022-04-26 eller 26.04.2022)"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(super::redact("postgres://u:secret@host/db"), "postgres://…@host/db");
        assert_eq!(super::redact("sqlite://x.sqlite"), "sqlite://x.sqlite");
    }
}
