//! Known language mistakes in everything a reader sees: the text of every
//! HTML page and of both placemats of both regions of the example project.
//!
//! Each rule is a mistake that once shipped ("zich zelf", a label inside a
//! label, a capital after a generated label's colon, "hieronder" on paper
//! where nothing is below). The test lists every hit with file and context,
//! so one run shows all of them.

use crate::common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{messages, Fixture};

/// Text that must never appear anywhere a reader looks.
const EVERYWHERE: &[(&str, &str)] = &[
    ("zich zelf", "schrijf \"zichzelf\""),
    (": Geen verwijzing nodig:", "label binnen een label"),
    ("Geen verwijzing nodig:", "label binnen een label"),
    ("Aanmelden: Geen", "dubbel label"),
    (": :", "dubbele dubbelepunt"),
    ("::", "dubbele dubbelepunt"),
    ("  ", "dubbele spatie"),
];

/// Labels the site and the placemats generate; after their colon comes a
/// value, which must not start with the capital of an ordinary word.
const LABELS: &[&str] = &[
    "Leeftijd",
    "Bij",
    "Vorm",
    "Voor wie",
    "Vergoeding",
    "Aanmelden",
    "Aanmelden (regionale route)",
    "Erkenning Loket Gezond Leven",
    "Wie doet wat",
    "Wie betaalt",
    "Buurtsportcoaches",
];

/// Paper has no "below": a placemat is read as one sheet.
const PLACEMAT_ONLY: &[(&str, &str)] = &[("hieronder", "op papier is er geen 'hieronder'")];

#[test]
fn no_known_language_mistakes_in_any_output() {
    let fx = Fixture::example();
    let outcome = fx.build();
    assert!(outcome.value.is_some(), "{}", messages(&outcome));
    let out = fx.output();

    let mut problems = Vec::new();
    let mut pages = 0;
    for file in files(&out, "html") {
        let text = visible_text(&fs::read_to_string(&file).unwrap());
        check(&out, &file, &text, EVERYWHERE, &mut problems);
        pages += 1;
    }
    assert!(pages > 40, "only {pages} pages");

    let (mut placemats, mut folders) = (0, 0);
    for file in files(&out, "pdf") {
        let text = pdf_text(&file);
        check(&out, &file, &text, EVERYWHERE, &mut problems);
        // Placemats and folders are paper alike.
        check(&out, &file, &text, PLACEMAT_ONLY, &mut problems);
        if file.file_name().is_some_and(|n| n == "folder.pdf") {
            folders += 1;
        } else {
            placemats += 1;
        }
    }
    assert_eq!(placemats, 4, "two placemats for each of two regions");
    assert_eq!(folders, 25, "a folder for each intervention on each menu");

    assert!(
        problems.is_empty(),
        "{} taalfout(en):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The rules themselves: each known mistake is found, good text passes.
#[test]
fn the_rules_find_each_known_mistake() {
    let bad = [
        "De patiënt meldt zich zelf aan.",
        "Aanmelden: Geen verwijzing nodig: patiënt meldt zich aan.",
        "Telefoon: : 0000",
        "Leeftijd: Vanaf 18 jaar",
        "Voor wie: Volwassenen met overgewicht",
        "Een  dubbele spatie",
    ];
    let problems = |text: &str| {
        let mut problems = Vec::new();
        check(
            Path::new("/"),
            Path::new("/x.html"),
            text,
            EVERYWHERE,
            &mut problems,
        );
        problems
    };
    for text in bad {
        assert!(!problems(text).is_empty(), "not found: {text}");
    }
    let good = [
        "De patiënt meldt zichzelf aan, zonder verwijzing.",
        "Leeftijd: vanaf 18 jaar",
        "Bij: COPD, overgewicht",
        "Zorgdomein: Gecombineerde leefstijlinterventie (GLI)",
        "Let op: deze placemat is verlopen.",
        "Aanmelden: https://example.nl/",
    ];
    for text in good {
        let found = problems(text);
        assert!(found.is_empty(), "{text}: {found:?}");
    }
    assert_eq!(
        visible_text("<p>a&amp;b</p><script>x  y</script><p>c   d\n  e</p>"),
        "a&b\nc d e"
    );
}

fn check(root: &Path, file: &Path, text: &str, rules: &[(&str, &str)], out: &mut Vec<String>) {
    let name = file
        .strip_prefix(root)
        .unwrap_or(file)
        .display()
        .to_string();
    let mut hit = |at: usize, len: usize, why: &str| {
        out.push(format!("{name}: {why}: …{}…", context(text, at, len)));
    };
    for (needle, why) in rules {
        for (at, _) in text.match_indices(needle) {
            hit(at, needle.len(), why);
        }
    }
    for label in LABELS {
        let needle = format!("{label}: ");
        for (at, _) in text.match_indices(&needle) {
            // A label starts a line or follows a space; "Wie doet wat" in
            // "Zie doet wat: " would not be one of ours.
            let starts = at == 0 || text[..at].ends_with([' ', '\n']);
            let value = &text[at + needle.len()..];
            let word: String = value.chars().take_while(|c| c.is_alphabetic()).collect();
            let mut chars = word.chars();
            let ordinary_capital = chars.next().is_some_and(char::is_uppercase)
                && word.chars().count() > 1
                && chars.all(char::is_lowercase);
            if starts && ordinary_capital {
                hit(at, needle.len() + word.len(), "hoofdletter na dubbelepunt");
            }
        }
    }
}

/// Up to 40 characters either side of a hit, on one line.
fn context(text: &str, at: usize, len: usize) -> String {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(39)
        .map_or(0, |(i, _)| i);
    let end = text[at + len..]
        .char_indices()
        .nth(40)
        .map_or(text.len(), |(i, _)| at + len + i);
    text[start..end].replace('\n', "⏎")
}

/// What a browser shows: no tags, scripts or styles; whitespace collapsed
/// as HTML does; a line break at each block element; entities decoded.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_collapsed(&mut out, &rest[..open]);
        let tag_end = rest[open..].find('>').map_or(rest.len(), |i| open + i + 1);
        let tag = rest[open + 1..tag_end.saturating_sub(1)].to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        rest = &rest[tag_end..];
        if !tag.starts_with('/') && (name == "script" || name == "style" || name == "title") {
            let close = format!("</{name}");
            rest = rest
                .to_ascii_lowercase()
                .find(&close)
                .map_or("", |i| &rest[i..]);
            continue;
        }
        const BLOCKS: &[&str] = &[
            "p", "div", "li", "ul", "ol", "dt", "dd", "dl", "h1", "h2", "h3", "h4", "tr", "td",
            "th", "section", "article", "nav", "header", "footer", "main", "br", "table",
        ];
        if BLOCKS.contains(&name.as_str()) && !out.ends_with('\n') && !out.is_empty() {
            while out.ends_with(' ') {
                out.pop();
            }
            out.push('\n');
        }
    }
    push_collapsed(&mut out, rest);
    out.trim().to_string()
}

