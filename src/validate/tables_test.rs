//! Tests that the key tables drive reading: every row of every table is
//! read by its field's type, and a wrong value under any key is reported
//! at that key's line.

use std::path::PathBuf;

use super::keys::{Kind, TableSpec};
use super::section::section;
use super::{CONFIG, INTERVENTION, REGION};
use crate::diagnostics::{Diagnostics, SourceText};
use crate::load::InterventionFile;
use crate::model::{
    Aanbieder, Aanmelding, Contact, Doelgroep, Gemeente, Intervention, Region, RegionEntry,
    SiteConfig, Vergoeding,
};

#[test]
fn every_row_is_readable_by_its_field_type() {
    let unreadable = [
        Intervention::unreadable_keys(),
        Doelgroep::unreadable_keys(),
        Vergoeding::unreadable_keys(),
        Aanmelding::unreadable_keys(),
        Contact::unreadable_keys(),
        Region::unreadable_keys(),
        Gemeente::unreadable_keys(),
        RegionEntry::unreadable_keys(),
        Aanbieder::unreadable_keys(),
        SiteConfig::unreadable_keys(),
        crate::model::Beheer::unreadable_keys(),
        crate::model::Erkend::unreadable_keys(),
        crate::model::Stap::unreadable_keys(),
    ]
    .concat();
    assert!(
        unreadable.is_empty(),
        "rows without a reader: {unreadable:?}"
    );
}

/// A struct whose rows do not fit its fields, to show the check above
/// can fail.
struct Mismatch {
    flag: Option<bool>,
    name: Option<String>,
}

section! {
    impl Mismatch {
        fn read(r, t, spec);
        keys {
            flag: super::keys::key(Kind::Text, "Tekst in een ja/nee-veld."),
            name: super::keys::key(Kind::Url, "Een webadres."),
        }
    }
}

#[test]
fn a_row_its_field_cannot_read_is_found() {
    assert_eq!(Mismatch::unreadable_keys(), vec!["flag"]);
    // `read` exists and compiles for any declared table.
    let _ = (Mismatch::read, Mismatch::KEYS);
    let _ = |m: Mismatch| (m.flag, m.name);
}

/// A value of the wrong type for `kind`, so that reading must complain.
fn wrong(kind: &Kind) -> &'static str {
    match kind {
        Kind::Integer { .. } | Kind::Boolean => "\"x\"",
        Kind::Vocab(_) => "\"zzz\"",
        Kind::VocabList(_) => "[\"zzz\"]",
        _ => "1",
    }
}

/// TOML documents that put a wrong value under every key of `spec` and of
/// its sub-tables, with the lines those keys are on. Sub-tables are
/// written below `parents` (header and required keys of the tables above),
/// with their own required texts valid, so the rest of the table is read.
fn documents(
    spec: &'static TableSpec,
    header: Option<String>,
    parents: &[String],
    out: &mut Vec<(String, Vec<usize>)>,
) {
    let mut lines: Vec<String> = parents.to_vec();
    let mut own: Vec<String> = Vec::new();
    if let Some(h) = &header {
        lines.push(h.clone());
        own.push(h.clone());
    }
    let mut wrong_lines = Vec::new();
    for key in spec.keys() {
        if header.is_some() && key.required && !key.example.is_empty() {
            let line = format!("{} = {}", key.name, key.example);
            lines.push(line.clone());
            own.push(line);
        } else {
            lines.push(format!("{} = {}", key.name, wrong(&key.kind)));
            wrong_lines.push(lines.len());
        }
    }
    out.push((lines.join("\n") + "\n", wrong_lines));
    for key in spec.keys() {
        let (sub, brackets) = match key.kind {
            Kind::Table(sub) => (sub, ("[", "]")),
            Kind::Tables(sub) => (sub, ("[[", "]]")),
            _ => continue,
        };
        let mut above = parents.to_vec();
        above.extend(own.iter().cloned());
        documents(
            sub,
            Some(format!("{}{}{}", brackets.0, sub.name, brackets.1)),
            &above,
            out,
        );
    }
}

fn lines_with_problems(diags: &Diagnostics, offset: usize) -> Vec<usize> {
    diags
        .iter()
        .filter_map(|d| d.location.as_ref())
        .map(|at| at.line - offset)
        .collect()
}

