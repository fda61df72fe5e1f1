//! Stage 3: combine the national catalogue with each region's choices.
//!
//! The result is the one view model every renderer uses: the website, the
//! placemat and the exports all read a [`Menukaart`], so they can never
//! disagree about what a region offers. Views borrow from the [`Project`];
//! the catalogue is rendered once and shared by all regions.

pub(crate) mod routes;

use std::collections::HashMap;

use serde::Serialize;
use time::Date;

use crate::cost::{self, Kosten};
use crate::markdown;
use crate::model::{
    Aanbieder, Aanmelding, Contact, Gemeente, Intervention, Project, Region, SiteConfig, Vergoeding,
};
use crate::vocab::{
    shown, Aandoening, Erkenning, Papier, Thema, VergoedingSoort, Verwijzing, Vocabulary, Vorm,
    Zoekwoorden,
};

/// The recognition of an intervention as every output shows it.
#[derive(Clone, Debug, Serialize)]
pub struct ErkenningView<'p> {
    #[serde(serialize_with = "shown::one")]
    pub niveau: Erkenning,
    /// The entry in the databank of Loket Gezond Leven, to check it.
    pub url: Option<&'p str>,
}

/// The whole site: the national catalogue and one menukaart per region.
#[derive(Debug, Serialize)]
pub struct Site<'p> {
    /// `menukaart.toml`, for outputs that need more than title and address.
    #[serde(skip)]
    pub config: &'p SiteConfig,
    pub titel: &'p str,
    pub base_url: Option<&'p str>,
    /// When the build ran, or `SOURCE_DATE_EPOCH` for reproducible builds.
    #[serde(skip)]
    pub created: time::OffsetDateTime,
    /// Sorted by name; the menus borrow their entries from it.
    pub catalogue: &'p [CatalogueEntry<'p>],
    /// Sorted by slug.
    pub menus: Vec<Menukaart<'p>>,
}

impl<'p> Site<'p> {
    /// The one place a [`Site`] is put together: the site settings, the
    /// catalogue, the menus to show, and the build's timestamp. What changed
    /// since each menu's previous edition is added by [`crate::build::site`].
    pub fn new(
        config: &'p SiteConfig,
        catalogue: &'p [CatalogueEntry<'p>],
        menus: Vec<Menukaart<'p>>,
    ) -> Self {
        Site {
            config,
            titel: &config.titel,
            base_url: config.base_url.as_deref(),
            created: build_time(),
            catalogue,
            menus,
        }
    }
}

/// The build's timestamp: `SOURCE_DATE_EPOCH` when set (reproducible
/// builds give identical files), otherwise the clock.
pub(crate) fn build_time() -> time::OffsetDateTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| time::OffsetDateTime::from_unix_timestamp(secs).ok())
        .unwrap_or_else(time::OffsetDateTime::now_utc)
}

/// One national intervention, prepared for display.
#[derive(Debug, Serialize)]
pub struct CatalogueEntry<'p> {
    pub id: &'p str,
    pub naam: &'p str,
    pub samenvatting: &'p str,
    #[serde(serialize_with = "shown::list")]
    pub themas: &'p [Thema],
    #[serde(serialize_with = "shown::list")]
    pub vorm: &'p [Vorm],
    pub duur: Option<&'p str>,
    pub website: Option<&'p str>,
    pub laatst_gecontroleerd: String,
    /// The same date as `jjjj-mm-dd`, for `<time>` and the exports.
    pub laatst_gecontroleerd_iso: String,
    pub doelgroep: DoelgroepView<'p>,
    pub erkenning: Option<ErkenningView<'p>>,
    /// Web addresses the facts come from, shown as "Bronnen".
    pub bronnen: &'p [String],
    /// The Markdown body as safe HTML.
    pub beschrijving: String,
    pub vergoeding: VergoedingView<'p>,
    pub aanmelding: AanmeldingView<'p>,
    /// Path of the national page, relative to the site root.
    pub pad: String,
    /// The regions that offer it: (slug, naam).
    pub regios: Vec<RegionLink<'p>>,
}

#[derive(Debug, Serialize)]
pub struct RegionLink<'p> {
    pub slug: &'p str,
    pub naam: &'p str,
}

#[derive(Debug, Serialize)]
pub struct DoelgroepView<'p> {
    pub omschrijving: &'p str,
    /// "Vanaf 18 jaar", "18 tot en met 65 jaar", or none.
    pub leeftijd: Option<String>,
    /// The ages as numbers, for the exports.
    pub leeftijd_min: Option<u32>,
    pub leeftijd_max: Option<u32>,
    #[serde(serialize_with = "shown::list")]
    pub aandoeningen: &'p [Aandoening],
}

