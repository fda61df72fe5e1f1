//! Hostile and careless input: every case must end in exit status 1 with a
//! Dutch message that names the file, and must leave the previous `output/`
//! byte for byte as it was. `check` must fail on everything `build` fails on.
//!
//! Each test here guards a defect that once let a broken project through
//! (exit 0 with the site rewritten) or let data write outside the project.

use crate::common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::{snapshot, Fixture};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A built copy of the basis fixture, and a snapshot of its output.
fn built() -> (Fixture, Vec<(std::path::PathBuf, Vec<u8>)>) {
    let fx = Fixture::copy("basis");
    let out = fx.run(&["build", "--geen-placemats"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = snapshot(&fx.output());
    assert!(before.len() > 10);
    (fx, before)
}

/// `build` and `check` both exit 1, say why, and leave `output/` as it was.
fn assert_refused(fx: &Fixture, before: &[(std::path::PathBuf, Vec<u8>)], expect: &str) {
    let out = fx.run(&["build", "--geen-placemats"]);
    assert_eq!(out.status.code(), Some(1), "build: {}", stderr(&out));
    assert!(
        stderr(&out).contains(expect),
        "build should say {expect:?}:\n{}",
        stderr(&out)
    );
    assert_eq!(
        snapshot(&fx.output()),
        before,
        "output changed after a failed build"
    );
    let out = fx.run(&["check"]);
    assert_eq!(out.status.code(), Some(1), "check: {}", stderr(&out));
    assert!(!stdout(&out).contains("in orde"), "{}", stdout(&out));
    assert!(stderr(&out).contains(expect), "{}", stderr(&out));
}

#[test]
fn files_that_cannot_be_read_fail_the_build_and_keep_the_site() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("interventions/leeg.md", b"", "interventions/leeg.md:1:1"),
        (
            "interventions/latin1.md",
            b"+++\nnaam = \"Caf\xe9\"\n+++\n",
            "interventions/latin1.md:2:",
        ),
        (
            "interventions/open.md",
            b"+++\nnaam = \"Open\"\n",
            "niet afgesloten met een regel +++",
        ),
        (
            "regions/leeg.toml",
            b"",
            "regions/leeg.toml:1:1: \"naam\" ontbreekt",
        ),
    ];
    for (path, bytes, expect) in cases {
        let (fx, before) = built();
        fs::write(fx.root().join(path), bytes).unwrap();
        assert_refused(&fx, &before, expect);
    }
}

#[test]
fn a_missing_folder_fails_the_build_and_keeps_the_site() {
    let (fx, before) = built();
    fs::remove_dir_all(fx.root().join("regions")).unwrap();
    assert_refused(&fx, &before, "de map regions/ ontbreekt");
}

