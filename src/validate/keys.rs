//! Every key users may write, per table, with its type and a Dutch
//! description.
//!
//! The validators check unknown keys against these tables, and
//! [`crate::schema`] turns the same tables into JSON Schemas for editors.
//! Keeping one list means the schema an editor completes from and the keys
//! `check` accepts can never drift apart.

use crate::vocab::{Aandoening, Erkenning, Thema, VergoedingSoort, Verwijzing, Vocabulary, Vorm};

/// What kind of value a key holds.
#[derive(Clone, Copy)]
pub enum Kind {
    /// Plain text between quotes.
    Text,
    /// Text that may use Markdown.
    Markdown,
    /// A text with at most this many characters.
    ShortText(usize),
    /// A web address starting with `http://` or `https://`.
    Url,
    Email,
    /// A Dutch phone number.
    Phone,
    /// A TOML date without quotes: `2026-09-01`.
    Date,
    Integer {
        min: i64,
        max: i64,
    },
    Boolean,
    /// A list of texts.
    TextList,
    /// An id in `interventions/`: lowercase letters, digits and hyphens.
    Id,
    /// One value from a fixed list: (id, Dutch label) pairs.
    Vocab(fn() -> Vec<(&'static str, &'static str)>),
    /// A list of values from a fixed list, each at most once.
    VocabList(fn() -> Vec<(&'static str, &'static str)>),
    /// One of these exact texts.
    OneOf(&'static [&'static str]),
    /// A sub-table: `[doelgroep]`.
    Table(&'static TableSpec),
    /// A list of tables: `[[gemeente]]`.
    Tables(&'static TableSpec),
}

/// One key of a table.
#[derive(Clone, Copy)]
pub struct Key {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// Dutch, B1: what the key is for, shown by editors on hover.
    pub description: &'static str,
}

/// A table (or the top of a file) and the keys it accepts.
pub struct TableSpec {
    /// Dotted name as messages show it: `interventie.aanbieder`; empty for the file itself.
    pub name: &'static str,
    pub description: &'static str,
    pub keys: &'static [Key],
    /// At least one of these keys must be present (empty: no such rule).
    pub at_least_one: &'static [&'static str],
}

impl TableSpec {
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.keys.iter().map(|k| k.name)
    }

    pub fn get(&self, name: &str) -> Option<&Key> {
        self.keys.iter().find(|k| k.name == name)
    }
}

/// The (id, label) pairs of a vocabulary, for schemas and documentation.
pub fn terms<V: Vocabulary>() -> Vec<(&'static str, &'static str)> {
    V::ALL.iter().map(|v| (v.id(), v.label())).collect()
}

const fn key(name: &'static str, kind: Kind, description: &'static str) -> Key {
    Key {
        name,
        kind,
        required: false,
        description,
    }
}

const fn required(name: &'static str, kind: Kind, description: &'static str) -> Key {
    Key {
        name,
        kind,
        required: true,
        description,
    }
}

/// Default for `controle_maanden` in `menukaart.toml`.
pub const DEFAULT_CONTROLE_MAANDEN: i64 = 12;

/// `menukaart.toml`.
pub static CONFIG: TableSpec = TableSpec {
    name: "",
    description: "Instellingen van de hele site (menukaart.toml).",
    keys: &[
        key("titel", Kind::Text, "Titel van de site, bovenaan elke pagina en op de placemats. Standaard: \"Menukaart leefstijl\"."),
        key("base_url", Kind::Url, "Webadres waar de site komt te staan, bijvoorbeeld \"https://menukaart.example.nl/\". Nodig voor sitemap.xml en de QR-codes op de placemats."),
        key("taal", Kind::OneOf(&["nl"]), "Taal van de pagina's. Alleen \"nl\" (Nederlands) wordt ondersteund."),
        key("theme", Kind::Text, "Naam van het thema (de opmaak) voor de hele site. Standaard: \"default\". Een eigen thema staat in themes/<naam>/."),
        key("controle_maanden", Kind::Integer { min: 1, max: 120 }, "Na hoeveel maanden gegevens als verouderd gelden. check en build waarschuwen als laatst_gecontroleerd van een interventie, of de peildatum van een zorggroep zonder geldig_tot, ouder is. Standaard: 12."),
    ],
    at_least_one: &[],
};

