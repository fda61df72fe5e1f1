//! Stage 2: turn loaded text into a typed, checked [`Project`].
//!
//! Every file is checked completely and every problem is collected, so one
//! run shows the user all there is to fix. Cross-file checks (duplicate
//! ids, references from regions to interventions) run after all files are
//! read.

mod cache;
pub(crate) mod config;
mod fields;
pub mod formats;
mod intervention;
pub(crate) mod keys;
pub mod links;
mod parts;
mod read;
pub mod readability;
mod region;
mod section;
pub mod stale;
mod syntax;
#[cfg(test)]
mod tables_test;
pub mod text;

use std::path::Path;

use time::Date;
use toml::de::DeTable;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::LoadedProject;
use crate::model::Project;

pub use cache::Cache;
pub(crate) use config::CONFIG;
pub(crate) use intervention::INTERVENTION;
pub(crate) use region::REGION;

/// What validation needs besides the files.
#[derive(Clone, Debug)]
pub struct Context {
    /// "Today", injected so that tests do not depend on the clock.
    pub today: Date,
}

/// Validates a loaded project. Returns `None` when `diags` holds any
/// error, including errors from loading.
pub fn validate(loaded: &LoadedProject, ctx: &Context, diags: &mut Diagnostics) -> Option<Project> {
    validate_cached(loaded, ctx, &mut Cache::default(), diags)
}

/// [`validate`], reusing the results of files whose text did not change
/// since the last run with the same `cache` (for `serve`).
pub fn validate_cached(
    loaded: &LoadedProject,
    ctx: &Context,
    cache: &mut Cache,
    diags: &mut Diagnostics,
) -> Option<Project> {
    let config = match &loaded.config {
        Some(source) => config::config(source, diags),
        None => Some(Default::default()),
    };

    let mut interventions: Vec<_> = loaded
        .interventions
        .iter()
        .filter_map(|file| cache.intervention(file, diags))
        .collect();
    interventions.sort_by(|a, b| a.id.cmp(&b.id));
    // Ids come from file names, so duplicates can only differ in case on
    // case-insensitive file systems; check anyway, ids must be unique.
    for pair in interventions.windows(2) {
        if pair[0].id == pair[1].id {
            diags.push(
                Diagnostic::error(
                    Some(crate::diagnostics::Location::file(&pair[1].file)),
                    format!("de id \"{}\" komt twee keer voor", pair[0].id),
                )
                .with_hint("geef elke interventie een eigen bestandsnaam"),
            );
        }
    }
    let mut ids: Vec<&str> = loaded
        .interventions
        .iter()
        .map(|f| &f.source.path)
        .chain(&loaded.unreadable)
        .filter_map(|path| path.file_stem()?.to_str())
        .collect();
    ids.sort_unstable();

    let mut regions: Vec<_> = loaded
        .regions
        .iter()
        .filter_map(|source| cache.region(source, &ids, diags))
        .collect();
    cache.prune();
    regions.sort_by(|a, b| a.slug.cmp(&b.slug));

    let config = config?;
    if loaded.config.is_some() {
        check_theme(
            &loaded.root,
            Some(&config.theme),
            std::path::Path::new(crate::load::CONFIG_FILE),
            diags,
        );
    }
    for region in &regions {
        check_theme(&loaded.root, region.theme.as_deref(), &region.file, diags);
        check_dates(region, ctx, diags);
        stale::region(region, &config, ctx, diags);
        stale::eigen_risico(region, &interventions, &config, diags);
        check_buurtsportcoaches(region, &interventions, diags);
        check_references(region, diags);
        if region.entries.is_empty() {
            diags.push(
                Diagnostic::warning(
                    Some(crate::diagnostics::Location::file(&region.file)),
                    format!("{} heeft nog geen interventies gekozen", region.naam),
                )
                .with_hint("voeg [[interventie]]-blokken toe met de id van een interventie"),
            );
        }
    }
    authoring_checks(loaded, &config, &interventions, &regions, ctx, cache, diags);
    // Errors pushed before this call count too: a file that could not be
    // loaded is missing from the project, so the project is not whole.
    if diags.has_errors() {
        return None;
    }
    Some(Project {
        root: loaded.root.clone(),
        config,
        interventions,
        regions,
    })
}

