//! Entry boundaries. Labels are found first; a label starts a new entry when the line(s) just
//! before it form a title: a line with a legal marker (`jf.`, `§`, `SEL`, `BL`), or — when the
//! label repeats one the current entry already has — a short title-like line. A title with the
//! status word `Udgået` starts an entry even without any labels after it.
//! Everything else is field text of the current label (or preamble before the first entry).

use super::FieldKind;
use super::fields::{self, LabelHit};
use super::lines::Line;
use super::title;

/// One field as found: its label line and its text lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawField {
    pub kind: FieldKind,
    pub label_line: usize,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawEntry {
    pub title: Vec<Line>,
    /// In order of first appearance; a repeated label adds to the existing field.
    pub fields: Vec<RawField>,
    /// Lines of repeated labels.
    pub duplicates: Vec<(FieldKind, usize)>,
    /// Text between the title and the first label.
    pub outside: Vec<Line>,
}

impl RawEntry {
    fn new(title: Vec<Line>) -> Self {
        RawEntry { title, fields: Vec::new(), duplicates: Vec::new(), outside: Vec::new() }
    }

    fn has(&self, kind: FieldKind) -> bool {
        self.fields.iter().any(|f| f.kind == kind)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Split {
    /// Text before the first entry.
    pub preamble: Vec<Line>,
    pub entries: Vec<RawEntry>,
}

/// The title found at the end of the pending lines: `pending[start..end]` is the title,
/// `pending[end..]` stray text between title and label.
struct Candidate {
    start: usize,
    end: usize,
    marked: bool,
}

/// How many lines a title may wrap over, and how many stray lines may sit under it.
const MAX_TITLE_LINES: usize = 3;
const MAX_STRAY_LINES: usize = 2;

/// The title lines ending at `pending[last]`, following wraps backwards.
fn title_ending_at(pending: &[Line], last: usize) -> (usize, String) {
    let mut start = last;
    while start > 0 && last + 1 - start < MAX_TITLE_LINES && title::continues_title(&pending[start - 1].text, &pending[start].text) {
        start -= 1;
    }
    let mut text = String::new();
    for l in &pending[start..=last] {
        super::wrap::push_wrapped(&mut text, &l.text);
    }
    (start, text)
}

fn candidate(pending: &[Line]) -> Option<Candidate> {
    let last = pending.len().checked_sub(1)?;
    let (start, text) = title_ending_at(pending, last);
    if title::has_legal_marker(&text) {
        return title::plausible_marked_title(&text).then_some(Candidate { start, end: last + 1, marked: true });
    }
    // A marked title a line or two higher, with stray text under it; it must start a block
    // (not be the tail of a sentence from the field above).
    for end in (start.saturating_sub(MAX_STRAY_LINES)..start).rev() {
        let (s, t) = title_ending_at(pending, end);
        let starts_block = s == 0 || super::scan::ends_sentence(&pending[s - 1].text);
        if title::has_legal_marker(&t) && title::plausible_plain_title(&t) && starts_block {
            return Some(Candidate { start: s, end: end + 1, marked: true });
        }
    }
    title::plausible_plain_title(&text).then_some(Candidate { start, end: last + 1, marked: false })
}

struct Walker {
    split: Split,
    current: Option<RawEntry>,
    field: Option<FieldKind>,
    pending: Vec<Line>,
    /// Text after a repeated label starts a new paragraph of the merged field.
    break_next: bool,
}

impl Walker {
    /// Moves pending lines (up to `upto`) to the current field, entry or preamble.
    fn flush(&mut self, upto: usize) {
        let mut lines: Vec<Line> = self.pending.drain(..upto.min(self.pending.len())).collect();
        if let Some(first) = lines.first_mut().filter(|_| self.break_next) {
            first.para_break_before = true;
            self.break_next = false;
        }
        match (&mut self.current, self.field) {
            (Some(entry), Some(kind)) => {
                if let Some(f) = entry.fields.iter_mut().find(|f| f.kind == kind) {
                    f.lines.extend(lines);
                }
            }
            (Some(entry), None) => entry.outside.extend(lines),
            (None, _) => self.split.preamble.extend(lines),
        }
    }

    /// Starts an entry whose title is `pending[c.start..c.end]`.
    fn start_entry(&mut self, c: &Candidate) {
        self.flush(c.start);
        let title_len = c.end.saturating_sub(c.start).min(self.pending.len());
        let title: Vec<Line> = self.pending.drain(..title_len).collect();
        let outside: Vec<Line> = std::mem::take(&mut self.pending);
        if let Some(done) = self.current.take() {
            self.split.entries.push(done);
        }
        let mut entry = RawEntry::new(title);
        entry.outside = outside;
        self.current = Some(entry);
        self.field = None;
        self.break_next = false;
    }

    fn on_label(&mut self, hit: LabelHit, label_line: usize, rest_line: usize) {
        let cand = candidate(&self.pending);
        let new_entry = match (&self.current, &cand) {
            (None, _) => true,
            (Some(entry), Some(c)) => {
                let seen = entry.has(hit.kind);
                let goes_back = self.field.is_some_and(|f| hit.kind < f);
                // A repeated label always ends the entry; a marked title also ends it at a
                // "Målgruppe" or at a label earlier in the template than the current one.
                seen || (c.marked && (hit.kind == FieldKind::TargetGroup || goes_back))
            }
            (Some(_), None) => false,
        };
        if new_entry {
            match cand {
                Some(c) => self.start_entry(&c),
                None => self.start_entry(&Candidate { start: self.pending.len(), end: self.pending.len(), marked: false }),
            }
        } else {
            self.flush(self.pending.len());
        }
        self.break_next = false;
        let Some(entry) = self.current.as_mut() else { return };
        let lead = hit.line_chars.saturating_sub(super::scan::char_count(&hit.rest));
        let rest = (!hit.rest.is_empty()).then(|| Line { lead, ..Line::new(rest_line, hit.rest.clone()) });
        if let Some(existing) = entry.fields.iter_mut().find(|f| f.kind == hit.kind) {
            entry.duplicates.push((hit.kind, label_line));
            match rest {
                Some(mut rest) => {
                    rest.para_break_before = true;
                    existing.lines.push(rest);
                }
                None => self.break_next = true,
            }
        } else {
            entry.fields.push(RawField { kind: hit.kind, label_line, lines: rest.into_iter().collect() });
        }
        self.field = Some(hit.kind);
    }

    /// A retired title needs no labels after it: start its entry as soon as it is complete.
    fn after_text_line(&mut self) {
        let Some(last) = self.pending.last() else { return };
        if !title::has_status_word(&last.text) {
            return;
        }
        let (start, text) = title_ending_at(&self.pending, self.pending.len() - 1);
        if title::has_legal_marker(&text) && title::plausible_marked_title(&text) && !super::scan::ends_sentence(&text) {
            let end = self.pending.len();
            self.start_entry(&Candidate { start, end, marked: true });
        }
    }
}

pub(crate) fn split(lines: &[Line]) -> Split {
    let mut w = Walker { split: Split::default(), current: None, field: None, pending: Vec::new(), break_next: false };
    let mut i = 0;
    while i < lines.len() {
        let next = lines.get(i + 1).map(|l| l.text.as_str());
        if let Some(hit) = fields::recognise(&lines[i].text, next) {
            let used = hit.lines_used.clamp(1, lines.len() - i);
            // The label starts on line i; text after it sits on the label's last line.
            w.on_label(hit, lines[i].number, lines[i + used - 1].number);
            i += used;
        } else {
            w.pending.push(lines[i].clone());
            w.after_text_line();
            i += 1;
        }
    }
    w.flush(w.pending.len());
    if let Some(done) = w.current.take() {
        w.split.entries.push(done);
    }
    w.split
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.lines().enumerate().filter(|(_, t)| !t.trim().is_empty()).map(|(i, t)| Line::new(i + 1, t.trim())).collect()
    }

    fn titles(split: &Split) -> Vec<String> {
        split.entries.iter().map(|e| e.title.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" | ")).collect()
    }

