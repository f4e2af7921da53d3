//! `report --from --to --format`: the half-yearly report on standard output.

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
    let report = store.caseload_report(period).await.context("could not compute the report")?;
    let out: Vec<u8> = match format {
        ReportFormat::Csv => familiehus_report_render::csv(&report)?,
        ReportFormat::Json => familiehus_report_render::json(&report)?.into_bytes(),
        ReportFormat::Html => familiehus_report_render::html(&report)?.into_bytes(),
    };
    std::io::stdout().write_all(&out)?;
    Ok(())
}
