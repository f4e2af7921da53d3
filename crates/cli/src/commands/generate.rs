//! `generate --cases N`: synthetic cases at scale, with a progress bar.

use familiehus_store::Store;
use familiehus_store::seed::{GenerateOptions, generate_cases};
use indicatif::{ProgressBar, ProgressStyle};

pub async fn run(store: &Store, cases: u64, seed: u64) -> anyhow::Result<()> {
    let until = chrono::Local::now().date_naive();
    let since = until - chrono::Days::new(365 * 12);
    let bar = ProgressBar::new(cases);
    bar.set_style(ProgressStyle::with_template("{bar:40} {pos}/{len} sager ({per_sec}, {eta} tilbage)").unwrap_or_else(|_| ProgressStyle::default_bar()));
    let written = generate_cases(store, GenerateOptions { cases, since, until, seed }, |n| bar.set_position(n)).await?;
    bar.finish();
    eprintln!("{written} sager oprettet.");
    Ok(())
}
