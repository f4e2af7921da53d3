//! Catalogue import: turns text extracted from a catalogue PDF (the municipal "indsatskatalog"
//! template: title with legal basis, then seven labelled fields) into structured service drafts
//! plus warnings for a person to review. Pure and total: any input gives a result, never a panic.
//!
//! This file owns the public API and the pipeline order; every step lives in its own file:
//! `lines` (splitting, character clean-up) → `noise` (page furniture, table of contents; with
//! `repeated` for running headers that recur without a page break) →
//! `approval` (committee approval lines) → `entries` (titles, labels, entry boundaries) →
//! `assemble` (texts, names, legal references, per-entry warnings) → `same_as_above` →
//! `guesses` (anonymous access, group delivery, age range from the text; `age` reads ages).
//! `url` joins wrapped web addresses for `noise` and `wrap`.

mod age;
mod approval;
mod assemble;
mod bullets;
mod dates;
mod entries;
mod fields;
mod guesses;
mod lines;
mod messages;
mod noise;
mod repeated;
pub mod review;
mod same_as_above;
mod scan;
mod text;
mod title;
mod url;
mod wrap;

#[cfg(test)]
mod tests;

pub use guesses::ImportedGuesses;

use crate::legal_ref::LegalRef;
use chrono::NaiveDate;
use serde::Serialize;

/// Everything the importer found: the services in document order and what a person should check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportResult {
    pub services: Vec<ImportedService>,
    /// Sorted by line.
    pub warnings: Vec<ImportWarning>,
}

/// One service description as found in the text; a draft, not yet a validated `Service`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedService {
    /// The full title as written, wrapped lines joined (`Familiebehandling jf. SEL § 52.3.3`).
    pub title: String,
    /// The title without legal references and without the status word (`Familiebehandling`).
    pub name: String,
    pub legal_refs: Vec<LegalRef>,
    /// `Udgået` in the title: retired, kept for history.
    pub retired: bool,
    /// The entry's own approval line, else the document's.
    pub approval: Option<ImportedApproval>,
    pub texts: ImportedTexts,
    /// Settings proposed from the text (anonymous, group, age range), each with a warning.
    pub guesses: ImportedGuesses,
    /// 1-based line of the (first) title line in the input.
    pub source_line: usize,
}

/// "Godkendt i Børne- og Ungdomsudvalget den 20. april 2023".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedApproval {
    /// The approving body as written (`Børne- og Ungdomsudvalget`); empty if not named.
    pub body: String,
    pub date: Option<NaiveDate>,
}

/// The seven template fields below the title, as the catalogue stores them. Plain text:
/// paragraphs separated by a blank line, list items as lines starting with `- ` (or `1. `).
pub type ImportedTexts = crate::catalogue::ServiceTexts;

impl ImportedTexts {
    pub fn get(&self, kind: FieldKind) -> &str {
        match kind {
            FieldKind::TargetGroup => &self.target_group,
            FieldKind::QualityGoals => &self.quality_goals,
            FieldKind::Activities => &self.activities,
            FieldKind::CitizenTasks => &self.citizen_tasks,
            FieldKind::TimeUse => &self.time_use,
            FieldKind::Duration => &self.duration,
            FieldKind::Other => &self.other,
        }
    }

    pub(crate) fn get_mut(&mut self, kind: FieldKind) -> &mut String {
        match kind {
            FieldKind::TargetGroup => &mut self.target_group,
            FieldKind::QualityGoals => &mut self.quality_goals,
            FieldKind::Activities => &mut self.activities,
            FieldKind::CitizenTasks => &mut self.citizen_tasks,
            FieldKind::TimeUse => &mut self.time_use,
            FieldKind::Duration => &mut self.duration,
            FieldKind::Other => &mut self.other,
        }
    }
}

/// Something a person should look at; `message_da` is shown to users as is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportWarning {
    /// 1-based input line the warning is about.
    pub line: usize,
    /// Name of the service concerned, if any.
    pub service: Option<String>,
    pub kind: WarningKind,
    pub message_da: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum WarningKind {
    /// The label is absent, or present with no text under it.
    MissingField(FieldKind),
    /// "Som ovenfor" that could not be resolved: the text is kept as written.
    SameAsAbove(FieldKind),
    /// "Som ovenfor" replaced by the text it refers to (informational).
    ResolvedSameAsAbove(FieldKind),
    NoLegalReference,
    UnparsableLegalReference,
    /// The label occurs twice in one entry; the texts are concatenated.
    DuplicateField(FieldKind),
    /// Text that belongs to no field (before the first service, or between title and fields).
    TextOutsideEntry,
    /// An approval line without a date (a template's placeholder such as `den XX`): no
    /// approval can be stored from it.
    ApprovalWithoutDate,
    /// A setting proposed from the text, for a person to confirm.
    Guessed(GuessKind),
    NoServicesFound,
}

/// Which setting the importer proposed from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum GuessKind {
    AnonymousAccess,
    GroupDelivery,
    AgeRange,
}

/// The template fields, in template order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum FieldKind {
    TargetGroup,
    QualityGoals,
    Activities,
    CitizenTasks,
    TimeUse,
    Duration,
    Other,
}

impl FieldKind {
    pub const ALL: [FieldKind; 7] = [
        FieldKind::TargetGroup,
        FieldKind::QualityGoals,
        FieldKind::Activities,
        FieldKind::CitizenTasks,
        FieldKind::TimeUse,
        FieldKind::Duration,
        FieldKind::Other,
    ];

    /// The label as printed in the template.
    pub fn label_da(self) -> &'static str {
        match self {
            FieldKind::TargetGroup => "Målgruppe",
            FieldKind::QualityGoals => "Kvalitetsmål",
            FieldKind::Activities => "Aktiviteter, der kan indgå i indsatsen",
            FieldKind::CitizenTasks => "Borgerens opgaver",
            FieldKind::TimeUse => "Vejledende tidsforbrug",
            FieldKind::Duration => "Varighed/tidsbegrænsning",
            FieldKind::Other => "Andet",
        }
    }
}

/// Imports a whole catalogue text. Never fails: problems become warnings.
pub fn import_catalogue(text: &str) -> ImportResult {
    let raw = lines::split(text);
    let cleaned = noise::clean(&raw);
    let (content, found_approvals) = approval::extract(&cleaned.lines);
    let split = entries::split(&content);
    let mut warnings = Vec::new();
    let mut drafts = assemble::drafts(&split, cleaned.typical_width, &mut warnings);
    same_as_above::resolve(&mut drafts, &mut warnings);
    guesses::propose(&mut drafts, &mut warnings);
    let running = approval::from_running_lines(&cleaned.running);
    approval::assign(&mut drafts, &found_approvals, running, &mut warnings);
    let services: Vec<ImportedService> = drafts.into_iter().map(|d| d.service).collect();
    if services.is_empty() {
        warnings.push(messages::no_services());
    }
    // Stable: warnings on the same line keep the order they were found in.
    warnings.sort_by_key(|w| w.line);
    ImportResult { services, warnings }
}
