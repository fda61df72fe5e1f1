//! Validates one intervention file (`interventions/<id>.md`): its tables
//! and the rules that need more than one key.

use std::path::Path;

use super::fields::{Reader, Table};
use super::keys::{key, required, terms, Kind, TableSpec};
use super::parse_toml;
use super::parts::{AANMELDING, VERGOEDING};
use super::section::{section, table_field};
use crate::diagnostics::Diagnostics;
use crate::load::InterventionFile;
use crate::model::{Doelgroep, Erkend, Intervention};
use crate::vocab::{Aandoening, Erkenning, Thema, Vorm};

/// Longest samenvatting that still fits on a placemat card.
pub const MAX_SAMENVATTING: usize = 200;

/// The front matter of `interventions/<id>.md`.
pub(crate) static INTERVENTION: TableSpec = TableSpec {
    name: "",
    description: "Eén leefstijlinterventie uit de landelijke lijst: de gegevens tussen de regels +++ bovenaan interventions/<id>.md.",
    rows: Intervention::KEYS,
    variant: None,
    at_least_one: &[],
};

/// What an intervention is besides its front matter.
pub(crate) struct File<'f> {
    id: String,
    id_ok: bool,
    path: &'f Path,
    body: &'f str,
}

section! {
    impl Intervention {
        fn read(r, t, spec, origin: &File);
        keys {
            naam: required(Kind::Text, "Volledige naam van de interventie, zoals patiënten en verwijzers die kennen.").example("\"Naam van de interventie\""),
            samenvatting: required(Kind::ShortText { max: MAX_SAMENVATTING, why: "zodat hij op de placemat past; de rest kan in de beschrijving onder +++" }, "Eén of twee korte zinnen over wat de interventie is. Hoogstens 200 tekens, zodat het op de placemat past.").example("\"Eén of twee korte zinnen.\"").readable(),
            themas: required(Kind::VocabList(terms::<Thema>), "Leefstijlthema's waar de interventie aan werkt; minstens één."),
            vorm: key(Kind::VocabList(terms::<Vorm>), "Hoe de interventie gegeven wordt: in een groep, individueel, online of thuis."),
            duur: key(Kind::Text, "Hoe lang de interventie duurt, bijvoorbeeld \"24 maanden\" of \"8 weken\"."),
            website: key(Kind::Url, "Website met meer informatie over de interventie."),
            laatst_gecontroleerd: required(Kind::Date, "Datum waarop iemand de gegevens voor het laatst heeft nagekeken, als jjjj-mm-dd zonder aanhalingstekens. check waarschuwt als die datum ouder is dan controle_maanden (standaard 12 maanden)."),
            doelgroep: required(Kind::Table(&DOELGROEP), "Voor wie de interventie bedoeld is."),
            vergoeding: required(Kind::Table(&VERGOEDING), "Wie de interventie betaalt, landelijk."),
            aanmelding: required(Kind::Table(&AANMELDING), "Hoe een patiënt bij de interventie komt, landelijk."),
            bronnen: required(Kind::UrlList, "Webadressen van de openbare pagina's waar de gegevens van deze interventie vandaan komen, bijvoorbeeld Loket Gezond Leven of de vergoedingenpagina van een zorgverzekeraar. Minstens één.").example("[\"https://www.loketgezondleven.nl/\"]"),
            erkenning: key(Kind::Table(&ERKENNING), "Erkenning in de databank van Loket Gezond Leven (RIVM). Laat weg als de interventie niet erkend is."),
        }
        check {
            if !origin.id_ok {
                return None;
            }
        }
        given {
            laatst_gecontroleerd_at: r.location(&laatst_gecontroleerd.as_ref()?.1),
            id: origin.id.clone(),
            file: origin.path.to_path_buf(),
            body: origin.body.to_string(),
        }
    }
}

/// `[doelgroep]`.
pub(crate) static DOELGROEP: TableSpec = TableSpec {
    name: "doelgroep",
    description: "Voor wie de interventie bedoeld is.",
    rows: Doelgroep::KEYS,
    variant: None,
    at_least_one: &[],
};

/// The age range a doelgroep can name.
const AGE: Kind = Kind::Integer {
    min: 0,
    max: 120,
    what: "een leeftijd",
};

section! {
    impl Doelgroep {
        fn read(r, t, spec);
        keys {
            omschrijving: required(Kind::Text, "Beschrijving van de doelgroep in gewone woorden, bijvoorbeeld \"Volwassenen met een BMI van 30 of hoger\".").example("\"Voor wie is het?\"").readable(),
            leeftijd_min: key(AGE, "Jongste leeftijd in jaren (0 tot en met 120)."),
            leeftijd_max: key(AGE, "Oudste leeftijd in jaren (0 tot en met 120); niet lager dan leeftijd_min."),
            aandoeningen: key(Kind::VocabList(terms::<Aandoening>), "Aandoeningen of klachten waarvoor de interventie geschikt is."),
        }
        check {
            if let (Some((min, _)), Some((max, span))) = (&leeftijd_min, &leeftijd_max) {
                if min > max {
                    r.error(
                        span,
                        format!("leeftijd_max ({max}) is lager dan leeftijd_min ({min})"),
                    )
                    .hint = Some("draai de twee leeftijden om".into());
                }
            }
        }
    }
}
table_field!(Doelgroep);

section! {
    impl Erkend {
        fn read(r, t, spec);
        keys {
            niveau: required(Kind::Vocab(terms::<Erkenning>), "Het erkenningsniveau zoals in de databank van Loket Gezond Leven.").example("\"goed-onderbouwd\""),
            url: key(Kind::Url, "Webadres van de interventie in de databank van Loket Gezond Leven, zodat een verwijzer de erkenning kan nakijken."),
        }
    }
}
table_field!(Erkend);

/// `[erkenning]`: the level and the databank entry, read as [`Intervention::erkenning`].
pub(crate) static ERKENNING: TableSpec = TableSpec {
    name: "erkenning",
    description: "Erkenning door Loket Gezond Leven (RIVM).",
    rows: Erkend::KEYS,
    variant: None,
    at_least_one: &[],
};

pub fn intervention(file: &InterventionFile, diags: &mut Diagnostics) -> Option<Intervention> {
    let source = &file.source;
    let (id, id_ok) = super::file_id(&source.path, "geen geldige id", diags);
    let mut r = Reader::new(source, file.front_matter.start, diags);
    let parsed = parse_toml(&mut r, file.front_matter_text())?;
    let context = File {
        id,
        id_ok,
        path: &source.path,
        body: file.body(),
    };
    Intervention::read(&mut r, &Table::root(&parsed), &INTERVENTION, &context)
}
