//! Validates one region file (`regions/<slug>.toml`): its tables and the
//! rules that need more than one key or the catalogue.

use std::collections::HashMap;
use std::path::Path;

use toml::de::DeValue;

use super::fields::{Located, Reader, Table};
use super::keys::{key, required, terms, Key, Kind, TableSpec};
use super::parse_toml;
use super::parts::{BUURTSPORTCOACH, CONTACT, REGIONAL_AANMELDING, REGIONAL_VERGOEDING};
use super::section::{section, table_field, table_of};
use crate::diagnostics::closest;
use crate::diagnostics::{Diagnostics, SourceText};
use crate::model::{Aanbieder, Gemeente, Region, RegionEntry};
use crate::vocab::Papier;

/// `regions/<slug>.toml`.
pub(crate) static REGION: TableSpec = TableSpec {
    name: "",
    description:
        "Eén zorggroep: de gekozen interventies en de regionale gegevens (regions/<slug>.toml).",
    rows: Region::KEYS,
    variant: None,
    at_least_one: &[],
};

/// What a region is besides its file's tables.
pub(crate) struct File<'f> {
    slug: String,
    slug_ok: bool,
    path: &'f Path,
    /// The catalogue's intervention ids, sorted.
    ids: &'f [&'f str],
}

section! {
    impl Region {
        fn read(r, t, spec, origin: &File);
        keys {
            naam: required(Kind::Text, "Naam van de zorggroep, bijvoorbeeld \"Zorggroep Voorbeeld\".").example("\"Zorggroep …\""),
            intro: key(Kind::Markdown, "Korte inleiding bovenaan de menukaart: waarom deze keuze, wie koos. Markdown mag.").readable(),
            website: key(Kind::Url, "Website van de zorggroep."),
            peildatum: required(Kind::Date, "Datum waarop de gegevens zijn gecontroleerd, als jjjj-mm-dd zonder aanhalingstekens. Staat op de site en de placemat."),
            geldig_tot: key(Kind::Date, "Laatste dag dat de menukaart klopt. Daarna waarschuwt build en meldt de site dat de gegevens verouderd kunnen zijn; 30 dagen ervoor waarschuwt check al."),
            theme: key(Kind::Name("themanaam"), "Thema (opmaak) voor deze zorggroep; zonder deze regel geldt het thema uit menukaart.toml."),
            placemat: key(Kind::VocabList(terms::<Papier>), "Welke placemats de zorggroep wil: [\"A3\", \"A4\"], [\"A3\"] of [\"A4\"]. Zonder deze regel geldt menukaart.toml, en anders beide; past de A4 dan niet, dan komt alleen de A3 (met een waarschuwing). Een formaat dat u hier noemt en dat niet past, is een fout."),
            verzekeraars: key(Kind::TextList, "Zorgverzekeraars met een contract in de regio."),
            contact: key(Kind::Table(&CONTACT), "Contactgegevens van de zorggroep; die staan onderaan de placemat.")
                => then |_contact| if t.get("contact").is_none() {
                    let span = t.span.clone();
                    r.warning(&span, "de zorggroep heeft geen [contact]")
                        .hint = Some("voeg [contact] toe met naam, email en telefoon; die staan onderaan de placemat".into());
                },
            gemeenten = "gemeente": key(Kind::Tables(&GEMEENTE), "Een gemeente in de regio. Herhaal [[gemeente]] voor elke gemeente.")
                => read |key| Some(gemeenten(r, t, key)),
            entries = "interventie": key(Kind::Tables(&ENTRY), "Een gekozen interventie. Herhaal [[interventie]] voor elke interventie op de menukaart.")
                => read |key| {
                    let names: Vec<&str> = gemeenten.iter().flatten().map(|g| g.naam.as_str()).collect();
                    Some(entries(r, t, key, origin.ids, &names))
                },
        }
        check {
            if let (Some((peil, _)), Some((tot, span))) = (&peildatum, &geldig_tot) {
                if tot < peil {
                    r.error(
                        span,
                        format!("geldig_tot ({tot}) ligt vóór de peildatum ({peil})"),
                    )
                    .hint = Some(
                        "controleer beide datums; geldig_tot is de laatste dag dat de menukaart klopt"
                            .into(),
                    );
                }
            }
            if !origin.slug_ok {
                return None;
            }
        }
        given {
            peildatum_at: r.location(&peildatum.as_ref()?.1),
            geldig_tot_at: geldig_tot.as_ref().map(|(_, span)| r.location(span)),
            slug: origin.slug.clone(),
            file: origin.path.to_path_buf(),
        }
    }
}

