//! "Som ovenfor" (as above) as a field's whole text: replaced by the text it points at.
//! Normally that is the same field of the previous service. The one exception is the duration:
//! the template puts it right under the guideline time use, and in the seed
//! `Varighed/tidsbegrænsning: Som ovenfor` always follows a `Vejledende tidsforbrug` that states
//! the duration ("indenfor rammen 4 til 10 timer", "max. fem samtaler", "Indsatsen ophører, når
//! …") — the previous service's duration would be wrong there (e.g. foster-family supervision
//! for Cool Kids). So a duration takes the time use above it when that has text. Unresolvable
//! ones stay as written, with a warning.

use super::assemble::Draft;
use super::{FieldKind, ImportWarning, messages};

pub(crate) fn is_same_as_above(text: &str) -> bool {
    let core = text.trim().trim_end_matches(['.', '!', ' ']).to_lowercase();
    matches!(core.as_str(), "som ovenfor" | "se ovenfor" | "som ovenstående" | "som anført ovenfor" | "som beskrevet ovenfor")
}

/// Where the text of an "as above" field comes from.
enum Source {
    FieldAbove(FieldKind, String),
    PreviousService(String, String),
}

/// The field of the same entry that "as above" refers to for `kind`, if any.
fn related_field_above(kind: FieldKind) -> Option<FieldKind> {
    match kind {
        FieldKind::Duration => Some(FieldKind::TimeUse),
        _ => None,
    }
}

fn has_real_text(text: &str) -> bool {
    !text.is_empty() && !is_same_as_above(text)
}

fn source(drafts: &[Draft], index: usize, kind: FieldKind) -> Option<Source> {
    let draft = drafts.get(index)?;
    let position = |k: FieldKind| draft.field_lines.iter().position(|(f, _)| *f == k);
    if let Some(above) = related_field_above(kind)
        && position(above).is_some_and(|a| position(kind).is_some_and(|p| a < p))
        && has_real_text(draft.service.texts.get(above))
    {
        return Some(Source::FieldAbove(above, draft.service.texts.get(above).to_owned()));
    }
    let previous = drafts.get(index.checked_sub(1)?)?;
    let text = previous.service.texts.get(kind);
    has_real_text(text).then(|| Source::PreviousService(previous.service.name.clone(), text.to_owned()))
}

/// Replaces resolvable "Som ovenfor" texts in document order, so chains resolve too.
pub(crate) fn resolve(drafts: &mut [Draft], warnings: &mut Vec<ImportWarning>) {
    for index in 0..drafts.len() {
        let kinds: Vec<(FieldKind, usize)> = drafts[index].field_lines.clone();
        for (kind, line) in kinds {
            if !is_same_as_above(drafts[index].service.texts.get(kind)) {
                continue;
            }
            let found = source(drafts, index, kind);
            let draft = &mut drafts[index];
            let name = draft.service.name.clone();
            match found {
                Some(Source::FieldAbove(above, text)) => {
                    *draft.service.texts.get_mut(kind) = text;
                    warnings.push(messages::resolved_from_field_above(line, &name, kind, above));
                }
                Some(Source::PreviousService(previous, text)) => {
                    *draft.service.texts.get_mut(kind) = text;
                    warnings.push(messages::resolved_from_previous_service(line, &name, kind, &previous));
                }
                None => warnings.push(messages::unresolved_same_as_above(line, &name, kind)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_same_as_above;

    #[test]
    fn recognised_forms() {
        assert!(is_same_as_above("Som ovenfor."));
        assert!(is_same_as_above("  som ovenfor  "));
        assert!(is_same_as_above("SE OVENFOR"));
        assert!(!is_same_as_above("Som ovenfor, men kortere"));
    }
}
