//! Danish words for the public search: splitting a text into lowercased words, their Snowball
//! stems (so "skilsmisser" and "skilsmisse" are one word), the stop words of a parent's sentence
//! ("mit barn er bange"), and the synonym list the municipality edits (`Synonyms`: "bange" also
//! searches "angst"). Pure; `catalogue_search` decides what matches with these.

use crate::validation::{FieldError, ValidationErrors};
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// The form field the synonym list's errors belong to.
pub const SYNONYMS_FIELD: &str = "synonyms";
/// At most this many synonym entries: the list is read on every public search.
pub const MAX_SYNONYMS: usize = 500;
/// At most this many alternatives to one term.
pub const MAX_ALTERNATIVES: usize = 20;
/// A term or an alternative is a word or a short phrase ("ondt i maven").
pub const MAX_PHRASE_CHARS: usize = 60;

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::Danish))
}

/// The Snowball Danish stem of a lowercased word.
pub fn stem(word: &str) -> String {
    stemmer().stem(word).into_owned()
}

/// The lowercased words of a text: runs of letters and digits, so punctuation, dashes and `§`
/// separate words. `to_lowercase` folds ÆØÅ to æøå.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Words that carry no meaning for finding an offer: a search for "mit barn er bange" looks for
/// "barn" and "bange". Inside a synonym phrase ("ked af det") they still count.
const STOP_WORDS: &[&str] = &[
    "af", "at", "de", "dem", "den", "der", "det", "du", "efter", "eller", "en", "er", "et", "for", "fra", "han", "har", "have", "hun", "hvad", "hvis",
    "hvordan", "i", "ikke", "jeg", "jer", "kan", "med", "meget", "men", "mig", "min", "mine", "mit", "og", "om", "os", "på", "sig", "som", "så", "til", "var",
    "vi", "vil", "vores",
];

pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// One entry of the synonym list: searching `term` also searches each alternative. One way only
/// ("bange" finds "angst", not the reverse), so an entry says exactly what it adds. Terms and
/// alternatives are stored normalised: lowercased words separated by one space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synonym {
    pub term: String,
    pub alternatives: Vec<String>,
}

impl Synonym {
    /// An entry from typed text, normalised (case, spaces, punctuation between words).
    pub fn new(term: &str, alternatives: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
        let mut list: Vec<String> = Vec::new();
        for alternative in alternatives {
            let alternative = normalise(alternative.as_ref());
            if !alternative.is_empty() && !list.contains(&alternative) {
                list.push(alternative);
            }
        }
        Self { term: normalise(term), alternatives: list }
    }
}

/// Lowercased words joined by one space: how terms are stored and compared.
pub fn normalise(phrase: &str) -> String {
    words(phrase).join(" ")
}

/// The municipality's synonym list, validated (`new`) or read leniently from storage (`lenient`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synonyms {
    entries: Vec<Synonym>,
}

impl Synonyms {
    /// Checks the list: every term and alternative has a word and at most `MAX_PHRASE_CHARS`
    /// characters, a term appears once and has at least one alternative other than itself, at
    /// most `MAX_SYNONYMS` entries of at most `MAX_ALTERNATIVES` each. Every problem is named.
    pub fn new(entries: Vec<Synonym>) -> Result<Self, ValidationErrors> {
        let mut errors = Vec::new();
        let mut problem = |da: String, en: &str| errors.push(FieldError::new(SYNONYMS_FIELD, da, en));
        if entries.len() > MAX_SYNONYMS {
            problem(format!("Listen må højst have {MAX_SYNONYMS} ord."), "too many synonym entries");
        }
        for (i, entry) in entries.iter().enumerate() {
            let term = &entry.term;
            if term.is_empty() {
                problem("Et ord mangler før lighedstegnet.".into(), "empty term");
                continue;
            }
            if term.chars().count() > MAX_PHRASE_CHARS {
                problem(format!("«{term}» er for langt: højst {MAX_PHRASE_CHARS} tegn."), "term too long");
            }
            if entries[..i].iter().any(|e| e.term == *term) {
                problem(format!("«{term}» står der mere end én gang. Saml ordene på én linje."), "duplicate term");
            }
            let others: Vec<&String> = entry.alternatives.iter().filter(|a| *a != term).collect();
            if others.is_empty() {
                problem(format!("«{term}»: skriv mindst ét andet ord efter lighedstegnet."), "term without alternatives");
            }
            if entry.alternatives.len() > MAX_ALTERNATIVES {
                problem(format!("«{term}» har for mange ord: højst {MAX_ALTERNATIVES}."), "too many alternatives");
            }
            if let Some(long) = entry.alternatives.iter().find(|a| a.chars().count() > MAX_PHRASE_CHARS) {
                problem(format!("«{long}» er for langt: højst {MAX_PHRASE_CHARS} tegn."), "alternative too long");
            }
        }
        ValidationErrors::check(errors)?;
        Ok(Self { entries })
    }

    /// A stored list that may break today's rules (edited outside the product): entries without
    /// a term or an alternative are skipped, so the public search never fails on them.
    pub fn lenient(entries: Vec<Synonym>) -> Self {
        let entries = entries.into_iter().filter(|e| !e.term.is_empty() && e.alternatives.iter().any(|a| *a != e.term)).collect();
        Self { entries }
    }

    pub fn entries(&self) -> &[Synonym] {
        &self.entries
    }

    /// The alternatives of every entry whose term's stems are `stems`.
    pub(crate) fn alternatives_of<'a>(&'a self, stems: &'a [String]) -> impl Iterator<Item = &'a str> + 'a {
        self.entries.iter().filter(move |e| term_stems(&e.term) == stems).flat_map(|e| e.alternatives.iter().map(String::as_str))
    }

    /// The longest term, in words: how far a phrase can reach in a query.
    pub(crate) fn longest_term(&self) -> usize {
        self.entries.iter().map(|e| e.term.split(' ').count()).max().unwrap_or(0)
    }
}

fn term_stems(term: &str) -> Vec<String> {
    term.split(' ').map(stem).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_forms_share_a_stem() {
        assert_eq!(stem("skilsmisser"), stem("skilsmisse"));
        assert_eq!(stem("børnene"), stem("børn"));
        assert_eq!(stem("angsten"), stem("angst"));
        assert_eq!(words("Cool Kids - ANGSTgruppe, § 11!"), ["cool", "kids", "angstgruppe", "11"]);
    }

    #[test]
    fn entries_are_normalised_and_validated() {
        let e = Synonym::new("  Ondt I  maven ", ["Mavepine", "mavepine", " ", "uro"]);
        assert_eq!(e, Synonym { term: "ondt i maven".into(), alternatives: vec!["mavepine".into(), "uro".into()] });
        assert!(Synonyms::new(vec![e.clone()]).is_ok());
        let errors = Synonyms::new(vec![e.clone(), e, Synonym::new("sorg", ["sorg"]), Synonym::new("", ["x"])]).unwrap_err();
        let messages: Vec<&str> = errors.0.iter().map(|e| e.message_da.as_str()).collect();
        assert_eq!(
            messages,
            [
                "«ondt i maven» står der mere end én gang. Saml ordene på én linje.",
                "«sorg»: skriv mindst ét andet ord efter lighedstegnet.",
                "Et ord mangler før lighedstegnet."
            ]
        );
        assert_eq!(Synonyms::lenient(vec![Synonym::new("sorg", ["sorg"]), Synonym::new("bange", ["angst"])]).entries().len(), 1);
    }
}
