//! Themes: templates, static files and placemat settings.
//!
//! The `default` theme is compiled into the binary (its source is the
//! repository's `themes/default`), so a zorggroep's project needs no theme
//! of its own. A project's `themes/<name>/` overrides single files of the
//! default theme: a template, a static file, or keys of `theme.toml`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};

pub const DEFAULT_THEME: &str = "default";
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
    /// `theme.toml`, default keys overridden by the project's.
    pub settings: toml::Table,
}

impl Theme {
    /// The built-in default theme, overridden by `root/themes/<name>/` when present.
    pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Option<Theme> {
        let mut theme = Theme {
            name: name.to_string(),
            templates: BTreeMap::new(),
            static_files: BTreeMap::new(),
            files: BTreeMap::new(),
            settings: toml::Table::new(),
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
        if let Err(hint) = crate::validate::formats::check_id(name) {
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
        Some(theme)
    }

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
            let text = String::from_utf8_lossy(&bytes);
            match text.parse::<toml::Table>() {
                Ok(table) => merge(&mut self.settings, table),
                Err(err) => {
                    let source =
                        crate::diagnostics::SourceText::new(folder.join(&path), text.into_owned());
                    let at = source.location(err.span().map_or(0, |s| s.start));
                    diags.push(
                        Diagnostic::error(
                            Some(at),
                            format!("de TOML-opmaak klopt niet: {}", err.message().trim()),
                        )
                        .with_hint("elke regel is: sleutel = waarde; tekst staat tussen \"…\""),
                    );
                }
            }
        } else {
            self.files.insert(path, bytes);
        }
    }

    /// A colour for a thema from `[kleuren]`, as `#rrggbb`.
    pub fn colour(&self, thema: &str) -> &str {
        self.settings
            .get("kleuren")
            .and_then(|k| k.get(thema))
            .and_then(|c| c.as_str())
            .filter(|c| is_hex_colour(c))
            .unwrap_or("#44546a")
    }
}

fn is_hex_colour(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit())
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

/// Deep-merges `over` into `base`: tables merge, other values replace.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}