/// `[[gemeente]]`.
pub(crate) static GEMEENTE: TableSpec = TableSpec {
    name: "gemeente",
    description: "Een gemeente in de regio van de zorggroep.",
    rows: Gemeente::KEYS,
    variant: None,
    at_least_one: &[],
};

section! {
    impl Gemeente {
        fn read(r, t, spec, earlier: &[Gemeente]);
        keys {
            naam: required(Kind::Text, "Naam van de gemeente, bijvoorbeeld \"Oss\".").example("\"Naam van de gemeente\"")
                => then |naam| {
                    let (naam, span) = naam.as_ref()?;
                    if earlier.iter().any(|g| g.naam == *naam) {
                        r.error(
                            span,
                            format!("de gemeente \"{naam}\" staat twee keer in dit bestand"),
                        )
                        .hint = Some("voeg de twee [[gemeente]]-blokken samen".into());
                        return None;
                    }
                },
            buurtsportcoach: key(Kind::Table(&BUURTSPORTCOACH), "De buurtsportcoach van deze gemeente. Routes via de buurtsportcoach verwijzen hiernaar."),
        }
    }
}

/// Every `[[gemeente]]`; a name that comes twice is reported and skipped.
fn gemeenten(r: &mut Reader, t: &Table, key: &'static Key) -> Vec<Gemeente> {
    let mut out: Vec<Gemeente> = Vec::new();
    let Some(spec) = table_of(&key.kind) else {
        return out;
    };
    for sub in t.tables(r, key.name, spec.name) {
        if let Some(gemeente) = Gemeente::read(r, &sub, spec, &out) {
            out.push(gemeente);
        }
    }
    out
}

/// `[[interventie]]`.
pub(crate) static ENTRY: TableSpec = TableSpec {
    name: "interventie",
    description: "Een interventie die de zorggroep gekozen heeft, met de regionale gegevens.",
    rows: RegionEntry::KEYS,
    variant: None,
    at_least_one: &[],
};

/// What an `[[interventie]]` block is checked against.
pub(crate) struct Entries<'e> {
    /// The catalogue's intervention ids, sorted.
    ids: &'e [&'e str],
    /// The names of the region's gemeenten.
    gemeenten: &'e [&'e str],
    /// Ids chosen so far, with the line they were chosen on.
    seen: HashMap<String, usize>,
}

section! {
    impl RegionEntry {
        fn read(r, t, spec, entries: &mut Entries);
        keys {
            id: required(Kind::Id, "De id van de interventie: de bestandsnaam in interventions/ zonder .md, bijvoorbeeld \"gli-cool\".").example("\"id-van-de-interventie\"")
                => then |id| entry_id(r, id, entries)?,
            volgorde: key(Kind::Integer { min: i64::MIN, max: i64::MAX, what: "een getal" }, "Plaats op de menukaart en de placemat: lager komt eerder."),
            notitie: key(Kind::Text, "Regionale afspraak of tip voor verwijzers. Begin met een hoofdletter.").readable()
                => then |notitie| note_starts_with_capital(r, notitie),
            aanbieders = "aanbieder": key(Kind::Tables(&AANBIEDER), "Een aanbieder in de regio. Herhaal [[interventie.aanbieder]] voor elke aanbieder."),
            aanmelding: key(Kind::Table(&REGIONAL_AANMELDING), "Regionale route; vervangt de landelijke [aanmelding] helemaal."),
            vergoeding: key(Kind::Table(&REGIONAL_VERGOEDING), "Regionale vergoeding; vervangt de landelijke [vergoeding] helemaal."),
        }
        check {
            check_gemeenten(r, t, entries.gemeenten);
        }
        given {
            at: r.location(&id.as_ref()?.1),
        }
    }
}

/// A regional note is a sentence on the page and the placemat, beside
/// national texts that all begin with a capital: warn at one that does not.
fn note_starts_with_capital(r: &mut Reader, notitie: &Option<Located<String>>) {
    let Some((text, span)) = notitie else {
        return;
    };
    let Some(first) = text.chars().next() else {
        return;
    };
    if first.is_lowercase() {
        let capital: String = first.to_uppercase().chain(text.chars().skip(1)).collect();
        let begin: String = capital.chars().take(30).collect();
        r.warning(span, "de notitie begint met een kleine letter")
            .hint = Some(format!(
            "begin de notitie met een hoofdletter, zoals de andere teksten: \"{begin}…\""
        ));
    }
}

/// Every `[[interventie]]` that names a known intervention once.
fn entries(
    r: &mut Reader,
    t: &Table,
    key: &'static Key,
    ids: &[&str],
    gemeenten: &[&str],
) -> Vec<RegionEntry> {
    let Some(spec) = table_of(&key.kind) else {
        return Vec::new();
    };
    let mut context = Entries {
        ids,
        gemeenten,
        seen: HashMap::new(),
    };
    t.tables(r, key.name, spec.name)
        .iter()
        .filter_map(|sub| RegionEntry::read(r, sub, spec, &mut context))
        .collect()
}

