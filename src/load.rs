//! Stage 1: find and read the project's files.
//!
//! Loading only reads text and splits Markdown front matter from the body;
//! it does not interpret any value. That is [`crate::validate`]'s job, so
//! that both `check` and `build` see exactly the same problems.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, SourceText};

/// The raw text of a project, before any value is read.
#[derive(Debug)]
pub struct LoadedProject {
    pub root: PathBuf,
    pub config: Option<SourceText>,
    pub interventions: Vec<InterventionFile>,
    /// Intervention files that exist but could not be read or split (the
    /// error is already reported): regions that list them say nothing more.
    pub unreadable: Vec<PathBuf>,
    pub regions: Vec<SourceText>,
}

/// An intervention file split into its front matter and Markdown body.
#[derive(Debug)]
pub struct InterventionFile {
    pub source: SourceText,
    /// Byte range of the TOML between the `+++` lines.
    pub front_matter: std::ops::Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

impl InterventionFile {
    pub fn front_matter_text(&self) -> &str {
        &self.source.text[self.front_matter.clone()]
    }

    pub fn body(&self) -> &str {
        &self.source.text[self.body_start..]
    }
}

pub const CONFIG_FILE: &str = "menukaart.toml";
pub const INTERVENTIONS_DIR: &str = "interventions";
pub const REGIONS_DIR: &str = "regions";
/// The theme built into the binary, used when `menukaart.toml` names none.
pub const DEFAULT_THEME: &str = "default";

/// Reads `menukaart.toml`, `interventions/*.md` and `regions/*.toml`.
///
/// Paths in the result (and so in every message) are relative to `root`, as
/// the user sees them in their project.
pub fn load(root: &Path, diags: &mut Diagnostics) -> LoadedProject {
    let mut project = LoadedProject {
        root: root.to_path_buf(),
        config: None,
        interventions: Vec::new(),
        unreadable: Vec::new(),
        regions: Vec::new(),
    };
    if !root.is_dir() {
        diags.push(
            Diagnostic::error(
                None,
                format!("de projectmap {} bestaat niet", root.display()),
            )
            .with_hint("geef met --root de map op waarin interventions/ en regions/ staan"),
        );
        return project;
    }

    let config_path = root.join(CONFIG_FILE);
    if config_path.is_file() {
        project.config = read_source(root, &config_path, diags);
    }

    for path in files_in(root, INTERVENTIONS_DIR, "md", diags) {
        match read_source(root, &path, diags).and_then(|s| split_front_matter(s, diags)) {
            Some(file) => project.interventions.push(file),
            None => project.unreadable.push(path),
        }
    }
    for path in files_in(root, REGIONS_DIR, "toml", diags) {
        if let Some(source) = read_source(root, &path, diags) {
            project.regions.push(source);
        }
    }
    project
}

/// The files with `extension` directly inside `root/dir`, sorted by name.
fn files_in(root: &Path, dir: &str, extension: &str, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let folder = root.join(dir);
    if !folder.is_dir() {
        diags.push(
            Diagnostic::error(None, format!("de map {dir}/ ontbreekt in het project")).with_hint(
                format!("maak de map {dir}/ aan, of geef met --root de juiste projectmap op"),
            ),
        );
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&folder)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diags.push(Diagnostic::error(
                    Some(Location::file(&relative(root, &folder))),
                    format!("kan de map niet lezen: {err}"),
                ));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let shown = relative(root, entry.path());
        if entry.path_is_symlink() {
            // Followed, so a shared catalogue can be linked in.
            let hint = format!("zet het bestand zelf in {dir}/");
            let ok = followed_link(entry.path(), &shown, &hint, diags);
            if !ok {
                continue;
            }
        } else if entry.file_type().is_dir() {
            diags.push(
                Diagnostic::warning(
                    Some(Location::file(&shown)),
                    "deze map wordt overgeslagen: menukaart leest geen submappen",
                )
                .with_hint(format!("zet de bestanden direct in {dir}/")),
            );
            continue;
        } else if !entry.file_type().is_file() {
            diags.push(
                Diagnostic::warning(
                    Some(Location::file(&shown)),
                    "dit is geen gewoon bestand en wordt overgeslagen",
                )
                .with_hint(format!("zet hier alleen .{extension}-bestanden")),
            );
            continue;
        }
        if entry.path().extension().and_then(|e| e.to_str()) == Some(extension) {
            files.push(entry.into_path());
        } else {
            diags.push(
                Diagnostic::warning(
                    Some(Location::file(&relative(root, entry.path()))),
                    format!("dit bestand wordt overgeslagen: het eindigt niet op .{extension}"),
                )
                .with_hint(format!(
                    "geef het bestand de extensie .{extension}, of zet het buiten {dir}/"
                )),
            );
        }
    }
    files
}

