//! Validates one intervention file (`interventions/<id>.md`).

use super::fields::{Reader, Table};
use super::{formats, keys, parse_toml, parts};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::InterventionFile;
use crate::model::{Doelgroep, Intervention};
use crate::vocab::{Aandoening, Thema, Vorm};

/// Longest samenvatting that still fits on a placemat card.
pub const MAX_SAMENVATTING: usize = 200;

pub fn intervention(file: &InterventionFile, diags: &mut Diagnostics) -> Option<Intervention> {
    let source = &file.source;
    let id = source
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id_ok = match formats::check_id(&id) {
        Ok(()) => true,
        Err(hint) => {
            diags.push(
                Diagnostic::error(
                    Some(Location::file(&source.path)),
                    format!("de bestandsnaam \"{id}\" is geen geldige id"),
                )
                .with_hint(format!("hernoem het bestand: {hint}.md")),
            );
            false
        }
    };

    let mut r = Reader::new(source, file.front_matter.start, diags);
    let parsed = parse_toml(&mut r, file.front_matter_text())?;
    let root = Table::root(&parsed);
    root.check_keys(&mut r, &keys::INTERVENTION);

    let naam = root.required_string(&mut r, "naam", "\"Naam van de interventie\"");
    let samenvatting =
        root.required_string(&mut r, "samenvatting", "\"Eén of twee korte zinnen.\"");
    if let Some((text, span)) = &samenvatting {
        let length = text.chars().count();
        if length > MAX_SAMENVATTING {
            r.error(span, format!("de samenvatting is {length} tekens; het maximum is {MAX_SAMENVATTING}"))
                .hint = Some(format!(
                    "maak de samenvatting {} korter, zodat hij op de placemat past; de rest kan in de beschrijving onder +++",
                    match length - MAX_SAMENVATTING {
                        1 => "1 teken".to_string(),
                        n => format!("{n} tekens"),
                    }
                ));
        }
    }
    let themas = root.vocab_list::<Thema>(&mut r, "themas");
    match root.get("themas") {
        None => {
            let span = root.span.clone();
            r.error(&span, "\"themas\" ontbreekt bovenaan het bestand")
                .hint = Some(format!(
                "voeg toe: themas = [\"bewegen\"]; kies uit: {}",
                <Thema as crate::vocab::Vocabulary>::allowed()
            ));
        }
        Some(v) if v.get_ref().as_array().is_some_and(|a| a.is_empty()) => {
            r.error(&v.span(), "\"themas\" is leeg").hint =
                Some("noem minstens één thema, bijvoorbeeld themas = [\"bewegen\"]".into());
        }
        _ => {}
    }
    let vorm = root.vocab_list::<Vorm>(&mut r, "vorm");
    let duur = root.text(&mut r, "duur");
    let website = root.url(&mut r, "website");
    let gecontroleerd = root.required_date(&mut r, "laatst_gecontroleerd");

    let doelgroep = root
        .required_table(&mut r, "doelgroep", "doelgroep")
        .and_then(|t| {
            t.check_keys(&mut r, &keys::DOELGROEP);
            let omschrijving = t.required_string(&mut r, "omschrijving", "\"Voor wie is het?\"");
            let leeftijd_min = age(&mut r, &t, "leeftijd_min");
            let leeftijd_max = age(&mut r, &t, "leeftijd_max");
            if let (Some(min), Some(max)) = (leeftijd_min, leeftijd_max) {
                if min > max {
                    let span = t
                        .get("leeftijd_max")
                        .map(|v| v.span())
                        .unwrap_or(t.span.clone());
                    r.error(
                        &span,
                        format!("leeftijd_max ({max}) is lager dan leeftijd_min ({min})"),
                    )
                    .hint = Some("draai de twee leeftijden om".into());
                }
            }
            let aandoeningen = t.vocab_list::<Aandoening>(&mut r, "aandoeningen");
            Some(Doelgroep {
                omschrijving: omschrijving?.0,
                leeftijd_min,
                leeftijd_max,
                aandoeningen,
            })
        });
    let vergoeding = root
        .required_table(&mut r, "vergoeding", "vergoeding")
        .and_then(|t| parts::vergoeding(&mut r, &t, false));
    let aanmelding = root
        .required_table(&mut r, "aanmelding", "aanmelding")
        .and_then(|t| parts::aanmelding(&mut r, &t));
    let erkenning = root.table(&mut r, "erkenning", "erkenning").and_then(|t| {
        t.check_keys(&mut r, &keys::ERKENNING);
        t.vocab(&mut r, "niveau")
    });

    let (gecontroleerd, gecontroleerd_span) = gecontroleerd?;
    let gecontroleerd_at = r.location(&gecontroleerd_span);
    if !id_ok || themas.is_empty() {
        return None;
    }
    Some(Intervention {
        id,
        file: source.path.clone(),
        naam: naam?.0,
        samenvatting: samenvatting?.0,
        themas,
        vorm,
        duur,
        website,
        laatst_gecontroleerd: gecontroleerd,
        laatst_gecontroleerd_at: gecontroleerd_at,
        doelgroep: doelgroep?,
        vergoeding: vergoeding?,
        aanmelding: aanmelding?,
        erkenning,
        body: file.body().to_string(),
    })
}

fn age(r: &mut Reader, t: &Table, key: &str) -> Option<u32> {
    let (n, span) = t.integer(r, key)?;
    match u32::try_from(n) {
        Ok(age) if age <= 120 => Some(age),
        _ => {
            r.error(
                &span,
                format!("\"{key}\" moet een leeftijd tussen 0 en 120 zijn"),
            );
            None
        }
    }
}
