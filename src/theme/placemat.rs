//! The `[placemat]` section of a theme's `theme.toml`.
//!
//! Everything a zorggroep may want to restyle without touching code lives
//! there: fonts, text and line colours, and per paper size the columns,
//! letter sizes, margins and QR size. The thema colours come from the
//! theme's `[kleuren]`, so the website and the placemat always agree.
//!
//! The keys are read with serde ([`PlacematKeys`] in [`super::settings`],
//! unknown keys refused) by [`crate::theme`], file by file; [`Settings::read`] then checks ranges
//! and relations once per theme, so a typo in a theme fails with the file,
//! line and column of the key, not with a strange PDF. A new setting is a
//! field in [`PlacematKeys`], a line in [`Settings::read`] and its value in the default
//! theme's `theme.toml`.

use std::ops::RangeInclusive;

use toml::Spanned;

pub use super::paper::{Paper, Rgb, MM};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::theme::settings::{Files, Found, Keys, Number, PaperKeys, PlacematKeys, Text};

/// A font file of the theme, with where `theme.toml` names it.
#[derive(Clone, Debug, PartialEq)]
pub struct FontFile {
    pub path: String,
    pub at: Location,
}

/// The settings of one paper size, in points unless the name says otherwise.
#[derive(Clone, Debug, PartialEq)]
pub struct PaperSettings {
    pub columns: usize,
    /// The normal letter size: where auto-fit starts.
    pub normal: f32,
    /// Auto-fit may grow the letter up to this size when the selection
    /// leaves room, so a short menukaart is easier to read at arm's length.
    pub largest: f32,
    /// Below this size text is too small to read on a desk; auto-fit stops
    /// here and the build fails instead.
    pub smallest: f32,
    pub margin: f32,
    pub qr: f32,
    pub landscape: bool,
}

/// Everything the placemat needs from a theme.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub font_regular: FontFile,
    pub font_bold: FontFile,
    pub text: Rgb,
    pub line: Rgb,
    pub a3: PaperSettings,
    pub a4: PaperSettings,
}

impl Settings {
    pub fn paper(&self, paper: Paper) -> &PaperSettings {
        match paper {
            Paper::A3 => &self.a3,
            Paper::A4 => &self.a4,
        }
    }

    /// Checks `[placemat]` of the combined files; every wrong key becomes
    /// an error with its position.
    pub(crate) fn read(files: &Files, theme: &str, diags: &mut Diagnostics) -> Option<Settings> {
        let mut r = Reader {
            files,
            theme,
            diags,
        };
        let font =
            |r: &mut Reader, key: &'static str, f: fn(&PlacematKeys) -> &Option<Spanned<Text>>| {
                r.get("placemat", key, move |k| f(&k.placemat).as_ref())
                    .map(|found| FontFile {
                        path: found.value.0.clone(),
                        at: found.at,
                    })
            };
        let font_regular = font(&mut r, "lettertype", |p| &p.lettertype);
        let font_bold = font(&mut r, "lettertype_vet", |p| &p.lettertype_vet);
        let text = r.get("placemat", "tekstkleur", |k| k.placemat.tekstkleur.as_ref());
        let line = r.get("placemat", "lijnkleur", |k| k.placemat.lijnkleur.as_ref());
        let (text, line) = (text.map(|c| c.value.rgb), line.map(|c| c.value.rgb));
        let a3 = r.paper(Paper::A3);
        let a4 = r.paper(Paper::A4);
        Some(Settings {
            font_regular: font_regular?,
            font_bold: font_bold?,
            text: text?,
            line: line?,
            a3: a3?,
            a4: a4?,
        })
    }
}

/// Checks values of the combined files, collecting every error.
struct Reader<'a, 'd> {
    files: &'a Files,
    theme: &'a str,
    diags: &'d mut Diagnostics,
}

