//! Editions: a region's menukaart frozen at its peildatum, and what changed
//! since the previous one.
//!
//! A zorggroep publishes its menukaart in editions. `menukaart editie`
//! writes the resolved selection of each region to
//! `edities/<slug>/<peildatum>.json`, in the export format of
//! `menukaart.json`, to be committed with the data. Every build then
//! compares each region with its latest edition from before the current
//! peildatum and attaches the differences to the view model, so the site,
//! the placemat and the JSON export all tell the same story.
//!
//! Differences are computed on the resolved regional view (the export
//! structure), not on the files: a regional override that changes the cost
//! counts, and a reworded summary is "beschrijving aangepast", not a list
//! of sentences.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use time::Date;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::export::{self, Interventie, MenukaartJson};
use crate::resolve::{Menukaart, VeldWijziging, Wijziging, WijzigingSoort, Wijzigingen};
use crate::vocab::{VergoedingSoort, Verwijzing, Vocabulary};

/// The folder of the editions, inside the project.
pub const DIR: &str = "edities";

/// One stored edition of one region.
#[derive(Clone, Debug)]
pub struct Edition {
    pub slug: String,
    pub peildatum: Date,
    /// Relative to the project root, for messages.
    pub file: PathBuf,
    pub data: MenukaartJson,
}

/// Reads every edition under `root/edities/`. A file that does not parse
/// or has an unknown `versie` is an error naming the file; an edition of a
/// region that no longer exists is a warning.
pub fn load(root: &Path, regions: &[&str], diags: &mut Diagnostics) -> Vec<Edition> {
    let folder = root.join(DIR);
    let Ok(entries) = fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut slugs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    slugs.sort();
    let mut out = Vec::new();
    for dir in slugs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        let shown = PathBuf::from(DIR).join(&name);
        if !dir.is_dir() {
            diags.push(
                Diagnostic::warning(
                    Some(Location::file(&shown)),
                    "dit bestand wordt overgeslagen",
                )
                .with_hint(format!(
                    "edities staan in {DIR}/<zorggroep>/<peildatum>.json"
                )),
            );
            continue;
        }
        if !regions.contains(&name.as_str()) {
            diags.push(
                Diagnostic::warning(
                    Some(Location::file(&shown)),
                    format!("er zijn edities van \"{name}\", maar die zorggroep bestaat niet (meer)"),
                )
                .with_hint(format!(
                    "bewaar de map als archief buiten {DIR}/, of hernoem hem naar de nieuwe naam van de zorggroep"
                )),
            );
            continue;
        }
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .map(|e| e.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for file in files {
            if let Some(edition) = read(&file, &shown, &name, diags) {
                out.push(edition);
            }
        }
    }
    out
}

fn read(file: &Path, folder: &Path, slug: &str, diags: &mut Diagnostics) -> Option<Edition> {
    let file_name = file.file_name()?.to_string_lossy().into_owned();
    let shown = folder.join(&file_name);
    let at = Some(Location::file(&shown));
    if file_name.starts_with('.') {
        return None;
    }
    let stem = file_name.strip_suffix(".json");
    let Some(peildatum) = stem.and_then(iso_date) else {
        diags.push(
            Diagnostic::error(at, "deze bestandsnaam is geen peildatum")
                .with_hint("een editie heet <peildatum>.json, bijvoorbeeld 2026-10-01.json"),
        );
        return None;
    };
    let text = match fs::read_to_string(file) {
        Ok(text) => text,
        Err(err) => {
            diags.push(Diagnostic::error(
                at,
                format!("kan de editie niet lezen: {err}"),
            ));
            return None;
        }
    };
    // Syntax first (with its position), then the version, then the shape:
    // a file of an unknown version is named as such, not as "broken".
    let value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(err) => {
            let at = Location {
                file: shown,
                line: err.line().max(1),
                column: err.column().max(1),
            };
            diags.push(
                Diagnostic::error(Some(at), format!("deze editie kan niet gelezen worden: {err}"))
                    .with_hint("een editie maakt menukaart zelf (menukaart editie); bewerk haar niet met de hand"),
            );
            return None;
        }
    };
    // A control character (escaped, as JSON must) would reach the pages and
    // the placemat, where no font can draw it: named here, at its line.
    if let Some((line, column, ch)) = control_character(&text) {
        diags.push(
            Diagnostic::error(
                Some(Location {
                    file: shown,
                    line,
                    column,
                }),
                format!("deze editie bevat een onzichtbaar stuurteken (U+{ch:04X})"),
            )
            .with_hint("haal het teken weg, of haal de editie weg en maak haar opnieuw met menukaart editie"),
        );
        return None;
    }
    let versie = value.get("versie").and_then(|v| v.as_str()).unwrap_or("");
    // 1.x holds each step as a text; 2.x as { wie, wat }: both read.
    if !versie.starts_with("1.") && !versie.starts_with("2.") {
        diags.push(
            Diagnostic::error(at, format!("onbekende versie \"{versie}\" in deze editie"))
                .with_hint("deze versie van menukaart leest edities met versie 1.x en 2.x; maak de editie opnieuw met menukaart editie"),
        );
        return None;
    }
    let data: MenukaartJson = match serde_json::from_value(value) {
        Ok(data) => data,
        Err(err) => {
            diags.push(
                Diagnostic::error(at, format!("deze editie heeft niet de vorm van een menukaart: {err}"))
                    .with_hint("een editie maakt menukaart zelf (menukaart editie); bewerk haar niet met de hand"),
            );
            return None;
        }
    };
    if data.zorggroep.slug != slug || data.zorggroep.peildatum != peildatum.to_string() {
        diags.push(
            Diagnostic::error(
                at,
                format!(
                    "deze editie is van {} met peildatum {}, maar staat in {}",
                    data.zorggroep.slug,
                    data.zorggroep.peildatum,
                    shown.display()
                ),
            )
            .with_hint(
                "zet de editie terug op haar eigen plek: edities/<zorggroep>/<peildatum>.json",
            ),
        );
        return None;
    }
    Some(Edition {
        slug: slug.to_string(),
        peildatum,
        file: shown,
        data,
    })
}

