//! The menu as Open Referral HSDS 3.0 services, for a sociale kaart or a
//! keteninformatiesysteem that imports a standard instead of our own JSON.
//!
//! - `<slug>/hsds/services.json`: one service per intervention on the
//!   region's menu, regional details applied;
//! - `hsds/services.json`: one per intervention of the national catalogue.
//!
//! Each service has the compiled form of HSDS 3.0's `service.json` (the
//! schema in `tests/fixtures/hsds/`, against which the tests validate every
//! service). How each field follows from the menu is in `docs/export.md`.
//!
//! Ids are UUIDs (version 5) of a fixed namespace and a name such as
//! `zorggroep-maasland/gli-cool`: the same service gets the same id at
//! every build, and the same intervention in two regions two ids, because
//! they are two services (other costs, other providers, other areas).
//!
//! This is one renderer over the same resolved view as the pages and the
//! other exports, so it cannot tell a different story: the cost sentence
//! is the site's, the steps and who acts in them are the routes'.

use serde::Serialize;
use uuid::Uuid;

use super::{Job, Renderer};
use crate::diagnostics::Diagnostic;
use crate::model::{Aanbieder, Contact};
use crate::resolve::{routes, CatalogueEntry, MenuItem, Menukaart, Site, VergoedingView};
use crate::vocab::Vocabulary;

/// The namespace of every id menukaart gives an HSDS object.
const NAMESPACE: Uuid = Uuid::from_u128(0x6d65_6e75_6b61_4172_8074_4853_4453_3330);

fn id(name: &str) -> String {
    Uuid::new_v5(&NAMESPACE, name.as_bytes()).to_string()
}

/// Writes the HSDS services of the catalogue and of every region.
pub(crate) struct Hsds;

impl Renderer for Hsds {
    fn render(&self, job: &mut Job) {
        let (site, _, out, counts, diags) = job.parts();
        let national: Vec<Service> = site
            .catalogue
            .iter()
            .map(|entry| national_service(site, entry))
            .collect();
        let mut files = vec![("hsds/services.json".to_string(), national)];
        for menu in &site.menus {
            let services = menu
                .items
                .iter()
                .map(|item| regional_service(site, menu, item))
                .collect();
            files.push((format!("{}/hsds/services.json", menu.regio.slug), services));
        }
        for (path, services) in files {
            match serde_json::to_string_pretty(&services) {
                Ok(mut text) => {
                    text.push('\n');
                    super::write(out, &path, text.as_bytes(), counts, diags);
                }
                Err(err) => diags.push(
                    Diagnostic::error(None, format!("kan {path} niet maken: {err}"))
                        .with_hint("meld dit als fout in menukaart"),
                ),
            }
        }
    }
}

/// One HSDS 3.0 service. Optional fields that have no value are left out.
#[derive(Debug, Serialize)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub status: &'static str,
    pub fees_description: String,
    pub cost_options: Vec<CostOption>,
    pub eligibility_description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_age: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_age: Option<u32>,
    pub application_process: String,
    pub service_areas: Vec<ServiceArea>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    /// Where the aanbieders that gave an address receive patients.
    pub service_at_locations: Vec<ServiceAtLocation>,
    pub contacts: Vec<HsdsContact>,
    pub phones: Vec<Phone>,
    pub attributes: Vec<Attribute>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accreditations: Option<String>,
    pub assured_date: String,
    pub last_modified: String,
}

#[derive(Debug, Serialize)]
pub struct CostOption {
    pub id: String,
    pub service_id: String,
    pub option: String,
    pub currency: &'static str,
    pub amount: f64,
    pub amount_description: String,
}

#[derive(Debug, Serialize)]
pub struct ServiceArea {
    pub id: String,
    pub service_id: String,
    pub name: String,
    /// The cost sentence that applies in this area.
    pub description: String,
    pub extent_type: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// AGB code and KvK number, where the region gave them.
    pub organization_identifiers: Vec<Identifier>,
}

#[derive(Debug, Serialize)]
pub struct Identifier {
    pub id: String,
    pub identifier_scheme: &'static str,
    pub identifier_type: &'static str,
    pub identifier: String,
}