fn assert_reported(spec: &'static TableSpec, check: impl Fn(&str) -> (Diagnostics, usize)) {
    let mut docs = Vec::new();
    documents(spec, None, &[], &mut docs);
    assert!(docs.len() > 1, "no sub-tables found");
    for (doc, wrong_lines) in docs {
        let (diags, offset) = check(&doc);
        let reported = lines_with_problems(&diags, offset);
        for line in wrong_lines {
            assert!(
                reported.contains(&line),
                "line {line} not reported in:\n{doc}\n{:?}",
                diags.iter().collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn a_wrong_value_under_any_intervention_key_is_reported_at_its_line() {
    assert_reported(&INTERVENTION, |doc| {
        let text = format!("+++\n{doc}+++\nTekst.\n");
        let front = 4..4 + doc.len();
        let file = InterventionFile {
            source: SourceText::new(PathBuf::from("interventions/proef.md"), text.clone()),
            front_matter: front.clone(),
            body_start: front.end + 4,
        };
        let mut diags = Diagnostics::default();
        super::intervention::intervention(&file, &mut diags);
        (diags, 1)
    });
}

#[test]
fn a_wrong_value_under_any_region_key_is_reported_at_its_line() {
    assert_reported(&REGION, |doc| {
        let source = SourceText::new(PathBuf::from("regions/proef.toml"), doc.to_string());
        let mut diags = Diagnostics::default();
        super::region::region(&source, &["id-van-de-interventie"], &mut diags);
        (diags, 0)
    });
}

#[test]
fn a_wrong_value_under_any_setting_is_reported_at_its_line() {
    let mut docs = Vec::new();
    documents(&CONFIG, None, &[], &mut docs);
    for (doc, wrong_lines) in docs {
        let source = SourceText::new(PathBuf::from("menukaart.toml"), doc.clone());
        let mut diags = Diagnostics::default();
        super::config::config(&source, &mut diags);
        let reported = lines_with_problems(&diags, 0);
        assert_eq!(reported, wrong_lines, "{doc}");
    }
}

#[test]
fn an_unknown_key_is_reported_at_its_line_and_column_with_a_suggestion() {
    let source = SourceText::new(
        PathBuf::from("regions/proef.toml"),
        "naam = \"Zorggroep\"\npeildatum = 2026-09-01\n\n[[interventie]]\nid = \"id-van-de-interventie\"\n  [interventie.vergoeding]\n  soort = \"gratis\"\n  gemeente = [\"Oss\"]\n".to_string(),
    );
    let mut diags = Diagnostics::default();
    super::region::region(&source, &["id-van-de-interventie"], &mut diags);
    let unknown: Vec<String> = diags
        .iter()
        .filter(|d| d.message.starts_with("onbekende sleutel"))
        .map(|d| {
            format!(
                "{}: {} ({})",
                d.location.as_ref().map_or(String::new(), |l| l.to_string()),
                d.message,
                d.hint.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        unknown,
        vec!["regions/proef.toml:8:3: onbekende sleutel \"gemeente\" in [interventie.vergoeding] (bedoelde u \"gemeenten\"?)"]
    );
}

#[test]
fn a_regional_key_is_unknown_in_the_national_table() {
    let doc = "naam = \"N\"\nsamenvatting = \"S.\"\nthemas = [\"bewegen\"]\nlaatst_gecontroleerd = 2026-09-01\nbronnen = [\"https://www.example.nl/\"]\n[doelgroep]\nomschrijving = \"D\"\n[vergoeding]\nsoort = \"gratis\"\ngemeenten = [\"Oss\"]\n[aanmelding]\nurl = \"https://www.example.nl/\"\n";
    let text = format!("+++\n{doc}+++\n");
    let file = InterventionFile {
        source: SourceText::new(PathBuf::from("interventions/proef.md"), text),
        front_matter: 4..4 + doc.len(),
        body_start: 4 + doc.len() + 4,
    };
    let mut diags = Diagnostics::default();
    let read = super::intervention::intervention(&file, &mut diags);
    let messages: Vec<String> = diags
        .iter()
        .map(|d| {
            format!(
                "{}: {}",
                d.location.as_ref().map_or(String::new(), |l| l.to_string()),
                d.message
            )
        })
        .collect();
    assert_eq!(
        messages,
        vec!["interventions/proef.md:11:1: onbekende sleutel \"gemeenten\" in [vergoeding]"]
    );
    assert!(read.is_some_and(|i| i.vergoeding.gemeenten.is_empty()));
}

#[test]
fn a_wrong_regional_gemeente_is_reported_once() {
    let source = SourceText::new(
        PathBuf::from("regions/proef.toml"),
        "naam = \"Zorggroep\"\npeildatum = 2026-09-01\n[[gemeente]]\nnaam = \"Oss\"\n[[interventie]]\nid = \"id-van-de-interventie\"\n[interventie.vergoeding]\nsoort = \"gratis\"\ngemeenten = [\"\", \"Osss\"]\n".to_string(),
    );
    let mut diags = Diagnostics::default();
    super::region::region(&source, &["id-van-de-interventie"], &mut diags);
    let messages: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let at = d.location.as_ref().map_or(String::new(), |l| l.to_string());
            format!("{at}: {}", d.message)
        })
        .collect();
    assert_eq!(
        messages,
        vec![
            "regions/proef.toml:9:14: lege tekst in \"interventie.vergoeding.gemeenten\"",
            "regions/proef.toml:9:18: de gemeente \"Osss\" staat niet bij de gemeenten van deze zorggroep",
        ]
    );
}
