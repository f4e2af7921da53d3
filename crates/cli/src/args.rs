//! Command-line arguments (clap derive). Every command takes `--database-url` or
//! `FAMILIEHUS_DATABASE_URL`; the default is an SQLite file in the working directory.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://familiehus.sqlite";

#[derive(Parser)]
#[command(name = "familiehus", version, about = "Familiehus: catalogue, cases and the half-yearly report for children and family services")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Clone)]
pub struct Database {
    /// sqlite://PATH or postgres://USER@HOST:PORT/DB
    #[arg(long, env = "FAMILIEHUS_DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create (or refresh) an SQLite file with demo data and serve it.
    Demo {
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The demo database file; replaced on every start.
        #[arg(long, default_value = "familiehus-demo.sqlite")]
        file: PathBuf,
    },
    /// Serve the web application and API.
    Serve {
        #[command(flatten)]
        db: Database,
        #[arg(long, default_value_t = 8080)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Mark the session cookie Secure (HTTPS only). Set it in production, behind TLS.
        #[arg(long, env = "FAMILIEHUS_SECURE_COOKIES")]
        secure_cookies: bool,
    },
    /// Apply pending database migrations.
    Migrate {
        #[command(flatten)]
        db: Database,
    },
    /// Print the half-yearly report on case counts and waiting times.
    Report {
        #[command(flatten)]
        db: Database,
        /// First day of the period (2022-01-01 or 01.01.2022).
        #[arg(long)]
        from: String,
        /// Last day of the period.
        #[arg(long)]
        to: String,
        /// Report date; the period's last day if not given.
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Csv)]
        format: ReportFormat,
    },
    /// Add synthetic cases at scale (for benchmarks).
    Generate {
        #[command(flatten)]
        db: Database,
        #[arg(long)]
        cases: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// The service catalogue.
    Catalogue {
        #[command(subcommand)]
        command: CatalogueCommand,
    },
    /// Staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The access log (adgangslog).
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create a local account. The password is read from FAMILIEHUS_PASSWORD or one line on
    /// standard input (never from the command line, where other users could see it).
    Add {
        #[command(flatten)]
        db: Database,
        #[arg(long)]
        username: String,
        /// Full name, shown in the access log.
        #[arg(long)]
        name: String,
        /// admin, unit_leader, caseworker, practitioner, group_leader, anonymous_counsellor or analyst.
        #[arg(long)]
        role: String,
        /// The user's unit, e.g. "Familiehuset".
        #[arg(long)]
        unit: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check the access log's hash chain; exits 1 at the first broken event.
    Verify {
        #[command(flatten)]
        db: Database,
    },
}

#[derive(Subcommand)]
pub enum CatalogueCommand {
    /// Import a catalogue from text extracted from its PDF.
    Import {
        #[command(flatten)]
        db: Database,
        file: PathBuf,
        /// Show what would be imported; write nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_enum, default_value_t = ImportFormat::Text)]
        format: ImportFormat,
        /// Unit that delivers the imported services (created if missing).
        #[arg(long, default_value = "Familiehuset")]
        unit: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Csv,
    Json,
    Html,
    /// Tagged, accessible PDF (PDF/UA-1).
    Pdf,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ImportFormat {
    Text,
    Json,
}
