//! The placemat's two font faces, parsed once per build.
//!
//! Layout measures text with the same advance widths the PDF viewer will
//! use: printpdf writes each glyph's width into the font's `/W` array as
//! whole thousandths of an em, so [`Face::advance`] rounds the same way.
//! What we measure is then exactly what is drawn, and a line that fits on
//! paper also fits in the layout.

use printpdf::ParsedFont;

use crate::diagnostics::Diagnostic;
use crate::theme::placemat::{FontFile, Settings};
use crate::theme::Theme;

/// Regular or bold text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weight {
    Regular,
    Bold,
}

/// Characters below this code point get their widths precomputed: that
/// covers ASCII, Latin-1 and Latin Extended-A/B, i.e. all Dutch text.
const TABLE: usize = 0x250;

#[cfg(test)]
thread_local! {
    /// How many faces this thread parsed: tests count that fonts are
    /// parsed once per build, not once per use.
    pub(crate) static PARSED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One parsed font face with a width table for fast measuring.
pub struct Face {
    pub font: ParsedFont,
    /// Advance widths in thousandths of an em; `None` when the font lacks the glyph.
    widths: Vec<Option<u16>>,
    /// Distance from baseline to the top and bottom of the face, in em.
    pub ascent: f32,
    pub descent: f32,
}

impl Face {
    fn parse(theme: &Theme, file: &FontFile) -> Result<Face, Diagnostic> {
        #[cfg(test)]
        PARSED.with(|n| n.set(n.get() + 1));
        let path = &file.path;
        let location = Some(file.at.clone());
        let Some(bytes) = theme.files.get(path) else {
            return Err(Diagnostic::error(
                location,
                format!(
                    "het lettertype \"{path}\" voor de placemat staat niet in thema \"{}\"",
                    theme.name
                ),
            )
            .with_hint(format!(
                "zet het bestand in themes/{}/{path}, of kies in [placemat] een lettertype dat er wel is",
                theme.name
            )));
        };
        let mut warnings = Vec::new();
        let Some(font) = ParsedFont::from_bytes(bytes, 0, &mut warnings) else {
            return Err(Diagnostic::error(
                location,
                format!(
                    "het lettertype \"{path}\" van thema \"{}\" kan niet gelezen worden",
                    theme.name
                ),
            )
            .with_hint("gebruik een TrueType-lettertype (.ttf)"));
        };
        let upm = f32::from(font.font_metrics.units_per_em.max(1));
        let mut face = Face {
            widths: Vec::with_capacity(TABLE),
            ascent: font.font_metrics.ascent / upm,
            descent: -font.font_metrics.descent.abs() / upm,
            font,
        };
        face.widths = (0..TABLE as u32)
            .map(|cp| face.lookup(cp))
            .collect::<Vec<_>>();
        if face.ascent <= 0.0 || face.ascent > 2.0 || face.descent < -1.0 {
            // Broken metrics would make lines overlap; fall back to sane values.
            face.ascent = 0.95;
            face.descent = -0.25;
        }
        Ok(face)
    }

    fn lookup(&self, codepoint: u32) -> Option<u16> {
        let gid = self.font.lookup_glyph_index(codepoint)?;
        if gid == 0 {
            return None;
        }
        let upm = u32::from(self.font.font_metrics.units_per_em.max(1));
        let advance = u32::from(self.font.get_horizontal_advance(gid));
        // Truncated like printpdf's `/W` entries, so measuring matches drawing.
        u16::try_from(advance * 1000 / upm).ok()
    }

    /// The advance width of `c` in em, or `None` when the font has no glyph for it.
    pub fn advance(&self, c: char) -> Option<f32> {
        let cp = c as usize;
        let thousandths = if cp < TABLE {
            self.widths[cp]
        } else {
            self.lookup(c as u32)
        };
        thousandths.map(|w| f32::from(w) / 1000.0)
    }

    /// The width of `text` at `size` points; characters without glyph count as zero.
    pub fn measure(&self, text: &str, size: f32) -> f32 {
        text.chars().filter_map(|c| self.advance(c)).sum::<f32>() * size
    }
}

/// The regular and bold face of a theme.
pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

impl Fonts {
    pub fn load(theme: &Theme, settings: &Settings) -> Result<Fonts, Diagnostic> {
        Ok(Fonts {
            regular: Face::parse(theme, &settings.font_regular)?,
            bold: Face::parse(theme, &settings.font_bold)?,
        })
    }

    pub fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}
