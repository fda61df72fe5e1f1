//! The validated project: what the user wrote, checked and typed.
//!
//! These types are produced by [`crate::validate`] and never contain invalid
//! values: every vocabulary is an enum, every date a real date, every
//! reference from a region to an intervention exists.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::diagnostics::Location;
use crate::vocab::{shown, Aandoening, Erkenning, Thema, VergoedingSoort, Verwijzing, Vorm, Wie};

/// Everything a build needs.
#[derive(Clone, Debug)]
pub struct Project {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// Sorted by id.
    pub interventions: Vec<Intervention>,
    /// Sorted by slug.
    pub regions: Vec<Region>,
}

impl Project {
    pub fn intervention(&self, id: &str) -> Option<&Intervention> {
        self.interventions
            .binary_search_by(|i| i.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.interventions[i])
    }
}

/// Default for `controle_maanden` in `menukaart.toml`.
pub const DEFAULT_CONTROLE_MAANDEN: u32 = 12;

/// Settings from `menukaart.toml`.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteConfig {
    pub titel: String,
    /// Always ends with `/` when present.
    pub base_url: Option<String>,
    pub taal: String,
    pub theme: String,
    /// After how many months `laatst_gecontroleerd` (and a peildatum
    /// without geldig_tot) counts as outdated; `controle_maanden`.
    pub controle_maanden: u32,
    /// `[beheer]`: where the CMS admin saves; `None` writes no admin.
    pub beheer: Option<Beheer>,
    /// `[eigen_risico]`: the compulsory eigen risico in whole euros per
    /// calendar year, so the cost line can name the amount that applies.
    pub eigen_risico: std::collections::BTreeMap<i32, u32>,
    /// The placemats every region gets unless it says otherwise; empty:
    /// both, and an A4 that does not fit is left out with a warning.
    pub placemat: Vec<crate::vocab::Papier>,
}

/// `[beheer]` in `menukaart.toml`: the forge the CMS admin
/// (`output/beheer/`) reads from and commits to.
#[derive(Clone, Debug, PartialEq)]
pub struct Beheer {
    /// `gitea` (also Forgejo), `github` or `gitlab`.
    pub backend: String,
    /// `eigenaar/naam` of the repository on the forge.
    pub repo: String,
    pub branch: Option<String>,
    /// Address of a self-hosted forge, such as `https://git.example.nl`.
    pub base_url: Option<String>,
    /// Where the admin page loads the CMS script from.
    pub cms_script: Option<String>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            titel: "Menukaart leefstijl".to_string(),
            base_url: None,
            taal: "nl".to_string(),
            theme: "default".to_string(),
            controle_maanden: DEFAULT_CONTROLE_MAANDEN,
            beheer: None,
            eigen_risico: std::collections::BTreeMap::new(),
            placemat: Vec::new(),
        }
    }
}

/// One intervention from the national catalogue (`interventions/<id>.md`).
#[derive(Clone, Debug)]
pub struct Intervention {
    pub id: String,
    pub file: PathBuf,
    pub naam: String,
    pub samenvatting: String,
    pub themas: Vec<Thema>,
    pub vorm: Vec<Vorm>,
    pub duur: Option<String>,
    pub website: Option<String>,
    pub laatst_gecontroleerd: Date,
    pub laatst_gecontroleerd_at: Location,
    pub doelgroep: Doelgroep,
    pub vergoeding: Vergoeding,
    pub aanmelding: Aanmelding,
    pub erkenning: Option<Erkend>,
    /// Public pages the facts come from (`bronnen`), in the order written.
    pub bronnen: Vec<String>,
    /// Markdown body, as written.
    pub body: String,
}

#[derive(Clone, Debug)]
pub struct Doelgroep {
    pub omschrijving: String,
    pub leeftijd_min: Option<u32>,
    pub leeftijd_max: Option<u32>,
    pub aandoeningen: Vec<Aandoening>,
}

/// The recognition by Loket Gezond Leven: the level, and where to check it.
#[derive(Clone, Debug)]
pub struct Erkend {
    pub niveau: Erkenning,
    /// The intervention's entry in the databank of Loket Gezond Leven.
    pub url: Option<String>,
}

/// Who pays; nationally or as a regional override.
#[derive(Clone, Debug)]
pub struct Vergoeding {
    pub soort: VergoedingSoort,
    /// `Some(true)`: the patient's eigen risico applies. `None`: not stated.
    pub eigen_risico: Option<bool>,
    /// What the patient pays on top, whoever else pays: "€ 30 voor de hele cursus".
    pub eigen_bijdrage: Option<String>,
    /// What the patient pays without cover: "€ 25 per deelnemer".
    pub prijs: Option<String>,
    pub toelichting: Option<String>,
    /// Regional only: the override applies in these gemeenten alone.
    pub gemeenten: Vec<String>,
}

/// How a patient gets in; nationally or as a regional override.
#[derive(Clone, Debug, Default)]
pub struct Aanmelding {
    pub verwijzing: Option<Verwijzing>,
    pub stappen: Vec<Stap>,
    pub zorgdomein: Option<String>,
    pub telefoon: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
}

/// One step of the way in: what happens, and who does it when the file
/// says so. A step written as plain text has no `wie`: nothing guesses it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stap {
    #[serde(serialize_with = "shown::optional")]
    pub wie: Option<Wie>,
    pub wat: String,
}

/// One zorggroep (`regions/<slug>.toml`).
#[derive(Clone, Debug)]
pub struct Region {
    pub slug: String,
    pub file: PathBuf,
    pub naam: String,
    /// Markdown.
    pub intro: Option<String>,
    pub website: Option<String>,
    pub peildatum: Date,
    pub peildatum_at: Location,
    pub geldig_tot: Option<Date>,
    pub geldig_tot_at: Option<Location>,
    pub theme: Option<String>,
    /// The placemats the region asks for; empty: the project's choice.
    pub placemat: Vec<crate::vocab::Papier>,
    pub verzekeraars: Vec<String>,
    pub contact: Contact,
    pub gemeenten: Vec<Gemeente>,
    pub entries: Vec<RegionEntry>,
}

// Contact, Gemeente and Aanbieder are also parts of the export documents
// (`crate::export`), key for key: hence deserialisable (editions are read
// back) and with a schema. Plain comments, not doc comments: a doc comment
// would become the schema's (English) description.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "contact")]
pub struct Contact {
    pub naam: Option<String>,
    pub email: Option<String>,
    pub telefoon: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "gemeente")]
pub struct Gemeente {
    pub naam: String,
    pub buurtsportcoach: Option<Contact>,
}

/// A region's choice of one national intervention, with local details.
#[derive(Clone, Debug)]
pub struct RegionEntry {
    pub id: String,
    pub at: Location,
    pub volgorde: Option<i64>,
    pub notitie: Option<String>,
    pub aanbieders: Vec<Aanbieder>,
    pub aanmelding: Option<Aanmelding>,
    pub vergoeding: Option<Vergoeding>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "aanbieder")]
pub struct Aanbieder {
    pub naam: String,
    #[schemars(description = "Straat en huisnummer, of null.")]
    #[serde(default)]
    pub adres: Option<String>,
    #[schemars(description = "Postcode als 5341 AB, of null.")]
    #[serde(default)]
    pub postcode: Option<String>,
    pub plaats: Option<String>,
    pub telefoon: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    #[schemars(description = "AGB-code van de zorgaanbieder (8 cijfers), of null.")]
    #[serde(default)]
    pub agb: Option<String>,
    #[schemars(description = "KvK-nummer (8 cijfers), of null.")]
    #[serde(default)]
    pub kvk: Option<String>,
}
