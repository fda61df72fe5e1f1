//! From the resolved view model to the export documents.
//!
//! The exports show exactly what the site shows, so they are built from
//! the same [`crate::resolve`] views, never from the files: overrides are
//! applied once, in one place. Editions call [`menukaart_json`] too, so a
//! frozen edition and today's build are compared in the same shape.

use super::document::{
    Aanmelding, Doelgroep, Erkenning, Interventie, InterventiesJson, LandelijkeInterventie,
    MenukaartJson, Stap, Vergoeding, Zorggroep,
};
use super::{SCHEMA_PATH, VERSIE};
use crate::model;
use crate::resolve::{AanmeldingView, CatalogueEntry, MenuItem, Menukaart, Site, VergoedingView};
use crate::vocab::Vocabulary;

fn absolute(base_url: Option<&str>, pad: &str) -> Option<String> {
    base_url.map(|b| format!("{b}{pad}"))
}

fn ids<V: Vocabulary>(values: &[V]) -> Vec<String> {
    values.iter().map(|v| v.id().to_string()).collect()
}

fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_string)
}

/// The national catalogue as `interventies.json`.
pub fn interventies_json(site: &Site, gemaakt: &str) -> InterventiesJson {
    InterventiesJson {
        versie: VERSIE.to_string(),
        gemaakt: gemaakt.to_string(),
        interventie: site
            .catalogue
            .iter()
            .map(|c| landelijk(c, site.base_url))
            .collect(),
    }
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
            contact: r.contact.clone(),
            gemeente: r.gemeenten.to_vec(),
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
        notitie: owned(item.notitie),
        aanbieder: item.aanbieders.to_vec(),
        ..national(i, &item.pad, base_url)
    }
}

/// The intervention as the catalogue has it, at page `pad`: the keys a
/// regional and a national intervention share, filled in one place. The
/// regional keys are empty; each caller sets its own.
fn national(i: &CatalogueEntry, pad: &str, base_url: Option<&str>) -> Interventie {
    Interventie {
        positie: 0,
        id: i.id.to_string(),
        naam: i.naam.to_string(),
        samenvatting: i.samenvatting.to_string(),
        themas: ids(i.themas),
        vorm: ids(i.vorm),
        duur: owned(i.duur),
        website: owned(i.website),
        laatst_gecontroleerd: i.laatst_gecontroleerd_iso.clone(),
        doelgroep: doelgroep(i),
        vergoeding: vec![vergoeding(&i.vergoeding)],
        aanmelding: aanmelding(&i.aanmelding),
        erkenning: erkenning(i),
        bronnen: i.bronnen.to_vec(),
        notitie: None,
        aanbieder: Vec::new(),
        pad: pad.to_string(),
        url: absolute(base_url, pad),
    }
}

fn doelgroep(i: &CatalogueEntry) -> Doelgroep {
    Doelgroep {
        omschrijving: i.doelgroep.omschrijving.to_string(),
        leeftijd_min: i.doelgroep.leeftijd_min,
        leeftijd_max: i.doelgroep.leeftijd_max,
        aandoeningen: ids(i.doelgroep.aandoeningen),
    }
}

fn vergoeding(v: &VergoedingView) -> Vergoeding {
    Vergoeding {
        soort: v.soort.id().to_string(),
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
        verwijzing: a.verwijzing.map(|t| t.id().to_string()),
        stappen: a
            .stappen
            .iter()
            .map(|s| Stap {
                wie: s.wie.map(|w| w.id().to_string()),
                wat: s.wat.clone(),
            })
            .collect(),
        zorgdomein: owned(a.zorgdomein),
        telefoon: owned(a.telefoon),
        email: owned(a.email),
        url: owned(a.url),
        regionaal: a.regionaal,
    }
}

fn erkenning(i: &CatalogueEntry) -> Option<Erkenning> {
    i.erkenning.as_ref().map(|e| Erkenning {
        niveau: e.niveau.id().to_string(),
        url: e.url.map(str::to_string),
    })
}

fn landelijk(i: &CatalogueEntry, base_url: Option<&str>) -> LandelijkeInterventie {
    let n = national(i, &i.pad, base_url);
    LandelijkeInterventie {
        id: n.id,
        naam: n.naam,
        samenvatting: n.samenvatting,
        themas: n.themas,
        vorm: n.vorm,
        duur: n.duur,
        website: n.website,
        laatst_gecontroleerd: n.laatst_gecontroleerd,
        doelgroep: n.doelgroep,
        vergoeding: vergoeding(&i.vergoeding),
        aanmelding: n.aanmelding,
        erkenning: n.erkenning,
        bronnen: n.bronnen,
        beschrijving_html: i.beschrijving.clone(),
        regios: i.regios.iter().map(|r| r.slug.to_string()).collect(),
        pad: n.pad,
        url: n.url,
    }
}