/// The front matter of `interventions/<id>.md`.
pub static INTERVENTION: TableSpec = TableSpec {
    name: "",
    description: "Eén leefstijlinterventie uit de landelijke lijst: de gegevens tussen de regels +++ bovenaan interventions/<id>.md.",
    keys: &[
        required("naam", Kind::Text, "Volledige naam van de interventie, zoals patiënten en verwijzers die kennen."),
        required("samenvatting", Kind::ShortText(crate::validate::MAX_SAMENVATTING), "Eén of twee korte zinnen over wat de interventie is. Hoogstens 200 tekens, zodat het op de placemat past."),
        required("themas", Kind::VocabList(terms::<Thema>), "Leefstijlthema's waar de interventie aan werkt; minstens één."),
        key("vorm", Kind::VocabList(terms::<Vorm>), "Hoe de interventie gegeven wordt: in een groep, individueel, online of thuis."),
        key("duur", Kind::Text, "Hoe lang de interventie duurt, bijvoorbeeld \"24 maanden\" of \"8 weken\"."),
        key("website", Kind::Url, "Website met meer informatie over de interventie."),
        required("laatst_gecontroleerd", Kind::Date, "Datum waarop iemand de gegevens voor het laatst heeft nagekeken, als jjjj-mm-dd zonder aanhalingstekens. check waarschuwt als die datum ouder is dan controle_maanden (standaard 12 maanden)."),
        required("doelgroep", Kind::Table(&DOELGROEP), "Voor wie de interventie bedoeld is."),
        required("vergoeding", Kind::Table(&VERGOEDING), "Wie de interventie betaalt, landelijk."),
        required("aanmelding", Kind::Table(&AANMELDING), "Hoe een patiënt bij de interventie komt, landelijk."),
        key("erkenning", Kind::Table(&ERKENNING), "Erkenning in de databank van Loket Gezond Leven (RIVM). Laat weg als de interventie niet erkend is."),
    ],
    at_least_one: &[],
};

pub static DOELGROEP: TableSpec = TableSpec {
    name: "doelgroep",
    description: "Voor wie de interventie bedoeld is.",
    keys: &[
        required("omschrijving", Kind::Text, "Beschrijving van de doelgroep in gewone woorden, bijvoorbeeld \"Volwassenen met een BMI van 30 of hoger\"."),
        key("leeftijd_min", Kind::Integer { min: 0, max: 120 }, "Jongste leeftijd in jaren (0 tot en met 120)."),
        key("leeftijd_max", Kind::Integer { min: 0, max: 120 }, "Oudste leeftijd in jaren (0 tot en met 120); niet lager dan leeftijd_min."),
        key("aandoeningen", Kind::VocabList(terms::<Aandoening>), "Aandoeningen of klachten waarvoor de interventie geschikt is."),
    ],
    at_least_one: &[],
};

pub static VERGOEDING: TableSpec = TableSpec {
    name: "vergoeding",
    description: "Wie de interventie betaalt.",
    keys: VERGOEDING_KEYS,
    at_least_one: &[],
};

const VERGOEDING_KEYS: &[Key] = &[
    required("soort", Kind::Vocab(terms::<VergoedingSoort>), "Wie betaalt. Bij \"wisselend\" is toelichting verplicht; bij \"eigen-kosten\" en \"aanvullende-verzekering\" is prijs verplicht."),
    key("eigen_risico", Kind::Boolean, "Alleen bij soort = \"basisverzekering\": true als de kosten van het eigen risico van de patiënt afgaan, false als dat niet zo is. Laat weg als het niet bekend is."),
    key("eigen_bijdrage", Kind::Text, "Wat de patiënt zelf bijbetaalt, wie de rest ook betaalt, bijvoorbeeld \"€ 30 voor de hele cursus\"."),
    key("prijs", Kind::Text, "Wat de patiënt betaalt zonder vergoeding, bijvoorbeeld \"€ 25 per deelnemer\". Verplicht bij soort = \"eigen-kosten\" en \"aanvullende-verzekering\"."),
    key("toelichting", Kind::Text, "Uitleg over de vergoeding, bijvoorbeeld bij welke verzekeraar of gemeente. Verplicht bij soort = \"wisselend\"."),
];

