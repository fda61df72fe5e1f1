//! Reading `theme.toml`, file by file, with positions.
//!
//! A theme's settings come from two files: the built-in default theme's
//! `theme.toml`, and the project's `themes/<name>/theme.toml`, which names
//! only the keys it changes. Each file is deserialized on its own (with
//! serde, unknown keys refused), so every value keeps its position in the
//! file it was written in; [`Files::get`] then takes a key from the last
//! file that has it. Errors therefore point at the line the user wrote,
//! never at the merged result, which exists in no file.
//!
//! Values are typed by small leaf types ([`Colour`], [`Number`], [`Text`],
//! [`Flag`]) that refuse a wrong value with a Dutch message; ranges and
//! relations between keys are checked after the files are combined, by
//! whoever uses the section (the placemat checks its own, see
//! [`super::placemat`]).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserializer, Error as _};
use serde::Deserialize;
use toml::Spanned;

use super::paper::{Paper, Rgb};
use crate::diagnostics::{closest, Diagnostic, Diagnostics, Location, SourceText};
use crate::vocab::{Thema, Vocabulary};

/// One `theme.toml` as its file has it. Every key is optional: a project's
/// file names only what it changes.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct Keys {
    /// Thema id → colour; the ids are checked against [`Thema`] by hand,
    /// so that the vocabulary stays the one list of themas.
    #[serde(default)]
    kleuren: BTreeMap<Spanned<String>, Spanned<Colour>>,
    #[serde(default)]
    pub placemat: PlacematKeys,
}

/// `[placemat]` as one `theme.toml` file has it; see [`crate::theme::settings`].
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct PlacematKeys {
    pub(crate) lettertype: Option<Spanned<Text>>,
    pub(crate) lettertype_vet: Option<Spanned<Text>>,
    pub(crate) tekstkleur: Option<Spanned<Colour>>,
    pub(crate) lijnkleur: Option<Spanned<Colour>>,
    #[serde(default)]
    pub(crate) a3: PaperKeys,
    #[serde(default)]
    pub(crate) a4: PaperKeys,
}

impl PlacematKeys {
    pub(crate) fn paper(&self, paper: Paper) -> &PaperKeys {
        match paper {
            Paper::A3 => &self.a3,
            Paper::A4 => &self.a4,
        }
    }
}

/// `[placemat.a3]` or `[placemat.a4]` as one file has it.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct PaperKeys {
    pub(crate) kolommen: Option<Spanned<Number>>,
    pub(crate) letter: Option<Spanned<Number>>,
    pub(crate) grootste_letter: Option<Spanned<Number>>,
    pub(crate) kleinste_letter: Option<Spanned<Number>>,
    pub(crate) marge: Option<Spanned<Number>>,
    pub(crate) qr: Option<Spanned<Number>>,
    /// Only for A4: the specification promises A3 landscape.
    pub(crate) liggend: Option<Spanned<Flag>>,
}

/// The `theme.toml` files of one theme, the built-in default's first: a
/// key in a later file overrides the same key in an earlier one.
#[derive(Default)]
pub(crate) struct Files {
    files: Vec<(SourceText, Keys)>,
}

/// A setting's value and where it was written.
pub(crate) struct Found<'a, T> {
    pub value: &'a T,
    pub at: Location,
    /// Which file it came from; later files are the user's own.
    pub file: usize,
}

impl Files {
    /// Reads one file; an error in it is reported with its position and
    /// the file is left out.
    pub fn add(&mut self, source: SourceText, diags: &mut Diagnostics) {
        match toml::from_str::<Keys>(&source.text) {
            Ok(keys) => {
                for key in keys.kleuren.keys() {
                    if Thema::from_id(key.get_ref()).is_none() {
                        let hint = match closest(key.get_ref(), Thema::ALL.iter().map(|t| t.id())) {
                            Some(best) => format!("bedoelde u \"{best}\"?"),
                            None => format!("kies uit: {}", Thema::allowed()),
                        };
                        diags.push(
                            Diagnostic::error(
                                Some(source.location(key.span().start)),
                                format!("onbekend thema \"{}\" in [kleuren]", key.get_ref()),
                            )
                            .with_hint(hint),
                        );
                    }
                }
                self.files.push((source, keys));
            }
            Err(err) => diags.push(diagnostic(&err, &source)),
        }
    }

