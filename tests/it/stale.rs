//! Stale-data warnings (issue 6): laatst_gecontroleerd older than
//! controle_maanden, geldig_tot near or passed, an old peildatum without
//! geldig_tot; `check --strict`; broken links in Markdown.
//!
//! The library tests use the fixed [`common::TODAY`] (2026-11-01). The
//! command-line tests run with the real clock, so they only rely on facts
//! that stay true as time passes (old data only gets older).

use crate::common;

use common::{messages, Fixture, TODAY};

fn check(fx: &Fixture) -> (bool, String) {
    let outcome = menukaart::check(fx.root(), TODAY);
    (outcome.value.is_some(), messages(&outcome))
}

fn assert_has(all: &str, expected: &str) {
    assert!(all.contains(expected), "expected\n  {expected}\nin\n{all}");
}

#[test]
fn dated_fixture_warns_with_file_line_and_column() {
    let fx = Fixture::copy("stale-verouderd");
    let (ok, all) = check(&fx);
    assert!(ok, "warnings do not fail a check:\n{all}");
    assert_has(&all, "waarschuwing: interventions/oud.md:5:24: de gegevens van \"Oude interventie\" zijn voor het laatst gecontroleerd op 2025-06-15, langer dan 12 maanden geleden\n  hint: kijk de vergoeding, de aanmelding en de contactgegevens na en zet daarna laatst_gecontroleerd = 2026-11-01");
    assert_has(&all, "waarschuwing: regions/bijna-verlopen.toml:3:14: de menukaart van Zorggroep Bijna Verlopen is nog 19 dagen geldig (tot en met 2026-11-20)");
    assert_has(&all, "waarschuwing: regions/oude-peildatum.toml:2:13: de peildatum van Zorggroep Oude Peildatum is 2025-08-01, langer dan 12 maanden geleden");
    // Checked within the limit: no warning.
    assert!(!all.contains("interventions/vers.md"), "{all}");
    assert!(!all.contains("interventions/half.md"), "{all}");
    // A region with geldig_tot far ahead decides itself how old its
    // peildatum may be.
    assert!(!all.contains("lang-geldig"), "{all}");
    assert_eq!(all.matches("waarschuwing").count(), 3, "{all}");
}

#[test]
fn the_limit_comes_from_menukaart_toml() {
    let fx = Fixture::copy("stale-verouderd");
    fx.edit(
        "menukaart.toml",
        "controle_maanden = 12",
        "controle_maanden = 6",
    );
    let (_, all) = check(&fx);
    assert_has(&all, "waarschuwing: interventions/half.md:5:24: de gegevens van \"Halfjaar interventie\" zijn voor het laatst gecontroleerd op 2026-03-01, langer dan 6 maanden geleden");
    assert!(!all.contains("interventions/vers.md"), "{all}");

    fx.edit(
        "menukaart.toml",
        "controle_maanden = 6",
        "controle_maanden = 0",
    );
    let (ok, all) = check(&fx);
    assert!(!ok);
    assert_has(&all, "fout: menukaart.toml:3:20: controle_maanden = 0 kan niet\n  hint: kies een aantal maanden van 1 tot en met 120");
}

#[test]
fn geldig_tot_warnings_around_the_deadline() {
    let fx = Fixture::copy("stale-verouderd");
    fx.edit(
        "regions/bijna-verlopen.toml",
        "geldig_tot = 2026-11-20",
        "geldig_tot = 2026-11-01",
    );
    let (_, all) = check(&fx);
    assert_has(
        &all,
        "de menukaart van Zorggroep Bijna Verlopen is vandaag voor het laatst geldig",
    );

    fx.edit(
        "regions/bijna-verlopen.toml",
        "geldig_tot = 2026-11-01",
        "geldig_tot = 2026-12-02",
    );
    let (_, all) = check(&fx);
    assert!(
        !all.contains("Bijna Verlopen"),
        "31 days ahead is fine:\n{all}"
    );

    fx.edit(
        "regions/bijna-verlopen.toml",
        "geldig_tot = 2026-12-02",
        "geldig_tot = 2026-10-31",
    );
    let (_, all) = check(&fx);
    assert_has(&all, "waarschuwing: regions/bijna-verlopen.toml:3:14: de menukaart van Zorggroep Bijna Verlopen was geldig tot 2026-10-31; die datum is voorbij");
}

#[test]
fn build_shows_the_same_warnings_and_still_builds() {
    let fx = Fixture::copy("stale-verouderd");
    let outcome = fx.build();
    let all = messages(&outcome);
    assert!(outcome.value.is_some(), "{all}");
    assert_has(&all, "waarschuwing: interventions/oud.md:5:24:");
    assert_has(&all, "waarschuwing: regions/oude-peildatum.toml:2:13:");
}