#[derive(Debug, Clone, Serialize)]
pub struct VergoedingView<'p> {
    #[serde(serialize_with = "shown::one")]
    pub soort: VergoedingSoort,
    pub eigen_risico: Option<bool>,
    pub eigen_bijdrage: Option<&'p str>,
    pub prijs: Option<&'p str>,
    /// "Kosten voor de patiënt", derived once by [`crate::cost`].
    pub kosten: Kosten,
    pub toelichting: Option<&'p str>,
    /// Empty: applies everywhere. Otherwise only in these gemeenten.
    pub gemeenten: &'p [String],
    /// True when this is the region's own arrangement, not the national one.
    pub regionaal: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AanmeldingView<'p> {
    #[serde(serialize_with = "shown::optional")]
    pub verwijzing: Option<Verwijzing>,
    pub stappen: &'p [crate::model::Stap],
    pub zorgdomein: Option<&'p str>,
    pub telefoon: Option<&'p str>,
    pub email: Option<&'p str>,
    pub url: Option<&'p str>,
    pub regionaal: bool,
}

/// A zorggroep's menukaart: its chosen interventions with overrides applied.
#[derive(Debug, Serialize)]
pub struct Menukaart<'p> {
    pub regio: RegionInfo<'p>,
    /// In placemat order: `volgorde`, then name.
    pub items: Vec<MenuItem<'p>>,
    /// The items grouped by their first thema, in order of first appearance.
    pub groepen: Vec<ThemaGroep>,
    /// The values the filters on the page offer: only those that occur.
    pub filters: FilterOptions,
    /// What changed since the previous edition, when there is one.
    pub wijzigingen: Option<Wijzigingen>,
}

/// What changed in a region's menukaart since its previous edition.
#[derive(Clone, Debug, Serialize)]
pub struct Wijzigingen {
    /// Peildatum of the previous edition, in Dutch and as `jjjj-mm-dd`.
    pub sinds: String,
    pub sinds_iso: String,
    /// Names, for the summary lines.
    pub nieuw: Vec<String>,
    pub vervallen: Vec<String>,
    pub gewijzigd: Vec<String>,
    pub lijst: Vec<Wijziging>,
    /// Changes of the zorggroep itself: its contact and the
    /// buurtsportcoach of each gemeente.
    pub zorggroep: Vec<VeldWijziging>,
}

/// One intervention that is new, gone or changed. Part of the export
/// (`crate::export`), so its schema descriptions are Dutch.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "wijziging",
    description = "Een interventie die nieuw is, vervallen is of gewijzigd is."
)]
pub struct Wijziging {
    pub soort: WijzigingSoort,
    pub id: String,
    pub naam: String,
    /// Empty for new and removed interventions.
    #[schemars(
        description = "Bij gewijzigd: de velden die anders zijn, met de oude en de nieuwe waarde."
    )]
    pub velden: Vec<VeldWijziging>,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "wijzigingSoort")]
pub enum WijzigingSoort {
    Nieuw,
    Vervallen,
    Gewijzigd,
}

/// One changed field: its id, the change in words, and both values.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "veldWijziging",
    description = "Eén veld dat anders is dan in de vorige editie."
)]
pub struct VeldWijziging {
    /// The ids of `edition::FIELDS` (a test there keeps this list equal).
    #[schemars(
        description = "Welk veld veranderd is (id).",
        extend("enum" = ["kosten", "vergoeding", "eigen_risico", "verwijzing", "stappen", "zorgdomein", "contact", "aanbieders", "doelgroep", "notitie", "vergoeding_toelichting", "beschrijving", "naam"])
    )]
    pub veld: String,
    /// The field's name for readers: "Kosten voor de patiënt".
    #[schemars(description = "De naam van het veld, zoals de website hem toont.")]
    pub label: String,
    /// "Kosten voor de patiënt: was „…”, nu „…”".
    #[schemars(description = "De verandering in één zin.")]
    pub tekst: String,
    #[schemars(description = "De oude waarde; null: er was geen.")]
    pub oud: Option<String>,
    #[schemars(description = "De nieuwe waarde; null: er is geen meer.")]
    pub nieuw: Option<String>,
}

