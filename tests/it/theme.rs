//! A project's `theme.toml` is checked like every other file: an unknown
//! key, a colour that is not `#rrggbb` or a size out of range stops
//! `check` and `build` with the position in the file the user wrote.

use crate::common;

use common::Fixture;

/// The basis fixture with theme "eigen", whose `theme.toml` is `text`.
fn with_theme(text: &str) -> Fixture {
    let fx = Fixture::copy("basis");
    let config = fx.read("menukaart.toml");
    fx.write("menukaart.toml", &format!("theme = \"eigen\"\n{config}"));
    fx.write("themes/eigen/theme.toml", text);
    fx
}

/// Runs `menukaart <command>`, which must fail; returns what it printed.
fn fails(fx: &Fixture, command: &str) -> String {
    let out = fx.run(&[command]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    stderr
}

fn assert_has(all: &str, expected: &str) {
    assert!(all.contains(expected), "expected\n  {expected}\nin\n{all}");
}

#[test]
fn an_unknown_key_is_reported_with_a_suggestion() {
    let fx = with_theme("# Eigen thema\n[placemat.a3]\nkolommen = 3\nmarges = 12\n");
    assert_has(
        &fails(&fx, "check"),
        "fout: themes/eigen/theme.toml:4:1: onbekende sleutel \"marges\"\n  hint: bedoelde u \"marge\"?",
    );
}

#[test]
fn a_bad_colour_is_an_error_not_a_fallback() {
    let fx = with_theme("[kleuren]\nvoeding = \"oranje\"\n");
    let stderr = fails(&fx, "check");
    assert_has(
        &stderr,
        "fout: themes/eigen/theme.toml:2:11: \"oranje\" is geen kleur\n  hint: schrijf een kleur als \"#rrggbb\"",
    );
    assert_has(&stderr, "1 fout gevonden");
    // The website's colours come from the same key: build stops too.
    assert_has(&fails(&fx, "build"), "themes/eigen/theme.toml:2:11:");
    assert!(!fx.output().exists(), "nothing is written");
}

#[test]
fn a_size_out_of_range_is_reported_where_it_is_written() {
    let fx = with_theme("[placemat.a4]\nliggend = true\nkleinste_letter = 3\n");
    assert_has(
        &fails(&fx, "check"),
        "fout: themes/eigen/theme.toml:3:19: de instelling [placemat.a4] kleinste_letter van thema \"eigen\" moet een getal van 5 tot en met 24 punt zijn",
    );
}

#[test]
fn a_valid_theme_passes() {
    let fx = with_theme("[kleuren]\nvoeding = \"#7a3d00\"\n[placemat.a4]\nliggend = true\n");
    let outcome = fx.build();
    assert!(outcome.value.is_some(), "{}", common::messages(&outcome));
    assert_has(
        &fx.read("output/static/kleuren.css"),
        ".thema-voeding { background: #7a3d00; }",
    );
}
