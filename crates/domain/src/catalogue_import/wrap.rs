//! Joining a wrapped line to the text before it: hyphenation at a line end is undone when the
//! next line continues the word (`omfat-` + `tende` → `omfattende`), while real hyphens stay:
//! `Børne-` + `og Unge…` (elided compound), `0-` + `6 år`, `spæd-` + `/småbørns…`, `SES-` + `forløb`.
//! A wrapped web address is joined without a space (`url`).

use super::{scan, url};

/// Words after which a trailing hyphen is an elided compound (`sorg- og kriseindsats`).
const CONJUNCTIONS: [&str; 5] = ["og", "eller", "samt", "el.", "og/eller"];

pub(crate) fn join_wrapped(left: &str, right: &str) -> String {
    let mut out = left.to_owned();
    push_wrapped(&mut out, right);
    out
}

/// `join_wrapped` in place, so that reflowing a long paragraph stays linear.
pub(crate) fn push_wrapped(acc: &mut String, right: &str) {
    let right = right.trim_start();
    acc.truncate(acc.trim_end().len());
    if right.is_empty() {
        return;
    }
    // A wrapped web address is joined as it was: no space, hyphens kept (see `url`).
    if acc.is_empty() || url::continues_address(acc, right) {
        acc.push_str(right);
        return;
    }
    let Some(stem) = acc.strip_suffix('-') else {
        // A wrapped `barnet/` + `den unge` keeps no space either side of the slash.
        if !acc.ends_with('/') {
            acc.push(' ');
        }
        acc.push_str(right);
        return;
    };
    let before = scan::last_char(stem);
    let next = scan::first_char(right);
    let glue = match (before, next) {
        // ` -` at the end is a dash between words, not hyphenation.
        (None, _) | (Some(' '), _) => Glue::Space,
        (Some(b), Some(n)) if b.is_alphabetic() && n.is_lowercase() => {
            let first_word = right.split_whitespace().next().unwrap_or("");
            if CONJUNCTIONS.contains(&first_word) {
                Glue::Space
            } else if is_acronym_end(stem) {
                Glue::KeepHyphen
            } else {
                Glue::DropHyphen
            }
        }
        // Digits, `/`, capitals and anything else after a hyphen: the hyphen is real.
        _ => Glue::KeepHyphen,
    };
    match glue {
        Glue::Space => acc.push(' '),
        Glue::KeepHyphen => {}
        Glue::DropHyphen => {
            acc.pop();
        }
    }
    acc.push_str(right);
}

enum Glue {
    Space,
    KeepHyphen,
    DropHyphen,
}

/// `SES-` or `EPDS-`: a hyphen after an all-capital word belongs to a compound.
fn is_acronym_end(stem: &str) -> bool {
    let word: Vec<char> = stem.chars().rev().take_while(|c| c.is_alphanumeric()).collect();
    word.len() >= 2 && word.iter().all(|c| !c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::join_wrapped;

    #[test]
    fn hyphenation_is_undone() {
        assert_eq!(join_wrapped("ikke er så omfat-", "tende, at"), "ikke er så omfattende, at");
        assert_eq!(join_wrapped("netværkspleje-", "forældre jf. SEL"), "netværksplejeforældre jf. SEL");
    }

    #[test]
    fn real_hyphens_stay() {
        assert_eq!(join_wrapped("Børne-", "og Ungdomsudvalget"), "Børne- og Ungdomsudvalget");
        assert_eq!(join_wrapped("spæd-", "/småbørnsforældre"), "spæd-/småbørnsforældre");
        assert_eq!(join_wrapped("børn 0-", "6 år"), "børn 0-6 år");
        assert_eq!(join_wrapped("SES-", "forløbet"), "SES-forløbet");
        assert_eq!(join_wrapped("hver 6. måned -", "medmindre"), "hver 6. måned - medmindre");
        assert_eq!(join_wrapped("Nord-", "Djurs"), "Nord-Djurs");
    }

    #[test]
    fn plain_wrap_and_edges() {
        assert_eq!(join_wrapped("der er", "behov"), "der er behov");
        assert_eq!(join_wrapped("barnet/", "den unge"), "barnet/den unge");
        assert_eq!(join_wrapped("", "x"), "x");
        assert_eq!(join_wrapped("-", "x"), "- x");
        assert_eq!(join_wrapped("se https://fjordby.dk/born-og-", "unge/hjaelp."), "se https://fjordby.dk/born-og-unge/hjaelp.");
    }
}