/// Choices for the filters on a regional page, in vocabulary order.
#[derive(Debug, Default, Serialize)]
pub struct FilterOptions {
    #[serde(serialize_with = "shown::list")]
    pub themas: Vec<Thema>,
    #[serde(serialize_with = "shown::list")]
    pub aandoeningen: Vec<Aandoening>,
    #[serde(serialize_with = "shown::list")]
    pub vergoedingen: Vec<VergoedingSoort>,
    #[serde(serialize_with = "shown::list")]
    pub vormen: Vec<Vorm>,
}

impl FilterOptions {
    fn collect(items: &[MenuItem]) -> Self {
        /// The values that occur, in vocabulary order.
        fn present<V: Vocabulary + PartialEq>(found: impl Iterator<Item = V>) -> Vec<V> {
            let found: Vec<V> = found.collect();
            V::ALL
                .iter()
                .copied()
                .filter(|v| found.contains(v))
                .collect()
        }
        FilterOptions {
            themas: present(
                items
                    .iter()
                    .flat_map(|i| i.interventie.themas.iter().copied()),
            ),
            aandoeningen: present(
                items
                    .iter()
                    .flat_map(|i| i.interventie.doelgroep.aandoeningen.iter().copied()),
            ),
            vergoedingen: present(
                items
                    .iter()
                    .flat_map(|i| i.vergoedingen.iter().map(|v| v.soort)),
            ),
            vormen: present(
                items
                    .iter()
                    .flat_map(|i| i.interventie.vorm.iter().copied()),
            ),
        }
    }
}

/// What every page of a region shows about the zorggroep itself.
#[derive(Debug, Serialize)]
pub struct RegionInfo<'p> {
    pub slug: &'p str,
    pub naam: &'p str,
    pub intro: Option<String>,
    pub website: Option<&'p str>,
    pub peildatum: String,
    pub peildatum_iso: String,
    pub geldig_tot: Option<String>,
    pub geldig_tot_iso: Option<String>,
    /// True when geldig_tot has passed: pages say the data may be outdated.
    pub verlopen: bool,
    pub theme: &'p str,
    /// The placemats this region asks for, and whether it (or
    /// menukaart.toml) asked: an A4 that was only the default is left out
    /// when it does not fit.
    pub placemats: Placemats,
    pub verzekeraars: &'p [String],
    pub contact: &'p Contact,
    pub gemeenten: &'p [Gemeente],
}

/// Which placemats a region gets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placemats {
    pub papers: Vec<Papier>,
    /// Named in the region or in menukaart.toml, not the default.
    pub explicit: bool,
}

/// The region's own choice, else the project's, else both.
fn placemats(region: &[Papier], project: &[Papier]) -> Placemats {
    let chosen = if region.is_empty() { project } else { region };
    if chosen.is_empty() {
        Placemats {
            papers: Papier::ALL.to_vec(),
            explicit: false,
        }
    } else {
        Placemats {
            papers: Papier::ALL
                .iter()
                .copied()
                .filter(|p| chosen.contains(p))
                .collect(),
            explicit: true,
        }
    }
}

/// One intervention as a region offers it.
#[derive(Debug, Serialize)]
pub struct MenuItem<'p> {
    /// The national entry; index into [`Site::catalogue`] is not needed by
    /// templates, so it is embedded by reference.
    pub interventie: &'p CatalogueEntry<'p>,
    /// One or two arrangements: a regional one limited to some gemeenten
    /// comes first, followed by the national one for the other gemeenten.
    pub vergoedingen: Vec<VergoedingView<'p>>,
    pub aanmelding: AanmeldingView<'p>,
    pub notitie: Option<&'p str>,
    pub aanbieders: &'p [Aanbieder],
    /// Gemeenten with their buurtsportcoach, when the route runs through one.
    pub buurtsportcoaches: Vec<&'p Gemeente>,
    /// Path of the regional page, relative to the site root.
    pub pad: String,
    /// The patient pays nothing under every arrangement (for the filter
    /// "Geen kosten voor de patiënt").
    pub geen_kosten: bool,
    /// New or changed since the previous edition (set by [`crate::edition`]).
    pub wijziging: Option<WijzigingSoort>,
    /// What the search on the regional page looks in: name, summary,
    /// doelgroep, aanbieders, and the labels and search words of the
    /// intervention's themas and aandoeningen ([`zoektekst`]).
    pub zoek: String,
}

#[derive(Debug, Serialize)]
pub struct ThemaGroep {
    #[serde(serialize_with = "shown::one")]
    pub thema: Thema,
    /// Indexes into [`Menukaart::items`].
    pub items: Vec<usize>,
}

