//! The catalogue as a PDF (`/offentlig/katalog.pdf`): a pure function from the catalogue
//! document to bytes. A4, Helvetica with WinAnsiEncoding (a standard font every reader has, and
//! its encoding covers æøåÆØÅ, so nothing is embedded): a title page, a table of contents with
//! page numbers (clickable), then each service on its own page with its eight template fields,
//! and a footer with "Side N af M" on every page after the title.
//!
//! Layout is done here by hand (word wrapping with Helvetica's metrics) in two steps: the body
//! first, so every service's page is known, then the contents, whose length does not depend on
//! the page numbers (they sit in a fixed right-hand column).

use super::catalogue_doc::{CatalogueDoc, ServiceEntry};
use super::winansi::{encode, text_width};
use pdf_writer::types::{ActionType, AnnotationType};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
/// About 22 mm: A4 with room for binding and a printer's margin.
const MARGIN_X: f32 = 62.0;
const TOP: f32 = PAGE_H - 64.0;
/// Text stops here; the footer sits below.
const BOTTOM: f32 = 72.0;
const FOOTER_Y: f32 = 40.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
/// Right-hand column of the contents for page numbers.
const PAGE_NUMBER_W: f32 = 36.0;

const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

#[derive(Debug, Clone, Copy, PartialEq)]
enum Font {
    Regular,
    Bold,
}

#[derive(Debug, Clone)]
struct Run {
    font: Font,
    size: f32,
    gray: f32,
    x: f32,
    y: f32,
    text: Vec<u8>,
}

#[derive(Debug, Clone, Default)]
struct Page {
    runs: Vec<Run>,
    /// Horizontal rules: (x from, x to, y).
    rules: Vec<(f32, f32, f32)>,
    /// Clickable areas and the page (index in the final document) they go to.
    links: Vec<(Rect, usize)>,
}

/// A text style: font, size, gray (0 black) and the space before a paragraph.
#[derive(Debug, Clone, Copy)]
struct Style {
    font: Font,
    size: f32,
    gray: f32,
    before: f32,
}

const BODY: Style = Style { font: Font::Regular, size: 10.0, gray: 0.0, before: 5.0 };
const SMALL: Style = Style { font: Font::Regular, size: 9.0, gray: 0.25, before: 2.0 };
const FIELD_HEADING: Style = Style { font: Font::Bold, size: 11.0, gray: 0.0, before: 12.0 };
const SERVICE_TITLE: Style = Style { font: Font::Bold, size: 16.0, gray: 0.0, before: 6.0 };
const PAGE_HEADING: Style = Style { font: Font::Bold, size: 22.0, gray: 0.0, before: 0.0 };
const TOC_UNIT: Style = Style { font: Font::Bold, size: 13.0, gray: 0.0, before: 14.0 };
const TOC_CATEGORY: Style = Style { font: Font::Bold, size: 10.0, gray: 0.25, before: 6.0 };
const TOC_SERVICE: Style = Style { font: Font::Regular, size: 10.0, gray: 0.0, before: 2.0 };

fn leading(size: f32) -> f32 {
    size * 1.35
}

