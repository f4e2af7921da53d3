//! Danish presentation of dates and numbers: `26.04.2022`, `82,77`. Used by every output
//! (HTML, CSV, CLI) so that the formats are decided in one place.

use chrono::NaiveDate;

/// `26.04.2022`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// Parses `26.04.2022` (also `26.4.2022`) or ISO `2022-04-26`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(t, "%d.%m.%Y")).ok()
}

/// A decimal with a comma and exactly `places` decimals: `decimal(82.7666, 2)` = `82,77`.
pub fn decimal(value: f64, places: usize) -> String {
    format!("{value:.places$}").replace('.', ",")
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