/// The latest edition of `slug` from before `peildatum`: what a new
/// edition is compared with. An edition with the current peildatum is the
/// current edition itself, frozen; a later one does not count.
fn previous<'e>(editions: &'e [Edition], slug: &str, peildatum: Date) -> Option<&'e Edition> {
    editions
        .iter()
        .filter(|e| e.slug == slug && e.peildatum < peildatum)
        .max_by_key(|e| e.peildatum)
}

fn peildatum(menu: &Menukaart) -> Option<Date> {
    iso_date(&menu.regio.peildatum_iso)
}

/// `jjjj-mm-dd`, as the file names and the export write dates.
fn iso_date(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let year = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    if parts.next().is_some() || text.len() != 10 {
        return None;
    }
    Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
}

/// Compares each menu with its previous edition and attaches the
/// differences: the summary on the menu, a mark on each new or changed item.
pub fn annotate(menus: &mut [Menukaart], editions: &[Edition], base_url: Option<&str>) {
    for menu in menus.iter_mut() {
        let Some(date) = peildatum(menu) else {
            continue;
        };
        let Some(previous) = previous(editions, menu.regio.slug, date) else {
            continue;
        };
        let current = export::menukaart_json(menu, base_url, "");
        let lijst = compare(&previous.data, &current);
        for item in menu.items.iter_mut() {
            item.wijziging = lijst
                .iter()
                .find(|w| w.id == item.interventie.id)
                .map(|w| w.soort);
        }
        let names = |soort: WijzigingSoort| {
            lijst
                .iter()
                .filter(|w| w.soort == soort)
                .map(|w| w.naam.clone())
                .collect::<Vec<_>>()
        };
        menu.wijzigingen = Some(Wijzigingen {
            sinds: crate::resolve::datum(previous.peildatum),
            sinds_iso: previous.peildatum.to_string(),
            nieuw: names(WijzigingSoort::Nieuw),
            vervallen: names(WijzigingSoort::Vervallen),
            gewijzigd: names(WijzigingSoort::Gewijzigd),
            lijst,
            zorggroep: compare_zorggroep(&previous.data, &current),
        });
    }
}

