//! How a start forecast (`domain::start_forecast::Forecast`) reads on a page: a range of Danish
//! dates with the likely one, or why there is none.

use familiehus_domain::danish;
use familiehus_domain::start_forecast::Forecast;

/// "12.01.2027–03.03.2027, sandsynligvis omkring 02.02.2027".
pub fn text(forecast: &Forecast) -> String {
    match forecast {
        Forecast::Range { early, likely, late } => {
            format!("{}–{}, sandsynligvis omkring {}", danish::date(*early), danish::date(*late), danish::date(*likely))
        }
        Forecast::NoBasis => "kan ikke beregnes: ingen har forladt ventelisten det seneste halve år".to_owned(),
    }
}

/// The model in one sentence, beside every forecast table.
pub const EXPLANATION: &str = "Beregnet ud fra pladsen i køen og hvor mange der er startet eller afsluttet fra ventelisten det seneste halve år. Intervallet dækker 8 ud af 10 forløb, hvis tempoet holder; ledige pladser gør, at de første kan starte nu.";

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_range_reads_as_danish_dates() {
        let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap_or_default();
        let f = Forecast::Range { early: d(1, 12), likely: d(2, 2), late: d(3, 3) };
        assert_eq!(text(&f), "12.01.2027–03.03.2027, sandsynligvis omkring 02.02.2027");
        assert!(text(&Forecast::NoBasis).starts_with("kan ikke beregnes"));
    }
}