    /// The value of a key from the last file that has it.
    pub fn get<'a, T>(
        &'a self,
        key: impl Fn(&'a Keys) -> Option<&'a Spanned<T>>,
    ) -> Option<Found<'a, T>> {
        self.files
            .iter()
            .enumerate()
            .rev()
            .find_map(|(file, (source, keys))| {
                key(keys).map(|value| Found {
                    value: value.get_ref(),
                    at: source.location(value.span().start),
                    file,
                })
            })
    }

    /// The file the user wrote (or the default theme's, without one): where
    /// a setting that is missing everywhere is reported.
    pub fn last(&self) -> Option<Location> {
        self.files.last().map(|(source, _)| source.location(0))
    }

    /// One colour per thema from `[kleuren]`; a thema without one is an error.
    pub fn colours(&self, theme: &str, diags: &mut Diagnostics) -> Option<BTreeMap<Thema, Colour>> {
        let mut colours = BTreeMap::new();
        for &thema in Thema::ALL {
            match self.get(|k| k.kleuren.get(thema.id())) {
                Some(found) => {
                    colours.insert(thema, found.value.clone());
                }
                None => diags.push(
                    Diagnostic::error(
                        self.last(),
                        format!(
                            "thema \"{theme}\" heeft geen kleur voor \"{}\" in [kleuren]",
                            thema.id()
                        ),
                    )
                    .with_hint(format!(
                        "voeg onder [kleuren] toe: {} = \"#rrggbb\"",
                        thema.id()
                    )),
                ),
            }
        }
        (colours.len() == Thema::ALL.len()).then_some(colours)
    }
}

/// Separates message and hint in the text of a leaf's serde error, which
/// carries only one string. The message shows the value as TOML writes
/// it, where this control character is always escaped.
const HINT: char = '\u{1f}';

/// A Dutch diagnostic for a `toml` error: a leaf's own message, an
/// unknown key with a suggestion, a value of the wrong shape, or TOML
/// syntax.
fn diagnostic(err: &toml::de::Error, source: &SourceText) -> Diagnostic {
    let at = Some(source.location(err.span().map_or(0, |s| s.start)));
    let english = err.message().trim();
    if let Some((message, hint)) = english.split_once(HINT) {
        return Diagnostic::error(at, message).with_hint(hint);
    }
    if english.starts_with("unknown field `") {
        // serde: "unknown field `x`, expected one of `a`, `b`"
        let mut names = english.split('`').skip(1).step_by(2);
        let unknown = names.next().unwrap_or_default();
        let allowed: Vec<&str> = names.collect();
        let hint = match closest(unknown, allowed.iter().copied()) {
            Some(best) => format!("bedoelde u \"{best}\"?"),
            None => format!("toegestaan zijn: {}", allowed.join(", ")),
        };
        return Diagnostic::error(at, format!("onbekende sleutel \"{unknown}\"")).with_hint(hint);
    }
    if english.starts_with("invalid type") {
        return Diagnostic::error(at, "hier hoort een tabel met instellingen")
            .with_hint("schrijf de instellingen onder een kop, zoals [kleuren] of [placemat.a4]");
    }
    Diagnostic::error(at, crate::validate::syntax_message(english))
        .with_hint(crate::validate::syntax_hint(english))
}

/// Reads a leaf value through `toml::Value`, so that a wrong one fails
/// with a Dutch message (and hint, see [`HINT`]) at its position.
fn leaf<'de, D: Deserializer<'de>, T>(
    d: D,
    read: impl FnOnce(&toml::Value) -> Option<T>,
    problem: &str,
    hint: &str,
) -> Result<T, D::Error> {
    let value = toml::Value::deserialize(d)?;
    read(&value).ok_or_else(|| D::Error::custom(format!("{value} {problem}{HINT}{hint}")))
}

/// A colour written as `#rrggbb`.
#[derive(Clone, Debug, PartialEq)]
pub struct Colour {
    hex: String,
    pub rgb: Rgb,
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.hex)
    }
}

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        leaf(
            d,
            |v| {
                let hex = v.as_str()?;
                Some(Colour {
                    rgb: Rgb::from_hex(hex)?,
                    hex: hex.to_string(),
                })
            },
            "is geen kleur",
            "schrijf een kleur als \"#rrggbb\", bijvoorbeeld \"#1a1a1a\"",
        )
    }
}

/// A number, whole or not.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number(pub f64);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        leaf(
            d,
            |v| match v {
                toml::Value::Integer(i) => Some(Number(*i as f64)),
                toml::Value::Float(f) if f.is_finite() => Some(Number(*f)),
                _ => None,
            },
            "is geen getal",
            "schrijf alleen het getal, zonder eenheid en zonder aanhalingstekens, bijvoorbeeld 10 of 7.5",
        )
    }
}

/// A text that is not empty.
#[derive(Clone, Debug, PartialEq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        leaf(
            d,
            |v| {
                v.as_str()
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| Text(s.to_string()))
            },
            "is geen tekst",
            "zet de waarde tussen aanhalingstekens, bijvoorbeeld \"fonts/DejaVuSans.ttf\"",
        )
    }
}