/// Resolves the whole project. `today` decides whether a menukaart is outdated.
pub fn resolve<'p>(
    project: &'p Project,
    catalogue: &'p [CatalogueEntry<'p>],
    today: Date,
) -> Vec<Menukaart<'p>> {
    let by_id: HashMap<&str, &CatalogueEntry> = catalogue.iter().map(|c| (c.id, c)).collect();
    project
        .regions
        .iter()
        .map(|region| menukaart(project, &by_id, region, today))
        .collect()
}

/// Prepares the national catalogue once; every region borrows from it.
pub fn catalogue(project: &Project) -> Vec<CatalogueEntry<'_>> {
    let mut entries: Vec<_> = project
        .interventions
        .iter()
        .map(|i| catalogue_entry(project, i))
        .collect();
    entries.sort_by_key(|e| e.naam.to_lowercase());
    entries
}

fn catalogue_entry<'p>(project: &'p Project, i: &'p Intervention) -> CatalogueEntry<'p> {
    CatalogueEntry {
        id: &i.id,
        naam: &i.naam,
        samenvatting: &i.samenvatting,
        themas: &i.themas,
        vorm: &i.vorm,
        duur: i.duur.as_deref(),
        website: i.website.as_deref(),
        laatst_gecontroleerd: datum(i.laatst_gecontroleerd),
        laatst_gecontroleerd_iso: i.laatst_gecontroleerd.to_string(),
        doelgroep: DoelgroepView {
            omschrijving: &i.doelgroep.omschrijving,
            leeftijd: leeftijd(i.doelgroep.leeftijd_min, i.doelgroep.leeftijd_max),
            leeftijd_min: i.doelgroep.leeftijd_min,
            leeftijd_max: i.doelgroep.leeftijd_max,
            aandoeningen: &i.doelgroep.aandoeningen,
        },
        erkenning: i.erkenning.as_ref().map(|e| ErkenningView {
            niveau: e.niveau,
            url: e.url.as_deref(),
        }),
        bronnen: &i.bronnen,
        beschrijving: markdown::to_html(&i.body, 1),
        vergoeding: vergoeding_view(
            &i.vergoeding,
            false,
            eigen_risico(project, build_time().year()),
        ),
        aanmelding: aanmelding_view(&i.aanmelding, false),
        pad: format!("interventies/{}/", i.id),
        regios: project
            .regions
            .iter()
            .filter(|r| r.entries.iter().any(|e| e.id == i.id))
            .map(|r| RegionLink {
                slug: &r.slug,
                naam: &r.naam,
            })
            .collect(),
    }
}

fn menukaart<'p>(
    project: &'p Project,
    catalogue: &HashMap<&str, &'p CatalogueEntry<'p>>,
    region: &'p Region,
    today: Date,
) -> Menukaart<'p> {
    let mut entries: Vec<_> = region.entries.iter().collect();
    // Entries with a volgorde come first, in that order; the rest by name.
    entries.sort_by_cached_key(|e| {
        let naam = project
            .intervention(&e.id)
            .map(|i| i.naam.to_lowercase())
            .unwrap_or_default();
        (e.volgorde.unwrap_or(i64::MAX), naam)
    });
    let er = eigen_risico(project, region.peildatum.year());
    let items: Vec<MenuItem> = entries
        .into_iter()
        .filter_map(|entry| {
            let national = *catalogue.get(entry.id.as_str())?;
            let intervention = project.intervention(&entry.id)?;
            let aanmelding = match &entry.aanmelding {
                Some(a) => aanmelding_view(a, true),
                None => aanmelding_view(&intervention.aanmelding, false),
            };
            let vergoedingen = match &entry.vergoeding {
                None => vec![vergoeding_view(&intervention.vergoeding, false, er)],
                Some(v) if v.gemeenten.is_empty() => vec![vergoeding_view(v, true, er)],
                Some(v) => vec![
                    vergoeding_view(v, true, er),
                    vergoeding_view(&intervention.vergoeding, false, er),
                ],
            };
            let via_coach = aanmelding.verwijzing == Some(Verwijzing::Buurtsportcoach);
            let buurtsportcoaches = if via_coach {
                region
                    .gemeenten
                    .iter()
                    .filter(|g| g.buurtsportcoach.is_some())
                    .collect()
            } else {
                Vec::new()
            };
            let geen_kosten = vergoedingen.iter().all(|v| v.kosten.geen_kosten);
            let zoek = zoektekst(intervention, &entry.aanbieders);
            Some(MenuItem {
                interventie: national,
                vergoedingen,
                aanmelding,
                notitie: entry.notitie.as_deref(),
                aanbieders: &entry.aanbieders,
                buurtsportcoaches,
                pad: format!("{}/{}/", region.slug, entry.id),
                geen_kosten,
                wijziging: None,
                zoek,
            })
        })
        .collect();

    let mut groepen: Vec<ThemaGroep> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let Some(first) = item.interventie.themas.first() else {
            continue;
        };
        match groepen.iter_mut().find(|g| g.thema == *first) {
            Some(group) => group.items.push(index),
            None => groepen.push(ThemaGroep {
                thema: *first,
                items: vec![index],
            }),
        }
    }

    let regio = RegionInfo {
        slug: &region.slug,
        naam: &region.naam,
        intro: region.intro.as_deref().map(|md| markdown::to_html(md, 1)),
        website: region.website.as_deref(),
        peildatum: datum(region.peildatum),
        peildatum_iso: region.peildatum.to_string(),
        geldig_tot: region.geldig_tot.map(datum),
        geldig_tot_iso: region.geldig_tot.map(|d| d.to_string()),
        verlopen: region.geldig_tot.is_some_and(|d| d < today),
        theme: region.theme.as_deref().unwrap_or(&project.config.theme),
        placemats: placemats(&region.placemat, &project.config.placemat),
        verzekeraars: &region.verzekeraars,
        contact: &region.contact,
        gemeenten: &region.gemeenten,
    };
    let filters = FilterOptions::collect(&items);
    Menukaart {
        regio,
        items,
        groepen,
        filters,
        wijzigingen: None,
    }
}

