//! Characters that cannot reach a reader.
//!
//! Two checks over every text value of a file, each reported at the exact
//! line and column of the character:
//!
//! - [`control_characters`], always: a control character (written as an
//!   escape such as `\u0007`) or a bidirectional override breaks the page,
//!   the PDF or the CSV, and can hide text from the person checking it
//!   ("Trojan source"). Line breaks and tabs are ordinary text.
//! - [`placemat_glyphs`], once the themes are known: a character the
//!   placemat's font lacks would print as an empty box, so the build would
//!   fail late and without a position. `check` runs it too.
//!
//! Both walk the parsed TOML rather than the raw text, so a comment may
//! hold anything and an escaped character is still found.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::PathBuf;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};
use crate::load::LoadedProject;
use crate::model::Project;

/// Keys whose text never reaches the placemat (Markdown for the site only).
const SITE_ONLY: &[&str] = &["intro"];

/// Every string value in `table`, with its span and its top-level key.
fn strings<'a>(table: &'a DeTable<'a>, out: &mut Vec<(&'a str, &'a str, Range<usize>)>) {
    fn value<'a>(
        top: &'a str,
        v: &'a Spanned<DeValue<'a>>,
        out: &mut Vec<(&'a str, &'a str, Range<usize>)>,
    ) {
        match v.get_ref() {
            DeValue::String(s) => out.push((top, s.as_ref(), v.span())),
            DeValue::Array(items) => items.iter().for_each(|i| value(top, i, out)),
            DeValue::Table(t) => t.iter().for_each(|(_, i)| value(top, i, out)),
            _ => {}
        }
    }
    for (key, v) in table.iter() {
        value(key.get_ref().as_ref(), v, out);
    }
}

/// Is `c` a character no text of ours may contain?
fn forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Offset of `c` in the raw text of a value: exact when written as is,
/// the start of the value when written as an escape.
fn offset_of(raw: &str, span: &Range<usize>, c: char) -> usize {
    raw.get(span.clone())
        .and_then(|s| s.find(c))
        .map_or(span.start, |i| span.start + i)
}

/// Reports control characters and bidirectional overrides in any text
/// value of a parsed file. `base` is where the TOML starts in `source`.
pub fn control_characters(
    table: &DeTable<'_>,
    source: &SourceText,
    base: usize,
    diags: &mut Diagnostics,
) {
    let mut found = Vec::new();
    strings(table, &mut found);
    let raw = &source.text[base.min(source.text.len())..];
    for (_, text, span) in found {
        if let Some(c) = text.chars().find(|&c| forbidden(c)) {
            let at = source.location(base + offset_of(raw, &span, c));
            diags.push(
                Diagnostic::error(
                    Some(at),
                    format!(
                        "deze tekst bevat een onzichtbaar stuurteken (U+{:04X})",
                        c as u32
                    ),
                )
                .with_hint(
                    "haal het teken weg; het komt vaak mee bij kopiëren uit een ander programma",
                ),
            );
        }
    }
}

/// Reports every character that a placemat would need and its font lacks.
///
/// `covers(theme, c)` says whether the placemat font of `theme` has `c`.
/// A region's text is checked against its own theme; an intervention's
/// against the theme of every region that puts it on its placemat.
pub fn placemat_glyphs(
    loaded: &LoadedProject,
    project: &Project,
    covers: &dyn Fn(&str, char) -> bool,
    diags: &mut Diagnostics,
) {
    let mut themes_of: BTreeMap<PathBuf, BTreeSet<&str>> = BTreeMap::new();
    for region in &project.regions {
        let theme = region.theme.as_deref().unwrap_or(&project.config.theme);
        themes_of
            .entry(region.file.clone())
            .or_default()
            .insert(theme);
        for entry in &region.entries {
            if let Some(i) = project.intervention(&entry.id) {
                themes_of.entry(i.file.clone()).or_default().insert(theme);
            }
        }
    }
    let files = loaded
        .interventions
        .iter()
        .map(|f| (&f.source, f.front_matter.clone()))
        .chain(loaded.regions.iter().map(|s| (s, 0..s.text.len())));
    for (source, range) in files {
        let Some(themes) = themes_of.get(&source.path) else {
            continue;
        };
        let Ok(table) = DeTable::parse(&source.text[range.clone()]) else {
            continue;
        };
        let mut found = Vec::new();
        strings(table.get_ref(), &mut found);
        let raw = &source.text[range.clone()];
        let mut reported = BTreeSet::new();
        for (key, text, span) in found {
            if SITE_ONLY.contains(&key) {
                continue;
            }
            for c in text
                .chars()
                .filter(|c| !c.is_whitespace() && !forbidden(*c))
            {
                let Some(theme) = themes.iter().find(|t| !covers(t, c)) else {
                    continue;
                };
                if !reported.insert(c) {
                    continue;
                }
                let at = source.location(range.start + offset_of(raw, &span, c));
                diags.push(
                    Diagnostic::error(
                        Some(at),
                        format!(
                            "het teken \"{c}\" (U+{:04X}) staat niet in het lettertype van de placemat (thema \"{theme}\")",
                            c as u32
                        ),
                    )
                    .with_hint("vervang het teken door gewone tekst, of kies in theme.toml [placemat] een lettertype dat het wel heeft"),
                );
            }
        }
    }
}