/// `true` or `false`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flag(pub bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        leaf(
            d,
            |v| v.as_bool().map(Flag),
            "is geen true of false",
            "schrijf true (ja) of false (nee), zonder aanhalingstekens",
        )
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::theme::Theme;

    /// Loads theme "eigen" of a project whose `themes/eigen/theme.toml` is `text`.
    fn load(text: &str) -> (Option<Theme>, Diagnostics) {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = dir.path().join("themes/eigen");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("theme.toml"), text).unwrap();
        let mut diags = Diagnostics::default();
        let theme = Theme::load(dir.path(), "eigen", &mut diags);
        assert_eq!(theme.is_none(), diags.has_errors());
        diags.sort();
        (theme, diags)
    }

    /// Every diagnostic of loading theme "eigen" with this `theme.toml`, as printed.
    fn errors(text: &str) -> Vec<String> {
        load(text).1.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn the_default_theme_has_no_errors() {
        let mut diags = Diagnostics::default();
        let theme = Theme::load(Path::new("/nonexistent"), "default", &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let theme = theme.expect("default theme");
        assert_eq!(theme.colour(Thema::Bewegen).to_string(), "#1d6b3a");
        assert!(!theme.placemat.a4.landscape && theme.placemat.a3.landscape);
    }

    #[test]
    fn a_valid_override_changes_only_its_keys() {
        let (theme, diags) =
            load("[kleuren]\nbewegen = \"#000000\"\n[placemat.a4]\nliggend = true\n");
        assert!(diags.is_empty(), "{diags:?}");
        let theme = theme.expect("theme");
        assert_eq!(theme.colour(Thema::Bewegen).to_string(), "#000000");
        assert_eq!(theme.colour(Thema::Voeding).to_string(), "#8a4500");
        assert!(theme.placemat.a4.landscape);
        assert_eq!(theme.placemat.a4.columns, 3);
    }

    #[test]
    fn errors_point_into_the_users_file() {
        let cases: &[(&str, &str)] = &[
            (
                "[placemat.a4]\nkolomen = 3\n",
                "fout: themes/eigen/theme.toml:2:1: onbekende sleutel \"kolomen\"\n  hint: bedoelde u \"kolommen\"?",
            ),
            (
                "[kleuren]\nbewegen = \"#12345\"\n",
                "fout: themes/eigen/theme.toml:2:11: \"#12345\" is geen kleur\n  hint: schrijf een kleur als \"#rrggbb\", bijvoorbeeld \"#1a1a1a\"",
            ),
            (
                "[kleuren]\nbewegn = \"#123456\"\n",
                "fout: themes/eigen/theme.toml:2:1: onbekend thema \"bewegn\" in [kleuren]\n  hint: bedoelde u \"bewegen\"?",
            ),
            (
                "\n[placemat.a3]\nqr = 10\n",
                "fout: themes/eigen/theme.toml:3:6: de instelling [placemat.a3] qr van thema \"eigen\" moet een getal van 15 tot en met 40 mm zijn",
            ),
            (
                "[placemat.a4]\nletter = \"groot\"\n",
                "fout: themes/eigen/theme.toml:2:10: \"groot\" is geen getal",
            ),
            (
                "[placemat.a4]\nkolommen = 2.5\n",
                "fout: themes/eigen/theme.toml:2:12: de instelling [placemat.a4] kolommen van thema \"eigen\" moet een heel getal zijn",
            ),
            (
                "[placemat.a4]\nkleinste_letter = 9\n",
                "fout: themes/eigen/theme.toml:2:19: de instelling [placemat.a4] letter van thema \"eigen\" past niet bij de andere lettergroottes",
            ),
            (
                "[placemat.a3]\nliggend = false\n",
                "fout: themes/eigen/theme.toml:2:11: de instelling [placemat.a3] liggend van thema \"eigen\" kan niet: de A3-placemat is altijd liggend",
            ),
            (
                "[placemat]\nlijnkleur = 9\n",
                "fout: themes/eigen/theme.toml:2:13: 9 is geen kleur",
            ),
            (
                "placemat = 3\n",
                "fout: themes/eigen/theme.toml:1:12: hier hoort een tabel met instellingen",
            ),
            (
                "[placemat\n",
                "fout: themes/eigen/theme.toml:1:",
            ),
        ];
        for (text, expected) in cases {
            let errors = errors(text);
            assert_eq!(errors.len(), 1, "{text}: {errors:#?}");
            assert!(errors[0].starts_with(expected), "{text}: {errors:#?}");
        }
    }

    #[test]
    fn range_errors_are_all_reported() {
        let errors = errors("[placemat.a3]\nqr = 50\nmarge = 1\n[placemat.a4]\nqr = 5\n");
        assert_eq!(errors.len(), 3, "{errors:#?}");
        for (error, at) in errors.iter().zip(["2:6", "3:9", "5:6"]) {
            assert!(
                error.starts_with(&format!("fout: themes/eigen/theme.toml:{at}: ")),
                "{error}"
            );
        }
    }
}