#[test]
fn a_mistyped_root_never_replaces_a_real_site() {
    let fx = Fixture::copy("basis");
    let site = fx.root().join("site");
    let out = fx.run(&[
        "build",
        "--geen-placemats",
        "--output",
        site.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = snapshot(&site);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_menukaart"))
        .current_dir(fx.root())
        .args(["build", "--root", "typo", "--output", "site"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("de projectmap typo bestaat niet"));
    assert_eq!(snapshot(&site), before);
}

#[test]
fn theme_names_cannot_leave_the_project() {
    for (file, line) in [
        ("regions/zorggroep-test.toml", "theme = \"../../../../x\"\n"),
        ("menukaart.toml", "theme = \"/etc\"\n"),
        ("menukaart.toml", "theme = \"/\"\n"),
        ("menukaart.toml", "theme = \"..\"\n"),
    ] {
        let (fx, before) = built();
        let text = fx.read(file);
        fx.write(file, &format!("{line}{text}"));
        assert_refused(
            &fx,
            &before,
            &format!("{file}:1:9: \"theme\" is geen geldig themanaam"),
        );
        let parent = fx.root().parent().unwrap();
        assert!(!parent.join("x").exists(), "a file was written outside");
    }
}

#[test]
fn a_symlinked_theme_folder_is_refused() {
    let (fx, before) = built();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::create_dir_all(elsewhere.path().join("templates")).unwrap();
    fs::create_dir_all(fx.root().join("themes")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), fx.root().join("themes/eigen")).unwrap();
    let text = fx.read("menukaart.toml");
    fx.write("menukaart.toml", &format!("theme = \"eigen\"\n{text}"));
    assert_refused(&fx, &before, "het thema \"eigen\"");
}

#[test]
fn names_that_collide_with_the_site_are_refused() {
    for (from, to) in [
        ("regions/zorggroep-test.toml", "regions/interventies.toml"),
        ("regions/zorggroep-test.toml", "regions/static.toml"),
        (
            "interventions/slaapcursus.md",
            "interventions/verwijsroutes.md",
        ),
        ("interventions/slaapcursus.md", "interventions/con.md"),
        ("interventions/slaapcursus.md", "interventions/nul.md"),
        ("interventions/slaapcursus.md", "interventions/aux.md"),
        ("interventions/slaapcursus.md", "interventions/com1.md"),
    ] {
        let (fx, before) = built();
        fs::rename(fx.root().join(from), fx.root().join(to)).unwrap();
        let name = Path::new(to).file_stem().unwrap().to_str().unwrap();
        assert_refused(&fx, &before, &format!("\"{name}\" gebruikt menukaart zelf"));
    }
}

#[test]
fn symlinked_data_files_are_read_and_reported_never_dropped() {
    let fx = Fixture::copy("basis");
    let shared = tempfile::tempdir().unwrap();
    fs::rename(
        fx.root().join("interventions/slaapcursus.md"),
        shared.path().join("slaapcursus.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        shared.path().join("slaapcursus.md"),
        fx.root().join("interventions/slaapcursus.md"),
    )
    .unwrap();
    let out = fx.run(&["build", "--geen-placemats"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("interventions/slaapcursus.md:1:1: symbolische koppeling naar"),
        "{}",
        stderr(&out)
    );
    assert!(fx
        .output()
        .join("interventies/slaapcursus/index.html")
        .is_file());

    // A link to nothing is an error, not a silently missing intervention.
    let before = snapshot(&fx.output());
    std::os::unix::fs::symlink(
        shared.path().join("weg.md"),
        fx.root().join("interventions/weg.md"),
    )
    .unwrap();
    assert_refused(
        &fx,
        &before,
        "interventions/weg.md:1:1: deze symbolische koppeling wijst niet naar een bestand",
    );
}

#[test]
fn check_fails_on_an_unknown_site_theme() {
    let (fx, before) = built();
    let text = fx.read("menukaart.toml");
    fx.write(
        "menukaart.toml",
        &format!("theme = \"bestaat-niet\"\n{text}"),
    );
    assert_refused(
        &fx,
        &before,
        "menukaart.toml:1:1: het thema \"bestaat-niet\" bestaat niet",
    );
}

#[test]
fn check_fails_on_a_character_the_placemat_font_lacks_with_its_position() {
    let fx = Fixture::copy("basis");
    assert_eq!(fx.run(&["build"]).status.code(), Some(0));
    let before = snapshot(&fx.output());
    fx.edit(
        "interventions/gli-cool.md",
        "in een groep en alleen.",
        "in een groep en alleen 👍.",
    );
    let out = fx.run(&["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let line = fx
        .read("interventions/gli-cool.md")
        .lines()
        .position(|l| l.contains('👍'))
        .unwrap()
        + 1;
    let column = fx
        .read("interventions/gli-cool.md")
        .lines()
        .nth(line - 1)
        .unwrap()
        .chars()
        .position(|c| c == '👍')
        .unwrap()
        + 1;
    let expect = format!(
        "interventions/gli-cool.md:{line}:{column}: het teken \"👍\" (U+1F44D) staat niet in het lettertype van de placemat"
    );
    assert!(stderr(&out).contains(&expect), "{expect}\n{}", stderr(&out));
    let out = fx.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(&expect));
    assert_eq!(snapshot(&fx.output()), before);
    // Without placemats the character is fine on the website.
    assert_eq!(
        fx.run(&["build", "--geen-placemats"]).status.code(),
        Some(0)
    );
}

#[test]
fn control_characters_in_text_are_errors_where_they_are_written() {
    let (fx, before) = built();
    fx.edit(
        "interventions/gli-cool.md",
        "in een groep en alleen.",
        "in een groep\\u0007 en \\u202Ealleen.",
    );
    assert_refused(
        &fx,
        &before,
        "interventions/gli-cool.md:3:16: deze tekst bevat een onzichtbaar stuurteken (U+0007)",
    );
}

#[test]
fn check_fails_when_a_placemat_does_not_fit() {
    // Ninety interventions of ordinary length cannot fit on two sides.
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tools/gen_national.py"
        ))
        .arg("--out")
        .arg(dir.path())
        .args([
            "--seed",
            "3",
            "--regions",
            "1",
            "--interventions",
            "90",
            "--per-region",
            "90",
        ])
        .status()
        .expect("python3 runs the generator");
    assert!(status.success());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_menukaart"))
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains(".toml:1:1: de placemat (A4) van Zorggroep 001 past niet op twee vellen"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn csv_cells_never_start_a_formula() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "interventions/gli-cool.md",
        "naam = \"",
        "naam = \"=HYPERLINK(\\\"http://x.example\\\") ",
    );
    fx.edit(
        "regions/zorggroep-test.toml",
        "notitie = \"Verwijs",
        "notitie = \"@SUM(1+1) Verwijs",
    );
    let out = fx.run(&["build", "--geen-placemats"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = fs::read_to_string(fx.output().join("zorggroep-test/menukaart.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let mut cells = 0;
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula cell {cell:?}"
            );
        }
    }
    assert!(cells > 30);
    assert!(csv.contains("'=HYPERLINK("), "{csv}");
    assert!(csv.contains("'@SUM(1+1) Verwijs"), "{csv}");
    // The JSON keeps the text as written.
    let json = fs::read_to_string(fx.output().join("zorggroep-test/menukaart.json")).unwrap();
    assert!(json.contains("\"=HYPERLINK("));
}
