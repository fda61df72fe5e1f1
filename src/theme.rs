//! Themes: templates, static files and placemat settings.
//!
//! The `default` theme is compiled into the binary (its source is the
//! repository's `themes/default`), so a zorggroep's project needs no theme
//! of its own. A project's `themes/<name>/` overrides single files of the
//! default theme: a template, a static file, or keys of `theme.toml`.
//! `theme.toml` is checked when the theme is loaded (see [`settings`]), so
//! a theme that loads has a colour for every thema and valid placemat
//! settings.

mod paper;
pub(crate) mod placemat;
pub(crate) mod settings;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use self::placemat::Settings;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, SourceText};
use crate::vocab::Thema;

use self::settings::{Colour, Files};

pub use crate::load::DEFAULT_THEME;
static DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A theme with the project's overrides applied.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    /// Template name (path under `templates/`) → source.
    pub templates: BTreeMap<String, String>,
    /// Path under `static/` → bytes; copied to `output/static/`.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Other files (fonts, licences) by path relative to the theme folder.
    pub files: BTreeMap<String, Vec<u8>>,
    /// `[kleuren]`: one colour per thema (checked: every thema has one).
    colours: BTreeMap<Thema, Colour>,
    /// `[placemat]`, checked.
    pub placemat: Settings,
}

/// A theme's files while they are read, before `theme.toml` is checked.
struct Parts {
    templates: BTreeMap<String, String>,
    static_files: BTreeMap<String, Vec<u8>>,
    files: BTreeMap<String, Vec<u8>>,
    settings: Files,
}

impl Theme {
    /// The built-in default theme, overridden by `root/themes/<name>/` when
    /// present. `None` when anything in it is wrong, `theme.toml` included.
    pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Option<Theme> {
        let before = diags.error_count();
        let mut theme = Parts {
            templates: BTreeMap::new(),
            static_files: BTreeMap::new(),
            files: BTreeMap::new(),
            settings: Files::default(),
        };
        let mut embedded = Vec::new();
        collect_embedded(&DEFAULT, &mut embedded);
        for (path, bytes) in embedded {
            theme.add(
                path,
                bytes.to_vec(),
                diags,
                &PathBuf::from("themes/default"),
            );
        }
        if let Err(hint) = crate::names::check_id(name) {
            // Validation reports the bad name with its position; this guard
            // keeps a name like "../x" or "/" from ever becoming a path.
            diags.push(
                Diagnostic::error(None, format!("\"{name}\" is geen geldige themanaam"))
                    .with_hint(hint),
            );
            return None;
        }
        let shown = PathBuf::from("themes").join(name);
        let folder = root.join("themes").join(name);
        match fs::symlink_metadata(&folder) {
            Ok(meta) if meta.file_type().is_symlink() => {
                diags.push(
                    Diagnostic::error(
                        Some(Location::file(&shown)),
                        "de themamap is een symbolische koppeling; menukaart leest alleen thema's die echt in themes/ staan",
                    )
                    .with_hint(format!("kopieer het thema naar {}/", shown.display())),
                );
                return None;
            }
            Ok(meta) if meta.is_dir() => {
                for entry in WalkDir::new(&folder).sort_by_file_name() {
                    let entry = match entry {
                        Ok(e) => e,
                        Err(err) => {
                            diags.push(Diagnostic::error(
                                Some(Location::file(&shown)),
                                format!("kan de themamap niet lezen: {err}"),
                            ));
                            continue;
                        }
                    };
                    let rel = entry.path().strip_prefix(&folder).unwrap_or(entry.path());
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    let at = Location::file(&shown.join(&rel));
                    if entry.path_is_symlink() {
                        // Followed for files, so a shared logo can be linked
                        // in, but said out loud: whatever it points to is
                        // published with the site.
                        let hint = "zet het bestand zelf in het thema; wat het thema gebruikt, komt in de site";
                        if !crate::load::followed_link(entry.path(), &shown.join(&rel), hint, diags)
                        {
                            continue;
                        }
                    } else if !entry.file_type().is_file() {
                        continue;
                    }
                    match fs::read(entry.path()) {
                        Ok(bytes) => theme.add(rel, bytes, diags, &shown),
                        Err(err) => diags.push(Diagnostic::error(
                            Some(at),
                            format!("kan het bestand niet lezen: {err}"),
                        )),
                    }
                }
            }
            _ if name != DEFAULT_THEME => {
                diags.push(
                    Diagnostic::error(None, format!("het thema \"{name}\" bestaat niet"))
                        .with_hint(format!(
                        "maak de map themes/{name}/ aan, of gebruik het thema \"{DEFAULT_THEME}\""
                    )),
                );
                return None;
            }
            _ => {}
        }
        let colours = theme.settings.colours(name, diags);
        let placemat = Settings::read(&theme.settings, name, diags);
        if diags.error_count() > before {
            return None;
        }
        Some(Theme {
            name: name.to_string(),
            templates: theme.templates,
            static_files: theme.static_files,
            files: theme.files,
            colours: colours?,
            placemat: placemat?,
        })
    }

    /// The colour of a thema, from `[kleuren]`.
    pub fn colour(&self, thema: Thema) -> &Colour {
        // Every thema has one: `load` returns no theme otherwise.
        &self.colours[&thema]
    }
}

impl Parts {
    fn add(&mut self, path: String, bytes: Vec<u8>, diags: &mut Diagnostics, folder: &Path) {
        if let Some(name) = path.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(text) => {
                    self.templates.insert(name.to_string(), text);
                }
                Err(_) => diags.push(Diagnostic::error(
                    Some(Location::file(&folder.join(&path))),
                    "dit sjabloon is geen geldige UTF-8-tekst",
                )),
            }
        } else if let Some(name) = path.strip_prefix("static/") {
            self.static_files.insert(name.to_string(), bytes);
        } else if path == "theme.toml" {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            self.settings
                .add(SourceText::new(folder.join(&path), text), diags);
        } else {
            self.files.insert(path, bytes);
        }
    }
}

fn collect_embedded(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        out.push((
            file.path().to_string_lossy().replace('\\', "/"),
            file.contents(),
        ));
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}