    #[test]
    fn marked_titles_and_wrapped_titles() {
        let s = split(&lines("Forord\nA jf. SEL § 11\nMålgruppe X\nAndet Y\nB til\nforældre jf. SEL § 52\nMålgruppe Z"));
        assert_eq!(titles(&s), vec!["A jf. SEL § 11", "B til | forældre jf. SEL § 52"]);
        assert_eq!(s.preamble.len(), 1);
        assert_eq!(s.entries[0].fields.len(), 2);
    }

    #[test]
    fn a_marker_in_field_text_does_not_split() {
        let s = split(&lines("A jf. SEL § 11\nMålgruppe\nfamilier jf. § 52\nKvalitetsmål\nmål"));
        assert_eq!(s.entries.len(), 1);
        assert_eq!(s.entries[0].fields[0].lines.len(), 1);
    }

    #[test]
    fn title_without_reference_when_a_label_repeats() {
        let s = split(&lines("A jf. SEL § 11\nMålgruppe\nx\nAndet\ny.\nÅben rådgivning\nMålgruppe\nz"));
        assert_eq!(titles(&s), vec!["A jf. SEL § 11", "Åben rådgivning"]);
    }

    #[test]
    fn duplicates_and_retired_without_fields() {
        let s = split(&lines("A jf. SEL § 11\nMålgruppe\nx.\nMålgruppe\ny\nB jf. SEL § 12 (Udgået)\nC jf. SEL § 13\nMålgruppe\nz"));
        assert_eq!(titles(&s), vec!["A jf. SEL § 11", "B jf. SEL § 12 (Udgået)", "C jf. SEL § 13"]);
        assert_eq!(s.entries[0].duplicates, vec![(FieldKind::TargetGroup, 4)]);
    }

    #[test]
    fn stray_line_under_a_title() {
        let s = split(&lines("A jf. SEL § 11\nEt tilbud til familier\nMålgruppe\nx"));
        assert_eq!(titles(&s), vec!["A jf. SEL § 11"]);
        assert_eq!(s.entries[0].outside.len(), 1);
    }
}
