//! Errors a non-programmer can follow: the mistakes people make in TOML
//! (a date in words, curly quotes from Word, a missing `+++`, placeholder
//! text left in) get one Dutch message with a hint that works when applied,
//! and `--help` is Dutch from top to bottom.

use crate::common;

use common::Fixture;

const REGION: &str = "regions/zorggroep-maasland.toml";

/// The messages of `check` for a project, as printed.
fn check(f: &Fixture) -> (Option<i32>, String) {
    let out = f.run(&["check"]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The replacement a `schrijf het zo: …` hint proposes, if any.
fn proposed(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("hint: schrijf het zo: "))
        .map(str::to_string)
}

/// English words the TOML parser uses; none may reach the user.
const ENGLISH: &[&str] = &[
    "expected",
    "string",
    "quote",
    "missing",
    "value",
    "invalid",
    "unexpected",
    "literal",
    "key",
];

fn assert_dutch(text: &str) {
    for word in ENGLISH {
        let lower = text.to_lowercase();
        assert!(
            !lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == *word),
            "English word {word:?} in: {text}"
        );
    }
}

/// A date written in words or with slashes, quoted or not: the hint
/// proposes the TOML date, and applying it makes the file valid.
#[test]
fn a_date_in_words_gets_a_hint_that_works() {
    for written in [
        "\"1 oktober 2026\"",
        "1 oktober 2026",
        "\"1-10-2026\"",
        "01/10/2026",
        "\"01/10/2026\"",
    ] {
        let f = Fixture::example();
        f.edit(
            REGION,
            "peildatum = 2026-10-01",
            &format!("peildatum = {written}"),
        );
        let (code, text) = check(&f);
        assert_eq!(code, Some(1), "{written}: {text}");
        assert!(
            text.contains("zorggroep-maasland.toml:9:"),
            "{written}: {text}"
        );
        assert_dutch(&text);
        assert_eq!(
            proposed(&text).as_deref(),
            Some("peildatum = 2026-10-01"),
            "{written}: {text}"
        );
        assert_eq!(text.matches("fout:").count(), 1, "{written}: {text}");
        f.edit(
            REGION,
            &format!("peildatum = {written}"),
            &proposed(&text).unwrap(),
        );
        let (code, text) = check(&f);
        assert_eq!(code, Some(0), "after the hint for {written}: {text}");
    }
}

/// Curly quotes as Word types them are named, with the fix.
#[test]
fn curly_quotes_get_a_dutch_error_with_straight_quotes() {
    for (open, close) in [("“", "”"), ("‘", "’"), ("“", "\"")] {
        let f = Fixture::example();
        let line = "naam = \"Zorggroep Maasland\"";
        let curly = format!("naam = {open}Zorggroep Maasland{close}");
        f.edit(REGION, line, &curly);
        let (code, text) = check(&f);
        assert_eq!(code, Some(1), "{text}");
        assert_dutch(&text);
        assert!(text.contains("zorggroep-maasland.toml:2:"), "{text}");
        assert!(text.contains("gekrulde aanhalingstekens"), "{text}");
        assert!(text.contains("rechte aanhalingstekens"), "{text}");
        assert_eq!(text.matches("fout:").count(), 1, "{text}");
        assert_eq!(proposed(&text).as_deref(), Some(line), "{text}");
        f.edit(REGION, &curly, line);
        assert_eq!(check(&f).0, Some(0));
    }
}

/// Other syntax errors are Dutch too: no word of the parser's English.
#[test]
fn toml_syntax_errors_are_dutch() {
    for (from, to) in [
        ("naam = \"Zorggroep Maasland\"", "naam = Zorggroep Maasland"),
        (
            "naam = \"Zorggroep Maasland\"",
            "naam \"Zorggroep Maasland\"",
        ),
        (
            "naam = \"Zorggroep Maasland\"",
            "naam = \"Zorggroep Maasland",
        ),
        ("naam = \"Zorggroep Maasland\"", "naam = "),
        ("[[gemeente]]", "[[gemeente]"),
        ("naam = \"Zorggroep Maasland\"", "naam = [\"a\" \"b\"]"),
    ] {
        let f = Fixture::example();
        f.edit(REGION, from, to);
        let (code, text) = check(&f);
        assert_eq!(code, Some(1), "{to}: {text}");
        assert!(text.contains("zorggroep-maasland.toml:"), "{to}: {text}");
        assert_dutch(&text);
    }
}

/// An intervention without its closing `+++` is reported once, in its own
/// file; the regions that list it do not add `onbekende interventie`.
#[test]
fn a_missing_closing_line_is_reported_once() {
    let f = Fixture::example();
    let path = "interventions/gli-cool.md";
    let text = f.read(path);
    let end = text[3..].find("\n+++").unwrap() + 3;
    f.write(path, &format!("{}{}", &text[..end], &text[end + 4..]));
    let (code, text) = check(&f);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("niet afgesloten met een regel +++"), "{text}");
    assert!(text.contains("interventions/gli-cool.md"), "{text}");
    assert!(!text.contains("onbekende interventie"), "{text}");
    assert_eq!(text.matches("fout:").count(), 1, "{text}");
}

