//! Readability (issue 23): `check` warns where a text a patient or huisarts
//! reads is above B1, at the text's file:line:col, naming the sentence and
//! the hard words; `--strict` makes it an error.
//!
//! The limits are calibrated on two sets of texts on the same subjects in
//! `tests/fixtures/leesbaarheid/`: plain B1 texts must all pass, jargon
//! from guidelines and contracts must all be flagged.

use crate::common;

use std::fs;
use std::path::Path;

use common::Fixture;
use menukaart::readability::{read, MIN_SCORE};

/// The paragraphs of a fixture file (comment lines start with `#`).
fn paragraphs(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/leesbaarheid")
        .join(name);
    fs::read_to_string(&path)
        .unwrap()
        .split("\n\n")
        .map(|p| {
            p.lines()
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|p| !p.trim().is_empty())
        .collect()
}

#[test]
fn plain_texts_pass_and_jargon_is_flagged() {
    let plain = paragraphs("eenvoudig.txt");
    let jargon = paragraphs("moeilijk.txt");
    assert!(plain.len() >= 10 && jargon.len() >= 10);
    let score = |t: &str| read(t).score.unwrap_or(f64::NAN);
    let mut plain_scores: Vec<f64> = plain.iter().map(|t| score(t)).collect();
    let mut jargon_scores: Vec<f64> = jargon.iter().map(|t| score(t)).collect();
    plain_scores.sort_by(f64::total_cmp);
    jargon_scores.sort_by(f64::total_cmp);
    println!("Flesch-Douma, plain: {plain_scores:.0?}");
    println!("Flesch-Douma, jargon: {jargon_scores:.0?}");
    println!("limit: {MIN_SCORE}");
    for text in &plain {
        let problems = read(text).problems();
        assert!(problems.is_empty(), "{text}\n{problems:?}");
    }
    for text in &jargon {
        let problems = read(text).problems();
        assert!(!problems.is_empty(), "not flagged: {text}");
    }
}

const JARGON: &str = "Indicatiestelling geschiedt door de huisarts op basis van de body mass index in combinatie met comorbiditeit, waarbij de leefstijlcoach vervolgens een intake opstelt.";

#[test]
fn check_warns_at_the_text_and_names_the_sentence_and_hard_words() {
    let fx = Fixture::copy("basis");
    let plain = fx.run_ok(&["check"]);
    assert!(
        !String::from_utf8_lossy(&plain.stderr).contains("moeilijker dan B1"),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );
    // In the front matter (a doelgroep), in a step, and in the body.
    fx.edit(
        "interventions/gli-cool.md",
        "omschrijving = \"Volwassenen met een BMI ≥ 30, of een BMI ≥ 25 met een verhoogd risico.\"",
        &format!("omschrijving = \"{JARGON}\""),
    );
    let text = fx.read("interventions/gli-cool.md");
    let body_line = text.lines().count() + 4;
    fx.write(
        "interventions/gli-cool.md",
        &format!("{text}\nDit is gewoon.\n\n{JARGON}\n"),
    );
    let out = fx.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("moeilijker dan B1"))
        .collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    // The doelgroep text: its line and the column of the opening quote.
    assert!(
        warnings[0].starts_with("waarschuwing: interventions/gli-cool.md:12:16: "),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[0].contains("de zin \"Indicatiestelling geschiedt door de huisarts"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("woorden (voor B1 hoogstens 20)"));
    let hint = stderr
        .lines()
        .skip_while(|l| !l.contains("gli-cool.md:12:16"))
        .nth(1)
        .unwrap_or("");
    assert!(hint.contains("Indicatiestelling"), "{hint}");
    assert!(
        warnings[1].starts_with(&format!(
            "waarschuwing: interventions/gli-cool.md:{body_line}:1: "
        )),
        "{}",
        warnings[1]
    );
    // --strict: the same findings are errors.
    let strict = fx.run(&["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&strict.stderr).contains("fout: interventions/gli-cool.md:12:16")
    );
}

#[test]
fn a_regional_note_and_a_step_are_read_too() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "regions/zorggroep-test.toml",
        "notitie = \"Verwijs naar het leefstijlnetwerk van de zorggroep.\"",
        &format!("notitie = \"{JARGON}\""),
    );
    fx.edit(
        "regions/zorggroep-test.toml",
        "\"Buurtsportcoach belt de patiënt binnen een week\"",
        &format!("\"{JARGON}\""),
    );
    let out = fx.run(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let places: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("moeilijker dan B1"))
        .filter_map(|l| l.split(": ").nth(1))
        .collect();
    assert_eq!(
        places,
        [
            "regions/zorggroep-test.toml:25:11",
            "regions/zorggroep-test.toml:36:44"
        ],
        "{stderr}"
    );
}
