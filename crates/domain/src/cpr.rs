//! CPR numbers (`Cpr`): the Danish personal identifier `DDMMYY-SSSS`. The date part is
//! validated with the century rule of the 7th digit (modulus 11 is not checked: numbers issued
//! since 2007 need not satisfy it). Shown masked (`DDMMYY-xxxx`) unless a role needs it.

use chrono::NaiveDate;
use std::fmt;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cpr {
    digits: [u8; 10],
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CprError {
    #[error("a CPR number has 10 digits (DDMMYY-SSSS)")]
    Shape,
    #[error("the date part of the CPR number is not a date")]
    Date,
}

impl CprError {
    pub fn message_da(&self) -> &'static str {
        match self {
            CprError::Shape => "Et CPR-nummer har 10 cifre: DDMMÅÅ-XXXX.",
            CprError::Date => "CPR-nummerets første seks cifre er ikke en gyldig dato.",
        }
    }
}

impl Cpr {
    /// Accepts `DDMMYY-SSSS`, `DDMMYYSSSS` and spaces around the parts.
    pub fn parse(text: &str) -> Result<Cpr, CprError> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        let bytes = compact.as_bytes();
        if bytes.len() != 10 || !bytes.iter().all(u8::is_ascii_digit) || text.matches('-').count() > 1 {
            return Err(CprError::Shape);
        }
        let mut digits = [0u8; 10];
        for (d, b) in digits.iter_mut().zip(bytes) {
            *d = b - b'0';
        }
        let cpr = Cpr { digits };
        cpr.birth_date().ok_or(CprError::Date)?;
        Ok(cpr)
    }

    fn pair(&self, i: usize) -> u32 {
        u32::from(self.digits[i]) * 10 + u32::from(self.digits[i + 1])
    }

    /// The birth date, with the century given by the 7th digit.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        let yy = self.pair(4) as i32;
        let century = match (self.digits[6], yy) {
            (0..=3, _) => 1900,
            (4 | 9, 0..=36) => 2000,
            (4 | 9, _) => 1900,
            (5..=8, 0..=57) => 2000,
            (5..=8, _) => 1800,
            _ => return None,
        };
        NaiveDate::from_ymd_opt(century + yy, self.pair(2), self.pair(0))
    }

    /// `DDMMYY-xxxx`: the birth date stays visible, the serial does not.
    pub fn masked(&self) -> String {
        let s = self.full();
        format!("{}-xxxx", &s[..6])
    }

    /// `DDMMYY-SSSS`.
    pub fn full(&self) -> String {
        let d: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
        format!("{}-{}", &d[..6], &d[6..])
    }
}

impl fmt::Debug for Cpr {
    /// Masked, so a CPR number never reaches a log through `{:?}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cpr({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_and_masks() {
        let cpr = Cpr::parse("010215-4321").unwrap();
        assert_eq!(cpr.full(), "010215-4321");
        assert_eq!(cpr.masked(), "010215-xxxx");
        assert_eq!(cpr.birth_date(), NaiveDate::from_ymd_opt(2015, 2, 1));
        assert_eq!(format!("{cpr:?}"), "Cpr(010215-xxxx)");
        assert_eq!(Cpr::parse(" 0102154321 ").unwrap(), cpr);
    }

    #[test]
    fn century_follows_the_seventh_digit() {
        let year = |s: &str| Cpr::parse(s).unwrap().birth_date().map(|d| chrono::Datelike::year(&d));
        assert_eq!(year("010190-1234"), Some(1990));
        assert_eq!(year("010120-4234"), Some(2020));
        assert_eq!(year("010150-4234"), Some(1950));
        assert_eq!(year("010160-5234"), Some(1860));
        assert_eq!(year("010110-9234"), Some(2010));
    }

    #[test]
    fn rejects_bad_shapes_and_dates() {
        assert_eq!(Cpr::parse("310215-4321"), Err(CprError::Date));
        assert_eq!(Cpr::parse("290221-4321"), Err(CprError::Date));
        assert_eq!(Cpr::parse("0102154321x"), Err(CprError::Shape));
        assert_eq!(Cpr::parse("010215-432"), Err(CprError::Shape));
        assert_eq!(Cpr::parse("01-02-15-4321"), Err(CprError::Shape));
        assert_eq!(Cpr::parse(""), Err(CprError::Shape));
    }

    proptest! {
        #[test]
        fn every_valid_date_round_trips(days in 0i64..50_000, serial in 0u32..10_000) {
            let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(days as u64);
            let seventh = match chrono::Datelike::year(&date) { 1900..=1999 => 0, _ => 4 };
            let serial = seventh * 1000 + serial % 1000;
            let text = format!("{}-{serial:04}", date.format("%d%m%y"));
            let cpr = Cpr::parse(&text);
            prop_assert!(cpr.is_ok(), "{}", text);
            if let Ok(cpr) = cpr {
                prop_assert_eq!(cpr.birth_date(), Some(date));
                prop_assert_eq!(cpr.full(), text);
            }
        }

        #[test]
        fn never_panics(text in ".{0,20}") {
            let _ = Cpr::parse(&text);
        }
    }
}
