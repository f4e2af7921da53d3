//! Lays blocks out on pages (`lay_out`: pure arithmetic, positions and a skeleton of the tag
//! tree) and draws them with krilla (`emit`), tagging every line of text as a marked-content
//! span in its structure element and every rule and footer as an artifact. y grows downwards,
//! as in krilla.

use crate::metrics::Fonts;
use crate::{ContentsEntry, Document, Table};
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::tagging::{Artifact, ArtifactType, ContentTag, ListNumbering, Node, SpanTag, TableHeaderScope, Tag, TagGroup, TagKind, TagTree};
use krilla::text::TextDirection;
use std::num::NonZeroU16;

pub(crate) const A4_W: f32 = 595.28;
pub(crate) const A4_H: f32 = 841.89;
const MARGIN: f32 = 56.0;
const FOOTER_SPACE: f32 = 40.0;
const BODY: f32 = 10.0;
const SMALL: f32 = 8.5;
const CELL: f32 = 8.5;
const PAD: f32 = 3.0;
const NUMBER_COLUMN: f32 = 36.0;

/// What a document is made of.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, level 1–4; levels 1–3 are bookmarks.
    Heading {
        level: u16,
        text: String,
    },
    Paragraph(String),
    /// A paragraph in smaller, gray type (notes, context lines).
    Small(String),
    List(Vec<String>),
    Table(Table),
    /// The next block starts on a new page.
    PageBreak,
    /// A table of contents, each line linking to its heading's page.
    Contents(Vec<ContentsEntry>),
}

/// The structure elements the layout uses.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    H(u16),
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    THead,
    TBody,
    TFoot,
    TR,
    TH,
    TD,
    Toc,
    Toci,
    Link,
}

#[derive(Debug, Clone)]
enum Child {
    Element(usize),
    /// Index of a tagged text run.
    Content(usize),
    /// Index of a link annotation.
    Annotation(usize),
}

#[derive(Debug, Clone)]
struct Element {
    kind: Kind,
    title: Option<String>,
    children: Vec<Child>,
}

#[derive(Debug, Clone)]
struct Run {
    x: f32,
    baseline: f32,
    size: f32,
    bold: bool,
    gray: u8,
    text: String,
    /// The tagged content's index, or `None` for an artifact (a repeated table header).
    content: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Page {
    runs: Vec<Run>,
    /// Lines: (x1, y1, x2, y2).
    rules: Vec<(f32, f32, f32, f32)>,
    /// Link areas (left, top, right, bottom), the target page, and the annotation's index.
    links: Vec<(Rect, usize, usize)>,
}

pub(crate) struct Heading {
    pub level: u16,
    pub text: String,
    pub page: usize,
    pub y: f32,
}

pub(crate) struct Laid {
    pub pages: Vec<Page>,
    pub headings: Vec<Heading>,
    /// Page index of each heading, in order (input of the second pass).
    pub heading_pages: Vec<usize>,
    elements: Vec<Element>,
    roots: Vec<usize>,
}

struct Ctx<'a> {
    fonts: &'a Fonts,
    width: f32,
    height: f32,
    y: f32,
    pages: Vec<Page>,
    elements: Vec<Element>,
    roots: Vec<usize>,
    contents: usize,
    annotations: usize,
    headings: Vec<Heading>,
}

fn leading(size: f32) -> f32 {
    size * 1.4
}

