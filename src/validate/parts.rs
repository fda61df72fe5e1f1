//! The tables that intervention and region files share: aanmelding,
//! vergoeding and contact details, declared once for both, with the rules
//! that need more than one key.

use super::keys::{key, required, terms, Kind, TableSpec, Variant};
use super::section::{section, table_field};
use crate::model::{Aanmelding, Contact, Stap, Vergoeding};
use crate::vocab::{VergoedingSoort, Verwijzing, Wie};

/// One step of `stappen` written as a table: who acts, and what happens.
pub(crate) static STAP: TableSpec = TableSpec {
    name: "aanmelding.stappen",
    description: "Eén stap van de aanmelding: wie iets doet en wat er gebeurt.",
    rows: Stap::KEYS,
    variant: None,
    at_least_one: &[],
};

section! {
    impl Stap {
        fn read(r, t, spec);
        keys {
            wie: key(Kind::Vocab(terms::<Wie>), "Wie deze stap doet."),
            wat: required(Kind::Text, "Wat er gebeurt, als korte zin.").example("\"POH mailt de buurtsportcoach\"").readable(),
        }
    }
}

/// `[vergoeding]`: who pays, nationally.
pub(crate) static VERGOEDING: TableSpec = TableSpec {
    name: "vergoeding",
    description: "Wie de interventie betaalt.",
    rows: Vergoeding::KEYS,
    variant: Some(Variant::National),
    at_least_one: &[],
};

/// `[interventie.vergoeding]`: a region's own reimbursement.
pub(crate) static REGIONAL_VERGOEDING: TableSpec = TableSpec {
    name: "interventie.vergoeding",
    description:
        "Regionale vergoeding die de landelijke vervangt, bijvoorbeeld als de gemeente betaalt.",
    rows: Vergoeding::KEYS,
    variant: Some(Variant::Regional),
    at_least_one: &[],
};

section! {
    impl Vergoeding {
        fn read(r, t, spec);
        keys {
            soort: required(Kind::Vocab(terms::<VergoedingSoort>), "Wie betaalt. Bij \"wisselend\" is toelichting verplicht; bij \"eigen-kosten\" en \"aanvullende-verzekering\" is prijs verplicht."),
            eigen_risico: key(Kind::Boolean, "Alleen bij soort = \"basisverzekering\": true als de kosten van het eigen risico van de patiënt afgaan, false als dat niet zo is. Laat weg als het niet bekend is."),
            eigen_bijdrage: key(Kind::Text, "Wat de patiënt zelf bijbetaalt, wie de rest ook betaalt, bijvoorbeeld \"€ 30 voor de hele cursus\"."),
            prijs: key(Kind::Text, "Wat de patiënt betaalt zonder vergoeding, bijvoorbeeld \"€ 25 per deelnemer\". Verplicht bij soort = \"eigen-kosten\" en \"aanvullende-verzekering\"."),
            toelichting: key(Kind::Text, "Uitleg over de vergoeding, bijvoorbeeld bij welke verzekeraar of gemeente. Verplicht bij soort = \"wisselend\".").readable(),
            gemeenten: key(Kind::TextList, "Alleen in deze gemeenten geldt deze vergoeding. Gebruik de namen uit de [[gemeente]]-blokken. Laat weg als het in de hele regio geldt.").regional(),
        }
        check {
            if soort == Some(VergoedingSoort::Wisselend) && toelichting.is_none() {
                let span = t.get("soort").map(|v| v.span()).unwrap_or(t.span.clone());
                r.error(&span, "bij soort = \"wisselend\" hoort een toelichting")
                    .hint = Some("leg in toelichting = \"…\" uit bij welke verzekeraar of gemeente het wel of niet vergoed wordt".into());
            }
        }
        then |v| {
            for (key, message, hint) in crate::cost::contradictions(v) {
                let span = t.get(key).map_or(t.span.clone(), |v| v.span());
                r.error(&span, message).hint = Some(hint);
            }
        }
    }
}
table_field!(Vergoeding);

