//! Searching the published catalogue ("Find hjælp"): which services match a citizen's free text,
//! age, theme, ladder step or category, access and unit. Pure: the web layer parses the form into
//! a `CatalogueQuery`, and this file alone decides what matches, so the rule is testable here.
//!
//! Retired services (`Udgået`) never match: they are kept for history, not offered.

use crate::catalogue::{Access, Service, ServiceStatus};
use crate::ladder::{Ladder, LadderCategory};

/// A position on the ladder to filter by: one step, or every step of a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LadderFilter {
    Step(u8),
    Category(LadderCategory),
}

/// Every filter is optional; an empty query matches every active service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueQuery {
    /// Free text; every word must occur (case-insensitive) in the name, a text or a theme.
    pub text: String,
    /// The child's age in years: services whose age range contains it, or that have no range.
    pub age: Option<u8>,
    /// One theme word, compared case-insensitively.
    pub theme: Option<String>,
    pub ladder: Option<LadderFilter>,
    pub access: Option<Access>,
    pub unit_id: Option<i64>,
}

impl CatalogueQuery {
    /// True when no filter is set.
    pub fn is_empty(&self) -> bool {
        words(&self.text).is_empty()
            && self.age.is_none()
            && self.theme.as_deref().is_none_or(|t| t.trim().is_empty())
            && self.ladder.is_none()
            && self.access.is_none()
            && self.unit_id.is_none()
    }

    /// Does the active service `service`, delivered by unit `unit_id`, match every filter?
    /// A step missing from `ladder` matches no category (but still its own step number).
    pub fn matches(&self, service: &Service, unit_id: i64, ladder: &Ladder) -> bool {
        if service.status != ServiceStatus::Active {
            return false;
        }
        if self.unit_id.is_some_and(|u| u != unit_id) {
            return false;
        }
        if self.access.is_some_and(|a| a != service.access) {
            return false;
        }
        if let (Some(age), Some(range)) = (self.age, service.age_range)
            && !range.contains(age)
        {
            return false;
        }
        match self.ladder {
            Some(LadderFilter::Step(n)) if n != service.ladder_step => return false,
            Some(LadderFilter::Category(c)) if ladder.step(service.ladder_step).map(|s| s.category) != Some(c) => return false,
            _ => {}
        }
        if let Some(theme) = self.theme.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let theme = theme.to_lowercase();
            if !service.themes.iter().any(|t| t.trim().to_lowercase() == theme) {
                return false;
            }
        }
        let wanted = words(&self.text);
        if !wanted.is_empty() {
            let haystack = haystack(service);
            return wanted.iter().all(|w| haystack.contains(w.as_str()));
        }
        true
    }

    /// The matching items, in their given order. `view` picks the unit id and service of an
    /// item, so callers can filter their own stored rows without copying them.
    pub fn filter<'a, T>(&self, items: &'a [T], ladder: &Ladder, view: impl Fn(&T) -> (i64, &Service)) -> Vec<&'a T> {
        items
            .iter()
            .filter(|item| {
                let (unit_id, service) = view(item);
                self.matches(service, unit_id, ladder)
            })
            .collect()
    }
}