/// `[interventie.vergoeding]`: a region's own reimbursement.
pub static REGIONAL_VERGOEDING: TableSpec = TableSpec {
    name: "interventie.vergoeding",
    description: "Regionale vergoeding die de landelijke vervangt, bijvoorbeeld als de gemeente betaalt.",
    keys: &[
        VERGOEDING_KEYS[0],
        VERGOEDING_KEYS[1],
        VERGOEDING_KEYS[2],
        VERGOEDING_KEYS[3],
        VERGOEDING_KEYS[4],
        key("gemeenten", Kind::TextList, "Alleen in deze gemeenten geldt deze vergoeding. Gebruik de namen uit de [[gemeente]]-blokken. Laat weg als het in de hele regio geldt."),
    ],
    at_least_one: &[],
};

const AANMELDING_KEYS: &[Key] = &[
    key(
        "verwijzing",
        Kind::Vocab(terms::<Verwijzing>),
        "Wie de patiënt verwijst, of \"geen\" als de patiënt zichzelf aanmeldt.",
    ),
    key(
        "stappen",
        Kind::TextList,
        "De stappen van de aanmelding, in volgorde, elk als korte zin.",
    ),
    key(
        "zorgdomein",
        Kind::Text,
        "Naam van het product in Zorgdomein, als de verwijzing via Zorgdomein loopt.",
    ),
    key(
        "telefoon",
        Kind::Phone,
        "Telefoonnummer voor aanmelden of vragen, bijvoorbeeld \"0000-000000\".",
    ),
    key(
        "email",
        Kind::Email,
        "E-mailadres voor aanmelden of vragen.",
    ),
    key(
        "url",
        Kind::Url,
        "Webadres van het aanmeldformulier of de aanmeldpagina.",
    ),
];

pub static AANMELDING: TableSpec = TableSpec {
    name: "aanmelding",
    description: "Hoe een patiënt bij de interventie komt. Noem minstens één manier: stappen, url, telefoon of email.",
    keys: AANMELDING_KEYS,
    at_least_one: &["stappen", "url", "telefoon", "email"],
};

/// `[interventie.aanmelding]`: a region's own route.
pub static REGIONAL_AANMELDING: TableSpec = TableSpec {
    name: "interventie.aanmelding",
    description: "Regionale route die de landelijke aanmelding helemaal vervangt. Noem minstens één manier: stappen, url, telefoon of email.",
    keys: AANMELDING_KEYS,
    at_least_one: &["stappen", "url", "telefoon", "email"],
};

pub static ERKENNING: TableSpec = TableSpec {
    name: "erkenning",
    description: "Erkenning door Loket Gezond Leven (RIVM).",
    keys: &[key(
        "niveau",
        Kind::Vocab(terms::<Erkenning>),
        "Het erkenningsniveau zoals in de databank van Loket Gezond Leven.",
    )],
    at_least_one: &[],
};

/// `regions/<slug>.toml`.
pub static REGION: TableSpec = TableSpec {
    name: "",
    description: "Eén zorggroep: de gekozen interventies en de regionale gegevens (regions/<slug>.toml).",
    keys: &[
        required("naam", Kind::Text, "Naam van de zorggroep, bijvoorbeeld \"Zorggroep Voorbeeld\"."),
        key("intro", Kind::Markdown, "Korte inleiding bovenaan de menukaart: waarom deze keuze, wie koos. Markdown mag."),
        key("website", Kind::Url, "Website van de zorggroep."),
        required("peildatum", Kind::Date, "Datum waarop de gegevens zijn gecontroleerd, als jjjj-mm-dd zonder aanhalingstekens. Staat op de site en de placemat."),
        key("geldig_tot", Kind::Date, "Laatste dag dat de menukaart klopt. Daarna waarschuwt build en meldt de site dat de gegevens verouderd kunnen zijn; 30 dagen ervoor waarschuwt check al."),
        key("theme", Kind::Text, "Thema (opmaak) voor deze zorggroep; zonder deze regel geldt het thema uit menukaart.toml."),
        key("verzekeraars", Kind::TextList, "Zorgverzekeraars met een contract in de regio."),
        key("contact", Kind::Table(&CONTACT), "Contactgegevens van de zorggroep; die staan onderaan de placemat."),
        key("gemeente", Kind::Tables(&GEMEENTE), "Een gemeente in de regio. Herhaal [[gemeente]] voor elke gemeente."),
        key("interventie", Kind::Tables(&ENTRY), "Een gekozen interventie. Herhaal [[interventie]] voor elke interventie op de menukaart."),
    ],
    at_least_one: &[],
};

