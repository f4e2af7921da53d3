//! Danish presentation of dates and numbers: `26.04.2022`, `82,77`. Used by every output
//! (HTML, CSV, CLI) so that the formats are decided in one place.

use chrono::NaiveDate;

/// `26.04.2022`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// A moment in Danish local time (Europe/Copenhagen, summer time included), as Danes write it:
/// `26.04.2022 kl. 14.05`. Stored times are UTC; only their display is local.
pub fn time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Copenhagen).format("%d.%m.%Y kl. %H.%M").to_string()
}

/// The Danish calendar date of a moment: what "today" is for a deadline or a waiting time.
pub fn local_date(at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    at.with_timezone(&chrono_tz::Europe::Copenhagen).date_naive()
}

/// `time` of a stored RFC 3339 text; a text that is not one is shown as it is.
pub fn timestamp(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at).map_or_else(|_| at.to_owned(), |t| time(t.with_timezone(&chrono::Utc)))
}

/// Parses `26.04.2022` (also `26.4.2022`) or ISO `2022-04-26`; see `read_date` for what is refused.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    read_date(text).ok()
}

/// Why a typed date was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateProblem {
    #[error("not a date (expected DD.MM.YYYY or YYYY-MM-DD)")]
    Unreadable,
    /// `1.12.26`: chrono would read the year 26; a user means 2026 or 1926, so we ask.
    #[error("the year has two digits")]
    TwoDigitYear,
}

impl DateProblem {
    pub fn message_da(&self) -> &'static str {
        match self {
            DateProblem::Unreadable => "Datoen kunne ikke læses. Skriv den som 26.04.2022.",
            DateProblem::TwoDigitYear => "Skriv året med fire cifre, fx 01.12.2026.",
        }
    }
}

/// Reads `26.04.2022`, `26.4.2022` or `2022-04-26`, with exactly a four-digit year (chrono alone
/// reads `1.12.26` as the year 26 and `+10000-01-01` as a date). Whether a readable date is
/// plausible for its field is the domain's rule there (`case::check_case_date`,
/// `case::check_birth_date`), so the API answers it with 422 at the field, not 400.
pub fn read_date(text: &str) -> Result<NaiveDate, DateProblem> {
    let t = text.trim();
    let parts: Vec<&str> = if t.contains('-') { t.split('-').collect() } else { t.split('.').collect() };
    let digits = |p: &str, max: usize| !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit());
    let (day, month, year) = match parts.as_slice() {
        [y, m, d] if t.contains('-') && digits(y, 4) && digits(m, 2) && digits(d, 2) => (*d, *m, *y),
        [d, m, y] if !t.contains('-') && digits(d, 2) && digits(m, 2) && digits(y, 4) => (*d, *m, *y),
        _ => return Err(DateProblem::Unreadable),
    };
    if year.len() != 4 {
        return Err(if year.len() == 2 { DateProblem::TwoDigitYear } else { DateProblem::Unreadable });
    }
    let (Ok(day), Ok(month), Ok(year)) = (day.parse::<u32>(), month.parse::<u32>(), year.parse::<i32>()) else { return Err(DateProblem::Unreadable) };
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateProblem::Unreadable)
}

/// A decimal with a comma and exactly `places` decimals: `decimal(82.7666, 2)` = `82,77`.
pub fn decimal(value: f64, places: usize) -> String {
    format!("{value:.places$}").replace('.', ",")
}

/// A count with its noun in singular or plural: `count(1, "advarsel", "advarsler")` =
/// `1 advarsel`, `count(2, …)` = `2 advarsler` (Danish uses the plural for 0 too).
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{} {}", integer(i64::try_from(n).unwrap_or(i64::MAX)), if n == 1 { singular } else { plural })
}

/// An integer with thousands separators: `1.000.000`.
pub fn integer(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if value < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_take_singular_or_plural() {
        assert_eq!(count(1, "advarsel", "advarsler"), "1 advarsel");
        assert_eq!(count(2, "advarsel", "advarsler"), "2 advarsler");
        assert_eq!(count(0, "indsats", "indsatser"), "0 indsatser");
    }

    #[test]
    fn times_are_shown_in_danish_local_time_with_summer_time() {
        assert_eq!(timestamp("2022-04-26T12:05:00Z"), "26.04.2022 kl. 14.05", "summer: UTC+2");
        assert_eq!(timestamp("2022-12-01T23:30:00+00:00"), "02.12.2022 kl. 00.30", "winter: UTC+1, and the date moves");
        assert_eq!(timestamp("2022-10-30T00:59:59Z"), "30.10.2022 kl. 02.59", "the last summer-time second");
        assert_eq!(timestamp("2022-10-30T01:00:00Z"), "30.10.2022 kl. 02.00", "the hour is repeated in winter time");
        assert_eq!(timestamp("i går"), "i går");
        let late = chrono::DateTime::parse_from_rfc3339("2026-11-30T23:30:00Z").map(|t| t.with_timezone(&chrono::Utc)).ok();
        assert_eq!(late.map(local_date), NaiveDate::from_ymd_opt(2026, 12, 1), "half past midnight in Denmark is already the 1st");
    }

    #[test]
    fn reads_four_digit_years_only() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(read_date("26.04.2022").ok(), d(2022, 4, 26));
        assert_eq!(read_date(" 1.12.2026 ").ok(), d(2026, 12, 1));
        assert_eq!(read_date("2022-04-26").ok(), d(2022, 4, 26));
        assert_eq!(read_date("1.12.26"), Err(DateProblem::TwoDigitYear));
        assert_eq!(read_date("26-04-22"), Err(DateProblem::TwoDigitYear), "a two-digit first part in ISO order");
        assert_eq!(read_date("0001-01-01").ok(), d(1, 1, 1), "readable; implausible for a case (422, not 400)");
        assert_eq!(read_date("+10000-01-01"), Err(DateProblem::Unreadable));
        assert_eq!(read_date("10000-01-01"), Err(DateProblem::Unreadable));
        assert_eq!(read_date("30.02.2022"), Err(DateProblem::Unreadable));
        assert_eq!(read_date("2022-4-26").ok(), d(2022, 4, 26));
        assert_eq!(read_date(""), Err(DateProblem::Unreadable));
        assert_eq!(read_date("26.04.2022.1"), Err(DateProblem::Unreadable));
    }

    proptest! {
        /// Any text: no panic, and whatever is accepted has a four-digit year and prints back
        /// to a text that reads as the same date.
        #[test]
        fn never_panics_and_round_trips(text in "\\PC{0,16}|[0-9.+-]{0,14}") {
            if let Ok(d) = read_date(&text) {
                prop_assert!((0..=9999).contains(&chrono::Datelike::year(&d)));
                prop_assert_eq!(read_date(&date(d)), Ok(d));
            }
        }
    }

    #[test]
    fn formats_as_in_the_2022_report() {
        let d = NaiveDate::from_ymd_opt(2022, 4, 26).unwrap();
        assert_eq!(date(d), "26.04.2022");
        assert_eq!(decimal(82.766_666, 2), "82,77");
        assert_eq!(decimal(17.5, 2), "17,50");
        assert_eq!(integer(1_000_000), "1.000.000");
        assert_eq!(integer(141), "141");
        assert_eq!(parse_date("26.04.2022"), Some(d));
        assert_eq!(parse_date("2022-04-26"), Some(d));
        assert_eq!(parse_date("31.02.2022"), None);
    }
}
