//! The JSON document model of the exports, as typed structs.
//!
//! Keys are the Dutch keys users write in their files, so a zorggroep
//! recognises its own data. The structs are public and deserialisable, so
//! Rust consumers (editions, the tests) read the JSON back without
//! guessing its shape. They carry vocabulary ids, never display labels:
//! labels may be reworded, ids are stable.
//!
//! The `schemars` attributes are the schema: the Dutch `description`s are
//! what editors show, `with` names the vocabulary or pattern a text must
//! match (see [`super::schema`]). Doc comments are for developers and are
//! overridden by a `description` wherever the schema needs one. Contact,
//! gemeente and aanbieder are the model's own types: the export repeats
//! what the region file says, key for key.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::patterns::{Datum, Id, Tijdstip, VocabId};
use crate::resolve::Wijziging;
use crate::vocab::{Aandoening, Erkenning as ErkenningNiveau, Thema, VergoedingSoort, Wie};
use crate::vocab::{Verwijzing, Vorm};

pub use crate::model::{Aanbieder, Contact, Gemeente};

/// `<slug>/menukaart.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Menukaart van een zorggroep",
    description = "De gekozen leefstijlinterventies van één zorggroep, met de regionale afspraken (aanmelding en vergoeding) al toegepast. Gemaakt door menukaart; zie docs/export.md."
)]
pub struct MenukaartJson {
    /// Relative link to the schema, so editors can check the file.
    #[serde(rename = "$schema")]
    #[schemars(description = "Verwijzing naar dit schema, relatief aan het bestand.")]
    pub schema: String,
    #[schemars(
        description = "Versie van dit formaat. Het eerste getal verandert als een sleutel verdwijnt of iets anders gaat betekenen.",
        extend("const" = super::VERSIE)
    )]
    pub versie: String,
    /// When the build ran, or `SOURCE_DATE_EPOCH`.
    #[schemars(
        with = "Tijdstip",
        description = "Wanneer het bestand gemaakt is (UTC)."
    )]
    pub gemaakt: String,
    #[schemars(description = "De zorggroep: naam, contact en gemeenten.")]
    pub zorggroep: Zorggroep,
    #[schemars(description = "De interventies in de volgorde van de menukaart.")]
    pub interventie: Vec<Interventie>,
    /// `None` when there is no earlier edition. Editions frozen before
    /// editions compared anything lack the key: it reads as empty.
    #[serde(default)]
    #[schemars(
        with = "Option<Datum>",
        description = "Peildatum (jjjj-mm-dd) van de editie waarmee wijzigingen vergelijkt; null als er geen eerdere editie is."
    )]
    pub vorige_editie: Option<String>,
    #[serde(default)]
    #[schemars(
        description = "Wat er veranderd is sinds de vorige editie: nieuwe, vervallen en gewijzigde interventies."
    )]
    pub wijzigingen: Vec<Wijziging>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "zorggroep")]
pub struct Zorggroep {
    #[schemars(
        with = "Id",
        description = "Korte naam van de zorggroep: de naam van het regiobestand en de map op de website."
    )]
    pub slug: String,
    #[schemars(description = "Naam van de zorggroep.")]
    pub naam: String,
    #[schemars(description = "Website van de zorggroep.")]
    pub website: Option<String>,
    #[schemars(
        with = "Datum",
        description = "Datum waarop de zorggroep de gegevens heeft gecontroleerd."
    )]
    pub peildatum: String,
    #[schemars(
        with = "Option<Datum>",
        description = "Tot wanneer deze menukaart geldt; null: geen einddatum."
    )]
    pub geldig_tot: Option<String>,
    #[schemars(description = "Zorgverzekeraars met een contract in de regio.")]
    pub verzekeraars: Vec<String>,
    #[schemars(description = "Contact van de zorggroep.")]
    pub contact: Contact,
    #[schemars(description = "De gemeenten van de zorggroep, elk met zijn buurtsportcoach.")]
    pub gemeente: Vec<Gemeente>,
    #[schemars(description = "De menukaartpagina, relatief aan de map van de website.")]
    pub pad: String,
    #[schemars(
        description = "De menukaartpagina als volledig webadres; null als de website geen base_url heeft."
    )]
    pub url: Option<String>,
}

