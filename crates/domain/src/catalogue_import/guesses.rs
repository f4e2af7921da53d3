//! Settings the template has no field for, proposed from what the text says — always as a draft
//! with a warning, so a person confirms them before anything is saved:
//! - access: anonymous when the text says so (`anonym`, `anonymt`, `anonyme`, not after `ikke`);
//!   otherwise `review` infers it from the legal basis;
//! - delivery: a group only when the text says group — a word with `gruppe` in the service's name
//!   (`Børnegruppen`, `angstgruppebehandling`; not `målgruppe`/`aldersgruppe`), or in the
//!   activities or time use a group word (`gruppeforløb`, `gruppemøder`, `gruppesessioner`, …) or
//!   `i gruppe(r)`, `i en gruppe`, `i små grupper`; anything else is one-to-one;
//! - age range: the ages written in the title, else in the target group (see `age`).

use super::assemble::Draft;
use super::{ImportWarning, age, messages, scan};
use crate::catalogue::AgeRange;
use serde::Serialize;

/// What the importer proposes beyond the template's fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportedGuesses {
    /// The text says the service is anonymous.
    pub anonymous: bool,
    /// The text says the service is given in a group.
    pub group: bool,
    pub age_range: Option<AgeRange>,
}

/// Group words that name a form of delivery when they occur in the activities or time use.
const GROUP_WORDS: [&str; 9] =
    ["gruppeforløb", "gruppemøde", "gruppesamtale", "gruppesession", "gruppegang", "gruppebehandling", "gruppetilbud", "gruppeaften", "gruppeundervisning"];
const GROUP_PHRASES: [&str; 4] = ["i gruppe", "i grupper", "i en gruppe", "i små grupper"];
/// `gruppe` words that say whom a service is for, not how it is given.
const NOT_DELIVERY: [&str; 4] = ["målgruppe", "aldersgruppe", "risikogruppe", "gruppen af"];

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

/// The word that says anonymous, if the text says it (and not `ikke anonym`).
fn anonymous_word(text: &str) -> Option<String> {
    let all: Vec<String> = words(text).collect();
    all.iter().enumerate().find(|(i, w)| w.starts_with("anonym") && !(*i > 0 && all[i - 1] == "ikke")).map(|(_, w)| w.clone())
}

/// The word or phrase that says group, if any.
fn group_evidence(name: &str, delivery_texts: &str) -> Option<String> {
    if let Some(w) = words(name).find(|w| w.contains("gruppe") && !NOT_DELIVERY.iter().any(|n| w.starts_with(n))) {
        return Some(w);
    }
    if let Some(w) = words(delivery_texts).find(|w| GROUP_WORDS.iter().any(|g| w.starts_with(g))) {
        return Some(w);
    }
    let lower = scan::collapse_spaces(&delivery_texts.to_lowercase());
    GROUP_PHRASES.iter().find(|p| scan::has_word_ci(&lower, p)).map(|p| (*p).to_owned())
}

/// Proposes access, delivery and age for every draft, with a warning for each proposal.
pub(crate) fn propose(drafts: &mut [Draft], warnings: &mut Vec<ImportWarning>) {
    for d in drafts.iter_mut() {
        let s = &mut d.service;
        if s.retired {
            continue;
        }
        let line = s.source_line;
        let all_text = format!("{}\n{}", s.title, s.texts.fields().iter().map(|(_, _, t)| *t).collect::<Vec<_>>().join("\n"));
        if let Some(word) = anonymous_word(&all_text) {
            s.guesses.anonymous = true;
            warnings.push(messages::guessed_anonymous(line, &s.name, &word));
        }
        let delivery_texts = format!("{}\n{}", s.texts.activities, s.texts.time_use);
        if let Some(evidence) = group_evidence(&s.name, &delivery_texts) {
            s.guesses.group = true;
            warnings.push(messages::guessed_group(line, &s.name, &evidence));
        }
        let age = age::covering(&s.title).or_else(|| age::covering(&s.texts.target_group));
        if let Some(range) = age {
            s.guesses.age_range = Some(range);
            warnings.push(messages::guessed_age(line, &s.name, range));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anonymous_only_when_said() {
        assert_eq!(anonymous_word("Du kan være anonym."), Some("anonym".into()));
        assert_eq!(anonymous_word("Rådgivningen er anonymt og gratis"), Some("anonymt".into()));
        assert_eq!(anonymous_word("Rådgivningen er ikke anonym"), None);
        assert_eq!(anonymous_word("Åben rådgivning"), None);
    }

    #[test]
    fn group_only_when_said() {
        assert!(group_evidence("Børnegruppen", "").is_some());
        assert!(group_evidence("Cool Kids - angstgruppebehandling", "").is_some());
        assert!(group_evidence("SES", "2 gruppeforløb om året").is_some());
        assert!(group_evidence("Samtaler", "Forløbet foregår i en gruppe med 6 børn").is_some());
        assert!(group_evidence("Individuelle samtaler", "Samtaler med barnet alene").is_none());
        assert!(group_evidence("Familiebehandling", "Samtaler med målgruppen; barnets aldersgruppe").is_none());
        assert!(group_evidence("Målgruppesamtaler", "").is_none());
    }
}