/// Warnings for editions that cannot serve as the previous one: a
/// peildatum after the region's current one, or the current peildatum
/// with data that has changed since it was frozen (then the next edition
/// needs a new peildatum).
pub fn check(
    menus: &[Menukaart],
    editions: &[Edition],
    base_url: Option<&str>,
    diags: &mut Diagnostics,
) {
    for menu in menus {
        let Some(date) = peildatum(menu) else {
            continue;
        };
        for edition in editions.iter().filter(|e| e.slug == menu.regio.slug) {
            if edition.peildatum > date {
                diags.push(
                    Diagnostic::warning(
                        Some(Location::file(&edition.file)),
                        format!(
                            "deze editie ligt na de peildatum van {} ({}); ze telt niet mee",
                            menu.regio.naam, menu.regio.peildatum
                        ),
                    )
                    .with_hint("controleer de peildatum in het bestand van de zorggroep"),
                );
            } else if edition.peildatum == date {
                let current = export::menukaart_json(menu, base_url, "");
                if !compare(&edition.data, &current).is_empty()
                    || !compare_zorggroep(&edition.data, &current).is_empty()
                {
                    diags.push(
                        Diagnostic::warning(
                            Some(Location::file(&edition.file)),
                            "de gegevens zijn veranderd sinds deze editie is vastgelegd, maar de peildatum is nog dezelfde",
                        )
                        .with_hint("zet een nieuwe peildatum voor de volgende editie; de site vergelijkt dan met deze editie"),
                    );
                }
            }
        }
    }
}

/// Every difference between two editions of one region, in the order of
/// the new menukaart, then what was removed.
pub fn compare(old: &MenukaartJson, new: &MenukaartJson) -> Vec<Wijziging> {
    let before: BTreeMap<&str, &Interventie> =
        old.interventie.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut out = Vec::new();
    for item in &new.interventie {
        match before.get(item.id.as_str()) {
            None => out.push(Wijziging {
                soort: WijzigingSoort::Nieuw,
                id: item.id.clone(),
                naam: item.naam.clone(),
                velden: Vec::new(),
            }),
            Some(was) => {
                let velden = fields(was, item);
                if !velden.is_empty() {
                    out.push(Wijziging {
                        soort: WijzigingSoort::Gewijzigd,
                        id: item.id.clone(),
                        naam: item.naam.clone(),
                        velden,
                    });
                }
            }
        }
    }
    for item in &old.interventie {
        if !new.interventie.iter().any(|i| i.id == item.id) {
            out.push(Wijziging {
                soort: WijzigingSoort::Vervallen,
                id: item.id.clone(),
                naam: item.naam.clone(),
                velden: Vec::new(),
            });
        }
    }
    out
}

