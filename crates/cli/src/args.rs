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

/// Where the access log's key and checkpoints live: outside the database, readable only by the
/// server. The server creates the key (32 random bytes, mode 0600) if it is missing.
#[derive(Args, Clone)]
pub struct AuditFiles {
    /// The key that MACs the access log's checkpoints.
    #[arg(long, env = "FAMILIEHUS_AUDIT_KEY_FILE", default_value = DEFAULT_AUDIT_KEY_FILE)]
    pub audit_key_file: PathBuf,
    /// The append-only checkpoint file (JSON lines); default beside the key
    /// (`familiehus-audit.key` → `familiehus-audit.checkpoints.jsonl`).
    #[arg(long, env = "FAMILIEHUS_AUDIT_CHECKPOINT_FILE")]
    pub audit_checkpoint_file: Option<PathBuf>,
}

pub const DEFAULT_AUDIT_KEY_FILE: &str = "familiehus-audit.key";

#[derive(Subcommand)]
pub enum Command {
    /// Create (or refresh) an SQLite file with demo data and serve it.
    Demo {
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The demo database file; replaced on every start, with its access-log checkpoints
        /// (the key, `<file>.audit.key`, is kept beside it).
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
        /// The key CPR numbers are sealed with (32 random bytes, mode 0600; created if missing).
        /// Keep it outside the database and its backups. Default for SQLite: beside the
        /// database file (`<file>.cpr-key`); PostgreSQL needs it given.
        #[arg(long, env = "FAMILIEHUS_CPR_KEY_FILE")]
        cpr_key_file: Option<PathBuf>,
        #[command(flatten)]
        audit: AuditFiles,
    },
    /// Write a consistent snapshot of the database to a new file (mode 0600), beside a running
    /// server: SQLite with VACUUM INTO, PostgreSQL with pg_dump.
    Backup {
        #[command(flatten)]
        db: Database,
        /// The backup file to create (never overwritten).
        #[arg(long)]
        to: PathBuf,
    },
    /// Restore a backup into the database (which must be empty unless --force), then verify
    /// the access log. Stop the server first.
    Restore {
        #[command(flatten)]
        db: Database,
        /// A file written by `familiehus backup`.
        #[arg(long)]
        from: PathBuf,
        /// Replace a database that is not empty.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        audit: AuditFiles,
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
    /// Retention: list the persons past the retention period (a dry run, the default), or
    /// anonymise them all in one transaction with --apply.
    Retention {
        #[command(flatten)]
        db: Database,
        #[arg(long)]
        apply: bool,
        #[command(flatten)]
        audit: AuditFiles,
    },
    /// The start forecast's backtest: each case enrolled in the period and started since is
    /// forecast as on its enrolment day and compared with its real start.
    ForecastBacktest {
        #[command(flatten)]
        db: Database,
        /// First enrolment day (2024-01-01 or 01.01.2024).
        #[arg(long)]
        from: String,
        /// Last enrolment day.
        #[arg(long)]
        to: String,
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
        /// The account's creation is logged, so it is checkpointed like the server's entries.
        #[command(flatten)]
        audit: AuditFiles,
    },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check the access log's hash chain and its checkpoints (the checkpoint file and the
    /// database's copy, MACs under the key); says what is wrong and exits 1 if anything is.
    Verify {
        #[command(flatten)]
        db: Database,
        #[command(flatten)]
        audit: AuditFiles,
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
