//! From raw entries to service drafts: title analysis (name, references, status), rendered field
//! texts, and the per-entry warnings (references, missing, empty and repeated fields, stray text).

use super::entries::{RawEntry, Split};
use super::lines::Line;
use super::{FieldKind, ImportWarning, ImportedService, ImportedTexts, messages, text, title, wrap};

/// A service plus what later steps need to know about where its fields were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Draft {
    pub service: ImportedService,
    /// Fields in the order their labels appeared, with the label's line.
    pub field_lines: Vec<(FieldKind, usize)>,
}

fn joined(lines: &[Line]) -> String {
    let mut out = String::new();
    for l in lines {
        wrap::push_wrapped(&mut out, &l.text);
    }
    out
}

pub(crate) fn drafts(split: &Split, typical_width: usize, warnings: &mut Vec<ImportWarning>) -> Vec<Draft> {
    if let Some(first) = split.preamble.first() {
        warnings.push(messages::text_before_first_service(first.number, &joined(&split.preamble)));
    }
    split.entries.iter().map(|entry| draft(entry, typical_width, warnings)).collect()
}

fn draft(entry: &RawEntry, typical_width: usize, warnings: &mut Vec<ImportWarning>) -> Draft {
    let title_text = joined(&entry.title);
    let source_line = entry.title.first().or(entry.outside.first()).map(|l| l.number).or(entry.fields.first().map(|f| f.label_line)).unwrap_or(1);
    let parts = title::analyse(&title_text);
    let name = parts.name.clone();

    let mut texts = ImportedTexts::default();
    for field in &entry.fields {
        *texts.get_mut(field.kind) = text::render(&field.lines, typical_width);
    }

    if !parts.has_marker {
        warnings.push(messages::no_legal_reference(source_line, &name, &title_text));
    } else if parts.legal_refs.is_empty() {
        warnings.push(messages::unparsable_legal_reference(source_line, &name, &title_text));
    }
    if let Some(first) = entry.outside.first() {
        warnings.push(messages::text_outside_fields(first.number, &name, &joined(&entry.outside)));
    }
    for &(kind, line) in &entry.duplicates {
        warnings.push(messages::duplicate_field(line, &name, kind));
    }
    // A retired service is kept for history only: gaps in its text need no action.
    if !parts.retired {
        for kind in FieldKind::ALL {
            if !texts.get(kind).is_empty() {
                continue;
            }
            match entry.fields.iter().find(|f| f.kind == kind) {
                Some(f) => warnings.push(messages::empty_field(f.label_line, &name, kind)),
                None => warnings.push(messages::missing_field(source_line, &name, kind)),
            }
        }
    }

    let service = ImportedService {
        title: title_text,
        name,
        legal_refs: parts.legal_refs,
        retired: parts.retired,
        approval: None,
        texts,
        guesses: Default::default(),
        source_line,
    };
    Draft { service, field_lines: entry.fields.iter().map(|f| (f.kind, f.label_line)).collect() }
}