impl Ctx<'_> {
    fn left(&self) -> f32 {
        MARGIN
    }
    fn content_width(&self) -> f32 {
        self.width - 2.0 * MARGIN
    }
    fn bottom(&self) -> f32 {
        self.height - MARGIN - FOOTER_SPACE
    }
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }
    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN;
    }
    /// A new page unless `height` more points fit (and something is on this page already).
    fn keep(&mut self, height: f32) {
        if self.y + height > self.bottom() && self.y > MARGIN {
            self.new_page();
        }
    }
    fn element(&mut self, kind: Kind, parent: Option<usize>) -> usize {
        self.element_titled(kind, None, parent)
    }
    fn element_titled(&mut self, kind: Kind, title: Option<String>, parent: Option<usize>) -> usize {
        let id = self.elements.len();
        self.elements.push(Element { kind, title, children: Vec::new() });
        match parent {
            Some(p) => self.elements[p].children.push(Child::Element(id)),
            None => self.roots.push(id),
        }
        id
    }
    /// One tagged line at (x, current y + leading) in `element`.
    fn line(&mut self, element: usize, x: f32, text: String, size: f32, bold: bool, gray: u8) {
        let content = self.contents;
        self.contents += 1;
        self.elements[element].children.push(Child::Content(content));
        let baseline = self.y + size;
        self.page().runs.push(Run { x, baseline, size, bold, gray, text, content: Some(content) });
    }
    fn wrap(&self, text: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
        wrap(self.fonts, text, width, size, bold)
    }

    /// A wrapped paragraph, `before` points below what precedes it.
    fn paragraph(&mut self, element: usize, text: &str, (size, bold, gray): (f32, bool, u8), before: f32) {
        if self.y > MARGIN {
            self.y += before;
        }
        let lines = self.wrap(text, self.content_width(), size, bold);
        self.keep(leading(size));
        for line in lines {
            self.keep(leading(size));
            let x = self.left();
            self.line(element, x, line, size, bold, gray);
            self.y += leading(size);
        }
    }

    fn list(&mut self, items: &[String]) {
        let list = self.element(Kind::L, None);
        let hang = 12.0;
        self.y += 3.0;
        for item in items {
            let li = self.element(Kind::LI, Some(list));
            let lbl = self.element(Kind::Lbl, Some(li));
            let body = self.element(Kind::LBody, Some(li));
            let lines = self.wrap(item, self.content_width() - hang, BODY, false);
            self.keep(leading(BODY));
            self.y += 2.0;
            let x = self.left();
            self.line(lbl, x, "•".into(), BODY, false, 0);
            for line in lines {
                self.keep(leading(BODY));
                let x = self.left() + hang;
                self.line(body, x, line, BODY, false, 0);
                self.y += leading(BODY);
            }
        }
    }

    fn table(&mut self, t: &Table) {
        let total: f32 = t.widths.iter().sum::<f32>().max(f32::EPSILON);
        let widths: Vec<f32> = t.widths.iter().map(|w| w / total * self.content_width()).collect();
        let table = self.element(Kind::Table, None);
        self.y += 6.0;
        let head = self.element(Kind::THead, Some(table));
        let header_height = self.row_height(&t.headers, &widths, true);
        self.keep(header_height + 3.0 * leading(CELL));
        let tr = self.element(Kind::TR, Some(head));
        self.row(&t.headers, &widths, &t.numeric, (true, true), Some(tr));
        let body_rows = t.rows.len().saturating_sub(t.total_rows);
        let body = self.element(Kind::TBody, Some(table));
        let foot = if t.total_rows > 0 { Some(self.element(Kind::TFoot, Some(table))) } else { None };
        for (i, cells) in t.rows.iter().enumerate() {
            let is_total = i >= body_rows;
            let height = self.row_height(cells, &widths, is_total);
            if self.y + height > self.bottom() {
                self.new_page();
                // The header again on the new page, as an artifact: the structure has it once.
                self.row(&t.headers, &widths, &t.numeric, (true, true), None);
            }
            let parent = if is_total { foot.unwrap_or(body) } else { body };
            let tr = self.element(Kind::TR, Some(parent));
            self.row(cells, &widths, &t.numeric, (false, is_total), Some(tr));
        }
    }

    fn row_height(&self, cells: &[String], widths: &[f32], bold: bool) -> f32 {
        let lines = cells.iter().zip(widths).map(|(c, w)| self.wrap(c, w - 2.0 * PAD, CELL, bold).len().max(1)).max().unwrap_or(1);
        lines as f32 * leading(CELL) + 2.0 * PAD
    }

    /// One table row at the current y; `tr` is its structure element (`None`: an artifact).
    fn row(&mut self, cells: &[String], widths: &[f32], numeric: &[bool], (is_header, header_or_total): (bool, bool), tr: Option<usize>) {
        let height = self.row_height(cells, widths, header_or_total);
        let top = self.y;
        let mut x = self.left();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let cell_element = tr.map(|t| self.element(if is_header { Kind::TH } else { Kind::TD }, Some(t)));
            let right = numeric.get(i).copied().unwrap_or(false) && !is_header;
            let mut y = top + PAD;
            for line in self.wrap(cell, w - 2.0 * PAD, CELL, header_or_total) {
                let lx = if right { x + w - PAD - self.fonts.face(header_or_total).width(&line, CELL) } else { x + PAD };
                let baseline = y + CELL;
                match cell_element {
                    Some(e) => {
                        let saved = self.y;
                        self.y = y;
                        self.line(e, lx, line, CELL, header_or_total, 0);
                        self.y = saved;
                    }
                    None => self.page().runs.push(Run { x: lx, baseline, size: CELL, bold: true, gray: 0, text: line, content: None }),
                }
                y += leading(CELL);
            }
            x += w;
        }
        let right_edge = self.left() + widths.iter().sum::<f32>();
        let left = self.left();
        self.page().rules.push((left, top + height, right_edge, top + height));
        if header_or_total {
            self.page().rules.push((left, top, right_edge, top));
        }
        self.y = top + height;
    }

    fn contents(&mut self, entries: &[ContentsEntry], heading_pages: &[usize]) {
        let toc = self.element(Kind::Toc, None);
        for entry in entries {
            let toci = self.element(Kind::Toci, Some(toc));
            let link = self.element(Kind::Link, Some(toci));
            let indent = 14.0 * f32::from(entry.level.saturating_sub(1));
            let bold = entry.level <= 1;
            let width = self.content_width() - indent - NUMBER_COLUMN;
            let lines = self.wrap(&entry.text, width, BODY, bold);
            self.y += if bold { 8.0 } else { 2.0 };
            self.keep(leading(BODY) * lines.len() as f32);
            let top = self.y;
            let target = heading_pages.get(entry.heading).copied().unwrap_or(0);
            let count = lines.len();
            for (i, line) in lines.into_iter().enumerate() {
                let x = self.left() + indent;
                self.line(link, x, line, BODY, bold, 0);
                if i + 1 == count {
                    let number = (target + 1).to_string();
                    let nx = self.left() + self.content_width() - self.fonts.face(false).width(&number, BODY);
                    self.line(link, nx, number, BODY, false, 0);
                }
                self.y += leading(BODY);
            }
            let annotation = self.annotations;
            self.annotations += 1;
            self.elements[link].children.push(Child::Annotation(annotation));
            let left = self.left() + indent;
            let right = self.left() + self.content_width();
            let bottom = self.y;
            if let Some(rect) = Rect::from_ltrb(left, top, right, bottom) {
                self.page().links.push((rect, target, annotation));
            }
        }
    }
}