/// Lowercased words of a search text. `to_lowercase` folds ÆØÅ to æøå (unlike ASCII folding).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '"')).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Everything free text searches, lowercased, fields separated by a newline so a word
/// cannot be found across two fields.
fn haystack(service: &Service) -> String {
    let mut text = service.name.to_lowercase();
    for (_, _, value) in service.texts.fields() {
        text.push('\n');
        text.push_str(&value.to_lowercase());
    }
    for theme in &service.themes {
        text.push('\n');
        text.push_str(&theme.to_lowercase());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::AgeRange;
    use crate::catalogue::tests::family_treatment;
    use proptest::prelude::*;

    fn cool_kids() -> Service {
        let mut s = family_treatment();
        s.name = "Cool Kids - angstgruppebehandling".into();
        s.ladder_step = 2;
        s.access = Access::Open;
        s.age_range = Some(AgeRange { min_years: 9, max_years: 12 });
        s.texts.target_group = "Børn med ÆNGSTELIGHED og bekymringer".into();
        s.themes = vec!["angst".into(), "gruppe".into()];
        s
    }

    fn q() -> CatalogueQuery {
        CatalogueQuery::default()
    }

    #[test]
    fn table_of_queries_against_cool_kids() {
        let ladder = Ladder::default();
        let service = cool_kids();
        let cases: Vec<(&str, CatalogueQuery, bool)> = vec![
            ("empty query", q(), true),
            ("name, any case", CatalogueQuery { text: "COOL kids".into(), ..q() }, true),
            ("Danish capitals fold", CatalogueQuery { text: "ængstelighed".into(), ..q() }, true),
            ("theme word as text", CatalogueQuery { text: "Angst".into(), ..q() }, true),
            ("one missing word", CatalogueQuery { text: "angst skilsmisse".into(), ..q() }, false),
            ("age inside", CatalogueQuery { age: Some(10), ..q() }, true),
            ("age at the ends", CatalogueQuery { age: Some(12), ..q() }, true),
            ("age outside", CatalogueQuery { age: Some(13), ..q() }, false),
            ("theme", CatalogueQuery { theme: Some("ANGST".into()), ..q() }, true),
            ("other theme", CatalogueQuery { theme: Some("sorg".into()), ..q() }, false),
            ("blank theme ignored", CatalogueQuery { theme: Some(" ".into()), ..q() }, true),
            ("own step", CatalogueQuery { ladder: Some(LadderFilter::Step(2)), ..q() }, true),
            ("other step", CatalogueQuery { ladder: Some(LadderFilter::Step(4)), ..q() }, false),
            ("own category", CatalogueQuery { ladder: Some(LadderFilter::Category(LadderCategory::Preventive)), ..q() }, true),
            ("other category", CatalogueQuery { ladder: Some(LadderFilter::Category(LadderCategory::Referred)), ..q() }, false),
            ("open", CatalogueQuery { access: Some(Access::Open), ..q() }, true),
            ("referral", CatalogueQuery { access: Some(Access::Referral), ..q() }, false),
            ("own unit", CatalogueQuery { unit_id: Some(1), ..q() }, true),
            ("other unit", CatalogueQuery { unit_id: Some(2), ..q() }, false),
        ];
        for (what, query, expected) in cases {
            assert_eq!(query.matches(&service, 1, &ladder), expected, "{what}");
        }
    }

    #[test]
    fn a_service_without_age_range_matches_every_age() {
        let mut s = cool_kids();
        s.age_range = None;
        assert!(CatalogueQuery { age: Some(25), ..q() }.matches(&s, 1, &Ladder::default()));
    }

    #[test]
    fn filter_keeps_order_and_drops_retired() {
        let mut retired = cool_kids();
        retired.status = ServiceStatus::Retired;
        let items = vec![(1, cool_kids()), (1, retired), (2, family_treatment())];
        let found = q().filter(&items, &Ladder::default(), |(u, s)| (*u, s));
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].1.name, "Cool Kids - angstgruppebehandling");
        assert_eq!(found[1].1.name, "Familiebehandling");
    }

    fn query_strategy() -> impl Strategy<Value = CatalogueQuery> {
        let access = prop_oneof![Just(None), Just(Some(Access::Open)), Just(Some(Access::Anonymous)), Just(Some(Access::Referral))];
        let ladder = prop_oneof![
            Just(None),
            (0u8..9).prop_map(|n| Some(LadderFilter::Step(n))),
            Just(Some(LadderFilter::Category(LadderCategory::Universal))),
            Just(Some(LadderFilter::Category(LadderCategory::Referred))),
        ];
        (
            prop_oneof![Just(String::new()), "[a-zæøåA-ZÆØÅ ]{0,12}"],
            proptest::option::of(0u8..30),
            proptest::option::of(prop_oneof![Just("angst".to_owned()), Just("familie".to_owned()), Just("x".to_owned())]),
            ladder,
            access,
            proptest::option::of(1i64..3),
        )
            .prop_map(|(text, age, theme, ladder, access, unit_id)| CatalogueQuery { text, age, theme, ladder, access, unit_id })
    }

    proptest! {
        /// Retired services never match, whatever the query.
        #[test]
        fn retired_never_matches(query in query_strategy()) {
            let mut s = cool_kids();
            s.status = ServiceStatus::Retired;
            prop_assert!(!query.matches(&s, 1, &Ladder::default()));
        }

        /// Adding a filter never adds results: a match of the narrower query is a match of
        /// the query without that filter.
        #[test]
        fn filters_only_narrow(query in query_strategy(), unit in 1i64..3, pick in 0usize..2) {
            let ladder = Ladder::default();
            let s = if pick == 0 { cool_kids() } else { family_treatment() };
            if query.matches(&s, unit, &ladder) {
                let wider = [
                    CatalogueQuery { text: String::new(), ..query.clone() },
                    CatalogueQuery { age: None, ..query.clone() },
                    CatalogueQuery { theme: None, ..query.clone() },
                    CatalogueQuery { ladder: None, ..query.clone() },
                    CatalogueQuery { access: None, ..query.clone() },
                    CatalogueQuery { unit_id: None, ..query.clone() },
                ];
                for w in wider {
                    prop_assert!(w.matches(&s, unit, &ladder));
                }
            }
        }

        /// Case does not matter, also for æøå.
        #[test]
        fn text_search_ignores_case(text in "[a-zæøå]{1,6}") {
            let ladder = Ladder::default();
            let mut s = cool_kids();
            s.texts.other = format!("før {text} efter");
            let upper = CatalogueQuery { text: text.to_uppercase(), ..q() };
            prop_assert!(upper.matches(&s, 1, &ladder));
        }
    }
}