/// Lines of at most `width` points; a word longer than a line is broken by characters.
fn wrap(text: &str, width: f32, style: Style) -> Vec<Vec<u8>> {
    let bold = style.font == Font::Bold;
    let fits = |bytes: &[u8]| text_width(bytes, style.size, bold) <= width;
    let mut lines = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    for word in text.split_whitespace() {
        let word = encode(word);
        let mut candidate = line.clone();
        if !candidate.is_empty() {
            candidate.push(b' ');
        }
        candidate.extend_from_slice(&word);
        if fits(&candidate) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for byte in word {
            line.push(byte);
            if !fits(&line) && line.len() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, vec![byte]));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Pages being filled top to bottom.
struct Layout {
    pages: Vec<Page>,
    y: f32,
}

impl Layout {
    fn new() -> Self {
        Self { pages: vec![Page::default()], y: TOP }
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = TOP;
    }

    fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page unless `height` more points fit on this one.
    fn keep(&mut self, height: f32) {
        if self.y - height < BOTTOM && self.y < TOP {
            self.new_page();
        }
    }

    fn line(&mut self, text: Vec<u8>, x: f32, style: Style) {
        self.keep(leading(style.size));
        self.y -= leading(style.size);
        let y = self.y;
        self.page().runs.push(Run { font: style.font, size: style.size, gray: style.gray, x, y, text });
    }

    /// A wrapped paragraph at `indent`; a heading keeps at least two lines of text after it.
    fn paragraph(&mut self, text: &str, indent: f32, style: Style) {
        let lines = wrap(text, CONTENT_W - indent, style);
        if self.y < TOP {
            self.y -= style.before;
        }
        let keep_with_next = if style.font == Font::Bold { 3.0 * leading(BODY.size) } else { 0.0 };
        self.keep(leading(style.size) + keep_with_next);
        for line in lines {
            self.line(line, MARGIN_X + indent, style);
        }
    }

    /// A list item: a bullet, and the text indented past it on every line.
    fn bullet(&mut self, text: &str, indent: f32) {
        let hang = 12.0;
        let lines = wrap(text, CONTENT_W - indent - hang, BODY);
        self.y -= 2.0;
        for (i, line) in lines.into_iter().enumerate() {
            self.line(line, MARGIN_X + indent + hang, BODY);
            if i == 0 {
                let y = self.y;
                self.page().runs.push(Run { font: Font::Regular, size: BODY.size, gray: 0.0, x: MARGIN_X + indent, y, text: encode("•") });
            }
        }
    }

    fn rule(&mut self) {
        self.y -= 6.0;
        let y = self.y;
        self.page().rules.push((MARGIN_X, PAGE_W - MARGIN_X, y));
    }
}

fn title_page(doc: &CatalogueDoc) -> Page {
    let mut l = Layout::new();
    l.y = PAGE_H * 0.62;
    l.paragraph("Indsatskatalog", 0.0, Style { size: 34.0, ..PAGE_HEADING });
    l.paragraph("Tilbud til børn, unge og familier", 0.0, Style { font: Font::Regular, size: 16.0, gray: 0.2, before: 8.0 });
    l.rule();
    let units: Vec<&str> = doc.units.iter().map(|u| u.name.as_str()).collect();
    let count = match doc.service_count {
        1 => "1 tilbud".to_owned(),
        n => format!("{n} tilbud"),
    };
    let units = match units.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} og {last}", rest.join(", ")),
        _ => units.join(""),
    };
    l.paragraph(&format!("{count} fra {units}."), 0.0, Style { before: 10.0, ..BODY });
    l.paragraph(&format!("Udskrevet {}.", doc.printed), 0.0, BODY);
    l.paragraph(
        "Kataloget beskriver kommunens tilbud: hvem de er til, hvad der sker, og hvordan man får dem. Den nyeste udgave findes altid på kommunens hjemmeside under »Find hjælp«.",
        0.0,
        Style { before: 16.0, ..SMALL },
    );
    l.pages.truncate(1);
    l.pages.pop().unwrap_or_default()
}

/// The contents; `page_of[i]` is the final page index of the i-th service in document order.
fn contents(doc: &CatalogueDoc, page_of: &[usize]) -> Vec<Page> {
    let mut l = Layout::new();
    l.paragraph("Indhold", 0.0, PAGE_HEADING);
    let mut index = 0;
    for unit in &doc.units {
        l.paragraph(&unit.name, 0.0, TOC_UNIT);
        for category in &unit.categories {
            l.paragraph(&category.label, 10.0, TOC_CATEGORY);
            for service in category.steps.iter().flat_map(|s| s.services.iter()) {
                let target = page_of.get(index).copied().unwrap_or(0);
                index += 1;
                let top = l.y;
                let width = CONTENT_W - 20.0 - PAGE_NUMBER_W;
                l.y -= TOC_SERVICE.before;
                let start_page = l.page_index();
                for line in wrap(&service.name, width, TOC_SERVICE) {
                    l.line(line, MARGIN_X + 20.0, TOC_SERVICE);
                }
                // The number stands on the name's last line, right-aligned.
                let number = encode(&(target + 1).to_string());
                let x = PAGE_W - MARGIN_X - text_width(&number, TOC_SERVICE.size, false);
                let y = l.y;
                let page = l.page();
                page.runs.push(Run { font: Font::Regular, size: TOC_SERVICE.size, gray: 0.0, x, y, text: number });
                let link_top = if l.page_index() == start_page { top } else { TOP };
                l.page().links.push((Rect::new(MARGIN_X + 20.0, y - 3.0, PAGE_W - MARGIN_X, link_top), target));
            }
        }
    }
    l.pages
}

