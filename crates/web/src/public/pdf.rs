//! The catalogue as an accessible PDF (`/offentlig/katalog.pdf`): a pure function from the
//! catalogue document to bytes, through `familiehus-pdf` (tagged, PDF/UA-1, bookmarks, Danish,
//! DejaVu Sans embedded). A title page, the contents (each line a link to its service's page,
//! with the page number), then each service from a new page: where it belongs, its title as a
//! heading, the facts as a list, and the seven template fields as headings with their
//! paragraphs and lists.
//!
//! Headings: the catalogue's name is the one H1; each unit an H2 (a bookmark, with its services
//! below it); each service an H3 in the unit's bookmark; field names are H4.

use super::catalogue_doc::CatalogueDoc;
use familiehus_pdf::{Block, ContentsEntry, Document, PdfError};

/// The document title in the metadata and the window.
pub const TITLE: &str = "Indsatskatalog";

/// The blocks of the whole catalogue, in reading order.
fn blocks(doc: &CatalogueDoc) -> Vec<Block> {
    let units: Vec<&str> = doc.units.iter().map(|u| u.name.as_str()).collect();
    let count = match doc.service_count {
        1 => "1 tilbud".to_owned(),
        n => format!("{n} tilbud"),
    };
    let units = match units.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} og {last}", rest.join(", ")),
        _ => units.join(""),
    };
    let mut out = vec![
        Block::Heading { level: 1, text: TITLE.to_owned() },
        Block::Paragraph("Tilbud til børn, unge og familier".to_owned()),
        Block::Paragraph(format!("{count} fra {units}.")),
        Block::Paragraph(format!("Udskrevet {}.", doc.printed)),
        Block::Small(
            "Kataloget beskriver kommunens tilbud: hvem de er til, hvad der sker, og hvordan man får dem. Den nyeste udgave findes altid på kommunens hjemmeside under »Find hjælp«."
                .to_owned(),
        ),
        Block::PageBreak,
        Block::Heading { level: 2, text: "Indhold".to_owned() },
    ];
    // Headings are counted in document order: 0 the title, 1 "Indhold", then per unit its H2
    // followed by each service's H3 and that service's field headings.
    let mut entries = Vec::new();
    let mut heading = 2;
    for unit in &doc.units {
        entries.push(ContentsEntry { text: unit.name.clone(), level: 1, heading });
        heading += 1;
        for category in &unit.categories {
            for service in category.steps.iter().flat_map(|s| s.services.iter()) {
                entries.push(ContentsEntry { text: service.name.clone(), level: 2, heading });
                heading += 1 + service.fields.len();
            }
        }
    }
    out.push(Block::Contents(entries));
    if doc.units.is_empty() {
        out.push(Block::Paragraph("Kataloget har ingen aktive tilbud.".to_owned()));
    }
    for unit in &doc.units {
        out.push(Block::PageBreak);
        out.push(Block::Heading { level: 2, text: unit.name.clone() });
        let mut first = true;
        for category in &unit.categories {
            for step in &category.steps {
                for s in &step.services {
                    if !first {
                        out.push(Block::PageBreak);
                    }
                    first = false;
                    out.push(Block::Small(format!("{} · {} · {}", unit.name, category.label, step.label)));
                    out.push(Block::Heading { level: 3, text: s.title.clone() });
                    if !s.facts.is_empty() {
                        out.push(Block::List(s.facts.clone()));
                    }
                    for (label, field_blocks) in &s.fields {
                        out.push(Block::Heading { level: 4, text: (*label).to_owned() });
                        if field_blocks.is_empty() {
                            out.push(Block::Paragraph("Ikke beskrevet.".to_owned()));
                        }
                        for block in field_blocks {
                            if block.list {
                                out.push(Block::List(block.lines.clone()));
                            } else {
                                out.extend(block.lines.iter().map(|l| Block::Paragraph(l.clone())));
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// The catalogue as PDF bytes.
pub fn render(doc: &CatalogueDoc) -> Result<Vec<u8>, PdfError> {
    familiehus_pdf::render(&Document { title: TITLE.to_owned(), landscape: false, blocks: blocks(doc) })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::public::catalogue_doc::build;
    use crate::public::catalogue_doc::tests::stored;
    use chrono::NaiveDate;
    use familiehus_domain::Ladder;

    fn doc() -> CatalogueDoc {
        let mut services = vec![
            stored(1, 1, "Familiehuset", "Familiebehandling (med forældre)", 4),
            stored(2, 1, "Familiehuset", "Cool Kids – angstgruppe for børn på 9–12 år", 2),
            stored(3, 2, "Forebyggelse og Tidlig Indsats", "Åben, anonym rådgivning", 1),
        ];
        services[0].service.texts.other = "Lang tekst. ".repeat(400);
        build(&services, &Ladder::default(), NaiveDate::from_ymd_opt(2022, 4, 26).unwrap_or_default())
    }

    #[test]
    fn the_catalogue_pdf_is_tagged_with_headings_lists_contents_and_embedded_fonts() {
        let bytes = render(&doc()).expect("pdf");
        let tags = familiehus_test_support::pdf::check_accessible(&bytes, TITLE, &["H1", "H2", "H3", "H4", "P", "L", "LI", "TOC", "TOCI", "Link"]);
        assert!(tags.is_ok(), "{tags:?}");
    }

    #[test]
    fn the_contents_point_at_each_units_and_services_heading() {
        let blocks = blocks(&doc());
        let headings: Vec<&str> = blocks.iter().filter_map(|b| if let Block::Heading { text, .. } = b { Some(text.as_str()) } else { None }).collect();
        let Some(Block::Contents(entries)) = blocks.iter().find(|b| matches!(b, Block::Contents(_))) else { panic!("no contents") };
        assert_eq!(entries.len(), 2 + 3, "two units, three services");
        for entry in entries {
            let target = headings.get(entry.heading).copied().unwrap_or_default();
            assert!(target.starts_with(&entry.text) || target == entry.text || target.contains(&entry.text), "{} → {target}", entry.text);
        }
    }
}