/// An entry's id must name an intervention, once per region. `None` skips
/// the rest of the block (no id, or chosen before); an unknown id is
/// reported and cleared, so the block is checked but not kept.
fn entry_id(r: &mut Reader, id: &mut Option<Located<String>>, entries: &mut Entries) -> Option<()> {
    let (text, span) = id.as_ref()?;
    let at = r.location(span);
    let known = entries.ids.binary_search(&text.as_str()).is_ok();
    if !known {
        let hint = match closest(text, entries.ids.iter().copied()) {
            Some(best) => format!("bedoelde u \"{best}\"?"),
            None => "de id is de bestandsnaam in interventions/ zonder .md".to_string(),
        };
        r.error(span, format!("onbekende interventie \"{text}\""))
            .hint = Some(hint);
    }
    if let Some(line) = entries.seen.get(text) {
        r.error(
            span,
            format!("de interventie \"{text}\" staat al eerder in deze zorggroep (regel {line})"),
        )
        .hint = Some("haal een van de twee [[interventie]]-blokken weg".into());
        return None;
    }
    entries.seen.insert(text.clone(), at.line);
    if !known {
        *id = None;
    }
    Some(())
}

/// A regional vergoeding may be limited to gemeenten the region lists.
/// Only the names are checked here; their shape is read with the table.
fn check_gemeenten(r: &mut Reader, entry: &Table, gemeenten: &[&str]) {
    let Some(DeValue::Table(vergoeding)) = entry.get("vergoeding").map(|v| v.get_ref()) else {
        return;
    };
    let Some(DeValue::Array(list)) = vergoeding.get("gemeenten").map(|v| v.get_ref()) else {
        return;
    };
    for item in list.iter() {
        let DeValue::String(naam) = item.get_ref() else {
            continue;
        };
        let naam = naam.trim();
        if naam.is_empty() || gemeenten.contains(&naam) {
            continue;
        }
        let hint = match closest(naam, gemeenten.iter().copied()) {
            Some(best) => format!("bedoelde u \"{best}\"?"),
            None if gemeenten.is_empty() => {
                "voeg eerst een [[gemeente]]-blok met deze naam toe".to_string()
            }
            None => format!("deze zorggroep kent: {}", gemeenten.join(", ")),
        };
        r.error(
            &item.span(),
            format!("de gemeente \"{naam}\" staat niet bij de gemeenten van deze zorggroep"),
        )
        .hint = Some(hint);
    }
}

/// `[[interventie.aanbieder]]`.
pub(crate) static AANBIEDER: TableSpec = TableSpec {
    name: "interventie.aanbieder",
    description: "Een praktijk of organisatie die de interventie in de regio geeft.",
    rows: Aanbieder::KEYS,
    variant: None,
    at_least_one: &[],
};

section! {
    impl Aanbieder {
        fn read(r, t, spec);
        keys {
            naam: required(Kind::Text, "Naam van de praktijk of organisatie.").example("\"Naam van de praktijk\""),
            adres: key(Kind::Text, "Straat en huisnummer, bijvoorbeeld \"Kerkstraat 12\"."),
            postcode: key(Kind::Postcode, "Postcode, bijvoorbeeld \"5341 AB\"."),
            plaats: key(Kind::Text, "Plaats waar de aanbieder zit."),
            telefoon: key(Kind::Phone, "Telefoonnummer, bijvoorbeeld \"0000-000000\"."),
            email: key(Kind::Email, "E-mailadres."),
            website: key(Kind::Url, "Website van de aanbieder."),
            agb: key(Kind::Agb, "AGB-code van de zorgaanbieder: 8 cijfers, bijvoorbeeld \"12345678\"."),
            kvk: key(Kind::Kvk, "KvK-nummer: 8 cijfers, bijvoorbeeld \"12345678\"."),
        }
    }
}
table_field!(Aanbieder);

/// `ids` are the catalogue's intervention ids, for references and hints.
pub fn region(source: &SourceText, ids: &[&str], diags: &mut Diagnostics) -> Option<Region> {
    let (slug, slug_ok) =
        super::file_id(&source.path, "geen geldige naam voor een webadres", diags);
    let mut r = Reader::new(source, 0, diags);
    let parsed = parse_toml(&mut r, &source.text)?;
    let file = File {
        slug,
        slug_ok,
        path: &source.path,
        ids,
    };
    Region::read(&mut r, &Table::root(&parsed), &REGION, &file)
}
