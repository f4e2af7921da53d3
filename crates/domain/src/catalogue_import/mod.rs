//! Catalogue import: turns text extracted from a catalogue PDF into structured service drafts.
//! STUB: being written.