impl<'a> Reader<'a, '_> {
    fn error(&mut self, at: Option<Location>, section: &str, key: &str, problem: &str, hint: &str) {
        self.diags.push(
            Diagnostic::error(
                at,
                format!(
                    "de instelling [{section}] {key} van thema \"{}\" {problem}",
                    self.theme
                ),
            )
            .with_hint(hint.to_string()),
        );
    }

    /// A key that must be there (the default theme has them all).
    fn get<T>(
        &mut self,
        section: &str,
        key: &str,
        f: impl Fn(&'a Keys) -> Option<&'a Spanned<T>>,
    ) -> Option<Found<'a, T>> {
        let found = self.files.get(f);
        if found.is_none() {
            let at = self.files.last();
            self.error(
                at,
                section,
                key,
                "ontbreekt",
                "neem de sleutel over uit het standaardthema",
            );
        }
        found
    }

    fn number(
        &mut self,
        paper: Paper,
        key: &str,
        f: fn(&PaperKeys) -> &Option<Spanned<Number>>,
        range: RangeInclusive<f32>,
        unit: &str,
    ) -> Option<Found<'a, Number>> {
        let section = format!("placemat.{}", paper.key());
        let found = self.get(&section, key, move |k| f(k.placemat.paper(paper)).as_ref())?;
        let value = found.value.0 as f32;
        if range.contains(&value) {
            return Some(found);
        }
        self.error(
            Some(found.at),
            &section,
            key,
            &format!(
                "moet een getal van {} tot en met {} {unit} zijn",
                range.start(),
                range.end()
            ),
            "kies een getal binnen deze grenzen; schrijf alleen het getal, zonder eenheid",
        );
        None
    }

    fn paper(&mut self, paper: Paper) -> Option<PaperSettings> {
        let section = format!("placemat.{}", paper.key());
        let columns = self.number(paper, "kolommen", |p| &p.kolommen, 1.0..=8.0, "kolommen");
        if let Some(found) = columns.as_ref().filter(|c| c.value.0.fract() != 0.0) {
            self.error(
                Some(found.at.clone()),
                &section,
                "kolommen",
                "moet een heel getal zijn",
                "bijvoorbeeld kolommen = 4",
            );
        }
        let normal = self.number(paper, "letter", |p| &p.letter, 5.0..=24.0, "punt");
        let largest = self.number(
            paper,
            "grootste_letter",
            |p| &p.grootste_letter,
            5.0..=32.0,
            "punt",
        );
        let smallest = self.number(
            paper,
            "kleinste_letter",
            |p| &p.kleinste_letter,
            5.0..=24.0,
            "punt",
        );
        let mut ordered = Some(());
        if let (Some(normal), Some(largest), Some(smallest)) = (&normal, &largest, &smallest) {
            if !(smallest.value.0 <= normal.value.0 && normal.value.0 <= largest.value.0) {
                ordered = None;
                // Reported where the user changed a size: the latest file wins.
                let at = [normal, smallest, largest]
                    .into_iter()
                    .max_by_key(|f| f.file)
                    .map(|f| f.at.clone());
                self.error(
                    at,
                    &section,
                    "letter",
                    "past niet bij de andere lettergroottes",
                    "zorg dat kleinste_letter ≤ letter ≤ grootste_letter",
                );
            }
        }
        let margin = self.number(paper, "marge", |p| &p.marge, 3.0..=40.0, "mm");
        // A QR code smaller than this is hard to scan from a printed sheet.
        let min_qr = match paper {
            Paper::A3 => 15.0,
            Paper::A4 => 12.0,
        };
        let qr = self.number(paper, "qr", |p| &p.qr, min_qr..=40.0, "mm");
        let landscape = match paper {
            // The specification promises A3 landscape; not a theme choice.
            Paper::A3 => match self.files.get(|k| k.placemat.a3.liggend.as_ref()) {
                Some(found) => {
                    self.error(
                        Some(found.at),
                        &section,
                        "liggend",
                        "kan niet: de A3-placemat is altijd liggend",
                        "haal deze regel weg; liggend kan alleen bij [placemat.a4]",
                    );
                    None
                }
                None => Some(true),
            },
            Paper::A4 => self
                .get(&section, "liggend", |k| k.placemat.a4.liggend.as_ref())
                .map(|f| f.value.0),
        };
        let whole = |f: &Found<Number>| f.value.0.fract() == 0.0;
        ordered?;
        Some(PaperSettings {
            columns: columns.filter(whole)?.value.0 as usize,
            normal: normal?.value.0 as f32,
            largest: largest?.value.0 as f32,
            smallest: smallest?.value.0 as f32,
            margin: margin?.value.0 as f32 * MM,
            qr: qr?.value.0 as f32 * MM,
            landscape: landscape?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours() {
        assert_eq!(Rgb::from_hex("#ffffff"), Some(Rgb::WHITE));
        assert_eq!(Rgb::from_hex("#000000"), Some(Rgb::BLACK));
        assert_eq!(Rgb::from_hex("ffffff"), None);
        assert_eq!(Rgb::from_hex("#fffff"), None);
        assert_eq!(Rgb::from_hex("#ggffff"), None);
        assert_eq!(Rgb::from_hex("#ééé"), None);
    }
}