/// What changed in the zorggroep's own details a huisarts or patient uses
/// to reach someone: its contact, and per gemeente the buurtsportcoach.
pub fn compare_zorggroep(old: &MenukaartJson, new: &MenukaartJson) -> Vec<VeldWijziging> {
    let person = |c: Option<&crate::model::Contact>| -> String {
        c.map(|c| {
            [&c.naam, &c.telefoon, &c.email]
                .into_iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
    };
    let mut fields: Vec<(String, String, String, String)> = vec![(
        "zorggroep_contact".into(),
        "Contact van de zorggroep".into(),
        person(Some(&old.zorggroep.contact)),
        person(Some(&new.zorggroep.contact)),
    )];
    let coach = |doc: &MenukaartJson, naam: &str| {
        person(
            doc.zorggroep
                .gemeente
                .iter()
                .find(|g| g.naam == naam)
                .and_then(|g| g.buurtsportcoach.as_ref()),
        )
    };
    let mut gemeenten: Vec<&str> = new
        .zorggroep
        .gemeente
        .iter()
        .map(|g| g.naam.as_str())
        .collect();
    for g in &old.zorggroep.gemeente {
        if !gemeenten.contains(&g.naam.as_str()) {
            gemeenten.push(&g.naam);
        }
    }
    for naam in gemeenten {
        fields.push((
            "buurtsportcoach".into(),
            format!("Buurtsportcoach {naam}"),
            coach(old, naam),
            coach(new, naam),
        ));
    }
    fields
        .into_iter()
        .filter(|(_, _, was, is)| was != is)
        .map(|(veld, label, was, is)| VeldWijziging {
            tekst: in_words(&veld, &label, &was, &is),
            veld,
            label,
            oud: (!was.is_empty()).then_some(was),
            nieuw: (!is.is_empty()).then_some(is),
        })
        .collect()
}

/// A field of an intervention that a huisarts acts on: its id (`veld` in
/// the export), its name for readers, and its value as one comparable text.
type Field = (&'static str, &'static str, fn(&Interventie) -> String);
/// The fields a huisarts acts on, in the order changes are listed.
const FIELDS: &[Field] = &[
    ("kosten", "Kosten voor de patiënt", kosten),
    ("vergoeding", "Wie betaalt", wie_betaalt),
    ("eigen_risico", "Eigen risico", eigen_risico),
    ("verwijzing", "Verwijzing", verwijzing),
    ("stappen", "Stappen om aan te melden", |i| {
        let steps: Vec<String> = i
            .aanmelding
            .stappen
            .iter()
            .map(|s| match &s.wie {
                Some(wie) => format!("{} ({wie})", s.wat),
                None => s.wat.clone(),
            })
            .collect();
        steps.join(" / ")
    }),
    ("zorgdomein", "Zorgdomein-product", |i| {
        i.aanmelding.zorgdomein.clone().unwrap_or_default()
    }),
    ("contact", "Contact voor aanmelden", contact),
    ("aanbieders", "Aanbieders in de regio", aanbieders),
    ("doelgroep", "Doelgroep", |i| {
        i.doelgroep.omschrijving.clone()
    }),
    ("notitie", "Regionale afspraak", |i| {
        i.notitie.clone().unwrap_or_default()
    }),
    ("vergoeding_toelichting", "Uitleg over de vergoeding", |i| {
        per_gemeente(i, |v| v.toelichting.clone().unwrap_or_default())
    }),
    ("beschrijving", "Beschrijving", |i| i.samenvatting.clone()),
    ("naam", "Naam", |i| i.naam.clone()),
];

/// The changed fields of one intervention.
fn fields(old: &Interventie, new: &Interventie) -> Vec<VeldWijziging> {
    FIELDS
        .iter()
        .filter_map(|(veld, label, get)| {
            let (was, is) = (get(old), get(new));
            (was != is).then(|| VeldWijziging {
                veld: veld.to_string(),
                label: label.to_string(),
                tekst: in_words(veld, label, &was, &is),
                oud: (!was.is_empty()).then_some(was),
                nieuw: (!is.is_empty()).then_some(is),
            })
        })
        .collect()
}

/// One change as a sentence; long texts are named, not quoted.
fn in_words(veld: &str, label: &str, was: &str, is: &str) -> String {
    match (veld, was.is_empty(), is.is_empty()) {
        (
            "beschrijving" | "doelgroep" | "stappen" | "notitie" | "vergoeding_toelichting",
            false,
            false,
        ) => {
            format!("{label} aangepast")
        }
        (_, true, _) => format!("{label}: nieuw: „{is}”"),
        (_, _, true) => format!("{label}: vervallen (was „{was}”)"),
        _ => format!("{label}: was „{was}”, nu „{is}”"),
    }
}

/// One value per arrangement, named by its gemeenten; a value that is the
/// same everywhere is said once, so splitting a region's arrangement by
/// gemeente is not reported as a change of what stayed the same.
fn per_gemeente(i: &Interventie, part: fn(&export::Vergoeding) -> String) -> String {
    let values: Vec<String> = i.vergoeding.iter().map(part).collect();
    if values.windows(2).all(|w| w[0] == w[1]) {
        return values.into_iter().next().unwrap_or_default();
    }
    let all: Vec<String> = i
        .vergoeding
        .iter()
        .enumerate()
        .map(|(n, v)| match (&v.gemeenten[..], n) {
            ([], 0) => part(v),
            ([], _) => format!("in de andere gemeenten: {}", part(v)),
            (g, _) => format!("in {}: {}", g.join(", "), part(v)),
        })
        .collect();
    all.join("; ")
}

fn kosten(i: &Interventie) -> String {
    per_gemeente(i, |v| v.kosten.clone())
}

fn wie_betaalt(i: &Interventie) -> String {
    per_gemeente(i, |v| {
        VergoedingSoort::from_id(&v.soort)
            .map_or_else(|| v.soort.clone(), |s| s.label().to_string())
    })
}

fn eigen_risico(i: &Interventie) -> String {
    per_gemeente(i, |v| match v.eigen_risico {
        Some(true) => "gaat van het eigen risico af".into(),
        Some(false) => "niet van het eigen risico".into(),
        None => "niet opgegeven".into(),
    })
}

fn verwijzing(i: &Interventie) -> String {
    i.aanmelding
        .verwijzing
        .as_deref()
        .map(|v| Verwijzing::from_id(v).map_or_else(|| v.to_string(), |v| v.label().to_string()))
        .unwrap_or_default()
}

fn contact(i: &Interventie) -> String {
    let a = &i.aanmelding;
    [&a.telefoon, &a.email, &a.url]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
}

/// The regional providers with everything a patient uses to reach them:
/// a changed phone number or e-mail address is a change.
fn aanbieders(i: &Interventie) -> String {
    i.aanbieder
        .iter()
        .map(|a| {
            let mut parts = vec![a.naam.clone()];
            parts.extend(
                [
                    &a.adres,
                    &a.postcode,
                    &a.plaats,
                    &a.telefoon,
                    &a.email,
                    &a.website,
                ]
                .into_iter()
                .flatten()
                .cloned(),
            );
            for (label, value) in [("AGB", &a.agb), ("KvK", &a.kvk)] {
                if let Some(value) = value {
                    parts.push(format!("{label} {value}"));
                }
            }
            parts.join(", ")
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Where the current edition of `menu` goes, relative to the project.
fn edition_path(menu: &Menukaart) -> PathBuf {
    PathBuf::from(DIR)
        .join(menu.regio.slug)
        .join(format!("{}.json", menu.regio.peildatum_iso))
}

/// Writes the current edition of each menu and returns the files written;
/// never overwrites an edition, and writes all of them or none.
/// All or nothing: when one region already has an edition with its
/// peildatum, nothing is written, so a second run cannot half-succeed.
pub fn freeze(
    root: &Path,
    menus: &[Menukaart],
    base_url: Option<&str>,
    gemaakt: &str,
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    let mut written = Vec::new();
    let before = diags.error_count();
    for menu in menus {
        let shown = edition_path(menu);
        if root.join(&shown).exists() {
            diags.push(
                Diagnostic::error(
                    Some(Location::file(&shown)),
                    format!(
                        "er is al een editie van {} met peildatum {}; die wordt niet overschreven",
                        menu.regio.naam, menu.regio.peildatum
                    ),
                )
                .with_hint("zet eerst een nieuwe peildatum in het bestand van de zorggroep, of haal de oude editie weg als die echt fout is"),
            );
        }
    }
    if diags.error_count() > before {
        return written;
    }
    // Stage every edition as a temporary file beside its place first: a
    // region whose edition cannot be written stops them all, before any
    // is placed.
    let mut staged: Vec<(PathBuf, PathBuf, PathBuf)> = Vec::new();
    let mut failed = None;
    for menu in menus {
        let shown = edition_path(menu);
        let path = root.join(&shown);
        let json = export::menukaart_json(menu, base_url, gemaakt);
        match stage(&path, &json) {
            Ok(tmp) => staged.push((tmp, path, shown)),
            Err(err) => {
                failed = Some((shown, err));
                break;
            }
        }
    }
    if let Some((shown, err)) = failed {
        for (tmp, _, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
        diags.push(
            Diagnostic::error(
                Some(Location::file(&shown)),
                format!("kan de editie niet schrijven: {err}; er is geen enkele editie geschreven"),
            )
            .with_hint("controleer of u in de map edities/ mag schrijven, en probeer het opnieuw"),
        );
        return Vec::new();
    }
    // The journal names what is about to be placed, so that a run killed
    // halfway is undone by the next one ([`recover`]).
    let journal = root.join(DIR).join(JOURNAL);
    let listed: String = staged
        .iter()
        .map(|(_, _, shown)| format!("{}\n", shown.display()))
        .collect();
    let placed = write_new(&journal, listed.as_bytes()).and_then(|()| {
        let mut placed: Vec<&Path> = Vec::new();
        for (tmp, path, _) in &staged {
            // A hard link never replaces an existing file: an edition that
            // appeared meanwhile is not overwritten.
            if let Err(err) = place(tmp, path) {
                for done in &placed {
                    let _ = fs::remove_file(done);
                }
                return Err(err);
            }
            placed.push(path);
        }
        Ok(())
    });
    for (tmp, _, _) in &staged {
        let _ = fs::remove_file(tmp);
    }
    let _ = fs::remove_file(&journal);
    if let Err(err) = placed {
        diags.push(
            Diagnostic::error(
                Some(Location::file(&PathBuf::from(DIR))),
                format!(
                    "kan de edities niet vastleggen: {err}; er is geen enkele editie geschreven"
                ),
            )
            .with_hint("controleer of u in de map edities/ mag schrijven, en probeer het opnieuw"),
        );
        return Vec::new();
    }
    written.extend(staged.into_iter().map(|(_, _, shown)| shown));
    written
}

/// The first escaped control character in JSON `text` other than a line
/// break or tab (`\u0007`, `\b`, `\f`), as (line, column, code point).
fn control_character(text: &str) -> Option<(usize, usize, u32)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let code = match bytes[i + 1] {
            b'b' => Some(0x08),
            b'f' => Some(0x0C),
            b'u' => text
                .get(i + 2..i + 6)
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .filter(|&c| {
                    (c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D) || (0x7F..0xA0).contains(&c)
                }),
            _ => None,
        };
        if let Some(code) = code {
            return Some(position(text, i, code));
        }
        // Skip the escaped character, so `\\u0007` (a backslash, then
        // text) is not taken for an escape.
        i += 2;
    }
    // JSON lets DEL and the C1 controls stand unescaped.
    text.char_indices()
        .find(|(_, c)| ('\u{7F}'..'\u{A0}').contains(c))
        .map(|(at, c)| position(text, at, c as u32))
}

/// (line, column, code) of byte `at` in `text`, counted as a reader does.
fn position(text: &str, at: usize, code: u32) -> (usize, usize, u32) {
    let before = &text[..at];
    let start = before.rfind('\n').map_or(0, |n| n + 1);
    (
        before.matches('\n').count() + 1,
        before[start..].chars().count() + 1,
        code,
    )
}

/// Puts the staged `tmp` at `path`, never over an existing file: a hard
/// link where the file system has them, else a rename after a check.
fn place(tmp: &Path, path: &Path) -> std::io::Result<()> {
    match fs::hard_link(tmp, path) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Err(err),
        Err(_) if fs::symlink_metadata(path).is_ok() => {
            Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists))
        }
        Err(_) => fs::rename(tmp, path),
    }
}

/// The journal of a running `editie`, in `edities/`.
const JOURNAL: &str = ".editie-bezig";

/// Writes the edition `json` to a new temporary file beside `path`, synced
/// to disk; returns its name.
fn stage(path: &Path, json: &impl serde::Serialize) -> std::io::Result<PathBuf> {
    let parent = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let mut text = serde_json::to_string_pretty(json).map_err(std::io::Error::other)?;
    text.push('\n');
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let tmp = parent.join(format!(".{name}.{}-{nanos}.tmp", std::process::id()));
    write_new(&tmp, text.as_bytes())?;
    Ok(tmp)
}

/// Creates `path` (never an existing file or a link) with `bytes`, synced.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    std::io::Write::write_all(&mut file, bytes)?;
    file.sync_all()
}

