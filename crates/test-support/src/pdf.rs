//! Reads a produced PDF back (with `lopdf`) and checks what makes it accessible: a structure
//! tree with the expected tags, `MarkInfo` `Marked true`, document language `da`, the title in
//! the document information, every font embedded (`FontFile2`/`FontFile3`), and an outline.

use lopdf::{Dictionary, Document, Object};

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    match deref(doc, o) {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// A PDF text string: UTF-16BE with a byte order mark, or (ASCII here) PDFDocEncoding.
fn text(o: &Object) -> Option<String> {
    let Object::String(bytes, _) = o else { return None };
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
        return String::from_utf16(&units).ok();
    }
    Some(bytes.iter().map(|b| char::from(*b)).collect())
}

fn name_of(d: &Dictionary, key: &[u8]) -> Option<String> {
    d.get(key).ok().and_then(|o| o.as_name().ok()).map(|n| String::from_utf8_lossy(n).into_owned())
}

/// What was found wrong, or `Ok` with the structure tags seen.
pub fn check_accessible(bytes: &[u8], title: &str, tags: &[&str]) -> Result<Vec<String>, String> {
    let doc = Document::load_mem(bytes).map_err(|e| format!("not a readable PDF: {e}"))?;
    let catalog = doc.catalog().map_err(|e| format!("no catalog: {e}"))?;
    let mut problems = Vec::new();
    if catalog.get(b"StructTreeRoot").is_err() {
        problems.push("no StructTreeRoot".to_owned());
    }
    let marked = catalog.get(b"MarkInfo").ok().and_then(|m| dict(&doc, m)).and_then(|m| m.get(b"Marked").ok()).and_then(|m| m.as_bool().ok());
    if marked != Some(true) {
        problems.push(format!("MarkInfo Marked is {marked:?}"));
    }
    let lang = catalog.get(b"Lang").ok().map(|l| deref(&doc, l)).and_then(text);
    if lang.as_deref() != Some("da") {
        problems.push(format!("Lang is {lang:?}"));
    }
    let outline_first = catalog.get(b"Outlines").ok().and_then(|o| dict(&doc, o)).and_then(|o| o.get(b"First").ok());
    if outline_first.is_none() {
        problems.push("no outline (bookmarks)".to_owned());
    }
    let info_title = doc.trailer.get(b"Info").ok().and_then(|i| dict(&doc, i)).and_then(|i| i.get(b"Title").ok()).map(|t| deref(&doc, t)).and_then(text);
    if info_title.as_deref() != Some(title) {
        problems.push(format!("title is {info_title:?}, expected {title:?}"));
    }
    let mut seen = Vec::new();
    let mut descriptors = 0;
    for object in doc.objects.values() {
        let Some(d) = dict(&doc, object) else { continue };
        match name_of(d, b"Type").as_deref() {
            Some("StructElem") => {
                if let Some(s) = name_of(d, b"S") {
                    seen.push(s);
                }
            }
            Some("FontDescriptor") => {
                descriptors += 1;
                if d.get(b"FontFile2").is_err() && d.get(b"FontFile3").is_err() {
                    problems.push(format!("font {:?} is not embedded", name_of(d, b"FontName")));
                }
            }
            Some("Font") => {
                let subtype = name_of(d, b"Subtype");
                if !matches!(subtype.as_deref(), Some("Type0" | "Type3")) && d.get(b"FontDescriptor").is_err() {
                    problems.push(format!("font {:?} ({subtype:?}) has no descriptor: a standard font, not embedded", name_of(d, b"BaseFont")));
                }
            }
            _ => {}
        }
    }
    if descriptors == 0 {
        problems.push("no embedded font at all".to_owned());
    }
    for tag in tags {
        if !seen.iter().any(|s| s == tag) {
            problems.push(format!("no {tag} structure element"));
        }
    }
    seen.sort();
    seen.dedup();
    if problems.is_empty() { Ok(seen) } else { Err(problems.join("; ")) }
}
