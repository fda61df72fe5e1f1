//! The `[placemat]` section of a theme's `theme.toml`.
//!
//! Everything a zorggroep may want to restyle without touching code lives
//! there: fonts, text and line colours, and per paper size the columns,
//! letter sizes, margins and QR size. The thema colours come from the
//! theme's `[kleuren]`, so the website and the placemat always agree.
//! Values are checked here once per build, so a typo in a theme fails with
//! a message that names the key, not with a strange PDF.

use std::path::PathBuf;

use super::Paper;
use crate::diagnostics::{Diagnostic, Location};
use crate::theme::Theme;

/// One millimetre in PDF points.
pub const MM: f32 = 72.0 / 25.4;

/// An sRGB colour with components from 0 to 1, as PDF wants them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rgb {
    pub r: f32,
    pub g: f32,
    pub b: f32,
}

impl Rgb {
    pub const WHITE: Rgb = Rgb {
        r: 1.0,
        g: 1.0,
        b: 1.0,
    };
    pub const BLACK: Rgb = Rgb {
        r: 0.0,
        g: 0.0,
        b: 0.0,
    };

    /// Parses `#rrggbb`; anything else is `None`.
    pub fn from_hex(hex: &str) -> Option<Rgb> {
        let digits = hex.strip_prefix('#')?;
        if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| {
            u8::from_str_radix(&digits[i..i + 2], 16)
                .ok()
                .map(|v| f32::from(v) / 255.0)
        };
        Some(Rgb {
            r: channel(0)?,
            g: channel(2)?,
            b: channel(4)?,
        })
    }
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
    pub font_regular: String,
    pub font_bold: String,
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

    /// Reads and checks `[placemat]`; the first wrong key becomes the error.
    pub fn from_theme(theme: &Theme) -> Result<Settings, Diagnostic> {
        let reader = Reader { theme };
        let table = reader.table(theme.settings.get("placemat"), "placemat")?;
        Ok(Settings {
            font_regular: reader.string(table, "placemat", "lettertype")?,
            font_bold: reader.string(table, "placemat", "lettertype_vet")?,
            text: reader.colour(table, "placemat", "tekstkleur")?,
            line: reader.colour(table, "placemat", "lijnkleur")?,
            a3: reader.paper(table, Paper::A3)?,
            a4: reader.paper(table, Paper::A4)?,
        })
    }
}

/// Reads typed values out of the theme's settings with Dutch errors.
struct Reader<'t> {
    theme: &'t Theme,
}

impl Reader<'_> {
    fn error(&self, section: &str, key: &str, problem: &str, hint: &str) -> Diagnostic {
        let file = PathBuf::from("themes")
            .join(&self.theme.name)
            .join("theme.toml");
        Diagnostic::error(
            Some(Location::file(&file)),
            format!(
                "de instelling [{section}] {key} van thema \"{}\" {problem}",
                self.theme.name
            ),
        )
        .with_hint(hint.to_string())
    }

    fn table<'v>(
        &self,
        value: Option<&'v toml::Value>,
        section: &str,
    ) -> Result<&'v toml::Table, Diagnostic> {
        match value {
            Some(toml::Value::Table(t)) => Ok(t),
            Some(_) => Err(self.error(
                section,
                "",
                "moet een tabel zijn",
                &format!("schrijf de instellingen onder een kop [{section}]"),
            )),
            None => Err(self.error(
                section,
                "",
                "ontbreekt",
                &format!("neem de kop [{section}] over uit het standaardthema"),
            )),
        }
    }

    fn get<'v>(
        &self,
        table: &'v toml::Table,
        section: &str,
        key: &str,
    ) -> Result<&'v toml::Value, Diagnostic> {
        table.get(key).ok_or_else(|| {
            self.error(
                section,
                key,
                "ontbreekt",
                "neem de sleutel over uit het standaardthema",
            )
        })
    }

    fn string(&self, table: &toml::Table, section: &str, key: &str) -> Result<String, Diagnostic> {
        match self.get(table, section, key)? {
            toml::Value::String(s) if !s.trim().is_empty() => Ok(s.clone()),
            _ => Err(self.error(
                section,
                key,
                "moet tekst zijn",
                "zet de waarde tussen aanhalingstekens, bijvoorbeeld \"fonts/DejaVuSans.ttf\"",
            )),
        }
    }

    fn colour(&self, table: &toml::Table, section: &str, key: &str) -> Result<Rgb, Diagnostic> {
        match self.get(table, section, key)? {
            toml::Value::String(s) => Rgb::from_hex(s).ok_or(()),
            _ => Err(()),
        }
        .map_err(|()| {
            self.error(
                section,
                key,
                "is geen kleur",
                "schrijf een kleur als \"#rrggbb\", bijvoorbeeld \"#1a1a1a\"",
            )
        })
    }

    fn number(
        &self,
        table: &toml::Table,
        section: &str,
        key: &str,
        range: (f32, f32),
        unit: &str,
    ) -> Result<f32, Diagnostic> {
        let value = match self.get(table, section, key)? {
            toml::Value::Integer(i) => *i as f32,
            toml::Value::Float(f) => *f as f32,
            _ => f32::NAN,
        };
        if value.is_finite() && value >= range.0 && value <= range.1 {
            Ok(value)
        } else {
            Err(self.error(
                section,
                key,
                &format!(
                    "moet een getal van {} tot en met {} {unit} zijn",
                    range.0, range.1
                ),
                "schrijf alleen het getal, zonder eenheid, bijvoorbeeld 10 of 7.5",
            ))
        }
    }

    fn paper(&self, placemat: &toml::Table, paper: Paper) -> Result<PaperSettings, Diagnostic> {
        let key = paper.key();
        let section = format!("placemat.{key}");
        let table = self.table(placemat.get(key), &section)?;
        let columns = self.number(table, &section, "kolommen", (1.0, 8.0), "kolommen")?;
        if columns.fract() != 0.0 {
            return Err(self.error(
                &section,
                "kolommen",
                "moet een heel getal zijn",
                "bijvoorbeeld kolommen = 4",
            ));
        }
        let normal = self.number(table, &section, "letter", (5.0, 24.0), "punt")?;
        let largest = self.number(table, &section, "grootste_letter", (5.0, 32.0), "punt")?;
        let smallest = self.number(table, &section, "kleinste_letter", (5.0, 24.0), "punt")?;
        if !(smallest <= normal && normal <= largest) {
            return Err(self.error(
                &section,
                "letter",
                "past niet bij de andere lettergroottes",
                "zorg dat kleinste_letter ≤ letter ≤ grootste_letter",
            ));
        }
        let margin = self.number(table, &section, "marge", (3.0, 40.0), "mm")?;
        // A QR code smaller than this is hard to scan from a printed sheet.
        let min_qr = match paper {
            Paper::A3 => 15.0,
            Paper::A4 => 12.0,
        };
        let qr = self.number(table, &section, "qr", (min_qr, 40.0), "mm")?;
        let landscape = match paper {
            // The specification promises A3 landscape; not a theme choice.
            Paper::A3 => true,
            Paper::A4 => match self.get(table, &section, "liggend")? {
                toml::Value::Boolean(b) => *b,
                _ => {
                    return Err(self.error(
                        &section,
                        "liggend",
                        "moet true of false zijn",
                        "liggend = false geeft een staande A4, liggend = true een liggende",
                    ))
                }
            },
        };
        Ok(PaperSettings {
            columns: columns as usize,
            normal,
            largest,
            smallest,
            margin: margin * MM,
            qr: qr * MM,
            landscape,
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
