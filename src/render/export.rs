//! Machine-readable exports for chain information systems and spreadsheets.
//!
//! Zorggroepen put the same selection into their keteninformatiesystemen,
//! so the data leaves the tool in two forms (documented in `docs/export.md`):
//!
//! - `<slug>/menukaart.json`: the region's resolved selection (overrides
//!   applied), described by `schema/menukaart.schema.json`;
//! - `<slug>/menukaart.csv`: one row per intervention, for Excel;
//! - `interventies.json`: the national catalogue.
//!
//! Keys are the Dutch keys users write in their files, so a zorggroep
//! recognises its own data. The typed structs below are public and
//! deserialisable, so Rust consumers (and the tests) read the JSON back
//! without guessing its shape. The JSON never carries display labels, only
//! vocabulary ids: labels may be reworded, ids are stable.

use serde::{Deserialize, Serialize};

use super::{write, Counts};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model;
use crate::render::{Job, Sink};
use crate::resolve::{
    AanmeldingView, CatalogueEntry, MenuItem, Menukaart, VergoedingView, Wijziging,
};
use crate::vocab::Term;

/// Version of the export format. The major number changes when a key is
/// removed, renamed or changes meaning; the minor number when one is added.
pub const VERSIE: &str = "1.1";

/// The JSON Schema (draft 2020-12) of `menukaart.json`, shipped in the output.
pub const SCHEMA: &str = include_str!("menukaart.schema.json");

/// Where the schema goes in the output, and how a region's JSON points to it.
pub const SCHEMA_PATH: &str = "schema/menukaart.schema.json";

/// The column names of `menukaart.csv`, in their fixed order.
pub const CSV_KOLOMMEN: &[&str] = &[
    "positie",
    "id",
    "naam",
    "samenvatting",
    "themas",
    "vorm",
    "duur",
    "doelgroep",
    "leeftijd_min",
    "leeftijd_max",
    "aandoeningen",
    "vergoeding_soort",
    "vergoeding_eigen_risico",
    "vergoeding_toelichting",
    "vergoeding_gemeenten",
    "vergoeding_regionaal",
    "overige_gemeenten_soort",
    "overige_gemeenten_eigen_risico",
    "overige_gemeenten_toelichting",
    "verwijzing",
    "stappen",
    "zorgdomein",
    "aanmelding_telefoon",
    "aanmelding_email",
    "aanmelding_url",
    "aanmelding_regionaal",
    "erkenning",
    "notitie",
    "aanbieders",
    "website",
    "laatst_gecontroleerd",
    "pad",
    "url",
    "kosten_patient",
    "vergoeding_eigen_bijdrage",
    "vergoeding_prijs",
    "overige_gemeenten_kosten_patient",
    "overige_gemeenten_eigen_bijdrage",
    "overige_gemeenten_prijs",
    "geen_kosten",
];

/// `<slug>/menukaart.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenukaartJson {
    /// Relative link to the schema, so editors can check the file.
    #[serde(rename = "$schema")]
    pub schema: String,
    pub versie: String,
    /// When the build ran (UTC, ISO 8601), or `SOURCE_DATE_EPOCH`.
    pub gemaakt: String,
    pub zorggroep: Zorggroep,
    /// In menukaart order.
    pub interventie: Vec<Interventie>,
    /// Peildatum (`jjjj-mm-dd`) of the edition `wijzigingen` compares
    /// with; `null` when there is no earlier edition.
    #[serde(default)]
    pub vorige_editie: Option<String>,
    /// What changed since that edition: new, removed and changed
    /// interventions, with the changed fields' old and new values.
    #[serde(default)]
    pub wijzigingen: Vec<Wijziging>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zorggroep {
    pub slug: String,
    pub naam: String,
    pub website: Option<String>,
    /// `jjjj-mm-dd`.
    pub peildatum: String,
    pub geldig_tot: Option<String>,
    pub verzekeraars: Vec<String>,
    pub contact: Contact,
    pub gemeente: Vec<Gemeente>,
    /// The menukaart page relative to the site root, and absolute when the
    /// site has a base_url.
    pub pad: String,
    pub url: Option<String>,
}

