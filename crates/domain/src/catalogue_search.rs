//! Searching the published catalogue ("Find hjælp"): which services match a citizen's free text,
//! age, theme, ladder step or category, access and unit. Pure: the web layer parses the form into
//! a `CatalogueQuery`, and this file alone decides what matches, so the rule is testable here.
//!
//! Retired services (`Udgået`) never match: they are kept for history, not offered.
//!
//! Free text understands Danish (`danish_words`): a word matches a service whose text contains
//! it (also inside a compound, "angst" in "angstgruppebehandling"), or a word of the same Snowball
//! stem ("skilsmisser" finds "skilsmisse"), or one of the word's synonyms in the municipality's
//! list; a synonym term of several words ("ondt i maven") matches as a phrase or through its
//! synonyms. Every word of the query must match; stop words ("mit", "er") need not. A synonym
//! only ever adds ways to match (the query matches if *some* reading of its words into terms
//! matches), so editing the list in one place cannot make an offer disappear elsewhere.

use crate::catalogue::{Access, Service, ServiceStatus};
use crate::danish_words::{Synonyms, is_stop_word, stem, words};
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
    /// Free text; every word (but stop words) must match the name, a text or a theme.
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
        words(&self.text).iter().all(|w| is_stop_word(w))
            && self.age.is_none()
            && self.theme.as_deref().is_none_or(|t| t.trim().is_empty())
            && self.ladder.is_none()
            && self.access.is_none()
            && self.unit_id.is_none()
    }

    /// Does the active service `service`, delivered by unit `unit_id`, match every filter?
    /// A step missing from `ladder` matches no category (but still its own step number).
    pub fn matches(&self, service: &Service, unit_id: i64, ladder: &Ladder, synonyms: &Synonyms) -> bool {
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
            return text_matches(&wanted, &SearchText::of(service), synonyms);
        }
        true
    }

    /// The matching items, in their given order. `view` picks the unit id and service of an
    /// item, so callers can filter their own stored rows without copying them.
    pub fn filter<'a, T>(&self, items: &'a [T], ladder: &Ladder, synonyms: &Synonyms, view: impl Fn(&T) -> (i64, &Service)) -> Vec<&'a T> {
        items
            .iter()
            .filter(|item| {
                let (unit_id, service) = view(item);
                self.matches(service, unit_id, ladder, synonyms)
            })
            .collect()
    }
}

/// Words beyond this many are not searched: a pasted page must not cost a search per word pair.
pub const MAX_QUERY_WORDS: usize = 30;

/// A stem this long is also found inside a longer word ("angst" from "angsten" in
/// "angstgruppe"); a shorter one only as a whole word, since it would be found nearly everywhere.
const MIN_STEM_IN_COMPOUND: usize = 4;

/// Does every word of the query match? A dynamic programme over the query's words: from each
/// position, a single word (a stop word always matches) or a synonym term of several words
/// must match, and so must the rest. Since every reading is tried, an added synonym term or
/// alternative only adds readings, never removes a match.
fn text_matches(wanted: &[String], text: &SearchText, synonyms: &Synonyms) -> bool {
    let wanted = &wanted[..wanted.len().min(MAX_QUERY_WORDS)];
    let stems: Vec<String> = wanted.iter().map(|w| stem(w)).collect();
    let n = wanted.len();
    let longest = synonyms.longest_term();
    // ok[i]: the words from i to the end match.
    let mut ok = vec![false; n + 1];
    ok[n] = true;
    for i in (0..n).rev() {
        let single = ok[i + 1]
            && (is_stop_word(&wanted[i]) || text.has_word(&wanted[i], &stems[i]) || synonyms.alternatives_of(&stems[i..=i]).any(|a| text.has_phrase_text(a)));
        ok[i] = single
            || (2..=longest.min(n - i)).any(|k| {
                let span = &stems[i..i + k];
                ok[i + k] && {
                    let mut alternatives = synonyms.alternatives_of(span).peekable();
                    // Only a synonym term may be read as a phrase; other word runs are single words.
                    alternatives.peek().is_some() && (text.has_phrase(span) || alternatives.any(|a| text.has_phrase_text(a)))
                }
            });
    }
    ok[0]
}

/// One field of a service as the search sees it: the lowercased text and its words' stems.
struct SearchField {
    text: String,
    stems: Vec<String>,
}

/// Everything free text searches (name, texts, themes), field by field, so neither a phrase nor
/// a word is ever found across two fields.
struct SearchText {
    fields: Vec<SearchField>,
}

