//! What a person search looks for, read from the one search field: a birth date (`26.04.2022`
//! or `2022-04-26`), a whole CPR number (with or without the dash), or else part of a name.
//! Who may search how (a CPR search needs `Permission::SeeFullCpr`) is `app::persons`.

use crate::{Cpr, danish};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonQuery {
    /// Part of the name, matched whatever its case (Æ, Ø and Å too).
    Name(String),
    BirthDate(NaiveDate),
    /// The exact number.
    Cpr(Cpr),
}

impl PersonQuery {
    /// `None` for blank text. A date is a birth date before it could be anything else, since
    /// `01.02.2015` is also eight digits.
    pub fn parse(text: &str) -> Option<PersonQuery> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(date) = danish::parse_date(text) {
            return Some(PersonQuery::BirthDate(date));
        }
        Some(match Cpr::parse(text) {
            Ok(cpr) => PersonQuery::Cpr(cpr),
            Err(_) => PersonQuery::Name(text.to_owned()),
        })
    }

    /// For the access log, which never holds the search text: `navn`, `fødselsdato` or `cpr`.
    pub fn kind(&self) -> &'static str {
        match self {
            PersonQuery::Name(_) => "navn",
            PersonQuery::BirthDate(_) => "fødselsdato",
            PersonQuery::Cpr(_) => "cpr",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_names_dates_and_numbers() {
        assert_eq!(PersonQuery::parse("  "), None);
        assert_eq!(PersonQuery::parse(" Ærø "), Some(PersonQuery::Name("Ærø".into())));
        assert_eq!(PersonQuery::parse("01.02.2015"), Some(PersonQuery::BirthDate(NaiveDate::from_ymd_opt(2015, 2, 1).unwrap())));
        assert_eq!(PersonQuery::parse("2015-02-01"), Some(PersonQuery::BirthDate(NaiveDate::from_ymd_opt(2015, 2, 1).unwrap())));
        assert_eq!(PersonQuery::parse("0102154321"), Some(PersonQuery::Cpr(Cpr::parse("010215-4321").unwrap())));
        assert_eq!(PersonQuery::parse("010215-xxxx").map(|q| q.kind()), Some("navn"));
    }

    proptest! {
        /// Every CPR number is read as one however it is written (dash or not, spaces around).
        #[test]
        fn every_cpr_number_is_a_cpr_search(days in 0u64..40_000, serial in 0u32..1000, dash in any::<bool>(), pad in " {0,2}") {
            let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(days);
            let seventh = if chrono::Datelike::year(&date) < 2000 { 0 } else { 4 };
            let text = format!("{pad}{}{}{seventh}{serial:03}{pad}", date.format("%d%m%y"), if dash { "-" } else { "" });
            prop_assert!(matches!(PersonQuery::parse(&text), Some(PersonQuery::Cpr(_))), "{}", text);
        }

        /// Text without digits is always a name.
        #[test]
        fn text_without_digits_is_a_name(text in "[a-zA-ZæøåÆØÅ -]{1,20}") {
            prop_assume!(!text.trim().is_empty());
            prop_assert_eq!(PersonQuery::parse(&text), Some(PersonQuery::Name(text.trim().to_owned())));
        }
    }
}