/// One intervention as the region offers it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interventie {
    /// 1 for the first intervention on the menukaart.
    pub positie: usize,
    pub id: String,
    pub naam: String,
    pub samenvatting: String,
    pub themas: Vec<String>,
    pub vorm: Vec<String>,
    pub duur: Option<String>,
    pub website: Option<String>,
    pub laatst_gecontroleerd: String,
    pub doelgroep: Doelgroep,
    /// One arrangement, or two: the regional one for the gemeenten in its
    /// `gemeenten`, then the national one for the other gemeenten.
    pub vergoeding: Vec<Vergoeding>,
    pub aanmelding: Aanmelding,
    pub erkenning: Option<Erkenning>,
    pub notitie: Option<String>,
    pub aanbieder: Vec<Aanbieder>,
    pub pad: String,
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Doelgroep {
    pub omschrijving: String,
    pub leeftijd_min: Option<u32>,
    pub leeftijd_max: Option<u32>,
    pub aandoeningen: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vergoeding {
    pub soort: String,
    pub eigen_risico: Option<bool>,
    /// What the patient pays on top, whoever else pays. (Editions written
    /// with versie 1.0 lack the cost keys: they read as empty.)
    #[serde(default)]
    pub eigen_bijdrage: Option<String>,
    /// What the patient pays without cover.
    #[serde(default)]
    pub prijs: Option<String>,
    /// "Kosten voor de patiënt": the same line as on the site and placemat.
    #[serde(default)]
    pub kosten: String,
    /// True only when the patient pays nothing under this arrangement.
    #[serde(default)]
    pub geen_kosten: bool,
    pub toelichting: Option<String>,
    /// The gemeenten where this arrangement applies; empty: everywhere.
    pub gemeenten: Vec<String>,
    /// The zorggroep's own arrangement rather than the national one.
    pub regionaal: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aanmelding {
    pub verwijzing: Option<String>,
    pub stappen: Vec<String>,
    pub zorgdomein: Option<String>,
    pub telefoon: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    /// The zorggroep's own route rather than the national one.
    pub regionaal: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Erkenning {
    pub niveau: String,
}

/// The zorggroep's contact or a buurtsportcoach.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub naam: Option<String>,
    pub email: Option<String>,
    pub telefoon: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gemeente {
    pub naam: String,
    pub buurtsportcoach: Option<Contact>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aanbieder {
    pub naam: String,
    pub plaats: Option<String>,
    pub telefoon: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

impl From<&model::Contact> for Contact {
    fn from(c: &model::Contact) -> Self {
        Contact {
            naam: c.naam.clone(),
            email: c.email.clone(),
            telefoon: c.telefoon.clone(),
        }
    }
}

impl From<&model::Gemeente> for Gemeente {
    fn from(g: &model::Gemeente) -> Self {
        Gemeente {
            naam: g.naam.clone(),
            buurtsportcoach: g.buurtsportcoach.as_ref().map(Contact::from),
        }
    }
}

impl From<&model::Aanbieder> for Aanbieder {
    fn from(a: &model::Aanbieder) -> Self {
        Aanbieder {
            naam: a.naam.clone(),
            plaats: a.plaats.clone(),
            telefoon: a.telefoon.clone(),
            email: a.email.clone(),
            website: a.website.clone(),
        }
    }
}

/// `interventies.json`: the national catalogue, without regional choices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterventiesJson {
    pub versie: String,
    pub gemaakt: String,
    /// Sorted by name.
    pub interventie: Vec<LandelijkeInterventie>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LandelijkeInterventie {
    pub id: String,
    pub naam: String,
    pub samenvatting: String,
    pub themas: Vec<String>,
    pub vorm: Vec<String>,
    pub duur: Option<String>,
    pub website: Option<String>,
    pub laatst_gecontroleerd: String,
    pub doelgroep: Doelgroep,
    pub vergoeding: Vergoeding,
    pub aanmelding: Aanmelding,
    pub erkenning: Option<Erkenning>,
    /// The Markdown body, rendered to safe HTML.
    pub beschrijving_html: String,
    /// Slugs of the zorggroepen that chose it.
    pub regios: Vec<String>,
    pub pad: String,
    pub url: Option<String>,
}

/// Writes the schema, the national catalogue and every region's JSON and CSV.
pub(crate) fn render(job: &mut Job) {
    let (site, _, out, counts, diags) = job.parts();
    write(out, SCHEMA_PATH, SCHEMA.as_bytes(), counts, diags);
    let gemaakt = timestamp(site.created);
    let catalogue = InterventiesJson {
        versie: VERSIE.to_string(),
        gemaakt: gemaakt.clone(),
        interventie: site
            .catalogue
            .iter()
            .map(|c| landelijk(c, site.base_url))
            .collect(),
    };
    write_json(out, "interventies.json", &catalogue, counts, diags);
    for menu in &site.menus {
        let json = menukaart_json(menu, site.base_url, &gemaakt);
        write_json(
            out,
            &format!("{}/menukaart.json", menu.regio.slug),
            &json,
            counts,
            diags,
        );
        match csv_bytes(&json) {
            Ok(bytes) => write(
                out,
                &format!("{}/menukaart.csv", menu.regio.slug),
                &bytes,
                counts,
                diags,
            ),
            Err(err) => diags.push(
                Diagnostic::error(
                    None,
                    format!("kan {}/menukaart.csv niet maken: {err}", menu.regio.slug),
                )
                .with_hint("meld dit als fout in menukaart; de andere bestanden zijn wel gemaakt"),
            ),
        }
    }
}

fn write_json<T: Serialize>(
    out: &dyn Sink,
    path: &str,
    value: &T,
    counts: &mut Counts,
    diags: &mut Diagnostics,
) {
    match serde_json::to_string_pretty(value) {
        Ok(mut text) => {
            text.push('\n');
            write(out, path, text.as_bytes(), counts, diags);
        }
        Err(err) => diags.push(
            Diagnostic::error(None, format!("kan {path} niet maken: {err}"))
                .with_hint("meld dit als fout in menukaart"),
        ),
    }
}

/// UTC as `jjjj-mm-ddTuu:mm:ssZ`, without the `time` crate's formatting feature.
pub(crate) fn timestamp(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        t.date(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn absolute(base_url: Option<&str>, pad: &str) -> Option<String> {
    base_url.map(|b| format!("{b}{pad}"))
}

fn ids(terms: &[Term]) -> Vec<String> {
    terms.iter().map(|t| t.id.to_string()).collect()
}

fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_string)
}

/// The region's resolved selection as the JSON export.
pub fn menukaart_json(menu: &Menukaart, base_url: Option<&str>, gemaakt: &str) -> MenukaartJson {
    let r = &menu.regio;
    let pad = format!("{}/", r.slug);
    MenukaartJson {
        schema: format!("../{SCHEMA_PATH}"),
        versie: VERSIE.to_string(),
        gemaakt: gemaakt.to_string(),
        zorggroep: Zorggroep {
            slug: r.slug.to_string(),
            naam: r.naam.to_string(),
            website: owned(r.website),
            peildatum: r.peildatum_iso.clone(),
            geldig_tot: r.geldig_tot_iso.clone(),
            verzekeraars: r.verzekeraars.to_vec(),
            contact: r.contact.into(),
            gemeente: r.gemeenten.iter().map(Gemeente::from).collect(),
            url: absolute(base_url, &pad),
            pad,
        },
        interventie: menu
            .items
            .iter()
            .enumerate()
            .map(|(index, item)| interventie(index + 1, item, r.gemeenten, base_url))
            .collect(),
        vorige_editie: menu.wijzigingen.as_ref().map(|w| w.sinds_iso.clone()),
        wijzigingen: menu
            .wijzigingen
            .as_ref()
            .map(|w| w.lijst.clone())
            .unwrap_or_default(),
    }
}

fn interventie(
    positie: usize,
    item: &MenuItem,
    gemeenten: &[model::Gemeente],
    base_url: Option<&str>,
) -> Interventie {
    let i = item.interventie;
    let limited: Vec<&str> = item
        .vergoedingen
        .iter()
        .flat_map(|v| v.gemeenten.iter().map(String::as_str))
        .collect();
    Interventie {
        positie,
        id: i.id.to_string(),
        naam: i.naam.to_string(),
        samenvatting: i.samenvatting.to_string(),
        themas: ids(&i.themas),
        vorm: ids(&i.vorm),
        duur: owned(i.duur),
        website: owned(i.website),
        laatst_gecontroleerd: i.laatst_gecontroleerd_iso.clone(),
        doelgroep: doelgroep(i),
        vergoeding: item
            .vergoedingen
            .iter()
            .map(|v| {
                let mut out = vergoeding(v);
                // The unlimited arrangement next to a limited one holds in
                // the other gemeenten; say which, so no reader has to work
                // it out.
                if v.gemeenten.is_empty() && !limited.is_empty() {
                    out.gemeenten = gemeenten
                        .iter()
                        .map(|g| g.naam.as_str())
                        .filter(|g| !limited.contains(g))
                        .map(str::to_string)
                        .collect();
                }
                out
            })
            .collect(),
        aanmelding: aanmelding(&item.aanmelding),
        erkenning: erkenning(i),
        notitie: owned(item.notitie),
        aanbieder: item.aanbieders.iter().map(Aanbieder::from).collect(),
        url: absolute(base_url, &item.pad),
        pad: item.pad.clone(),
    }
}

fn doelgroep(i: &CatalogueEntry) -> Doelgroep {
    Doelgroep {
        omschrijving: i.doelgroep.omschrijving.to_string(),
        leeftijd_min: i.doelgroep.leeftijd_min,
        leeftijd_max: i.doelgroep.leeftijd_max,
        aandoeningen: ids(&i.doelgroep.aandoeningen),
    }
}

fn vergoeding(v: &VergoedingView) -> Vergoeding {
    Vergoeding {
        soort: v.soort.id.to_string(),
        eigen_risico: v.eigen_risico,
        eigen_bijdrage: owned(v.eigen_bijdrage),
        prijs: owned(v.prijs),
        kosten: v.kosten.tekst.clone(),
        geen_kosten: v.kosten.geen_kosten,
        toelichting: owned(v.toelichting),
        gemeenten: v.gemeenten.to_vec(),
        regionaal: v.regionaal,
    }
}

fn aanmelding(a: &AanmeldingView) -> Aanmelding {
    Aanmelding {
        verwijzing: a.verwijzing.map(|t| t.id.to_string()),
        stappen: a.stappen.to_vec(),
        zorgdomein: owned(a.zorgdomein),
        telefoon: owned(a.telefoon),
        email: owned(a.email),
        url: owned(a.url),
        regionaal: a.regionaal,
    }
}

fn erkenning(i: &CatalogueEntry) -> Option<Erkenning> {
    i.erkenning.map(|t| Erkenning {
        niveau: t.id.to_string(),
    })
}

fn landelijk(i: &CatalogueEntry, base_url: Option<&str>) -> LandelijkeInterventie {
    LandelijkeInterventie {
        id: i.id.to_string(),
        naam: i.naam.to_string(),
        samenvatting: i.samenvatting.to_string(),
        themas: ids(&i.themas),
        vorm: ids(&i.vorm),
        duur: owned(i.duur),
        website: owned(i.website),
        laatst_gecontroleerd: i.laatst_gecontroleerd_iso.clone(),
        doelgroep: doelgroep(i),
        vergoeding: vergoeding(&i.vergoeding),
        aanmelding: aanmelding(&i.aanmelding),
        erkenning: erkenning(i),
        beschrijving_html: i.beschrijving.clone(),
        regios: i.regios.iter().map(|r| r.slug.to_string()).collect(),
        url: absolute(base_url, &i.pad),
        pad: i.pad.clone(),
    }
}

/// "ja", "nee", or empty when not stated: what a spreadsheet reader expects.
fn ja_nee(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "ja",
        Some(false) => "nee",
        None => "",
    }
}

/// One CSV row per intervention, in [`CSV_KOLOMMEN`] order.
pub fn csv_row(i: &Interventie) -> Vec<String> {
    let first = i.vergoeding.first();
    let other = i.vergoeding.get(1);
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    vec![
        i.positie.to_string(),
        i.id.clone(),
        i.naam.clone(),
        i.samenvatting.clone(),
        i.themas.join(", "),
        i.vorm.join(", "),
        text(&i.duur),
        i.doelgroep.omschrijving.clone(),
        number(i.doelgroep.leeftijd_min),
        number(i.doelgroep.leeftijd_max),
        i.doelgroep.aandoeningen.join(", "),
        first.map(|v| v.soort.clone()).unwrap_or_default(),
        ja_nee(first.and_then(|v| v.eigen_risico)).to_string(),
        first
            .and_then(|v| v.toelichting.clone())
            .unwrap_or_default(),
        first.map(|v| v.gemeenten.join(", ")).unwrap_or_default(),
        ja_nee(first.map(|v| v.regionaal)).to_string(),
        other.map(|v| v.soort.clone()).unwrap_or_default(),
        ja_nee(other.and_then(|v| v.eigen_risico)).to_string(),
        other
            .and_then(|v| v.toelichting.clone())
            .unwrap_or_default(),
        text(&i.aanmelding.verwijzing),
        // One step per line: Excel shows them as lines inside the cell.
        i.aanmelding.stappen.join("\n"),
        text(&i.aanmelding.zorgdomein),
        text(&i.aanmelding.telefoon),
        text(&i.aanmelding.email),
        text(&i.aanmelding.url),
        ja_nee(Some(i.aanmelding.regionaal)).to_string(),
        i.erkenning
            .as_ref()
            .map(|e| e.niveau.clone())
            .unwrap_or_default(),
        text(&i.notitie),
        i.aanbieder
            .iter()
            .map(aanbieder_regel)
            .collect::<Vec<_>>()
            .join("\n"),
        text(&i.website),
        i.laatst_gecontroleerd.clone(),
        i.pad.clone(),
        text(&i.url),
        first.map(|v| v.kosten.clone()).unwrap_or_default(),
        first
            .and_then(|v| v.eigen_bijdrage.clone())
            .unwrap_or_default(),
        first.and_then(|v| v.prijs.clone()).unwrap_or_default(),
        other.map(|v| v.kosten.clone()).unwrap_or_default(),
        other
            .and_then(|v| v.eigen_bijdrage.clone())
            .unwrap_or_default(),
        other.and_then(|v| v.prijs.clone()).unwrap_or_default(),
        ja_nee(Some(i.vergoeding.iter().all(|v| v.geen_kosten))).to_string(),
    ]
}

/// "Naam (Plaats) · telefoon · e-mail · website", one aanbieder per line.
fn aanbieder_regel(a: &Aanbieder) -> String {
    let mut line = a.naam.clone();
    if let Some(plaats) = &a.plaats {
        line.push_str(&format!(" ({plaats})"));
    }
    for part in [&a.telefoon, &a.email, &a.website].into_iter().flatten() {
        line.push_str(" · ");
        line.push_str(part);
    }
    line
}

/// A cell that a spreadsheet would run as a formula gets a leading `'`,
/// as OWASP advises against CSV injection: a text starting with `=`, `+`,
/// `-` or `@` (or a tab or carriage return, which some spreadsheets skip
/// before looking) is shown as text instead of being evaluated. This also
/// applies to phone numbers written as `+31 …`; the `'` is visible in the
/// cell, which is the price of never running data as a formula.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// The CSV file: UTF-8 with a byte-order mark and `;` between fields, so
/// that Excel with Dutch settings opens it in columns and shows ë and €;
/// fields quoted as RFC 4180 asks (only where needed, `"` doubled, CRLF
/// between records).
pub fn csv_bytes(json: &MenukaartJson) -> Result<Vec<u8>, csv::Error> {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(&mut bytes);
        writer.write_record(CSV_KOLOMMEN)?;
        for i in &json.interventie {
            writer.write_record(
                csv_row(i)
                    .iter()
                    .map(|cell| neutralise_formula(cell).into_owned()),
            )?;
        }
        writer.flush()?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for bad in [
            "=HYPERLINK(\"http://x\")",
            "+31 6",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(neutralise_formula(bad), format!("'{bad}"));
        }
        for ok in [
            "Gecombineerde leefstijlinterventie",
            "€ 30",
            "'al",
            "",
            "0000-000000",
        ] {
            assert_eq!(neutralise_formula(ok), ok);
        }
    }

    #[test]
    fn timestamps_are_utc_iso() {
        let t = time::OffsetDateTime::from_unix_timestamp(1_790_000_000).unwrap();
        assert_eq!(timestamp(t), "2026-09-21T14:13:20Z");
    }

    fn sample() -> Interventie {
        Interventie {
            positie: 1,
            id: "x".into(),
            naam: "X".into(),
            samenvatting: "S".into(),
            themas: vec!["bewegen".into()],
            vorm: vec![],
            duur: None,
            website: None,
            laatst_gecontroleerd: "2026-01-01".into(),
            doelgroep: Doelgroep {
                omschrijving: "D".into(),
                leeftijd_min: Some(18),
                leeftijd_max: None,
                aandoeningen: vec![],
            },
            vergoeding: vec![],
            aanmelding: Aanmelding {
                verwijzing: None,
                stappen: vec![],
                zorgdomein: None,
                telefoon: None,
                email: None,
                url: None,
                regionaal: false,
            },
            erkenning: None,
            notitie: None,
            aanbieder: vec![],
            pad: "r/x/".into(),
            url: None,
        }
    }

    #[test]
    fn schema_requires_exactly_the_keys_the_export_writes() {
        let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
        assert_eq!(
            schema["properties"]["versie"]["const"],
            serde_json::Value::from(VERSIE)
        );
        let mut required: Vec<&str> = schema["$defs"]["interventie"]["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        required.sort_unstable();
        let written = serde_json::to_value(sample()).unwrap();
        let mut keys: Vec<&str> = written
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(required, keys);
    }

    #[test]
    fn every_row_has_every_column() {
        let row = csv_row(&sample());
        assert_eq!(row.len(), CSV_KOLOMMEN.len());
        assert_eq!(row[8], "18");
        assert_eq!(row[11], "", "no vergoeding: empty, no panic");
    }
}