#[test]
fn strict_check_turns_warnings_into_errors() {
    let fx = Fixture::copy("stale-verouderd");
    let out = fx.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "warnings alone pass");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_has(&stderr, "waarschuwing: interventions/oud.md:5:24:");

    let out = fx.run(&["check", "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_has(
        &stderr,
        "fout: interventions/oud.md:5:24: de gegevens van \"Oude interventie\"",
    );
    assert_has(&stderr, "fout: regions/oude-peildatum.toml:2:13:");
    assert_has(&stderr, "fouten gevonden; er is niets geschreven.");
    assert!(!stderr.contains("waarschuwing"), "{stderr}");
    assert!(String::from_utf8(out.stdout).unwrap().is_empty());
}

#[test]
fn strict_check_passes_fresh_data() {
    // Dated relative to the real today, so the command-line run (which
    // reads the clock) sees fresh data now and in any later year.
    let fx = Fixture::copy("basis");
    let today = menukaart::build::today().to_string();
    for file in [
        "interventions/gli-cool.md",
        "interventions/beweegprogramma.md",
        "interventions/slaapcursus.md",
    ] {
        let text = fx.read(file);
        let at = text.find("laatst_gecontroleerd = ").unwrap() + 23;
        fx.write(file, &format!("{}{today}{}", &text[..at], &text[at + 10..]));
    }
    fx.edit(
        "regions/zorggroep-test.toml",
        "peildatum = 2026-10-01\ngeldig_tot = 2027-12-31\n",
        &format!("peildatum = {today}\n"),
    );
    fx.edit(
        "regions/zorggroep-test.toml",
        "[[gemeente]]\nnaam = \"Bernheze\"\n",
        "[[gemeente]]\nnaam = \"Bernheze\"\n[gemeente.buurtsportcoach]\nemail = \"coach@bernheze.example.nl\"\n",
    );
    let out = fx.run(&["check", "--strict"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn broken_links_in_bodies_are_found_with_a_hint() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "interventions/gli-cool.md",
        "De patiënt werkt twee jaar",
        "Zie ook [het beweegprogramma](../beweegprograma/) en [slapen](../slaapcursus/) en [de lijst](../../interventies/). De patiënt werkt twee jaar",
    );
    let text = fx.read("interventions/gli-cool.md");
    let line = text[..text.find("../beweegprograma/").unwrap()]
        .lines()
        .count();
    let (ok, all) = check(&fx);
    assert!(!ok, "a broken link is an error");
    assert_has(&all, &format!("fout: interventions/gli-cool.md:{line}:31: de link \"../beweegprograma/\" gaat naar een pagina die niet bestaat\n  hint: bedoelde u \"../beweegprogramma/\"?"));
    // ../slaapcursus/ exists nationally, but Zorggroep Test did not choose
    // it, so the same body on the region's page links nowhere.
    assert_has(&all, "waarschuwing: interventions/gli-cool.md:");
    assert_has(&all, "de link \"../slaapcursus/\" werkt niet op de pagina van deze interventie bij Zorggroep Test");
    assert_has(&all, "hint: link naar de landelijke pagina, die bestaat altijd: \"../../interventies/slaapcursus/\"");
    assert!(
        !all.contains("../../interventies/\""),
        "a working link is fine:\n{all}"
    );
}

#[test]
fn other_kinds_of_broken_links() {
    let fx = Fixture::copy("basis");
    fx.edit(
        "interventions/slaapcursus.md",
        "+++\n\n",
        "+++\n\n[a](/interventies/gli-cool/) [b](../../../buiten/) [c](https://example.nl/x) [d](#kop) [e](mailto:a@b.nl) [f](../../zorggroep-test/placemat.pdf)\n\n",
    );
    fx.edit(
        "regions/zorggroep-test.toml",
        "intro = \"Een kleine keuze om te testen.\"",
        "intro = \"Een kleine keuze. Zie [CooL](gli-cool/) en [fout](gli-cooll/).\"",
    );
    let (_, all) = check(&fx);
    assert_has(&all, "de link \"/interventies/gli-cool/\" begint met /\n  hint: de site moet ook werken vanaf een schijf of onder een andere map; schrijf de link relatief, bijvoorbeeld \"../gli-cool/\"");
    assert_has(&all, "de link \"../../../buiten/\" gaat buiten de site");
    assert_has(&all, "fout: regions/zorggroep-test.toml:2:60: de link \"gli-cooll/\" gaat naar een pagina die niet bestaat\n  hint: bedoelde u \"gli-cool/\"?");
    for fine in [
        "https://example.nl/x",
        "#kop",
        "mailto:",
        "placemat.pdf",
        "\"gli-cool/\" gaat",
    ] {
        assert!(!all.contains(fine), "{fine} is fine:\n{all}");
    }
}