#[derive(Debug, Serialize)]
pub struct ServiceAtLocation {
    pub id: String,
    pub service_id: String,
    pub location: Location,
}

#[derive(Debug, Serialize)]
pub struct Location {
    pub id: String,
    pub location_type: &'static str,
    pub name: String,
    pub addresses: Vec<Address>,
}

/// A Dutch address. HSDS requires a province, which no data of ours
/// name: it is left empty.
#[derive(Debug, Serialize)]
pub struct Address {
    pub id: String,
    pub address_1: String,
    pub city: String,
    pub state_province: String,
    pub postal_code: String,
    pub country: &'static str,
    pub address_type: &'static str,
}

#[derive(Debug, Serialize)]
pub struct HsdsContact {
    pub id: String,
    pub service_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub phones: Vec<Phone>,
}

#[derive(Debug, Serialize)]
pub struct Phone {
    pub id: String,
    pub number: String,
    pub description: String,
}

#[derive(Debug, Serialize)]
pub struct Attribute {
    pub id: String,
    pub link_id: String,
    pub link_type: &'static str,
    pub link_entity: &'static str,
    pub taxonomy_term_id: String,
    pub taxonomy_term: TaxonomyTerm,
}

#[derive(Debug, Serialize)]
pub struct TaxonomyTerm {
    pub id: String,
    pub code: String,
    pub name: String,
    pub description: String,
    pub taxonomy: String,
}

/// The parts a national and a regional service share: what the
/// intervention is, for whom, how it is recognised and tagged.
fn base(service_id: String, entry: &CatalogueEntry, url: Option<String>) -> Service {
    let doelgroep = &entry.doelgroep;
    let mut attributes = Vec::new();
    let mut tag = |taxonomy: &str, what: &str, code: &str, label: &str| {
        let term_id = id(&format!("taxonomie/{taxonomy}/{code}"));
        attributes.push(Attribute {
            id: id(&format!("{service_id}/{taxonomy}/{code}")),
            link_id: service_id.clone(),
            link_type: "service",
            link_entity: "service",
            taxonomy_term_id: term_id.clone(),
            taxonomy_term: TaxonomyTerm {
                id: term_id,
                code: code.to_string(),
                name: label.to_string(),
                description: format!("{what}: {label}"),
                taxonomy: format!("menukaart-{taxonomy}"),
            },
        });
    };
    for t in entry.themas {
        tag("thema", "Leefstijlthema", t.id(), t.label());
    }
    for a in doelgroep.aandoeningen {
        tag("aandoening", "Aandoening of klacht", a.id(), a.label());
    }
    for v in entry.vorm {
        tag("vorm", "Vorm", v.id(), v.label());
    }
    Service {
        id: service_id,
        name: entry.naam.to_string(),
        description: entry.samenvatting.to_string(),
        url: url.or_else(|| entry.website.map(str::to_string)),
        email: None,
        status: "active",
        fees_description: String::new(),
        cost_options: Vec::new(),
        eligibility_description: doelgroep.omschrijving.to_string(),
        minimum_age: doelgroep.leeftijd_min,
        maximum_age: doelgroep.leeftijd_max,
        application_process: String::new(),
        service_areas: Vec::new(),
        organization: None,
        service_at_locations: Vec::new(),
        contacts: Vec::new(),
        phones: Vec::new(),
        attributes,
        accreditations: entry.erkenning.as_ref().map(|e| match e.url {
            Some(url) => format!("Loket Gezond Leven: {} ({url})", e.niveau.label()),
            None => format!("Loket Gezond Leven: {}", e.niveau.label()),
        }),
        assured_date: entry.laatst_gecontroleerd_iso.clone(),
        last_modified: format!("{}T00:00:00Z", entry.laatst_gecontroleerd_iso),
    }
}

fn page_url(site: &Site, pad: &str) -> Option<String> {
    site.base_url.map(|base| format!("{base}{pad}"))
}

fn national_service(site: &Site, entry: &CatalogueEntry) -> Service {
    let service_id = id(&format!("landelijk/{}", entry.id));
    let mut service = base(service_id, entry, page_url(site, &entry.pad));
    service.fees_description = entry.vergoeding.kosten.tekst.clone();
    service.cost_options = cost_options(&service.id, std::slice::from_ref(&entry.vergoeding));
    service.application_process = process(&entry.aanmelding);
    service.email = entry.aanmelding.email.map(str::to_string);
    service.phones = entry
        .aanmelding
        .telefoon
        .map(|number| phone(&service.id, "aanmelden", number, "Aanmelden"))
        .into_iter()
        .collect();
    service
}