/// `[aanmelding]`: how a patient gets in, nationally.
pub(crate) static AANMELDING: TableSpec = TableSpec {
    name: "aanmelding",
    description: "Hoe een patiënt bij de interventie komt. Noem minstens één manier: stappen, url, telefoon of email.",
    rows: Aanmelding::KEYS,
    variant: Some(Variant::National),
    at_least_one: WAYS_IN,
};

/// `[interventie.aanmelding]`: a region's own route.
pub(crate) static REGIONAL_AANMELDING: TableSpec = TableSpec {
    name: "interventie.aanmelding",
    description: "Regionale route die de landelijke aanmelding helemaal vervangt. Noem minstens één manier: stappen, url, telefoon of email.",
    rows: Aanmelding::KEYS,
    variant: Some(Variant::Regional),
    at_least_one: WAYS_IN,
};

/// An aanmelding names at least one of these.
const WAYS_IN: &[&str] = &["stappen", "url", "telefoon", "email"];

section! {
    impl Aanmelding {
        fn read(r, t, spec);
        keys {
            verwijzing: key(Kind::Vocab(terms::<Verwijzing>), "Wie de patiënt verwijst, of \"geen\" als de patiënt zichzelf aanmeldt."),
            stappen: key(Kind::Steps(&STAP), "De stappen van de aanmelding, in volgorde, elk als korte zin. Zeg wie iets doet: { wie = \"poh\", wat = \"POH mailt de buurtsportcoach\" }.").readable(),
            zorgdomein: key(Kind::Text, "Naam van het product in Zorgdomein, als de verwijzing via Zorgdomein loopt."),
            telefoon: key(Kind::Phone, "Telefoonnummer voor aanmelden of vragen, bijvoorbeeld \"0000-000000\"."),
            email: key(Kind::Email, "E-mailadres voor aanmelden of vragen."),
            url: key(Kind::Url, "Webadres van het aanmeldformulier of de aanmeldpagina."),
        }
        check {
            if !spec.at_least_one.iter().any(|k| t.get(k).is_some()) {
                let span = t.span.clone();
                r.error(
                    &span,
                    format!("[{}] zegt niet hoe een patiënt zich aanmeldt", t.name),
                )
                .hint = Some("voeg minstens één toe: stappen = [\"…\"], url, telefoon of email".into());
                return None;
            }
        }
    }
}
table_field!(Aanmelding);

/// `[contact]` of a zorggroep.
pub(crate) static CONTACT: TableSpec = TableSpec {
    name: "contact",
    description: "Contactgegevens: een naam en een e-mailadres of telefoonnummer.",
    rows: Contact::KEYS,
    variant: None,
    at_least_one: &["email", "telefoon"],
};

/// `[gemeente.buurtsportcoach]`: contact details like [`CONTACT`].
pub(crate) static BUURTSPORTCOACH: TableSpec = TableSpec {
    name: "gemeente.buurtsportcoach",
    description:
        "De buurtsportcoach van de gemeente: een naam en een e-mailadres of telefoonnummer.",
    rows: Contact::KEYS,
    variant: None,
    at_least_one: &["email", "telefoon"],
};

section! {
    impl Contact {
        fn read(r, t, spec);
        keys {
            naam: key(Kind::Text, "Naam van de persoon of het team."),
            email: key(Kind::Email, "E-mailadres."),
            telefoon: key(Kind::Phone, "Telefoonnummer, bijvoorbeeld \"0000-000000\"."),
        }
        check {
            if !spec.at_least_one.iter().any(|k| t.get(k).is_some()) {
                let span = t.span.clone();
                r.error(
                    &span,
                    format!("[{}] heeft geen e-mailadres of telefoonnummer", t.name),
                )
                .hint = Some(
                    "voeg email = \"…\" of telefoon = \"…\" toe, zodat mensen contact kunnen opnemen"
                        .into(),
                );
            }
        }
    }
}
table_field!(Contact, Default);