/// A file's name without its extension, which is the id (or slug) of what
/// it holds, and whether that is a valid id; `not_valid` ends the message
/// when it is not ("geen geldige id").
fn file_id(path: &Path, not_valid: &str, diags: &mut Diagnostics) -> (String, bool) {
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    match formats::check_id(&id) {
        Ok(()) => (id, true),
        Err(hint) => {
            diags.push(
                Diagnostic::error(
                    Some(crate::diagnostics::Location::file(path)),
                    format!("de bestandsnaam \"{id}\" is {not_valid}"),
                )
                .with_hint(format!("hernoem het bestand: {hint}.{extension}")),
            );
            (id, false)
        }
    }
}

/// Parses TOML, reporting every syntax error with its position.
fn parse_toml<'i>(r: &mut fields::Reader, text: &'i str) -> Option<Spanned<DeTable<'i>>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        text::control_characters(table.get_ref(), r.source, r.base, r.diags);
        return Some(table);
    }
    // One error per line: a mistake such as a date in words confuses the
    // parser into several errors on the same line, and one fix cures all.
    let mut lines_seen = Vec::new();
    for error in errors {
        let span = error.span().unwrap_or(0..0);
        let at = span.start.min(text.len());
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        if lines_seen.contains(&start) {
            continue;
        }
        lines_seen.push(start);
        let (message, hint) = syntax::explain(error.message(), &text[start..end]);
        r.error(&span, message).hint = Some(hint);
    }
    None
}

/// A Dutch hint for a TOML parser message (English), for readers that
/// have no line at hand.
pub(crate) fn syntax_hint(message: &str) -> String {
    syntax::explain(message, "").1
}

/// The Dutch message for a TOML parser message (English).
pub(crate) fn syntax_message(message: &str) -> String {
    syntax::explain(message, "").0
}

/// A theme other than the built-in one must be a real folder in `themes/`
/// (the name itself was checked as a path-safe id when it was read).
fn check_theme(root: &Path, theme: Option<&str>, file: &Path, diags: &mut Diagnostics) {
    let Some(name) = theme else { return };
    let folder = root.join("themes").join(name);
    let real_folder = std::fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir());
    if name != crate::load::DEFAULT_THEME && !real_folder {
        diags.push(
            Diagnostic::error(
                Some(crate::diagnostics::Location::file(file)),
                format!("het thema \"{name}\" bestaat niet"),
            )
            .with_hint(format!(
                "maak de map themes/{name}/ aan, of gebruik theme = \"{}\"",
                crate::load::DEFAULT_THEME
            )),
        );
    }
}

/// A region past its geldig_tot still builds, but the user must know.
fn check_dates(region: &crate::model::Region, ctx: &Context, diags: &mut Diagnostics) {
    if let (Some(tot), Some(at)) = (region.geldig_tot, &region.geldig_tot_at) {
        if tot < ctx.today {
            diags.push(
                Diagnostic::warning(
                    Some(at.clone()),
                    format!("de menukaart van {} was geldig tot {tot}; die datum is voorbij", region.naam),
                )
                .with_hint("controleer de interventies en vergoedingen, en zet daarna een nieuwe peildatum en geldig_tot"),
            );
        }
    }
}

/// A route through the buurtsportcoach breaks down in a gemeente without
/// one: the POH has nobody to send the patient to. The build goes on (the
/// other gemeenten are fine), but the zorggroep must hear which gemeente.
fn check_buurtsportcoaches(
    region: &crate::model::Region,
    interventions: &[crate::model::Intervention],
    diags: &mut Diagnostics,
) {
    use crate::vocab::Verwijzing;
    let missing: Vec<&str> = region
        .gemeenten
        .iter()
        .filter(|g| g.buurtsportcoach.is_none())
        .map(|g| g.naam.as_str())
        .collect();
    if missing.is_empty() {
        return;
    }
    let names = match missing.split_last() {
        Some((last, [])) => format!("de gemeente {last} heeft"),
        Some((last, rest)) => format!("de gemeenten {} en {last} hebben", rest.join(", ")),
        None => return,
    };
    for entry in &region.entries {
        let national = interventions
            .binary_search_by(|i| i.id.as_str().cmp(&entry.id))
            .ok()
            .map(|i| &interventions[i].aanmelding);
        let Some(route) = entry.aanmelding.as_ref().or(national) else {
            continue;
        };
        if route.verwijzing != Some(Verwijzing::Buurtsportcoach) {
            continue;
        }
        let hint = if entry.aanmelding.is_some() {
            "voeg bij die gemeente een [gemeente.buurtsportcoach] toe met naam, email en telefoon, of kies in [interventie.aanmelding] een andere verwijzing"
        } else {
            "voeg bij die gemeente een [gemeente.buurtsportcoach] toe met naam, email en telefoon, of geef deze interventie een eigen [interventie.aanmelding] met een andere verwijzing"
        };
        diags.push(
            Diagnostic::warning(
                Some(entry.at.clone()),
                format!(
                    "de route van \"{}\" loopt via de buurtsportcoach, maar {names} geen buurtsportcoach",
                    entry.id
                ),
            )
            .with_hint(hint),
        );
    }
}