impl SearchText {
    fn of(service: &Service) -> Self {
        let texts = std::iter::once(service.name.as_str())
            .chain(service.texts.fields().into_iter().map(|(_, _, value)| value))
            .chain(service.themes.iter().map(String::as_str));
        let fields = texts.map(|t| SearchField { text: t.to_lowercase(), stems: words(t).iter().map(|w| stem(w)).collect() }).collect();
        Self { fields }
    }

    fn has_word(&self, word: &str, word_stem: &str) -> bool {
        let in_compounds = word_stem.chars().count() >= MIN_STEM_IN_COMPOUND;
        self.fields.iter().any(|f| f.text.contains(word) || f.stems.iter().any(|s| s == word_stem) || (in_compounds && f.text.contains(word_stem)))
    }

    /// The stems occur one after another in one field (a one-word phrase is a word).
    fn has_phrase(&self, stems: &[String]) -> bool {
        !stems.is_empty() && self.fields.iter().any(|f| f.stems.windows(stems.len()).any(|w| w == stems))
    }

    /// A synonym's alternative, a word or a phrase of normalised words.
    fn has_phrase_text(&self, phrase: &str) -> bool {
        let phrase_words = words(phrase);
        match phrase_words.as_slice() {
            [] => false,
            [word] => self.has_word(word, &stem(word)),
            several => self.has_phrase(&several.iter().map(|w| stem(w)).collect::<Vec<_>>()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::AgeRange;
    use crate::catalogue::tests::family_treatment;
    use crate::danish_words::Synonym;
    use proptest::prelude::*;

    fn none() -> Synonyms {
        Synonyms::default()
    }

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
            assert_eq!(query.matches(&service, 1, &ladder, &none()), expected, "{what}");
        }
    }

    #[test]
    fn a_service_without_age_range_matches_every_age() {
        let mut s = cool_kids();
        s.age_range = None;
        assert!(CatalogueQuery { age: Some(25), ..q() }.matches(&s, 1, &Ladder::default(), &none()));
    }

    #[test]
    fn filter_keeps_order_and_drops_retired() {
        let mut retired = cool_kids();
        retired.status = ServiceStatus::Retired;
        let items = vec![(1, cool_kids()), (1, retired), (2, family_treatment())];
        let found = q().filter(&items, &Ladder::default(), &none(), |(u, s)| (*u, s));
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].1.name, "Cool Kids - angstgruppebehandling");
        assert_eq!(found[1].1.name, "Familiebehandling");
    }

    fn text(text: &str) -> CatalogueQuery {
        CatalogueQuery { text: text.into(), ..q() }
    }

    fn parents_words() -> Synonyms {
        Synonyms::new(vec![Synonym::new("bange", ["angst"]), Synonym::new("ondt i maven", ["mavepine"]), Synonym::new("ked af det", ["trist", "depression"])])
            .expect("valid")
    }

    #[test]
    fn inflected_forms_synonyms_and_phrases_match() {
        let ladder = Ladder::default();
        let mut ses = family_treatment();
        ses.name = "SES - samarbejde efter skilsmisse".into();
        ses.texts.target_group = "Forældre, der er gået fra hinanden.".into();
        let mut belly = family_treatment();
        belly.texts.target_group = "Børn med mavepine og uro".into();
        let mut sad = family_treatment();
        sad.texts.other = "For børn, der er kede af det i skolen.".into();
        let synonyms = parents_words();
        let cool = cool_kids();
        let cases: Vec<(&str, &Service, bool)> = vec![
            ("skilsmisser", &ses, true),
            ("Skilsmissen", &ses, true),
            ("mit barn er bange", &cool, false),
            ("bange", &cool, true),
            ("angsten", &cool, true),
            ("ondt i maven", &belly, true),
            ("maven", &belly, false),
            ("ked af det", &sad, true),
            ("ked af det", &belly, false),
            ("er og i", &belly, true),
        ];
        for (words, service, expected) in cases {
            assert_eq!(text(words).matches(service, 1, &ladder, &synonyms), expected, "{words} in {}", service.name);
        }
        // Without the list, the parent's words find nothing that does not use them.
        assert!(!text("bange").matches(&cool_kids(), 1, &ladder, &none()));
        assert!(!text("ondt i maven").matches(&belly, 1, &ladder, &none()));
        assert!(text("er og i").is_empty(), "stop words alone are no search");
    }

    #[test]
    fn a_phrase_is_found_in_order_within_one_field() {
        let ladder = Ladder::default();
        let synonyms = parents_words();
        let mut s = family_treatment();
        s.texts.target_group = "Børn, der har ondt i maven.".into();
        assert!(text("ondt i maven").matches(&s, 1, &ladder, &synonyms));
        s.texts.target_group = "Maven gør ondt.".into();
        s.texts.other = "Barnet er ikke i trivsel.".into();
        assert!(text("ondt i maven").matches(&s, 1, &ladder, &synonyms), "the words one by one still match, as without the list");
        s.texts.target_group = "Barnet har det ondt.".into();
        assert!(!text("ondt i maven").matches(&s, 1, &ladder, &synonyms));
    }

    /// Two forms of one base word with Danish endings, which the stemmer may fold together.
    fn two_forms() -> impl Strategy<Value = (String, String)> {
        let bases = ["skilsmisse", "angst", "sorg", "barn", "familie", "gruppe", "forælder", "mobning", "behandling", "samtale", "vrede", "pige", "dreng"];
        let endings = ["", "e", "en", "er", "erne", "ene", "et", "ets", "s", "es", "ens", "ernes", "ede"];
        let ending = || proptest::sample::select(endings.to_vec());
        (proptest::sample::select(bases.to_vec()), ending(), ending()).prop_map(|(b, x, y)| (format!("{b}{x}"), format!("{b}{y}")))
    }

    fn vocabulary() -> impl Strategy<Value = String> {
        proptest::sample::select(vec!["bange", "angst", "ondt", "i", "maven", "mavepine", "ked", "af", "det", "sorg", "død", "skilt", "brud", "barn", "børn"])
            .prop_map(str::to_owned)
    }

    fn phrase() -> impl Strategy<Value = String> {
        proptest::collection::vec(vocabulary(), 1..4).prop_map(|w| w.join(" "))
    }

    fn synonym() -> impl Strategy<Value = Synonym> {
        (phrase(), proptest::collection::vec(phrase(), 1..3)).prop_map(|(term, alternatives)| Synonym::new(&term, alternatives))
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
            prop_assert!(!query.matches(&s, 1, &Ladder::default(), &none()));
        }

        /// Adding a filter never adds results: a match of the narrower query is a match of
        /// the query without that filter.
        #[test]
        fn filters_only_narrow(query in query_strategy(), unit in 1i64..3, pick in 0usize..2) {
            let ladder = Ladder::default();
            let s = if pick == 0 { cool_kids() } else { family_treatment() };
            if query.matches(&s, unit, &ladder, &none()) {
                let wider = [
                    CatalogueQuery { text: String::new(), ..query.clone() },
                    CatalogueQuery { age: None, ..query.clone() },
                    CatalogueQuery { theme: None, ..query.clone() },
                    CatalogueQuery { ladder: None, ..query.clone() },
                    CatalogueQuery { access: None, ..query.clone() },
                    CatalogueQuery { unit_id: None, ..query.clone() },
                ];
                for w in wider {
                    prop_assert!(w.matches(&s, unit, &ladder, &none()));
                }
            }
        }

        /// Any form the stemmer folds to the same stem as a word of the text finds it.
        #[test]
        fn forms_of_one_stem_find_each_other((written, typed) in two_forms()) {
            prop_assume!(stem(&written) == stem(&typed));
            let mut s = cool_kids();
            s.texts.other = format!("Om {written}.");
            prop_assert!(text(&typed).matches(&s, 1, &Ladder::default(), &none()), "{typed} should find {written}");
        }

        /// Adding a synonym never removes a match, whatever the query and the text.
        #[test]
        fn adding_a_synonym_never_removes_a_match(
            list in proptest::collection::vec(synonym(), 0..4),
            extra in synonym(),
            query in proptest::collection::vec(vocabulary(), 1..5),
            service_words in proptest::collection::vec(vocabulary(), 0..8),
        ) {
            let mut s = family_treatment();
            s.name = "Tilbud".into();
            s.texts = Default::default();
            s.themes = vec![];
            s.texts.other = service_words.join(" ");
            let query = text(&query.join(" "));
            let before = Synonyms::lenient(list.clone());
            let mut longer = list;
            longer.push(extra);
            let after = Synonyms::lenient(longer);
            if query.matches(&s, 1, &Ladder::default(), &before) {
                prop_assert!(query.matches(&s, 1, &Ladder::default(), &after));
            }
        }

        /// Case does not matter, also for æøå.
        #[test]
        fn text_search_ignores_case(text in "[a-zæøå]{1,6}") {
            let ladder = Ladder::default();
            let mut s = cool_kids();
            s.texts.other = format!("før {text} efter");
            let upper = CatalogueQuery { text: text.to_uppercase(), ..q() };
            prop_assert!(upper.matches(&s, 1, &ladder, &none()));
        }
    }
}
