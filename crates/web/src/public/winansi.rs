//! Text for the PDF's standard fonts: Unicode to WinAnsiEncoding bytes (which has æøåÆØÅ, §,
//! en dash and curly quotes; Windows-1252, through `encoding_rs`) and the glyph widths of Helvetica from its AFM metrics, so lines
//! can be wrapped without embedding a font.

use encoding_rs::{EncoderResult, WINDOWS_1252};

/// Unicode to WinAnsi bytes; a character the encoding lacks becomes `?`.
pub fn encode(text: &str) -> Vec<u8> {
    // Spaces and hyphens WinAnsi lacks but has a stand-in for, so they do not print as `?`.
    let text: String = text
        .chars()
        .map(|c| match c {
            '\u{2002}'..='\u{200a}' | '\u{202f}' => ' ',
            '\u{2010}' | '\u{2011}' => '-',
            c => c,
        })
        .collect();
    let mut encoder = WINDOWS_1252.new_encoder();
    // One byte per character at most, which a character's UTF-8 length never undercuts.
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text.as_str();
    loop {
        let (result, read) = encoder.encode_from_utf8_to_vec_without_replacement(rest, &mut out, true);
        rest = &rest[read..];
        match result {
            EncoderResult::InputEmpty => return out,
            EncoderResult::OutputFull => out.reserve(rest.len() + 1),
            // encoding_rs's own replacement is an HTML character reference; a PDF wants one glyph.
            EncoderResult::Unmappable(_) => out.push(b'?'),
        }
    }
}

/// WinAnsi (Windows-1252) bytes to Unicode: reads our own PDFs back in tests, and catalogue
/// texts saved as Windows-1252 (what Word and older PDF tools on Windows write) on the import page.
pub fn decode(bytes: &[u8]) -> String {
    WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned()
}

/// Helvetica widths (1/1000 em) of 0x20–0x7E.
const ASCII: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 to ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ to O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P to _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` to o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p to ~
];

/// Width of one encoded byte in Helvetica; bold is about 5 % wider, which `text_width` adds.
fn width(b: u8) -> u16 {
    match b {
        0x20..=0x7E => ASCII[usize::from(b - 0x20)],
        0xE6 => 889,                      // æ
        0xC6 => 1000,                     // Æ
        0xF8 | 0xD7 => 611,               // ø, ×
        0xD8 | 0xD6 | 0xD3 | 0xD2 => 778, // Ø, Ö, Ó, Ò
        0xC5 | 0xC4 | 0xC1 | 0xC0 => 667, // Å, Ä, Á, À
        0xA7 | 0xE0..=0xE5 | 0xE8..=0xEB => 556,
        0x96 => 556,                // –
        0x97 | 0x85 | 0x89 => 1000, // —, …, ‰
        0x95 => 350,                // •
        0x91 | 0x92 => 222,
        0x93 | 0x94 => 333,
        0xBC..=0xBE => 834,
        0xB0 => 400,
        _ => 556,
    }
}

/// Width in points of encoded text at `size`.
pub fn text_width(bytes: &[u8], size: f32, bold: bool) -> f32 {
    let units: u32 = bytes.iter().map(|b| u32::from(width(*b))).sum();
    let factor = if bold { 1.06 } else { 1.0 };
    units as f32 * size / 1000.0 * factor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_letters_and_punctuation_encode_and_decode() {
        let text = "æøå ÆØÅ § – “ok” é";
        let bytes = encode(text);
        assert_eq!(&bytes[..3], &[0xE6, 0xF8, 0xE5]);
        assert_eq!(decode(&bytes), text);
        assert_eq!(encode("✓ a\u{2009}b\u{2011}c"), b"? a b-c");
    }

    #[test]
    fn widths_follow_helvetica() {
        assert!((text_width(b"Hello", 10.0, false) - 22.78).abs() < 0.01);
    }
}