fn regional_service(site: &Site, menu: &Menukaart, item: &MenuItem) -> Service {
    let slug = menu.regio.slug;
    let service_id = id(&format!("{slug}/{}", item.interventie.id));
    let mut service = base(service_id, item.interventie, page_url(site, &item.pad));
    let sid = service.id.clone();
    service.fees_description = fees(&item.vergoedingen);
    service.cost_options = cost_options(&sid, &item.vergoedingen);
    service.application_process = process(&item.aanmelding);
    service.email = item.aanmelding.email.map(str::to_string);
    // Every gemeente of the region, with the arrangement that applies there.
    service.service_areas = menu
        .regio
        .gemeenten
        .iter()
        .filter_map(|g| {
            let v = routes::vergoeding(&item.vergoedingen, Some(&g.naam))?;
            Some(ServiceArea {
                id: id(&format!("{sid}/gebied/{}", g.naam)),
                service_id: sid.clone(),
                name: format!("Gemeente {}", g.naam),
                description: v.kosten.tekst.clone(),
                extent_type: "gemeente",
            })
        })
        .collect();
    service.organization = item
        .aanbieders
        .first()
        .map(|a| organization(slug, menu, item, a));
    service.service_at_locations = item
        .aanbieders
        .iter()
        .filter_map(|a| location(&sid, a))
        .collect();
    if let Some(number) = item.aanmelding.telefoon {
        service
            .phones
            .push(phone(&sid, "aanmelden", number, "Aanmelden"));
    }
    for a in item.aanbieders {
        service.contacts.push(aanbieder(&sid, a));
    }
    // The buurtsportcoach of each gemeente, where the route runs through one.
    for g in &item.buurtsportcoaches {
        if let Some(coach) = &g.buurtsportcoach {
            service.contacts.push(coach_contact(&sid, &g.naam, coach));
        }
    }
    service
}

/// The first aanbieder as the service's organization, with its AGB code
/// and KvK number.
fn organization(slug: &str, menu: &Menukaart, item: &MenuItem, a: &Aanbieder) -> Organization {
    let org_id = id(&format!("aanbieder/{slug}/{}", a.naam));
    let mut identifiers = Vec::new();
    for (scheme, kind, value) in [
        ("NL-AGB", "AGB-code", &a.agb),
        ("NL-KVK", "KvK-nummer", &a.kvk),
    ] {
        if let Some(value) = value {
            identifiers.push(Identifier {
                id: id(&format!("{org_id}/{scheme}")),
                identifier_scheme: scheme,
                identifier_type: kind,
                identifier: value.clone(),
            });
        }
    }
    Organization {
        name: a.naam.clone(),
        description: format!(
            "Aanbieder van {} in {}",
            item.interventie.naam, menu.regio.naam
        ),
        email: a.email.clone(),
        website: a.website.clone(),
        organization_identifiers: identifiers,
        id: org_id,
    }
}

/// Where an aanbieder receives patients, when its address is complete.
fn location(service_id: &str, a: &Aanbieder) -> Option<ServiceAtLocation> {
    let (adres, postcode, plaats) = (a.adres.as_ref()?, a.postcode.as_ref()?, a.plaats.as_ref()?);
    let location_id = id(&format!("{service_id}/locatie/{}", a.naam));
    Some(ServiceAtLocation {
        id: id(&format!("{service_id}/op/{}", a.naam)),
        service_id: service_id.to_string(),
        location: Location {
            addresses: vec![Address {
                id: id(&format!("{location_id}/adres")),
                address_1: adres.clone(),
                city: plaats.clone(),
                state_province: String::new(),
                postal_code: postcode.clone(),
                country: "NL",
                address_type: "physical",
            }],
            id: location_id,
            location_type: "physical",
            name: a.naam.clone(),
        },
    })
}

