//! Accessible PDF documents for what leaves the house (the published catalogue, the committee
//! report), written with krilla: tagged (headings, paragraphs, lists, tables and the contents in
//! reading order; page footers and rules as artifacts), PDF/UA-1 as the validation target
//! (krilla refuses to write a file that breaks a rule it can check), bookmarks from the headings,
//! document language Danish, the title in the metadata and shown as the window title, and the
//! vendored DejaVu Sans embedded (subset) so a fresh machine without fonts renders the same.
//!
//! A document is a list of blocks (`Block`); `render` lays them out on A4 pages (portrait or
//! landscape) and writes the file. Layout runs twice: the first pass finds the page of every
//! heading, the second prints those page numbers in the contents (they sit in a fixed right-hand
//! column, so the second pass breaks pages exactly as the first).

mod layout;
mod metrics;

use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::{Document as KrillaDocument, SerializeSettings};

pub use layout::Block;

/// DejaVu Sans (Bitstream Vera licence, `assets/LICENSE-DejaVu.txt`): free, with every Danish
/// letter, §, en dash and the true minus sign.
const REGULAR: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../assets/DejaVuSans-Bold.ttf");

/// A table: header row, body rows, and the last `total_rows` rows as its footer (bold, tagged
/// `TFoot`). `widths` are relative column widths; `numeric` columns are right-aligned.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub widths: Vec<f32>,
    pub numeric: Vec<bool>,
    pub total_rows: usize,
}

/// One line of the contents: its text and the heading (counted among all headings of the
/// document, from 0) it leads to.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentsEntry {
    pub text: String,
    pub level: u16,
    pub heading: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The document's title: metadata, window title, and the footer's left side.
    pub title: String,
    pub landscape: bool,
    pub blocks: Vec<Block>,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the vendored font could not be read")]
    Font,
    #[error("krilla refused the document: {0}")]
    Krilla(String),
}

/// The document as PDF bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let fonts = metrics::Fonts::load(REGULAR, BOLD).ok_or(PdfError::Font)?;
    let size = if doc.landscape { (layout::A4_H, layout::A4_W) } else { (layout::A4_W, layout::A4_H) };
    let first = layout::lay_out(doc, &fonts, size, &[]);
    let pages = layout::lay_out(doc, &fonts, size, &first.heading_pages);

    let configuration =
        ConfigurationBuilder::new().with_accessibility_validator(Accessibility::UA1).finish().map_err(|e| PdfError::Krilla(format!("{e:?}")))?;
    let settings = SerializeSettings { configuration, enable_tagging: true, ..Default::default() };
    let mut document = KrillaDocument::new_with(settings);
    let tree = layout::emit(&mut document, &pages, &fonts, size, &doc.title);
    document.set_tag_tree(tree);

    // Bookmarks from headings of levels 1–3, nested by level (field headings stay out).
    let mut outline = Outline::new();
    let mut stack: Vec<(u16, OutlineNode)> = Vec::new();
    let attach = |stack: &mut Vec<(u16, OutlineNode)>, outline: &mut Outline, node: OutlineNode| match stack.last_mut() {
        Some((_, parent)) => parent.push_child(node),
        None => outline.push_child(node),
    };
    for h in pages.headings.iter().filter(|h| h.level <= 3) {
        while stack.last().is_some_and(|(level, _)| *level >= h.level) {
            if let Some((_, done)) = stack.pop() {
                attach(&mut stack, &mut outline, done);
            }
        }
        stack.push((h.level, OutlineNode::new(h.text.clone(), XyzDestination::new(h.page, Point::from_xy(0.0, h.y)))));
    }
    while let Some((_, done)) = stack.pop() {
        attach(&mut stack, &mut outline, done);
    }
    document.set_outline(outline);
    document.set_metadata(Metadata::new().title(doc.title.clone()).language("da".to_owned()).creator("Familiehus".to_owned()));
    document.finish().map_err(|e| PdfError::Krilla(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        let mut rows: Vec<Vec<String>> = (0..60)
            .map(|i| vec![format!("§ 52.{i}"), format!("Indsats nummer {i} med et langt navn, der må ombrydes over flere linjer"), format!("{i},50")])
            .collect();
        rows.push(vec![String::new(), "I alt".into(), "99,00".into()]);
        Document {
            title: "Prøve på æøå".into(),
            landscape: false,
            blocks: vec![
                Block::Heading { level: 1, text: "Prøve på æøå".into() },
                Block::Contents(vec![ContentsEntry { text: "Afsnit to".into(), level: 2, heading: 1 }]),
                Block::Paragraph("Et afsnit med − minus, § og »citat«. ".repeat(30)),
                Block::Heading { level: 2, text: "Afsnit to".into() },
                Block::List(vec!["Første punkt".into(), "Andet punkt, der er langt nok til at blive ombrudt over mere end én linje på siden".into()]),
                Block::Table(Table {
                    headers: vec!["Paragraf".into(), "Indsats".into(), "Dage".into()],
                    rows,
                    widths: vec![1.0, 4.0, 1.0],
                    numeric: vec![false, false, true],
                    total_rows: 1,
                }),
                Block::Small("Fodnote.".into()),
            ],
        }
    }

    #[test]
    fn a_document_renders_and_is_accepted_by_the_ua1_validator() {
        let bytes = render(&sample()).expect("render");
        assert!(bytes.starts_with(b"%PDF"));
        let tags = familiehus_test_support::pdf::check_accessible(
            &bytes,
            "Prøve på æøå",
            &["H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody", "TFoot", "TR", "TH", "TD", "TOC", "TOCI", "Link"],
        );
        assert!(tags.is_ok(), "{tags:?}");
        // The check can fail: a PDF without a title or with another one is refused.
        assert!(familiehus_test_support::pdf::check_accessible(&bytes, "Andet", &[]).is_err());
    }

    #[test]
    fn long_tables_continue_on_the_next_page() {
        let fonts = metrics::Fonts::load(REGULAR, BOLD).expect("fonts");
        let pages = layout::lay_out(&sample(), &fonts, (layout::A4_W, layout::A4_H), &[]);
        assert!(pages.pages.len() >= 2, "{} pages", pages.pages.len());
        assert_eq!(pages.headings.len(), 2);
    }
}
