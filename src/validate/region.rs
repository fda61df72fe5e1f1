//! Validates one region file (`regions/<slug>.toml`).

use std::collections::HashMap;

use super::fields::{closest, Reader, Table};
use super::{formats, keys, parse_toml, parts};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, SourceText};
use crate::model::{Aanbieder, Gemeente, Region, RegionEntry};

/// `ids` are the catalogue's intervention ids, for references and hints.
pub fn region(source: &SourceText, ids: &[&str], diags: &mut Diagnostics) -> Option<Region> {
    let slug = source
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug_ok = match formats::check_id(&slug) {
        Ok(()) => true,
        Err(hint) => {
            diags.push(
                Diagnostic::error(
                    Some(Location::file(&source.path)),
                    format!("de bestandsnaam \"{slug}\" is geen geldige naam voor een webadres"),
                )
                .with_hint(format!("hernoem het bestand: {hint}.toml")),
            );
            false
        }
    };
    let mut r = Reader::new(source, 0, diags);
    let parsed = parse_toml(&mut r, &source.text)?;
    let root = Table::root(&parsed);
    root.check_keys(&mut r, &keys::REGION);

    let naam = root.required_string(&mut r, "naam", "\"Zorggroep …\"");
    let intro = root.text(&mut r, "intro");
    let website = root.url(&mut r, "website");
    let peildatum = root.required_date(&mut r, "peildatum");
    let geldig_tot = root.date(&mut r, "geldig_tot");
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
    let theme = root.checked(&mut r, "theme", "themanaam", formats::check_id);
    let verzekeraars = root
        .string_list(&mut r, "verzekeraars")
        .unwrap_or_default()
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let contact = match root.table(&mut r, "contact", "contact") {
        Some(t) => parts::contact(&mut r, &t),
        None => {
            if root.get("contact").is_none() {
                let span = root.span.clone();
                r.warning(&span, "de zorggroep heeft geen [contact]")
                    .hint = Some("voeg [contact] toe met naam, email en telefoon; die staan onderaan de placemat".into());
            }
            Default::default()
        }
    };

    let gemeenten = gemeenten(&mut r, &root);
    let names: Vec<&str> = gemeenten.iter().map(|g| g.naam.as_str()).collect();
    let entries = entries(&mut r, &root, ids, &names);

    let (peildatum, peil_span) = peildatum?;
    let peildatum_at = r.location(&peil_span);
    let geldig_tot_at = geldig_tot.as_ref().map(|(_, span)| r.location(span));
    if !slug_ok {
        return None;
    }
    Some(Region {
        slug,
        file: source.path.clone(),
        naam: naam?.0,
        intro,
        website,
        peildatum,
        peildatum_at,
        geldig_tot: geldig_tot.map(|(d, _)| d),
        geldig_tot_at,
        theme,
        verzekeraars,
        contact,
        gemeenten,
        entries,
    })
}

fn gemeenten(r: &mut Reader, root: &Table) -> Vec<Gemeente> {
    let mut out: Vec<Gemeente> = Vec::new();
    for t in root.tables(r, "gemeente", "gemeente") {
        t.check_keys(r, &keys::GEMEENTE);
        let Some((naam, span)) = t.required_string(r, "naam", "\"Naam van de gemeente\"") else {
            continue;
        };
        if out.iter().any(|g| g.naam == naam) {
            r.error(
                &span,
                format!("de gemeente \"{naam}\" staat twee keer in dit bestand"),
            )
            .hint = Some("voeg de twee [[gemeente]]-blokken samen".into());
            continue;
        }
        let buurtsportcoach = t
            .table(r, "buurtsportcoach", "gemeente.buurtsportcoach")
            .map(|b| parts::contact(r, &b));
        out.push(Gemeente {
            naam,
            buurtsportcoach,
        });
    }
    out
}

fn entries(r: &mut Reader, root: &Table, ids: &[&str], gemeenten: &[&str]) -> Vec<RegionEntry> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for t in root.tables(r, "interventie", "interventie") {
        t.check_keys(r, &keys::ENTRY);
        let Some((id, span)) = t.required_string(r, "id", "\"id-van-de-interventie\"") else {
            continue;
        };
        let at = r.location(&span);
        let mut known = true;
        if ids.binary_search(&id.as_str()).is_err() {
            known = false;
            let hint = match closest(&id, ids.iter().copied()) {
                Some(best) => format!("bedoelde je \"{best}\"?"),
                None => "de id is de bestandsnaam in interventions/ zonder .md".to_string(),
            };
            r.error(&span, format!("onbekende interventie \"{id}\""))
                .hint = Some(hint);
        }
        if let Some(line) = seen.get(&id) {
            r.error(
                &span,
                format!("de interventie \"{id}\" staat al eerder in deze zorggroep (regel {line})"),
            )
            .hint = Some("haal een van de twee [[interventie]]-blokken weg".into());
            continue;
        }
        seen.insert(id.clone(), at.line);

        let volgorde = t.integer(r, "volgorde").map(|(n, _)| n);
        let notitie = t.text(r, "notitie");
        let aanbieders = t
            .tables(r, "aanbieder", "interventie.aanbieder")
            .iter()
            .filter_map(|a| aanbieder(r, a))
            .collect();
        let aanmelding = t
            .table(r, "aanmelding", "interventie.aanmelding")
            .and_then(|a| parts::aanmelding(r, &a));
        let vergoeding = t
            .table(r, "vergoeding", "interventie.vergoeding")
            .and_then(|v| {
                check_gemeenten(r, &v, gemeenten);
                parts::vergoeding(r, &v, true)
            });
        if known {
            out.push(RegionEntry {
                id,
                at,
                volgorde,
                notitie,
                aanbieders,
                aanmelding,
                vergoeding,
            });
        }
    }
    out
}

/// A regional vergoeding may be limited to gemeenten the region lists.
fn check_gemeenten(r: &mut Reader, t: &Table, gemeenten: &[&str]) {
    let Some(list) = t.string_list(r, "gemeenten") else {
        return;
    };
    for (naam, span) in list {
        if !gemeenten.contains(&naam.as_str()) {
            let hint = match closest(&naam, gemeenten.iter().copied()) {
                Some(best) => format!("bedoelde je \"{best}\"?"),
                None if gemeenten.is_empty() => {
                    "voeg eerst een [[gemeente]]-blok met deze naam toe".to_string()
                }
                None => format!("deze zorggroep kent: {}", gemeenten.join(", ")),
            };
            r.error(
                &span,
                format!("de gemeente \"{naam}\" staat niet bij de gemeenten van deze zorggroep"),
            )
            .hint = Some(hint);
        }
    }
}

fn aanbieder(r: &mut Reader, t: &Table) -> Option<Aanbieder> {
    t.check_keys(r, &keys::AANBIEDER);
    let naam = t.required_string(r, "naam", "\"Naam van de praktijk\"");
    let plaats = t.text(r, "plaats");
    let telefoon = t.phone(r, "telefoon");
    let email = t.email(r, "email");
    let website = t.url(r, "website");
    Some(Aanbieder {
        naam: naam?.0,
        plaats,
        telefoon,
        email,
        website,
    })
}
