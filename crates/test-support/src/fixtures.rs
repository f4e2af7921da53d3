//! Fixtures written for Familiehus, committed with it, so the tests that use them always run.
//!
//! `fixtures/indsatskatalog-fjordby-2024.txt` is a fictional municipality's catalogue in the
//! style of text extracted from a catalogue PDF: double-spaced lines, hyphenated and wrapped
//! lines, bullets, headings split over two lines or followed by their text, a title over two
//! lines, running footers with page numbers, a `mailto:` link artefact, "Som ovenfor.", an empty
//! field, a retired service, numbered items and one approval line for the whole document. Its
//! texts are our own; only facts such as paragraph numbers are real.

use std::path::PathBuf;

/// The fixture catalogue's file name, under `fixtures/`.
pub const CATALOGUE_FILE: &str = "indsatskatalog-fjordby-2024.txt";

/// The fixture catalogue's text.
pub const CATALOGUE: &str = include_str!("../fixtures/indsatskatalog-fjordby-2024.txt");

/// The services in the fixture catalogue, in document order (one of them retired).
pub const CATALOGUE_SERVICES: [&str; 5] = [
    "Åben familierådgivning",
    "Familiebehandling",
    "Støttet samvær – når barnet skal bevare kontakten til en forælder, som det ikke bor hos",
    "Forældregruppe for nybagte forældre",
    "Netværksmøder",
];

/// The fixture catalogue as a file, for tests that hand a path to a program or a browser.
pub fn catalogue_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(CATALOGUE_FILE)
}