/// The text the search of the regional page matches, so that a huisarts
/// finds an intervention in their own words: "dm2" or "suikerziekte" finds
/// one for diabetes type 2, "roker" one for roken.
fn zoektekst(i: &Intervention, aanbieders: &[Aanbieder]) -> String {
    let mut parts: Vec<&str> = vec![&i.naam, &i.samenvatting, &i.doelgroep.omschrijving];
    for a in aanbieders {
        parts.push(&a.naam);
        parts.extend(a.plaats.as_deref());
    }
    for t in &i.themas {
        parts.push(t.label());
        parts.extend(t.zoekwoorden());
    }
    for a in &i.doelgroep.aandoeningen {
        parts.push(a.label());
        parts.extend(a.zoekwoorden());
    }
    let mut seen = std::collections::HashSet::new();
    parts.retain(|p| seen.insert(*p));
    parts.join(" ")
}

fn vergoeding_view(
    v: &Vergoeding,
    regionaal: bool,
    eigen_risico: Option<cost::EigenRisico>,
) -> VergoedingView<'_> {
    VergoedingView {
        soort: v.soort,
        eigen_risico: v.eigen_risico,
        eigen_bijdrage: v.eigen_bijdrage.as_deref(),
        prijs: v.prijs.as_deref(),
        kosten: cost::kosten_in(v, eigen_risico),
        toelichting: v.toelichting.as_deref(),
        gemeenten: &v.gemeenten,
        regionaal,
    }
}

/// The eigen risico amount of `year` from `[eigen_risico]`, if stated.
pub(crate) fn eigen_risico(project: &Project, year: i32) -> Option<cost::EigenRisico> {
    project
        .config
        .eigen_risico
        .get(&year)
        .map(|&bedrag| cost::EigenRisico { jaar: year, bedrag })
}

fn aanmelding_view(a: &Aanmelding, regionaal: bool) -> AanmeldingView<'_> {
    AanmeldingView {
        verwijzing: a.verwijzing,
        stappen: &a.stappen,
        zorgdomein: a.zorgdomein.as_deref(),
        telefoon: a.telefoon.as_deref(),
        email: a.email.as_deref(),
        url: a.url.as_deref(),
        regionaal,
    }
}

fn leeftijd(min: Option<u32>, max: Option<u32>) -> Option<String> {
    match (min, max) {
        (Some(min), Some(max)) => Some(format!("{min} tot en met {max} jaar")),
        (Some(min), None) => Some(format!("Vanaf {min} jaar")),
        (None, Some(max)) => Some(format!("Tot en met {max} jaar")),
        (None, None) => None,
    }
}

/// A date as Dutch readers write it: "1 oktober 2026".
pub fn datum(date: Date) -> String {
    const MAANDEN: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    format!(
        "{} {} {}",
        date.day(),
        MAANDEN[usize::from(u8::from(date.month())) - 1],
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_dates() {
        assert_eq!(datum(time::macros::date!(2026 - 10 - 01)), "1 oktober 2026");
    }
}
