//! Readers for the parts that intervention and region files share:
//! aanmelding, vergoeding and contact details.

use super::fields::{Reader, Table};
use crate::model::{Aanmelding, Contact, Vergoeding};
use crate::vocab::VergoedingSoort;

pub const AANMELDING_KEYS: &[&str] = &[
    "verwijzing",
    "stappen",
    "zorgdomein",
    "telefoon",
    "email",
    "url",
];

/// `[aanmelding]`: at least one way in (stappen, url, telefoon or email).
pub fn aanmelding(r: &mut Reader, t: &Table) -> Option<Aanmelding> {
    t.check_keys(r, AANMELDING_KEYS);
    let a = Aanmelding {
        verwijzing: t.vocab(r, "verwijzing"),
        stappen: t
            .string_list(r, "stappen")
            .unwrap_or_default()
            .into_iter()
            .map(|(s, _)| s)
            .collect(),
        zorgdomein: t.text(r, "zorgdomein"),
        telefoon: t.phone(r, "telefoon"),
        email: t.email(r, "email"),
        url: t.url(r, "url"),
    };
    let has_way_in = ["stappen", "url", "telefoon", "email"]
        .iter()
        .any(|k| t.get(k).is_some());
    if !has_way_in {
        let span = t.span.clone();
        r.error(
            &span,
            format!("[{}] zegt niet hoe een patiënt zich aanmeldt", t.name),
        )
        .hint = Some("voeg minstens één toe: stappen = [\"…\"], url, telefoon of email".into());
        return None;
    }
    Some(a)
}

pub const VERGOEDING_KEYS: &[&str] = &["soort", "eigen_risico", "toelichting"];
pub const REGIONAL_VERGOEDING_KEYS: &[&str] =
    &["soort", "eigen_risico", "toelichting", "gemeenten"];

/// `[vergoeding]`; `wisselend` needs a toelichting.
pub fn vergoeding(r: &mut Reader, t: &Table, regional: bool) -> Option<Vergoeding> {
    t.check_keys(
        r,
        if regional {
            REGIONAL_VERGOEDING_KEYS
        } else {
            VERGOEDING_KEYS
        },
    );
    let soort = t.required_vocab::<VergoedingSoort>(r, "soort");
    let eigen_risico = t.boolean(r, "eigen_risico");
    let toelichting = t.text(r, "toelichting");
    let gemeenten = if regional {
        t.string_list(r, "gemeenten")
            .unwrap_or_default()
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    } else {
        Vec::new()
    };
    if soort == Some(VergoedingSoort::Wisselend) && toelichting.is_none() {
        let span = t.get("soort").map(|v| v.span()).unwrap_or(t.span.clone());
        r.error(&span, "bij soort = \"wisselend\" hoort een toelichting")
            .hint = Some("leg in toelichting = \"…\" uit bij welke verzekeraar of gemeente het wel of niet vergoed wordt".into());
    }
    Some(Vergoeding {
        soort: soort?,
        eigen_risico,
        toelichting,
        gemeenten,
    })
}

pub const CONTACT_KEYS: &[&str] = &["naam", "email", "telefoon"];

/// `[contact]` or `[gemeente.buurtsportcoach]`: a name and a way to reach them.
pub fn contact(r: &mut Reader, t: &Table) -> Contact {
    t.check_keys(r, CONTACT_KEYS);
    let c = Contact {
        naam: t.text(r, "naam"),
        email: t.email(r, "email"),
        telefoon: t.phone(r, "telefoon"),
    };
    if t.get("email").is_none() && t.get("telefoon").is_none() {
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
    c
}