pub static CONTACT: TableSpec = TableSpec {
    name: "contact",
    description: "Contactgegevens: een naam en een e-mailadres of telefoonnummer.",
    keys: CONTACT_KEYS,
    at_least_one: &["email", "telefoon"],
};

const CONTACT_KEYS: &[Key] = &[
    key("naam", Kind::Text, "Naam van de persoon of het team."),
    key("email", Kind::Email, "E-mailadres."),
    key(
        "telefoon",
        Kind::Phone,
        "Telefoonnummer, bijvoorbeeld \"0000-000000\".",
    ),
];

pub static GEMEENTE: TableSpec = TableSpec {
    name: "gemeente",
    description: "Een gemeente in de regio van de zorggroep.",
    keys: &[
        required("naam", Kind::Text, "Naam van de gemeente, bijvoorbeeld \"Oss\"."),
        key("buurtsportcoach", Kind::Table(&BUURTSPORTCOACH), "De buurtsportcoach van deze gemeente. Routes via de buurtsportcoach verwijzen hiernaar."),
    ],
    at_least_one: &[],
};

pub static BUURTSPORTCOACH: TableSpec = TableSpec {
    name: "gemeente.buurtsportcoach",
    description:
        "De buurtsportcoach van de gemeente: een naam en een e-mailadres of telefoonnummer.",
    keys: CONTACT_KEYS,
    at_least_one: &["email", "telefoon"],
};

pub static ENTRY: TableSpec = TableSpec {
    name: "interventie",
    description: "Een interventie die de zorggroep gekozen heeft, met de regionale gegevens.",
    keys: &[
        required("id", Kind::Id, "De id van de interventie: de bestandsnaam in interventions/ zonder .md, bijvoorbeeld \"gli-cool\"."),
        key("volgorde", Kind::Integer { min: i64::MIN, max: i64::MAX }, "Plaats op de menukaart en de placemat: lager komt eerder."),
        key("notitie", Kind::Text, "Regionale afspraak of tip voor verwijzers."),
        key("aanbieder", Kind::Tables(&AANBIEDER), "Een aanbieder in de regio. Herhaal [[interventie.aanbieder]] voor elke aanbieder."),
        key("aanmelding", Kind::Table(&REGIONAL_AANMELDING), "Regionale route; vervangt de landelijke [aanmelding] helemaal."),
        key("vergoeding", Kind::Table(&REGIONAL_VERGOEDING), "Regionale vergoeding; vervangt de landelijke [vergoeding] helemaal."),
    ],
    at_least_one: &[],
};

pub static AANBIEDER: TableSpec = TableSpec {
    name: "interventie.aanbieder",
    description: "Een praktijk of organisatie die de interventie in de regio geeft.",
    keys: &[
        required("naam", Kind::Text, "Naam van de praktijk of organisatie."),
        key("plaats", Kind::Text, "Plaats waar de aanbieder zit."),
        key(
            "telefoon",
            Kind::Phone,
            "Telefoonnummer, bijvoorbeeld \"0000-000000\".",
        ),
        key("email", Kind::Email, "E-mailadres."),
        key("website", Kind::Url, "Website van de aanbieder."),
    ],
    at_least_one: &[],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(spec: &'static TableSpec, seen: &mut Vec<&'static str>) {
        let mut names: Vec<_> = spec.names().collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "duplicate key in [{}]", spec.name);
        for name in spec.at_least_one {
            assert!(
                spec.get(name).is_some(),
                "[{}] needs unknown key {name}",
                spec.name
            );
        }
        seen.push(spec.name);
        for k in spec.keys {
            assert!(!k.description.is_empty(), "{} has no description", k.name);
            if let Kind::Table(t) | Kind::Tables(t) = k.kind {
                walk(t, seen);
            }
        }
    }

    #[test]
    fn tables_are_consistent() {
        let mut seen = Vec::new();
        for spec in [&CONFIG, &INTERVENTION, &REGION] {
            walk(spec, &mut seen);
        }
        assert!(seen.contains(&"interventie.aanbieder"));
    }
}