/// One intervention as the region offers it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "interventie",
    description = "Eén interventie zoals de zorggroep haar aanbiedt."
)]
pub struct Interventie {
    #[schemars(
        range(min = 1),
        description = "1 voor de eerste interventie op de menukaart."
    )]
    pub positie: usize,
    #[schemars(
        with = "Id",
        description = "Id van de interventie: de naam van het bestand."
    )]
    pub id: String,
    #[schemars(description = "Naam van de interventie.")]
    pub naam: String,
    #[schemars(
        length(min = 1, max = 200),
        description = "Korte beschrijving, hooguit 200 tekens."
    )]
    pub samenvatting: String,
    #[schemars(
        with = "Vec<VocabId<Thema>>",
        length(min = 1),
        description = "Thema's (id's), minstens één."
    )]
    pub themas: Vec<String>,
    #[schemars(with = "Vec<VocabId<Vorm>>", description = "Vormen (id's).")]
    pub vorm: Vec<String>,
    #[schemars(description = "Hoe lang de interventie duurt, als tekst.")]
    pub duur: Option<String>,
    #[schemars(description = "Website van de interventie.")]
    pub website: Option<String>,
    #[schemars(
        with = "Datum",
        description = "Datum waarop de landelijke gegevens zijn gecontroleerd."
    )]
    pub laatst_gecontroleerd: String,
    #[schemars(description = "Voor wie de interventie is.")]
    pub doelgroep: Doelgroep,
    /// One arrangement, or two: the regional one for the gemeenten in its
    /// `gemeenten`, then the national one for the other gemeenten.
    #[schemars(
        length(min = 1, max = 2),
        description = "Eén vergoeding, of twee: eerst die van de zorggroep voor de gemeenten in haar lijst, dan de landelijke voor de andere gemeenten."
    )]
    pub vergoeding: Vec<Vergoeding>,
    #[schemars(description = "Hoe een patiënt zich aanmeldt: de route die in deze regio geldt.")]
    pub aanmelding: Aanmelding,
    #[schemars(description = "Erkenning door Loket Gezond Leven; null: niet erkend.")]
    pub erkenning: Option<Erkenning>,
    /// Absent in editions frozen before sources were recorded.
    #[serde(default)]
    #[schemars(
        description = "Webadressen van de openbare pagina's waar de landelijke gegevens vandaan komen."
    )]
    pub bronnen: Vec<String>,
    #[schemars(description = "Regionale afspraak of notitie van de zorggroep.")]
    pub notitie: Option<String>,
    #[schemars(description = "Aanbieders van de interventie in de regio.")]
    pub aanbieder: Vec<Aanbieder>,
    #[schemars(
        description = "De pagina van de interventie bij deze zorggroep, relatief aan de map van de website."
    )]
    pub pad: String,
    #[schemars(description = "Dezelfde pagina als volledig webadres; null zonder base_url.")]
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "doelgroep")]
pub struct Doelgroep {
    #[schemars(description = "Voor wie de interventie is, in gewone woorden.")]
    pub omschrijving: String,
    #[schemars(description = "Laagste leeftijd; null: geen grens.")]
    pub leeftijd_min: Option<u32>,
    #[schemars(description = "Hoogste leeftijd; null: geen grens.")]
    pub leeftijd_max: Option<u32>,
    #[schemars(
        with = "Vec<VocabId<Aandoening>>",
        description = "Aandoeningen (id's) waarvoor de interventie bedoeld is."
    )]
    pub aandoeningen: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "vergoeding")]
pub struct Vergoeding {
    #[schemars(with = "VocabId<VergoedingSoort>", description = "Wie betaalt (id).")]
    pub soort: String,
    #[schemars(
        description = "true: gaat van het eigen risico af; false: niet; null: niet opgegeven."
    )]
    pub eigen_risico: Option<bool>,
    /// Editions written with versie 1.0 lack the cost keys: they read as
    /// empty.
    #[serde(default)]
    #[schemars(
        description = "Wat de patiënt zelf bijbetaalt, wie de rest ook betaalt; null: niets opgegeven."
    )]
    pub eigen_bijdrage: Option<String>,
    #[serde(default)]
    #[schemars(description = "Wat de patiënt betaalt zonder vergoeding; null: niet opgegeven.")]
    pub prijs: Option<String>,
    /// The same line as on the site and placemat, from [`crate::cost`].
    #[serde(default)]
    #[schemars(
        description = "Kosten voor de patiënt: dezelfde zin als op de website en de placemat, afgeleid uit soort, eigen_risico, eigen_bijdrage en prijs."
    )]
    pub kosten: String,
    #[serde(default)]
    #[schemars(description = "true alleen als de patiënt bij deze vergoeding niets betaalt.")]
    pub geen_kosten: bool,
    #[schemars(description = "Uitleg over de vergoeding.")]
    pub toelichting: Option<String>,
    #[schemars(description = "De gemeenten waar deze vergoeding geldt. Leeg: overal.")]
    pub gemeenten: Vec<String>,
    #[schemars(
        description = "true: een afspraak van de zorggroep; false: de landelijke vergoeding."
    )]
    pub regionaal: bool,
}

