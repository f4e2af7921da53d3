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

/// `Trin 2: Forebyggende tilbud uden visitation (Forebyggende og foregribende tilbud)`.
pub fn ladder_text(step: u8, ladder: &Ladder) -> String {
    match ladder.step(step) {
        Some(s) => format!("Trin {}: {} ({})", s.number, s.label, s.category.label_da()),
        None => format!("Trin {step}"),
    }
}

fn delivery_text(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::Individual => "Foregår individuelt eller med familien",
        Delivery::Group => "Foregår i en gruppe",
    }
}

impl ServiceDetail {
    pub fn new(s: &StoredService, ladder: &Ladder) -> Self {
        let service = &s.service;
        let t = &service.texts;
        // Headings are questions a citizen asks; the catalogue's own field names are in the
        // printable catalogue, which professionals use.
        let mut sections = Vec::new();
        let mut section = |heading: &str, texts: &[&str]| {
            let blocks: Vec<Block> = texts.iter().flat_map(|t| text::blocks(t)).collect();
            if !blocks.is_empty() {
                sections.push(Section { heading: heading.to_owned(), blocks });
            }
        };
        section("Hvem er tilbuddet til? (Målgruppe)", &[&t.target_group]);
        section("Hvad skal tilbuddet føre til? (Kvalitetsmål)", &[&t.quality_goals]);
        section("Hvad sker der? (Aktiviteter)", &[&t.activities]);
        section("Hvad forventer vi af dig? (Borgerens opgaver)", &[&t.citizen_tasks]);
        section("Hvor meget tid skal du regne med? (Tidsforbrug)", &[&t.time_use]);
        section("Hvor længe varer det? (Varighed)", &[&t.duration]);
        section("Godt at vide (Andet)", &[&t.other]);

        let mut facts = vec![
            Fact { label: "Alder", lines: vec![text::age_text(service.age_range)] },
            Fact { label: "Leveres af", lines: vec![s.unit_name.clone()] },
            Fact { label: "Form", lines: vec![delivery_text(service.delivery).to_owned()] },
            Fact { label: "Indsatstrappen", lines: vec![ladder_text(service.ladder_step, ladder)] },
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