/// One service from a fresh page: where it belongs, its title, facts, and the seven texts.
fn service(l: &mut Layout, context: &str, s: &ServiceEntry) {
    l.paragraph(context, 0.0, SMALL);
    l.paragraph(&s.title, 0.0, SERVICE_TITLE);
    for fact in &s.facts {
        l.paragraph(fact, 0.0, SMALL);
    }
    l.rule();
    for (label, blocks) in &s.fields {
        l.paragraph(label, 0.0, FIELD_HEADING);
        if blocks.is_empty() {
            l.paragraph("Ikke beskrevet.", 0.0, Style { gray: 0.35, ..BODY });
        }
        for block in blocks {
            if block.list {
                for item in &block.lines {
                    l.bullet(item, 4.0);
                }
            } else {
                for line in &block.lines {
                    l.paragraph(line, 0.0, BODY);
                }
            }
        }
    }
}

/// The body pages and each service's page, counted from the first body page.
fn body(doc: &CatalogueDoc) -> (Vec<Page>, Vec<usize>) {
    let mut l = Layout { pages: Vec::new(), y: TOP };
    let mut starts = Vec::new();
    for unit in &doc.units {
        for category in &unit.categories {
            for step in &category.steps {
                for s in &step.services {
                    l.new_page();
                    starts.push(l.page_index());
                    service(&mut l, &format!("{} · {} · {}", unit.name, category.label, step.label), s);
                }
            }
        }
    }
    if l.pages.is_empty() {
        l.new_page();
        l.paragraph("Kataloget har ingen aktive tilbud.", 0.0, BODY);
    }
    (l.pages, starts)
}

fn footer(page: &mut Page, number: usize, total: usize, printed: &str) {
    let left = encode(&format!("Indsatskatalog · udskrevet {printed}"));
    let right = encode(&format!("Side {number} af {total}"));
    let x = PAGE_W - MARGIN_X - text_width(&right, SMALL.size, false);
    page.rules.push((MARGIN_X, PAGE_W - MARGIN_X, FOOTER_Y + 14.0));
    page.runs.push(Run { font: Font::Regular, size: SMALL.size, gray: SMALL.gray, x: MARGIN_X, y: FOOTER_Y, text: left });
    page.runs.push(Run { font: Font::Regular, size: SMALL.size, gray: SMALL.gray, x, y: FOOTER_Y, text: right });
}

/// Lays out every page, in order: title, contents, services.
fn pages(doc: &CatalogueDoc) -> Vec<Page> {
    let (body, starts) = body(doc);
    let toc_len = contents(doc, &vec![0; starts.len()]).len();
    let first_body = 1 + toc_len;
    let page_of: Vec<usize> = starts.iter().map(|s| first_body + s).collect();
    let mut all = vec![title_page(doc)];
    all.extend(contents(doc, &page_of));
    all.extend(body);
    let total = all.len();
    for (i, page) in all.iter_mut().enumerate().skip(1) {
        footer(page, i + 1, total, &doc.printed);
    }
    all
}