fn push_collapsed(out: &mut String, raw: &str) {
    let decoded = raw
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    for c in decoded.chars() {
        if c.is_ascii_whitespace() {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// The text of a PDF in reading order, one line per line of print.
fn pdf_text(pdf: &Path) -> String {
    let result = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(result.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8(result.stdout).expect("UTF-8 text")
}

fn files(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The same words everywhere (issue 26): every page that states a cost
/// names it "Kosten voor de patiënt", and no page shows two different
/// labels for the date its data was checked.
#[test]
fn every_page_uses_one_cost_label_and_one_date_label() {
    let fx = Fixture::example();
    let outcome = fx.build();
    assert!(outcome.value.is_some(), "{}", messages(&outcome));
    let out = fx.output();
    const DATE_LABELS: &[&str] = &["Gecontroleerd op", "Laatst gecontroleerd", "Peildatum"];
    let mut problems = Vec::new();
    let mut with_cost = 0;
    for file in files(&out, "html") {
        let name = file.strip_prefix(&out).unwrap().display().to_string();
        let text = visible_text(&fs::read_to_string(&file).unwrap());
        // A cost line always comes from the one cost sentence; these are
        // its openings.
        let states_cost = [
            "Geen kosten",
            "Gaat van het eigen risico af",
            "Eigen bijdrage:",
            "Alleen met aanvullende verzekering",
            "De patiënt betaalt zelf",
            "Verschilt per verzekeraar of gemeente",
            "Eigen risico: vraag na",
        ]
        .iter()
        .any(|s| text.contains(s));
        if states_cost {
            with_cost += 1;
            if !text.contains("Kosten voor de patiënt") {
                problems.push(format!(
                    "{name}: noemt kosten zonder \"Kosten voor de patiënt\""
                ));
            }
        }
        if text.lines().any(|l| l.trim() == "Vergoeding") {
            problems.push(format!(
                "{name}: kop \"Vergoeding\" in plaats van \"Kosten voor de patiënt\""
            ));
        }
        let labels: Vec<_> = DATE_LABELS.iter().filter(|l| text.contains(**l)).collect();
        if labels.len() > 1 {
            problems.push(format!("{name}: meer dan één datumlabel: {labels:?}"));
        }
    }
    assert!(with_cost > 60, "only {with_cost} pages state a cost");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Hints speak to the reader as "u", like every other text: a project
/// with the usual mistakes gets hints without "je" or "jouw".
#[test]
fn every_hint_says_u() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "regions/zorggroep-test.toml",
        "id = \"gli-cool\"",
        "id = \"gli-cooll\"",
    );
    fx.edit(
        "regions/zorggroep-test.toml",
        "volgorde = 2",
        "volgorde = 2\nnotite = \"in onze regio\"",
    );
    fx.edit(
        "interventions/slaapcursus.md",
        "bronnen = [\"https://www.example.nl/bron\"]",
        "bronnen = [\"www.example.nl\"]\nthemaas = [\"slaap\"]",
    );
    let out = fx.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let hints: Vec<&str> = stderr
        .lines()
        .filter(|l| l.trim_start().starts_with("hint:"))
        .collect();
    assert!(hints.len() >= 4, "{stderr}");
    assert!(stderr.contains("bedoelde u \"gli-cool\"?"), "{stderr}");
    for hint in &hints {
        let words: Vec<String> = hint
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .collect();
        for word in ["je", "jouw", "jij", "jezelf"] {
            assert!(!words.iter().any(|w| w == word), "\"{word}\" in {hint}");
        }
    }
}

/// A regional note is printed beside national texts that start with a
/// capital; `check` warns at one that does not, and names the fix.
#[test]
fn a_note_in_lower_case_is_a_warning() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "regions/zorggroep-test.toml",
        "notitie = \"Verwijs naar",
        "notitie = \"verwijs naar",
    );
    let out = fx.run_ok(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("waarschuwing: regions/zorggroep-test.toml:25:11: de notitie begint met een kleine letter\n  hint: begin de notitie met een hoofdletter, zoals de andere teksten: \"Verwijs naar het leefstijlnetw…\""),
        "{stderr}"
    );
    fx.edit(
        "regions/zorggroep-test.toml",
        "notitie = \"verwijs naar",
        "notitie = \"Verwijs naar",
    );
    let out = fx.run_ok(&["check"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("kleine letter"));
}