/// The placeholder texts `new` writes fail `check` until replaced, each at
/// its own line and column.
#[test]
fn placeholder_text_from_new_fails_check() {
    let f = Fixture::example();
    f.run_ok(&["new", "interventie", "Proef beweegkuur"]);
    let (code, text) = check(&f);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("interventions/proef-beweegkuur.md:") && text.contains("Vul hier"),
        "{text}"
    );
    let placeholders = f
        .read("interventions/proef-beweegkuur.md")
        .lines()
        .filter(|l| !l.starts_with('#') && l.contains("Vul hier"))
        .count();
    assert!(placeholders >= 3);
    assert_eq!(
        text.lines()
            .filter(
                |l| l.starts_with("fout: interventions/proef-beweegkuur.md:")
                    && l.contains("Vul hier")
            )
            .count(),
        placeholders,
        "{text}"
    );
    // Every location is file:line:col.
    for l in text
        .lines()
        .filter(|l| l.contains("Vul hier") && l.starts_with("fout:"))
    {
        let location = l.trim_start_matches("fout: ").split(' ').next().unwrap();
        let parts: Vec<_> = location.trim_end_matches(':').split(':').collect();
        assert_eq!(parts.len(), 3, "{l}");
        assert!(
            parts[1].parse::<u32>().is_ok() && parts[2].parse::<u32>().is_ok(),
            "{l}"
        );
    }
}

/// Every help text is Dutch: no clap English left.
#[test]
fn help_is_dutch_everywhere() {
    let mut pages = vec![vec!["--help"]];
    for command in ["build", "check", "serve", "new", "init", "schema", "editie"] {
        pages.push(vec![command, "--help"]);
    }
    for args in pages {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_menukaart"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        for english in [
            "[OPTIONS]",
            "Options",
            "Usage",
            "[default",
            "possible values",
            "Commands",
            "Print help",
            "Arguments",
        ] {
            assert!(!text.contains(english), "{args:?} shows {english}:\n{text}");
        }
    }
}

/// Mistakes people make, one per entry: (file, correct text, mistaken
/// text). Every entry makes `check` fail.
const CORPUS: &[(&str, &str, &str)] = &[
    (
        REGION,
        "peildatum = 2026-10-01",
        "peildatum = \"1 oktober 2026\"",
    ),
    (REGION, "peildatum = 2026-10-01", "peildatum = 1-10-2026"),
    (
        REGION,
        "peildatum = 2026-10-01",
        "peildatum = \"01/10/2026\"",
    ),
    (
        REGION,
        "geldig_tot = 2027-12-31",
        "geldig_tot = 31 december 2027",
    ),
    (
        REGION,
        "naam = \"Zorggroep Maasland\"",
        "naam = “Zorggroep Maasland”",
    ),
    (
        REGION,
        "naam = \"Zorggroep Maasland\"",
        "naam = Zorggroep Maasland",
    ),
    (
        REGION,
        "naam = \"Zorggroep Maasland\"",
        "naam = ‘Zorggroep Maasland’",
    ),
    (REGION, "volgorde = 1\n", "volgorde = \"1\"\n"),
    (REGION, "volgorde = 2\n", "volgorde = 2.0\n"),
    (
        REGION,
        "verzekeraars = [\"VGZ\", \"CZ\"]",
        "verzekeraars = \"VGZ, CZ\"",
    ),
    (REGION, "naam = \"Oss\"", "naam = Oss"),
    (
        "menukaart.toml",
        "titel = \"Menukaart leefstijl\"",
        "titel = Menukaart leefstijl",
    ),
    (
        "interventions/gli-cool.md",
        "eigen_risico = false",
        "eigen_risico = \"nee\"",
    ),
    (
        "interventions/gli-cool.md",
        "leeftijd_min = 18",
        "leeftijd_min = \"18\"",
    ),
    (
        "interventions/gli-cool.md",
        "laatst_gecontroleerd = 2026-11-23",
        "laatst_gecontroleerd = \"23-11-2026\"",
    ),
    (
        "interventions/gli-cool.md",
        "duur = \"24 maanden\"",
        "duur = „24 maanden”",
    ),
    ("menukaart.toml", "2026 = 385", "2026 = \"€ 385\""),
    ("menukaart.toml", "2026 = 385", "2026 = \"385,-\""),
];

/// Every hint that proposes a replacement (`schrijf het zo: …`) works:
/// putting it on the line the error names makes `check` pass again, for
/// every mistake of the corpus. A hint that only shows an example says
/// `bijvoorbeeld`, never `schrijf het zo`.
#[test]
fn every_proposed_replacement_fixes_its_error() {
    let mut proposals = 0;
    for (file, right, wrong) in CORPUS {
        let f = Fixture::example();
        f.edit(file, right, wrong);
        let outcome = menukaart::check(f.root(), common::TODAY);
        assert!(outcome.value.is_none(), "{wrong}: check passed");
        let errors: Vec<_> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert_eq!(errors.len(), 1, "{wrong}: {errors:#?}");
        let error = errors[0];
        let text = format!("{error}");
        assert_dutch(&text);
        let Some(fixed) = error
            .hint
            .as_deref()
            .and_then(|h| h.strip_prefix("schrijf het zo: "))
        else {
            continue;
        };
        proposals += 1;
        let at = error.location.as_ref().expect("a location");
        assert!(at.file.ends_with(file), "{wrong}: {text}");
        // Replace the whole line the error names by the proposal, keeping
        // its indentation, as a user following the hint would.
        let source = f.read(file);
        let lines: Vec<&str> = source.split('\n').collect();
        let line = lines[at.line - 1];
        let indent = &line[..line.len() - line.trim_start().len()];
        let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        edited[at.line - 1] = format!("{indent}{fixed}");
        f.write(file, &edited.join("\n"));
        let again = menukaart::check(f.root(), common::TODAY);
        assert!(
            again.value.is_some(),
            "{wrong}: following \"{fixed}\" still fails: {:#?}",
            again.diagnostics.iter().collect::<Vec<_>>()
        );
        assert!(
            f.read(file) == source.replace(wrong, right),
            "{wrong}: the proposal \"{fixed}\" is not what was meant: {right}"
        );
    }
    // Nearly every mistake in the corpus has a certain fix.
    assert!(proposals >= CORPUS.len() - 1, "{proposals} proposals");
}