/// The cost sentences as the site shows them: one per arrangement, with
/// the gemeenten it is limited to.
fn fees(vergoedingen: &[VergoedingView]) -> String {
    let limited = vergoedingen.iter().any(|v| !v.gemeenten.is_empty());
    vergoedingen
        .iter()
        .map(|v| {
            if !v.gemeenten.is_empty() {
                format!("In {}: {}", v.gemeenten.join(", "), v.kosten.tekst)
            } else if limited {
                format!("In de andere gemeenten: {}", v.kosten.tekst)
            } else {
                v.kosten.tekst.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An amount where one is known: nothing to pay, or the first euro
/// amount of the own contribution or the price.
fn cost_options(service_id: &str, vergoedingen: &[VergoedingView]) -> Vec<CostOption> {
    vergoedingen
        .iter()
        .enumerate()
        .filter_map(|(n, v)| {
            let (amount, described) = if v.kosten.geen_kosten {
                (0.0, v.kosten.tekst.clone())
            } else {
                let text = v.eigen_bijdrage.or(v.prijs)?;
                (euros(text)?, text.to_string())
            };
            Some(CostOption {
                id: id(&format!("{service_id}/kosten/{n}")),
                service_id: service_id.to_string(),
                option: v.soort.label().to_string(),
                currency: "EUR",
                amount,
                amount_description: described,
            })
        })
        .collect()
}

/// The first amount after a euro sign: "€ 30 per jaar" is 30, "€ 2,50" 2.5.
fn euros(text: &str) -> Option<f64> {
    let after = &text[text.find('€')? + '€'.len_utf8()..];
    let number: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != '.')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    number.trim_end_matches('.').parse().ok()
}

/// The steps, numbered, each with who acts when the data say so.
fn process(a: &crate::resolve::AanmeldingView) -> String {
    let (steps, _) = routes::steps(a.verwijzing, a.stappen);
    steps
        .iter()
        .enumerate()
        .map(|(n, s)| match s.actor {
            Some(actor) => format!("{}. {}: {}", n + 1, actor.label(), s.tekst),
            None => format!("{}. {}", n + 1, s.tekst),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn phone(owner: &str, what: &str, number: &str, description: &str) -> Phone {
    Phone {
        id: id(&format!("{owner}/telefoon/{what}")),
        number: number.to_string(),
        description: description.to_string(),
    }
}

fn aanbieder(service_id: &str, a: &Aanbieder) -> HsdsContact {
    let contact_id = id(&format!("{service_id}/aanbieder/{}", a.naam));
    HsdsContact {
        phones: a
            .telefoon
            .as_deref()
            .map(|n| phone(&contact_id, "aanbieder", n, "Aanbieder"))
            .into_iter()
            .collect(),
        id: contact_id,
        service_id: service_id.to_string(),
        name: Some(a.naam.clone()),
        title: match &a.plaats {
            Some(plaats) => format!("Aanbieder in {plaats}"),
            None => "Aanbieder".to_string(),
        },
        email: a.email.clone(),
    }
}

fn coach_contact(service_id: &str, gemeente: &str, coach: &Contact) -> HsdsContact {
    let contact_id = id(&format!("{service_id}/buurtsportcoach/{gemeente}"));
    HsdsContact {
        phones: coach
            .telefoon
            .as_deref()
            .map(|n| phone(&contact_id, "buurtsportcoach", n, "Buurtsportcoach"))
            .into_iter()
            .collect(),
        id: contact_id,
        service_id: service_id.to_string(),
        name: coach.naam.clone(),
        title: format!("Buurtsportcoach van de gemeente {gemeente}"),
        email: coach.email.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_differ_per_name() {
        assert_eq!(id("zorggroep-a/gli-cool"), id("zorggroep-a/gli-cool"));
        assert_ne!(id("zorggroep-a/gli-cool"), id("zorggroep-b/gli-cool"));
        assert_eq!(id("x").len(), 36);
    }

    #[test]
    fn euro_amounts_are_read_from_the_text() {
        assert_eq!(euros("€ 30 per jaar"), Some(30.0));
        assert_eq!(euros("€2,50 per les"), Some(2.5));
        assert_eq!(euros("€ 1.250 voor het hele traject"), Some(1250.0));
        assert_eq!(euros("verschilt per verzekeraar"), None);
    }
}