/// One step of the way in, with who acts when the data say so. Read back
/// also from the plain text that editions written before `wie` existed
/// hold (see [`StapOfText`]).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "stap",
    description = "Eén stap van de aanmelding: wie iets doet en wat er gebeurt."
)]
pub struct Stap {
    #[schemars(
        with = "Option<VocabId<Wie>>",
        description = "Wie deze stap doet (id); null: de gegevens zeggen het niet."
    )]
    pub wie: Option<String>,
    #[schemars(description = "Wat er gebeurt, als korte zin.")]
    pub wat: String,
}

/// A step as an older edition wrote it (a text) or as it is now.
#[derive(Deserialize)]
#[serde(untagged)]
enum StapOfText {
    Text(String),
    Full(StapFields),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StapFields {
    wie: Option<String>,
    wat: String,
}

impl<'de> Deserialize<'de> for Stap {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Stap, D::Error> {
        StapOfText::deserialize(d).map(Stap::from)
    }
}

impl From<StapOfText> for Stap {
    fn from(step: StapOfText) -> Stap {
        match step {
            StapOfText::Text(wat) => Stap { wie: None, wat },
            StapOfText::Full(StapFields { wie, wat }) => Stap { wie, wat },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "aanmelding")]
pub struct Aanmelding {
    #[schemars(
        with = "Option<VocabId<Verwijzing>>",
        description = "Wie verwijst (id); null: niet opgegeven."
    )]
    pub verwijzing: Option<String>,
    #[schemars(description = "De stappen om aan te melden, in volgorde.")]
    pub stappen: Vec<Stap>,
    #[schemars(description = "Naam van het verwijsproduct in Zorgdomein.")]
    pub zorgdomein: Option<String>,
    #[schemars(description = "Telefoonnummer om aan te melden.")]
    pub telefoon: Option<String>,
    #[schemars(description = "E-mailadres om aan te melden.")]
    pub email: Option<String>,
    #[schemars(description = "Webadres om aan te melden.")]
    pub url: Option<String>,
    #[schemars(description = "true: de route van de zorggroep; false: de landelijke route.")]
    pub regionaal: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "erkenning")]
pub struct Erkenning {
    #[schemars(
        with = "VocabId<ErkenningNiveau>",
        description = "Erkenningsniveau van Loket Gezond Leven (id)."
    )]
    pub niveau: String,
    #[schemars(
        description = "Webadres van de interventie in de databank van Loket Gezond Leven; null als het niet is opgegeven."
    )]
    #[serde(default)]
    pub url: Option<String>,
}

/// `interventies.json`: the national catalogue, without regional choices.
/// It has no schema of its own; its parts are those of `menukaart.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterventiesJson {
    pub versie: String,
    pub gemaakt: String,
    /// Sorted by name.
    pub interventie: Vec<LandelijkeInterventie>,
}

/// One national intervention: the keys of [`Interventie`] without the
/// regional ones, one vergoeding, and the description and regions.
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
    pub bronnen: Vec<String>,
    /// The Markdown body, rendered to safe HTML.
    pub beschrijving_html: String,
    /// Slugs of the zorggroepen that chose it.
    pub regios: Vec<String>,
    pub pad: String,
    pub url: Option<String>,
}

/// A small regional intervention with every list empty, for unit tests.
#[cfg(test)]
pub(crate) fn sample() -> Interventie {
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
        bronnen: vec![],
        notitie: None,
        aanbieder: vec![],
        pad: "r/x/".into(),
        url: None,
    }
}