/// Undoes an `editie` that was killed while placing its files: every
/// edition its journal names is removed, with the temporary files, so the
/// set is whole or absent. Only regular files named like an edition under
/// `edities/<zorggroep>/` are touched, whatever the journal says.
pub fn recover(root: &Path, diags: &mut Diagnostics) {
    let folder = root.join(DIR);
    let journal = folder.join(JOURNAL);
    let Ok(meta) = fs::symlink_metadata(&journal) else {
        return;
    };
    if meta.is_file() && meta.len() < 1 << 20 {
        let listed = fs::read_to_string(&journal).unwrap_or_default();
        for line in listed.lines() {
            let shown = Path::new(line.trim());
            let parts: Vec<_> = shown.components().collect();
            let ours = parts.len() == 3
                && parts[0].as_os_str() == DIR
                && parts
                    .iter()
                    .all(|c| matches!(c, std::path::Component::Normal(_)))
                && shown
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_suffix(".json"))
                    .and_then(iso_date)
                    .is_some();
            let path = root.join(shown);
            if ours && fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                let _ = fs::remove_file(&path);
            }
        }
    }
    // Temporary files of the killed run, in the region folders.
    if let Ok(regions) = fs::read_dir(&folder) {
        for region in regions.flatten() {
            if !region.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            for entry in fs::read_dir(region.path()).into_iter().flatten().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.')
                    && name.ends_with(".tmp")
                    && entry.file_type().is_ok_and(|t| t.is_file())
                {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
    }
    let _ = fs::remove_file(&journal);
    diags.push(
        Diagnostic::warning(
            Some(Location::file(&PathBuf::from(DIR).join(JOURNAL))),
            "een eerdere menukaart editie is afgebroken; de edities die zij half had vastgelegd zijn weggehaald",
        )
        .with_hint("menukaart editie legt nu alle edities opnieuw vast"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The export schema lists the field ids editions report; it is
    /// written next to the type (`resolve::VeldWijziging`), so check it
    /// here, where the ids are defined.
    #[test]
    fn the_schema_lists_every_field_id() {
        let schema = export::schema();
        let listed: Vec<&str> = schema
            .pointer("/$defs/veldWijziging/properties/veld/enum")
            .and_then(serde_json::Value::as_array)
            .expect("veld has an enum")
            .iter()
            .filter_map(serde_json::Value::as_str)
            .collect();
        let ids: Vec<&str> = FIELDS.iter().map(|(id, _, _)| *id).collect();
        assert_eq!(listed, ids);
    }
}