/// A symbolic link among the project's files is followed when it points to
/// a file, and always said out loud (a warning naming the target): the
/// content comes from somewhere else than it seems, and for a theme it is
/// published with the site. A link to nothing or to a folder is an error,
/// never a file that silently goes missing. Returns whether to read it.
pub(crate) fn followed_link(
    path: &Path,
    shown: &Path,
    hint: &str,
    diags: &mut Diagnostics,
) -> bool {
    let at = Some(Location::file(shown));
    if !path.is_file() {
        diags.push(
            Diagnostic::error(at, "deze symbolische koppeling wijst niet naar een bestand")
                .with_hint(hint),
        );
        return false;
    }
    let target = fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    diags.push(
        Diagnostic::warning(
            at,
            format!("symbolische koppeling naar {target}: menukaart leest dat bestand"),
        )
        .with_hint(format!("{hint} als u deze melding niet wilt")),
    );
    true
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn read_source(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<SourceText> {
    let shown = relative(root, path);
    match fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.replace_range(..3, "");
                }
                Some(SourceText::new(shown, text))
            }
            Err(err) => {
                let source =
                    SourceText::new(shown, String::from_utf8_lossy(err.as_bytes()).into_owned());
                let at = source.location(err.utf8_error().valid_up_to());
                diags.push(
                    Diagnostic::error(Some(at), "het bestand is geen geldige UTF-8-tekst")
                        .with_hint("sla het bestand op als UTF-8 (in de meeste editors: 'Opslaan als' → codering UTF-8)"),
                );
                None
            }
        },
        Err(err) => {
            diags.push(Diagnostic::error(
                Some(Location::file(&shown)),
                format!("kan het bestand niet lezen: {err}"),
            ));
            None
        }
    }
}

/// Splits `+++`-delimited TOML front matter from the Markdown body.
pub fn split_front_matter(source: SourceText, diags: &mut Diagnostics) -> Option<InterventionFile> {
    let text = &source.text;
    let mut lines = line_spans(text);
    let first_ok = matches!(lines.next(), Some((s, e)) if text[s..e].trim_end() == "+++");
    if !first_ok {
        diags.push(
            Diagnostic::error(
                Some(source.location(0)),
                "het bestand begint niet met een regel +++",
            )
            .with_hint("zet de gegevens (naam, samenvatting, …) bovenaan tussen twee regels met alleen +++; daaronder komt de beschrijving"),
        );
        return None;
    }
    let front_start = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    let closing = lines.find(|&(start, end)| text[start..end].trim_end() == "+++");
    drop(lines);
    if let Some((start, end)) = closing {
        let body_start = (end + 1).min(text.len());
        return Some(InterventionFile {
            front_matter: front_start..start,
            body_start,
            source,
        });
    }
    diags.push(
        Diagnostic::error(
            Some(source.location(0)),
            "de gegevens bovenaan worden niet afgesloten met een regel +++",
        )
        .with_hint("zet onder de laatste gegevensregel een regel met alleen +++"),
    );
    None
}

/// (start, end) byte offsets of each line, without the newline.
fn line_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let span = (start, end);
        start = end + 1;
        Some(span)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (Option<InterventionFile>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let file = split_front_matter(SourceText::new("x.md".into(), text.into()), &mut diags);
        (file, diags)
    }

    #[test]
    fn splits_front_matter_and_body() {
        let (file, diags) = split("+++\r\nnaam = \"a\"\r\n+++\r\nTekst\n");
        let file = file.unwrap();
        assert!(diags.is_empty());
        assert_eq!(file.front_matter_text(), "naam = \"a\"\r\n");
        assert_eq!(file.body(), "Tekst\n");
    }

    #[test]
    fn missing_closing_line_is_an_error() {
        let (file, diags) = split("+++\nnaam = \"a\"\n");
        assert!(file.is_none());
        assert!(diags.has_errors());
    }
}