/// The catalogue as PDF bytes. Content streams are left uncompressed: the file stays small
/// (text only), and its text can be checked directly.
pub fn render(doc: &CatalogueDoc) -> Vec<u8> {
    let pages = pages(doc);
    let mut next = 0;
    let mut alloc = || {
        next += 1;
        Ref::new(next)
    };
    let catalog_id = alloc();
    let tree_id = alloc();
    let regular_id = alloc();
    let bold_id = alloc();
    let info_id = alloc();
    let page_ids: Vec<Ref> = pages.iter().map(|_| alloc()).collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog_id).pages(tree_id).lang(TextStr("da"));
    pdf.pages(tree_id).kids(page_ids.iter().copied()).count(i32::try_from(pages.len()).unwrap_or(i32::MAX));
    pdf.type1_font(regular_id).base_font(Name(b"Helvetica")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold_id).base_font(Name(b"Helvetica-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.document_info(info_id).title(TextStr("Indsatskatalog")).creator(TextStr("Familiehus"));

    for (page, page_id) in pages.iter().zip(&page_ids) {
        let content_id = alloc();
        let link_ids: Vec<Ref> = page.links.iter().map(|_| alloc()).collect();
        let mut writer = pdf.page(*page_id);
        writer.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H)).parent(tree_id).contents(content_id);
        if !link_ids.is_empty() {
            writer.annotations(link_ids.iter().copied());
        }
        writer.resources().fonts().pair(REGULAR, regular_id).pair(BOLD, bold_id);
        writer.finish();

        for ((rect, target), id) in page.links.iter().zip(&link_ids) {
            let Some(target_id) = page_ids.get(*target) else { continue };
            let mut link = pdf.annotation(*id);
            link.subtype(AnnotationType::Link).rect(*rect).border(0.0, 0.0, 0.0, None);
            link.action().action_type(ActionType::GoTo).destination().page(*target_id).xyz(0.0, PAGE_H, None);
        }

        let mut content = Content::new();
        if !page.rules.is_empty() {
            content.set_line_width(0.5).set_stroke_gray(0.5);
            for (x1, x2, y) in &page.rules {
                content.move_to(*x1, *y).line_to(*x2, *y).stroke();
            }
        }
        for run in &page.runs {
            content.set_fill_gray(run.gray);
            content.begin_text();
            content.set_font(if run.font == Font::Bold { BOLD } else { REGULAR }, run.size);
            content.next_line(run.x, run.y);
            content.show(Str(&run.text));
            content.end_text();
        }
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::public::catalogue_doc::build;
    use crate::public::catalogue_doc::tests::stored;
    use crate::public::winansi::decode;
    use chrono::NaiveDate;
    use familiehus_domain::Ladder;

    /// The text shown by `Tj` operators, one line per operator, decoded from WinAnsi: enough to
    /// check our own output (literal strings with escapes, or hex strings).
    pub(crate) fn extract_text(pdf: &[u8]) -> String {
        let mut out = String::new();
        let mut i = 0;
        while i < pdf.len() {
            let mut bytes = Vec::new();
            let end = match pdf[i] {
                b'(' => {
                    let mut j = i + 1;
                    while j < pdf.len() && pdf[j] != b')' {
                        if pdf[j] == b'\\' && j + 1 < pdf.len() {
                            j += 1;
                            if pdf[j].is_ascii_digit() {
                                let digits: Vec<u8> = pdf[j..].iter().take(3).take_while(|b| b.is_ascii_digit()).copied().collect();
                                let text = String::from_utf8_lossy(&digits).into_owned();
                                bytes.push(u8::from_str_radix(&text, 8).unwrap_or(b'?'));
                                j += digits.len();
                                continue;
                            }
                            bytes.push(match pdf[j] {
                                b'n' => b'\n',
                                b'r' => b'\r',
                                b't' => b'\t',
                                other => other,
                            });
                        } else {
                            bytes.push(pdf[j]);
                        }
                        j += 1;
                    }
                    j + 1
                }
                b'<' if pdf.get(i + 1) != Some(&b'<') => {
                    let close = pdf[i..].iter().position(|b| *b == b'>').map_or(pdf.len(), |p| i + p);
                    let hex = String::from_utf8_lossy(&pdf[i + 1..close]).into_owned();
                    bytes = (0..hex.len() / 2).filter_map(|k| u8::from_str_radix(hex.get(2 * k..2 * k + 2)?, 16).ok()).collect();
                    close + 1
                }
                _ => {
                    i += 1;
                    continue;
                }
            };
            if pdf.get(end..end + 3) == Some(b" Tj") {
                out.push_str(&decode(&bytes));
                out.push('\n');
            }
            i = end.max(i + 1);
        }
        out
    }

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
    fn pdf_has_a_header_every_name_and_many_pages() {
        let bytes = render(&doc());
        assert!(bytes.starts_with(b"%PDF"));
        let text = extract_text(&bytes);
        // Names may wrap in the contents; the service pages print them whole in the title.
        let flat = text.replace('\n', " ");
        for name in ["Familiebehandling (med forældre)", "Cool Kids – angstgruppe for børn på 9–12 år", "Åben, anonym rådgivning"] {
            assert!(flat.contains(name), "missing {name}");
        }
        assert!(text.contains("Indsatskatalog") && text.contains("Indhold"));
        assert!(text.contains("Målgruppe") && text.contains("Varighed/tidsbegrænsning"));
        assert!(String::from_utf8_lossy(&bytes).contains("/Count 6"), "expected six pages");
        // The long text flowed onto a second page: title, contents, 3 services, one overflow.
        assert!(text.contains("Side 6 af 6"), "{text}");
    }

    #[test]
    fn contents_point_at_each_services_page() {
        let all = pages(&doc());
        let toc = extract_text(&render(&doc()));
        // Units sort by name: Familiehuset's two services first, Cool Kids (step 2) before
        // Familiebehandling (step 4, two pages long), then the FTI unit's one service.
        let service_pages: Vec<usize> =
            all.iter().enumerate().filter(|(_, p)| p.runs.iter().any(|r| r.size == SERVICE_TITLE.size && r.font == Font::Bold)).map(|(i, _)| i + 1).collect();
        assert_eq!(service_pages, [3, 4, 6]);
        assert!(toc.contains("Åben, anonym rådgivning\n6\n"), "{toc}");
    }

    #[test]
    fn long_words_are_broken_and_lines_fit() {
        let lines = wrap(&"x".repeat(400), 100.0, BODY);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width(l, BODY.size, false) <= 100.0));
    }
}
