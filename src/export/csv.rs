//! `menukaart.csv`: one row per intervention, for Excel.
//!
//! The columns are one table of (name, value) pairs, [`KOLOMMEN`], so the
//! header and the rows cannot disagree about order or count. Columns are
//! only ever added at the end: integrations read them by number. The
//! list in `docs/export.md` is checked against this table by a test.

use std::borrow::Cow;

use super::document::{Aanbieder, Interventie, Vergoeding};

/// How one column gets its value from an intervention.
type Cell = fn(&Interventie) -> String;

/// The columns of `menukaart.csv`, in their fixed order.
const KOLOMMEN: &[(&str, Cell)] = &[
    ("positie", |i| i.positie.to_string()),
    ("id", |i| i.id.clone()),
    ("naam", |i| i.naam.clone()),
    ("samenvatting", |i| i.samenvatting.clone()),
    ("themas", |i| i.themas.join(", ")),
    ("vorm", |i| i.vorm.join(", ")),
    ("duur", |i| text(&i.duur)),
    ("doelgroep", |i| i.doelgroep.omschrijving.clone()),
    ("leeftijd_min", |i| number(i.doelgroep.leeftijd_min)),
    ("leeftijd_max", |i| number(i.doelgroep.leeftijd_max)),
    ("aandoeningen", |i| i.doelgroep.aandoeningen.join(", ")),
    ("vergoeding_soort", |i| first(i, |v| v.soort.clone())),
    ("vergoeding_eigen_risico", |i| {
        first(i, |v| ja_nee(v.eigen_risico))
    }),
    ("vergoeding_toelichting", |i| {
        first(i, |v| text(&v.toelichting))
    }),
    ("vergoeding_gemeenten", |i| {
        first(i, |v| v.gemeenten.join(", "))
    }),
    ("vergoeding_regionaal", |i| {
        first(i, |v| ja_nee(Some(v.regionaal)))
    }),
    ("overige_gemeenten_soort", |i| other(i, |v| v.soort.clone())),
    ("overige_gemeenten_eigen_risico", |i| {
        other(i, |v| ja_nee(v.eigen_risico))
    }),
    ("overige_gemeenten_toelichting", |i| {
        other(i, |v| text(&v.toelichting))
    }),
    ("verwijzing", |i| text(&i.aanmelding.verwijzing)),
    // One step per line: Excel shows them as lines inside the cell.
    ("stappen", |i| {
        let texts: Vec<&str> = i
            .aanmelding
            .stappen
            .iter()
            .map(|s| s.wat.as_str())
            .collect();
        texts.join("\n")
    }),
    ("zorgdomein", |i| text(&i.aanmelding.zorgdomein)),
    ("aanmelding_telefoon", |i| text(&i.aanmelding.telefoon)),
    ("aanmelding_email", |i| text(&i.aanmelding.email)),
    ("aanmelding_url", |i| text(&i.aanmelding.url)),
    ("aanmelding_regionaal", |i| {
        ja_nee(Some(i.aanmelding.regionaal))
    }),
    ("erkenning", |i| {
        i.erkenning
            .as_ref()
            .map(|e| e.niveau.clone())
            .unwrap_or_default()
    }),
    ("notitie", |i| text(&i.notitie)),
    ("aanbieders", |i| {
        i.aanbieder
            .iter()
            .map(aanbieder_regel)
            .collect::<Vec<_>>()
            .join("\n")
    }),
    ("website", |i| text(&i.website)),
    ("laatst_gecontroleerd", |i| i.laatst_gecontroleerd.clone()),
    ("pad", |i| i.pad.clone()),
    ("url", |i| text(&i.url)),
    ("kosten_patient", |i| first(i, |v| v.kosten.clone())),
    ("vergoeding_eigen_bijdrage", |i| {
        first(i, |v| text(&v.eigen_bijdrage))
    }),
    ("vergoeding_prijs", |i| first(i, |v| text(&v.prijs))),
    ("overige_gemeenten_kosten_patient", |i| {
        other(i, |v| v.kosten.clone())
    }),
    ("overige_gemeenten_eigen_bijdrage", |i| {
        other(i, |v| text(&v.eigen_bijdrage))
    }),
    ("overige_gemeenten_prijs", |i| other(i, |v| text(&v.prijs))),
    ("geen_kosten", |i| {
        ja_nee(Some(i.vergoeding.iter().all(|v| v.geen_kosten)))
    }),
    // Added later: new columns go at the end, so that an import by
    // column number keeps working.
    // One line per step, as in `stappen`: who acts, or empty.
    ("stappen_wie", |i| {
        let who: Vec<&str> = i
            .aanmelding
            .stappen
            .iter()
            .map(|s| s.wie.as_deref().unwrap_or(""))
            .collect();
        who.join("\n")
    }),
    ("erkenning_url", |i| {
        i.erkenning
            .as_ref()
            .and_then(|e| e.url.clone())
            .unwrap_or_default()
    }),
];

/// The column names of `menukaart.csv`, in their fixed order.
pub fn csv_kolommen() -> Vec<&'static str> {
    KOLOMMEN.iter().map(|(name, _)| *name).collect()
}

/// One CSV row per intervention, in [`csv_kolommen`] order, before
/// [`neutralise_formula`].
pub fn csv_row(i: &Interventie) -> Vec<String> {
    KOLOMMEN.iter().map(|(_, cell)| cell(i)).collect()
}

/// A value of the first arrangement (the regional one when there are two),
/// or empty when there is none.
fn first(i: &Interventie, part: fn(&Vergoeding) -> String) -> String {
    i.vergoeding.first().map(part).unwrap_or_default()
}

