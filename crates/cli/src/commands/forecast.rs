//! `forecast-backtest`: the start forecast measured against what happened
//! (`familiehus_app::forecast::backtest`), per service and in total, as a table.

use super::parse_date;
use familiehus_app::{Acting, App, Clock, forecast};
use familiehus_domain::danish;
use familiehus_domain::start_forecast::Backtest;
use familiehus_store::Store;

fn percent(part: u32, whole: u32) -> String {
    if whole == 0 { "–".into() } else { format!("{} %", danish::decimal(f64::from(part) * 100.0 / f64::from(whole), 1)) }
}

pub async fn backtest(store: &Store, from: &str, to: &str) -> anyhow::Result<()> {
    let (from, to) = (parse_date(from, "--from")?, parse_date(to, "--to")?);
    anyhow::ensure!(from <= to, "--from skal ligge før --to");
    let app = App::new(store.clone(), Clock::system());
    let results = forecast::backtest(&app, &Acting::console(), from, to).await?;
    println!("Prognose for opstart, efterprøvet på sager indskrevet {}–{}:", danish::date(from), danish::date(to));
    println!("{:<60} {:>7} {:>12} {:>10} {:>16}", "Indsats", "Sager", "I intervallet", "For tidligt", "Medianafvigelse");
    let mut total = Backtest::default();
    let mut errors = Vec::new();
    for (service, r) in &results {
        let service: String = if service.chars().count() > 58 { service.chars().take(57).chain(std::iter::once('…')).collect() } else { service.clone() };
        let median = r.median_error_days.map(|d| format!("{d} dage")).unwrap_or_else(|| "–".into());
        println!("{:<60} {:>7} {:>12} {:>10} {:>16}", service, r.cases, percent(r.within_range, r.cases), percent(r.early, r.cases), median);
        total.cases += r.cases;
        total.within_range += r.within_range;
        total.early += r.early;
        total.no_basis += r.no_basis;
        errors.extend(r.median_error_days);
    }
    println!("{:<60} {:>7} {:>12} {:>10}", "I alt", total.cases, percent(total.within_range, total.cases), percent(total.early, total.cases));
    if total.no_basis > 0 {
        println!("{} sager havde intet grundlag for en prognose (ingen forlod ventelisten det forudgående halve år).", total.no_basis);
    }
    Ok(())
}
