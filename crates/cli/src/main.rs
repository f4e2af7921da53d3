//! The `familiehus` binary: parses the command line and hands each command to its module.

mod args;
mod commands;

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("FAMILIEHUS_LOG").unwrap_or_else(|_| "info,sqlx=warn".into()))
        .with_writer(std::io::stderr)
        .init();
    let cli = args::Cli::parse();
    commands::run(cli).await
}