/// A value of the arrangement for the other gemeenten, or empty when the
/// first holds everywhere.
fn other(i: &Interventie, part: fn(&Vergoeding) -> String) -> String {
    i.vergoeding.get(1).map(part).unwrap_or_default()
}

fn text(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn number(n: Option<u32>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// "ja", "nee", or empty when not stated: what a spreadsheet reader expects.
fn ja_nee(value: Option<bool>) -> String {
    match value {
        Some(true) => "ja",
        Some(false) => "nee",
        None => "",
    }
    .to_string()
}

/// "Naam (Plaats) · telefoon · e-mail · website", one aanbieder per line.
fn aanbieder_regel(a: &Aanbieder) -> String {
    let mut line = a.naam.clone();
    if let Some(plaats) = &a.plaats {
        line.push_str(&format!(" ({plaats})"));
    }
    for part in [&a.telefoon, &a.email, &a.website].into_iter().flatten() {
        line.push_str(" · ");
        line.push_str(part);
    }
    if let Some(adres) = &a.adres {
        line.push_str(" · ");
        line.push_str(adres);
        if let Some(postcode) = &a.postcode {
            line.push_str(&format!(", {postcode}"));
        }
    }
    if let Some(agb) = &a.agb {
        line.push_str(&format!(" · AGB {agb}"));
    }
    if let Some(kvk) = &a.kvk {
        line.push_str(&format!(" · KvK {kvk}"));
    }
    line
}

/// A cell that a spreadsheet would run as a formula gets a leading `'`,
/// as OWASP advises against CSV injection: a text starting with `=`, `+`,
/// `-` or `@` (or a tab or carriage return, which some spreadsheets skip
/// before looking) is shown as text instead of being evaluated. This also
/// applies to phone numbers written as `+31 …`; the `'` is visible in the
/// cell, which is the price of never running data as a formula.
pub fn neutralise_formula(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// The CSV file: UTF-8 with a byte-order mark and `;` between fields, so
/// that Excel with Dutch settings opens it in columns and shows ë and €;
/// fields quoted as RFC 4180 asks (only where needed, `"` doubled, CRLF
/// between records).
pub fn csv_bytes(interventies: &[Interventie]) -> Result<Vec<u8>, ::csv::Error> {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = ::csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(::csv::Terminator::CRLF)
            .quote_style(::csv::QuoteStyle::Necessary)
            .from_writer(&mut bytes);
        writer.write_record(KOLOMMEN.iter().map(|(name, _)| name))?;
        for i in interventies {
            writer.write_record(
                csv_row(i)
                    .iter()
                    .map(|cell| neutralise_formula(cell).into_owned()),
            )?;
        }
        writer.flush()?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::document::{sample, Aanmelding};

    #[test]
    fn formula_cells_are_neutralised() {
        for bad in [
            "=HYPERLINK(\"http://x\")",
            "+31 6",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(neutralise_formula(bad), format!("'{bad}"));
        }
        for ok in [
            "Gecombineerde leefstijlinterventie",
            "€ 30",
            "'al",
            "",
            "0000-000000",
        ] {
            assert_eq!(neutralise_formula(ok), ok);
        }
    }

    #[test]
    fn every_row_has_every_column() {
        let row = csv_row(&sample());
        assert_eq!(row.len(), csv_kolommen().len());
        assert_eq!(row[8], "18");
        assert_eq!(row[11], "", "no vergoeding: empty, no panic");
    }

    #[test]
    fn every_column_has_a_unique_name_and_a_value() {
        let mut names = csv_kolommen();
        assert_eq!(names.len(), 42);
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), KOLOMMEN.len(), "column names are unique");
        // Every cell of a full intervention says something, so no column
        // is a placeholder that forgot its value.
        let mut full = sample();
        full.vorm = vec!["groep".into()];
        full.duur = Some("8 weken".into());
        full.website = Some("https://x.example/".into());
        full.doelgroep.leeftijd_max = Some(65);
        full.doelgroep.aandoeningen = vec!["copd".into()];
        let vergoeding = |soort: &str, gemeenten: &[&str], regionaal| Vergoeding {
            soort: soort.into(),
            eigen_risico: Some(false),
            eigen_bijdrage: Some("€ 5".into()),
            prijs: Some("€ 50".into()),
            kosten: "Eigen bijdrage: € 5".into(),
            geen_kosten: false,
            toelichting: Some("T".into()),
            gemeenten: gemeenten.iter().map(|g| g.to_string()).collect(),
            regionaal,
        };
        full.vergoeding = vec![
            vergoeding("gemeente", &["Oss"], true),
            vergoeding("eigen-kosten", &["Uden"], false),
        ];
        full.aanmelding = Aanmelding {
            verwijzing: Some("huisarts".into()),
            stappen: vec![crate::export::Stap {
                wie: Some("patient".into()),
                wat: "Bel".into(),
            }],
            zorgdomein: Some("Z".into()),
            telefoon: Some("0000".into()),
            email: Some("a@x.example".into()),
            url: Some("https://x.example/aanmelden".into()),
            regionaal: true,
        };
        full.erkenning = Some(crate::export::Erkenning {
            niveau: "goed-beschreven".into(),
            url: Some("https://www.loketgezondleven.nl/x".into()),
        });
        full.notitie = Some("N".into());
        full.aanbieder = vec![Aanbieder {
            naam: "A".into(),
            adres: Some("Kerkstraat 1".into()),
            postcode: Some("1000 AA".into()),
            plaats: None,
            telefoon: None,
            email: None,
            website: None,
            agb: Some("12345678".into()),
            kvk: None,
        }];
        full.url = Some("https://x.example/r/x/".into());
        for ((name, _), value) in KOLOMMEN.iter().zip(csv_row(&full)) {
            assert!(!value.is_empty(), "column {name} has no value");
        }
    }
}