/// Lines of at most `width` points; a word longer than a line is broken by characters.
fn wrap(fonts: &Fonts, text: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
    let face = fonts.face(bold);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
        if face.width(&candidate, size) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if face.width(&line, size) > width && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Positions of every block; `heading_pages` from a first pass fills in the contents' numbers.
pub(crate) fn lay_out(doc: &Document, fonts: &Fonts, (width, height): (f32, f32), heading_pages: &[usize]) -> Laid {
    let mut c = Ctx {
        fonts,
        width,
        height,
        y: MARGIN,
        pages: vec![Page::default()],
        elements: Vec::new(),
        roots: Vec::new(),
        contents: 0,
        annotations: 0,
        headings: Vec::new(),
    };
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                let level = (*level).clamp(1, 4);
                let size = match level {
                    1 => 18.0,
                    2 => 15.0,
                    3 => 13.0,
                    _ => 11.0,
                };
                let e = c.element_titled(Kind::H(level), Some(text.clone()), None);
                let before = if level == 1 { 4.0 } else { 12.0 };
                if c.y > MARGIN {
                    c.y += before;
                }
                c.keep(leading(size) + 3.0 * leading(BODY));
                let page = c.pages.len() - 1;
                let y = c.y;
                c.headings.push(Heading { level, text: text.clone(), page, y });
                c.paragraph(e, text, (size, true, 0), 0.0);
            }
            Block::Paragraph(text) => {
                let e = c.element(Kind::P, None);
                c.paragraph(e, text, (BODY, false, 0), 5.0);
            }
            Block::Small(text) => {
                let e = c.element(Kind::P, None);
                c.paragraph(e, text, (SMALL, false, 70), 4.0);
            }
            Block::List(items) => c.list(items),
            Block::Table(t) => c.table(t),
            Block::PageBreak => {
                if c.y > MARGIN {
                    c.new_page();
                }
            }
            Block::Contents(entries) => c.contents(entries, heading_pages),
        }
    }
    let heading_pages = c.headings.iter().map(|h| h.page).collect();
    Laid { pages: c.pages, headings: c.headings, heading_pages, elements: c.elements, roots: c.roots }
}

fn tag_of(kind: Kind, title: Option<String>) -> TagKind {
    match kind {
        Kind::H(level) => Tag::Hn(NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN), title).into(),
        Kind::P => Tag::P.into(),
        Kind::L => Tag::L(ListNumbering::Disc).into(),
        Kind::LI => Tag::LI.into(),
        Kind::Lbl => Tag::Lbl.into(),
        Kind::LBody => Tag::LBody.into(),
        Kind::Table => Tag::Table.into(),
        Kind::THead => Tag::THead.into(),
        Kind::TBody => Tag::TBody.into(),
        Kind::TFoot => Tag::TFoot.into(),
        Kind::TR => Tag::TR.into(),
        Kind::TH => Tag::TH(TableHeaderScope::Column).into(),
        Kind::TD => Tag::TD.into(),
        Kind::Toc => Tag::TOC.into(),
        Kind::Toci => Tag::TOCI.into(),
        Kind::Link => Tag::Link.into(),
    }
}

