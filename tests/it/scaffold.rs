//! `menukaart new` and `menukaart init` (issue 6): the files they write
//! pass `check` once their example texts are replaced (issue 24: until
//! then they are errors), names become valid slugs, nothing is ever
//! overwritten.

use crate::common;

use std::process::Command;

use common::Fixture;

fn menukaart(args: &[&str], dir: &std::path::Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_menukaart"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run menukaart");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn new_intervention_passes_check_once_filled_and_refuses_to_overwrite() {
    let fx = Fixture::copy("basis");
    let out = fx.run(&["new", "interventie", "Beweegkuur Ëlst"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("beweegkuur-elst.md"), "{stdout}");
    assert!(stdout.contains("Zo gaat u verder:"), "{stdout}");
    assert!(stdout.contains("vul in: samenvatting"), "{stdout}");
    let text = fx.read("interventions/beweegkuur-elst.md");
    assert!(text.contains("naam = \"Beweegkuur Ëlst\""), "{text}");
    assert!(text.contains("# "), "the file explains its keys");

    // The example texts are errors until replaced.
    let outcome = menukaart::check(fx.root(), common::TODAY);
    let all = common::messages(&outcome);
    assert!(outcome.value.is_none(), "{all}");
    assert!(all.contains("heeft nog de voorbeeldtekst"), "{all}");

    let filled = fx
        .read("interventions/beweegkuur-elst.md")
        .replace("Vul hier", "Door de gebruiker ingevuld:");
    fx.write("interventions/beweegkuur-elst.md", &filled);
    let outcome = menukaart::check(fx.root(), common::TODAY);
    let all = common::messages(&outcome);
    assert!(outcome.value.is_some(), "{all}");
    assert!(
        !all.contains("beweegkuur-elst"),
        "no warnings either:\n{all}"
    );
    let before = fx.read("interventions/beweegkuur-elst.md");
    let out = fx.run(&["new", "interventie", "Beweegkuur Elst"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "fout: interventions/beweegkuur-elst.md bestaat al; er is niets overschreven"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("hint: bewerk het bestaande bestand, of kies een andere naam"));
    assert_eq!(fx.read("interventions/beweegkuur-elst.md"), before);
}

#[test]
fn new_region_passes_check_once_filled_and_lists_existing_ids() {
    let fx = Fixture::copy("basis");
    let out = fx.run(&["new", "regio", "Zorggroep Óost-Brabant"]);
    assert_eq!(out.status.code(), Some(0));
    let text = fx.read("regions/zorggroep-oost-brabant.toml");
    assert!(text.contains("naam = \"Zorggroep Óost-Brabant\""), "{text}");
    assert!(
        text.contains("beweegprogramma, gli-cool, slaapcursus"),
        "{text}"
    );

    let out = fx.run(&["check"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("heeft nog de voorbeeldtekst"), "{stderr}");
    let filled = fx
        .read("regions/zorggroep-oost-brabant.toml")
        .replace("Vul hier", "Ingevuld:");
    fx.write("regions/zorggroep-oost-brabant.toml", &filled);
    let out = fx.run(&["check"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("2 zorggroepen"));

    // A new region file is a start, not a menukaart: the check says what
    // is still missing, as warnings.
    assert!(
        stderr.contains("waarschuwing: regions/zorggroep-oost-brabant.toml"),
        "{stderr}"
    );

    let out = fx.run(&["new", "regio", "Zorggroep Oost Brabant"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("regions/zorggroep-oost-brabant.toml bestaat al"));
}

#[test]
fn new_needs_a_kind_and_a_name() {
    let fx = Fixture::copy("basis");
    let out = fx.run(&["new", "zorggroep", "X"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("fout: ongeldige waarde \"zorggroep\""),
        "{stderr}"
    );

    let out = fx.run(&["new", "interventie", "  !? "]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("fout: geef de interventie een naam"),
        "{stderr}"
    );
}

#[test]
fn init_makes_a_project_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("mijn-menukaart");
    let (code, stdout, stderr) = menukaart(&["init", "mijn-menukaart"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("menukaart build --root mijn-menukaart"),
        "{stdout}"
    );
    for file in [
        "menukaart.toml",
        "interventions/beweegprogramma-in-de-wijk.md",
        "regions/zorggroep-voorbeeld.toml",
        ".taplo.toml",
        "schema/regio.schema.json",
        "schema/interventie.schema.json",
        "schema/menukaart.toml.schema.json",
    ] {
        assert!(project.join(file).is_file(), "{file} is missing");
    }

    let (code, stdout, stderr) = menukaart(&["build", "--root", "mijn-menukaart"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("1 zorggroep, 1 interventie"), "{stdout}");
    assert!(!stderr.contains("fout"), "{stderr}");
    assert!(project
        .join("output/zorggroep-voorbeeld/index.html")
        .is_file());
    let page = std::fs::read_to_string(
        project.join("output/zorggroep-voorbeeld/beweegprogramma-in-de-wijk/index.html"),
    )
    .unwrap();
    assert!(page.contains("Voorbeeld: beweegprogramma in de wijk"));

    // A second init in the same folder changes nothing.
    let config = std::fs::read_to_string(project.join("menukaart.toml")).unwrap();
    let (code, _, stderr) = menukaart(&["init", "mijn-menukaart"], dir.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("staat al een project"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(project.join("menukaart.toml")).unwrap(),
        config
    );
}

#[test]
fn init_in_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = menukaart(&["init"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = menukaart(&["check"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("1 interventies en 1 zorggroepen"),
        "{stdout}"
    );
}

/// A name typed with decomposed accents (as macOS and some forms send
/// it) gives the same file as the composed one; a very long name gives a
/// file name any file system takes.
#[test]
fn decomposed_and_very_long_names_give_usable_files() {
    let fx = Fixture::copy("basis");
    let out = fx.run(&["new", "interventie", "E\u{0301}e\u{0301}n keer bewegen"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(fx
        .root()
        .join("interventions/een-keer-bewegen.md")
        .is_file());

    let long = "Beweegprogramma voor iedereen in de wijk ".repeat(11);
    assert!(long.chars().count() > 440);
    let out = fx.run(&["new", "regio", &long]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let made: Vec<_> = std::fs::read_dir(fx.root().join("regions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("beweegprogramma"))
        .collect();
    assert_eq!(made.len(), 1, "{made:?}");
    assert!(made[0].len() <= 80 + ".toml".len(), "{}", made[0]);
}