/// A regional note is printed on the placemat, on the card of the regional
/// page and on the intervention's page, each time in another place. "See
/// below" is right in at most one of them, and the placemat has no list of
/// aanbieders at all: the note must name what it refers to.
fn check_references(region: &crate::model::Region, diags: &mut Diagnostics) {
    const POINTERS: &[&str] = &[
        "hieronder",
        "hier onder",
        "onderaan",
        "zie onder",
        "zie beneden",
    ];
    for entry in &region.entries {
        let texts = entry.notitie.iter().map(|t| ("notitie", t)).chain(
            entry
                .vergoeding
                .iter()
                .filter_map(|v| v.toelichting.as_ref())
                .map(|t| ("vergoeding.toelichting", t)),
        );
        for (key, text) in texts {
            let lower = text.to_lowercase();
            if let Some(word) = POINTERS.iter().find(|p| lower.contains(*p)) {
                diags.push(
                    Diagnostic::warning(
                        Some(entry.at.clone()),
                        format!(
                            "{key} van \"{}\" verwijst naar iets \"{word}\", maar op de placemat en de kaart staat daar niets",
                            entry.id
                        ),
                    )
                    .with_hint("noem in de tekst zelf de aanbieder, het telefoonnummer of de website waar u naar verwijst"),
                );
            }
        }
    }
}

/// Outdated data and broken links in Markdown: what an author should fix
/// before publishing (see [`stale`] and [`links`]).
fn authoring_checks(
    loaded: &LoadedProject,
    config: &crate::model::SiteConfig,
    interventions: &[crate::model::Intervention],
    regions: &[crate::model::Region],
    ctx: &Context,
    cache: &Cache,
    diags: &mut Diagnostics,
) {
    use std::collections::HashMap;
    let site = links::SiteMap::new(interventions, regions);
    let files: HashMap<&Path, &crate::load::InterventionFile> = loaded
        .interventions
        .iter()
        .map(|f| (f.source.path.as_path(), f))
        .collect();
    let mut choosers: HashMap<&str, Vec<&crate::model::Region>> = HashMap::new();
    for region in regions {
        for entry in &region.entries {
            choosers.entry(entry.id.as_str()).or_default().push(region);
        }
    }
    for i in interventions {
        stale::intervention(i, config, ctx, diags);
        if let Some(file) = files.get(i.file.as_path()) {
            links::check_intervention(
                i,
                cache.links(&i.file),
                (file.body_start, &file.source),
                &site,
                choosers.get(i.id.as_str()).map_or(&[][..], Vec::as_slice),
                diags,
            );
        }
    }
    for region in regions {
        if let Some(source) = loaded.regions.iter().find(|s| s.path == region.file) {
            links::check_region_intro(region, source, &site, diags);
        }
    }
    readable_texts(loaded, diags);
}

/// B1 warnings for every text patients and huisartsen read (see
/// [`readability`]): the keys the key table marks, and the Markdown body.
fn readable_texts(loaded: &LoadedProject, diags: &mut Diagnostics) {
    for file in &loaded.interventions {
        if let Ok(table) = DeTable::parse(file.front_matter_text()) {
            readability::check_table(
                table.get_ref(),
                &INTERVENTION,
                &file.source,
                file.front_matter.start,
                diags,
            );
        }
        readability::check_markdown(file.body(), file.body_start, &file.source, diags);
    }
    for source in &loaded.regions {
        if let Ok(table) = DeTable::parse(&source.text) {
            readability::check_table(table.get_ref(), &REGION, source, 0, diags);
        }
    }
}