fn group(laid: &Laid, id: usize, contents: &[Option<krilla::tagging::Identifier>], annotations: &[Option<krilla::tagging::Identifier>]) -> Option<TagGroup> {
    let element = laid.elements.get(id)?;
    let mut g = TagGroup::new(tag_of(element.kind, element.title.clone()));
    for child in &element.children {
        let node: Option<Node> = match child {
            Child::Element(i) => group(laid, *i, contents, annotations).map(Node::from),
            Child::Content(i) => contents.get(*i).copied().flatten().map(Node::from),
            Child::Annotation(i) => annotations.get(*i).copied().flatten().map(Node::from),
        };
        if let Some(node) = node {
            g.push(node);
        }
    }
    Some(g)
}

fn fill(gray: u8) -> Fill {
    Fill { paint: luma::Color::new(gray).into(), ..Fill::default() }
}

/// Draws the pages into `document` and returns the tag tree over what was drawn.
pub(crate) fn emit(document: &mut krilla::Document, laid: &Laid, fonts: &Fonts, (width, height): (f32, f32), title: &str) -> TagTree {
    let mut contents: Vec<Option<krilla::tagging::Identifier>> = Vec::new();
    let mut annotations: Vec<Option<krilla::tagging::Identifier>> = Vec::new();
    let total = laid.pages.len();
    for (index, page) in laid.pages.iter().enumerate() {
        let Some(settings) = PageSettings::from_wh(width, height) else { continue };
        let mut p = document.start_page_with(settings);
        for (rect, target, annotation) in &page.links {
            let dest = krilla::destination::XyzDestination::new(*target, Point::from_xy(0.0, 0.0));
            let link = krilla::annotation::LinkAnnotation::new(*rect, krilla::annotation::Target::Destination(dest.into()));
            let id = p.add_tagged_annotation(krilla::annotation::Annotation::new_link(link, Some(format!("Gå til side {}", target + 1))));
            if annotations.len() <= *annotation {
                annotations.resize(*annotation + 1, None);
            }
            annotations[*annotation] = Some(id);
        }
        let mut s = p.surface();
        if !page.rules.is_empty() {
            s.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
            s.set_stroke(Some(Stroke { paint: luma::Color::new(110).into(), width: 0.5, ..Stroke::default() }));
            for (x1, y1, x2, y2) in &page.rules {
                let mut pb = PathBuilder::new();
                pb.move_to(*x1, *y1);
                pb.line_to(*x2, *y2);
                if let Some(path) = pb.finish() {
                    s.draw_path(&path);
                }
            }
            s.set_stroke(None);
            s.end_tagged();
        }
        for run in &page.runs {
            let face = fonts.face(run.bold);
            s.set_fill(Some(fill(run.gray)));
            let id = match run.content {
                Some(_) => Some(s.start_tagged(ContentTag::Span(SpanTag::empty()))),
                None => {
                    s.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::PaginationOther)));
                    None
                }
            };
            s.draw_text(Point::from_xy(run.x, run.baseline), face.font.clone(), run.size, &run.text, false, TextDirection::Auto);
            s.end_tagged();
            if let (Some(i), Some(id)) = (run.content, id) {
                if contents.len() <= i {
                    contents.resize(i + 1, None);
                }
                contents[i] = Some(id);
            }
        }
        // The footer: the title and the page number, as a pagination artifact.
        s.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Footer)));
        s.set_fill(Some(fill(70)));
        let y = height - MARGIN + 10.0;
        s.draw_text(Point::from_xy(MARGIN, y), fonts.regular.font.clone(), SMALL, title, false, TextDirection::Auto);
        let number = format!("Side {} af {total}", index + 1);
        let x = width - MARGIN - fonts.regular.width(&number, SMALL);
        s.draw_text(Point::from_xy(x, y), fonts.regular.font.clone(), SMALL, &number, false, TextDirection::Auto);
        s.end_tagged();
        s.finish();
        p.finish();
    }
    let mut tree = TagTree::new().with_lang(Some("da".to_owned()));
    for root in &laid.roots {
        if let Some(g) = group(laid, *root, &contents, &annotations) {
            tree.push(g);
        }
    }
    tree
}
