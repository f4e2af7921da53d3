//! Glyph widths of the two vendored fonts (through skrifa, the font reader krilla itself uses),
//! so lines are wrapped to the width they will print at.

use krilla::text::Font;
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use std::collections::HashMap;
use std::sync::Arc;

pub(crate) struct Face {
    pub font: Font,
    /// Advance width per character, in em.
    widths: HashMap<char, f32>,
    fallback: f32,
}

impl Face {
    fn load(data: &'static [u8]) -> Option<Self> {
        let font = Font::new(Arc::new(data.to_vec()).into(), 0)?;
        let face = skrifa::FontRef::new(data).ok()?;
        let upem = face.metrics(Size::unscaled(), LocationRef::default()).units_per_em as f32;
        let glyphs = face.glyph_metrics(Size::unscaled(), LocationRef::default());
        let charmap = face.charmap();
        let mut widths = HashMap::new();
        for (code, gid) in charmap.mappings() {
            if let Some(c) = char::from_u32(code) {
                widths.insert(c, glyphs.advance_width(gid).unwrap_or(0.0) / upem);
            }
        }
        Some(Self { font, widths, fallback: 0.6 })
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.widths.get(&c).copied().unwrap_or(self.fallback)).sum::<f32>() * size
    }
}

pub(crate) struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    pub fn load(regular: &'static [u8], bold: &'static [u8]) -> Option<Self> {
        Some(Self { regular: Face::load(regular)?, bold: Face::load(bold)? })
    }

    pub fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }
}
