//! What the public pages show of a stored service, every value formatted for citizens: the
//! result card of "Find hjælp" and the sections and facts of a service's own page.

use super::text::{self, Block};
use familiehus_domain::{Delivery, Ladder, danish};
use familiehus_store::StoredService;

/// Where a service's own page lives.
pub fn service_href(id: i64) -> String {
    format!("/offentlig/tilbud/{id}")
}

/// One result of a search.
#[derive(Debug, Clone)]
pub struct ServiceCard {
    pub href: String,
    pub name: String,
    pub unit_name: String,
    pub summary: String,
    pub access_badge: &'static str,
    pub access_class: &'static str,
    pub age: String,
}

impl ServiceCard {
    pub fn new(s: &StoredService) -> Self {
        Self {
            href: service_href(s.id),
            name: s.service.name.clone(),
            unit_name: s.unit_name.clone(),
            summary: text::one_line(&s.service.texts.target_group, 160),
            access_badge: text::access_badge(s.service.access),
            access_class: text::access_class(s.service.access),
            age: text::age_text(s.service.age_range),
        }
    }
}

/// A heading and the text under it.
#[derive(Debug, Clone)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// A labelled fact about a service ("Alder", "Leveres af"), possibly several lines.
#[derive(Debug, Clone)]
pub struct Fact {
    pub label: &'static str,
    pub lines: Vec<String>,
}

/// A service's own page.
#[derive(Debug, Clone)]
pub struct ServiceDetail {
    pub name: String,
    pub unit_name: String,
    pub summary: String,
    pub access_badge: &'static str,
    pub access_class: &'static str,
    pub access_explained: String,
    pub emails: Vec<String>,
    pub sections: Vec<Section>,
    pub facts: Vec<Fact>,
}

/// `Trin 2: Forebyggende tilbud uden visitation (Forebyggende og foregribende tilbud)`, for staff.
pub fn ladder_text(step: u8, ladder: &Ladder) -> String {
    match ladder.step(step) {
        Some(s) => format!("Trin {}: {} ({})", s.number, s.label, s.category.label_da()),
        None => format!("Trin {step}"),
    }
}

/// `Forebyggende tilbud uden visitation (Forebyggende og foregribende tilbud)`: the step's own
/// words for citizens, without the ladder's step numbers, which are staff jargon.
pub fn ladder_text_for_citizens(step: u8, ladder: &Ladder) -> String {
    match ladder.step(step) {
        Some(s) => format!("{} ({})", s.label, s.category.label_da()),
        None => "Ikke oplyst".to_owned(),
    }
}

fn delivery_text(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::Individual => "Foregår individuelt eller med familien",
        Delivery::Group => "Foregår i en gruppe",
    }
}

/// The texts as sections, each paragraph shown once: a text that repeats an earlier one (an
/// imported "Som ovenfor" is stored resolved, e.g. the duration as the time use) joins that
/// section — its question is added to the heading — and a paragraph repeated inside a text is
/// dropped.
fn sections(texts: &[(&str, &str, &str)]) -> Vec<Section> {
    let mut shown: Vec<Shown> = Vec::new();
    for &(question, label, value) in texts {
        let mut blocks: Vec<Block> = Vec::new();
        for b in text::blocks(value) {
            if !blocks.contains(&b) {
                blocks.push(b);
            }
        }
        if blocks.is_empty() {
            continue;
        }
        match shown.iter_mut().find(|s| s.text.trim() == value.trim()) {
            Some(s) => {
                s.questions.push(question);
                s.labels.push(label);
            }
            None => shown.push(Shown { questions: vec![question], labels: vec![label], text: value, blocks }),
        }
    }
    shown.into_iter().map(|s| Section { heading: format!("{} ({})", s.questions.join(" "), join_and(&s.labels)), blocks: s.blocks }).collect()
}

/// A section being built: its questions, its field names, and its text for comparing.
struct Shown<'a> {
    questions: Vec<&'a str>,
    labels: Vec<&'a str>,
    text: &'a str,
    blocks: Vec<Block>,
}

/// `a`, `a og b`, `a, b og c`, with the later names in lower case (`Tidsforbrug og varighed`).
fn join_and(labels: &[&str]) -> String {
    let mut out = String::new();
    for (i, l) in labels.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == labels.len() { " og " } else { ", " });
            out.push_str(&l.to_lowercase());
        } else {
            out.push_str(l);
        }
    }
    out
}

impl ServiceDetail {
    pub fn new(s: &StoredService, ladder: &Ladder) -> Self {
        let service = &s.service;
        let t = &service.texts;
        // Headings are questions a citizen asks; the catalogue's own field names are in the
        // printable catalogue, which professionals use.
        let sections = sections(&[
            ("Hvem er tilbuddet til?", "Målgruppe", &t.target_group),
            ("Hvad skal tilbuddet føre til?", "Kvalitetsmål", &t.quality_goals),
            ("Hvad sker der?", "Aktiviteter", &t.activities),
            ("Hvad forventer vi af dig?", "Borgerens opgaver", &t.citizen_tasks),
            ("Hvor meget tid skal du regne med?", "Tidsforbrug", &t.time_use),
            ("Hvor længe varer det?", "Varighed", &t.duration),
            ("Godt at vide", "Andet", &t.other),
        ]);

        let mut facts = vec![
            Fact { label: "Alder", lines: vec![text::age_text(service.age_range)] },
            Fact { label: "Leveres af", lines: vec![s.unit_name.clone()] },
            Fact { label: "Form", lines: vec![delivery_text(service.delivery).to_owned()] },
            Fact { label: "Hvor indgribende er tilbuddet", lines: vec![ladder_text_for_citizens(service.ladder_step, ladder)] },
        ];
        if !service.legal_refs.is_empty() {
            facts.push(Fact { label: "Lovgrundlag", lines: service.legal_refs.iter().map(text::legal_ref_in_full).collect() });
        }
        if let Some(a) = &service.approval {
            facts.push(Fact { label: "Godkendt", lines: vec![format!("Af {} den {}", a.body, danish::date(a.date))] });
        }
        let all_texts = t.fields().map(|(_, _, v)| v);
        Self {
            name: service.name.clone(),
            unit_name: s.unit_name.clone(),
            summary: text::one_line(&t.target_group, 220),
            access_badge: text::access_badge(service.access),
            access_class: text::access_class(service.access),
            access_explained: text::access_explained(service.access, &s.unit_name),
            emails: if service.access == familiehus_domain::Access::Referral { Vec::new() } else { text::emails(all_texts) },
            sections,
            facts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_repeating_an_earlier_one_is_shown_once_under_both_questions() {
        let time = "Op til 5 samtaler.";
        let shown = sections(&[
            ("Hvem er tilbuddet til?", "Målgruppe", "Familier.\n\nFamilier."),
            ("Hvor meget tid skal du regne med?", "Tidsforbrug", time),
            ("Hvor længe varer det?", "Varighed", time),
            ("Godt at vide", "Andet", ""),
        ]);
        let headings: Vec<&str> = shown.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["Hvem er tilbuddet til? (Målgruppe)", "Hvor meget tid skal du regne med? Hvor længe varer det? (Tidsforbrug og varighed)"]);
        assert_eq!(shown[0].blocks.len(), 1, "a paragraph repeated inside a text is shown once");
    }

    #[test]
    fn the_ladder_is_described_in_words_not_step_numbers() {
        let ladder = Ladder::default();
        let text = ladder_text_for_citizens(2, &ladder);
        assert!(!text.contains("Trin") && !text.is_empty(), "{text}");
    }
}
