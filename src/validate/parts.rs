//! Readers for the parts that intervention and region files share:
//! aanmelding, vergoeding and contact details.

use super::fields::{Reader, Table};
use super::keys;
use crate::model::{Aanmelding, Contact, Vergoeding};
use crate::vocab::VergoedingSoort;

/// `[aanmelding]`: at least one way in (stappen, url, telefoon or email).
pub fn aanmelding(r: &mut Reader, t: &Table) -> Option<Aanmelding> {
    t.check_keys(
        r,
        if t.name == keys::REGIONAL_AANMELDING.name {
            &keys::REGIONAL_AANMELDING
        } else {
            &keys::AANMELDING
        },
    );
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
    let has_way_in = keys::AANMELDING
        .at_least_one
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

/// `[vergoeding]`; `wisselend` needs a toelichting.
pub fn vergoeding(r: &mut Reader, t: &Table, regional: bool) -> Option<Vergoeding> {
    t.check_keys(
        r,
        if regional {
            &keys::REGIONAL_VERGOEDING
        } else {
            &keys::VERGOEDING
        },
    );
    let soort = t.required_vocab::<VergoedingSoort>(r, "soort");
    let eigen_risico = t.boolean(r, "eigen_risico");
    let eigen_bijdrage = t.text(r, "eigen_bijdrage");
    let prijs = t.text(r, "prijs");
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
    let v = Vergoeding {
        soort: soort?,
        eigen_risico,
        eigen_bijdrage,
        prijs,
        toelichting,
        gemeenten,
    };
    for (key, message, hint) in crate::cost::contradictions(&v) {
        let span = t.get(key).map_or(t.span.clone(), |v| v.span());
        r.error(&span, message).hint = Some(hint);
    }
    Some(v)
}

/// `[contact]` or `[gemeente.buurtsportcoach]`: a name and a way to reach them.
pub fn contact(r: &mut Reader, t: &Table) -> Contact {
    t.check_keys(r, &keys::CONTACT);
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
