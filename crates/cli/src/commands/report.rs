//! `report --from --to --format`: the half-yearly report (with the comparison with the previous
//! period, through `app::reports` as the console) on standard output.

use crate::args::ReportFormat;
use anyhow::Context;
use familiehus_domain::ReportPeriod;
use familiehus_store::Store;
use std::io::Write;

pub async fn run(store: &Store, from: &str, to: &str, as_of: Option<&str>, format: ReportFormat) -> anyhow::Result<()> {
    let from = super::parse_date(from, "--from")?;
    let to = super::parse_date(to, "--to")?;
    let as_of = as_of.map(|d| super::parse_date(d, "--as-of")).transpose()?;
    let period = ReportPeriod::new(from, to, as_of).map_err(|e| anyhow::anyhow!(e.message_da()))?;
    let app = familiehus_app::App::new(store.clone(), familiehus_app::Clock::system());
    let report = familiehus_app::reports::caseload(&app, &familiehus_app::Acting::console(), period).await.context("could not compute the report")?;
    let out: Vec<u8> = match format {
        ReportFormat::Csv => familiehus_report_render::csv(&report)?,
        ReportFormat::Json => familiehus_report_render::json(&report)?.into_bytes(),
        ReportFormat::Html => familiehus_report_render::html(&report)?.into_bytes(),
        ReportFormat::Pdf => familiehus_report_render::pdf(&report)?,
    };
    std::io::stdout().write_all(&out)?;
    Ok(())
}
